"""The smallest Streamlit page: one line of text. bench/frames.py times its first paint as the
floor for any Streamlit app's first chart on this machine."""

import streamlit as st

st.write("Hello")
