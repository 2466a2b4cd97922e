"""What the user says a currency name means, where a currency column writes one the app does not know.

A currency column is read by codes, signs and the names values.currency_names knows ("Peso mexicano", "日本円").
A name it does not know ("Peso chileno", a CRM's own "Dólar de Marte") names no currency, and its rows are
quarantined: the app never guesses which money it is. The user says it: `--currency-name "Peso chileno=CLP"`
on the command line (repeatable), the Data page's Currency names. Each name so given is read as its code in the
currency columns (the amount's and the converted amount's), before values.currency_names, and the file report's
currency rule names each one the file holds ("'Peso chileno' is read as CLP, as you set"); the upload's manifest
row keeps them with how it was read (winloss.store.readings), as it keeps the mappings of a status column's values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import polars as pl

from winloss.exchange import currency_code_or_error
from winloss.ingest.values import CURRENCY_CODES, currency_name_key
from winloss.text import listed

# The Data page's input for them, as command_line_hint's --currency-name names it there (hints.PAGE_CONTROLS).
CHOICE_LABEL = "Currency names"
# Where the Data page's one input lists several names: "Peso chileno=CLP; Dólar de Marte=USD".
_PAIRS_APART = re.compile(r"[;\n]")


def currency_name_choices(pairs: Iterable[str]) -> dict[str, str]:
    """The user's NAME=CODE `pairs` ("Peso chileno=CLP") as {name as given, stripped: ISO 4217 code in capitals},
    in the order given; a name given twice with the same code once. ValueError with one sentence for a pair
    without a name or a code, a code that is not ISO 4217, a name that is a code already ("EUR=USD"), or a name
    given two codes."""
    chosen: dict[str, str] = {}
    keys: dict[str, str] = {}  # currency_name_key -> the name as first given
    for pair in pairs:
        name, _, code = pair.rpartition("=")
        name = name.strip()
        if not name or not code.strip():
            raise ValueError(f"'{pair}' is not a currency name and its code: write NAME=CODE, such as Peso chileno=CLP.")
        if name.upper() in CURRENCY_CODES:
            raise ValueError(f"'{name}' is a currency code already: give a meaning only to a name, such as Peso chileno=CLP.")
        try:
            iso = currency_code_or_error(code)
        except ValueError:
            raise ValueError(
                f"'{code.strip()}' is not an ISO 4217 currency code: give the currency '{name}' stands for as one, "
                "such as CLP, USD or EUR."
            ) from None
        first = keys.setdefault(currency_name_key(name), name)
        if chosen.get(first, iso) != iso:
            raise ValueError(f"'{name}' is given two currencies ({chosen[first]} and {iso}): give it one.")
        chosen[first] = iso
    return chosen


def currency_names_typed(text: str | None) -> dict[str, str]:
    """currency_name_choices of what the Data page's one input holds: NAME=CODE pairs apart by ';' or a new line,
    blanks left out ("" gives none)."""
    return currency_name_choices(part for part in _PAIRS_APART.split(text or "") if part.strip())


def named_as_set(texts: pl.Series, names: Mapping[str, str] | None) -> pl.Series:
    """`texts` (a currency column's values, or its distinct ones) with each value `names` (currency_name_choices)
    gives a meaning read as its code: "Peso chileno" -> "CLP", in any case and spacing; others as they are."""
    if not names:
        return texts
    codes = {currency_name_key(name): code for name, code in names.items()}
    keyed = texts.cast(pl.String).str.strip_chars().str.to_lowercase().str.replace_all(r"[\s\u00a0]+", " ")
    return pl.select(pl.coalesce(pl.lit(keyed).replace_strict(codes, default=None, return_dtype=pl.String),
                                 pl.lit(texts.cast(pl.String)))).to_series().alias(texts.name)


def as_set_read(texts: pl.Series, names: Mapping[str, str] | None) -> tuple[tuple[str, str], ...]:
    """The values of `texts` (a currency column's) that `names` gives a meaning, stripped, each once in file order,
    with the code each is read as: (("Peso chileno", "CLP"),)."""
    if not names:
        return ()
    written = texts.drop_nulls().cast(pl.String).str.strip_chars().unique(maintain_order=True)
    read = named_as_set(written, names)
    return tuple((text, code) for text, code in zip(written.to_list(), read.to_list(), strict=True) if text != code)


def as_set_clause(read: tuple[tuple[str, str], ...], headers: Sequence[str]) -> str:
    """The currency rule's sentence on the names read by the user's meaning (`read`: as_set_read) in the columns
    `headers` (each holds them all): "'Peso chileno' is read as CLP in the column 'Moneda', as you set."."""
    said = [f"'{text}' {'is read ' if i == 0 else ''}as {code}" for i, (text, code) in enumerate(read)]
    quoted = [f"'{header}'" for header in headers]
    where = f"the column {quoted[0]}" if len(quoted) == 1 else f"the columns {listed(quoted)}"
    return f"{listed(said)} in {where}, as you set."


__all__ = ["CHOICE_LABEL", "as_set_clause", "as_set_read", "currency_name_choices", "currency_names_typed", "named_as_set"]
