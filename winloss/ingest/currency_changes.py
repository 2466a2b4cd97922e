"""Deals whose currency an upload would change: said before it is stored, never done silently.

A deal's amount means nothing without its currency. An export whose currency column is not
mapped (or mapped to another column) reads every amount in the reporting currency: committing it
re-stores deals kept in EUR as USD, and the page only said "0 new, 72 updated". The Data page
(before Commit) and the command line (as it stores the file) say it in one sentence from here.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from winloss.ingest.hints import command_line_hint
from winloss.ingest.pipeline import PreparedFile
from winloss.store.delta import Store
from winloss.text import listed, plural

MAX_EXAMPLES = 3


@dataclass(frozen=True)
class CurrencyChanges:
    """Deals stored in one currency that an upload has, with an amount, in another.

    `deals`: how many; `pairs`: (stored currency, the file's currency) -> deals, commonest first;
    `examples`: up to MAX_EXAMPLES of their ids as the file has them (file text: escape to show);
    `unmapped`: True when the file has no currency column mapped, so every amount in it was read in
    `reporting_currency`, or in `chosen`, the currency the user gave for the file's amounts that name none.
    """

    deals: int
    pairs: tuple[tuple[str, str, int], ...]
    examples: tuple[str, ...]
    unmapped: bool
    reporting_currency: str
    chosen: str | None = None

    def _what(self) -> str:
        if len(self.pairs) == 1:
            stored, new, _ = self.pairs[0]
            return f"stored in {stored} {'is' if self.deals == 1 else 'are'} in {new} in this file"
        return f"already stored change currency in this file, {self._pairs_text()}"

    def _pairs_text(self) -> str:
        """'EUR to USD for 2, GBP to USD for 1 and SEK to USD for 1'."""
        each = [f"{stored} to {new} for {n:,}" for stored, new, n in self.pairs]
        return listed(each)

    def _cause(self) -> str:
        if not self.unmapped:
            return ""
        read_as = f"{self.chosen}, as chosen" if self.chosen else f"{self.reporting_currency}, the store's reporting currency"
        return (
            f" No column of this file is mapped to Currency, so its amounts are read as {read_as}: "
            f"if it has a currency column, map it to Currency"
            f"{command_line_hint('--map', 'currency=COLUMN')}."
        )

    @property
    def sentence(self) -> str:
        """Before the file is stored: what committing it would do, and why when no currency column is mapped.
        In the command line's words; the Data page shows it through hints.page_sentence."""
        them = "it" if self.deals == 1 else "them"
        return (
            f"{plural(self.deals, 'deal')} {self._what()} (such as {', '.join(self.examples)}): saving it stores "
            f"{'its amount' if self.deals == 1 else 'their amounts'} in the file's currency, and every value figure "
            f"changes with {them}.{self._cause()}"
        )

    @property
    def stored_sentence(self) -> str:
        """After the file was stored (the command line stores without asking): what it did."""
        return (
            f"{plural(self.deals, 'deal')} already stored changed currency, {self._pairs_text()} (such as "
            f"{', '.join(self.examples)}): {'its amount is' if self.deals == 1 else 'their amounts are'} now "
            f"stored in this file's currency.{self._cause()}"
        )


def stored_outcomes_and_currencies(store: Store) -> pl.DataFrame:
    """Every stored deal: opportunity_id, outcome, close_date, currency (null where none is stored),
    source_sha256 (the file that last wrote it), stage, rep, account and opportunity_name, one row per deal. What the checks before a
    commit compare an export with (winloss.ingest.store_effects' deals taken back and absent open
    deals and deal changes, `currency_changes`): read once for all of them, nine columns of the store (a second read
    of a million ids cost as much as the first). The source file's hash is read as a Categorical: a store
    holds a few uploads' hashes, and as 64-character strings they took 90 MB of the frame's 26 + 64
    at a million deals (30 MB so); the stage and the rep too, a few dozen or hundred values at most.
    The rep's spellings are what the commit renames a file's reps to (pipeline.store_spellings). The account
    and the deal's name (plain strings: nearly every deal's name is its own, and a Categorical's values are
    kept for the process's life) are what a renamed copy of a stored report is told by (store_effects'
    same-report rule): read here with the rest, or each of the checks that asks read the whole table again."""
    return (
        store.opportunities()
        .select("opportunity_id", "outcome", "close_date", "currency", pl.col("source_sha256").cast(pl.Categorical),
                pl.col("stage").cast(pl.Categorical), pl.col("rep").cast(pl.Categorical), "account", "opportunity_name")
        .collect()
    )


def currency_changes(prepared: PreparedFile, store: Store, stored: pl.DataFrame | None = None) -> CurrencyChanges | None:
    """The deals `prepared` would store in another currency than the one the store holds them in:
    rows of the file with an amount whose deal the store keeps (with a currency) in a different
    currency. None when there are none, or for a file that is not an opportunity export.

    `stored`: stored_outcomes_and_currencies(store) when the caller has read it already; else it is
    read here, once, and each part of the file joined to it.
    """
    if prepared.rejected or prepared.kind != "opportunities" or prepared.mapping is None:
        return None
    if stored is None:
        stored = stored_outcomes_and_currencies(store)
    stored = stored.filter(pl.col("currency").is_not_null()).select(
        "opportunity_id", pl.col("currency").alias("__stored_currency"))
    if stored.height == 0:
        return None
    changed: list[pl.DataFrame] = []
    for part in prepared.accepted_columns(["opportunity_id", "amount", "currency"]):
        priced = part.filter(pl.col("amount").is_not_null() & pl.col("currency").is_not_null())
        # In the file's order: the examples are its first such deals, the same on every rerun (sorted
        # by row after the join: the join's maintain_order="left" took 0.5 s at a million stored ids).
        joined = priced.with_row_index("__row").join(stored.lazy(), on="opportunity_id", how="inner")
        changed.append(joined.filter(pl.col("currency") != pl.col("__stored_currency")).sort("__row").drop("__row").collect())
    if not changed or sum(frame.height for frame in changed) == 0:
        return None
    rows = pl.concat(changed)
    counts = rows.group_by("__stored_currency", "currency").len().sort(["len", "__stored_currency"], descending=[True, False])
    pairs = tuple((old, new, n) for old, new, n in counts.iter_rows())
    return CurrencyChanges(
        deals=rows.height,
        pairs=pairs,
        examples=tuple(rows.get_column("opportunity_id").head(MAX_EXAMPLES).to_list()),
        unmapped="currency" not in prepared.mapping.fields,
        reporting_currency=store.exchange_rates().reporting_currency,
        chosen=prepared.file_currency,
    )
