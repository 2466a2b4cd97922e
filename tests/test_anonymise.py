"""Pseudonyms are stable, ordered per data set, and leave no real name in the deals."""

from __future__ import annotations

import re

import polars as pl

from winloss.anonymise import anonymised, pseudonyms

NAMES = ["Camila Brennan", "Hana Hughes", "Inès Alvarez", "Tomás O'Brien"]


def deals_of(reps: list[str | None], managers: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"rep": reps, "manager": managers, "amount": [1.0] * len(reps)})


def test_pseudonyms_are_numbered_and_do_not_follow_the_alphabet():
    mapping = pseudonyms(NAMES)
    assert sorted(mapping.values()) == ["Rep 01", "Rep 02", "Rep 03", "Rep 04"]
    assert [mapping[n] for n in sorted(NAMES)] != ["Rep 01", "Rep 02", "Rep 03", "Rep 04"]


def test_pseudonyms_are_the_same_whatever_order_or_repetition():
    assert pseudonyms(NAMES) == pseudonyms(list(reversed(NAMES)) + NAMES + [None])


def test_a_wide_team_gets_wider_numbers():
    mapping = pseudonyms([f"Seller {i}" for i in range(120)])
    assert all(re.fullmatch(r"Rep \d{3}", v) for v in mapping.values())
    assert len(set(mapping.values())) == 120


def test_anonymised_replaces_reps_and_managers_and_keeps_the_rest():
    deals = deals_of(["Hana Hughes", "Camila Brennan", "Hana Hughes", None], ["Pablo Tanaka", "Pablo Tanaka", None, "Eve"])
    result = anonymised(deals)
    assert result.get_column("rep").to_list()[2] == result.get_column("rep").to_list()[0]
    assert result.get_column("rep").to_list()[3] is None
    assert set(result.get_column("manager").drop_nulls()) <= {"Manager 01", "Manager 02"}
    assert result.get_column("amount").to_list() == deals.get_column("amount").to_list()
    text = result.write_csv()
    for name in ("Hana Hughes", "Camila Brennan", "Pablo Tanaka", "Eve"):
        assert name not in text


def test_the_same_data_set_gets_the_same_pseudonyms_twice():
    deals = deals_of(NAMES, NAMES)
    assert anonymised(deals).equals(anonymised(deals.reverse()).reverse())


def test_a_rep_who_joins_later_takes_the_next_number_and_no_one_else_moves():
    import datetime as dt

    def deal(rep: str, created: dt.date) -> dict:
        return {"rep": rep, "manager": "Kim", "created_date": created, "close_date": created}

    before = pl.DataFrame([deal("Zoe", dt.date(2025, 1, 5)), deal("Adam", dt.date(2025, 2, 1)), deal("Mia", dt.date(2025, 3, 1))])
    after = pl.concat([before, pl.DataFrame([deal("Aaron", dt.date(2025, 9, 1))])])
    first = dict(zip(before["rep"], anonymised(before)["rep"]))
    second = dict(zip(after["rep"], anonymised(after)["rep"]))
    assert first == {"Zoe": "Rep 01", "Adam": "Rep 02", "Mia": "Rep 03"}
    assert second == {**first, "Aaron": "Rep 04"}
