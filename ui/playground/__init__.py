"""The playground page:

    model       Playground: the session's problem, network and run (pure)
    view        the page (Streamlit): sidebar, live view, panels
    live        the live view's source: frames of the boundary, loss, weights and network
    panels      scenes, replay, your data, view options, share and export
    data_edit   adding and removing points by hand (pure)
    presets     the lecture scenes (presets.json)
    strings     this page's strings, and the CSV problems in words
"""
