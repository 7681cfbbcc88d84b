"""Sidebar panels for lecturing and sharing: scenes, replay, your own data, view switches.

Callbacks only change session state (load settings into widgets, or set a flag); the page run
then does the work through `apply_panel_requests`.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from nn_core.csv_data import CsvProblem, load_csv
from nn_core.problems import Problem
from ui.common.controls import widget_key
from ui.common.i18n import csv_problem_text, problem_texts, t
from ui.common.presets import load_presets, next_preset, preset_by_id
from ui.common.session import SETTINGS, apply_settings, push_notice
from ui.common.settings import Settings, to_query
from ui.export.animation import animation_html
from ui.export.csv_files import data_csv, history_csv
from ui.export.model_file import export_model, import_model, restore_playground
from ui.export.predict import predict_script
from ui.live.view import request_replay
from ui.playground import data_edit
from ui.playground.model import Playground
from ui.playground.session import PLAYGROUND, VIEW, stop_playing

PENDING_VIEW = "pending_view"
PENDING_REPLAY = "pending_replay"
PENDING_UPLOAD = "pending_upload"
PENDING_GENERATED = "pending_generated_data"
PENDING_MODEL = "pending_model"
MODEL_UPLOAD_KEY = "model_upload"
MODEL_ERROR = "model_error"
MAX_MODEL_MEGABYTES = 1  # .streamlit/config.toml's server.maxUploadSize: one limit
UPLOAD_ERROR = "upload_error"
CLICK_MODE = "click_mode"
CSV_UPLOAD_KEY = "csv_upload"
MAX_CSV_MEGABYTES = 1
NO_SCENE = ""
WIDGET_KEYS = ("scene_choice", "replay_index", CLICK_MODE)  # the panels' translated choices


def _load_scene(preset_id: str) -> None:
    """Callback: apply a scene's settings to the widgets (the page rebuilds the network)."""
    preset = preset_by_id(preset_id)
    current = st.session_state.get(SETTINGS, Settings())
    if preset is not None:
        apply_settings(preset.apply(current))
    stop_playing()


def _scene_chosen() -> None:
    _load_scene(st.session_state.get("scene_choice") or NO_SCENE)


def _next_scene() -> None:
    current = st.session_state.get(SETTINGS, Settings())
    _load_scene(next_preset(current.preset).id)
    st.session_state.pop("scene_choice", None)


def scene_panel(settings: Settings, lang: str) -> None:
    """Preset menu and a Next-scene button for stepping through a lecture."""
    presets = {preset.id: preset for preset in load_presets()}
    options = [NO_SCENE, *presets]
    if st.session_state.get("scene_choice") != settings.preset:
        st.session_state["scene_choice"] = settings.preset if settings.preset in presets else ""
    st.selectbox(
        t("scene.choose", lang), options, key="scene_choice", on_change=_scene_chosen,
        format_func=lambda pid: presets[pid].title[lang] if pid else t("scene.none", lang),
        help=t("scene.choose.help", lang),
    )
    st.button(t("scene.next", lang), key="next_scene", on_click=_next_scene,
              icon=":material/arrow_forward:", width="stretch", shortcut="n",
              help=t("scene.next.help", lang))


def scene_note(settings: Settings, lang: str) -> None:
    """The current scene's one-paragraph note (plain text, never HTML)."""
    preset = preset_by_id(settings.preset) if settings.preset else None
    if preset is not None:
        with st.container(key="scene_note"):
            st.caption(f"**{preset.title[lang]}** — {preset.note[lang]}")


# --- replay -----------------------------------------------------------------------------------

def _replay_moved() -> None:
    st.session_state[PENDING_VIEW] = st.session_state.get("replay_index")
    request_replay(VIEW, active=False)


def _replay_now() -> None:
    st.session_state[PENDING_VIEW] = None
    st.session_state.pop("replay_index", None)
    request_replay(VIEW, active=False)


def _start_replay() -> None:
    st.session_state[PENDING_REPLAY] = True
    request_replay(VIEW, active=True)


def replay_panel(playground: Playground, lang: str) -> None:
    """A timeline over the run's snapshots, a Replay button and a Back-to-now button."""
    snapshots = playground.run.snapshots
    if len(snapshots) < 2:
        st.caption(t("replay.empty", lang))
        return
    last = len(snapshots) - 1
    if playground.view_index is None:
        st.session_state["replay_index"] = last
    # A plain number slider (snapshot 0..last), its moment written below: a slider with
    # translated labels would send the old language's label after a language switch, which
    # Streamlit reads as a move to snapshot 0.
    index = st.slider(t("replay.timeline", lang), 0, last, key="replay_index",
                      on_change=_replay_moved, help=t("replay.timeline.help", lang))
    shown = snapshots[min(int(index), last)]
    st.caption(t("replay.label", lang, epoch=int(shown.epoch), step=shown.step))
    left, right = st.columns(2)
    left.button(t("replay.play", lang), key="replay", on_click=_start_replay,
                icon=":material/replay:", width="stretch")
    right.button(t("replay.now", lang), key="replay_now", on_click=_replay_now,
                 icon=":material/update:", width="stretch",
                 disabled=playground.view_index is None)


# --- your own data ----------------------------------------------------------------------------

def _upload_changed() -> None:
    st.session_state[PENDING_UPLOAD] = True


def _use_generated() -> None:
    st.session_state[PENDING_GENERATED] = True


def click_modes(playground: Playground) -> list[str]:
    """What a click on the boundary chart can do for this problem kind."""
    dataset = playground.problem.dataset
    if dataset.kind == "regression":
        return ["off", "remove"]
    return ["off", *(f"add{c}" for c in range(dataset.n_classes)), "remove"]


def data_panel(playground: Playground, lang: str) -> None:
    """Click-to-edit mode, CSV upload with validation, back to generated data, CSV download."""
    modes = click_modes(playground)
    if st.session_state.get(CLICK_MODE) not in modes:
        st.session_state[CLICK_MODE] = "off"
    st.radio(
        t("data.click_mode", lang), modes, key=CLICK_MODE, help=t("data.click_mode.help", lang),
        format_func=lambda mode: (t("data.click_add", lang, c=mode[3:]) if mode.startswith("add")
                                  else t(f"data.click_{mode}", lang)),
    )
    st.file_uploader(
        t("data.upload", lang), type=["csv", "txt"], key=CSV_UPLOAD_KEY,
        on_change=_upload_changed, max_upload_size=MAX_CSV_MEGABYTES,
        help=t("data.upload.help", lang),
    )
    error = st.session_state.get(UPLOAD_ERROR)
    if error:
        reason = csv_problem_text(*error, lang) if isinstance(error, tuple) else error
        st.error(t("data.upload_failed", lang, reason=reason), icon=":material/error:")
    if playground.custom_dataset is not None:
        st.button(t("data.use_generated", lang), key="use_generated", on_click=_use_generated,
                  icon=":material/restart_alt:", width="stretch")


def handle_click(playground: Playground, click: dict | None) -> bool:
    """Add or remove a point where the boundary chart was clicked; True if the data changed."""
    mode = st.session_state.get(CLICK_MODE, "off")
    if not click or mode == "off":
        return False
    x, y = float(click.get("x", float("nan"))), float(click.get("y", float("nan")))
    try:
        if mode == "remove":
            problem = data_edit.remove_nearest(playground.problem, x, y)
        else:
            problem = data_edit.add_point(playground.problem, x, y, float(mode[3:]))
    except (ValueError, TypeError):
        return False
    if problem is None:
        return False
    playground.edit_data(problem)
    return True


def apply_panel_requests(playground: Playground, settings: Settings) -> None:
    """Carry out what the panels' callbacks asked for: replay position, upload, generated data."""
    state = st.session_state
    if PENDING_VIEW in state:
        playground.show_snapshot(state.pop(PENDING_VIEW))
    if state.pop(PENDING_REPLAY, False):  # replay from the snapshot on screen, or the first
        last = len(playground.run.snapshots) - 1
        if playground.view_index in (None, last):
            playground.show_snapshot(0)
    if state.pop(PENDING_GENERATED, False):
        playground.set_dataset(None, settings)
        state.pop(UPLOAD_ERROR, None)
    if state.pop(PENDING_UPLOAD, False):
        _load_upload(playground, settings)
    if state.pop(PENDING_MODEL, False) and _load_model(settings):
        st.rerun()  # start over on the imported run, its settings now in the widgets


def _load_upload(playground: Playground, settings: Settings) -> None:
    """Validate the uploaded CSV; on success train a new network on it, else keep everything."""
    uploaded = st.session_state.get(CSV_UPLOAD_KEY)
    st.session_state.pop(UPLOAD_ERROR, None)
    if uploaded is None:
        return
    try:
        data = uploaded.getvalue()
        dataset = load_csv(data, max_bytes=MAX_CSV_MEGABYTES * 1_000_000)
        playground.set_dataset(dataset, settings)
    except CsvProblem as problem:  # kept as (code, values): shown in the page's language
        st.session_state[UPLOAD_ERROR] = (problem.code, problem.values)
        return
    except ValueError as error:
        st.session_state[UPLOAD_ERROR] = str(error)
        return
    push_notice(f"data.upload_done.{dataset.kind}", rows=len(dataset.X))


# --- view switches ----------------------------------------------------------------------------

def _set_view_flag(name: str, value: bool) -> None:
    st.session_state[widget_key(name)] = value


def view_switches(settings: Settings, lang: str) -> None:
    """Presenter mode and hide-controls switches (shown in the sidebar's View section)."""
    st.toggle(t("view.presenter", lang), key=widget_key("presenter"),
              help=t("view.presenter.help", lang))
    st.toggle(t("view.hide_controls", lang), key=widget_key("hide_controls"),
              help=t("view.hide_controls.help", lang))


def restore_controls_button(settings: Settings, lang: str) -> None:
    """When the sidebar is hidden (presenter mode or hidden controls), one line with a way
    back and, in presenter mode, the keyboard shortcuts."""
    if not (settings.hide_controls or settings.presenter):
        return
    buttons, shortcuts = st.columns([1, 2], vertical_alignment="center")
    with buttons:
        if settings.hide_controls:
            st.button(t("view.show_controls", lang), key="show_controls",
                      on_click=_set_view_flag, args=("hide_controls", False),
                      icon=":material/tune:", type="tertiary")
        if settings.presenter:
            st.button(t("view.leave_presenter", lang), key="leave_presenter",
                      on_click=_set_view_flag, args=("presenter", False),
                      icon=":material/close_fullscreen:", type="tertiary")
    if settings.presenter:
        shortcuts.caption(t("msg.shortcuts", lang))


# --- share and export -------------------------------------------------------------------------

def _model_changed() -> None:
    st.session_state[PENDING_MODEL] = True


def _load_model(current: Settings) -> bool:
    """Validate the uploaded model JSON; on success continue its run (True), else keep all."""
    uploaded = st.session_state.get(MODEL_UPLOAD_KEY)
    st.session_state.pop(MODEL_ERROR, None)
    if uploaded is None:
        return False
    try:
        imported = import_model(uploaded.getvalue(),
                                       max_bytes=MAX_MODEL_MEGABYTES * 1_000_000)
        settings = imported.settings.updated(lang=current.lang)
        playground = restore_playground(imported)
    except Problem as problem:  # kept worded in each language: its values may be most of the file
        st.session_state[MODEL_ERROR] = problem_texts(problem)
        return False
    except ValueError as error:
        st.session_state[MODEL_ERROR] = str(error)
        return False
    st.session_state[PLAYGROUND] = playground
    apply_settings(settings)
    push_notice("export.model_loaded", epoch=playground.run.epoch)
    return True


def export_panel(playground: Playground, settings: Settings, lang: str) -> None:
    """Share link, downloads (model, loss history, data, predict.py, animation) and import."""
    st.caption(t("export.link", lang))
    st.markdown(f"`?{urlencode(to_query(settings))}`")
    downloads = (
        ("export.model", "model.json", "application/json",
         lambda: export_model(playground, settings)),
        ("export.history", "loss_history.csv", "text/csv",
         lambda: history_csv(playground.run)),
        ("data.download", "data.csv", "text/csv", lambda: data_csv(playground)),
        ("export.predict", "predict.py", "text/x-python",
         lambda: predict_script(playground)),
        ("export.animation", "training_animation.html", "text/html",
         lambda: animation_html(playground, settings, lang)),
    )
    for label_key, file_name, mime, make in downloads:
        st.download_button(t(label_key, lang), data=make, file_name=file_name, mime=mime,
                           on_click="ignore", icon=":material/download:", width="stretch",
                           key=f"download_{file_name}")
    st.file_uploader(t("export.import", lang), type=["json"], key=MODEL_UPLOAD_KEY,
                     on_change=_model_changed, max_upload_size=MAX_MODEL_MEGABYTES,
                     help=t("export.import.help", lang))
    error = st.session_state.get(MODEL_ERROR)
    if error:
        reason = error[lang] if isinstance(error, dict) else error
        st.error(t("export.import_failed", lang, reason=reason), icon=":material/error:")
