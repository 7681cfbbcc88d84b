"""Files the playground hands out and takes back (pure: no Streamlit), one module per file kind:

    model_file         the trained network with every setting as JSON, and its validated import
    model_problems     what can be wrong with an uploaded model file (codes, English messages)
    csv_files          the loss/accuracy history and the data points as CSV
    predict            predict.py: predict_template.py with the network's numbers filled in
    predict_template   the standalone NumPy prediction script itself (a real, checked file)
    animation          an offline HTML page replaying the decision boundary over the snapshots
"""
