"""The questionnaire's result as a figure: each profile's score with the raters' range."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from winloss.present.colours import ink
from winloss.present.theme import PROFILE_COLOURS

SCALE_FLOOR = 1.0  # "strongly disagree": where every bar starts


def profile_scores(scores: pl.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of each profile's score (1-5) with whiskers from the lowest to the highest rater.

    `scores` is an Assessment's scores frame; `title` is plain text the caller has escaped.
    """
    frame = scores.reverse()  # Plotly draws the first row at the bottom
    fills = [PROFILE_COLOURS[p] for p in frame["seller_profile"]]
    figure = go.Figure(
        go.Bar(
            # Bars rise from the scale's floor, 1: the score is written at that end, in the ink its bar
            # needs, where the raters' whisker (at the far end) cannot cross it.
            x=(frame["score"] - SCALE_FLOOR).to_list(),
            base=SCALE_FLOOR,
            y=frame["seller_profile"].to_list(),
            orientation="h",
            marker_color=fills,
            error_x={
                "type": "data", "symmetric": False,
                "array": (frame["highest"] - frame["score"]).to_list(),
                "arrayminus": (frame["score"] - frame["lowest"]).to_list(),
                "color": "#4B5563", "thickness": 1.5, "width": 6,
            },
            text=[f" {s:.2f}" for s in frame["score"]],
            textposition="inside",
            insidetextanchor="start",
            constraintext="none",
            textfont={"color": [ink(f) for f in fills]},
            customdata=frame.select("lowest", "highest", "spread", "score").rows(),
            hovertemplate="%{y}: %{customdata[3]:.2f}<br>raters from %{customdata[0]:.2f} to %{customdata[1]:.2f} "
            "(spread %{customdata[2]:.2f})<extra></extra>",
        )
    )
    figure.update_layout(title=title, height=300, showlegend=False)
    figure.update_xaxes(range=[1, 5.2], dtick=1, title="Score: 1 strongly disagree — 5 strongly agree")
    return figure
