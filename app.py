"""Entry point: `streamlit run app.py` opens the neural-network playground."""

import streamlit as st

st.set_page_config(page_title="Neural-network playground", layout="wide")
st.title("Neural-network playground")
st.write("The playground page is being built.")
