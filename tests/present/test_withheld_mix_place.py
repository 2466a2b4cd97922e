"""Where the profile mix draws a share withheld on too few reps (winloss.present.withheld): each grey mark keeps
its profile's row resting on the profiles' axis, at 0 on an unseen axis laid across the share axis
(withheld.ACROSS_MARK_AXIS), the share axis's 0% a band's width right of it: at no share, and none in the figure's
data. Drawn at a stub's length, 6% along an axis ticked "0% 10% 20% 30% 40% 50%", the top reps' grey discs stood
between the 0% and 10% ticks and read as a share of 3% each on the Seller profiles page; then at -4% of the share
axis, in a band left of 0%, they read as negative shares, and the figure's data held -0.04."""

from __future__ import annotations

import math

import plotly.graph_objects as go
import polars as pl
import pytest

from winloss.measures.profiles import TopPerformerMix
from winloss.present import charts, withheld
from winloss.present.charts import MIX_MARKS, MIX_OUTLINE_PX, ChartRoom
from winloss.present.theme import PRESENTER_SCALE

PROFILES = ["Challenger", "Hard Worker", "Relationship Builder", "Lone Wolf", "Reactive Problem Solver", "Unprofiled"]
# The mix's room on the Seller profiles page (ui.drill.chart_room) at 1280 px, at the app's type and in presenter mode.
ROOMS = {"page": ChartRoom(930, 1.0, 674), "presenter": ChartRoom(1218, PRESENTER_SCALE, 962), "unknown": charts.WIDE}


def mix_of(ranked: int, top: int) -> TopPerformerMix:
    """`ranked` reps, `top` of them the top reps, spread over the study's five profiles and Unprofiled: the top
    reps' shares 3/8, 2/8, 1/8, 1/8, 1/8, 0 when `top` is 8 (too few to give as percentages)."""
    top_count = [round(s * top) for s in (3 / 8, 2 / 8, 1 / 8, 1 / 8, 1 / 8, 0)]
    all_count = [round(s * ranked) for s in (0.3, 0.2, 0.2, 0.1, 0.1, 0.1)]
    return TopPerformerMix(
        table=pl.DataFrame({
            "seller_profile": PROFILES,
            "top_count": top_count, "top_share": [c / top for c in top_count],
            "all_count": all_count, "all_share": [c / ranked for c in all_count],
            "study_all_share": [0.27, 0.21, 0.21, 0.25, 0.14, None],
            "study_top_share": [0.39, 0.17, 0.07, 0.25, 0.12, None],
        }),
        ranked_reps=ranked, top_reps=top, left_out_reps=0, cutoff_win_rate=0.5,
    )


# Too few top reps (8 of 40: their shares withheld), and too few ranked reps at all (10: every share of theirs).
CASES = {"top reps too few": mix_of(40, 8), "ranked reps too few": mix_of(10, 2)}


def withheld_marks(figure: go.Figure) -> list:
    """The traces drawing withheld shares' marks: in the small-n grey, with a hover and no percentage in it."""
    return [t for t in figure.data if t.hovertext and t.x is not None and "n too small" in (t.name or "")]


def mark_place(figure: go.Figure, plot_px: float) -> float:
    """px from the plot's left edge (the profiles' axis) at which the withheld marks of `figure` stand, on a plot
    `plot_px` wide: each at 0 on the unseen axis laid across the share axis."""
    low, high = figure.layout[withheld.ACROSS_MARK_AXIS_KEY].range
    return (0.0 - low) / (high - low) * plot_px


@pytest.mark.parametrize("room", list(ROOMS))
@pytest.mark.parametrize("case", list(CASES))
def test_a_withheld_shares_mark_rests_on_the_profiles_axis_at_no_share(case: str, room: str) -> None:
    """Each withheld mark is at 0 on the unseen axis laid across the share axis (withheld.ACROSS_MARK_AXIS), which
    names no share, the profiles' axis drawn where it rests; no mark on the share axis stands below 0%. They had
    been at -4% of the share axis, left of 0%, read as negative shares, and the figure's data held that number."""
    figure = charts.profile_mix(CASES[case], title="t", room=ROOMS[room])
    marks = withheld_marks(figure)
    assert marks, f"{case}: no withheld share drawn"
    for trace in marks:
        assert trace.xaxis == withheld.ACROSS_MARK_AXIS and list(trace.x) == [0.0] * len(trace.x), (case, trace.name)
    across = figure.layout[withheld.ACROSS_MARK_AXIS_KEY]
    assert across.overlaying == "x" and across.visible is False and across.range[0] < 0 < across.range[1]
    assert figure.layout.yaxis.showline  # the profiles' axis they rest on
    on_share_axis = [x for t in figure.data if t.x is not None and t.xaxis in (None, "x") for x in t.x if x is not None]
    assert min(on_share_axis) >= 0, (case, min(on_share_axis))


@pytest.mark.parametrize("room", ["page", "presenter"])
def test_a_withheld_mark_is_whole_in_its_band_clear_of_a_mark_at_zero(room: str) -> None:
    """At 1024 px (the page less charts.NARROWEST_LOSS_PX, its narrowest), the largest withheld mark (the top
    reps' disc and its outline) is whole inside the plot, and clear of a mark drawn at 0% (Unprofiled has no
    top rep): the two never touch, so the grey disc is not read as one more 0%."""
    mix = CASES["top reps too few"]
    figure = charts.profile_mix(mix, title="t", room=ROOMS[room])
    narrow = ROOMS[room]
    # The plot right of the longest profile's tick, as the template draws it at 1024 px.
    plot_px = ChartRoom(narrow.narrowest_px or 0, narrow.scale).plot_px(max(charts.line_em(p) for p in PROFILES) + 1)
    low, high = figure.layout.xaxis.range
    zero_px = (0.0 - low) / (high - low) * plot_px  # 0% of the share axis, px from the plot's left edge
    radius = max((size + MIX_OUTLINE_PX) / 2 for size in (s for _, s in MIX_MARKS.values()))
    assert withheld_marks(figure)
    place = mark_place(figure, plot_px)
    assert place >= radius, ("cut by the plot's edge", place)
    assert zero_px - place >= 2 * radius, ("touches a mark at 0%", place, zero_px)


@pytest.mark.parametrize("case", list(CASES))
def test_no_trace_or_word_of_the_mix_holds_a_withheld_share(case: str) -> None:
    """A withheld share is in none of the figure's data: no mark, line, word or customdata holds 3/8 (the top
    reps' share of Challengers, withheld) or its percentage."""
    mix = CASES[case]
    figure = charts.profile_mix(mix, title="t")
    few = [c for c, too in (("top_share", mix.top_too_small), ("all_share", mix.all_too_small)) if too]
    shares = {s for c in few for s in mix.table[c].to_list() if s}
    # Shares that are also shown elsewhere (the study's, the others') are not the withheld ones' leak.
    shown = {s for c in ("top_share", "all_share", "study_all_share", "study_top_share") if c not in few
             for s in mix.table[c].to_list() if s is not None}
    leaks = shares - shown
    assert leaks, case
    figure_json = figure.to_plotly_json()
    numbers = [v for trace in figure_json["data"] for key in ("x", "y", "customdata") for v in _flat(trace.get(key))]
    for share in leaks:
        assert not any(isinstance(v, float) and math.isclose(v, share) for v in numbers), share
        # The withheld marks' hovers and the chart's words on it (the study's 12% is in its own hovers).
        words = [str(w) for trace in withheld_marks(figure) for w in trace.hovertext] + [a.text for a in figure.layout.annotations]
        assert not any(f"{share:.0%}" in w for w in words), share


def _flat(values) -> list:
    """The scalars of `values` (a trace's x, y or customdata: a list, a list of lists, an array or None)."""
    if values is None:
        return []
    out: list = []
    for v in list(values):
        out += _flat(v) if isinstance(v, (list, tuple)) or hasattr(v, "tolist") and not isinstance(v, float) else [v]
    return out


def test_the_mixs_caption_says_where_a_withheld_share_is_drawn() -> None:
    """The caption under the mix says where the grey marks stand: on the profiles' axis, so a reader is told they are
    at no share rather than left to read them as one ("left of 0%" named a negative share)."""
    from winloss.views.profiles import mix_small_n_sentence

    sentence = mix_small_n_sentence(CASES["top reps too few"])
    assert "Too few top reps (8 of the 20 needed)" in sentence
    assert "drawn in grey on the profiles' axis, with no percentage." in sentence
