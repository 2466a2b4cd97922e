"""Stable pseudonyms for reps and managers, so a screen-shared review shows no real names."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import polars as pl


def pseudonyms(names: Iterable[str], prefix: str = "Rep") -> dict[str, str]:
    """Name -> "Rep 01"...; the order is a hash of the names, fixed per data set and not alphabetical."""
    distinct = sorted({n for n in names if n is not None}, key=lambda n: hashlib.sha256(n.encode()).hexdigest())
    width = max(2, len(str(len(distinct))))
    return {name: f"{prefix} {i:0{width}d}" for i, name in enumerate(distinct, start=1)}


def _by_first_deal(deals: pl.DataFrame, column: str) -> list[str]:
    """Names in the order of their first deal (ties by hash), so a rep who joins later takes the
    next number and everyone else keeps theirs: last quarter's "Rep 07" is this quarter's too."""
    dates = [c for c in ("created_date", "close_date") if c in deals.columns]
    first = (
        deals.filter(pl.col(column).is_not_null())
        .group_by(column)
        .agg((pl.coalesce(dates).min() if dates else pl.lit(None, pl.Date)).alias("first"))
        .with_columns(key=pl.col(column).map_elements(lambda n: hashlib.sha256(n.encode()).hexdigest(), return_dtype=pl.String))
        .sort("first", "key", nulls_last=True)
    )
    return first.get_column(column).to_list()


def _numbered(ordered: list[str], prefix: str) -> dict[str, str]:
    width = max(2, len(str(len(ordered))))
    return {name: f"{prefix} {i:0{width}d}" for i, name in enumerate(ordered, start=1)}


# The columns anonymising renames, and the word each one's pseudonyms start with.
NAMED_COLUMNS = {"rep": "Rep", "manager": "Manager"}


def is_pseudonym(name: str, column: str) -> bool:
    """Whether `name` has the shape of a pseudonym `anonymised` writes in `column` ("Manager 05" in
    "manager"): its word, a space, then digits only (a real "Manager Smith" has not)."""
    word, _, number = name.partition(" ")
    return word == NAMED_COLUMNS.get(column) and number.isascii() and number.isdigit()


def name_pseudonyms(deals: pl.DataFrame) -> dict[str, dict[str, str]]:
    """Column -> {real name: pseudonym} for every NAMED_COLUMNS column `deals` has ("rep": {"Dana
    Whitfield": "Rep 07"}, ...): what `anonymised` writes, numbered by first deal."""
    return {column: _numbered(_by_first_deal(deals, column), prefix)
            for column, prefix in NAMED_COLUMNS.items() if column in deals.columns}


# Text a person typed about a deal, which may name its rep ("Acme renewal - Dana Whitfield").
NAMING_TEXT_COLUMNS = ("opportunity_name",)


def _names_replaced(column: str, names: dict[str, str]) -> pl.Expr:
    """`column` (text) with each real name of `names` in it, in any ASCII case, replaced by its pseudonym;
    the longest first, so "Ann Lee-Smith" is never left as "Rep 04-Smith" by a rep called "Ann Lee"."""
    real = sorted(names, key=len, reverse=True)
    return pl.col(column).str.replace_many(real, [names[n] for n in real], ascii_case_insensitive=True, leftmost=True)


def anonymised(deals: pl.DataFrame) -> pl.DataFrame:
    """Deals with every rep and manager name replaced by its pseudonym, numbered by first deal, in
    their own columns and wherever a deal's name (NAMING_TEXT_COLUMNS) spells one out whole. Accounts
    are kept: anonymising hides the people being reviewed, not the customers."""
    pseudonyms = name_pseudonyms(deals)
    everyone = {name: pseudonym for names in pseudonyms.values() for name, pseudonym in names.items()}
    named = [c for c in NAMING_TEXT_COLUMNS if c in deals.columns] if everyone else []
    return deals.with_columns(
        *(pl.col(column).replace_strict(names, default=None) for column, names in pseudonyms.items()),
        *(_names_replaced(column, everyone) for column in named),
    )


def rep_pseudonyms(deals: pl.DataFrame) -> dict[str, str]:
    """Rep name -> the pseudonym `anonymised` gives it ("Rep 07"), for pages that list reps apart from deals."""
    return name_pseudonyms(deals)["rep"]


def other_names(pseudonyms: dict[str, dict[str, str]], anonymise: bool) -> dict[str, dict[str, str]]:
    """Column -> {a name as the other naming spells it: the same person's name as this one spells it},
    from `name_pseudonyms`: real name -> pseudonym when names are anonymised, pseudonym -> real name
    when they are not. How a link made under one naming finds its people under the other."""
    if anonymise:
        return pseudonyms
    return {column: {pseudonym: name for name, pseudonym in names.items()} for column, names in pseudonyms.items()}
