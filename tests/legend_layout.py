"""Where a chart's legend sits, in px above the figure's bottom edge, from its layout's numbers: what
the legend-placement tests compare with the ticks and axis title they must stay clear of."""

from __future__ import annotations

import plotly.graph_objects as go


def legend_entries(figure: go.Figure) -> int:
    """The entries the legend shows: named traces not kept out of it."""
    return sum(1 for trace in figure.data if trace.showlegend is not False and trace.name)


def legend_box(figure: go.Figure, rows: int) -> tuple[float, float]:
    """(top, bottom) of the legend in px above the figure's bottom edge, laid out in `rows` rows at the
    template's type (a row is its line plus 3 px, the box 5 px of padding above and below)."""
    layout, template = figure.layout, figure.layout.template.layout
    height = layout.height
    bottom = layout.margin.b if layout.margin.b is not None else template.margin.b
    top = layout.margin.t if layout.margin.t is not None else template.margin.t
    line = 1.3 * template.font.size
    legend_px = rows * (max(line, 16) + 3) + 2 * 5
    legend = layout.legend
    anchor = legend.yanchor or template.legend.yanchor
    if legend.yref == "container":
        at = legend.y * height
    else:  # paper: a share of the plot's height from the plot's bottom edge
        at = bottom + legend.y * (height - top - bottom)
    legend_top = at + legend_px if anchor == "bottom" else at
    return legend_top, legend_top - legend_px
