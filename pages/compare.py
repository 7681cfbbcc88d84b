"""Placeholder while the page is being built (replaced by its own commit)."""

import streamlit as st

st.write("This page is being built.")
