"""A file's currencies are those of the amounts read: an amount cell that is no amount ("$x$", quarantined)
names none. A file of "USD 1000.00" with one "$x$" was said to read "'$' as USD, the commonest currency so
written"; beside EUR amounts the "$" made the file name two currencies, so its bare numbers were quarantined."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.test_file_names_its_currency import BOTH, prepared, stored

HEADER = "Opportunity ID,Opportunity Owner,Stage,Amount,Close Date\n"


def export(*amounts: str) -> str:
    return HEADER + "".join(f"Q-{i},Ana Lima,Closed Won,{a},2026-03-0{i}\n" for i, a in enumerate(amounts, 1))


@BOTH
@pytest.mark.parametrize("unreadable", ["$x$", "$ TBD", "¥?"])
def test_a_sign_only_in_an_amount_not_read_is_not_said_to_be_read(tmp_path: Path, batched: bool, unreadable: str):
    prep = prepared(tmp_path, export("USD 1000.00", "USD 2000.00", unreadable), batched)
    assert prep.money_rules["currency_rule"] == "Every amount is in USD, the only currency the file names."
    assert prep.quarantine.get_column("line").to_list() == [4]


@BOTH
def test_a_currency_only_in_an_amount_not_read_does_not_decide_the_bare_amounts(tmp_path: Path, batched: bool):
    """The EUR file's bare "500" is EUR, as it is without the unreadable cell; it was quarantined as naming no currency."""
    prep = prepared(tmp_path, export("EUR 1000.00", "500", "$x$"), batched)
    assert prep.money_rules["currency_rule"] == (
        "EUR is the only currency the file names; an amount whose row names no currency is read as EUR.")
    assert stored(prep) == [("Q-1", 1000.0, "EUR"), ("Q-2", 500.0, "EUR")]
    assert prep.quarantine.get_column("line").to_list() == [4]
