"""Scoring the profile questionnaire: a clear profile, a tie, raters who disagree, answers that cannot be scored."""

import datetime as dt

import polars as pl
import pytest

from data_models.vocabulary import PROFILES
from winloss.assessment import (
    MIXED_MARGIN,
    PROFILE_OF,
    STATEMENTS,
    AnswersInvalid,
    answers_frame,
    assessment_source,
    latest_answers,
    scored,
)


def rating(rater: str, by_profile: dict[str, int], default: int = 2, overrides: dict[str, int] | None = None) -> pl.DataFrame:
    """One rater's answers: every statement of a profile gets that profile's score, then overrides by id."""
    scores = {s.id: by_profile.get(s.profile, default) for s in STATEMENTS}
    scores.update(overrides or {})
    return answers_frame(rater, scores)


def test_the_questionnaire_has_15_to_25_statements_every_profile_alike_and_never_two_in_a_row_of_one_profile():
    assert 15 <= len(STATEMENTS) <= 25
    counts = {p: sum(s.profile == p for s in STATEMENTS) for p in PROFILES}
    assert set(counts.values()) == {4}
    assert all(a.profile != b.profile for a, b in zip(STATEMENTS, STATEMENTS[1:]))
    assert len({s.text for s in STATEMENTS}) == len(STATEMENTS)


def test_a_clear_challenger():
    result = scored(rating("Mara Quint", {"Challenger": 5, "Hard Worker": 3}))
    assert result.profile == "Challenger"
    assert result.second == "Hard Worker"
    assert result.margin == pytest.approx(2.0)
    scores = dict(zip(result.scores["seller_profile"], result.scores["score"]))
    assert scores == {"Challenger": 5.0, "Hard Worker": 3.0, "Relationship Builder": 2.0, "Lone Wolf": 2.0,
                      "Reactive Problem Solver": 2.0}
    assert result.scores["spread"].to_list() == [0.0] * 5
    assert result.verdict().startswith("Challenger: 2.00 points ahead of Hard Worker")


def test_a_tie_is_mixed_and_leaves_the_rep_unprofiled():
    result = scored(rating("Mara Quint", {"Challenger": 4, "Lone Wolf": 4}))
    assert result.margin == 0
    assert result.profile is None and result.is_mixed
    assert {result.top, result.second} == {"Challenger", "Lone Wolf"}
    assert "tie" in result.verdict() and "ask a second rater" in result.verdict()
    assert "stays Unprofiled" in result.verdict()


def test_the_threshold_is_half_a_point_exactly():
    # One Challenger statement moved from 4 to 2 leaves Challenger (4+4+4+2)/4 = 3.5 against 3: a clear lead of 0.5.
    first = next(s.id for s in STATEMENTS if s.profile == "Challenger")
    at = scored(rating("Mara Quint", {"Challenger": 4, "Hard Worker": 3}, overrides={first: 2}))
    assert at.margin == MIXED_MARGIN and at.profile == "Challenger"
    # Moved to 3 more statements' worth less, it is under the line.
    second = [s.id for s in STATEMENTS if s.profile == "Challenger"][1]
    under = scored(rating("Mara Quint", {"Challenger": 4, "Hard Worker": 3}, overrides={first: 2, second: 3}))
    assert under.margin == pytest.approx(0.25) and under.profile is None


def test_two_raters_who_disagree_are_averaged_and_their_spread_shown():
    one = rating("Mara Quint", {"Challenger": 5, "Relationship Builder": 3})
    two = rating("Olu Brandt", {"Challenger": 2, "Relationship Builder": 5})
    result = scored(pl.concat([one, two]))
    assert result.raters == ("Mara Quint", "Olu Brandt")
    assert result.rater_tops == {"Mara Quint": "Challenger", "Olu Brandt": "Relationship Builder"}
    assert result.raters_disagree
    rows = {r["seller_profile"]: r for r in result.scores.iter_rows(named=True)}
    assert rows["Challenger"]["score"] == 3.5 and rows["Challenger"]["spread"] == 3.0
    assert rows["Relationship Builder"]["score"] == 4.0 and rows["Relationship Builder"]["spread"] == 2.0
    assert rows["Lone Wolf"]["spread"] == 0.0
    assert result.profile == "Relationship Builder" and result.margin == pytest.approx(0.5)
    assert "ask" not in result.verdict()


def test_two_raters_whose_average_is_close_are_mixed_and_told_to_ask_another():
    one = rating("Mara Quint", {"Challenger": 5, "Lone Wolf": 3})
    two = rating("Olu Brandt", {"Challenger": 3, "Lone Wolf": 5})
    result = scored(pl.concat([one, two]))
    assert result.profile is None
    assert "ask another rater" in result.verdict()


@pytest.mark.parametrize(
    "answers, words",
    [
        (answers_frame("Mara Quint", {"S01": 5}), "left 19 of 20 statements unanswered"),
        (rating("Mara Quint", {}, overrides={"S03": 6}), "outside the scale"),
        (rating("Mara Quint", {}, overrides={"S03": 0}), "outside the scale"),
        (pl.concat([rating("Mara Quint", {}), answers_frame("Mara Quint", {"S03": 4})]), "more than once"),
        (pl.concat([rating("Mara Quint", {}), answers_frame("Mara Quint", {"S99": 4})]), "'S99' is not a statement"),
        (answers_frame("Mara Quint", {}), "no answers"),
        (rating("Mara Quint", {}, overrides={"S07": None}), "left 1 of 20"),
    ],
)
def test_answers_that_cannot_be_scored_get_one_sentence(answers, words):
    with pytest.raises(AnswersInvalid, match=words):
        scored(answers)


def test_each_statement_scores_its_own_profile_only():
    # Raising one Lone Wolf statement moves the Lone Wolf mean by a quarter point and nothing else.
    wolf = next(s.id for s in STATEMENTS if s.profile == "Lone Wolf")
    base = scored(rating("Mara Quint", {}, default=3))
    raised = scored(rating("Mara Quint", {}, default=3, overrides={wolf: 4}))
    change = dict(zip(raised.scores["seller_profile"], (raised.scores["score"] - base.scores["score"]).to_list()))
    assert change == {p: (0.25 if p == PROFILE_OF[wolf] else 0.0) for p in PROFILES}


def test_the_latest_answers_of_each_rater_count():
    def stored(rater: str, day: dt.date, score: int) -> pl.DataFrame:
        return rating(rater, {}, default=score).with_columns(rep=pl.lit("Ivo Renn"), date=pl.lit(day))

    rows = pl.concat([
        stored("Mara Quint", dt.date(2026, 1, 5), 2),
        stored("Mara Quint", dt.date(2026, 3, 1), 4),
        stored("Olu Brandt", dt.date(2026, 2, 1), 3),
        stored("Olu Brandt", dt.date(2026, 2, 1), 3).with_columns(rep=pl.lit("Someone Else")),
    ])
    latest = latest_answers(rows, "Ivo Renn")
    assert latest.height == 2 * len(STATEMENTS)
    assert dict(latest.group_by("rater").agg(pl.col("score").first()).iter_rows()) == {"Mara Quint": 4, "Olu Brandt": 3}


def test_a_reps_answers_are_found_under_any_spelling_of_the_name():
    """The answers were read by the exact name: saved for "José Díaz", a roster's "Jose Diaz" had none,
    while his deals and roster row are one rep under identity.name_key."""
    rows = pl.concat([
        rating("Mara Quint", {"Challenger": 5}).with_columns(rep=pl.lit("José Díaz"), date=pl.lit(dt.date(2026, 3, 1))),
        rating("Olu Brandt", {"Challenger": 5}).with_columns(rep=pl.lit("JOSE  DIAZ"), date=pl.lit(dt.date(2026, 3, 2))),
        rating("Olu Brandt", {}).with_columns(rep=pl.lit("José Díez"), date=pl.lit(dt.date(2026, 3, 3))),
    ])
    latest = latest_answers(rows, "Jose Diaz")
    assert latest.height == 2 * len(STATEMENTS)
    assert set(latest["rater"]) == {"Mara Quint", "Olu Brandt"} and scored(latest.drop("date")).profile == "Challenger"


def test_the_source_names_raters_day_and_count():
    assert assessment_source(("Mara Quint",), dt.date(2026, 12, 1)) == "assessment by Mara Quint, 1 Dec 2026 (1 rater)"
    assert assessment_source(("A", "B", "C"), dt.date(2026, 3, 3)) == "assessment by A and 2 others, 3 Mar 2026 (3 raters)"


def test_names_are_shown_as_typed_in_markdown_and_plotly():
    from winloss.text import label, md

    assert md("[Ana](http://x.io) *Lee*") == "\\[Ana\\]\\(http:color[\\:]{}//x\\.io\\) \\*Lee\\*"
    assert md(":red[Bo]_1") == "\\:red\\[Bo\\]\\_1"
    assert label("<b>Cy</b> & Co") == "&lt;b&gt;Cy&lt;/b&gt; &amp; Co"


def test_a_narrow_lead_is_stated_to_the_precision_the_score_bars_show():
    # Four raters: Lone Wolf averages 3.50 and Hard Worker 3.25, as the score bars are labelled.
    raters = [("A", 4, 3), ("B", 3, 4), ("C", 4, 3), ("D", 3, 3)]  # Lone Wolf 3.50, Hard Worker 3.25
    result = scored(pl.concat([rating(name, {"Lone Wolf": lw, "Hard Worker": hw}) for name, lw, hw in raters]))
    assert result.margin == pytest.approx(0.25) and result.profile is None
    assert "Lone Wolf is only 0.25 points ahead of Hard Worker" in result.verdict()  # the bars: 3.50 and 3.25
