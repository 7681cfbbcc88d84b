"""Named teaching scenes loaded from `presets.json` (data, not code branches)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from types import MappingProxyType

from ui.common.settings import Settings, from_query

PRESETS_FILE = Path(__file__).with_name("presets.json")
# Settings that belong to the viewer, not to a scene: a preset never changes them. Everything
# else a scene sets, to its own value or the default, so no earlier scene leaks into it.
VIEWER_FIELDS = ("lang", "palette", "presenter", "hide_controls", "log_loss")


@dataclass(frozen=True)
class Preset:
    """One scene: id, title and note per language, and its settings as query-string text."""

    id: str
    title: Mapping[str, str]
    note: Mapping[str, str]
    settings: Mapping[str, str]

    def apply(self, current: Settings) -> Settings:
        """The scene's settings on top of the defaults, keeping the viewer's own choices."""
        scene, problems = from_query(dict(self.settings))
        if problems:
            raise ValueError(f"preset {self.id!r} has invalid settings: {problems}")
        kept = {name: getattr(current, name) for name in VIEWER_FIELDS}
        return replace(scene, preset=self.id, **kept)


@cache
def load_presets() -> tuple[Preset, ...]:
    """All presets in lecture order (read once; the file ships with the app)."""
    raw = json.loads(PRESETS_FILE.read_text(encoding="utf-8"))
    return tuple(
        Preset(
            id=entry["id"],
            title=MappingProxyType(dict(entry["title"])),
            note=MappingProxyType(dict(entry["note"])),
            settings=MappingProxyType(dict(entry["settings"])),
        )
        for entry in raw["presets"]
    )


def preset_by_id(preset_id: str) -> Preset | None:
    """The preset with this id, or None."""
    return next((preset for preset in load_presets() if preset.id == preset_id), None)


def next_preset(preset_id: str) -> Preset:
    """The scene after `preset_id` in lecture order (wrapping); the first one if unknown."""
    presets = load_presets()
    ids = [preset.id for preset in presets]
    index = ids.index(preset_id) + 1 if preset_id in ids else 0
    return presets[index % len(presets)]
