"""Which quarter a trend's point label is written at: a label stands at its point's x on the category
axis (the quarter's index, off it by the series' slot: charts.series_offset), not at the quarter's tick."""

from __future__ import annotations

import plotly.graph_objects as go


def labelled_quarter(figure: go.Figure, note) -> str:
    """The quarter's name ("2025 Q1") of the tick nearest the label `note` (an annotation of `figure`, a trend
    whose first trace's x are its quarters' ticks)."""
    return figure.data[0].x[round(note.x)].split("<br>")[0]
