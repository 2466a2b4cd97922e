"""What storing an export would do to the deals the store already holds, said before it is stored.

The Data page (before Commit) and the command line (before it stores the file) say these in the
same sentences, from here:

- `changes_nothing`: the same bytes are already stored and would store no more rows, so the commit
  is a no-op (Store.commit_file skips it) and nothing below is said of it.
- `reopened`: deals the store holds as closed that the file has open, closed on an earlier date, or
  closed on the same date with another outcome: the mark of an export older than the last one
  stored (storing it turns won and lost deals back into pipeline, back to an earlier outcome and
  quarter, or from won to lost), unless the CRM corrected them; and deals it holds open from an
  earlier export that the file has closed on a date before that export was made, where the file's
  dates read either way and read the other way would close them after it: the mark of dates read in
  the wrong day/month order, which it names as the fix (a close the CRM back-dated, with no other
  reading, is no such mark: reps mark deals won days after they closed).
- `absent_deals`: open and closed deals stored from earlier exports of the same report (same_report: the
  same source, columns and file name but for dates and numbers, or a renamed copy holding its deals) that
  the file does not have. A note, not a block: exports are often filtered; but a deal deleted in the CRM
  that an export leaves out stays open pipeline here, or counted as won or lost, and the user should know.
  `taken_as_report` says which stored report a renamed copy was taken as, and by what. Another report's
  deals are not counted: they are never in this one; nor is a deal the file has with its id's leading
  zeros dropped (`zeros_dropped`'s rule, _zeros_pairs), which the note names apart.
- `deleted_stored`: deals stored from earlier exports of the same report (the same same_report decision
  as `absent_deals`', renamed copies included) that the file marks deleted in the CRM (its status or stage
  says so: such a row is quarantined): storing the file takes them out of the store in its version
  (Store.commit_file's `removed`, `deleted_stored_ids`), so they leave the open pipeline and every count,
  and a rollback of the upload brings them back. The file has them, so `absent_deals` does not call them
  missing: one rule (_unstored_report_deals) splits the report's deals the file stores no row of into
  those it marks deleted, those on another of its quarantined rows and those it lacks.
- `quarantined_stored`: deals stored from earlier exports of the same report whose row in the file was
  quarantined (a bad close date, a negative amount; not one deleted in the CRM), on no row it stores: the
  file lists them, so they are kept as stored, not updated, and neither named missing by `absent_deals`
  nor offered to take out by `unlisted_deals` (a Closed Won row with an Excel serial for its close date
  had its deal offered, and taken out, as one the report no longer lists).
- `deal_changes`: what the file changes in the deals the store holds, every deal the commit counts
  as "updated" once: by transition, open deals it closes (won, lost, no decision), closed deals whose
  outcome it changes, open deals it moves to another stage; then deals changed only in how their
  rep is spelt (a roster's spelling stored over an earlier export's), and deals changed in other
  fields (amount, close date...); deals `reopened` says are counted and left to it to name. What an
  ops person checking a weekly load and a leader preparing a pipeline review want to know moved,
  where the commit message only counts "6 updated".
- `zeros_dropped`: deals of the file whose id is a stored deal's with its leading zeros dropped (or
  added): Excel drops them when it opens a CSV, and storing the file would count each deal twice, so
  the command line stores it only with --allow-zeros-dropped and the Data page only once the user
  ticks that these are other deals. One rule (`_zeros_pairs`) says which stored deal such a row is,
  for this warning and for `absent_deals`.
- `other_report_deals`: stored deals another report's export wrote whose ids the file has for a deal of
  another rep, account or deal name (two CRMs number their deals alike): storing it would overwrite them,
  so the command line stores it only with --allow-other-report and the Data page only once the user ticks
  that they are the same deals.

Each reads only what it needs from the store (ids, outcomes, close dates, stages, and the file each deal came
from; `deal_changes` every field the commit compares).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from typing import Final, Literal

import polars as pl

from data_models.vocabulary import LOST, NO_DECISION, OPEN, OPPORTUNITY_FIELDS, OPPORTUNITY_SCHEMA, OUTCOME_LABELS, WON
from winloss.constant_columns import constant
from winloss.ingest import changed_deals
from winloss.ingest.identity import EMAIL_SHAPE, did_you_mean, email_key, name_key, rep_key
from winloss.ingest.hints import command_line_hint, quoted
from winloss.ingest.mapping_effects import (
    AFTER, MappingEffects, read_otherwise, status_remapped, stored_mapping_effects, with_status_effects,
)
from winloss.ingest.outcomes import MAPPED_STATUS, STORED_STATUS
from winloss.ingest.mapping import FIELD_LABELS, stored_source_words, unused_columns
from winloss.ingest.pipeline import PreparedFile, loaded_before, owner_lookalike_names, store_spellings
from winloss.ingest.quarantine import excel_safe_csv
from winloss.ingest.same_report import RULE, SameReport, deals_alike, same_report, taken_as_sentence, stored_columns, upload_label
from winloss.store.delta import DEALS_COMPARED, Store
from winloss.store.readings import stores_nothing_new
from winloss.store.tables import STORED_OPPORTUNITY_SCHEMA
from winloss.text import NO_CHANGE, UNLISTED, deal_named, listed, plural, quoted_name, whole, whole_money
from winloss.text import day as day_text

MAX_EXAMPLES = 3
# What to do about deals of another report whose ids a file has for other deals (other_report_deals).
OTHER_DEALS_APART = (
    "give this file's ids a prefix of their own" + command_line_hint("--id-prefix", "PREFIX, such as MX-, and ingest it again")
    + ": later exports of its report are given it too"
)


@dataclass(frozen=True)
class StoredDeals:
    """Some deals the store holds, told about an upload: how many (`deals`), up to MAX_EXAMPLES of
    their ids (`examples`, file text: escape them to show them) and the sentence that says it; of
    `reopened`'s, those closed before an earlier export that had them open (`closed_early`, in `deals`); of
    `other_report_deals`', every id it names (`ids`), which the warnings on the file's own report's deals
    (missing_fields, reopened) leave to it."""

    deals: int
    examples: tuple[str, ...]
    sentence: str
    closed_early: int = 0
    # Of `reopened`'s deals taken back, how many of each kind (_back_kinds: (kind, deals), "open", "earlier", "same day").
    back_kinds: tuple[tuple[str, int], ...] = ()
    closed: int = 0  # of absent_deals' deals, those closed
    ids: frozenset[str] = frozenset()

    def as_json(self) -> dict:
        """{"deals": int, "examples": [id, ...], "sentence": str}, for the command line's --json."""
        return {"deals": self.deals, "examples": list(self.examples), "sentence": self.sentence}


def changes_nothing(prepared: PreparedFile, store: Store, uploads: pl.DataFrame | None = None) -> dict | None:
    """The manifest row of the earlier upload of these same bytes when storing this file would
    change nothing (it is in effect, no later version replaced what it set, this file stores no more rows
    than it did and is read as it was: Store.already_ingested's rule and readings.stores_nothing_new, by
    which Store.commit_file then skips it: pipeline.loaded_before); None when storing it would write something.

    `uploads`: the store's live manifest rows (Store.live_uploads), when the caller has read them
    already (one read of the manifest for every check before a commit); else read here."""
    loaded = loaded_before(store, prepared, uploads)
    if loaded is None or loaded.since is not None:
        return None
    if not stores_nothing_new(loaded.row, prepared.deals_accepted, prepared.reading_json):
        return None
    return loaded.row


def _stores_nothing(prepared: PreparedFile, store: Store, unchanged: bool | None) -> bool:
    """`unchanged` when the caller has asked `changes_nothing` already, else its answer read here."""
    return changes_nothing(prepared, store) is not None if unchanged is None else unchanged


def _is_export(prepared: PreparedFile) -> bool:
    return not prepared.rejected and prepared.kind == "opportunities"


def _under_file_mappings(prepared: PreparedFile, store: Store) -> tuple[pl.DataFrame, MappingEffects | None] | None:
    """The stored deals whose outcome, read under the file's stage mappings (those it was prepared with: the
    store's with the user's choices for it; the store's when it was prepared without any), is not the outcome
    stored with them, as the pages will read them once the file is stored: (opportunity_id, that `outcome`
    and `status_outcome`, null but for the deals a status value's new mapping changes; what the file's change of
    mappings does, mapping_effects, None when it changes none). A file's row is compared with these, not with
    the outcome stored with the deal: a deal stored before a mapping (or a no-decision loss reason) saved later,
    by itself or with another file, is read by the pages under the mappings the store holds now, and the file
    is not blamed for it; what the file's own change of mappings does is said as the mapping's. A deal keeps
    its status's outcome, not its text: one whose status value the file maps otherwise (mapping_effects.
    status_remapped) is read as the file's row says that value now, so the mapping is not taken for a reopened
    deal. None when the store holds no deal."""
    if store.version() == 0:
        return None
    before = store.stage_outcomes()
    after = before if prepared.stage_outcomes is None else prepared.stage_outcomes
    if not before and not after and not _settings_changed(store):
        return None  # every deal was stored under the rules the pages read it by: no read of the store
    vocabulary = store.no_decision_reasons()
    mapped = read_otherwise(store, vocabulary, after)
    if mapped is None:
        return None
    effects = stored_mapping_effects(store, before, after)
    remapped = status_remapped(store, prepared.accepted_columns(["opportunity_id", MAPPED_STATUS, STORED_STATUS]),
                               vocabulary, before, after, prepared.status_values)
    mapped = pl.concat([
        mapped.filter(~pl.col("opportunity_id").is_in(remapped.get_column("opportunity_id").implode()))
        .with_columns(pl.lit(None, pl.String).alias(STORED_STATUS)),
        remapped.select("opportunity_id", pl.col(AFTER).alias("outcome"), STORED_STATUS),
    ])
    return mapped, with_status_effects(effects, remapped, after)


def _settings_changed(store: Store) -> bool:
    """Whether some version changed how a stored deal's outcome is read (a setting saved by itself: stage
    mappings, the no-decision vocabulary; or stage mappings stored with a file), so a deal stored before it
    may be read otherwise than its stored outcome says."""
    manifest = store.manifest()
    if manifest.height == 0:
        return False
    note = pl.col("note").fill_null("").str.contains("stage mapping", literal=True)
    return bool(manifest.select(((pl.col("action") == "settings") | note).any()).item())


def _with_outcomes_from(
    frame: pl.LazyFrame, mapped: pl.DataFrame | None, column: str = "outcome", status: str | None = None,
) -> pl.LazyFrame:
    """`frame` (stored deals with opportunity_id and `column`, their stored outcome) with that outcome
    replaced by the one `mapped` (_under_file_mappings) gives the deals the file's mappings change; and, with
    `status` (the frame's column of their stored status outcome), that too where a status value's new mapping
    changes it, so the mapping's change is not counted as the file's."""
    if mapped is None or mapped.height == 0:
        return frame
    read = mapped.lazy().rename({"outcome": "__mapped", STORED_STATUS: "__mapped_status_outcome"})
    replaced = [pl.coalesce("__mapped", column).alias(column)]
    if status is not None:
        replaced.append(pl.coalesce("__mapped_status_outcome", status).alias(status))
    return (frame.join(read, on="opportunity_id", how="left").with_columns(replaced)
            .drop("__mapped", "__mapped_status_outcome"))


# Each deal the file would take back, beside what the store holds of it (file columns, then these).
_STORED_OUTCOME, _STORED_CLOSE = "__stored_outcome", "__stored_close_date"


def _takes_back(close: pl.Expr | None = None) -> pl.Expr:
    """Whether a file's row (outcome, close_date) takes back a stored closed deal beside it (_STORED_OUTCOME,
    _STORED_CLOSE): it has it open, closed on an earlier date, or closed on the same date with another
    outcome. Null where a close date is missing on either side (such a deal says nothing of which export
    is older). `close`: the row's close date read otherwise (_OTHER_CLOSE), instead of its close_date."""
    close = pl.col("close_date") if close is None else close
    return (
        (pl.col("outcome") == OPEN) | (close < pl.col(_STORED_CLOSE))
        | ((close == pl.col(_STORED_CLOSE)) & (pl.col("outcome") != pl.col(_STORED_OUTCOME)))
    )


def _taken_back(prepared: PreparedFile, closed: pl.DataFrame) -> pl.DataFrame:
    """The file's deals that `closed` (stored closed deals: opportunity_id, outcome, close_date) holds
    as closed and the file has open, closed on an earlier date, or closed on the same date with another
    outcome: opportunity_id, outcome, close_date, then the stored outcome and close date, in the file's
    order. A close date missing on either side says nothing of which export is older, so such a deal is
    not counted."""
    stored = closed.lazy().select(
        "opportunity_id", pl.col("outcome").alias(_STORED_OUTCOME), pl.col("close_date").alias(_STORED_CLOSE))
    back = _takes_back()
    # Each part joined alone (a staged file is never all in memory at once) and sorted by row after
    # the join (its maintain_order="left" took 0.6 s at a million stored ids): the parts are in order.
    found = [
        part.with_row_index("__row").join(stored, on="opportunity_id", how="inner").filter(back)
        .sort("__row").drop("__row").collect()
        for part in prepared.accepted_columns(["opportunity_id", "outcome", "close_date"])
    ]
    return pl.concat(found) if found else pl.DataFrame()


def _state(outcome: str, close: dt.date | None) -> str:
    """A deal's state as the warning names it: "won on 10 Apr 2025", "open"."""
    said = OUTCOME_LABELS[outcome].lower()
    return said if outcome == OPEN or close is None else f"{said} on {day_text(close)}"


def reopened(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, apart: frozenset[str] = frozenset(),
) -> StoredDeals | None:
    """Deals the store holds as closed (won, lost, no decision) that this export would take back in
    time or change on the day they closed: it has them open (storing it reopens them), closed on an
    earlier date than the stored close (storing it moves them back to that close, whatever its
    outcome), or closed on the stored close date with another outcome (storing it changes the
    outcome: won to lost, say). Each is the mark of an export older than the last one stored, though
    the last may be the CRM correcting an outcome; a later close is a newer export's update, and the
    same close with the same outcome no change.
    None when there are none, for a file that is not an export, or for one whose commit changes
    nothing (`changes_nothing`: an older export uploaded again leaves them as they are). Examples are
    the first in the file's order; the sentence gives the first's stored and incoming states.

    `stored`: the stored deals as currency_changes.stored_outcomes_and_currencies reads them, when
    the caller has read them already (one read for every check before a commit; with the deals dated
    outside the accepted window, Store.outside_date_window, read here: the commit takes them back too);
    else read here. `unchanged`: whether the commit changes nothing (`changes_nothing(...) is not None`),
    when the caller has asked already, so the manifest is read once for both checks; else asked here.
    `uploads`: the live manifest rows, as for `absent_deals` (read only for a file without a loss reason column,
    or one that closes stored open deals on a date before the day they were stored).

    So are deals the store holds open that this export has closed on a date before an earlier export that
    had them open was made (`_closed_early`), when the file's dates read either way and read the other way
    would close them after it (`_in_other_order_after`): the mark of dates read in the wrong day/month order,
    which the sentence names as the fix (`_other_order_sentence`). A close back-dated in the CRM with no such
    other reading is not held.

    `apart`: the ids of deals another report stored that the file has for other deals (other_report_deals'
    `ids`), left out: that warning explains them, and this one had blamed an older export of the file's own
    report for them (a Pipedrive export sharing ids with the HubSpot deals stored)."""
    if not _is_export(prepared) or _stores_nothing(prepared, store, unchanged):
        return None
    # The stored closed deals read once (0.2 s at a million deals), each part of the file joined to them. A deal
    # dated outside the accepted window is one too: `stored` leaves it out as the pages do, but the commit
    # merges the file's row into it, and deal_changes counted it taken back with no warning naming it.
    columns = ["opportunity_id", "outcome", "close_date", "source_sha256"]
    read = (store.read("opportunities").select(columns) if stored is None
            else pl.concat([stored.lazy().select(columns),
                            store.outside_date_window().select(*columns[:3], pl.col("source_sha256").cast(pl.Categorical))]))
    # Read under the file's own stage mappings: a deal only the user's new mapping changes is not taken back.
    mapped = _under_file_mappings(prepared, store)
    source = _with_outcomes_from(read, None if mapped is None else mapped[0]).collect()
    closed = source.filter(pl.col("outcome") != OPEN).select("opportunity_id", "outcome", "close_date")
    # Only a file whose close dates read either way can hold such a deal (_in_other_order_after): the earlier
    # exports' stored deals are read for no other.
    dates = prepared.date_order
    early = (_in_other_order_after(prepared, _closed_early(prepared, store, source.filter(pl.col("outcome") == OPEN), uploads))
             if dates is not None and "close_date" in dates.either_way else pl.DataFrame())
    back = _taken_back(prepared, closed) if closed.height else pl.DataFrame()
    if apart:
        back = back.filter(~pl.col("opportunity_id").is_in(list(apart))) if back.height else back
        early = early.filter(~pl.col("opportunity_id").is_in(list(apart))) if early.height else early
    if back.height and prepared.mapping is not None and "loss_reason" in _not_carried(prepared):
        # A no-decision deal the file has lost on the same day because it has no loss reason column is
        # missing_fields' to say (the warning had blamed an older export for a renamed column): by the
        # same rule (_lacking), asked only when the file has such deals.
        explained = (pl.col("close_date") == pl.col(_STORED_CLOSE)) & _becomes_lost(("loss_reason",))
        if back.select(explained.fill_null(False).any()).item():
            explained = (pl.col("close_date") == pl.col(_STORED_CLOSE)) & _becomes_lost(_lacking(prepared, store, uploads)[1])
            back = back.filter(~explained.fill_null(False))
    n = back.height
    if n == 0:
        if early.height == 0:
            return None
        said_early, back_dated = _early_sentence(early)
        order = _other_order_sentence(prepared, [_early_order(early, ("it", "them"))])
        return StoredDeals(early.height, tuple(early.get_column("opportunity_id").head(MAX_EXAMPLES).to_list()),
                           f"{said_early}{order} {back_dated}", closed_early=early.height)
    examples, first, also = _first_of(back)
    example = (f"{first['opportunity_id']}: {_state(first[_STORED_OUTCOME], first[_STORED_CLOSE])} in the store, "
               f"{_state(first['outcome'], first['close_date'])} in this file{also}")
    where, effect, advice = _taking_back(back, "it" if n == 1 else "them")
    sentence = (f"{plural(n, 'deal')} closed in the store {'is' if n == 1 else 'are'} {where} in this file "
                f"(such as {example}): storing it {effect}.")
    # Said before the advice on older exports: dates read in the wrong order are the likelier cause. One sentence
    # says it of both kinds of deal when the file holds both, each by name: it was said twice.
    taken_back = _OrderClause(back, ~_takes_back(pl.col(_OTHER_CLOSE)) & (pl.col("outcome") != OPEN),
                              "would not be taken back", "none of {them} would be taken back", ("it", "them"))
    if early.height == 0:
        return StoredDeals(n, examples, f"{sentence}{_other_order_sentence(prepared, [taken_back])} {advice}",
                           back_kinds=_back_kinds(back))
    said_early, back_dated = _early_sentence(early)
    order = _other_order_sentence(prepared, [
        replace(taken_back, them=("the deal closed in the store", "the deals closed in the store")),
        _early_order(early, ("the deal held open", "the deals held open")),
    ])
    examples = (*examples, *early.get_column("opportunity_id").to_list())[:MAX_EXAMPLES]
    return StoredDeals(n + early.height, examples, f"{sentence} {said_early}{order} {advice} {back_dated}",
                       closed_early=early.height, back_kinds=_back_kinds(back))


# A file row's close date read in the other day/month order (_with_other_close), beside it.
_OTHER_CLOSE = "__other_close_date"
# The upload an early-closed deal was stored open from, and the last day that export shows as past (_closed_early).
_EARLIER_LABEL, _SHOWN_BY = "__earlier_label", "__shown_by"


def _with_other_close(prepared: PreparedFile, rows: pl.DataFrame) -> pl.DataFrame | None:
    """`rows` (file rows with close_date) with _OTHER_CLOSE: each close date with its day and month swapped,
    as the file's close date texts read in the other order give it; None when the file's close dates do not
    read either way (its dates show their order, or its close date column has no d/m/y dates:
    date_order.DateOrder.either_way). A close date whose day is past 12 is no date the other way (null). A
    closed deal's close date is its close date column's (a won or lost date column only fills a blank one)."""
    order = prepared.date_order
    if order is None or "close_date" not in order.either_way:
        return None
    close = pl.col("close_date")
    swapped = pl.when(close.dt.day() <= 12).then(pl.date(close.dt.year(), close.dt.day(), close.dt.month()))
    return rows.with_columns(swapped.alias(_OTHER_CLOSE))


@dataclass(frozen=True)
class _OrderClause:
    """Deals a warning names (`rows`: file rows with opportunity_id, close_date, what `cleared` reads, and
    _OTHER_CLOSE when read already) of which `cleared` (an expression of _OTHER_CLOSE) no longer warns with the
    file's close dates read in the other order: `words` what such deals then would be ("would not be taken back",
    after "4 of them"), `every` what is said when it is all of them ("none of {them} would be taken back"), `them`
    how the clause names one such deal and several ("it", "them"; by kind where a sentence names two kinds)."""

    rows: pl.DataFrame
    cleared: pl.Expr
    words: str
    every: str
    them: tuple[str, str]


def _other_order_sentence(prepared: PreparedFile, clauses: Sequence[_OrderClause]) -> str:
    """" Read day-first instead, 4 of them would not be taken back (such as 4101, closing on 5 Nov 2026): if this
    file's dates are day-first, choose the date order" with the --day-first hint (command_line_hint): one sentence
    for every clause (_OrderClause) with deals the other order clears, joined by "and"; "" when none has, or when
    the file's dates do not read either way (`_with_other_close`)."""
    order = prepared.date_order
    said = [clause for clause in (_order_clause(prepared, c) for c in clauses) if clause]
    if order is None or not said:
        return ""
    words_order = "month-first" if order.day_first else "day-first"
    return (f" Read {words_order} instead, {' and '.join(said)}: if this file's dates are {words_order}, choose the "
            f"date order{command_line_hint('--day-first', 'yes' if not order.day_first else 'no')}.")


def _order_clause(prepared: PreparedFile, clause: _OrderClause) -> str | None:
    """`clause` as _other_order_sentence says it: "4 of them would not be taken back (such as 4101, closing on 5 Nov
    2026)"; None when the other order clears none of its deals. Each close date is swapped once: rows that hold
    _OTHER_CLOSE already (_in_other_order_after's) are read as they are."""
    rows = clause.rows
    other = rows if _OTHER_CLOSE in rows.columns else _with_other_close(prepared, rows)
    if other is None:
        return None
    fine = other.filter(clause.cleared.fill_null(False) & pl.col(_OTHER_CLOSE).is_not_null())
    if fine.height == 0:
        return None
    one, several = clause.them
    first = fine.row(0, named=True)
    closing = f"closing on {day_text(first[_OTHER_CLOSE])}"
    if rows.height == 1:
        return f"{one} {clause.words} ({closing})"
    which = clause.every.format(them=several) if fine.height == rows.height else f"{fine.height:,} of {several} {clause.words}"
    return f"{which} (such as {first['opportunity_id']}, {closing})"


def _closed_early(prepared: PreparedFile, store: Store, stored_open: pl.DataFrame, uploads: pl.DataFrame | None) -> pl.DataFrame:
    """The file's closed deals that the store holds open (`stored_open`: opportunity_id, source_sha256, read under
    the file's mappings) from an earlier export, whose close date is before the last day that export shows as
    past (_SHOWN_BY: the latest created date of the deals stored from it, or close date of its closed ones, that
    is not after the day it was stored). A deal closed by then would not have been open in it: its date is read
    in the wrong day/month order, or its close was back-dated. The day the export was stored alone is no such
    day: a year of weekly exports stored in one sitting would have every deal they close held.
    Rows: opportunity_id, outcome, close_date, _EARLIER_LABEL, _SHOWN_BY, in the file's order; none when none.
    The stored deals of those exports are read only when a close date is before the day one was stored."""
    empty = pl.DataFrame()
    if stored_open.height == 0:
        return empty
    manifest = store.live_uploads() if uploads is None else uploads
    stored_on = (manifest.filter(pl.col("kind") == "opportunities")
                 .group_by("sha256").agg(pl.col("at").min().dt.date().alias("__stored_on"),
                                         pl.col("file_name").first(), pl.col("sheet").first())
                 .rename({"sha256": "source_sha256"}))
    opened = stored_open.lazy().select("opportunity_id", "source_sha256")
    found = [
        part.with_row_index("__row").filter((pl.col("outcome") != OPEN) & pl.col("close_date").is_not_null())
        .join(opened, on="opportunity_id", how="inner").with_columns(pl.col("source_sha256").cast(pl.String))
        .join(stored_on.lazy(), on="source_sha256").filter(pl.col("close_date") < pl.col("__stored_on"))
        .sort("__row").collect()
        for part in prepared.accepted_columns(["opportunity_id", "outcome", "close_date"])
    ]
    candidates = pl.concat(found) if found else empty
    if candidates.height == 0:
        return empty
    sources = candidates.select("source_sha256", "__stored_on").unique()
    past = pl.col("__stored_on")
    shown = (
        store.read("opportunities").select("source_sha256", "created_date", "close_date", "outcome")
        .filter(pl.col("source_sha256").is_in(sources.get_column("source_sha256").implode()))
        .join(sources.lazy(), on="source_sha256")
        .group_by("source_sha256")
        .agg(pl.max_horizontal(
            pl.col("created_date").filter(pl.col("created_date") <= past).max(),
            pl.col("close_date").filter((pl.col("outcome") != OPEN) & (pl.col("close_date") <= past)).max(),
        ).alias(_SHOWN_BY))
        .collect()
    )
    labelled = candidates.join(shown, on="source_sha256").filter(pl.col("close_date") < pl.col(_SHOWN_BY)).sort("__row")
    return labelled.select(
        "opportunity_id", "outcome", "close_date",
        pl.struct("file_name", "sheet").map_elements(lambda r: upload_label(r["file_name"], r["sheet"]), return_dtype=pl.String)
        .alias(_EARLIER_LABEL),
        _SHOWN_BY,
    )


def _in_other_order_after(prepared: PreparedFile, early: pl.DataFrame) -> pl.DataFrame:
    """The deals of `early` (_closed_early's rows) whose close date, read in the other day/month order, is not before
    the last day their earlier export shows as past: those the date order explains. A close dated before that export
    in a file whose dates read one way only, or whose other reading is earlier still, is a close the CRM back-dated
    (a deal marked won days after it closed, dated the day it did): weekly exports hold such deals every week, so
    they are not held."""
    if early.height == 0:
        return early
    other = _with_other_close(prepared, early)
    if other is None:
        return early.clear()
    # _OTHER_CLOSE is kept: the warning's date-order clause reads it (_order_clause) rather than swap each date again.
    return other.filter((pl.col(_OTHER_CLOSE) >= pl.col(_SHOWN_BY)).fill_null(False))


def _early_sentence(early: pl.DataFrame) -> tuple[str, str]:
    """`_closed_early`'s sentence (the deals, the first's close and what its earlier export showed) and its advice
    for a close back-dated in the CRM, apart: the date order (`_early_order`) is said between them."""
    n = early.height
    one = n == 1
    first = early.row(0, named=True)
    also = early.get_column("opportunity_id").slice(1, MAX_EXAMPLES - 1).to_list()
    examples = f"; also {', '.join(also)}" if also else ""
    return (
        f"{plural(n, 'deal')} the store holds open from an earlier export {'is' if one else 'are'} closed in this file on a "
        f"date before that export was made (such as {first['opportunity_id']}: {_state(first['outcome'], first['close_date'])} "
        f"in this file, open in «{first[_EARLIER_LABEL]}», whose deals were created or closed as late as "
        f"{day_text(first[_SHOWN_BY])}{examples}): a deal closed by then would not have been open in it.",
        f"If the CRM back-dated {'its close' if one else 'their closes'}, store it.",
    )


def _early_order(early: pl.DataFrame, them: tuple[str, str]) -> _OrderClause:
    """The date-order clause of `_closed_early`'s deals (`early`, with _OTHER_CLOSE: _in_other_order_after): read the
    other way, each would close after the export that had it open."""
    after = "would close after the export that had {} open"
    return _OrderClause(early, pl.col(_OTHER_CLOSE) >= pl.col(_SHOWN_BY), after.format("it" if early.height == 1 else "them"),
                        f"all of {{them}} {after.format('them')}", them)


def _first_of(found: pl.DataFrame) -> tuple[tuple[str, ...], dict, str]:
    """Of stored deals a warning names (a frame with their opportunity_id, in the file's order): up to MAX_EXAMPLES
    ids, the first deal's row (said in full) and the clause naming the others ("; also R-2, R-3"; blank for none)."""
    examples = tuple(found.get_column("opportunity_id").head(MAX_EXAMPLES).to_list())
    also = f"; also {', '.join(examples[1:])}" if len(examples) > 1 else ""
    return examples, found.row(0, named=True), also


def _back_kinds(back: pl.DataFrame) -> tuple[tuple[str, int], ...]:
    """`_taken_back`'s rows by kind, (kind of _BACK_KINDS, deals) in that order, kinds with none left out: reopened
    ("open": the file has them open), closed on an earlier date ("earlier"), another outcome on the same date
    ("same day"). The one rule the warning's words and the History note's count them by."""
    reopens = back.get_column("outcome").eq(OPEN)
    same_day = ~reopens & back.get_column("close_date").eq(back.get_column(_STORED_CLOSE))
    earlier = ~reopens & ~same_day
    counts = (("open", int(reopens.sum())), ("earlier", int(earlier.sum())), ("same day", int(same_day.sum())))
    return tuple((kind, k) for kind, k in counts if k)


def _taking_back(back: pl.DataFrame, them: str) -> tuple[str, str, str]:
    """(where the file has the deals, what storing it does to them, what to do) for `_taken_back`'s
    rows, by which of its three kinds they are: open, closed earlier, closed the same day otherwise."""
    kinds = [kind for kind, _ in _back_kinds(back)]
    older = "If this export is older than the last one stored, do not store it."
    if kinds == ["open"]:
        return "open", f"reopens {them}", older
    if kinds == ["earlier"]:
        return "closed on an earlier date", f"takes {them} back to that earlier close", older
    if kinds == ["same day"]:
        return ("closed on the same date with another outcome", f"changes {'its' if them == 'it' else 'their'} outcome",
                f"{older} If the CRM corrected {them}, store it.")
    places = {"open": "open", "earlier": "closed on an earlier date", "same day": "closed on the same date with another outcome"}
    named = [places[kind] for kind in kinds]
    where = f"{', '.join(named[:-1])}, or {named[-1]},"
    if "same day" in kinds:
        return where, f"takes {them} back to an earlier state or another outcome", older
    return where, f"takes {them} back to an earlier state", older


def absent_deals(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, same: SameReport | None = None,
) -> StoredDeals | None:
    """Deals stored from earlier exports of this file's report (same_report: the same source, columns
    and file name but for dates and numbers, or a renamed copy holding the report's deals) that this
    export does not have, open and closed alike. They stay as they were: a note, since an export is
    often filtered, but one that says what the user can do, and that a deal deleted in the CRM stays
    counted (an open one as pipeline, a closed one in win rates and won revenue: a won deal of one
    week's export that no later export held kept the won count above the CRM's). Another report's
    deals are never in this one, so they are not counted (a team loading two reports had every load
    noted as lacking the other's open deals). Nor are deals the file marks deleted in the CRM: it has them, and
    storing it takes them out (`deleted_stored_ids`, split from these by one rule, _unstored_report_deals, over
    the same report's loads, report_loads), nor deals whose id it has on another quarantined row: it lists them,
    and storing it keeps them as stored (`quarantined_stored`). A deal the file has with its id's leading zeros dropped
    or added (00101 as 101: `_zeros_pairs`, zeros_dropped's rule) is not counted as lacking but named
    apart after the others, since zeros_dropped warns of it. None when every such deal is in the file
    (so), for a file that is not an export, or for one whose commit changes nothing.
    `deals` counts the open and closed deals, `closed` those closed; examples are the smallest ids of
    each kind, the open ones first; the sentence says each kind once, by one rule (_absent_clause),
    names the files they were stored from and the rule (same_report.RULE), and says of a file stored
    before the store kept its columns that it was compared by its name alone.

    Reads the live uploads' manifest rows and, of the stored deals, only opportunity_id, outcome
    and source_sha256 (the file that last wrote each deal), or takes them as `stored`, `unchanged`
    (see `reopened`) and `uploads` (the live manifest rows, see `changes_nothing`). `same`: the file's report's
    loads (`report_loads`) when the caller has decided them already for its other checks, else decided here."""
    found = _absent_rows(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    if found is None:
        return None
    absent, zeros, same = found
    is_open = pl.col("outcome") == OPEN
    examples = tuple(e for rows in (absent.filter(is_open), absent.filter(~is_open))
                     for e in rows.get_column("opportunity_id").sort().head(MAX_EXAMPLES).to_list())
    named = _deals_named(store, examples)
    parts = [_absent_clause(prepared, absent.filter(kind), same, named) for kind in (is_open, ~is_open)]
    held = set(absent.get_column("source_sha256").to_list())
    alone = [same.labels[f] for f in same.sha256 if f in held and f in same.by_name_alone]
    said = (" ".join(p for p in parts if p) + f"{_zeros_apart(zeros)}{_take_out_sentence(absent.height)}"
            f"{_unread_sentence(prepared.quarantined_unread, absent.height)} {RULE}" + _alone_sentence(alone))
    return StoredDeals(absent.height, examples, said, closed=absent.filter(~is_open).height)


def _deals_named(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """Each of the stored deals `ids` (a few examples) as a sentence names it (deal_named: its deal name, else its
    id), by id; an id the store does not hold is missing (the caller says it by its id)."""
    rows = (store.opportunities().filter(pl.col("opportunity_id").is_in(list(ids)))
            .select("opportunity_id", "opportunity_name").collect())
    return {i: deal_named(i, name) for i, name in rows.iter_rows()}


def _take_out_sentence(n: int) -> str:
    """absent_deals' sentence on what the user can do about `n` deals the file lacks that the CRM deleted: take
    them out with this upload (`unlisted_deals`), a choice on the command line and a box on the Data page. A
    standard opportunity report never lists a deal deleted in the CRM, so "one it lists as deleted leaves the store"
    was no way out at all: the deleted deals of a weekly re-export stayed counted, and the store never tied out."""
    one = n == 1
    them = "it" if one else "them"
    return (f" If {'it was' if one else 'they were'} deleted in the CRM, take {them} out of the store with this upload"
            f"{command_line_hint('--take-out-missing')}: a rollback brings {them} back.")


def _unread_sentence(unread: int, n: int) -> str:
    """" 1 quarantined row of this file has no ID that could be read: before taking them out, check in the quarantine
    file that none of them is on that row.", or "" for none (PreparedFile.quarantined_unread): a row with a readable id keeps
    its stored deal out of the `n` the file lacks (`quarantined_stored`), but one without names no deal to match."""
    if not unread:
        return ""
    one, them = unread == 1, "it" if n == 1 else "them"
    return (f" {plural(unread, 'quarantined row')} of this file {'has' if one else 'have'} no ID that could be read: before "
            f"taking {them} out, check in the quarantine file that {'it is not' if n == 1 else 'none of them is'} on "
            f"{'that row' if one else 'one of those rows'}.")


def _absent_rows(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None, *, unchanged: bool | None,
    uploads: pl.DataFrame | None, same: SameReport | None,
) -> tuple[pl.DataFrame, pl.DataFrame, SameReport] | None:
    """The one rule for the stored deals of this file's report the file lacks, which `absent_deals` names and
    `unlisted_deals` offers to take out: (those deals: opportunity_id, outcome, source_sha256; the open ones the
    file has with their ids' leading zeros dropped, named apart: _zeros_pairs' columns; the report's loads).
    None when there are none, for a file that is not an export, or for one whose commit changes nothing.
    `stored`, `unchanged`, `uploads`, `same`: as `absent_deals` takes them."""
    if not _is_export(prepared) or _stores_nothing(prepared, store, unchanged):
        return None
    same = report_loads(prepared, store, stored, uploads) if same is None else same
    if not same.sha256:
        return None
    deals = store.opportunities().select("opportunity_id", "outcome", "source_sha256") if stored is None else stored.lazy()
    # Not those the file marks deleted: it has them, and deleted_stored_ids takes them out of the store.
    absent = _unstored_report_deals(prepared, deals, same, kind="absent")
    if absent.height == 0:
        return None
    # A deal the file has with its id's leading zeros dropped (00101 as 101) is in it, by zeros_dropped's
    # rule: named apart, it is not said to be missing (the note had named 00101 "not in this file" above
    # the warning that it is, as 101).
    candidates = _numeric_ids(absent.select("opportunity_id")).collect()
    zeros = _EMPTY_PAIRS
    if candidates.height:
        zeros = _zeros_pairs(prepared, _numeric_ids(deals.select("opportunity_id")).collect(), candidates)
        absent = absent.filter(~pl.col("opportunity_id").is_in(zeros.get_column("opportunity_id_stored").implode()))
        # The note names apart the open ones (zeros_dropped warns of every one).
        stored_open = deals.filter(pl.col("outcome") == OPEN).select("opportunity_id").collect()
        zeros = zeros.join(stored_open, left_on="opportunity_id_stored", right_on="opportunity_id", how="semi")
    if absent.height == 0:
        return None
    return absent, zeros, same


def deleted_stored_ids(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, uploads: pl.DataFrame | None = None,
    same: SameReport | None = None,
) -> pl.DataFrame:
    """The one rule by which storing an export takes stored deals out of the store: a deal stored from an
    earlier export of this file's report (same_report) whose id the file has on a row deleted in the CRM
    (PreparedFile.deleted_ids: quarantined), and on no row it stores. The CRM no longer has the deal, so it
    is no longer pipeline nor counted anywhere (a deal an export merely leaves out stays: `absent_deals`).

    The report's loads are `absent_deals`' (report_loads): a renamed copy of the report, taken as it by the
    deals it holds, takes out the deals it marks deleted as a later export under the report's own name does.

    (opportunity_id, outcome, source_sha256) of each such stored deal, sorted by id; empty for a file that
    is not an export or marks nothing deleted. `stored` (the stored deals' opportunity_id, outcome and
    source_sha256; account and opportunity_name too, or they are read, for a renamed copy) and `uploads`
    (the live manifest rows): read here when not given; `same`, the report's loads: decided here when not given."""
    return _report_deals_of(prepared, store, stored, uploads, same, "deleted") if prepared.deleted_ids else _NO_DEALS.clear()


_NO_DEALS: Final = pl.DataFrame(schema={"opportunity_id": pl.String, "outcome": pl.String, "source_sha256": pl.String})


def _report_deals_of(prepared: PreparedFile, store: Store, stored: pl.DataFrame | None, uploads: pl.DataFrame | None,
                     same: SameReport | None, kind: Literal["deleted", "quarantined"]) -> pl.DataFrame:
    """The stored deals of this export's report (report_loads) on no row it stores, of one `kind` of
    _unstored_report_deals ("deleted", "quarantined"): (opportunity_id, outcome, source_sha256), sorted by id;
    empty for a file that is not an export or whose report has no stored load."""
    if not _is_export(prepared):
        return _NO_DEALS.clear()
    same = report_loads(prepared, store, stored, uploads) if same is None else same
    if not same.sha256:
        return _NO_DEALS.clear()
    deals = store.opportunities() if stored is None else stored.lazy()
    return _unstored_report_deals(prepared, deals, same, kind=kind).sort("opportunity_id")


# How many ids the note on deleted deals names before "and N more".
MAX_DELETED_NAMED = 10


def deleted_stored(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, same: SameReport | None = None,
) -> StoredDeals | None:
    """The note on the stored deals this export marks deleted in the CRM (`deleted_stored_ids`), which storing
    it takes out of the store: "5 deals stored open are deleted in this export: they are no longer counted
    (PD-1001, PD-1002, …)", with the rule and that a rollback brings them back. None when there are none, or
    for a file whose commit changes nothing. `stored`, `unchanged`, `uploads`, `same`: as for `absent_deals`."""
    if _stores_nothing(prepared, store, unchanged):
        return None
    found = deleted_stored_ids(prepared, store, stored, uploads=uploads, same=same)
    n = found.height
    if n == 0:
        return None
    ids = found.get_column("opportunity_id").to_list()
    shown = _named_ids(ids)
    one = n == 1
    opened = found.get_column("outcome").eq(OPEN).sum()
    state = "open" if opened == n else "closed" if opened == 0 else f"open or closed ({opened:,} open)"
    said = (
        f"{plural(n, 'deal')} stored {state} {'is' if one else 'are'} deleted in this export: "
        f"{'it is' if one else 'they are'} no longer counted ({shown}). A deal stored from another export of this "
        f"report that this one lists as deleted in the CRM leaves the store with it; a rollback of this upload brings "
        f"{'it' if one else 'them'} back. {RULE}"
    )
    return StoredDeals(n, tuple(ids[:MAX_EXAMPLES]), said)


def _named_ids(ids: list[str]) -> str:
    """The first MAX_DELETED_NAMED of `ids` and how many more: "006A1, 006A2 and 3 more"."""
    rest = len(ids) - MAX_DELETED_NAMED
    return ", ".join(ids[:MAX_DELETED_NAMED]) + (f" and {rest:,} more" if rest > 0 else "")


def quarantined_stored(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, same: SameReport | None = None,
) -> StoredDeals | None:
    """The note on the stored deals of this file's report whose row in it was quarantined (not one deleted in the
    CRM: `deleted_stored`), on no row it stores (_unstored_report_deals' "quarantined" kind): the file lists them, so
    they are neither missing from it nor offered to take out (`absent_deals`, `unlisted_deals`); storing it keeps
    each as stored, not updated. "1 deal stored from other exports of this report is kept as stored, not updated,
    because its row in this file was quarantined (006A1): fix that row (the quarantine file gives the reason) and
    upload the file again to update it." None when there are none, for a file that is not an export, or for one whose
    commit changes nothing. `stored`, `unchanged`, `uploads`, `same`: as for `absent_deals`."""
    if not _is_export(prepared) or not prepared.quarantined_ids or _stores_nothing(prepared, store, unchanged):
        return None
    found = _report_deals_of(prepared, store, stored, uploads, same, "quarantined")
    n = found.height
    if n == 0:
        return None
    ids = found.get_column("opportunity_id").to_list()
    shown = _named_ids(ids)
    one = n == 1
    said = (
        f"{plural(n, 'deal')} stored from other exports of this report {'is' if one else 'are'} kept as stored, not "
        f"updated, because {'its row' if one else 'their rows'} in this file {'was' if one else 'were'} quarantined "
        f"({shown}): fix {'that row' if one else 'those rows'} (the quarantine file gives the reason) and upload the file "
        f"again to update {'it' if one else 'them'}."
    )
    return StoredDeals(n, tuple(ids[:MAX_EXAMPLES]), said)


# How many deals the offer to take out those the report no longer lists names (id and deal name) before "and N more".
MAX_UNLISTED_NAMED = 3
# The columns of the list of those deals the Data page offers to download, and the stored field each is.
UNLISTED_COLUMNS: dict[str, str] = {
    "opportunity_id": "id", "opportunity_name": "name", "rep": "rep", "stage": "stage", "amount": "amount",
    "currency": "currency", "close_date": "close date",
}


@dataclass(frozen=True)
class UnlistedDeals:
    """The stored deals of a file's report that the file no longer lists (`absent_deals`' deals, by its one rule,
    _absent_rows), which the user may choose to take out of the store with the upload (pipeline.commit's
    `take_out_missing`, the command line's --take-out-missing, the Data page's box): a weekly re-export of a
    Salesforce report simply lacks the deals deleted in the CRM, and without the choice they stayed counted for good.

    `rows`: one per deal, sorted by id: UNLISTED_COLUMNS' fields and outcome (file text: escape it to show it)."""

    rows: pl.DataFrame

    @property
    def deals(self) -> int:
        """How many deals."""
        return self.rows.height

    @property
    def ids(self) -> list[str]:
        """Their ids, sorted: what the commit takes out when the user chooses so."""
        return self.rows.get_column("opportunity_id").to_list()

    def choice(self) -> str:
        """The choice as the Data page's box says it: "Take out the 2 deals this report no longer lists"."""
        return f"Take out the {plural(self.deals, 'deal')} {UNLISTED}"

    def named(self) -> str:
        """A few of them as every sentence names deals (deal_named: by deal name, a deal without one by its id), then
        how many more: '"Acme renewal", 006A2 and 3 more' (the list to download gives each one's id); file text:
        escape it to show it."""
        shown = [deal_named(i, name) for i, name in self.rows.head(MAX_UNLISTED_NAMED).select("opportunity_id", "opportunity_name").rows()]
        rest = self.deals - len(shown)
        return listed([*shown, f"{rest:,} more"]) if rest else listed(shown)

    def listing(self) -> str:
        """The sentence under the box that names them: 'Stored from other exports of this report, not in this one:
        "Acme renewal", "Beta" and 3 more.' (file text: escape it to show it)."""
        return f"Stored from other exports of this report, not in this one: {self.named()}."

    def help_text(self) -> str:
        """What ticking the choice does, or not ticking it (the box's help)."""
        return (
            "Unticked, they stay in the store as they were. Ticked, this upload takes them out of the "
            "store in its own version, as deals deleted in the CRM: they leave the pipeline, the win rate and every "
            "count, and a rollback of this upload brings them back. Only deals stored from earlier exports of this "
            "report are ever taken out."
        )

    def csv(self) -> bytes:
        """The list of them as the Data page gives it to download: a CSV (UTF-8 with a BOM, safe to open in
        Excel: store text that starts like a formula is written as text) of UNLISTED_COLUMNS, one row a deal."""
        return excel_safe_csv(self.rows.select(list(UNLISTED_COLUMNS)).rename(UNLISTED_COLUMNS))

    def as_json(self, taken_out: bool) -> dict:
        """{"deals": int, "examples": [id, ...], "taken_out": bool}, for the command line's --json."""
        return {"deals": self.deals, "examples": self.ids[:MAX_EXAMPLES], "taken_out": taken_out}


def unlisted_deals(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, same: SameReport | None = None,
) -> UnlistedDeals | None:
    """The stored deals of this file's report it no longer lists, which the user may take out with it (UnlistedDeals):
    `absent_deals`' deals by its one rule (the same report's loads alone: never another report's or file's deals; not
    those the file has with their ids' zeros dropped, nor those it marks deleted, which leave anyway, nor those on
    a quarantined row of it, which it lists and which stay as stored: `quarantined_stored`). None when
    there are none, for a file that is not an export, or for one whose commit changes nothing. Reads the fields
    UNLISTED_COLUMNS lists of those deals alone. `stored`, `unchanged`, `uploads`, `same`: as for `absent_deals`."""
    found = _absent_rows(prepared, store, stored, unchanged=unchanged, uploads=uploads, same=same)
    if found is None:
        return None
    ids = found[0].get_column("opportunity_id")
    rows = (store.opportunities().filter(pl.col("opportunity_id").is_in(ids.implode()))
            .select(*UNLISTED_COLUMNS, "outcome").collect().sort("opportunity_id"))
    return UnlistedDeals(rows)


def taken_as_report(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, same: SameReport | None = None,
) -> str | None:
    """The note that this export, under a name no stored export of its report has, is taken as a stored report
    by the deals it holds (same_report.taken_as_sentence: which report, and by what); None when it is not, for a
    file that is not an export, or for one whose commit changes nothing. A copy of a weekly export saved under
    another name was taken for another report, its reassigned deals warned of as that report's.

    `stored`, `unchanged`, `uploads` and `same`: as for `absent_deals` (read or decided here when not given)."""
    if not _is_export(prepared) or _stores_nothing(prepared, store, unchanged):
        return None
    same = report_loads(prepared, store, stored, uploads) if same is None else same
    return None if same.taken_as is None else taken_as_sentence(*same.taken_as)


def report_loads(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, uploads: pl.DataFrame | None = None,
) -> SameReport:
    """The stored loads of this file's report: the one same-report decision of `absent_deals`, `deleted_stored_ids`,
    `taken_as_report` and `other_report_deals` (same_report, a renamed copy told by the deals it holds,
    _report_deals), so a deal a renamed copy marks deleted leaves the store as surely as one it lacks is named.
    The checks before a commit decide it once and pass it to each (`same`): each decided it again, comparing every
    live upload and, for a renamed copy, joining the file's ids with the stored deals, four times over. `stored`:
    as for `absent_deals`; `uploads`: the live manifest rows, read here when not given."""
    return same_report(prepared, store.live_uploads() if uploads is None else uploads, _report_deals(store, stored))


# The three kinds of stored deal of a file's report that the file stores no row of (_unstored_report_deals).
Unstored = Literal["deleted", "quarantined", "absent"]


def _unstored_report_deals(prepared: PreparedFile, deals: pl.LazyFrame, same: SameReport, *, kind: Unstored) -> pl.DataFrame:
    """The stored deals of `same`'s loads (`deals`: opportunity_id, outcome, source_sha256 at least) that the file
    has on no row it stores, split by one rule into three kinds: "deleted", those whose id it has on a row deleted in
    the CRM (PreparedFile.deleted_ids, quarantined: `deleted_stored_ids`, they leave the store); "quarantined", those
    whose id it has on another quarantined row (PreparedFile.quarantined_ids, or that id with its leading zeros
    dropped or added, as _zeros_pairs reads an accepted row's: `quarantined_stored`, kept as stored); "absent", the
    others with an outcome (`absent_deals`, the file lacks them, and `unlisted_deals` offers to take them out). So no
    deal is both named missing and taken out, and a deal the file lists on a row it could not store is neither: a
    Closed Won row with a bad close date had its deal offered for deletion as one the report no longer lists.

    (opportunity_id, outcome, source_sha256), in the store's order."""
    marked = pl.col("opportunity_id").is_in(pl.Series(prepared.deleted_ids, dtype=pl.String).implode())
    kept_out = _kept_out_keys(prepared)
    listed_out = ~marked & (
        pl.col("opportunity_id").is_in(kept_out.implode())
        | (pl.col("opportunity_id").str.contains(r"^[0-9]+$") & _zeros_key.is_in(kept_out.implode()))
    )
    which = {"deleted": marked, "quarantined": listed_out, "absent": ~marked & ~listed_out & pl.col("outcome").is_not_null()}[kind]
    found = (
        deals
        .filter(pl.col("source_sha256").is_in(same.sha256) & which)
        .select("opportunity_id", "outcome", "source_sha256")
        .collect()
    )
    # Joined a part of the file at a time: a staged file's ids are never all in memory at once. A row it stores
    # is the deal's update, whatever another row of the same id says.
    for part in prepared.accepted_columns(["opportunity_id"]):
        if found.height == 0:
            break
        found = found.join(part.collect(), on="opportunity_id", how="anti")
    return found


# A digits-only id without its leading zeros: the key by which _zeros_pairs reads "101" as the stored "00101".
_zeros_key = pl.col("opportunity_id").str.strip_chars_start("0")


def _kept_out_keys(prepared: PreparedFile) -> pl.Series:
    """The ids of the file's quarantined rows (PreparedFile.quarantined_ids), and each digits-only one also without
    its leading zeros (`_zeros_key`), which a stored id is matched against as is or, digits only, by its own key."""
    ids = pl.Series("opportunity_id", prepared.quarantined_ids, dtype=pl.String)
    numeric = ids.filter(ids.str.contains(r"^[0-9]+$")).str.strip_chars_start("0")
    return pl.concat([ids, numeric]).unique()


def _report_deals(store: Store, stored: pl.DataFrame | None) -> pl.LazyFrame:
    """The stored deals' ids, accounts, deal names and source files, by which same_report tells a renamed copy
    of a stored report by what it holds (`stored`'s when it has them, else read from the store)."""
    wanted = ["opportunity_id", "account", "opportunity_name", "source_sha256"]
    if stored is not None and all(c in stored.columns for c in wanted):
        return stored.lazy().select(*wanted[:3], pl.col("source_sha256").cast(pl.String))
    return store.opportunities().select(wanted)


def _absent_clause(prepared: PreparedFile, rows: pl.DataFrame, same: SameReport, named: dict[str, str]) -> str:
    """absent_deals' sentence on one kind of deal the file lacks (`rows`: opportunity_id, outcome, source_sha256;
    all open or all closed), "" for none: how many, the files they were stored from (labels, in load order),
    the deals of the smallest ids (as `named` names them: _deals_named, by id; "such as" only where it names some of
    them), that they stay counted as they were and what the user can do. One rule for both kinds:
    an open deal stays open pipeline, a closed one stays counted as won, lost or no decision."""
    n = rows.height
    if n == 0:
        return ""
    held = set(rows.get_column("source_sha256").to_list())
    files = [same.labels[f] for f in same.sha256 if f in held]  # in load order
    source = stored_source_words(prepared.kind, prepared.source, prepared.exported_from)
    # "other Pipedrive exports", "other generic exports": a CRM's name keeps its capital.
    words = source[0].lower() + source[1:] if source.startswith(("Generic", "Opportunity")) else source
    if len(files) == 1:
        where = f"{files[0]}, another {words} of this report,"
    else:
        shown = files if len(files) <= MAX_EXAMPLES else [*files[:MAX_EXAMPLES], f"{len(files) - MAX_EXAMPLES} more"]
        where = f"other {words}s of this report ({listed(shown)})"
    examples = [named.get(i, i) for i in rows.get_column("opportunity_id").sort().head(MAX_EXAMPLES).to_list()]
    # "(such as "Acme renewal", …)" where it names some of them; '("Proseware deal")' where it names them all.
    such = f"({'such as ' if n > len(examples) else ''}{', '.join(examples)})"
    one = n == 1
    it, they = ("it", "it") if one else ("them", "they")
    if rows.get_column("outcome").eq(OPEN).all():
        return (
            f"{plural(n, 'open deal')} stored from {where} {'is' if one else 'are'} not in this file "
            f"{such}: {'it stays' if one else 'they stay'} stored as {'it was' if one else 'they were'}, "
            f"open. If {'it has' if one else 'they have'} closed since, store an export that includes "
            f"{it}; a deal deleted in the CRM that an export leaves out stays counted as open unless taken out."
        )
    counts = rows.get_column("outcome").value_counts(sort=True)
    by_kind = listed([f"{k:,} {OUTCOME_LABELS[o].lower()}" for o, k in counts.iter_rows() if o in OUTCOME_LABELS])
    return (
        f"{plural(n, 'closed deal')} stored from {where} {'is' if one else 'are'} not in this file "
        f"{such}: {'it stays' if one else 'they stay'} stored as {'it was' if one else 'they were'}, "
        f"{by_kind.split(' ', 1)[1] if one else f'closed ({by_kind})'}. If {'it is' if one else 'they are'} "
        f"only filtered out of this export, nothing is lost; a deal deleted in the CRM that an export leaves out stays "
        f"counted as closed, in the win rate and, won, in won revenue, unless taken out."
    )


def _alone_sentence(alone: list[str]) -> str:
    """" a.csv was stored before the store kept a file's columns, so it is compared by its name alone.", "" for none."""
    if not alone:
        return ""
    shown = alone if len(alone) <= MAX_EXAMPLES else [*alone[:MAX_EXAMPLES], f"{len(alone) - MAX_EXAMPLES} more"]
    they = len(alone) == 1
    return (f" {listed(shown)} {'was' if they else 'were'} stored before the store kept a file's columns, "
            f"so {'it is' if they else 'they are'} compared by {'its name' if they else 'their names'} alone.")


def _zeros_apart(zeros: pl.DataFrame) -> str:
    """" Another 5 open deals of this report are in this file, their ids with the leading zeros dropped
    (such as 101 for 00101, ...): the warning on those ids says what storing it does.", or "" for none."""
    if zeros.height == 0:
        return ""
    deals = zeros.unique("opportunity_id_stored", keep="first", maintain_order=True)
    m = deals.height
    shown = deals.head(MAX_EXAMPLES)
    pairs = ", ".join(f"{mine} for {theirs}" for mine, theirs in shown.select("opportunity_id", "opportunity_id_stored").iter_rows())
    one = m == 1
    return (f" Another {'open deal' if one else plural(m, 'open deal')} of this report {'is' if one else 'are'} in this "
            f"file, {'its id' if one else 'their ids'} with the leading zeros {_zeros_way(deals)} ({'such as ' if m > len(shown) else ''}"
            f"{pairs}): the warning on {'that id' if one else 'those ids'} says what storing it does.")


def _zeros_way(pairs: pl.DataFrame) -> str:
    """"dropped" when every file id of `pairs` (_zeros_pairs) is shorter than the stored one, "added" when
    every one is longer, else "dropped or added"."""
    shorter = pairs.get_column("opportunity_id").str.len_chars() < pairs.get_column("opportunity_id_stored").str.len_chars()
    return "dropped" if shorter.all() else "added" if not shorter.any() else "dropped or added"


def _numeric_ids(ids: pl.LazyFrame | pl.DataFrame) -> pl.LazyFrame:
    """The ids made of digits only (column opportunity_id), each with `key`: the id without its leading zeros."""
    return (ids.lazy().filter(pl.col("opportunity_id").str.contains(r"^[0-9]+$"))
            .with_columns(key=pl.col("opportunity_id").str.strip_chars_start("0")))


_EMPTY_PAIRS = pl.DataFrame(schema={"opportunity_id": pl.String, "opportunity_id_stored": pl.String})


def _zeros_pairs(prepared: PreparedFile, stored_numeric: pl.DataFrame, candidates: pl.DataFrame | None = None) -> pl.DataFrame:
    """The one rule by which a row of the file is a stored deal whose id it writes with its leading
    zeros dropped or added ("123" for "00123", or the other way round): zeros_dropped warns of such
    rows, and absent_deals does not call their stored deals missing. The row's id is digits only, is no
    stored deal's own id (a stored id is that deal's update), and is, but for its leading zeros, the id
    of a stored deal of `candidates` (default `stored_numeric`). `stored_numeric`: every stored
    digits-only id, as _numeric_ids gives them (opportunity_id, key); `candidates` likewise.

    (opportunity_id: the file's, opportunity_id_stored) for each such row and stored deal, in the
    file's order; read a part of the file at a time."""
    targets = (stored_numeric if candidates is None else candidates).select("opportunity_id", "key")
    if targets.height == 0:
        return _EMPTY_PAIRS
    everyone = stored_numeric.lazy().select("opportunity_id")
    parts = []
    for part in prepared.accepted_columns(["opportunity_id"]):
        # An anti join, not is_in: 0.4 s where is_in took 1.6-2.8 s for 200,000 ids against a million stored.
        mine = _numeric_ids(part.with_row_index("__row")).join(everyone, on="opportunity_id", how="anti")
        parts.append(mine.join(targets.lazy(), on="key", how="inner", suffix="_stored")
                     .sort("__row").select("opportunity_id", "opportunity_id_stored").collect())
    return pl.concat(parts) if parts else _EMPTY_PAIRS


def zeros_dropped(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None
) -> StoredDeals | None:
    """Deals of this export whose id is a stored deal's id but for its leading zeros ("123" in the
    file, "00123" stored, or the other way round): Excel drops leading zeros when it opens a CSV, so
    storing the file would keep each such deal twice, under two ids. None when there are none, for
    a file that is not an export, or for one whose commit changes nothing. Examples are the file's
    ids, the first in its order; the sentence names each beside the stored one ("123 for 00123").

    `stored` and `unchanged`: as for `reopened` (read here when not given)."""
    if not _is_export(prepared) or _stores_nothing(prepared, store, unchanged):
        return None
    source = store.opportunities() if stored is None else stored.lazy()
    pairs = _zeros_pairs(prepared, _numeric_ids(source.select("opportunity_id")).collect())
    n = pairs.get_column("opportunity_id").n_unique()
    if n == 0:
        return None
    first = pairs.unique("opportunity_id", keep="first", maintain_order=True).head(MAX_EXAMPLES)
    examples = tuple(first.get_column("opportunity_id").to_list())
    pairs_said = ", ".join(f"{mine} for {theirs}" for mine, theirs in first.iter_rows())
    return StoredDeals(n, examples, (
        f"{plural(n, 'deal')} in this file {'has' if n == 1 else 'have'} the id of a stored deal with its leading zeros "
        f"dropped or added (such as {pairs_said}): Excel drops leading zeros when it opens a CSV, and storing "
        f"this file would keep {'that deal' if n == 1 else 'each of them'} twice. Export the report again and upload it "
        "without opening it in Excel (or open it in Excel through Data > From Text/CSV with the ID column set to Text)."
    ))


# What a stored deal from another report is told apart by: who sells it, to whom, under what name. A deal
# two reports of one CRM share (a pipeline report and a won-deals report) keeps them; a deal's rep alone
# changes within one report (a reassignment), which is not asked of.
_DESCRIBED_BY = (("rep", "rep"), ("account", "account"), ("opportunity_name", "deal name"))


def other_report_deals(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, same: SameReport | None = None,
) -> StoredDeals | None:
    """Stored deals that another report's export wrote (same_report: another source, other columns or another
    file name but for its dates and numbers) whose ids this export has for a deal of another rep, account or
    deal name: two CRMs (or two accounts of one) number their deals alike, and storing the file would overwrite
    those deals with its own (Ana López's won Telefónica deal became Luis Ortega's lost Pemex deal). Each of the
    three is compared only where both have it, the rep by its name_key. A deal two reports of one CRM share is
    the same deal, so is not asked of; nor is a deal of this report whose rep changed (a reassignment).
    None when there are none, for a file that is not an export, or for one whose commit changes nothing.
    Examples are the first in the file's order; the sentence says, of the first, what it is in the store and
    in the file, names the reports they were stored from and what to do.

    `stored`, `unchanged`, `uploads` and `same`: as for `absent_deals` (read or decided here when not given)."""
    if not _is_export(prepared) or _stores_nothing(prepared, store, unchanged):
        return None
    uploads = store.live_uploads() if uploads is None else uploads
    both = _other_report_rows(prepared, store, stored, uploads, same)
    n = both.height
    if n == 0:
        return None
    differs = [w for _, w in _DESCRIBED_BY]
    examples, first, also = _first_of(both)
    example = f"{first['opportunity_id']}: {_described(first, _THEIRS)} in the store, {_described(first, '')} in this file{also}"
    what = listed([w for w in differs if both.get_column(f"__{w}").any()], "or")
    labels = _upload_labels(uploads, both.get_column("source_sha256").unique(maintain_order=True).to_list())
    one = n == 1
    return StoredDeals(n, examples, ids=frozenset(both.get_column("opportunity_id").to_list()), sentence=(
        f"{plural(n, 'deal')} in this file {'has' if one else 'have'} the id of a deal stored from another report "
        f"({labels}) with another {what} (such as {example}): storing it would overwrite "
        f"{'that deal' if one else 'those deals'} with {'this one' if one else 'these'}. If they are the same deals, "
        f"store it anyway; {_apart_advice(prepared, store)}."
    ))


def _other_report_rows(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None, uploads: pl.DataFrame, same: SameReport | None = None,
) -> pl.DataFrame:
    """The rows other_report_deals warns of: the file's deals (opportunity_id, outcome, rep, account,
    opportunity_name) whose id is a deal another report stored with another rep, account or deal name, beside
    the stored one's (those fields + _THEIRS, its source_sha256) and whether each differs (`__rep`, `__account`,
    `__deal name`), in the file's order; empty for none. The one rule the warning and deal_changes (which says
    them in one clause, not again as deals changed in their rep) name them by. `same`: the file's report's loads (report_loads), decided here when not given."""
    none = pl.DataFrame(schema={"opportunity_id": pl.String})
    same = report_loads(prepared, store, stored, uploads) if same is None else same
    deals = store.opportunities().select("opportunity_id", "source_sha256") if stored is None else stored.lazy()
    other = (deals.select("opportunity_id", pl.col("source_sha256").cast(pl.String))
             .filter(pl.col("source_sha256").is_not_null() & ~pl.col("source_sha256").is_in(list(same.sha256)))
             .collect())
    if other.height == 0:
        return none
    described = ["opportunity_id", "outcome", *(f for f, _ in _DESCRIBED_BY)]
    # Joined a part of the file at a time: a staged file's rows are never all in memory at once.
    found = [part.collect().join(other, on="opportunity_id", how="semi") for part in prepared.accepted_columns(described)]
    mine = pl.concat(found) if found else pl.DataFrame()
    if mine.height == 0:
        return none
    theirs = (store.opportunities().select(*described, "source_sha256")
              .filter(pl.col("opportunity_id").is_in(mine.get_column("opportunity_id").implode())).collect())
    both = mine.join(theirs, on="opportunity_id", suffix=_THEIRS)
    differs = {words: _differs(field) for field, words in _DESCRIBED_BY}
    return both.with_columns(**{f"__{w}": d for w, d in differs.items()}).filter(pl.any_horizontal(
        [pl.col(f"__{w}") for w in differs]))


def _apart_advice(prepared: PreparedFile, store: Store) -> str:
    """other_report_deals' advice for deals that share ids: give the file's ids a prefix (OTHER_DEALS_APART), unless
    the file holds stored deals under their ids with the same account and deal name (same_report.deals_alike, the
    rule by which a prefix is said to count them twice where one is typed): a prefix makes every deal of the file
    new, beside those, and was advised of a renamed copy of a weekly report, which would have counted all 1,054
    of its deals twice."""
    shared, deals = deals_alike(prepared, store.opportunities().select("opportunity_id", "account", "opportunity_name").collect())
    if not shared:
        return f"if they are other deals that share ids (two CRMs, or two accounts of one), {OTHER_DEALS_APART}"
    return (
        f"a prefix for this file's ids would not keep them apart: with one, all {plural(deals, 'deal')} of this file would be "
        f"new deals beside the {plural(shared, 'stored deal')} it has under the same {'id' if shared == 1 else 'ids'}, account "
        f"and deal name, and closed deals would be counted twice"
    )


_THEIRS = "__stored"


def _differs(field: str) -> pl.Expr:
    """Whether the file's `field` and the stored one (`field` + _THEIRS) are both given and differ: a rep by its
    name_key, an account or deal name by its words in lower case (null where either is blank)."""
    mine, theirs = pl.col(field), pl.col(field + _THEIRS)
    if field == "rep":
        mine, theirs = name_key(mine), name_key(theirs)
    else:
        mine, theirs = mine.str.strip_chars().str.to_lowercase(), theirs.str.strip_chars().str.to_lowercase()
    return (mine != theirs).fill_null(False) & (mine != "") & (theirs != "")


def _described(row: dict, suffix: str) -> str:
    """A deal as other_report_deals names it: "Ana López's won deal", "a lost deal with Pemex \"Pemex ERP\""."""
    rep, account, name = (row[f + suffix] for f in ("rep", "account", "opportunity_name"))
    outcome = OUTCOME_LABELS.get(row["outcome" + suffix] or "", "").lower()
    said = f"{rep}'s {outcome} deal" if rep else f"a {outcome} deal"
    if account:
        said += f" with {account}"
    return f"{said} {quoted_name(name)}" if name else said


def _upload_labels(uploads: pl.DataFrame, sha256: list[str]) -> str:
    """The uploads of the files `sha256` as a sentence names them ("es_week47.csv and book.xlsx (sheet 'Q1')"),
    up to MAX_EXAMPLES of them, then how many more."""
    rows = uploads.filter(pl.col("sha256").is_in(sha256)).sort("store_version").unique("sha256", keep="last", maintain_order=True)
    labels = [upload_label(r["file_name"], r["sheet"]) for r in rows.iter_rows(named=True)]
    shown = labels if len(labels) <= MAX_EXAMPLES else [*labels[:MAX_EXAMPLES], f"{len(labels) - MAX_EXAMPLES} more"]
    return listed(shown) if shown else "an upload no longer listed"


# What the file would change in a stored deal it has (file columns, then the stored ones).
_STORED_STAGE, _STORED_REP = "__stored_stage", "__stored_rep"
_MOVES = "__moves"  # "outcome" (a stored outcome changed) or "stage" (an open deal at another stage)
# The columns Store.commit_file's merge compares to tell an updated deal from an unchanged one (all its fields
# but the id, and what its closed/won columns said): the same list, so the file's "updated" is the merge's.
_COMPARED = DEALS_COMPARED
# What deal_changes says of each updated deal, one of these (in the sentence's order).
_MOVED, _TAKEN_BACK, _RESPELT, _OTHER = "moved", "taken back", "respelt", "other"
# A deal changed only by what the file has no column for (missing_fields says it).
_MISSING = "missing"
# A changed deal's name as deal_changes' sentence names it (deal_named): the file's, else the stored one.
_DEAL_NAME = pl.coalesce(pl.col("opportunity_name").str.strip_chars().replace("", None),
                         pl.col(f"{changed_deals.STORED_PREFIX}opportunity_name"))
# The kinds of deals taken back, as deal_changes counts them: reopened, closed earlier, another outcome the same day.
_BACK_KINDS = ("open", "earlier", "same day")


def _stored_name(field: str) -> str:
    """The stored value's column beside the file's (changed_deals reads them by the same names)."""
    return {"outcome": _STORED_OUTCOME, "close_date": _STORED_CLOSE, "stage": _STORED_STAGE, "rep": _STORED_REP}.get(
        field, f"{changed_deals.STORED_PREFIX}{field}")


_field_words = changed_deals.field_words


@dataclass(frozen=True)
class Transition:
    """Stored deals the file moves one way: from the stored outcome `before` to `after` (vocabulary
    values), or from one stage to another while open (`before` == `after` == open); how many (`deals`)
    and up to MAX_EXAMPLES of their ids (`examples`, file text), the first in the file's order, with
    each one's stored and file stage for a stage move (`stages`, file text; empty otherwise), and each as the
    sentence names it (`named`: deal_named, its deal name or else its id; file text; `examples` when empty)."""

    before: str
    after: str
    deals: int
    examples: tuple[str, ...]
    stages: tuple[tuple[str, str], ...] = ()
    named: tuple[str, ...] = ()

    def as_json(self) -> dict:
        said = {"from": self.before, "to": self.after, "deals": self.deals, "examples": list(self.examples)}
        if self.before == self.after:
            said["stages"] = [list(pair) for pair in self.stages]
        return said


@dataclass(frozen=True)
class Respelt:
    """Stored deals the file changes in nothing but how their rep is spelt (one rep by identity.name_key:
    case, accents, quotes, spacing), as the store's spelling of the rep (the roster's first) is stored
    with them: how many (`deals`), each (stored spelling, spelling stored now) with its deals, the most
    first (`spellings`, file text: at most MAX_EXAMPLES, of `pairs` in all), and whether every new
    spelling is the roster's (`roster`)."""

    deals: int
    spellings: tuple[tuple[str, str, int], ...]
    pairs: int
    roster: bool

    def as_json(self) -> dict:
        return {"deals": self.deals, "spellings": [{"from": a, "to": b, "deals": n} for a, b, n in self.spellings],
                "roster": self.roster}


@dataclass(frozen=True)
class OtherFields:
    """Stored deals the file changes in other fields than their outcome, an open deal's stage or their
    rep's spelling alone (an amount, a close date, a name, another rep, what their status or closed/won columns
    said: "status_outcome", "closing_outcome"): how many (`deals`), each field
    changed with how many of them it changes, in the fields' order (`fields`; a deal may change in
    several), and up to MAX_EXAMPLES of their ids, the first in the file's order (`examples`). Of those whose rep
    changes (a rep renamed in the CRM: "Emma Wilson" to "Emma Willson"), the moves from one rep to another, most deals
    first, at most MAX_EXAMPLES (`rep_moves`: (stored rep, the file's rep, deals), names as the files wrote them),
    the rest counted in the field's count: "14 deals change only in their rep" had named no one."""

    deals: int
    fields: tuple[tuple[str, int], ...]
    examples: tuple[str, ...]
    rep_moves: tuple[tuple[str, str, int], ...] = ()
    named: tuple[str, ...] = ()  # `examples` as the sentence names them (deal_named); `examples` when empty

    def as_json(self) -> dict:
        """{"deals", "fields": {field: deals}, "examples": [id], "rep_moves": [{"from", "to", "deals"}]}."""
        return {"deals": self.deals, "fields": dict(self.fields), "examples": list(self.examples),
                "rep_moves": [{"from": a, "to": b, "deals": n} for a, b, n in self.rep_moves]}

    def rep_words(self, *, stored: bool, alone: bool) -> str:
        """The rep moves said (`rep_moves`), "" for none: 'from "Emma Wilson" to "Emma Willson"' when one move is every
        deal whose rep changes, else '40 move from "Emma Wilson" to "Emma Willson", 3 from "Ann Lee" to "Bo Chan" and
        2 between other reps' ("moved" once `stored`; without "move" when the rep is not the only field
        changed, `alone` False, as "rep on 45 (40 from …)" says it). Names as the files wrote them: escape them."""
        changed = dict(self.fields).get("rep", 0)
        if not self.rep_moves:
            return ""
        if len(self.rep_moves) == 1 and self.rep_moves[0][2] == changed:
            return f"from {quoted_name(self.rep_moves[0][0])} to {quoted_name(self.rep_moves[0][1])}"
        said = [f"{n:,} from {quoted_name(a)} to {quoted_name(b)}" for a, b, n in self.rep_moves]
        if alone:
            said[0] = said[0].replace(" from ", f" {'moved' if stored else 'move' if self.rep_moves[0][2] != 1 else 'moves'} from ", 1)
        if rest := changed - sum(n for _, _, n in self.rep_moves):
            said.append(f"{rest:,} between other reps")
        return listed(said)


@dataclass(frozen=True)
class OpenAmounts:
    """Stored open deals the file keeps open with another amount, whatever else it changes in them (a stage
    move, another field): how many (`deals`), how many of them also move stage (`moved_stage`), and the
    pipeline's change per currency, the new amounts less the stored ones, a blank amount as none (`change`:
    (currency, change) in the currencies' order, None for amounts that name no currency). A deal whose
    currency changes too is not among them: its amounts are in two currencies, which the currency warning names."""

    deals: int
    moved_stage: int
    change: tuple[tuple[str | None, float], ...]

    def as_json(self) -> dict:
        """{"deals": int, "moved_stage": int, "change": {currency: amount}} ("" for no currency)."""
        return {"deals": self.deals, "moved_stage": self.moved_stage,
                "change": {currency or "": amount for currency, amount in self.change}}

    def sentence(self, *, stored: bool, hide_amounts: bool = False) -> str:
        """"6 open deals change amount (+$30,000 of pipeline), 5 of them also move stage."; once `stored`,
        "6 open deals changed amount (...), 5 of them also moved stage."; one deal "1 open deal changed amount
        (-€5,000 of pipeline) and also moved stage."; several currencies, in their codes' order, "(-€5,000 and +$30,000
        of pipeline)". `hide_amounts`: counts only, "6 open deals change amount, 5 of them also move stage."
        Said after deal_changes' clauses, which say each updated deal once: a stage move's new amount was in
        none of them, so "5 open deals moved stage; 1 deal changed only in its amount" hid 6 changed amounts."""
        def verb(present: str, past: str, deals: int) -> str:
            return past if stored else present if deals == 1 else present.removesuffix("s")

        amounts = listed([_signed_amount(amount, currency) for currency, amount in self.change])
        said = f"{plural(self.deals, 'open deal')} {verb('changes', 'changed', self.deals)} amount"
        said += "" if hide_amounts else f" ({amounts} of pipeline)"
        if self.moved_stage:
            also = f"also {verb('moves', 'moved', self.moved_stage)} stage"
            said += (f" and {also}" if self.deals == 1 else
                     f", {'all' if self.moved_stage == self.deals else self.moved_stage} of them {also}")
        return said + "."


def _signed_amount(amount: float, currency: str | None) -> str:
    """"+$30,000", "-€5,000", "±$0"; "+5,000 in no currency" for amounts that name none."""
    sign = NO_CHANGE if amount == 0 else "+" if amount > 0 else "-"
    if currency is None:
        return f"{sign}{whole(abs(amount)):,} in no currency"
    return sign + whole_money(abs(amount), currency)


@dataclass(frozen=True)
class DealChanges:
    """What storing an export changes in the deals the store holds (`deal_changes`): its transitions,
    in the order the sentence says them; the closed deals it takes back (`taken_back`, which `reopened`
    warns of); the deals changed only in their rep's spelling (`respelt`) and those changed in other
    fields (`other`); and how many deals in all (`deals`): the commit's "updated" count."""

    deals: int
    transitions: tuple[Transition, ...]
    taken_back: int = 0
    respelt: Respelt | None = None
    other: OtherFields | None = None
    # The taken-back deals by kind, (kind of _BACK_KINDS, deals) in that order; the deals changed only by
    # the fields the file has no column for (`missing`), and those fields (`missing_fields`, missing_fields says them).
    taken_back_kinds: tuple[tuple[str, int], ...] = ()
    missing: int = 0
    missing_fields: tuple[str, ...] = ()
    # What the stage mappings chosen for the file change by themselves in the stored deals (in the file or
    # not: a mapping is re-applied to every stored deal), said as the mapping's doing; None for none.
    mapped: MappingEffects | None = None
    # The open deals it keeps open with another amount, whichever clause says them (a stage move's, say),
    # said after the clauses with the pipeline's change; None for none.
    open_amounts: OpenAmounts | None = None
    # Reps the file gives stored deals that the roster does not name, where the rep before was in it: (the rep
    # as the file writes it, the stored rep, deals), most deals first. Those deals lose their team. An owner the
    # file report's 'did you mean' sentence names (pipeline.owner_lookalike_names) is left to it.
    unrostered: tuple[tuple[str, str, int], ...] = ()
    # The deals another report stored that the file has for other deals (other_report_deals' `ids`, which its
    # warning names): counted in `deals`, said in one clause, in no other.
    replaced: int = 0
    # The open deals it keeps open with a close date in another quarter, whatever else it changes in them (a stage
    # move...), said after the clauses; None for none.
    quarters: changed_deals.QuarterMoves | None = None
    # Every stored deal the file changes, one row each in the file's order, beside its stored self (changed_deals
    # reads it: `changed_csv`); the deals the stage mappings alone change are not in it (their mapping says them).
    changed: pl.DataFrame = dataclass_field(default_factory=pl.DataFrame, compare=False, repr=False)
    fy_start_month: int = 1  # the fiscal year `quarters` and `changed_csv` name quarters of

    def sentence(self, *, stored: bool = False, hide_amounts: bool = False) -> str | None:
        """What storing the file does to these deals: before it is stored ("Storing it closes 5 open
        deals: ..."), or, `stored`, after ("It closed 5 open deals: ...", said below "Stored as
        version N" by the command line and the Data page). The one wording of both surfaces. None when
        every deal it changes is one a warning names (`reopened`'s, `other_report_deals`'): not said twice.
        `hide_amounts`: the pipeline's change and the quarters' values are left out, counts only."""
        return None if self.taken_back_alone else _changes_sentence(self, stored=stored, hide_amounts=hide_amounts)

    def file_sentence(self, *, stored: bool = False, hide_amounts: bool = False) -> str | None:
        """`sentence` without the stage mappings' clauses, for a confirmation that says what each mapping
        changed already (data_page.committed_stages_sentence): the mapping's change was said twice. None
        when the file itself changes no stored deal, or only deals it takes back (`reopened` names them)."""
        if self.deals == self.mapping_updated or self.taken_back_alone:
            return None
        return _changes_sentence(replace(self, mapped=None, deals=self.deals - self.mapping_updated), stored=stored,
                                 hide_amounts=hide_amounts)

    @property
    def changed_deals(self) -> int:
        """How many deals `changed_csv` lists: every stored deal the file itself changes."""
        return self.changed.height

    def changed_csv(self, *, hide_amounts: bool = False, delimiter: str | None = None) -> bytes | None:
        """Every stored deal the file changes as a CSV (changed_deals.changed_deals_csv: id, deal name, rep, what
        changes, amount, the quarter before and after, each changed field before and after), safe to open in
        Excel; split by ';' when the file was (`delimiter`). None when the file itself changes no stored deal."""
        if not self.changed_deals:
            return None
        return changed_deals.changed_deals_csv(self.changed, _COMPARED, self.fy_start_month, hide_amounts, delimiter)

    @property
    def taken_back_alone(self) -> bool:
        """Whether every deal counted is one the file takes back, which `reopened`'s warning names, or another
        report's, which `other_report_deals`' names."""
        return self.deals == self.taken_back + self.replaced

    @property
    def mapping_updated(self) -> int:
        """The stored deals the stage mappings chosen for the file change by themselves (in `deals`)."""
        return self.mapped.changed if self.mapped is not None else 0

    def as_json(self, *, stored: bool = False) -> dict:
        """{"deals": int, "transitions": [{"from", "to", "deals", "examples"[, "stages"]}, ...],
        "taken_back": int, "rep_spellings": {"deals", "spellings": [{"from", "to", "deals"}, ...], "roster"}
        or None, "other_fields": {"deals", "fields": {field: deals}, "examples"} or None, "sentence": str or
        None, "unrostered": [{"rep", "rep_before", "deals"}]}, for the command line's --json: the sentence in
        the past once `stored` (None as `sentence`)."""
        return {"deals": self.deals, "transitions": [t.as_json() for t in self.transitions],
                "taken_back": self.taken_back,
                "rep_spellings": None if self.respelt is None else self.respelt.as_json(),
                "other_fields": None if self.other is None else self.other.as_json(),
                "taken_back_kinds": dict(self.taken_back_kinds), "missing_columns": {"deals": self.missing, "fields": list(self.missing_fields)},
                "stage_mappings": None if self.mapped is None else self.mapped.as_json(),
                "open_amounts": None if self.open_amounts is None else self.open_amounts.as_json(),
                "unrostered": [{"rep": rep, "rep_before": before, "deals": k} for rep, before, k in self.unrostered],
                "other_report": self.replaced, "quarters": None if self.quarters is None else self.quarters.as_json(),
                "sentence": self.sentence(stored=stored)}


def updated_by_file(moved: DealChanges | None) -> int:
    """Of the stored deals a commit of the file updates, those the file itself changes as the pages read them
    (Committed.counts_sentence counts the others as unchanged by the file): what `moved` (deal_changes, which
    compares the columns the commit's merge compares) counts but the deals the stage mappings chosen with the
    file change by themselves; 0 when it is None (the file changes no stored deal). The commit updates more
    when the stage mappings in effect read stored deals otherwise than their stored outcome (a mapping chosen
    with the file, or one saved before it by itself): the file stores the outcome the pages already read."""
    return 0 if moved is None else moved.deals - moved.mapping_updated


_ORDER = {OPEN: 0, WON: 1, LOST: 2, NO_DECISION: 3}


def _what_changes(stored_open: pl.Expr, missing: tuple[str, ...] = ()) -> pl.Expr:
    """Each updated deal's kind (_MISSING, _MOVED, _TAKEN_BACK, _RESPELT, _OTHER) beside the stored deal, for
    rows that differ in some compared field (file columns, then the stored ones). _MISSING: every field it
    differs in is one the file has no column for (`missing`, _not_carried), or its outcome, a no-decision
    deal made a plain loss for want of a loss reason."""
    explained = [pl.col(f"__differs_{f}").not_() for f in _COMPARED if f not in missing and f != "outcome"]
    by_missing = pl.all_horizontal(explained) & (pl.col("__differs_outcome").not_() | _becomes_lost(missing)) if missing else pl.lit(False)
    taken_back = ~stored_open & _takes_back().fill_null(False)
    moved = (pl.col("outcome") != pl.col(_STORED_OUTCOME)) | (
        stored_open & (pl.col("outcome") == OPEN) & (pl.col("stage") != pl.col(_STORED_STAGE)))
    others = [f for f in _COMPARED if f != "rep"]
    respelt = (pl.col("rep") != pl.col(_STORED_REP)) & (name_key(pl.col("rep")) == name_key(pl.col(_STORED_REP))) & ~pl.any_horizontal(
        [pl.col(f"__differs_{f}") for f in others])
    return (pl.when(by_missing.fill_null(False)).then(pl.lit(_MISSING)).when(taken_back).then(pl.lit(_TAKEN_BACK)).when(moved.fill_null(False)).then(pl.lit(_MOVED))
            .when(respelt.fill_null(False)).then(pl.lit(_RESPELT)).otherwise(pl.lit(_OTHER)))


def deal_changes(
    prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None, *, unchanged: bool | None = None,
    uploads: pl.DataFrame | None = None, apart: frozenset[str] = frozenset(), fy_start_month: int = 1,
) -> DealChanges | None:
    """What storing this export changes in the deals the store already holds: every deal the commit
    counts as updated (Store.commit_file: a stored deal the file has with any field other than its id
    not as stored, its rep spelt as the commit stores it, pipeline.store_spellings), each said once.
    By transition: open deals it closes (won, lost, no decision), closed deals whose outcome it changes,
    open deals it moves to another stage; then the deals it changes only in how their rep is spelt
    (the roster spelling a rep otherwise than an earlier export did), and those it changes in other
    fields (an amount, a close date, what its closed/won columns said...), by field: the columns the
    commit's merge compares (delta.DEALS_COMPARED), so its count is the file's "updated" whatever changed.
    Deals `reopened` says (closed deals the file has open, closed earlier, or closed the same day otherwise)
    are counted, and left to it to name (`sentence` is None when they are all it changes). None when it
    changes none of them (the store holds none of the file's deals, or holds them as they are), for a file
    that is not an export, or for one whose commit changes nothing.

    Reads of the store the deals' compared fields, and of the file the accepted rows' same columns,
    a part at a time: each part's changes are counted as it is read, keeping MAX_EXAMPLES of each kind.
    `stored`: currency_changes.stored_outcomes_and_currencies when the caller has read it, for the reps'
    spellings; `unchanged`: as for `reopened`; `uploads`: as for `absent_deals` (the fields the file lacks, _lacking).
    `apart`: the ids of deals another report stored that the file has for other deals (other_report_deals' `ids`):
    counted, and said as that warning's, in one clause (`replaced`): told as closed, reopened or moved back, they
    had been blamed on an older export of the file's own report.
    `fy_start_month`: the first month (1-12) of the fiscal year whose quarters the open deals' moved close dates are
    told in (`quarters`, changed_deals.quarter_moves) and the changed deals' CSV names (DealChanges.changed_csv)."""
    if not _is_export(prepared) or _stores_nothing(prepared, store, unchanged):
        return None
    # Every stored deal, as the commit's merge compares them (the whole table: the date window aside).
    deals = store.read("opportunities").select(
        "opportunity_id", *[pl.col(f).alias(_stored_name(f)) for f in _COMPARED])
    # Read under the file's own stage mappings: what the user's new mapping changes is said as its doing (`mapped`).
    under = _under_file_mappings(prepared, store)
    deals = _with_outcomes_from(deals, None if under is None else under[0], _STORED_OUTCOME, _stored_name(STORED_STATUS))
    mapped = None if under is None or under[1] is None or not under[1].changed else under[1]
    renamed = store_spellings(store, prepared, stored)
    held = store.roster().select("rep", "email").collect()
    roster = set(held.get_column("rep").to_list())
    roster_keys = {rep_key(r) for r in roster if r}
    # An owner written as an email is said by the file report's sentence on owner emails (pipeline.email_owner_sentences):
    # counted as the roster's rep whose row holds it, or with what to do when none does; never again here.
    emailed = set(held.select(email_key(pl.col("email"))).to_series().drop_nulls().to_list())
    uploads = store.live_uploads() if uploads is None else uploads
    unrostered: dict[tuple[str, str], int] = {}  # (the file's rep, the stored rep) -> deals: DealChanges.unrostered
    stored_open = pl.col(_STORED_OUTCOME) == OPEN
    warned, lacking = _lacking(prepared, store, uploads)
    back_kinds = dict.fromkeys(_BACK_KINDS, 0)
    by_missing = 0
    blanked: set[str] = set()  # the fields the file lacks that change the deals counted in by_missing
    groups: dict[tuple[str, str], list] = {}  # (before, after): [deals, examples, stages]
    taken_back, replaced = 0, 0
    spelt: dict[tuple[str, str], int] = {}
    other_fields = dict.fromkeys(_COMPARED, 0)
    other, other_examples, other_named = 0, list[str](), list[str]()
    rep_moves: dict[tuple[str, str], int] = {}  # (stored rep, the file's rep) -> deals of `other`: OtherFields.rep_moves
    repriced, repriced_moved, pipeline = 0, 0, dict[str | None, float]()  # OpenAmounts' counts, per currency
    changed_parts: list[pl.DataFrame] = []  # every changed deal beside its stored self: DealChanges.changed
    read = ("opportunity_id", *_COMPARED)
    for part in prepared.accepted_columns(read):
        rows = part.cast({c: STORED_OPPORTUNITY_SCHEMA[c] for c in read})
        if renamed is not None:
            rows = rows.with_columns(pl.col("rep").replace(*renamed))
        found = (
            # Sorted by row after the filter, as _taken_back does: the join kept no order.
            rows.with_row_index("__row").join(deals, on="opportunity_id", how="inner")
            .with_columns(pl.col(f).ne_missing(pl.col(_stored_name(f))).alias(f"__differs_{f}") for f in _COMPARED)
            .filter(pl.any_horizontal([pl.col(f"__differs_{f}") for f in _COMPARED]))
            .with_columns(_what_changes(stored_open, lacking).alias(_MOVES))
            .sort("__row")
            # Every compared field both ways: the changed deals' CSV gives each changed one before and after.
            .select("opportunity_id", _MOVES, *_COMPARED, *[_stored_name(f) for f in _COMPARED], *[f"__differs_{f}" for f in _COMPARED])
            .collect()
        )
        theirs = found.get_column("opportunity_id").is_in(list(apart)) if apart else constant(False, found.height, pl.Boolean)
        changed_parts.append(found.with_columns(theirs.alias(changed_deals.APART)))
        if apart:
            replaced += int(theirs.sum())
            found = found.filter(~theirs)
        moved = found.filter(pl.col(_MOVES) == _MOVED).group_by(_STORED_OUTCOME, "outcome", maintain_order=True).agg(
            pl.len().alias("deals"), pl.col("opportunity_id").head(MAX_EXAMPLES), _DEAL_NAME.head(MAX_EXAMPLES).alias("names"),
            pl.col(_STORED_STAGE).head(MAX_EXAMPLES).alias("from"), pl.col("stage").head(MAX_EXAMPLES).alias("to"))
        for row in moved.iter_rows(named=True):
            group = groups.setdefault((row[_STORED_OUTCOME], row["outcome"]), [0, [], [], []])
            group[0] += row["deals"]
            group[1] = (group[1] + row["opportunity_id"])[:MAX_EXAMPLES]
            group[2] = (group[2] + list(zip(row["from"], row["to"], strict=True)))[:MAX_EXAMPLES]
            group[3] = (group[3] + [deal_named(i, n) for i, n in zip(row["opportunity_id"], row["names"], strict=True)])[:MAX_EXAMPLES]
        back = found.filter(pl.col(_MOVES) == _TAKEN_BACK)
        taken_back += back.height
        reopens = back.get_column("outcome") == OPEN
        same_day = ~reopens & (back.get_column("close_date") == back.get_column(_STORED_CLOSE)).fill_null(False)
        back_kinds["open"] += int(reopens.sum())
        back_kinds["same day"] += int(same_day.sum())
        back_kinds["earlier"] += int((~reopens & ~same_day).sum())
        mine = found.filter(pl.col(_MOVES) == _MISSING)
        by_missing += mine.height
        blanked.update(f for f in lacking if mine.height and mine.get_column(f"__differs_{f}").any())
        if mine.height and "loss_reason" in lacking and (mine.get_column("outcome") != mine.get_column(_STORED_OUTCOME)).any():
            blanked.add("loss_reason")
        for before, after, n in found.filter(pl.col(_MOVES) == _RESPELT).group_by(_STORED_REP, "rep").len().iter_rows():
            spelt[(before, after)] = spelt.get((before, after), 0) + n
        if roster_keys:
            for after, before, k in (found.filter(pl.col("__differs_rep") & pl.col("rep").is_not_null() & pl.col(_STORED_REP).is_not_null())
                                     .group_by("rep", _STORED_REP).len().iter_rows()):
                if (rep_key(after) not in roster_keys and not re.fullmatch(EMAIL_SHAPE, after.strip())
                        and (rep_key(before) in roster_keys or before.strip().lower() in emailed)):
                    unrostered[(after, before)] = unrostered.get((after, before), 0) + k
        rest = found.filter(pl.col(_MOVES) == _OTHER)
        other += rest.height
        for before, after, n in (rest.filter(pl.col("__differs_rep") & pl.col("rep").is_not_null() & pl.col(_STORED_REP).is_not_null())
                                 .group_by(_STORED_REP, "rep").len().iter_rows()):
            rep_moves[(before, after)] = rep_moves.get((before, after), 0) + n
        other_examples = (other_examples + rest.get_column("opportunity_id").head(MAX_EXAMPLES).to_list())[:MAX_EXAMPLES]
        other_named = (other_named + [deal_named(i, n) for i, n in rest.head(MAX_EXAMPLES).select("opportunity_id", _DEAL_NAME).rows()])[:MAX_EXAMPLES]
        for field in _COMPARED:
            other_fields[field] += int(rest.get_column(f"__differs_{field}").sum())
        kept_open = _repriced_open(found)
        repriced += kept_open.height
        repriced_moved += int((kept_open.get_column(_MOVES) == _MOVED).sum())
        for currency, change in kept_open.group_by("__in").agg(pl.col("__change").sum()).iter_rows():
            pipeline[currency] = pipeline.get(currency, 0.0) + change
    if not groups and not taken_back and not spelt and not other and not by_missing and not replaced and mapped is None:
        return None  # nothing changed
    if unrostered:
        # An owner close to a roster rep's name is said by the file report's 'did you mean' sentence
        # (pipeline.owner_lookalike_names), which says more (both ways to fix it, or that they are two people): never
        # again here, where a re-export renaming "Dana Whitfeld"'s deals "Dana Whitfield" was said twice. Asked
        # only when some new rep is unrostered: it reads the file's reps once more.
        guessed = {rep_key(name) for name in owner_lookalike_names(store, prepared)}
        unrostered = {pair: k for pair, k in unrostered.items() if rep_key(pair[0]) not in guessed}
    # Open deals closed first (won, lost, no decision), then closed deals' outcomes, then stage moves.
    def order(key: tuple[str, str]) -> tuple[int, int, int]:
        before, after = key
        return (2 if before == after else 0 if before == OPEN else 1, _ORDER[before], _ORDER[after])

    transitions = tuple(
        Transition(before, after, count, tuple(ids), tuple(stages) if before == after else (), tuple(named))
        for (before, after), (count, ids, stages, named) in sorted(groups.items(), key=lambda item: order(item[0]))
    )
    respelt = None
    if spelt:
        pairs = sorted(spelt.items(), key=lambda item: (-item[1], item[0]))
        respelt = Respelt(sum(spelt.values()), tuple((a, b, n) for (a, b), n in pairs[:MAX_EXAMPLES]), len(pairs),
                          all(b in roster for _, b in spelt))
    moves = tuple((a, b, n) for (a, b), n in sorted(rep_moves.items(), key=lambda item: (-item[1], item[0]))[:MAX_EXAMPLES])
    others = (OtherFields(other, tuple((f, n) for f, n in other_fields.items() if n), tuple(other_examples), moves, tuple(other_named))
              if other else None)
    total = (sum(t.deals for t in transitions) + taken_back + (respelt.deals if respelt else 0) + other + by_missing
             + (mapped.changed if mapped else 0) + replaced)
    kinds = tuple((kind, n) for kind, n in back_kinds.items() if n)
    amounts = None
    if repriced:
        amounts = OpenAmounts(repriced, repriced_moved, tuple(sorted(pipeline.items(), key=lambda item: item[0] or "")))
    changed = pl.concat(changed_parts, how="vertical_relaxed") if changed_parts else pl.DataFrame()
    return DealChanges(total, transitions, taken_back, respelt, others, kinds, by_missing, tuple(f for f in warned if f in blanked),
                       mapped, amounts, tuple((a, b, k) for (a, b), k in sorted(unrostered.items(), key=lambda i: (-i[1], i[0]))),
                       replaced, changed_deals.quarter_moves(changed, fy_start_month), changed, fy_start_month)


def _repriced_open(found: pl.DataFrame) -> pl.DataFrame:
    """The rows of `found` (deal_changes' updated deals beside the stored ones) that OpenAmounts counts: open in
    the store and in the file, their amount changed in one currency (a blank amount, either side, has the other's);
    with `__in`, that currency, and `__change`, the new amount less the stored one, a blank as 0."""
    stored_amount, stored_currency = pl.col(_stored_name("amount")), pl.col(_stored_name("currency"))
    one_currency = pl.col("currency").eq_missing(stored_currency) | pl.col("amount").is_null() | stored_amount.is_null()
    return found.filter(
        (pl.col(_STORED_OUTCOME) == OPEN) & (pl.col("outcome") == OPEN) & pl.col("__differs_amount") & one_currency
    ).with_columns(
        pl.when(pl.col("amount").is_not_null()).then(pl.col("currency")).otherwise(stored_currency).alias("__in"),
        (pl.col("amount").fill_null(0.0) - stored_amount.fill_null(0.0)).alias("__change"),
    )


# The fields a file may lack a column for while the stored deals it updates hold them (missing_fields):
# every stored field but the id, the outcome (derived) and the two a row cannot be stored without.
_CARRIED_BY = {
    # A close date comes from the won, lost or expected close date columns as well.
    "close_date": ("close_date", "won_date", "lost_date", "expected_close_date"),
}
_MAY_BE_MISSING = tuple(f for f in OPPORTUNITY_FIELDS if f not in ("opportunity_id", "outcome", "rep", "stage"))
# Of the deals a missing field changes, those compared with a candidate column's values (missing_fields).
_SAMPLED = 1_000
# The share of those a column's values must equal to be named as the field's column.
_CANDIDATE_SHARE = 0.8


def _not_carried(prepared: PreparedFile) -> tuple[str, ...]:
    """The fields of _MAY_BE_MISSING no column of the file feeds (a currency chosen for the file's amounts
    feeds the currency; a won, lost or expected close date the close date)."""
    assert prepared.mapping is not None
    fields = prepared.mapping.fields
    if prepared.mapping.keyed_by_name:
        return tuple(f for f in _not_carried_fields(fields, prepared.file_currency) if f not in ("account", "opportunity_name"))
    return _not_carried_fields(fields, prepared.file_currency)


def _not_carried_fields(fields: dict[str, str], file_currency: str | None) -> tuple[str, ...]:
    lacking = []
    for name in _MAY_BE_MISSING:
        if any(f in fields for f in _CARRIED_BY.get(name, (name,))):
            continue
        if name == "currency" and file_currency is not None:
            continue
        lacking.append(name)
    return tuple(lacking)


def _lacking(prepared: PreparedFile, store: Store, uploads: pl.DataFrame | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the fields missing_fields warns of, the fields whose changes it explains): of the fields no column of
    the file feeds (_not_carried), those a column fed in an export the stored deals the file has were stored
    from (their manifest rows' `columns`; every such field when one of those exports was stored before the
    store kept its columns). A field those exports had no column for either (a currency the amounts were
    read in) is no column the file lost. The currency is explained with a lost amount column: the
    currency an amount was stored in goes with it."""
    if prepared.mapping is None:
        return (), ()
    lacking = _not_carried(prepared)
    if not lacking:
        return (), ()
    # A field no stored deal holds a value of is no column the file lost: one scan of those columns
    # spares matching every row's id against the store's (1.2 s of CPU for a 1M re-export of a 1M store).
    held = store.read("opportunities").select([pl.col(f).is_not_null().any().alias(f) for f in lacking]).collect()
    if not any(held.row(0)):
        return (), ()
    manifest = store.live_uploads() if uploads is None else uploads
    # Each export's columns as kept in its manifest row (None for a row from before they were kept), read once.
    kept = [(sha, stored_columns(columns)) for sha, columns in
            manifest.filter(pl.col("kind") == "opportunities").select("sha256", "columns").iter_rows()]

    def fed(read: list) -> tuple[str, ...]:
        """The lacking fields a column fed in one of the exports `read` (stored_columns of each)."""
        had = {f for r in read for f in r[2]}
        return tuple(f for f in lacking if any(a in had for a in _CARRIED_BY.get(f, (f,))))

    # Every export stored kept its columns and none had one for these fields: nothing to match row by row.
    if kept and all(r is not None for _, r in kept) and not fed([r for _, r in kept]):
        return (), ()
    deals = store.read("opportunities").select("opportunity_id", "source_sha256")
    sources: set[str] = set()
    for part in prepared.accepted_columns(["opportunity_id"]):
        found = part.join(deals, on="opportunity_id", how="inner").select(pl.col("source_sha256").unique()).collect()
        sources.update(s for s in found.get_column("source_sha256").to_list() if s)
    if not sources:
        return (), ()
    read = [r for sha, r in kept if sha in sources]
    warned = lacking if not read or any(r is None for r in read) else fed(read)
    warned = tuple(f for f in warned if held.get_column(f).item())
    explained = (*warned, "currency") if "amount" in warned and "currency" in lacking and "currency" not in warned else warned
    return warned, explained


def _becomes_lost(missing: tuple[str, ...]) -> pl.Expr:
    """Whether a file's row (outcome) beside a stored deal (_STORED_OUTCOME) is a no-decision deal made a
    plain loss by the file's lack of a loss reason column (no reason says it was no decision)."""
    if "loss_reason" not in missing:
        return pl.lit(False)
    return (pl.col(_STORED_OUTCOME) == NO_DECISION) & (pl.col("outcome") == LOST)


@dataclass(frozen=True)
class MissingField:
    """A field the file has no column for whose stored values it would blank or change: how many stored
    deals (`deals`, those `lost` counts aside for the loss reason), the column earlier exports fed it
    from (`column`, as written; None when the store did not keep it) and an unused column of the file
    whose values are the stored ones (`candidate`, None for none). Names are file text: escape them."""

    field: str
    deals: int
    column: str | None
    candidate: str | None
    # What the export `column` was read from was exported as (mapping.stored_source_words: "HubSpot export");
    # None with no `column`.
    exported_as: str | None = None

    def as_json(self) -> dict:
        return {"field": self.field, "deals": self.deals, "earlier_column": self.column, "candidate": self.candidate}


@dataclass(frozen=True)
class MissingFields:
    """What storing an export without a column for a field the stored deals it updates hold would do to
    them (`missing_fields`): per field (`fields`), the no-decision deals it would make plain losses
    (`lost`: no loss reason says no decision), every deal it changes so (`deals`), up to MAX_EXAMPLES of
    them (`examples`, file text) and the sentence that says it, first and before any other warning."""

    fields: tuple[MissingField, ...]
    lost: int
    deals: int
    examples: tuple[str, ...]
    sentence: str

    def as_json(self) -> dict:
        return {"fields": [f.as_json() for f in self.fields], "no_decision_to_lost": self.lost, "deals": self.deals,
                "examples": list(self.examples), "sentence": self.sentence}


def missing_fields(
    prepared: PreparedFile, store: Store, *, unchanged: bool | None = None, uploads: pl.DataFrame | None = None,
    apart: frozenset[str] = frozenset(),
) -> MissingFields | None:
    """The fields this export has no column for (no column mapped to them) whose values the stored deals
    it has hold, and which storing it would blank (or, for the currency, set to the one the file's
    amounts are read in): a CRM admin renaming "Win/Loss Reason" to "Why We Lost" made a weekly export
    blank every stored loss reason and turn every no-decision deal into a plain loss, and the warnings
    blamed an older export. Said first, as what to do: which field, which column the exports those deals
    were stored from had (their manifest rows' `columns`), which unused column of this file holds the
    stored values (for the deals of its first rows), and to map it. None when there is none, for a file
    that is not an export, or for one whose commit changes nothing.

    Reads of the store the deals' missing fields, outcomes and source files; of the file its accepted
    rows' same columns, a part at a time; and the first rows of the file's table for the candidates.
    `apart`: as for `reopened`, deals another report stored (other_report_deals), which that warning explains:
    another CRM's export lacks the columns of the stored deals' own CRM, and is not to be told to map them."""
    if not _is_export(prepared) or prepared.mapping is None or _stores_nothing(prepared, store, unchanged):
        return None
    missing, _ = _lacking(prepared, store, uploads)
    if not missing:
        return None
    deals = store.read("opportunities").select(
        "opportunity_id", pl.col("outcome").alias(_STORED_OUTCOME), "source_sha256",
        *[pl.col(f).alias(_stored_name(f)) for f in missing])
    if apart:
        deals = deals.filter(~pl.col("opportunity_id").is_in(list(apart)))
    lost = _becomes_lost(missing)
    counts = dict.fromkeys(missing, 0)
    sampled: dict[str, list[pl.DataFrame]] = {f: [] for f in missing}
    sources: dict[str, set[str]] = {f: set() for f in missing}
    n_lost, n_deals, examples = 0, 0, list[str]()
    for part in prepared.accepted_columns(["opportunity_id", "outcome", *missing]):
        rows = part.cast({f: OPPORTUNITY_SCHEMA[f] for f in ["outcome", *missing]})
        found = (
            rows.with_row_index("__row").join(deals, on="opportunity_id", how="inner")
            .with_columns(
                [(pl.col(_stored_name(f)).is_not_null() & pl.col(f).ne_missing(pl.col(_stored_name(f)))).alias(f"__blanks_{f}")
                 for f in missing] + [lost.alias("__lost")])
            .filter(pl.any_horizontal([pl.col(f"__blanks_{f}") for f in missing] + [pl.col("__lost")]))
            .sort("__row")
            .collect()
        )
        if found.height == 0:
            continue
        n_deals += found.height
        n_lost += int(found.get_column("__lost").sum())
        examples = (examples + found.get_column("opportunity_id").head(MAX_EXAMPLES).to_list())[:MAX_EXAMPLES]
        for f in missing:
            # The loss reasons of the deals made plain losses are counted with them, not again as blanked.
            blanked = found.filter(pl.col(f"__blanks_{f}") & ~(pl.col("__lost") if f == "loss_reason" else pl.lit(False)))
            counts[f] += blanked.height
            with_value = found.filter(pl.col(f"__blanks_{f}"))
            sources[f].update(s for s in with_value.get_column("source_sha256").unique().to_list() if s)
            if sum(frame.height for frame in sampled[f]) < _SAMPLED:
                sampled[f].append(with_value.select("opportunity_id", pl.col(_stored_name(f)).alias("__stored")).head(_SAMPLED))
    if n_deals == 0:
        return None
    manifest = store.live_uploads() if uploads is None else uploads
    said = tuple(
        MissingField(f, counts[f], column, _candidate(prepared, pl.concat(sampled[f]) if sampled[f] else None), exported_as)
        for f in missing if counts[f] or (f == "loss_reason" and n_lost)
        for column, exported_as in (_earlier_column(manifest, sources[f], f),)
    )
    return MissingFields(said, n_lost, n_deals, tuple(examples), _missing_sentence(prepared, said, n_lost, tuple(examples), n_deals))


def _earlier_column(uploads: pl.DataFrame, sources: set[str], field: str) -> tuple[str | None, str | None]:
    """The column that fed `field` in the latest of the uploads `sources` (the files the changed deals were
    stored from) whose manifest row kept its columns, and what that upload was exported as, in
    stored_source_words' words ("HubSpot export"): the earlier export is named by its own CRM, not this
    file's. (None, None) when none kept its columns."""
    if not sources or "columns" not in uploads.columns:
        return None, None
    rows = uploads.filter(pl.col("sha256").is_in(list(sources))).sort("store_version", descending=True)
    for row in rows.iter_rows(named=True):
        if (read := stored_columns(row["columns"])) is not None and (column := read[2].get(field)):
            return column, stored_source_words(row.get("kind"), row.get("source"), row.get("exported_from"))
    return None, None


def _candidate(prepared: PreparedFile, stored: pl.DataFrame | None) -> str | None:
    """The unused column of the file (mapping.unused_columns) whose values are the stored values of the
    deals in `stored` (opportunity_id, `__stored`), for the deals the file's first rows hold: at least
    _CANDIDATE_SHARE of those compared, the best first; None when no column is so, or the file has no id column."""
    table, mapping = prepared.table, prepared.mapping
    if stored is None or stored.height == 0 or table is None or mapping is None:
        return None
    key = mapping.fields.get("opportunity_id")
    unused = unused_columns(table.columns, mapping.fields.values())
    if key is None or not unused:
        return None
    numeric = stored.schema["__stored"].is_numeric()
    said = stored.with_columns(pl.col("__stored").cast(pl.String).alias("__text"))
    raw = table.frame.select(pl.col(key).str.strip_chars().alias("opportunity_id"), *unused).unique("opportunity_id", keep="first")
    joined = said.join(raw, on="opportunity_id", how="inner")
    best, share = None, _CANDIDATE_SHARE
    for column in unused:
        values = pl.col(column).str.strip_chars()
        same = (values == pl.col("__text")) | (
            (values.str.replace_all(",", "").cast(pl.Float64, strict=False) == pl.col("__stored")) if numeric else pl.lit(False))
        compared = joined.filter(pl.col(column).is_not_null() & (values != ""))
        if compared.height == 0:
            continue
        matched = compared.select(same.fill_null(False).sum()).item() / compared.height
        if matched >= share and (best is None or matched > share):
            best, share = column, matched
    return best


def _missing_sentence(
    prepared: PreparedFile, fields: tuple[MissingField, ...], lost: int, examples: tuple[str, ...], deals: int
) -> str:
    """One sentence per missing field: what the file lacks, the column earlier exports had, the column of
    this file that could be it, mapping it as the fix, and what storing it without does, counted. The
    `examples` are of all `deals` it changes: after two counts they are named as such ("3 deals in all,
    such as …"), never as examples of the last count alone."""
    sentences = []
    for i, missing in enumerate(fields):
        field = missing.field
        words_of = _field_words(field)
        source = missing.exported_as or stored_source_words(prepared.kind, prepared.source, prepared.exported_from)
        words = source[0].lower() + source[1:] if source.startswith(("Generic", "Opportunity")) else source
        had = (f", which earlier {words}s of these deals had as '{missing.column}'" if missing.column
               else ", which the stored deals it updates have")
        label = FIELD_LABELS.get(field, field).split(" (")[0]
        if missing.candidate is not None:
            fix = (f": '{missing.candidate}' holds their stored {words_of}s, so map it to {label}"
                   f"{command_line_hint('--map', f'{field}={quoted(missing.candidate)}')}")
        else:
            fix = f": if one of its columns holds it, map it to {label}{command_line_hint('--map', f'{field}=COLUMN')}"
        effects = []
        if field == "loss_reason" and lost:
            effects.append(f"turns {plural(lost, 'no-decision deal')} into plain losses")
        if missing.deals:
            deal = "more stored deal" if field == "loss_reason" and lost else "stored deal"
            verb = "sets" if field == "currency" else "blanks"
            effects.append(f"{verb} the {words_of} of {plural(missing.deals, deal)}"
                           + (" to the currency its amounts are read in" if field == "currency" else ""))
        such = ""
        if i == 0 and examples:
            named = f"such as {', '.join(examples)}" if deals > len(examples) else ", ".join(examples)
            such = f" ({plural(deals, 'deal')} in all, {named})" if len(effects) > 1 else f" ({named})"
        sentences.append(f"This file has no {words_of} column{had}{fix}; stored without it, it "
                         f"{' and '.join(effects)}{such}.")
    return " ".join(sentences)


def _examples(t: Transition) -> str:
    """"(D-1, D-2)", "(such as D-1, D-2, D-3)" when there are more; a stage move names each one's stages."""
    named = t.named or t.examples
    shown = [f"{i}: {a} → {b}" for i, (a, b) in zip(named, t.stages, strict=False)] if t.stages else list(named)
    return f"({'such as ' if t.deals > len(t.examples) else ''}{', '.join(shown)})"


def _taken_back_clause(changes: DealChanges, stored: bool) -> str:
    """"3 closed deals are reopened, 2 move back to an earlier close date and 54 change outcome on the date
    they closed, as the warning on them says": each kind in its own words (a no-decision deal lost on the
    same day was said to be "taken back to an earlier state"), in the past once `stored`."""
    n = changes.taken_back
    kinds = changes.taken_back_kinds or (("open", n),)
    said = {
        "open": ("is reopened", "are reopened", "was reopened", "were reopened"),
        "earlier": ("moves back to an earlier close date", "move back to an earlier close date",
                    "moved back to an earlier close date", "moved back to an earlier close date"),
        "same day": ("changes outcome on the date it closed", "change outcome on the date they closed",
                     "changed outcome on the date it closed", "changed outcome on the date they closed"),
    }
    parts = []
    for i, (kind, k) in enumerate(kinds):
        words = said[kind][(2 if stored else 0) + (k != 1)]
        parts.append(f"{plural(k, 'closed deal') if i == 0 else f'{k:,}'} {words}")
    return f"{listed(parts)}, as the warning on {'it' if n == 1 else 'them'} {'said' if stored else 'says'}"


def _changes_sentence(changes: DealChanges, *, stored: bool, hide_amounts: bool = False) -> str:
    """"Storing it closes 4 open deals: 3 won (D-12, D-40, D-41), 1 lost (D-7); 1 lost deal becomes
    no decision (D-9); 1 open deal moves stage (D-3: Proposal → Negotiation); 7 deals change only in how
    their rep is spelt (Tom O’Brien → Tom O'Brien, as the roster spells it); 2 deals change in other
    fields: amount on 2, close date on 1 (D-5, D-6)." Once `stored`, in the past: "It closed 4 open
    deals: ...; 1 lost deal became no decision (D-9); 1 open deal moved stage (...); ...". Each deal the
    commit updates is in one clause, so the clauses' counts add up to its "updated"."""

    def verb(present: str, past: str, deals: int = 1) -> str:
        """The file's verb ("closes", "closed"), or the deals' ("becomes", "become", "became")."""
        return past if stored else present if deals == 1 else present.removesuffix("s")

    transitions = changes.transitions
    parts = []
    closes = [t for t in transitions if t.before == OPEN and t.after != OPEN]
    if closes:
        n = sum(t.deals for t in closes)
        parts.append(f"{verb('closes', 'closed')} {plural(n, 'open deal')}: "
                     + ", ".join(f"{t.deals:,} {OUTCOME_LABELS[t.after].lower()} {_examples(t)}" for t in closes))
    for t in transitions:
        if t.before != OPEN and t.before != t.after:
            parts.append(f"{plural(t.deals, OUTCOME_LABELS[t.before].lower() + ' deal')} "
                         f"{verb('becomes', 'became', t.deals)} {OUTCOME_LABELS[t.after].lower()} {_examples(t)}")
        elif t.before == t.after:
            parts.append(f"{plural(t.deals, 'open deal')} {verb('moves', 'moved', t.deals)} stage {_examples(t)}")
    if changes.mapped is not None:  # "37 stored deals change from lost to no decision because you map 'Parked' to No decision"
        parts.extend(changes.mapped.clauses(stored=stored))
    if n := changes.replaced:  # "19 deals stored from another report become this file's, as the warning on them says"
        parts.append(f"{plural(n, 'deal')} stored from another report {verb('becomes', 'became', n)} this file's, "
                     f"as the warning on {'it' if n == 1 else 'them'} {'said' if stored else 'says'}")
    if n := changes.missing:
        one = n == 1
        fields = listed([_field_words(f) for f in changes.missing_fields]) if changes.missing_fields else "a field"
        parts.append(f"{plural(n, 'deal')} {verb('changes', 'changed', n)} only because this file has no {fields} "
                     f"column, as the warning on {'it' if len(changes.missing_fields) < 2 else 'them'} {'said' if stored else 'says'}")
    if n := changes.taken_back:
        parts.append(_taken_back_clause(changes, stored))
    if (respelt := changes.respelt) is not None:
        shown = [f"{a} → {b}" for a, b, _ in respelt.spellings]
        if respelt.pairs > len(shown):
            shown.append(f"{plural(respelt.pairs - len(shown), 'other spelling')}")
        roster = f", as the roster spells {'it' if respelt.pairs == 1 else 'them'}" if respelt.roster else ""
        one = respelt.deals == 1
        parts.append(f"{plural(respelt.deals, 'deal')} {verb('changes', 'changed', respelt.deals)} only in how "
                     f"{'its' if one else 'their'} rep is spelt ({', '.join(shown)}{roster})")
    if (other := changes.other) is not None:
        one = other.deals == 1
        examples = f"({'such as ' if other.deals > len(other.examples) else ''}{', '.join(other.named or other.examples)})"
        if len(other.fields) == 1:
            # Whom the deals move between, when it is their rep: '40 deals change only in their rep, from "Emma Wilson" to
            # "Emma Willson" (…)' names the rename that "40 deals change only in their rep (…)" hid.
            moves = other.rep_words(stored=stored, alone=True)
            joined = "" if not moves else f", {moves}" if moves.startswith("from ") else f": {moves}"
            parts.append(f"{plural(other.deals, 'deal')} {verb('changes', 'changed', other.deals)} only in "
                         f"{'its' if one else 'their'} {_field_words(other.fields[0][0])}{joined} {examples}")
        else:
            moves = other.rep_words(stored=stored, alone=False)
            fields = ", ".join(f"{_field_words(f)} on {k:,}{f' ({moves})' if f == 'rep' and moves else ''}"
                               for f, k in other.fields)
            parts.append(f"{plural(other.deals, 'deal')} {verb('changes', 'changed', other.deals)} in other fields: "
                         f"{fields} {examples}")
    subject = "It" if stored else "Storing it"
    # The pipeline's amounts, apart from the clauses (which say each deal once): a stage move's new amount is in none.
    amounts = "" if changes.open_amounts is None else f" {changes.open_amounts.sentence(stored=stored, hide_amounts=hide_amounts)}"
    # The close dates that move open deals to another quarter, apart too: a stage move's slip was said as the move alone.
    if changes.quarters is not None:
        amounts += f" {changes.quarters.sentence(stored=stored, hide_amounts=hide_amounts)}"
    amounts += "".join(f" {_unrostered_sentence(*rep)}" for rep in changes.unrostered[:MAX_EXAMPLES])
    if closes:  # "Storing it closes 4 open deals: ...; 1 open deal moves stage (...)."
        return f"{subject} {'; '.join(parts)}.{amounts}"
    return f"{subject} {verb('changes', 'changed')} {plural(changes.deals, 'stored deal')}: {'; '.join(parts)}.{amounts}"


def _unrostered_sentence(rep: str, before: str, deals: int) -> str:
    """What a rep the file gives stored deals, whom the roster does not name, does to them (DealChanges.unrostered:
    `rep` as the file writes it, `before` the stored rep, in the roster): the deals are Unprofiled and in no team,
    which "14 deals change only in their rep" did not say; the roster filters that cannot place them, the Coach
    filter among them. Names whether the new name looks like the one before
    (identity.did_you_mean, the roster upload's rule). Names as the files wrote them: escape it to show it."""
    one = deals == 1
    alike = did_you_mean(rep_key(rep), {rep_key(before): before}) is not None
    like = (f", which has {quoted_name(before)}, {'its' if one else 'their'} rep before: a name so close may be the same "
            f"person renamed in the CRM" if alike else "")
    return (
        f"{quoted_name(rep)}, the new rep of {plural(deals, 'deal')}, is not in the roster{like}. "
        f"{'That deal is' if one else 'Those deals are'} Unprofiled and in no team, so the Team, Manager, Coach and "
        f"Region filters cannot place {'it' if one else 'them'}: upload a roster that names {quoted_name(rep)}."
    )


__all__ = [
    "MAX_EXAMPLES", "DealChanges", "MissingField", "MissingFields", "OpenAmounts", "OtherFields", "Respelt", "StoredDeals", "Transition",
    "MAX_UNLISTED_NAMED", "OTHER_DEALS_APART", "UNLISTED_COLUMNS", "UnlistedDeals", "absent_deals", "quarantined_stored", "unlisted_deals",
    "changes_nothing", "deal_changes", "deleted_stored", "deleted_stored_ids", "missing_fields",
    "other_report_deals", "reopened", "report_loads", "taken_as_report", "zeros_dropped",
]


# Each kind of deal taken back (_back_kinds) as the History note names it, for one deal and for more.
_BACK_NOTES = {
    "open": ("reopened", "reopened"),
    "earlier": ("moved back to an earlier close date", "moved back to an earlier close date"),
    "same day": ("given another outcome on the date it closed", "given another outcome on the date they closed"),
}


def _back_note(kinds: tuple[tuple[str, int], ...]) -> str:
    """"1 closed deal reopened and 1 given another outcome on the date it closed": each kind taken back by name
    (it read "2 closed deals taken back" of a reopen and a lost deal corrected to won)."""
    parts = [f"{plural(k, 'closed deal') if i == 0 else f'{k:,}'} {_BACK_NOTES[kind][k != 1]}" for i, (kind, k) in enumerate(kinds)]
    return listed(parts)


def confirmed_note(
    missing: MissingFields | None, reopens: StoredDeals | None, zeros: StoredDeals | None, others: StoredDeals | None = None,
) -> str | None:
    """The history note of a version stored although it was warned of (a box ticked on the Data page, a
    flag given on the command line), so History says what was let through and by whom:
    "confirmed: 1 closed deal reopened and 1 given another outcome on the date it closed; 54 stored deals changed
    for want of a column". None when
    nothing was warned of."""
    said = []
    if missing is not None:
        said.append(f"{plural(missing.deals, 'stored deal')} changed for want of a column")
    if reopens is not None and (back := reopens.deals - reopens.closed_early):
        said.append(_back_note(reopens.back_kinds or (("open", back),)))
    if reopens is not None and reopens.closed_early:
        said.append(f"{plural(reopens.closed_early, 'deal')} closed before an earlier export that had "
                    f"{'it' if reopens.closed_early == 1 else 'them'} open")
    if zeros is not None:
        said.append(f"{plural(zeros.deals, 'deal')} kept under ids with their leading zeros dropped or added")
    if others is not None:
        said.append(f"{plural(others.deals, 'deal')} of another report overwritten by id")
    return f"confirmed: {'; '.join(said)}" if said else None
