"""Streamlit pieces the pages share: the view context, the filter sidebar, small widgets."""
