"""The profile questionnaire: its statements, how answers score into a seller profile, and its wording.

An indicative questionnaire written from the published descriptions of the five profiles of
*The Challenger Sale*; it is not CEB's validated diagnostic, and every page that uses it says so.
Answers are a frame of (rater, statement, score) with scores 1-5; scoring is pure, so the page,
the questionnaire ingest and the tests all run the same rule.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

import polars as pl

from data_models.vocabulary import PROFILES
from winloss.ingest.identity import name_key

SCALE: Final = (1, 2, 3, 4, 5)
SCALE_LABELS: Final = {
    1: "Strongly disagree",
    2: "Disagree",
    3: "Neither",
    4: "Agree",
    5: "Strongly agree",
}

# A top profile less than half a point (on the 1-5 scale) ahead of the second is "mixed": half a
# point is one statement of four moved two steps, too little to call one profile over another.
MIXED_MARGIN: Final = 0.5

DISCLAIMER: Final = (
    "This is an indicative questionnaire written from the published descriptions of the five seller "
    "profiles, not the validated diagnostic of the study behind *The Challenger Sale*. Treat a result as a "
    "manager's considered view of a rep, not a measurement."
)


@dataclass(frozen=True)
class Statement:
    """One statement a rater agrees or disagrees with; `profile` is never shown to the rater."""

    id: str
    text: str
    profile: str


# Four statements per profile, in a fixed order that does not group them by profile (so a rater
# does not see which profile a block describes). The ids follow this order.
STATEMENTS: Final = tuple(
    Statement(f"S{i:02d}", text, profile)
    for i, (profile, text) in enumerate(
        [
            ("Challenger", "Brings customers an idea about their own business that they had not considered."),
            ("Hard Worker", "Makes more calls and visits than most of the team."),
            ("Reactive Problem Solver", "Does what they promised customers, every time."),
            ("Relationship Builder", "Has strong advocates inside the customers they sell to."),
            ("Lone Wolf", "Is highly self-confident, whatever the deal."),
            ("Hard Worker", "Keeps following up after a 'no' and does not give up on a deal easily."),
            ("Challenger", "Is comfortable talking about price and money early in a sale."),
            ("Relationship Builder", "Is generous with their time: helps customers with whatever they ask."),
            ("Reactive Problem Solver", "Gets the details right: quotes, paperwork, follow-up notes."),
            ("Lone Wolf", "Follows their own instincts rather than the agreed sales process."),
            ("Challenger", "Tailors the conversation to what drives each customer's business."),
            ("Relationship Builder", "Steers away from disagreement to keep a customer conversation comfortable."),
            ("Hard Worker", "Asks for feedback on their calls and acts on it."),
            ("Reactive Problem Solver", "Puts service after the sale and fixing customers' problems first."),
            ("Lone Wolf", "Is hard to manage: does things their own way."),
            ("Challenger", "Takes control of a sale and pushes back when a customer heads the wrong way."),
            ("Reactive Problem Solver", "Responds quickly whenever a customer raises an issue."),
            ("Hard Worker", "Puts in extra effort without being asked."),
            ("Lone Wolf", "Prefers to work deals alone rather than with colleagues."),
            ("Relationship Builder", "Is liked by customers and gets along with everyone on their side."),
        ],
        start=1,
    )
)
STATEMENT_IDS: Final = tuple(s.id for s in STATEMENTS)
STATEMENT_TEXT: Final = {s.id: s.text for s in STATEMENTS}
PROFILE_OF: Final = {s.id: s.profile for s in STATEMENTS}

ANSWER_SCHEMA: Final = pl.Schema({"rater": pl.String, "statement": pl.String, "score": pl.Int64})
SCORE_SCHEMA: Final = pl.Schema(
    {"seller_profile": pl.String, "score": pl.Float64, "lowest": pl.Float64, "highest": pl.Float64, "spread": pl.Float64}
)


@dataclass(frozen=True)
class Assessment:
    """What one rep's answers say.

    `scores`: SCORE_SCHEMA, one row per profile in the vocabulary's order: the mean of the raters'
    profile means (1-5), the lowest and highest rater mean, and their spread (highest - lowest; 0
    with one rater). `profile` is the top profile, or None when the result is mixed (the rep stays
    Unprofiled until a second rater settles it).
    """

    scores: pl.DataFrame
    raters: tuple[str, ...]
    top: str
    second: str
    margin: float  # top score - second score, in scale points
    rater_tops: dict[str, str | None]  # each rater's own top profile (None: a tie in their answers)

    @property
    def profile(self) -> str | None:
        return self.top if self.margin >= MIXED_MARGIN else None

    @property
    def is_mixed(self) -> bool:
        return self.profile is None

    @property
    def raters_disagree(self) -> bool:
        return len(set(self.rater_tops.values())) > 1

    def verdict(self) -> str:
        """One sentence: the profile and by how much, or why the rep stays Unprofiled."""
        # Two decimals, as the score bars are labelled: 3.50 and 3.25 are 0.25 apart, not "0.2".
        ahead = f"{self.margin:.2f} points ahead of {self.second}"
        if self.profile is not None:
            return f"{self.top}: {ahead} (a clear lead is {MIXED_MARGIN:.1f} or more)."
        if self.margin == 0:
            lead = f"{self.top} and {self.second} tie"
        else:
            lead = f"{self.top} is only {ahead}"
        ask = "ask another rater" if len(self.raters) > 1 else "ask a second rater"
        return (
            f"Mixed — {lead} (a clear lead is {MIXED_MARGIN:.1f} points or more): {ask}. "
            "The rep stays Unprofiled until it is resolved."
        )


class AnswersInvalid(ValueError):
    """Answers that cannot be scored; str(exc) is one sentence saying what to fix."""


def answers_frame(rater: str, scores: dict[str, int | None]) -> pl.DataFrame:
    """ANSWER_SCHEMA rows for one rater's answers (statement id -> score; None for unanswered)."""
    return pl.DataFrame(
        {"rater": [rater] * len(scores), "statement": list(scores), "score": list(scores.values())},
        schema=ANSWER_SCHEMA,
    )


def unanswered(answers: pl.DataFrame) -> list[str]:
    """Statement ids a rater's answers leave blank or out, in questionnaire order."""
    given = set(answers.filter(pl.col("score").is_not_null()).get_column("statement").to_list())
    return [s for s in STATEMENT_IDS if s not in given]


def _checked(answers: pl.DataFrame) -> pl.DataFrame:
    if answers.height == 0:
        raise AnswersInvalid("There are no answers to score: rate every statement, then save.")
    answers = answers.select(ANSWER_SCHEMA.names()).cast(ANSWER_SCHEMA)
    unknown = answers.filter(~pl.col("statement").is_in(list(STATEMENT_IDS)))
    if unknown.height:
        raise AnswersInvalid(
            f"'{unknown.item(0, 'statement')}' is not a statement of the questionnaire: use the ids S01 to "
            f"{STATEMENT_IDS[-1]} of the downloaded questionnaire."
        )
    outside = answers.filter(pl.col("score").is_not_null() & ~pl.col("score").is_in(list(SCALE)))
    if outside.height:
        raise AnswersInvalid(f"A score of {outside.item(0, 'score')} is outside the scale: score each statement 1 to 5.")
    for (rater,), own in answers.group_by("rater", maintain_order=True):
        missing = unanswered(own)
        if missing:
            raise AnswersInvalid(
                f"{rater or 'A rater'} left {len(missing)} of {len(STATEMENTS)} statements unanswered "
                f"({', '.join(missing[:5])}{' …' if len(missing) > 5 else ''}): rate every statement, then save."
            )
    duplicated = answers.filter(pl.struct("rater", "statement").is_duplicated())
    if duplicated.height:
        raise AnswersInvalid(
            f"{duplicated.item(0, 'rater')} rated {duplicated.item(0, 'statement')} more than once: keep one score per statement."
        )
    return answers


def _top_two(means: dict[str, float]) -> tuple[str, str, float]:
    # Ties keep the vocabulary's order, so the same answers always name the same pair.
    ranked = sorted(PROFILES, key=lambda p: (-means[p], PROFILES.index(p)))
    return ranked[0], ranked[1], means[ranked[0]] - means[ranked[1]]


def scored(answers: pl.DataFrame) -> Assessment:
    """Score one rep's answers (ANSWER_SCHEMA: every rater rates every statement once, 1-5).

    A profile's score is the mean of its statements per rater, then the mean over raters; the
    spread is the gap between the highest and lowest rater. Raises AnswersInvalid (one sentence)
    for an unknown statement, a score off the scale, a statement left unanswered or rated twice.
    """
    answers = _checked(answers)
    per_rater = (
        answers.with_columns(seller_profile=pl.col("statement").replace_strict(PROFILE_OF))
        .group_by("rater", "seller_profile")
        .agg(pl.col("score").mean().alias("mean"))
    )
    order = pl.DataFrame({"seller_profile": list(PROFILES)})
    scores = order.join(
        per_rater.group_by("seller_profile").agg(
            pl.col("mean").mean().alias("score"),
            pl.col("mean").min().alias("lowest"),
            pl.col("mean").max().alias("highest"),
        ),
        on="seller_profile",
        how="left",
        maintain_order="left",
    ).with_columns(spread=pl.col("highest") - pl.col("lowest"))
    means = dict(zip(scores["seller_profile"], scores["score"], strict=True))
    top, second, margin = _top_two(means)
    rater_tops: dict[str, str | None] = {}
    raters = tuple(answers.get_column("rater").unique(maintain_order=True).to_list())
    for rater in raters:
        own = per_rater.filter(pl.col("rater") == rater)
        own_means = dict(zip(own["seller_profile"], own["mean"], strict=True))
        first, _, gap = _top_two(own_means)
        rater_tops[rater] = first if gap > 0 else None
    # Rounded so 4.25 - 3.75 is 0.5 exactly, not 0.49999: the threshold is met on the scale's own steps.
    return Assessment(scores.cast(SCORE_SCHEMA), raters, top, second, round(margin, 9), rater_tops)


def latest_answers(assessments: pl.LazyFrame | pl.DataFrame, rep: str) -> pl.DataFrame:
    """One rep's answers that count: each rater's most recent assessment (ANSWER_SCHEMA plus `date`).

    Answers are the rep's under every spelling of the name (identity.name_key, the rule every other
    comparison of rep names uses): answers saved for "José Díaz" are Jose Diaz's once a roster writes
    him so, as his deals and roster row already are.
    """
    rows = assessments.lazy().filter(name_key(pl.col("rep")) == name_key(pl.lit(rep, pl.String)))
    for column in ("date", "updated_at"):  # a rater who re-rates on the same day: the later save counts
        if column in rows.collect_schema():
            rows = rows.filter(pl.col(column) == pl.col(column).max().over("rater"))
    return (
        rows.select("rater", "statement", "score", "date")
        .sort("rater", "statement")
        .collect()
    )


def names_text(names: list[str] | tuple[str, ...]) -> str:
    """'Ana', 'Ana and Ben', 'Ana and 2 others'."""
    if len(names) <= 2:
        return " and ".join(names)
    return f"{names[0]} and {len(names) - 1} others"


def assessment_source(raters: tuple[str, ...] | list[str], day: dt.date) -> str:
    """Where an assessed profile came from: 'assessment by Ana and Ben, 1 Dec 2026 (2 raters)'."""
    k = len(raters)
    return f"assessment by {names_text(list(raters))}, {day_text(day)} ({k} rater{'s' if k != 1 else ''})"


def roster_upload_source(file_name: str, day: dt.date) -> str:
    """Where an uploaded profile came from: 'roster upload team.csv, 3 Mar 2026'."""
    return f"roster upload {file_name}, {day_text(day)}"


def day_text(day: dt.date) -> str:
    """'3 Mar 2026': a date as the source line says it."""
    return f"{day.day} {day:%b %Y}"


__all__ = [
    "Assessment",
    "AnswersInvalid",
    "DISCLAIMER",
    "MIXED_MARGIN",
    "STATEMENTS",
    "answers_frame",
    "assessment_source",
    "latest_answers",
    "roster_upload_source",
    "scored",
]
