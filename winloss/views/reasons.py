"""The no-decision vocabulary as the Data page edits it: what each reason covers and what a change does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from data_models.vocabulary import LOST, NO_DECISION, NoDecisionVocabulary, as_vocabulary, folded_words
from winloss.ingest.outcomes import (
    NEAR_MISS_PLACES, STORED_CLOSING, STORED_STATUS, FoldedVocabulary, ReasonRules, folded_stage_outcomes, folded_vocabulary,
    listed_reasons, near_miss_why, outcome_of, phrase_reading, qualified_sentences, read_as_no_decision, reason_rules,
    stored_signals, with_outcomes,
)
from winloss.text import plural

# `proposed`: why a reason not in the vocabulary is proposed for it (a near miss), else null.
# `written`: the loss reasons as the stored deals write them that the row's deals carry, each with its deals
# (written_reasons), null where it covers none.
REASON_SCHEMA = pl.Schema({"reason": pl.String, "deals": pl.UInt32, "written": pl.String, "no_decision": pl.Boolean,
                           "proposed": pl.String})
# The loss reasons, as the stored deals write them, a phrase of the vocabulary reads as no decision (read_reasons):
# `reason` (its commonest spelling), `phrase` (the vocabulary's phrase that reads it, as the vocabulary writes it),
# `deals` (the stored deals it alone makes no decision while ticked), `no_decision` (False: kept lost, excepted).
READ_SCHEMA = pl.Schema({"reason": pl.String, "phrase": pl.String, "deals": pl.UInt32, "no_decision": pl.Boolean})


def _pairs(opportunities: pl.LazyFrame | pl.DataFrame) -> pl.DataFrame:
    """Distinct (stage, loss_reason, stored outcome, stored status outcome, stored closing outcome) with
    how many deals share each: the arguments outcome_of takes, then n."""
    frame = opportunities.lazy()
    for column in ("outcome", STORED_STATUS, STORED_CLOSING):
        if column not in frame.collect_schema().names():
            frame = frame.with_columns(pl.lit(None, pl.String).alias(column))
    return frame.group_by("stage", "loss_reason", "outcome", STORED_STATUS, STORED_CLOSING).agg(pl.len().alias("n")).collect()


def stored_reason_rules(
    opportunities: pl.LazyFrame | pl.DataFrame, vocabulary: Iterable[str], stage_outcomes: Mapping[str, str] | None = None
) -> ReasonRules:
    """outcomes.ReasonRules of the stored deals under `vocabulary`: the loss reasons the phrase-then-
    separator rule counts as no decision, and the near misses still counted as lost, with their deals."""
    current = folded_vocabulary(vocabulary)
    mapped = folded_stage_outcomes(stage_outcomes)
    counts: dict[tuple[str, str | None], int] = {}
    for stage, reason, stored, status, closing, n in _pairs(opportunities).iter_rows():
        if reason is not None:
            outcome = outcome_of(stage, reason, current, mapped, stored, status, closing)
            counts[reason, outcome] = counts.get((reason, outcome), 0) + n
    frame = pl.DataFrame(
        [(reason, outcome, n) for (reason, outcome), n in counts.items()],
        schema={"loss_reason": pl.String, "outcome": pl.String, "deals": pl.Int64}, orient="row",
    )
    return reason_rules(frame, vocabulary)


def reason_coverage(
    opportunities: pl.LazyFrame | pl.DataFrame, vocabulary: Iterable[str], stage_outcomes: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """Every reason worth deciding on, how many stored deals it would count as no decision on its own,
    whether the vocabulary counts it now, and why it is proposed (REASON_SCHEMA).

    The reasons are the vocabulary's and the loss reasons of lost or no-decision deals, once each
    (spelling of the vocabulary first); a reason covers a deal when a vocabulary of just that reason
    makes the deal no decision (by its loss reason, or by a status such as Dynamics' "Canceled"). A
    reason that starts with a vocabulary phrase and a separator ("No decision - status quo") is not
    listed: its phrase's row covers its deals, and names it with them (`written`: "'No Decision' (60),
    'No decision / status quo' (53)"), so a count of 113 under "No Decision" is never read as 113 deals
    written "No Decision". A near miss still counted as lost ("Lost - no
    decision", "No decision - went with competitor": outcomes.near_miss_why) is proposed, not ticked,
    and listed first.
    """
    excepted = as_vocabulary(vocabulary).excepted  # the reasons kept lost: listed under their phrases, not here
    vocabulary = NoDecisionVocabulary([r.strip() for r in vocabulary if r and r.strip()], excepted)
    pairs = _pairs(opportunities)
    current = folded_vocabulary(vocabulary)
    mapped = folded_stage_outcomes(stage_outcomes)
    rules = stored_reason_rules(opportunities, vocabulary, stage_outcomes)
    by_phrase = {reason for reason, *_ in rules.qualified}
    near = {folded_words(reason) for reason, _ in rules.near}
    spellings: dict[str, int] = {}
    for stage, reason, stored, status, closing, n in pairs.iter_rows():
        if (reason is not None and reason not in by_phrase and folded_words(reason) not in current.excepted
                and outcome_of(stage, reason, current, mapped, stored, status, closing) in (LOST, NO_DECISION)):
            spellings[reason] = spellings.get(reason, 0) + n
    # Of several spellings of one reason, the commonest (then the tidiest) names it.
    losses = sorted(spellings, key=lambda r: (-spellings[r], len(r), r.lower()))
    reasons: dict[str, str] = {}
    for reason in [*vocabulary, *losses]:
        reasons.setdefault(folded_words(reason), reason)
    rows = []
    for key, reason in reasons.items():
        alone = FoldedVocabulary({key}, current.excepted)  # a reason kept lost is not covered by its phrase
        written: dict[str | None, int] = {}  # the deals it covers by their loss reason as written (None: none)
        for stage, loss, stored, status, closing, n in pairs.iter_rows():
            if outcome_of(stage, loss, alone, mapped, stored, status, closing) == NO_DECISION:
                written[loss] = written.get(loss, 0) + n
        why = near_miss_why(reason, current) if key in near else None
        rows.append({"reason": reason, "deals": sum(written.values()), "written": written_reasons(written),
                     "no_decision": key in current, "proposed": why})
    # Proposed reasons first, then the reasons the stored deals actually carry: those are the ones worth deciding on.
    return pl.DataFrame(rows, schema=REASON_SCHEMA).sort(
        [pl.col("proposed").is_not_null(), "deals", "no_decision", "reason"], descending=[True, True, True, False]
    )


def written_reasons(written: Mapping[str | None, int]) -> str | None:
    """What a row of the No-decision reasons tab covers, as the stored deals write it: each loss reason with
    its deals, most first, "'No Decision' (60), 'No decision / status quo' (53)", then the deals with no
    loss reason (a status or stage made them no decision) as "4 with no loss reason". A phrase reads
    other reasons than its own words (one starting with it and a separator): its count is theirs together,
    and a count under one name must say which reasons it holds. None for none. Reasons as stored: escape
    them to show."""
    named = sorted(((r, n) for r, n in written.items() if r is not None and n), key=lambda pair: (-pair[1], pair[0]))
    parts = [f"'{reason}' ({n:,})" for reason, n in named]
    if unnamed := written.get(None, 0):
        parts.append(f"{unnamed:,} with no loss reason")
    return ", ".join(parts) or None


def vocabulary_notes(
    opportunities: pl.LazyFrame | pl.DataFrame, vocabulary: Iterable[str], stage_outcomes: Mapping[str, str] | None = None
) -> list[str]:
    """What the No-decision reasons tab says above its editor about the stored deals: each loss
    reason counted as no decision because it starts with a vocabulary phrase and a separator
    (outcomes.qualified_sentences, as the file report says it), then how many deals are still
    counted as lost until their near-miss reasons are ticked. Reasons as stored: escape them to show."""
    rules = stored_reason_rules(opportunities, vocabulary, stage_outcomes)
    notes = qualified_sentences(rules.qualified)
    if rules.near:
        total = sum(n for _, n in rules.near)
        notes.append(
            f"{plural(total, 'stored deal')} {'is' if total == 1 else 'are'} still counted as lost until you tick "
            f"{'the reason' if len(rules.near) == 1 else 'their reasons'} below: {listed_reasons(rules.near)}. Each "
            f"holds a no-decision phrase no rule decides ({NEAR_MISS_PLACES}): proposed first "
            "in the list, not ticked."
        )
    return notes


@dataclass(frozen=True)
class VocabularyEffect:
    """Losses and no-decision deals under the current and a proposed vocabulary."""

    lost_before: int
    no_decision_before: int
    lost_after: int
    no_decision_after: int
    changed: int  # deals whose outcome the change flips

    @property
    def share_before(self) -> float | None:
        """No-decision share of losses now: no_decision / (lost + no_decision)."""
        total = self.lost_before + self.no_decision_before
        return self.no_decision_before / total if total else None

    @property
    def share_after(self) -> float | None:
        total = self.lost_after + self.no_decision_after
        return self.no_decision_after / total if total else None


def vocabulary_effect(
    opportunities: pl.LazyFrame | pl.DataFrame,
    current: Iterable[str],
    proposed: Iterable[str],
    stage_outcomes: Mapping[str, str] | None = None,
) -> VocabularyEffect:
    """What replacing the current no-decision vocabulary by the proposed one does to the stored deals
    (stage, loss_reason and, when present, the stored outcome that settles a stage no rule places and
    the stored status and closing outcomes that decide over the stage mappings). Each vocabulary as
    folded_vocabulary takes it: a NoDecisionVocabulary's reasons kept lost count as lost."""
    names = opportunities.lazy().collect_schema().names()
    columns = [c for c in ("stage", "loss_reason", "outcome") if c in names]
    # The row's own outcome kept with each deal is what with_outcomes reads: where it says one, it decides.
    deals = opportunities.lazy().select(*columns, *stored_signals(names)).with_row_index("__row").collect()
    # Passed as they are: a list made of a NoDecisionVocabulary drops the reasons it keeps lost.
    before = with_outcomes(deals, as_vocabulary(current), stage_outcomes).sort("__row").get_column("outcome")
    after = with_outcomes(deals, as_vocabulary(proposed), stage_outcomes).sort("__row").get_column("outcome")
    return VocabularyEffect(
        lost_before=int((before == LOST).sum()),
        no_decision_before=int((before == NO_DECISION).sum()),
        lost_after=int((after == LOST).sum()),
        no_decision_after=int((after == NO_DECISION).sum()),
        changed=int(before.ne_missing(after).sum()),
    )


def proposed_vocabulary(edited: pl.DataFrame) -> list[str]:
    """The reasons ticked as no decision in the edited table, blank rows dropped, each once."""
    ticked = edited.filter(pl.col("no_decision").fill_null(False)).get_column("reason").drop_nulls().to_list()
    seen: dict[str, str] = {}
    for reason in ticked:
        if str(reason).strip():
            seen.setdefault(folded_words(str(reason)), str(reason).strip())
    return list(seen.values())


def read_reasons(
    opportunities: pl.LazyFrame | pl.DataFrame, vocabulary: Iterable[str], stage_outcomes: Mapping[str, str] | None = None
) -> pl.DataFrame:
    """The loss reasons, as the stored deals write them, that a phrase of `vocabulary` reads as no decision, and
    whether each is kept lost (READ_SCHEMA): the list under the phrases where one reason alone is unticked
    ("No decision / status quo" counted as lost while its phrase "No Decision" still reads "No Decision").

    One row per reason as the vocabulary matches it (folded_words: spellings that differ only in case, accents or
    punctuation are one reason, named by the commonest), with the stored deals it alone makes no decision while
    ticked: a deal its stage or status makes no decision anyway is not counted. A reason `vocabulary` keeps lost
    (NoDecisionVocabulary.excepted) is listed, unticked, though no stored deal writes it, so it can be ticked
    again. Most deals first. Reasons as stored: escape them to show."""
    stored = as_vocabulary(vocabulary)
    written_as = {folded_words(p): p.strip() for p in stored if p and p.strip()}
    plain = folded_vocabulary(list(stored))  # the phrases alone: what they read before any reason is kept lost
    mapped = folded_stage_outcomes(stage_outcomes)
    excepted = folded_vocabulary(stored).excepted
    deals: dict[str, int] = {}
    spellings: dict[str, dict[str, int]] = {}
    phrases: dict[str, str] = {}
    for stage, reason, kept, status, closing, n in _pairs(opportunities).iter_rows():
        if reason is None or (phrase := phrase_reading(reason, plain)) is None:
            continue
        key = folded_words(reason)
        without = FoldedVocabulary(plain, {key})
        decides = (outcome_of(stage, reason, plain, mapped, kept, status, closing) == NO_DECISION
                   and outcome_of(stage, reason, without, mapped, kept, status, closing) == LOST)
        deals[key] = deals.get(key, 0) + (n if decides else 0)
        spellings.setdefault(key, {})[reason] = spellings.get(key, {}).get(reason, 0) + n
        phrases[key] = written_as.get(phrase, phrase)
    rows = [{"reason": min(spelt, key=lambda r: (-spelt[r], len(r), r)), "phrase": phrases[key], "deals": deals[key],
             "no_decision": key not in excepted} for key, spelt in spellings.items()]
    for reason in stored.excepted:  # kept lost, though no stored deal writes it now: listed, to tick again
        if (key := folded_words(reason)) not in spellings and (phrase := phrase_reading(reason, plain)) is not None:
            rows.append({"reason": reason, "phrase": written_as.get(phrase, phrase), "deals": 0, "no_decision": False})
    return pl.DataFrame(rows, schema=READ_SCHEMA).sort(["deals", "reason"], descending=[True, False])


def proposed_exceptions(edited: pl.DataFrame, proposed: Iterable[str]) -> list[str]:
    """The reasons unticked in the edited read_reasons table (`edited`), kept lost, each once: those a phrase of the
    `proposed` vocabulary still reads (a reason whose phrase is unticked too is lost by that, and is not kept as an
    exception that would come back with the phrase)."""
    phrases = folded_vocabulary(list(proposed))
    unticked = edited.filter(~pl.col("no_decision").fill_null(True)).get_column("reason").drop_nulls().to_list()
    seen: dict[str, str] = {}
    for reason in unticked:
        if str(reason).strip() and read_as_no_decision(str(reason), phrases):
            seen.setdefault(folded_words(str(reason)), str(reason).strip())
    return list(seen.values())
