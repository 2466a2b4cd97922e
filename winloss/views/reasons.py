"""The no-decision vocabulary as the Data page edits it: what each reason covers and what a change does."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import polars as pl

from data_models.vocabulary import LOST, NO_DECISION, folded_words
from winloss.ingest.outcomes import (
    NEAR_MISS_PLACES, STORED_CLOSING, STORED_STATUS, ReasonRules, folded_stage_outcomes, folded_vocabulary, listed_reasons,
    near_miss_why, outcome_of, qualified_sentences, reason_rules, stored_signals, with_outcomes,
)
from winloss.text import plural

# `proposed`: why a reason not in the vocabulary is proposed for it (a near miss), else null.
# `written`: the loss reasons as the stored deals write them that the row's deals carry, each with its deals
# (written_reasons), null where it covers none.
REASON_SCHEMA = pl.Schema({"reason": pl.String, "deals": pl.UInt32, "written": pl.String, "no_decision": pl.Boolean,
                           "proposed": pl.String})


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
    vocabulary = [r.strip() for r in vocabulary if r and r.strip()]
    pairs = _pairs(opportunities)
    current = folded_vocabulary(vocabulary)
    mapped = folded_stage_outcomes(stage_outcomes)
    rules = stored_reason_rules(opportunities, vocabulary, stage_outcomes)
    by_phrase = {reason for reason, *_ in rules.qualified}
    near = {folded_words(reason) for reason, _ in rules.near}
    spellings: dict[str, int] = {}
    for stage, reason, stored, status, closing, n in pairs.iter_rows():
        if (reason is not None and reason not in by_phrase
                and outcome_of(stage, reason, current, mapped, stored, status, closing) in (LOST, NO_DECISION)):
            spellings[reason] = spellings.get(reason, 0) + n
    # Of several spellings of one reason, the commonest (then the tidiest) names it.
    losses = sorted(spellings, key=lambda r: (-spellings[r], len(r), r.lower()))
    reasons: dict[str, str] = {}
    for reason in [*vocabulary, *losses]:
        reasons.setdefault(folded_words(reason), reason)
    rows = []
    for key, reason in reasons.items():
        alone = frozenset({key})
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
    the stored status and closing outcomes that decide over the stage mappings)."""
    names = opportunities.lazy().collect_schema().names()
    columns = [c for c in ("stage", "loss_reason", "outcome") if c in names]
    # The row's own outcome kept with each deal is what with_outcomes reads: where it says one, it decides.
    deals = opportunities.lazy().select(*columns, *stored_signals(names)).with_row_index("__row").collect()
    before = with_outcomes(deals, list(current), stage_outcomes).sort("__row").get_column("outcome")
    after = with_outcomes(deals, list(proposed), stage_outcomes).sort("__row").get_column("outcome")
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
