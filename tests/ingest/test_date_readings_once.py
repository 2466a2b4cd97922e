"""A file's date columns are each read once in each day/month order: whether a column's dates show their order,
whether they read either way and which date shows it all need its dates read the other way round, and each of
those readings cost as much for a file of 20 rows as for one of 20,000."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import polars as pl
import pytest

from winloss.ingest import values
from winloss.ingest.mapping import detect_mapping
from winloss.ingest.normalise import DECIDING_FIELDS, file_decisions

HEADER = ["Opportunity ID", "Opportunity Owner", "Account Name", "Stage", "Amount", "Created Date", "Close Date"]


def _decided(rows: list[tuple[str, ...]], monkeypatch: pytest.MonkeyPatch):
    """(the file's decisions, how many times each column was read in each order: (header, day_first) -> count)."""
    frame = pl.DataFrame([list(r) for r in rows], schema=HEADER, orient="row")
    mapping = detect_mapping(HEADER, frame=frame)
    distinct = {n: frame.get_column(mapping.fields[n]).unique(maintain_order=True) for n in DECIDING_FIELDS if n in mapping.fields}
    reads: Counter[tuple[str, bool | None]] = Counter()
    read = values.dates_from_parts

    def counted(parts: pl.DataFrame, name: str, day_first: bool | None = None, date1904: bool = False) -> values.DateColumn:
        reads[(name, day_first)] += 1
        return read(parts, name, day_first, date1904)

    monkeypatch.setattr(values, "dates_from_parts", counted)
    return file_decisions(distinct, None, mapping, delimiter=","), reads


def test_each_date_column_is_read_once_each_way_however_many_rules_ask(monkeypatch: pytest.MonkeyPatch):
    # Both columns show month-first (a second number above 12), so each is read the other way round to see
    # so, and again for the order's example and for whether it reads either way.
    decided, reads = _decided([("A1", "Ines", "Acme", "Closed Won", "100", "01/24/2024", "03/25/2024"),
                               ("A2", "Ines", "Acme", "Closed Lost", "200", "02/02/2024", "04/13/2024")], monkeypatch)
    assert decided.date_order_shown
    assert decided.date_notes == ["Dates are read month-first (MM/DD/YYYY), as Created Date '01/24/2024' shows."]
    assert reads == Counter({("Created Date", None): 1, ("Created Date", True): 1, ("Close Date", None): 1, ("Close Date", True): 1})


def test_a_column_read_in_the_order_another_shows_is_read_the_other_way_by_that_order(monkeypatch: pytest.MonkeyPatch):
    # The close dates show day-first (25/03); every created date reads either way, so it is read day-first too,
    # and whether it reads either way is asked of that reading (month-first the other way), not of its first guess.
    decided, reads = _decided([("A1", "Ines", "Acme", "Closed Won", "100", "03/02/2024", "25/03/2024"),
                               ("A2", "Ines", "Acme", "Closed Lost", "200", "04/05/2024", "13/05/2024")], monkeypatch)
    texts, dates = decided.dates["created_date"]
    assert dict(zip(texts.to_list(), dates.to_list(), strict=True)) == {"03/02/2024": dt.date(2024, 2, 3),
                                                                         "04/05/2024": dt.date(2024, 5, 4)}
    assert decided.date_order is not None
    assert (decided.date_order.day_first, decided.date_order.either_way) == (True, ("created_date",))
    assert max(reads.values()) == 1
