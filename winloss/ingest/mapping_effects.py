"""What a change of the stage mappings does to the deals the store holds, by itself.

A stage mapping is re-applied to stored deals when they are read (winloss.deals), so choosing one
changes stored deals whether or not a file comes with it. The checks before a commit
(winloss.ingest.store_effects) compare a file's rows with the stored deals read under the file's own
mappings, so a change the user's mapping makes is never blamed on the file ("closed deals taken back"
that only a box saying the CRM changed them would let through); what the mapping changes is said
here, as the mapping's doing: "37 stored deals change from lost to no decision because you map
'Parked' to No decision". The same sentences say, once the mapping is stored, what it changed, and
when it changed nothing, why: a deal's own status or closed/won columns decide over a mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

import polars as pl

from data_models.vocabulary import LOST, NO_DECISION, OUTCOME_LABELS, as_vocabulary, folded_words
from winloss.ingest.outcomes import (
    CLOSED, CLOSING_OUTCOME, MAPPED_STATUS, NOT_WON, STATUS_OUTCOME, STORED_STATUS, folded_stage_outcomes, not_a_deal,
    status_outcomes, stored_signals, with_outcomes,
)
from winloss.store.delta import Change, Store
from winloss.text import deal_named, listed, plural

MAX_EXAMPLES = 3
# The stored deal's outcome under the mappings before and after the change (null: no outcome).
BEFORE, AFTER = "__before_mapping", "__after_mapping"


def _label(outcome: str | None) -> str:
    return "no outcome" if outcome is None else OUTCOME_LABELS[outcome].lower()


def _mapped_to(outcome: str | None) -> str:
    """What a mapping maps to, as the sentences name it: "No decision", "the stage rules" (a mapping cleared)."""
    return "the stage rules" if outcome is None else OUTCOME_LABELS[outcome]


@dataclass(frozen=True)
class StageEffect:
    """What one changed stage mapping (`stage` as the user wrote it, to `outcome`: None where it was
    cleared) does to the stored deals at that value: how many are at it (`deals`), those whose outcome
    it changes by (before, after, deals), most first (`changes`), up to MAX_EXAMPLES of their ids
    (`examples`) and each as the sentences name it (`deals_named`: deal_named, its deal name in quotes or else its
    id; `examples` when empty), and the outcomes the others keep, by outcome (`kept`), with how many of those
    their own status or closed/won columns decide (`own`). Stage, ids and names are file text: escape them to show."""

    stage: str
    outcome: str | None
    deals: int
    changes: tuple[tuple[str | None, str | None, int], ...]
    examples: tuple[str, ...]
    kept: tuple[tuple[str | None, int], ...]
    own: int
    # Deals at the value the mapping counts as its outcome: their own status or closed/won columns do not say it.
    counted: int = 0
    # The change was made before the file it is said with (a status value's mapping saved or cleared by itself):
    # said in the past, "because you mapped".
    earlier: bool = False
    # `examples` as the sentences name them (deal_named), in their order: the clause on a file's changes names
    # its deals so ('1 won ("Open one")'), and "P-1, P-2" beside it named the mapping's by ids nobody knew.
    deals_named: tuple[str, ...] = ()

    @property
    def changed(self) -> int:
        return sum(n for _, _, n in self.changes)

    def _such(self) -> str:
        """The deals it changes, as the sentences name them: "such as "Acme renewal", P-2" when it changes more than
        it names, '"Acme renewal", P-2' when it names them all; "" when it names none."""
        if not self.examples:
            return ""
        return f"{'such as ' if self.changed > len(self.examples) else ''}{', '.join(self.deals_named or self.examples)}"

    def as_json(self) -> dict:
        return {"stage": self.stage, "outcome": self.outcome, "deals": self.deals, "changed": self.changed,
                "changes": [{"from": a, "to": b, "deals": n} for a, b, n in self.changes],
                "examples": list(self.examples)}

    def clause(self, *, stored: bool = False) -> str:
        """"37 stored deals change from lost to no decision because you map 'Parked' to No decision (such
        as "Acme renewal", D-2, D-3)" (its deals as `deals_named` names them); in the past once `stored`. Only for a
        mapping that changes some deal."""
        said = []
        for i, (before, after, n) in enumerate(self.changes):
            verb = ("changed" if stored else "change" if n != 1 else "changes") if i == 0 else ""
            subject = plural(n, "stored deal") if i == 0 else f"{n:,}"
            said.append(f"{subject}{' ' + verb if verb else ''} from {_label(before)} to {_label(after)}")
        such = f" ({self._such()})" if self.examples else ""
        past = stored or self.earlier
        if self.outcome is None:  # a mapping cleared: its deals are read by their own columns again
            return (f"{listed(said)} because you {'cleared' if past else 'clear'} the mapping of '{self.stage}', so its "
                    f"deals go back to what their own status, stage or closed/won columns say{such}")
        return f"{listed(said)} because you {'mapped' if past else 'map'} '{self.stage}' to {_mapped_to(self.outcome)}{such}"

    def unchanged_clause(self, *, stored: bool = False) -> str:
        """Why a mapping changes no stored deal: "'Contract Signed' → No decision changes none of the 122
        stored deals at that value: they keep Won, as their own status or closed/won columns say, and a
        mapping never overrides those"; or none is at that value."""
        return f"{self.named()} {self.unchanged_words(stored=stored)}"

    def named(self) -> str:
        """The mapping as the sentences name it: "'Parked' → No decision" ("→ the stage rules": cleared)."""
        return f"'{self.stage}' → {_mapped_to(self.outcome)}"

    def unchanged_words(self, *, stored: bool = False) -> str:
        """unchanged_clause without the mapping's name, so a sentence that names it already says it once:
        "changes none of the 122 stored deals at that value: they keep Won, …" ("counts" once `stored`)."""
        verb = "counts" if stored else "changes"
        if self.deals == 0:
            return f"{verb} no stored deal: none is at that value"
        kept = listed([f"{OUTCOME_LABELS[o] if o else 'no outcome'}" + ("" if len(self.kept) == 1 else f" ({n:,})")
                       for o, n in self.kept])
        keeps = "the one at that value keeps" if self.deals == 1 else "they keep"
        if self.own == self.deals:
            why = (f"{keeps} {kept}, as {'its' if self.deals == 1 else 'their'} own status or closed/won columns say, "
                   "and a mapping never overrides those")
        elif self.own == 0:
            why = f"{keeps} {kept}: {'it' if self.deals == 1 else 'they'} already counted so"
        else:
            why = (f"{keeps} {kept}: {self.own:,} by {'its' if self.own == 1 else 'their'} own status or closed/won "
                   "columns, which a mapping never overrides, the others already counted so")
        if self.deals == 1:  # "counts no stored deal: the one at that value keeps Won, as its own ... columns say"
            return f"{verb} no stored deal: {why}"
        return f"{verb} none of the {self.deals:,} stored deals at that value: {why}"

    def saved_words(self) -> str:
        """What this mapping, stored, does to the stored deals, to follow its name in the confirmation
        (MappingEffects.saved_sentence): "counts 37 stored deals as no decision (it changed 37 from lost to no
        decision, such as D-1, D-2, D-3)", or with every deal it changed named, "(it changed 2 from lost to no
        decision: "Parked one", P-2)" (its deals as `deals_named` names them); "changed 2 stored deals from no decision
        to lost (such as …)" where it counts none as its outcome (a mapping cleared: "…, as their own status, stage
        or closed/won columns say"); why, when it changes none (unchanged_words). Its `changes` and `examples` are those the saving made."""
        such = self._such()
        if self.counted:
            counts = f"counts {plural(self.counted, 'stored deal')} as {_label(self.outcome)}"
            if not self.changes:  # the deals it counts came with the file: it changed none stored before
                return counts
            changed = listed([f"{n:,} from {_label(a)} to {_label(b)}" for a, b, n in self.changes])
            # "(it changed 2 from lost to no decision: "Parked one", P-2)": every deal named; ", such as D-1, …" some.
            named = (", " if self.changed > len(self.examples) else ": ") + such if such else ""
            return f"{counts} (it changed {changed}{named})"
        if not self.changed:
            return self.unchanged_words(stored=True)
        changed = listed([f"{plural(n, 'stored deal') if i == 0 else f'{n:,}'} from {_label(a)} to {_label(b)}"
                          for i, (a, b, n) in enumerate(self.changes)])
        back = (", as their own status, stage or closed/won columns say" if self.outcome is None else "")
        return f"changed {changed}{back}" + (f" ({such})" if such else "")


@dataclass(frozen=True)
class MappingEffects:
    """What changing the stage mappings does to the stored deals: one StageEffect per mapping changed
    (added, changed or cleared), in the mappings' order."""

    stages: tuple[StageEffect, ...]

    @property
    def changed(self) -> int:
        """Stored deals whose outcome the change changes."""
        return sum(s.changed for s in self.stages)

    def clauses(self, *, stored: bool = False) -> list[str]:
        """The clause of each mapping that changes some deal (StageEffect.clause)."""
        return [s.clause(stored=stored) for s in self.stages if s.changed]

    def as_json(self) -> dict:
        return {"changed": self.changed, "stages": [s.as_json() for s in self.stages]}

    def saved_sentence(self, earlier: MappingEffects | None = None) -> str:
        """The confirmation once the mappings are stored (these effects read on the store as committed), each
        mapping named once with what it does: "Stage mapping saved: 'Parked' → No decision, which counts 37
        stored deals as no decision (it changed 37 from lost to no decision, such as …). It applies to later
        files too."; several joined by ";" ("Stage mappings saved: 'Parked' → No decision, which …; 'Duplicate'
        → Lost, which counts 1 stored deal as lost. They apply …"). A mapping that counts no deal says why
        (StageEffect.saved_words). It named each mapping twice ("… saved: 'Duplicate' → Lost. 'Duplicate' →
        Lost counts 1 stored deal as lost."). `earlier`: the same change read on the store before the commit,
        whose deals' changes it names (the deals the commit stored were not there to change); None: these
        effects' own (the mappings stored alone, no file). The Data page and the command line say it alike."""
        changed_by = {s.stage: s for s in (self.stages if earlier is None else earlier.stages)}
        said = []
        for s in self.stages:
            was = changed_by.get(s.stage)
            s = replace(s, changes=was.changes if was else (), examples=was.examples if was else (),
                        deals_named=was.deals_named if was else ())
            said.append(f"{s.named()}, which {s.saved_words()}")
        one = len(self.stages) == 1
        return (f"{'Stage mapping' if one else 'Stage mappings'} saved: {'; '.join(said)}. "
                f"{'It applies' if one else 'They apply'} to later files too.")


# The stored columns a deal's outcome is derived from again (with_outcomes), as winloss.deals reads them.
def stored_outcome_frame(store: Store, stages: Iterable[str] | None = None) -> pl.DataFrame:
    """Every stored deal's id, stage, loss reason, stored outcome and own signals (status, closing
    columns), named as with_outcomes reads them, and its deal name (opportunity_name: the sentences name a deal
    by it, deal_named). With `stages` (stage values as a mapping names them), only the deals at those values,
    matched as the mappings match stages (folded_words) and filtered in the scan: what a change of a few mappings
    does is read from the deals at their stages alone (a weekly export's check read every one of a million stored
    deals for it), and from those whose loss reason says no real deal that a mapping names ("Duplicate": outcomes.reason_not_a_deal), which it settles."""
    if store.version() == 0:
        return pl.DataFrame(schema={"opportunity_id": pl.String, "stage": pl.String, "loss_reason": pl.String, "outcome": pl.String,
                                    "opportunity_name": pl.String})
    table = store.opportunities()
    if stages is not None:
        stages = list(stages)
        table = table.filter(pl.col("stage").is_in(_stage_values(table, stages))
                             | pl.col("loss_reason").is_in(_stage_values(table, stages, "loss_reason")))
    names = table.collect_schema().names()
    return table.select("opportunity_id", "stage", "loss_reason", "outcome", "opportunity_name", *stored_signals(names)).collect()


def _stage_values(table: pl.LazyFrame, stages: Iterable[str], column: str = "stage") -> list[str]:
    """The stage values of the stored deals `table` that `stages` name, as the mappings match them
    (folded_words: case, accents and punctuation do not count); read from the stage column alone. `column`
    "loss_reason": the loss reasons they name that say no real deal, which a mapping settles as it does a stage."""
    keys = {folded_words(s) for s in stages}
    held = table.select(pl.col(column).unique()).collect().get_column(column).drop_nulls().to_list()
    return [s for s in held if folded_words(s) in keys and (column == "stage" or not_a_deal(s))]


def stored_mapping_effects(store: Store, before: Mapping[str, str], after: Mapping[str, str]) -> MappingEffects | None:
    """mapping_effects of changing the stage mappings from `before` to `after` on the deals the store holds,
    read from the deals at the stages the change names alone; None, with nothing read, when no mapping changes."""
    keys = changed_keys(before, after)
    if not keys:
        return None
    return mapping_effects(stored_outcome_frame(store, [stage for stage, _ in keys]), store.no_decision_reasons(), before, after)


# The outcome a stored deal reads as under the mappings asked about (read_otherwise).
_READ = "__read"


def read_otherwise(store: Store, vocabulary: Iterable[str], stage_outcomes: Mapping[str, str]) -> pl.DataFrame | None:
    """The stored deals whose outcome, read under `stage_outcomes` and the no-decision `vocabulary` as
    the pages read them, is not the outcome stored with them (a mapping or vocabulary saved after they
    were stored, or chosen for a file): opportunity_id and `outcome`, the one they read as. None when
    the store holds no deal.

    with_outcomes reads a deal by its stage, loss reason, stored outcome and own signals alone, so it
    is asked once per distinct combination of those (a few hundred at a million deals); only the deals
    of the combinations read otherwise are read with their ids, filtered by stage in the scan."""
    if store.version() == 0:
        return None
    table = store.opportunities()
    inputs: list[str | pl.Expr] = ["stage", "loss_reason", "outcome", *stored_signals(table.collect_schema().names())]
    kinds = table.select(inputs).unique().collect()
    if kinds.height == 0:
        return None
    read = with_outcomes(kinds, vocabulary, dict(stage_outcomes)).get_column("outcome")
    differ = kinds.with_columns(read.alias(_READ)).filter(pl.col(_READ).ne_missing(pl.col("outcome")))
    if differ.height == 0:
        return pl.DataFrame(schema={"opportunity_id": pl.String, "outcome": pl.String})
    stages = differ.get_column("stage")
    at = pl.col("stage").is_in(stages.drop_nulls().unique().to_list())
    if stages.null_count():
        at = at | pl.col("stage").is_null()
    names = kinds.columns
    return (table.filter(at).select("opportunity_id", *inputs)
            .join(differ.lazy(), on=names, how="inner", nulls_equal=True)
            .select("opportunity_id", pl.col(_READ).alias("outcome")).collect())


def changed_keys(before: Mapping[str, str], after: Mapping[str, str]) -> list[tuple[str, str | None]]:
    """The mappings `after` changes over `before`, (stage as written, outcome or None where cleared),
    compared as the mappings match stages (folded: case, accents and punctuation do not count)."""
    old = {folded_words(k): v for k, v in before.items()}
    new = {folded_words(k): (k, v) for k, v in after.items()}
    changed: list[tuple[str, str | None]] = [(k, v) for key, (k, v) in new.items() if old.get(key) != v]
    return changed + [(k, None) for k in before if folded_words(k) not in new]


def outcomes_both_ways(deals: pl.DataFrame, vocabulary: Iterable[str], before: Mapping[str, str],
                       after: Mapping[str, str]) -> pl.DataFrame:
    """`deals` (stored_outcome_frame) with BEFORE and AFTER: each deal's outcome read under each mapping."""
    vocabulary = as_vocabulary(vocabulary)  # read twice; a list of it would drop the reasons it keeps lost
    return deals.with_columns(
        with_outcomes(deals, vocabulary, dict(before)).get_column("outcome").alias(BEFORE),
        with_outcomes(deals, vocabulary, dict(after)).get_column("outcome").alias(AFTER),
    )


def mapping_effects(deals: pl.DataFrame, vocabulary: Iterable[str], before: Mapping[str, str],
                    after: Mapping[str, str]) -> MappingEffects | None:
    """What changing the stage mappings from `before` to `after` does to `deals` (stored_outcome_frame),
    each deal read under the store's no-decision `vocabulary` and each mapping, as the pages read it;
    None when no mapping changes."""
    keys = changed_keys(before, after)
    if not keys:
        return None
    # Each distinct stage folded once, not each deal's.
    folded = {s: folded_words(s) for s in deals.get_column("stage").drop_nulls().unique().to_list()}
    # A loss reason that says no real deal is mapped as a stage value is (outcomes.reason_not_a_deal): its deals are
    # the mapping's too.
    reasons = {r: folded_words(r) for r in deals.get_column("loss_reason").drop_nulls().unique().to_list() if not_a_deal(r)}
    read = outcomes_both_ways(deals, vocabulary, before, after).with_columns(
        pl.col("stage").replace_strict(folded, default=None, return_dtype=pl.String).alias("__key"),
        pl.col("loss_reason").replace_strict(reasons, default=None, return_dtype=pl.String).alias("__reason_key"))
    own = pl.lit(False)
    for signal in [c for c in (STATUS_OUTCOME, CLOSING_OUTCOME) if c in read.columns]:
        own = own | pl.col(signal).is_not_null()
    read = read.with_columns(own.alias("__own"))
    effects = []
    for stage, outcome in keys:
        at = read.filter((pl.col("__key") == folded_words(stage)) | (pl.col("__reason_key") == folded_words(stage)))
        moved = at.filter(pl.col(BEFORE).ne_missing(pl.col(AFTER)))
        changes = (moved.group_by(BEFORE, AFTER).len().sort(["len", BEFORE, AFTER], descending=[True, False, False], nulls_last=True)
                   .iter_rows())
        kept = at.filter(pl.col(BEFORE).eq_missing(pl.col(AFTER)))
        by_outcome = kept.group_by(AFTER).len().sort(["len", AFTER], descending=[True, False], nulls_last=True).iter_rows()
        # A kept deal its own columns decide: they say an outcome other than the one mapped to.
        decided = kept.filter(pl.col("__own") & pl.col(AFTER).ne_missing(pl.lit(outcome, pl.String))).height
        counted = 0 if outcome is None else at.filter((pl.col(AFTER) == outcome) & _counted_by_mapping(read, outcome)).height
        effects.append(StageEffect(
            stage, outcome, at.height, tuple((a, b, n) for a, b, n in changes),
            tuple(moved.get_column("opportunity_id").head(MAX_EXAMPLES).to_list()),
            tuple((o, n) for o, n in by_outcome), decided, counted, deals_named=_named(moved.head(MAX_EXAMPLES)),
        ))
    return MappingEffects(tuple(effects))


def _named(deals: pl.DataFrame) -> tuple[str, ...]:
    """`deals` (opportunity_id, and opportunity_name where the frame has it) as the sentences name them, in their
    order (deal_named: the deal name in quotes, else the id)."""
    names = deals.get_column("opportunity_name") if "opportunity_name" in deals.columns else [None] * deals.height
    return tuple(deal_named(i, n) for i, n in zip(deals.get_column("opportunity_id"), names, strict=True))


def _counted_by_mapping(read: pl.DataFrame, outcome: str) -> pl.Expr:
    """Whether a deal's outcome is the mapping's doing: its own status and closed/won columns say nothing
    (or only "not won", or only "closed"), or say lost where the mapping says no decision (a mapping to no decision makes a
    lost deal so, as the stage's words would)."""
    mine = pl.lit(True)
    for signal in (STATUS_OUTCOME, CLOSING_OUTCOME):
        if signal in read.columns:
            said = pl.col(signal)
            mine = mine & (said.is_null() | said.is_in([NOT_WON, CLOSED]) | ((said == LOST) & pl.lit(outcome == NO_DECISION)))
    return mine.fill_null(False)


def stored_under(deals: pl.DataFrame, vocabulary: Iterable[str], before: Mapping[str, str],
                 after: Mapping[str, str]) -> pl.DataFrame:
    """The stored deals (stored_outcome_frame) whose outcome the change of mappings changes:
    opportunity_id and `outcome`, the one they have under `after`. What the checks before a commit
    compare a file's rows with in place of the stored outcome, so the mapping's changes are not the file's."""
    if not changed_keys(before, after):
        return pl.DataFrame(schema={"opportunity_id": pl.String, "outcome": pl.String})
    read = outcomes_both_ways(deals, vocabulary, before, after)
    return read.filter(pl.col(BEFORE).ne_missing(pl.col(AFTER))).select("opportunity_id", pl.col(AFTER).alias("outcome"))


def _mappings_in_force(store: Store) -> list[dict[str, str]]:
    """Every set of stage mappings some live version put in force (the versions whose manifest note names stage
    mappings: those saved by themselves, cleared, or stored with a file), oldest first, and the store's now."""
    manifest = store.manifest()
    if manifest.height == 0:
        return []
    changed = manifest.filter(pl.col("store_version").is_in(store.live_versions())
                              & pl.col("note").fill_null("").str.contains("stage mapping", literal=True))
    return [dict(store.setting("stage_outcomes", {}, at=v)) for v in changed.get_column("store_version").to_list()]


def _stored_under(store: Store, shas: Iterable[str | None], before: Mapping[str, str]) -> dict[str | None, dict[str, str]]:
    """{an upload's sha256: the stage mappings in force when it was stored (its version's, with its own)} for
    `shas` (stored deals' source_sha256), the last live upload of those bytes; `before` (the store's now) for a
    deal whose upload the manifest does not hold."""
    uploads = store.live_uploads().select("sha256", "store_version")
    last = dict(uploads.group_by("sha256").agg(pl.col("store_version").max()).iter_rows())
    read: dict[int, dict[str, str]] = {}
    found: dict[str | None, dict[str, str]] = {}
    for sha in shas:
        version = last.get(sha)
        if version is None:
            found[sha] = dict(before)
        else:
            found[sha] = read.setdefault(version, dict(store.setting("stage_outcomes", {}, at=version)))
    return found


def status_remapped(
    store: Store, rows: Iterable[pl.LazyFrame], vocabulary: Iterable[str], before: Mapping[str, str],
    after: Mapping[str, str], values: Iterable[str],
) -> pl.DataFrame:
    """The stored deals whose outcome a change of the mapping of a status value changes: a deal keeps its status's
    outcome, not its text, so a row's status value (`rows`: a file's accepted rows, a part at a time:
    opportunity_id, MAPPED_STATUS, STORED_STATUS) is taken for its stored deal's when `after` (the file's mappings)
    maps the value otherwise than the mappings in force when the deal was stored (its upload's version: a mapping
    chosen with this file, saved by itself since, or cleared) and, read under those, it says the status outcome
    stored with the deal (null for null: it said none, nor did the deal's). Such a deal is read as the row's
    status says it now, under `after` (the row's status outcome, as its own closed/won columns left it): a status
    the CRM changed (from a won one to 'Open', say) is not one, and stays the file's doing.

    opportunity_id, MAPPED_STATUS, BEFORE (the deal's outcome as the pages read it, under `before`, the store's
    mappings), AFTER (under `after`, with the row's status), STORED_STATUS (the row's), STAGE_WRITTEN (the value
    as the mapping that changed writes it) and MAPPED_NOW (its outcome under `after`, null where it was cleared),
    EARLIER (whether the change was in force before this file: saved or cleared by itself) and the stored deal's
    opportunity_name (with_status_effects names it by it), for the deals whose outcome that changes. `values`: the
    file's status values, folded (PreparedFile.status_values): nothing is read when no mapping in force since its
    deals were stored maps one of them otherwise than `after`."""
    found = pl.DataFrame(schema={"opportunity_id": pl.String, MAPPED_STATUS: pl.String, BEFORE: pl.String,
                                 AFTER: pl.String, STORED_STATUS: pl.String, STAGE_WRITTEN: pl.String,
                                 MAPPED_NOW: pl.String, EARLIER: pl.Boolean, "opportunity_name": pl.String})
    if store.version() == 0:
        return found
    now = folded_stage_outcomes(after)
    in_force = [*_mappings_in_force(store), dict(before)]
    keys = sorted(k for k in set(values) if any(folded_stage_outcomes(m).get(k) != now.get(k) for m in in_force))
    if not keys:
        return found
    table = store.read("opportunities")
    stored = table.select("opportunity_id", "stage", "loss_reason", "outcome", "opportunity_name", "source_sha256",
                          *stored_signals(table.collect_schema().names()))
    if STATUS_OUTCOME not in stored.collect_schema().names():
        stored = stored.with_columns(pl.lit(None, pl.String).alias(STATUS_OUTCOME))
    parts = [
        part.filter(pl.col(MAPPED_STATUS).is_in(keys)).rename({STORED_STATUS: "__row_status"})
        .join(stored, on="opportunity_id", how="inner")
        .filter(pl.col("__row_status").ne_missing(pl.col(STATUS_OUTCOME)))
        .collect()
        for part in rows
    ]
    candidates = pl.concat(parts) if parts else pl.DataFrame()
    if candidates.height == 0:
        return found
    # What each value said when each deal's upload was stored, and whether its mapping has changed since.
    was = _stored_under(store, candidates.get_column("source_sha256").unique().to_list(), before)
    written_now = {folded_words(k): k for k in after}
    said_rows = []
    for sha, mappings in was.items():
        then = folded_stage_outcomes(mappings)
        written = {folded_words(k): k for k in mappings}
        said = status_outcomes(pl.Series(keys, dtype=pl.String), mappings).to_list()
        said_rows += [(sha, key, outcome, written_now.get(key) or written.get(key, key), folded_stage_outcomes(before).get(key) == now.get(key))
                      for key, outcome in zip(keys, said, strict=True) if then.get(key) != now.get(key)]
    said_frame = pl.DataFrame(said_rows, schema={"source_sha256": pl.String, MAPPED_STATUS: pl.String, "__said": pl.String,
                                                 STAGE_WRITTEN: pl.String, EARLIER: pl.Boolean}, orient="row")
    candidates = (candidates.join(said_frame, on=["source_sha256", MAPPED_STATUS], how="inner", nulls_equal=True)
                  .filter(pl.col(STATUS_OUTCOME).eq_missing(pl.col("__said"))))
    if candidates.height == 0:
        return found
    vocabulary = as_vocabulary(vocabulary)  # read twice; a list of it would drop the reasons it keeps lost
    read_before = with_outcomes(candidates, vocabulary, dict(before)).get_column("outcome")
    read_after = with_outcomes(candidates.with_columns(pl.col("__row_status").alias(STATUS_OUTCOME)), vocabulary, dict(after))
    return (candidates.with_columns(read_before.alias(BEFORE), read_after.get_column("outcome").alias(AFTER),
                                    pl.col(MAPPED_STATUS).replace_strict(now, default=None, return_dtype=pl.String).alias(MAPPED_NOW))
            .filter(pl.col(BEFORE).ne_missing(pl.col(AFTER)))
            .select("opportunity_id", MAPPED_STATUS, BEFORE, AFTER, pl.col("__row_status").alias(STORED_STATUS),
                    STAGE_WRITTEN, MAPPED_NOW, EARLIER, "opportunity_name"))


# status_remapped's columns: the status value as the changed mapping writes it, its outcome now (null: cleared),
# and whether that change was in force before the file (saved or cleared by itself, not chosen with it).
STAGE_WRITTEN, MAPPED_NOW, EARLIER = "__stage_written", "__mapped_now", "__earlier"


def with_status_effects(effects: MappingEffects | None, remapped: pl.DataFrame, after: Mapping[str, str]) -> MappingEffects | None:
    """`effects` (stored_mapping_effects: the stored deals at the stage values the change maps) with what it does
    through the status values it maps (`remapped`, status_remapped) added to each value's StageEffect, so "1
    stored deal changes from won to lost because you map 'Signed' to Lost" is said as the mapping's doing; a
    mapping saved or cleared before the file is said in the past ("because you mapped 'Signed' to Lost", "because
    you cleared the mapping of 'Signed'")."""
    if remapped.height == 0:
        return effects
    stages = list(effects.stages) if effects is not None else []
    for (key,), deals in remapped.group_by(MAPPED_STATUS, maintain_order=True):
        moved = deals.group_by(BEFORE, AFTER).len().sort(["len", BEFORE, AFTER], descending=[True, False, False], nulls_last=True)
        stage, outcome, earlier = deals.row(0, named=True)[STAGE_WRITTEN], deals.get_column(MAPPED_NOW)[0], bool(deals.get_column(EARLIER).all())
        at = next((i for i, s in enumerate(stages) if folded_words(s.stage) == key), None)
        effect = stages[at] if at is not None else StageEffect(stage, outcome, 0, (), (), (), 0, earlier=earlier)
        changes: dict[tuple[str | None, str | None], int] = {(a, b): n for a, b, n in effect.changes}
        for a, b, n in moved.iter_rows():
            changes[(a, b)] = changes.get((a, b), 0) + n
        effect = replace(
            effect, deals=effect.deals + deals.height,
            changes=tuple((a, b, n) for (a, b), n in sorted(changes.items(), key=lambda item: -item[1])),
            examples=(*effect.examples, *deals.get_column("opportunity_id").to_list())[:MAX_EXAMPLES],
            deals_named=(*(effect.deals_named or effect.examples), *_named(deals.head(MAX_EXAMPLES)))[:MAX_EXAMPLES])
        if at is None:
            stages.append(effect)
        else:
            stages[at] = effect
    return MappingEffects(tuple(stages))


# Said when stage mappings given without a file are the store's already: nothing is written.
MAPPINGS_STORED_ALREADY = "These stage mappings are stored already: nothing changed."


@dataclass(frozen=True)
class MappingsStored:
    """Stage mappings stored without a file, as their own version (`change`), and what they did to the
    stored deals (`effects`, read before they were stored)."""

    change: Change
    effects: MappingEffects
    # The mapped values at no stored deal's stage, where stored deals keep a status's outcome: they may be
    # status values, whose deals change only with the next export holding them (status_remapped).
    by_status: tuple[str, ...] = ()

    @property
    def sentence(self) -> str:
        """The confirmation: "Stored as version 3. Stage mapping saved: 'Parked' → No decision. …" (saved_sentence),
        and for values at no stored deal's stage, where deals keep their status's outcome, when that changes:
        "A stored deal keeps the outcome its status said when it was stored: a deal whose status is 'Signed'
        changes when the next export holding it is stored, which says so as this mapping's doing." """
        said = f"Stored as version {self.change.store_version}. {self.effects.saved_sentence()}"
        if self.by_status:
            values = listed([f"'{v}'" for v in self.by_status], "or")
            said += (f" A stored deal keeps the outcome its status said when it was stored: a deal whose status is {values} "
                     "changes when the next export holding it is stored, which says so as this mapping's doing.")
        return said


def store_stage_mappings(store: Store, stage_outcomes: Mapping[str, str], user: str | None = None) -> MappingsStored | None:
    """Store `stage_outcomes` (every mapping in effect: the store's with the changes) with no file, as one
    version (Store.save_stage_outcomes): a mapping is re-applied to every stored deal when it is read. None,
    and nothing written, when the store holds them already (compared as the mappings match stages). The
    command line's `ingest --stage` without a file and the Data page's Commit of a file stored already call it."""
    effects = stored_mapping_effects(store, store.stage_outcomes(), stage_outcomes)
    if effects is None:
        return None
    unstaged = tuple(s.stage for s in effects.stages if s.deals == 0)
    by_status = unstaged if unstaged and _keeps_statuses(store) else ()
    return MappingsStored(store.save_stage_outcomes(stage_outcomes, user=user), effects, by_status)


def _keeps_statuses(store: Store) -> bool:
    """Whether some stored deal keeps the outcome its status said (STORED_STATUS): read from that column alone."""
    table = store.opportunities()
    if STORED_STATUS not in table.collect_schema().names():
        return False
    return bool(table.select(pl.col(STORED_STATUS).is_not_null().any()).collect().item())


__all__ = ["MAPPINGS_STORED_ALREADY", "MappingEffects", "MappingsStored", "StageEffect", "changed_keys", "mapping_effects",
           "read_otherwise", "status_remapped", "store_stage_mappings", "stored_mapping_effects", "stored_outcome_frame",
           "stored_under", "with_status_effects"]
