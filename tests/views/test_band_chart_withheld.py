"""Win rate by complexity band and seller profile is not drawn when every one of its rates would be withheld: a
sentence stands in its place (views.profiles.bands_note), as for every chart whose every rate is withheld. With a
few deals a band, twelve grey hatched stubs were drawn under an axis that gave no rate."""

from __future__ import annotations

from datetime import date

from small_deals import make_deals

from winloss.filters import Filters
from winloss.rates import MIN_N
from winloss.views.profiles import bands, bands_note

REPS = {"Ann": ("Challenger", "East", None), "Bob": ("Hard Worker", "West", None)}
START, END = date(2025, 1, 1), date(2025, 3, 31)


def deals(per_rep: int):
    """`per_rep` deals closed in 2025 Q1 for each of Ann and Bob, amounts 100 to 100 × per_rep, every third lost."""
    rows = [(f"{rep}{i:03d}", rep, "lost" if i % 3 == 0 else "won", date(2024, 12, 1), date(2025, 2, 1 + i % 27),
             100.0 * (i + 1), "Price" if i % 3 == 0 else None, None)
            for rep in REPS for i in range(per_rep)]
    return make_deals(rows, REPS)


def test_a_band_chart_whose_every_rate_is_withheld_is_a_sentence_in_its_place():
    banded = bands(deals(12), Filters(), START, END, "amount", size_cuts=(400.0, 800.0))
    assert banded.table.height and (banded.table["n"] < MIN_N).all()  # bars there are, each on too few deals
    note = bands_note(banded, Filters())
    assert note is not None
    assert note.startswith("Win rate by deal size band and seller profile: no profile has 20 deals in a deal size band")
    assert note.endswith(".") and "Widen" in note  # what to do
    by_cycle = bands(deals(12), Filters(), START, END, "cycle")
    assert (bands_note(by_cycle, Filters()) or "").startswith("Win rate by cycle length band and seller profile: ")


def test_a_band_chart_with_one_rate_shown_is_drawn():
    banded = bands(deals(60), Filters(), START, END, "amount", size_cuts=(400.0, 800.0))
    assert (banded.table["n"] >= MIN_N).any()
    assert bands_note(banded, Filters()) is None
