"""The roster as the Data page edits it: reps the deals name but the roster lacks, and edited rows."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import polars as pl

from data_models.vocabulary import PROFILES_WITH_UNPROFILED, ROSTER_FIELDS, ROSTER_SCHEMA, UNPROFILED
from winloss import employment, team_history
from winloss.ingest import identity
from winloss.ingest.identity import as_roster_reps, email_key, spellings
from winloss.managers import managers_only
from winloss.text import listed, plural, quoted_name, quoted_names

if TYPE_CHECKING:
    from winloss.ingest.pipeline import RosterUnmatched
    from winloss.store.delta import Store

EDITABLE = ("seller_profile", "team", "manager", "region", "email", "coach")
# The roster fields a roster frame may lack (one stored before each was kept, or one a caller builds), read as blank.
_LATER_FIELDS = ("email", "coach")
# With each rep's "Left on" (employment.left_on_words), shown and not edited: a roster upload says it.
EDITOR_SCHEMA = pl.Schema({**ROSTER_SCHEMA, "deals": pl.UInt32(), "in_roster": pl.Boolean(), employment.LEFT_ON: pl.String()})


# The assessment page's column of `deals_per_rep`: every stored deal, whatever the sidebar's range
# (the Reps page counts the range's), which its header and help say.
DEALS_STORED_LABEL = "Deals stored"
DEALS_STORED_HELP = "Every deal stored for the rep, open and closed, whatever the sidebar's range."


def deals_per_rep(opportunities: pl.LazyFrame, roster: pl.LazyFrame) -> pl.LazyFrame:
    """Columns rep, deals: each rep once, named as the roster names them (names differing only in
    case, spacing, accents or quotes are one rep; an owner written as an email a roster row holds is
    that row's rep, identity.as_roster_reps), else as most of their deals do."""
    held = roster.select("rep", *(["email"] if "email" in roster.collect_schema().names() else [])).collect()
    owners = opportunities.group_by("rep").agg(pl.len().alias("n")).collect()
    owners = (owners.with_columns(as_roster_reps(owners.get_column("rep"), held).alias("rep"))
              .group_by("rep").agg(pl.col("n").sum()))
    named = spellings(owners.rename({"rep": "name"}), held.get_column("rep"))
    return (
        owners.join(named, left_on="rep", right_on="name", how="left")
        .group_by(pl.coalesce("spelling", "rep").alias("rep"))
        .agg(pl.col("n").sum().cast(pl.UInt32).alias("deals"))
        .lazy()
    )


def roster_gaps(opportunities: pl.LazyFrame, roster: pl.LazyFrame) -> pl.DataFrame:
    """Reps that own deals but have no roster row, with how many deals each owns, most deals first."""
    return _gaps(deals_per_rep(opportunities, roster), roster)


def _gaps(owners: pl.LazyFrame, roster: pl.LazyFrame) -> pl.DataFrame:
    """`roster_gaps` of the reps' deal counts (`deals_per_rep`)."""
    return (
        owners.join(roster.select("rep"), on="rep", how="anti")
        .filter(pl.col("rep").is_not_null())
        .sort(["deals", "rep"], descending=[True, False])
        .collect()
    )


# The reps with deals a roster leaves out that its upload names, before "and N more reps".
UNROSTERED_NAMED: Final = 5


def unrostered_reps(opportunities: pl.LazyFrame, roster: pl.LazyFrame) -> list[tuple[str, int, str | None]]:
    """Each rep with deals that `roster` (columns rep, email as stored) lacks, by the Roster tab's rule (roster_gaps,
    which its warning "2 reps own deals but are not in the roster" counts), most deals first: (rep as the deals
    name them, deals, the roster rep whose name is close, by the rule of the tab's "is this the same person?"
    and the upload's "did you mean" (identity.roster_lookalikes), else None)."""
    gaps = roster_gaps(opportunities, roster)
    listed = roster.select("rep").collect().get_column("rep").cast(pl.String).to_list()
    meant = identity.roster_lookalikes(gaps.get_column("rep").to_list(), listed)
    return [(rep, deals, meant.get(rep)) for rep, deals in gaps.select("rep", "deals").iter_rows()]


def unrostered_sentence(opportunities: pl.LazyFrame, roster: pl.LazyFrame) -> str | None:
    """What a roster upload says of the reps with deals in the store it leaves out (unrostered_reps, against the
    roster as it is once stored: `roster`), None for none: '2 reps with deals in the store are not in this roster:
    "Ann Lea" (12 deals; did you mean "Ann Lee"?) and "Grace Liu" (43 deals) — their deals count as
    Unprofiled until a roster names them: add them to the roster file, or write a name as the deals spell it, and
    upload it again.' The upload's report is where its user looks; the Roster tab had been the only place to say
    it. Names as the files wrote them: escape them to show them."""
    return _unrostered_said(unrostered_reps(opportunities, roster))


def _unrostered_said(reps: list[tuple[str, int, str | None]]) -> str | None:
    """unrostered_sentence of `reps` (unrostered_reps, those said in a sentence of their own left out)."""
    if not reps:
        return None
    said = [f"{quoted_name(rep)} ({plural(deals, 'deal')}{f'; did you mean {quoted_name(meant)}?' if meant else ''})"
            for rep, deals, meant in reps[:UNROSTERED_NAMED]]
    if rest := reps[UNROSTERED_NAMED:]:
        said.append(f"{plural(len(rest), 'more rep')} ({plural(sum(deals for _, deals, _ in rest), 'deal')})")
    one = len(reps) == 1
    return (f"{plural(len(reps), 'rep')} with deals in the store {'is' if one else 'are'} not in this roster: {listed(said)} "
            f"— {'its' if one else 'their'} deals count as Unprofiled until a roster names {'it' if one else 'them'}: "
            f"add {'it' if one else 'them'} to the roster file, or write a name as the deals spell it, and upload it again.")


# The pairs of close spellings a roster upload says one sentence each of (spelling_pairs), before the rest are listed.
PAIRS_NAMED: Final = 10


def spelling_pairs(unmatched: RosterUnmatched, reps: list[tuple[str, int, str | None]]) -> list[tuple[str, str, int]]:
    """The roster reps that match no deal's rep (`unmatched`: pipeline.roster_unmatched) each paired with the rep
    with deals in the store the roster lacks (`reps`: unrostered_reps) when each is the other's "did you mean" guess,
    by name_key: (roster rep as the roster writes it, deals' rep as `reps` names it, their deals), in the order of
    `reps`, the first PAIRS_NAMED. "Emma Wilson" (roster, no deals) and "Emma Willson" (3 deals, not in the roster)
    were said twice, once by each list, two true sentences of one pair."""
    names = pl.Series("name", unmatched.names, pl.String)
    by_key = dict(zip(pl.select(identity.name_key(pl.lit(names))).to_series().to_list(), names.to_list(), strict=True))
    pairs = []
    for rep, deals, meant in reps:
        name = by_key.get(identity.rep_key(meant)) if meant else None
        guess = unmatched.meant.get(name) if name else None
        if name and guess and identity.rep_key(guess) == identity.rep_key(rep):
            pairs.append((name, rep, deals))
    return pairs[:PAIRS_NAMED]


def spelling_pair_sentence(name: str, rep: str, deals: int, marks: Mapping[str, str] | None = None) -> str:
    """What a roster upload says of a roster rep who matches no deal (`name`, marked as left by `marks`) and the
    rep with `deals` in the store the roster lacks (`rep`) whose name is close to it (spelling_pairs), once:
    '"Emma Wilson" in this roster owns no deals and "Emma Willson", who owns 3 deals in the store, is not in this
    roster: if they are one person, write the name in the roster as "Emma Willson" and upload it again (or, if the
    deals misspell it, correct it in the CRM and upload a new export); until then those 3 deals count as
    Unprofiled.' A given name's short form is said as one (identity.short_form_words). Names as the files wrote
    them: escape it to show it."""
    why = identity.short_form_words(name, rep)
    those = "that deal counts" if deals == 1 else f"those {plural(deals, 'deal')} count"
    return (f"{quoted_names([name], marks=marks)} in this roster owns no deals and {quoted_name(rep)}{f' ({why})' if why else ''}, "
            f"who owns {plural(deals, 'deal')} in the store, is not in this roster: if they are one person, write the name "
            f"in the roster as {quoted_name(rep)} and upload it again (or, if the deals misspell it, correct it in the CRM "
            f"and upload a new export); until then {those} as Unprofiled.")


def roster_rep_sentences(unmatched: RosterUnmatched | None, opportunities: pl.LazyFrame | None,
                         roster: pl.LazyFrame) -> list[str]:
    """What a roster upload says of the reps it and the stored deals do not share: its reps that match no deal
    (`unmatched`: pipeline.roster_unmatched_of, None for none), each pair of close spellings once
    (spelling_pair_sentence), and the reps with stored deals (`opportunities`, None when the store holds none)
    that the roster as it is once stored (`roster`: columns rep, email) lacks (unrostered_sentence), each pair
    left out of the two lists. The Data page before Commit, the command line once the files are stored. Names as
    the files wrote them: escape them to show them."""
    reps = unrostered_reps(opportunities, roster) if opportunities is not None else []
    pairs = spelling_pairs(unmatched, reps) if unmatched is not None else []
    said_reps = {rep for _, rep, _ in pairs}
    return [said for said in (
        unmatched.sentence(name for name, _, _ in pairs) if unmatched is not None else None,
        *(spelling_pair_sentence(name, rep, deals, unmatched.marks if unmatched else None) for name, rep, deals in pairs),
        _unrostered_said([r for r in reps if r[0] not in said_reps]),
    ) if said]


def roster_for_editing(opportunities: pl.LazyFrame, roster: pl.LazyFrame) -> pl.DataFrame:
    """Every rep once, in the order an ops person works through them.

    First the reps the deals name but the roster lacks (as Unprofiled, to assign), then roster reps
    still Unprofiled, then the rest by name; with each rep's deal count, whether the roster has it, and
    the day they left (employment.left_on_words: null for a current rep). Last, the roster's managers who
    own no deals (winloss.managers): no rep, so no profile to assign, their Seller profile blank, not Unprofiled.
    """
    lacking = [c for c in _LATER_FIELDS if c not in roster.collect_schema().names()]
    if lacking:  # a roster of before the Email or Coach field was kept
        roster = roster.with_columns(pl.lit(None, pl.String).alias(c) for c in lacking)
    counts = deals_per_rep(opportunities, roster)  # counted once: the gaps below are of the same counts
    people = roster.select("rep", "manager").collect()
    managers = managers_only(people.get_column("rep"), people.get_column("manager"), counts.collect().get_column("rep"))
    today = dt.date.today()
    left = (employment.has_left(today).alias(employment.REP_LEFT), employment.left_on_day().alias(employment.REP_LEFT_ON))
    known = (
        employment.with_stored(roster).select(*ROSTER_FIELDS, *left)
        .join(counts, on="rep", how="left")
        .with_columns(pl.col("deals").fill_null(0), employment.left_on_words(), in_roster=pl.lit(True))
        .collect()
    )
    gaps = _gaps(counts, roster).select(
        "rep",
        pl.lit(UNPROFILED).alias("seller_profile"),
        *[pl.lit(None, pl.String).alias(c) for c in ("team", "manager", "region", "email", "coach")],
        "deals",
        in_roster=pl.lit(False),
        **{employment.LEFT_ON: pl.lit(None, pl.String)},
    )
    rows = pl.concat([gaps, known.select(EDITOR_SCHEMA.names())], how="vertical_relaxed").cast(EDITOR_SCHEMA)
    manager = pl.col("in_roster") & pl.col("rep").is_in(managers) & pl.col("seller_profile").fill_null(UNPROFILED).eq(UNPROFILED)
    order = (
        pl.when(manager).then(3).when(~pl.col("in_roster")).then(0).when(pl.col("seller_profile") == UNPROFILED).then(1).otherwise(2)
    )
    return rows.with_columns(pl.when(manager).then(None).otherwise(pl.col("seller_profile").fill_null(UNPROFILED))
                             .alias("seller_profile")).sort([order, pl.col("deals"), pl.col("rep")], descending=[False, True, False])


def _blank_is_null(column: str) -> pl.Expr:
    text = pl.col(column).cast(pl.String).str.strip_chars()
    return pl.when(text == "").then(None).otherwise(text).alias(column)


def roster_changes(original: pl.DataFrame, edited: pl.DataFrame) -> pl.DataFrame:
    """The canonical roster rows (rep, seller_profile, team, manager, region, email, coach) the editor changed.

    `edited` is `original` row for row after editing (reps are not editable). A rep the roster
    lacked counts as changed once it has any profile, team, manager, region, email or coach. Raises ValueError
    with a sentence for a profile that is not one of the five (or Unprofiled), or an email that is not
    one (identity.EMAIL_SHAPE: it would match no deal's owner, and is not stored as though it did).
    """
    if edited.height != original.height:
        raise ValueError("The roster table changed shape while editing: reload the page and edit again.")
    # A manager's row shows no profile (roster_for_editing), and one left so is no change.
    before = original.select(ROSTER_FIELDS).with_columns(_blank_is_null(c) for c in EDITABLE).with_columns(
        pl.col("seller_profile").fill_null(UNPROFILED))
    after = (
        edited.select(ROSTER_FIELDS)
        .with_columns(_blank_is_null(c) for c in EDITABLE)
        .with_columns(pl.col("rep").cast(pl.String), pl.col("seller_profile").fill_null(UNPROFILED))
    )
    unknown = after.filter(~pl.col("seller_profile").is_in(list(PROFILES_WITH_UNPROFILED)))
    if unknown.height:
        label, rep = unknown.row(0)[1], unknown.row(0)[0]
        raise ValueError(
            f"'{label}' (for {rep}) is not a seller profile: choose one of {', '.join(PROFILES_WITH_UNPROFILED)}."
        )
    unreadable = after.filter(pl.col("email").is_not_null() & email_key(pl.col("email")).is_null())
    if unreadable.height:
        rep, email = unreadable.select("rep", "email").row(0)
        raise ValueError(f"'{email}' (for {rep}) is not an email: write it as name@company.com, or leave it blank.")
    differs = pl.any_horizontal(pl.col(c).ne_missing(pl.col(f"{c}_before")) for c in EDITABLE)
    compared = after.with_columns(before.select(pl.col(c).alias(f"{c}_before") for c in EDITABLE))
    return compared.filter(differs).select(ROSTER_FIELDS).cast(ROSTER_SCHEMA)


def team_changes(store: Store, changes: pl.DataFrame, today: dt.date | None = None) -> tuple[list[str], str | None]:
    """What saving the roster editor's `changes` (roster_changes' rows) does to the reps' teams, said before it is
    saved, by the rule a roster upload's report follows (team_history.roster_sentences, `edited`): each change of
    team, from the day it is saved (`today`), with the deals that stay with the earlier team and how to give the
    day; and why the store refuses it (team_history.TeamDaysRefused: a rep who joined their team on a day still
    to come), else None. The store's roster and deals are read only for a change: the editor's page runs again on
    every widget, most with nothing changed. Names are the file's: escape to show them."""
    if changes.height == 0:
        return [], None
    try:
        return team_history.roster_sentences(store.roster().collect(), changes, store.opportunities(), today or dt.date.today(),
                                             edited=True), None
    except team_history.TeamDaysRefused as exc:
        return [], str(exc)


def roster_lookalikes(table: pl.DataFrame) -> dict[str, str]:
    """Of the editor's rows (roster_for_editing), each rep the roster lacks whose name is close to a roster
    rep's, by the rule the roster upload's "did you mean" follows (identity.roster_lookalikes) -> that roster rep:
    "Anna Müller" -> "Anna Mueller", two reps to name_key ("ü" is not "ue"), maybe one person."""
    rows = table.select("rep", "in_roster").drop_nulls("rep")
    listed = rows.filter(pl.col("in_roster")).get_column("rep").to_list()
    return identity.roster_lookalikes(rows.filter(~pl.col("in_roster")).get_column("rep").to_list(), listed)


def lookalike_sentence(rep: str, roster_rep: str) -> str:
    """The warning for a rep the roster lacks whose name is close to `roster_rep`'s (roster_lookalikes),
    names as the files wrote them: escape it to show it."""
    rep, roster_rep = quoted_name(rep), quoted_name(roster_rep)
    return (f"{rep} is not in the roster, which has {roster_rep}: is this the same person? If so, assign the "
            f"profile on {roster_rep}'s row and correct the name in the export or the roster file; a profile "
            f"assigned to {rep} adds a second roster row.")


def second_rows(changes: pl.DataFrame, lookalikes: dict[str, str]) -> list[str]:
    """The reps among `changes` (roster_changes) that saving would add to the roster beside a rep it
    has under a close name (`lookalikes`, roster_lookalikes), in the order changed."""
    return [rep for rep in changes.get_column("rep").to_list() if rep in lookalikes]


def second_rows_label(reps: list[str], lookalikes: dict[str, str]) -> str:
    """The box to tick before saving `reps` (second_rows) as reps of their own: 'Add "Anna Müller" to the
    roster as a new rep all the same (the roster has "Anna Mueller")'. Names from files: escape it to show it."""
    as_new = "a new rep" if len(reps) == 1 else "new reps"
    return (f"Add {quoted_names(reps)} to the roster as {as_new} all the same "
            f"(the roster has {quoted_names([lookalikes[r] for r in reps])})")
