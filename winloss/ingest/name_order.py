"""How a roster writes a person's name, read as exports write a deal's owner: one name, first name first.

An HR tool's roster often writes a name as no CRM export does: in two columns (First Name, Last Name;
Vorname, Nachname; Prénom, Nom ...), or last name first ("Lee, Ann"). Each is read by a rule its file
report names, so "Ann Lee" in the roster is "Ann Lee" in the deals:

- Two columns and no column for the whole name: the two are joined, first name first ("Ann" and "Lee":
  "Ann Lee"); one alone when the other is blank (joined).
- A column whose names are written last name first (at least half of its names are "Last, First", and no
  other name in it holds a comma): each such name is turned first name first ("Lee, Ann": "Ann Lee");
  a name with no comma is read as written (last_name_first). A comma before a suffix ("Ann Lee, Jr.")
  is no such name, and a column holding one is read as written.

A single name written the other way round from a stored rep's, in a column the rule does not turn, is
never matched silently: two people can be "Lee Ann" and "Ann Lee". The roster's sentence on reps matching
no deal names the likely match and how to fix it (reversed_match).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Final

import polars as pl

from winloss.ingest.identity import fold_name
from winloss.text import quoted_name

# The roster's mapping fields (mapping._ROSTER_SYNONYMS): a rep's name in two columns, read as `rep`.
FIRST_NAME: Final = "first_name"
LAST_NAME: Final = "last_name"
PARTS: Final = (FIRST_NAME, LAST_NAME)
FIELD_LABELS: Final = {FIRST_NAME: "First name (with the last name: the rep)",
                       LAST_NAME: "Last name (with the first name: the rep)"}

# "Last, First": one comma with words either side. Polars' pattern and its replacement, first name first.
_LAST_FIRST: Final = r"^\s*([^,]*[^,\s])\s*,\s*([^,\s][^,]*?)\s*$"
_FIRST_LAST: Final = "${2} ${1}"
# What may follow a comma in a name written first name first: a suffix, not a first name.
_SUFFIXES: Final = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv", "v", "phd", "ph.d.", "md", "m.d.",
                              "esq", "esq.", "mba", "cpa"})


def joined(first: pl.Expr, last: pl.Expr) -> pl.Expr:
    """A rep's name from its first-name and last-name columns: each stripped, joined by a space, first name
    first ("Ann", "Lee" -> "Ann Lee"); the one given when the other is blank; null when both are."""
    parts = [pl.when(p != "").then(p) for p in (e.cast(pl.String).str.strip_chars() for e in (first, last))]
    name = pl.concat_str(parts, separator=" ", ignore_nulls=True)
    return pl.when(name != "").then(name)


def joined_note(first_header: str, last_header: str, example: str | None) -> str:
    """The file report's sentence on a roster whose rep is read from two columns (joined). Headers and the
    `example` (a joined name, None for none) are the file's: escape the sentence to show it."""
    shown = f" ({quoted_name(example)})" if example else ""
    return (f"The roster gives each rep's name in two columns: '{first_header}' and '{last_header}' are read as one "
            f"name, joined first name first{shown}, as exports name a deal's owner.")


def _is_suffix(words: str) -> bool:
    return words.strip().casefold() in _SUFFIXES


def last_name_first(names: pl.Series) -> bool:
    """Whether a column of `names` writes them last name first: at least half of its names (blanks aside)
    are "Last, First", and every other holds no comma. False for a column with no name."""
    stripped = names.cast(pl.String).str.strip_chars().drop_nulls()
    written = stripped.filter(stripped != "")
    if written.len() == 0:
        return False
    reversed_ = written.str.contains(_LAST_FIRST)
    after = written.str.extract(_LAST_FIRST, 2)
    suffixed = after.map_elements(_is_suffix, return_dtype=pl.Boolean).fill_null(False)
    last_first = reversed_ & ~suffixed
    other_commas = written.str.contains(",") & ~last_first
    return not bool(other_commas.any()) and 2 * int(last_first.sum()) >= written.len()


def first_name_first(names: pl.Expr) -> pl.Expr:
    """Each name written "Last, First" turned first name first ("Lee, Ann" -> "Ann Lee"); any other as it is.
    Only for a column last_name_first holds true of."""
    return names.cast(pl.String).str.replace(_LAST_FIRST, _FIRST_LAST)


def turned_note(headers: list[str], before: str, after: str) -> str:
    """The file report's sentence on the roster columns (`headers`) whose names were turned first name first,
    with one name `before` and `after`. Headers and names are the file's: escape the sentence to show it."""
    columns = " and ".join(f"'{h}'" for h in headers)
    return (f"{columns} {'writes' if len(headers) == 1 else 'write'} names last name first ({quoted_name(before)}): "
            f"each is read first name first ({quoted_name(after)}), as exports name a deal's owner; a name "
            f"without a comma is read as written.")


def turned(name: str) -> str | None:
    """`name` turned the other way round when it is written "Last, First" ("Lee, Ann" -> "Ann Lee"); None
    for any other (a name with no comma, or with a suffix after it)."""
    found = re.match(_LAST_FIRST, name)
    if found is None or _is_suffix(found.group(2)):
        return None
    return f"{found.group(2)} {found.group(1)}"


def reversed_match(name: str, stored: Mapping[str, str]) -> str | None:
    """The stored rep whose name is `name`'s words the other way round ("Lee, Ann" and "Ann Lee", either
    side written "Last, First"), among `stored` (identity.name_key -> the name as shown); None when none
    is. Only a guess to name in a sentence, never a match."""
    plain = {fold_name(turned(shown) or shown): shown for shown in stored.values()}
    mine = fold_name(turned(name) or name)
    meant = plain.get(mine)
    return meant if meant is not None and fold_name(meant) != fold_name(name) else None
