"""Entry point: `streamlit run app.py` opens the neural-network playground.

The same file plays two roles:
- Imported as a module (`streamlit run` looks here for an ASGI app), it builds `app`: the
  Streamlit page script below plus the live view's frame stream and browser code
  (`ui.live.server`), all served by Streamlit's own server.
- Run as the page script (`__main__`), it sets up the page, reads the link's settings once per
  session, draws the language switch and runs the chosen page from `views/`, holding the
  session's lock so the frame stream never sees a half-applied change.

(The folder is not called `pages/`: Streamlit 1.67 still runs a `pages/` folder next to the entry
script as legacy pages when a deep link such as /backprop is opened, bypassing app.py and its
navigation.)
"""

from pathlib import Path

from streamlit.starlette import App

from ui.live.server import quiet_interrupt, routes

FAVICON = Path(__file__).parent / "ui" / "assets" / "favicon.png"


def main() -> None:
    """The page script."""
    import streamlit as st

    from ui.common.controls import widget_key
    from ui.common.i18n import LANGUAGE_NAMES, t
    from ui.common.session import current_language, start_session
    from ui.common.settings import LANGUAGES
    from ui.common.style import apply_compact_layout
    from ui.live.view import page_run_lock

    st.set_page_config(page_title="Neural-network playground", page_icon=str(FAVICON),
                       layout="wide")  # a local file: a :material: icon is fetched online
    with page_run_lock():
        start_session()
        apply_compact_layout()
        with st.sidebar:
            st.segmented_control(
                t("lang.label", current_language()), LANGUAGES, key=widget_key("lang"),
                format_func=LANGUAGE_NAMES.__getitem__, required=True,
                default=current_language(),
            )
        lang = current_language()
        pages = [
            st.Page("views/playground.py", title=t("nav.playground", lang),
                    icon=":material/tune:", default=True),
            st.Page("views/backprop.py", title=t("nav.backprop", lang),
                    icon=":material/account_tree:"),
            st.Page("views/gradcheck.py", title=t("nav.gradcheck", lang), icon=":material/rule:"),
            st.Page("views/compare.py", title=t("nav.compare", lang), icon=":material/compare:"),
            st.Page("views/hidden_space.py", title=t("nav.hidden", lang),
                    icon=":material/blur_on:"),
        ]
        st.navigation(pages, position="top").run()


if __name__ == "__main__":
    main()
else:
    app = App(__file__, routes=routes(), lifespan=quiet_interrupt)
