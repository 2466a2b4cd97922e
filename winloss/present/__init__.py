"""How the numbers look: the shared Plotly theme and colours, and the figure builders.

Frames and records in, `go.Figure` out; no Streamlit, no rule about which number is shown.
"""
