"""The playground page:

    model       Playground: the session's problem, network and run (pure)
    view        the page (Streamlit): sidebar, live view, panels
    session     the session's playground (other pages read it too) and its live view
    live        the live view's source: frames of the boundary, loss, weights and network
    panels      scenes, replay, your data, view options, share and export
    data_edit   adding and removing points by hand (pure)
    strings     this page's strings, and the CSV problems in words
"""
