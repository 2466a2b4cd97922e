"""Managers in a roster: who is a rep and who only manages reps.

An HR roster lists everyone, managers too: "Dana Whitfield" is the manager of fourteen rows and has a row of
her own. A person the roster names as another row's manager (by identity.name_key: any spelling of one name)
who owns no deal is a manager, not a rep: "Reps in the roster" does not count them and the roster table does
not list them as an Unprofiled rep to assign (they have no seller profile to give), and a roster upload says
so, naming them. One who owns deals sells too: a rep as any other, counted, profiled and ranked. A person
the roster names as their own manager only is not a manager of others.

Their roster row is kept as the file gave it: a manager who later owns a deal is a rep from that day on,
with whatever profile the row gives them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from winloss import text
from winloss.ingest.identity import as_roster_reps, name_key

# The rule in one sentence, as the Data page's count and the README state it.
MANAGER_RULE: Final = ("A person the roster names as another rep's manager who owns no deals is a manager, not a rep: "
                       "not counted in Reps in the roster nor listed as an Unprofiled rep; one who owns deals is a rep too.")


def managers_only(reps: pl.Series, managers: pl.Series, deal_reps: pl.Series) -> list[str]:
    """Of a roster's `reps` (row for row with their `managers`, the roster's manager column), those the roster
    names as another row's manager who own no deal of `deal_reps` (the deals' rep names), by name_key, as the
    roster spells them, in its order, each once."""
    rows = pl.DataFrame({"rep": reps.cast(pl.String), "manager": managers.cast(pl.String)}).with_columns(
        rep_key=name_key(pl.col("rep")), manager_key=name_key(pl.col("manager")))
    managing = set(rows.filter(pl.col("manager_key") != pl.col("rep_key")).get_column("manager_key").drop_nulls().to_list())
    selling = set(pl.DataFrame({"rep": deal_reps.cast(pl.String)}).select(name_key(pl.col("rep"))).to_series().drop_nulls().to_list())
    found = rows.filter(pl.col("rep_key").is_in(list(managing - selling)))
    return list(dict.fromkeys(found.get_column("rep").drop_nulls().to_list()))


def roster_managers_only(roster: pl.LazyFrame | pl.DataFrame, deals: pl.LazyFrame | pl.DataFrame) -> list[str]:
    """managers_only of a stored roster (columns rep, manager, and optionally email) against stored deals (column
    rep): a deal whose owner is written as a roster row's email is that row's rep's (identity.as_roster_reps)."""
    rows = roster.lazy().select("rep", "manager", *(["email"] if "email" in roster.lazy().collect_schema().names() else [])).collect()
    owners = as_roster_reps(deals.lazy().select(pl.col("rep").unique()).collect().get_column("rep"), rows)
    return managers_only(rows.get_column("rep"), rows.get_column("manager"), owners)


# Where the Data page's roster table lists them (views.roster.roster_for_editing).
LISTED_LAST: Final = "Listed last in the table below, with no seller profile."

# How many managers a sentence names before counting the rest.
NAMED_MANAGERS: Final = 10


def managers_sentence(managers: Sequence[str], where: str = "this roster") -> str | None:
    """What a roster report and the Data page say of its `managers` (managers_only), None for none:
    '"Dana Whitfield" manages reps in this roster and owns no deals: counted as a manager, not a rep (...)'.
    Names are as the file wrote them: escape the sentence to show it."""
    if not managers:
        return None
    listed = text.quoted_names(managers, NAMED_MANAGERS)
    one = len(managers) == 1
    return (f"{listed} {'manages' if one else 'manage'} reps in {where} and {'owns' if one else 'own'} no deals: "
            f"counted as {'a manager' if one else 'managers'}, not {'a rep' if one else 'reps'} (not in Reps in the roster, "
            f"never listed as Unprofiled). A manager who owns deals is counted as a rep too.")
