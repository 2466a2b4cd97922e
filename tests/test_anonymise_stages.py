"""Two different stages never read alike once anonymised: every spelling of a name reads as one pseudonym, so
stages told apart by a name alone ("Waiting on Bianca", "Waiting on Rossi", "Waiting on Bianca Rossi" of one
rep) read as one stage in every list, and a stage mapping typed for one of them counted the others' deals."""

from __future__ import annotations

import datetime as dt
import random

import polars as pl
from named_texts import leaks

from data_models.vocabulary import folded_words
from winloss.anonymise import anonymised, name_pseudonyms, real_values, renamed_values
from winloss.measures.no_decision import no_decision_causes, no_decision_causes_query

DAY = dt.date(2026, 3, 2)
# (rep, stage, loss reason, deals): Bianca Rossi's first name, surname and whole name each in a stage, one of
# them in two spellings; Carlos Vega's first name in another; a stage naming no one.
DEALS = [
    ("Bianca Rossi", "Waiting on Bianca", None, 3),
    ("Bianca Rossi", "Waiting on Rossi", "No decision - status quo", 2),
    ("Tom Ito", "WAITING ON ROSSI", "No decision - status quo", 1),
    ("Tom Ito", "Waiting on Bianca Rossi", None, 4),
    ("Carlos Vega", "Waiting on Carlos", None, 5),
    ("Carlos Vega", "Negotiation", "No decision - status quo", 6),
]


def frame(rows=DEALS) -> pl.DataFrame:
    return pl.DataFrame(
        [{"rep": rep, "manager": None, "stage": stage, "loss_reason": reason, "outcome": "no_decision",
          "created_date": DAY, "close_date": DAY} for rep, stage, reason, n in rows for _ in range(n)])


def per_stage(deals: pl.DataFrame) -> list[int]:
    """How many deals each stage has, stages told apart as a mapping tells them (folded words), largest first."""
    keys = deals.get_column("stage").map_elements(folded_words, return_dtype=pl.String)
    return sorted(keys.value_counts().get_column("count").to_list(), reverse=True)


def test_stages_told_apart_by_a_name_alone_stay_apart_and_keep_their_counts():
    real = frame()
    shown = anonymised(real)
    assert leaks(" ".join(shown["stage"]), ["Bianca Rossi", "Carlos Vega"]) == []
    assert per_stage(shown) == per_stage(real) == [6, 5, 4, 3, 3]
    # One stage, two spellings: one stage still, each spelling kept.
    pairs = dict(zip(real["stage"], shown["stage"], strict=True))
    assert folded_words(pairs["Waiting on Rossi"]) == folded_words(pairs["WAITING ON ROSSI"])
    assert pairs["Negotiation"] == "Negotiation"
    # The pages' stage mappings are read by the same names, row for row.
    renamed = renamed_values(real, name_pseudonyms(real), ["stage"])["stage"]
    assert [renamed.get(s, s) for s in real["stage"]] == shown["stage"].to_list()
    # The same numbers whatever the rows' order.
    for seed in range(3):
        shuffled = real.sample(fraction=1.0, shuffle=True, seed=random.Random(seed).randint(0, 999))
        assert dict(zip(shuffled["stage"], anonymised(shuffled)["stage"], strict=True)) == pairs


def test_a_stage_anonymising_leaves_as_it_was_keeps_its_name():
    """A stage already reading as another one anonymised reads ("Waiting on Rep 01") keeps it; the other is numbered."""
    real = frame([("Bianca Rossi", "Waiting on Bianca", None, 1)])
    plain = anonymised(real)["stage"][0]
    both = frame([("Bianca Rossi", "Waiting on Bianca", None, 1), ("Bianca Rossi", plain, None, 2)])
    assert anonymised(both)["stage"].to_list() == [f"{plain} (2)", plain, plain]


def test_each_stage_mapping_counts_its_own_deals_once_anonymised():
    """"Waiting on Bianca" mapped to no decision, "Waiting on Rossi" and "Waiting on Bianca Rossi" not: with
    names shown, 8 deals are no decision by a mapping, 9 by their loss reason and 4 by their stage, and so
    they are once anonymised (the mapping of the one stage the three read as had counted all their deals)."""
    real = frame()
    mappings = {"waiting on bianca": "no_decision", "Waiting on Carlos": "no_decision", "Nowhere": "lost"}

    def causes(deals: pl.DataFrame, values: dict | None = None) -> tuple:
        return no_decision_causes(no_decision_causes_query(deals.lazy(), None, None).collect(), ["No decision"], mappings, values)

    assert causes(real) == (("stage mapping", 8), ("loss reason", 9), ("stage or status", 4))
    assert causes(anonymised(real), real_values(real, name_pseudonyms(real))) == causes(real)
