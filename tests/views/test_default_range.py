"""A store whose closed deals are all this quarter's: the default "Last 4 complete quarters" held none of
them, and the Overview said both "choose Quarter to date" and "Widen the range" (widening its start showed
nothing). The default range then becomes the quarter to date, said in the range's caption; an empty range's
advice names the choice that shows the deals it leaves out, by the rule of the note under the range."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
from small_deals import make_deals

from winloss import periods
from winloss.filters import Filters, default_preset, default_range_words, from_query, to_query
from winloss.rates import Denominator
from winloss.views.common import (
    ClosedAround, closed_after_sentence, closed_around, closed_range_text, command_line_range_sentence, nothing_shown_advice,
)

TODAY, AS_OF = date(2026, 11, 27), date(2026, 11, 26)  # deals.preset_day and the data's day of the export
L4Q = (date(2025, 10, 1), date(2026, 9, 30))
# Ten deals closed 3 Oct - 26 Nov 2026 (two in APAC), one open.
THIS_QUARTER = [(f"Q{i}", "Ann", "won" if i % 2 else "lost", date(2026, 9, 1), date(2026, 10, 3) + timedelta(days=5 * i), 10.0,
                 None if i % 2 else "Price", "APAC" if i < 2 else "EMEA") for i in range(9)]
THIS_QUARTER += [("Q9", "Bob", "won", date(2026, 9, 1), AS_OF, 10.0, None, "EMEA"),
                 ("O1", "Bob", "open", date(2026, 9, 1), date(2026, 12, 20), 10.0, None, "EMEA")]
OLD = [("P1", "Cat", "won", date(2024, 1, 1), date(2024, 3, 3), 10.0, None, "EMEA")]  # before the 4 quarters
IN_Q2 = [("P2", "Cat", "lost", date(2026, 4, 1), date(2026, 5, 5), 10.0, "Price", "EMEA")]


def test_the_default_range_is_the_quarter_to_date_only_when_the_complete_quarters_hold_no_closed_deal() -> None:
    assert default_preset(make_deals(THIS_QUARTER), TODAY, 1, AS_OF) == "quarter_to_date"
    assert default_preset(make_deals(THIS_QUARTER + OLD), TODAY, 1, AS_OF) == "quarter_to_date"
    # A closed deal in the 4 quarters keeps the usual default (the bundled sample's case), as does none at all.
    assert default_preset(make_deals(THIS_QUARTER + IN_Q2), TODAY, 1, AS_OF) == "last_4_quarters"
    assert default_preset(make_deals(OLD), TODAY, 1, AS_OF) == "last_4_quarters"
    assert default_preset(make_deals(THIS_QUARTER[-1:]), TODAY, 1, AS_OF) == "last_4_quarters"  # open only


def test_the_caption_says_which_range_it_is_and_why() -> None:
    words = default_range_words("quarter_to_date", TODAY, 1, AS_OF)
    assert words == "Quarter to date, as the last 4 complete quarters (1 Oct 2025 – 30 Sep 2026) hold no closed deal"
    assert default_range_words("last_4_quarters", TODAY, 1, AS_OF) is None
    start, end = periods.date_range_for("quarter_to_date", TODAY, 1, AS_OF)
    assert closed_range_text(start, end, AS_OF, Denominator.CLOSED, words) == (
        f"Closed 1 Oct 2026 – 26 Nov 2026 · {words} · {Denominator.CLOSED.label}")


def test_a_link_made_on_another_default_carries_its_range() -> None:
    """A plain link reopens on the store's default; one chosen otherwise says so (period=)."""
    assert to_query(Filters(preset="quarter_to_date"), default_preset="quarter_to_date") == {}
    chosen = to_query(Filters(preset="last_4_quarters"), default_preset="quarter_to_date")
    assert chosen == {"period": "Last 4 complete quarters"}
    assert from_query(chosen).preset == "last_4_quarters"


def around(rows: list[tuple] | pl.LazyFrame, preset: str, start: date | None = None, end: date | None = None) -> ClosedAround:
    """closed_around of `rows` for `preset`'s range counted from TODAY and AS_OF (a custom one from `start` to `end`)."""
    deals = rows if isinstance(rows, pl.LazyFrame) else make_deals(rows)
    if start is None or end is None:
        start, end = periods.date_range_for(preset, TODAY, 1, AS_OF)
    assert start is not None and end is not None
    return closed_around(deals, start, end, preset, TODAY, 1, AS_OF)


def test_an_empty_range_names_the_choice_that_shows_the_deals_it_leaves_out_as_the_note_does() -> None:
    deals = make_deals(THIS_QUARTER)
    empty = around(deals, "last_4_quarters")
    assert (empty.before, empty.within, empty.after) == (0, 0, 10)
    assert nothing_shown_advice(Filters(), empty) == (
        "Choose Quarter to date under Close date in the sidebar to see the 10 deals closed after 30 Sep 2026.")
    assert "choose Quarter to date" in (closed_after_sentence(empty) or "")
    filtered = Filters().with_values("region", ["APAC"])
    apac = around(deals.filter(pl.col("region") == "APAC"), "last_4_quarters")
    assert nothing_shown_advice(filtered, apac) == (
        "Choose Quarter to date under Close date in the sidebar to see the 2 deals closed after 30 Sep 2026 or clear "
        "a filter in the sidebar.")
    # Deals on both sides: the nearest preset holding some (this quarter's); a custom range's one side is moved.
    assert nothing_shown_advice(Filters(), around(THIS_QUARTER + OLD, "last_4_quarters")) == (
        "Choose Quarter to date under Close date in the sidebar to see the 10 deals closed after 30 Sep 2026.")
    later = around(OLD, "custom", date(2026, 1, 1), date(2026, 3, 31))
    assert nothing_shown_advice(Filters(), later) == (
        "Move the range's start under Close date in the sidebar to see the deal closed before 1 Jan 2026.")
    # Both sides of a custom range, as far from every preset but All time: All time shows them.
    assert nothing_shown_advice(Filters(), around(OLD + THIS_QUARTER, "custom", date(2024, 6, 1), date(2024, 6, 30))) == (
        "Choose All time under Close date in the sidebar to see the 11 closed deals outside it.")
    # No closed deal anywhere under the filters: no range would show one.
    assert nothing_shown_advice(filtered, around(THIS_QUARTER[-1:], "last_4_quarters")) == "Clear a filter in the sidebar."


def test_an_empty_to_date_range_names_the_nearest_preset_that_holds_closed_deals() -> None:
    """Under Quarter to date or Year to date the advice was always "Choose All time", where Last quarter (or
    another preset) showed the deals: it names the nearest preset holding one, by the same rule."""
    last_quarter = [(f"S{i}", "Ann", "won", date(2026, 6, 1), date(2026, 7, 6 + i), 10.0, None, "EMEA") for i in range(3)]
    assert nothing_shown_advice(Filters(), around(last_quarter, "quarter_to_date")) == (
        "Choose Last quarter under Close date in the sidebar to see the 3 deals closed before 1 Oct 2026.")
    # A deal of 2026 Q2 too: Last quarter shows 3 of the 4; Year to date holds Q2's alone in its part of 2026 Q1-Q3.
    assert nothing_shown_advice(Filters(), around(last_quarter + IN_Q2, "quarter_to_date")) == (
        "Choose Last quarter under Close date in the sidebar to see 3 of the 4 deals closed before 1 Oct 2026.")
    assert nothing_shown_advice(Filters(), around(IN_Q2, "quarter_to_date")) == (
        "Choose Year to date under Close date in the sidebar to see the deal closed before 1 Oct 2026.")
    # Year to date (1 Jan - 26 Nov 2026) empty: last year's deals are in the last 4 complete quarters from Oct 2025.
    last_year = [("Y1", "Bob", "lost", date(2025, 9, 1), date(2025, 11, 3), 10.0, "Price", "EMEA")]
    assert nothing_shown_advice(Filters(), around(last_year, "year_to_date")) == (
        "Choose Last 4 complete quarters under Close date in the sidebar to see the deal closed before 1 Jan 2026.")
    # Only an older deal: All time, the one preset that holds it.
    assert nothing_shown_advice(Filters(), around(OLD, "year_to_date")) == (
        "Choose All time under Close date in the sidebar to see the deal closed before 1 Jan 2026.")


def test_a_range_holding_too_few_names_the_preset_that_counts_more_never_widen() -> None:
    """A page with closed deals but too few for what it draws had said "Widen the range", which no preset is."""
    held = around(IN_Q2 + THIS_QUARTER, "quarter_to_date")
    assert nothing_shown_advice(Filters(), held) == (
        "Choose Year to date under Close date in the sidebar to count 11 closed deals.")
    # Every closed deal is in the range: no range counts more.
    assert nothing_shown_advice(Filters(), around(IN_Q2, "last_4_quarters")) == (
        "Upload an export with more closed deals on the Data page.")


def test_the_report_commands_empty_range_says_which_flag_shows_the_deals() -> None:
    """`report --from … --to …` on a range holding no closed deal said "No closed deals in that range." and
    nothing of what to do: the rule's custom range, in the command's words (no preset: the command has none)."""

    def flags(rows: list[tuple]) -> ClosedAround:
        return closed_around(make_deals(rows), *L4Q, "custom")

    assert command_line_range_sentence(flags(THIS_QUARTER)) == (
        "No closed deals in that range: give a later --to to count the 10 deals closed after 30 Sep 2026.")
    assert command_line_range_sentence(flags(OLD)) == (
        "No closed deals in that range: give an earlier --from to count the deal closed before 1 Oct 2025.")
    assert command_line_range_sentence(flags(OLD + THIS_QUARTER)) == (
        "No closed deals in that range: leave out --from and --to to count the 11 closed deals outside it.")
    assert command_line_range_sentence(flags(THIS_QUARTER[-1:])) == (
        "No closed deals in that range, nor outside it: ingest an export with closed deals first.")
