"""A trend by quarter whose every rate would be withheld (each quarter on fewer than 20 deals) is not drawn: one
sentence stands in its place. A rep's "by quarter" of 2 deals was drawn as empty axes (0–50%) with hollow rings, an
unexplained team dash and a five-entry legend; so was the Overview's of a small range."""

from __future__ import annotations

import json

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.views.common import withheld_trend_sentence

SAID = "No quarter has the 20 deals a rate needs, so"


def deals(store) -> None:
    """Tom Hale: 40 deals closed in 2026 Q1 (a rate each quarter he closed in); Dan Few: 2, one lost, one no decision,
    in 2026 Q1 and Q3; both of team East."""
    rows = [f"T{i:03d},Tom Hale,{'Closed Won' if i < 18 else 'Closed Lost' if i < 30 else 'Closed - No Decision'},"
            f"2026-02-{1 + i % 28:02d},1000" for i in range(40)]
    rows += ["D001,Dan Few,Closed Lost,2026-02-10,1000", "D002,Dan Few,Closed - No Decision,2026-08-05,1000"]
    for content, name in (("Rep,Team,Email\nTom Hale,East,t@x.com\nDan Few,East,d@x.com\n", "team.csv"),
                          ("Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n", "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def chart_titles(at) -> list[str]:
    return [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]


def test_a_reps_trend_of_withheld_rates_is_a_sentence(store, filled) -> None:
    filled(deals)
    at = opened("reps", rep="Dan Few", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    assert not [t for t in chart_titles(at) if "by quarter" in t]
    (said,) = [i.value for i in at.info if SAID in i.value]
    assert said == (f"{SAID} the rep's win rate and no decision ÷ losses by quarter are not drawn: the 2 closed deals "
                    "are in the outcome mix beside this and the rep's deals below.")
    assert [t for t in chart_titles(at) if "closed deals ended" in t]  # the outcome mix is still drawn

    tom = opened("reps", rep="Tom Hale", period="All time")
    assert [t for t in chart_titles(tom) if "by quarter" in t]
    assert not [i.value for i in tom.info if SAID in i.value]


def test_the_overviews_trend_of_withheld_rates_is_a_sentence(store, filled) -> None:
    filled(deals)
    at = opened("overview", period="custom", **{"from": "2026-07-01", "to": "2026-09-30"})
    assert not at.exception, [e.value for e in at.exception]
    assert not [t for t in chart_titles(at) if "by quarter" in t]
    assert [i.value for i in at.info if SAID in i.value] == [
        f"{SAID} the win rate and no decision ÷ losses by quarter are not drawn: the one closed deal is in the outcome "
        "mix beside this."]


def test_one_rate_drawn_draws_the_trend() -> None:
    import polars as pl

    trend = pl.DataFrame({"closed": [5, 30, 0], "n": [5, 30, 0], "no_decision_share_of_losses_n": [3, 12, 0]})
    assert withheld_trend_sentence(trend, "", "x") is None
    assert withheld_trend_sentence(trend.with_columns(n=pl.lit(19)), "", "x") is not None
    assert withheld_trend_sentence(trend.head(0), "", "x") is None  # no closed deal: said otherwise
