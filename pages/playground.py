"""The playground page (being built)."""

import streamlit as st

st.write("Playground is being built.")
