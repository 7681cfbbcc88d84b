"""What every page shares:

    settings     the settings record, its choices and ranges, links (query string) in and out
    controls     the sidebar's Streamlit widgets for those settings
    session      per-browser-session state: settings from the link, notices, language
    presets      the lecture scenes: named settings with a note (presets.json)
    run_setup    settings -> data, network and training run (pure)
    i18n         the translation table (every room's strings.py) and `t`
    strings      the shared strings: navigation, controls, options, messages, chart labels
    palette      colour scales and class colours
    style        page CSS (compact layout, presenter mode)
    json_values  one sanitiser from NumPy values to plain JSON (export and the live view)
    figures/     pure Plotly figure builders (boundary, weights, network labels)
"""
