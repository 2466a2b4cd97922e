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
from winloss.views.common import closed_after_sentence, closed_around, closed_range_text, nothing_shown_advice

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


def test_an_empty_range_names_the_choice_that_shows_the_deals_it_leaves_out_as_the_note_does() -> None:
    deals = make_deals(THIS_QUARTER)
    around = closed_around(deals, *L4Q, "last_4_quarters")
    assert (around.before, around.within, around.after) == (0, 0, 10)
    assert nothing_shown_advice(Filters(), around=around) == (
        "Choose Quarter to date under Close date in the sidebar to see the 10 deals closed after 30 Sep 2026.")
    assert "choose Quarter to date" in (closed_after_sentence(around.after, L4Q[1], around.preset) or "")
    filtered = Filters().with_values("region", ["APAC"])
    apac = closed_around(deals.filter(pl.col("region") == "APAC"), *L4Q, "last_4_quarters")
    assert nothing_shown_advice(filtered, around=apac) == (
        "Choose Quarter to date under Close date in the sidebar to see the 2 deals closed after 30 Sep 2026 or clear "
        "a filter in the sidebar.")
    # Deals on both sides: All time shows them all; a custom range's one side is moved.
    both = closed_around(make_deals(THIS_QUARTER + OLD), *L4Q, "last_4_quarters")
    assert nothing_shown_advice(Filters(), around=both) == (
        "Choose All time under Close date in the sidebar to see the 11 closed deals outside it.")
    later = closed_around(make_deals(OLD), date(2026, 1, 1), date(2026, 3, 31), "custom")
    assert nothing_shown_advice(Filters(), around=later) == (
        "Move the range's start under Close date in the sidebar to see the deal closed before 1 Jan 2026.")
    # No closed deal anywhere under the filters: no range would show one.
    none = closed_around(make_deals(THIS_QUARTER[-1:]), *L4Q, "last_4_quarters")
    assert nothing_shown_advice(filtered, around=none) == "Clear a filter in the sidebar."
    # A range holding closed deals keeps the general advice.
    held = closed_around(make_deals(IN_Q2), *L4Q, "last_4_quarters")
    assert nothing_shown_advice(Filters(), around=held) == "Widen the range under Close date in the sidebar."


def test_a_quarter_before_the_first_closed_deal_is_not_said_to_lie_before_the_range() -> None:
    """All time starts on the first close: its tiles said the quarter before "lies before the selected range
    (widen the range … to start on …)", which no range could show."""
    window = periods.QuarterWindow("2026 Q2", "2026 Q2", date(2026, 4, 1), date(2026, 6, 30))
    assert periods.before_range(window, date(2026, 7, 3))
    assert not periods.before_range(window, date(2026, 7, 3), first_close=date(2026, 7, 3))
    assert not periods.before_range(window, date(2026, 7, 3), first_close=date(2026, 7, 5))
    # A deal closed before the range: a wider range shows the quarter, so it is said to lie before it.
    assert periods.before_range(window, date(2026, 7, 3), first_close=date(2026, 5, 1))
    assert periods.before_range(window, date(2026, 7, 3), first_close=date(2026, 7, 2))
