"""The questionnaire's result as a figure: each profile's score with the raters' range."""

from __future__ import annotations

import plotly.graph_objects as go
import polars as pl

from winloss import text
from winloss.present.colours import ink
from winloss.present.theme import PROFILE_COLOURS, TEXT_COLOUR

SCALE_FLOOR = 1.0  # "strongly disagree": where every bar starts
SCALE_TOP = 5.0  # "strongly agree"
# Score points between the floor and the lowest rater that a score's words need at the bar's base;
# with less, the raters' whisker would cross them, and they go after the whisker's far end instead.
LABEL_ROOM = 0.45


def score_text(score: float) -> str:
    """A score (or a spread of scores) to two decimals by text.half_up's rule ("1.63" for 1.625), on the bar
    and in its hover: Python's round-half-even wrote 1.625 as "1.62" beside 2.375 as "2.38", and the hover's
    own format (d3's ".2f") rounds the float, a shade under the half, down: 1.005 "1.00", 1.145 "1.14"."""
    return text.decimals(score, 2)


def profile_scores(scores: pl.DataFrame, title: str) -> go.Figure:
    """Horizontal bars of each profile's score (1-5) with whiskers from the lowest to the highest rater.

    `scores` is an Assessment's scores frame; `title` is plain text the caller has escaped.
    """
    frame = scores.reverse()  # Plotly draws the first row at the bottom
    fills = [PROFILE_COLOURS[p] for p in frame["seller_profile"]]
    at_base = [low - SCALE_FLOOR >= LABEL_ROOM for low in frame["lowest"]]
    texts = [score_text(s) for s in frame["score"]]
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
            text=[f" {t}" if base else "" for t, base in zip(texts, at_base, strict=True)],
            textposition="inside",
            insidetextanchor="start",
            constraintext="none",
            textfont={"color": [ink(f) for f in fills]},
            # Written here, not by a hover format, so the hover rounds as the bar's words do (score_text).
            customdata=[[score_text(value) for value in row]
                        for row in frame.select("lowest", "highest", "spread", "score").rows()],
            hovertemplate="%{y}: %{customdata[3]}<br>raters from %{customdata[0]} to %{customdata[1]} "
            "(spread %{customdata[2]})<extra></extra>",
        )
    )
    # A score with no room at its base is written just past the whisker's far end, in the text colour.
    after = [(t, high, name) for t, high, name, base in zip(texts, frame["highest"], frame["seller_profile"], at_base,
                                                          strict=True) if not base]
    for words, high, name in after:
        figure.add_annotation(x=high, y=name, text=words, showarrow=False, xanchor="left", xshift=6,
                              font={"color": TEXT_COLOUR})
    top = max([high + 0.45 for _, high, _ in after] + [SCALE_TOP + 0.2])
    figure.update_layout(title=title, height=300, showlegend=False)
    figure.update_xaxes(range=[SCALE_FLOOR, top], tickvals=[1, 2, 3, 4, 5],
                        title="Score: 1 strongly disagree — 5 strongly agree")
    return figure
