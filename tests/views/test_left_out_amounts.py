"""Value figures over deals in several currencies: the deals no exchange rate converts are said beside
every figure they are left out of (exchange.Unconverted.left_out), in the review's page records, its
deck and its HTML report; the at-risk finding says whose worth it gives; the at-risk list never
orders one currency's amounts as another's."""

from __future__ import annotations

import dataclasses
import html
import io
import re
from datetime import date

import polars as pl
import pytest
from pptx import Presentation
from small_deals import make_deals

from winloss.deals import coded_deals
from winloss.exchange import NO_CURRENCY, ExchangeRates, Unconverted, in_reporting_currency, left_out_of, no_rate_by, unconverted
from winloss.export.deck import deck_bytes
from winloss.export.html import report_html
from winloss.export.words import at_risk_rows
from winloss.filters import Filters, in_force, options, size_cut_points, with_size_band
from winloss.measures.at_risk import at_risk_open_deals
from winloss.text import money_or_no_rate, not_converted
from winloss.views.no_decision import no_decision
from winloss.views.common import unplaced, unplaced_sentence
from winloss.views.overview import overview
from winloss.views.reps import leaderboard, rep, won_value_note
from winloss.views.review import (Review, change_lines, headline_tiles, left_out_notes, no_decision_value_marks,
                                  no_decision_value_missing, quarterly_review)

RATES = ExchangeRates("USD", {"EUR": 1.1})  # no rate for GBP, nor for CHF


def converted(rows: list[tuple], currencies: dict[str, str], rates: ExchangeRates = RATES) -> pl.DataFrame:
    """make_deals' rows in the currencies given by id (USD otherwise), as the store's frame holds them:
    converted to the reporting currency, the amount as exported beside it."""
    frame = make_deals(rows).with_columns(
        pl.col("opportunity_id").replace_strict(currencies, default="USD").alias("currency")).collect()
    return in_reporting_currency(frame, rates)


def review_deals(no_decision: bool = False) -> pl.DataFrame:
    """A quarter (2025 Q1) closed in three currencies and an old open pipeline in four.

    Closed on 1 Feb 2025: 30 won in USD at 1,000, 6 won in EUR at 1,000 (1,100 converted), 7 won in GBP
    and 20 lost in USD. Open since 1 Jan 2024 (all at risk: 455 days against won deals' 62): 4 in USD at
    6,000 to 7,500 (27,000), 3 in EUR at 2,000 to 2,500 (2,200 to 2,750 converted: 7,425), 22 in GBP at
    114,000 to 135,000, and 2 in CHF at 9M. With `no_decision`, 3 deals lost to no decision in GBP and
    2 in USD (at 400) closed that day too.
    """
    rows, currencies = [], {}

    def add(prefix: str, count: int, outcome: str, amount: float, currency: str, step: float = 0.0) -> None:
        for i in range(count):
            deal = f"{prefix}{i:02d}"
            open_deal = outcome == "open"
            rows.append((deal, "Ann" if i % 2 else "Cat", outcome, date(2024, 1, 1) if open_deal else date(2024, 12, 1),
                         date(2025, 6, 1) if open_deal else date(2025, 2, 1), amount + i * step,
                         {"lost": "Price", "no_decision": "No Decision"}.get(outcome), None))
            currencies[deal] = currency

    add("WU", 30, "won", 1_000.0, "USD")
    add("WE", 6, "won", 1_000.0, "EUR")
    add("WG", 7, "won", 1_000.0, "GBP")
    add("LU", 20, "lost", 500.0, "USD")
    add("OU", 4, "open", 6_000.0, "USD", step=500.0)
    add("OE", 3, "open", 2_000.0, "EUR", step=250.0)
    add("OG", 22, "open", 114_000.0, "GBP", step=1_000.0)
    add("OC", 2, "open", 9_000_000.0, "CHF")
    if no_decision:
        add("NG", 3, "no_decision", 400.0, "GBP")
        add("NU", 2, "no_decision", 400.0, "USD")
    return converted(rows, currencies)


def for_ops(review: Review) -> Review:
    """`review` made for sales ops, who may add exchange rates (Review.role): its notes say where."""
    return dataclasses.replace(review, role="ops")


@pytest.fixture(scope="module")
def review():
    return for_ops(quarterly_review(review_deals(), "2025 Q1", date(2025, 3, 31)))


@pytest.fixture(scope="module")
def masked():
    """The review with amounts hidden: the no-decision section draws value shares of all closed deals."""
    return for_ops(quarterly_review(review_deals(), "2025 Q1", date(2025, 3, 31), hide_amounts=True))


# ---- the rule and its sentences ------------------------------------------------------------------
def test_deals_in_the_reporting_currency_never_count_as_unconverted():
    """A deal whose currency is the reporting one, its amount blank and the export's converted amount in
    GBP (no rate), was counted "1 deal in USD has no exchange rate to USD": the currency it lacks is GBP.
    A USD deal with an amount converts whatever its converted amount's currency."""
    frame = make_deals([
        ("A", "Ann", "won", None, date(2025, 2, 1), None, None, None),
        ("B", "Ann", "won", None, date(2025, 2, 1), 500.0, None, None),
        ("C", "Ann", "won", None, date(2025, 2, 1), None, None, None),
    ]).with_columns(
        pl.Series("converted_amount", [80.0, 90.0, 70.0]),
        pl.Series("converted_currency", ["GBP", "GBP", None]),
    ).collect()
    left = unconverted(in_reporting_currency(frame, RATES), "USD")
    assert "USD" not in left.currencies
    assert (left.deals, left.currencies, left.counts) == (2, ("GBP", NO_CURRENCY), (1, 1))
    # A USD deal whose amount is blank after conversion has no amount, not a missing rate: a tile said
    # "No rate for USD" for it, and the leaderboard the same in its row.
    blanked = in_reporting_currency(make_deals([("D", "Bo", "won", None, date(2025, 2, 1), 700.0, None, None)]).collect(),
                                    RATES).with_columns(pl.lit(None, pl.Float64).alias("amount"))
    assert unconverted(blanked, "USD").deals == 0
    assert no_rate_by(blanked, pl.lit(True), "rep", "USD").height == 0
    by_rep = no_rate_by(review_deals(), pl.col("outcome") == "won", "rep", "USD").sort("rep")
    assert by_rep.rows() == [("Ann", 3, "no rate for GBP", ["GBP"]), ("Cat", 4, "no rate for GBP", ["GBP"])]


def test_the_left_out_note_names_each_currency_with_its_deals():
    assert Unconverted(25, ("GBP",), "USD", (25,)).left_out(role="ops") == (
        "25 deals in GBP are left out: no exchange rate to USD for GBP. Add the rate on the Data page, in the Currencies tab.")
    assert Unconverted(1, ("JPY",), "EUR", (1,)).left_out("won deal", of="2025 Q1's won value", role="ops") == (
        "1 won deal in JPY is left out of 2025 Q1's won value: no exchange rate to EUR for JPY. Add the rate on the Data page,"
        " in the Currencies tab.")
    assert Unconverted(28, ("CHF", "GBP"), "USD", (3, 25)).left_out("open deal", role="ops") == (
        "3 open deals in CHF and 25 in GBP are left out: no exchange rate to USD for CHF or GBP. Add the rates on the Data page,"
        " in the Currencies tab.")
    # Several currencies are listed as a sentence lists them, not "for CHF or EUR or GBP or JPY".
    assert Unconverted(10, ("CHF", "EUR", "GBP", "JPY"), "USD", (1, 2, 3, 4)).left_out("open deal", role="ops") == (
        "1 open deal in CHF, 2 in EUR, 3 in GBP and 4 in JPY are left out: no exchange rate to USD for CHF, EUR, GBP or JPY."
        " Add the rates on the Data page, in the Currencies tab.")
    # An amount that names no currency: no rate would convert it, so none is asked for.
    assert Unconverted(2, (NO_CURRENCY,), "USD", (2,)).left_out(role="ops") == (
        "2 deals with no currency are left out: no currency to convert from.")
    assert Unconverted(3, ("EUR", NO_CURRENCY), "USD", (1, 2)).left_out(role="ops") == (
        "1 deal in EUR and 2 with no currency are left out: no exchange rate to USD for EUR, or no currency to convert"
        " from. Add the rate on the Data page, in the Currencies tab.")
    # Counted only in all: the currencies listed as a sentence lists them.
    assert Unconverted(30, ("EUR", "GBP"), "USD").left_out(role="ops") == (
        "30 deals in EUR or GBP are left out: no exchange rate to USD for EUR or GBP. Add the rates on the Data page,"
        " in the Currencies tab.")
    assert Unconverted(0, (), "USD").left_out(role="ops") is None


def test_a_value_that_leaves_deals_out_says_so_compactly_and_one_of_none_but_them_is_not_zero():
    assert money_or_no_rate(1_200_000.0, "USD", Unconverted(3, ("EUR",), "USD", (3,)).no_rate) == "$1.2M · no rate for EUR"
    assert money_or_no_rate(None, "USD", "no rate for GBP") == "No rate for GBP"
    assert money_or_no_rate(1_200_000.0, "USD", None) == "$1.2M"
    assert money_or_no_rate(None, "USD", None) == "—"
    assert not_converted(114_000.0, "GBP") == "£114k (not converted)"


def test_left_out_of_counts_only_the_deals_of_the_figure():
    frame = review_deals()
    won = left_out_of(frame, (pl.col("outcome") == "won"), "USD")
    assert (won.deals, won.currencies, won.counts) == (7, ("GBP",), (7,))
    opened = left_out_of(frame, pl.col("outcome") == "open", "USD")
    assert (opened.deals, opened.currencies, opened.counts) == (24, ("CHF", "GBP"), (2, 22))
    # A frame of reporting-currency amounts (never converted) leaves nothing out.
    assert left_out_of(make_deals([("X", "Ann", "won", None, date(2025, 2, 1), 5.0, None, None)]), pl.lit(True), "USD").deals == 0


# ---- the at-risk list ----------------------------------------------------------------------------
def test_at_risk_deals_list_converted_amounts_first_then_each_currency_apart():
    """£114k was sorted beside $114k: converted amounts first by their value, then the deals no rate
    converts grouped by currency (CHF, then GBP), largest first within each, then deals without an amount."""
    rows = [
        ("U1", "Ann", "open", date(2024, 1, 1), date(2025, 6, 1), 25_000.0, None, None),
        ("U2", "Ann", "open", date(2024, 1, 1), date(2025, 6, 1), 120_000.0, None, None),
        ("G1", "Ann", "open", date(2024, 1, 1), date(2025, 6, 1), 114_000.0, None, None),
        ("G2", "Ann", "open", date(2024, 1, 1), date(2025, 6, 1), 300_000.0, None, None),
        ("C1", "Ann", "open", date(2024, 1, 1), date(2025, 6, 1), 50.0, None, None),
        ("E1", "Ann", "open", date(2024, 1, 1), date(2025, 6, 1), 100_000.0, None, None),  # 110,000 converted
        ("N1", "Ann", "open", date(2024, 1, 1), date(2025, 6, 1), None, None, None),
        ("W1", "Ann", "won", date(2024, 1, 1), date(2024, 3, 1), 10.0, None, None),
    ]
    frame = converted(rows, {"G1": "GBP", "G2": "GBP", "C1": "CHF", "E1": "EUR"})
    listed = at_risk_open_deals(frame, date(2025, 3, 31))
    assert listed.get_column("opportunity_id").to_list() == ["U2", "E1", "U1", "C1", "G2", "G1", "N1"]


def test_the_review_lists_an_unconverted_amount_in_its_own_currency(review):
    header, rows = at_risk_rows(review)
    # Not "Amount ($)" over £ and CHF cells: each cell names its currency, the header none.
    assert header[-1] == "Amount"
    amounts = [r[-1] for r in rows]
    # 4 USD deals (6,000 to 7,500), 3 EUR (2,200 to 2,750 converted), then CHF's 2 and GBP's largest.
    assert amounts[:7] == ["$7.50k", "$7.00k", "$6.50k", "$6.00k", "$2.75k", "$2.48k", "$2.20k"]
    assert amounts[7:] == ["CHF 9M (not converted)", "CHF 9M (not converted)", "£135k (not converted)"]
    # The deck's first rows, every one converted, keep the currency in the header and bare figures.
    header, rows = at_risk_rows(review, limit=7)
    assert header[-1] == "Amount ($)"
    assert [r[-1] for r in rows] == ["7.50k", "7.00k", "6.50k", "6.00k", "2.75k", "2.48k", "2.20k"]  # one number of decimals a scale


# ---- the review's words --------------------------------------------------------------------------
def test_the_at_risk_finding_gives_the_worth_of_the_deals_priced_in_the_reporting_currency(review):
    """The finding said "31 ... are at risk, worth $34.4k": the worth of the 7 with an amount in USD."""
    finding = next(f for f in review.findings if f.topic == "at_risk")
    assert "worth $" not in finding.text.split(":")[0]  # no worth said of all 31
    assert finding.text.startswith("31 of 31 deals open at the end of 2025 Q1 (100%) are at risk: ")
    assert finding.text.endswith(
        "The 7 with an amount in USD are worth $34.4k (100% of the open pipeline value in USD);"
        " 2 in CHF and 22 in GBP have no exchange rate to USD for CHF or GBP.")


def test_each_review_section_that_adds_amounts_says_which_deals_it_leaves_out(review, masked):
    headline = ("7 won deals in GBP are left out of the won value of 2025 Q1: no exchange rate to USD for GBP."
                " Add the rate on the Data page, in the Currencies tab.")
    at_risk = ("2 open deals in CHF and 22 in GBP are left out of the pipeline value: no exchange rate to USD for CHF or GBP."
               " Add the rates on the Data page, in the Currencies tab.")
    # With amounts the no-decision section adds the no-decision deals' amounts alone, none of them in GBP:
    # the 7 won deals in GBP are in none of its figures.
    assert left_out_notes(review) == {"headline": headline, "at_risk": at_risk}
    # With amounts hidden it draws each quarter's share of the closed deals' value, which leaves them out.
    assert left_out_notes(masked) == {
        "headline": headline,
        "no_decision": ("7 closed deals in GBP are left out of the no-decision value shares: no exchange rate to USD for GBP."
                        " Add the rate on the Data page, in the Currencies tab."),
        "at_risk": at_risk,
    }
    # With amounts hidden the panel is the no-decision share of closed deal value: every closed deal's
    # amount feeds it, so every closed deal in GBP is counted.
    hidden = for_ops(quarterly_review(review_deals(no_decision=True), "2025 Q1", date(2025, 3, 31), hide_amounts=True))
    assert left_out_notes(hidden)["no_decision"] == (
        "10 closed deals in GBP are left out of the no-decision value shares: no exchange rate to USD for GBP."
        " Add the rate on the Data page, in the Currencies tab.")
    # Per profile, the pipeline's amounts add up the converted ones only.
    assert review.at_risk_by_profile.get_column("open_amount").sum() == pytest.approx(27_000 + 7_425)


def test_a_review_in_one_currency_has_no_note():
    rows = [(f"W{i}", "Ann", "won", date(2024, 12, 1), date(2025, 2, 1), 100.0, None, None) for i in range(25)]
    review = quarterly_review(converted(rows, {}), "2025 Q1", date(2025, 3, 31))
    assert left_out_notes(review) == {}


@pytest.mark.parametrize("hidden", [False, True], ids=["amounts", "amounts hidden"])
def test_the_deck_says_each_note_on_its_slide(review, masked, hidden):
    review = masked if hidden else review
    presentation = Presentation(io.BytesIO(deck_bytes(review)))
    said = {}
    for slide in presentation.slides:
        texts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame and shape.text_frame.text]
        title = texts[0] if texts else ""
        said.update({note: title for note in texts if "left out of" in note})
    notes = left_out_notes(review)
    titles = {"headline": "Headline numbers: 2025 Q1", "no_decision": "No decision: the trend and what it cost",
              "at_risk": "At-risk open pipeline"}
    assert said == {note: titles[key] for key, note in notes.items()}
    assert ("no_decision" in notes) == hidden
    if not hidden:
        cells = [cell.text for slide in presentation.slides for shape in slide.shapes if shape.has_table
                 for row in shape.table.rows for cell in row.cells]
        assert "CHF 9M (not converted)" in cells


@pytest.mark.parametrize("hidden", [False, True], ids=["amounts", "amounts hidden"])
def test_the_html_report_says_each_note_under_its_section(review, masked, hidden):
    review = masked if hidden else review
    page = report_html(review)
    sections = re.split(r"<h2>", page)
    notes = left_out_notes(review)
    assert ("no_decision" in notes) == hidden
    for title, key in (("Headline numbers", "headline"), ("No decision: the trend and what it cost", "no_decision"),
                       ("At-risk open pipeline", "at_risk")):
        section = next(s for s in sections if s.startswith(html.escape(title)))
        if key in notes:
            assert f'<p class="left-out">{html.escape(notes[key])}</p>' in section
        else:
            assert '<p class="left-out">' not in section
    if hidden:
        return
    assert "£135k (not converted)" in page
    assert "22 in GBP have no exchange rate to USD for CHF or GBP" in page


def deck_text(content: bytes) -> str:
    """Every word of a deck: its text boxes and table cells, one line each."""
    said = []
    for slide in Presentation(io.BytesIO(content)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                said.append(shape.text_frame.text)
            if shape.has_table:
                said += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(said)


@pytest.mark.parametrize(("role", "action"), [
    ("ops", "Add the rates on the Data page, in the Currencies tab."),
    ("admin", "Add the rates on the Data page, in the Currencies tab."),
    ("viewer", "Ask sales ops or an admin to add the rates on the Data page."),
])
def test_the_deck_and_report_tell_whoever_made_them_what_to_do_about_a_missing_rate(review, role, action):
    """A viewer's deck and report said "Add the rate on the Data page, in the Currencies tab.", a tab a viewer
    cannot see. The files follow whoever made them (Review.role, the page's visitor): one who may add rates
    is told where, a viewer whom to ask; the command line's files are an admin's (access.LOCAL_ROLE)."""
    made = dataclasses.replace(review, role=role)
    for where, said in (("deck", deck_text(deck_bytes(made))), ("report", html.unescape(report_html(made)))):
        assert said.count(action) == 1, (where, action)  # under the at-risk pipeline (GBP and CHF)
        assert ("Currencies tab" in said) == (role != "viewer"), where

# ---- the other pages' value tiles ----------------------------------------------------------------
def no_decision_deals(gbp: int) -> pl.DataFrame:
    """6 no-decision and 6 lost deals closed on 1 Feb 2025 at 1,000 each, `gbp` of the no-decision ones in GBP."""
    rows = [(f"N{i}", "Ann", "no_decision", date(2024, 12, 1), date(2025, 2, 1), 1000.0, "No Decision", None) for i in range(6)]
    rows += [(f"L{i}", "Ann", "lost", date(2024, 12, 1), date(2025, 2, 1), 1000.0, "Price", None) for i in range(6)]
    return coded_deals(converted(rows, {f"N{i}": "GBP" for i in range(gbp)}))


@pytest.mark.parametrize(("gbp", "value"), [(4, "$2k · no rate for GBP"), (6, "No rate for GBP"), (0, "$6k")])
def test_the_value_lost_to_no_decision_says_which_deals_it_leaves_out(gbp: int, value: str):
    figures = no_decision(no_decision_deals(gbp).lazy(), Filters(), date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 31))
    (tile,) = [t for t in figures.tiles if t.label == "Value lost to no decision"]
    assert tile.words == value
    assert tile.help_for("ops") == (f"{gbp} no-decision deals in GBP are left out of it: no exchange rate to USD for GBP."
                                    " Add the rate on the Data page, in the Currencies tab." if gbp else None)


def test_the_overviews_won_value_help_names_the_currencies_it_leaves_out():
    figures = overview(coded_deals(review_deals()).lazy(), Filters(), date(2025, 1, 1), date(2025, 3, 31))
    (won,) = [t for t in figures.volumes if t.label == "Won value in range"]
    assert won.words == "$36.6k · no rate for GBP"  # 30 × 1,000 + 6 × 1,100
    assert won.help_for("admin").endswith("7 won deals in GBP are left out of it: no exchange rate to USD for GBP."
                                          " Add the rate on the Data page, in the Currencies tab.")
    assert figures.value_index.help_for("admin") == won.help_for("admin")


def two_quarters_in(currency: str, rates: ExchangeRates = RATES) -> pl.DataFrame:
    """2025 Q1 and 2024 Q4, each with 30 won deals at 1,000 to 1,029 and 20 lost at 1,030 to 1,049 in
    `currency` (won by value: 30,435 of 51,225, 59%)."""
    rows, currencies = [], {}
    for quarter, close in (("A", date(2025, 2, 1)), ("B", date(2024, 11, 1))):
        for i in range(50):
            deal = f"{quarter}{i:02d}"
            rows.append((deal, "Ann", "won" if i < 30 else "lost", date(2024, 6, 1), close, 1_000.0 + i, None, None))
            currencies[deal] = currency
    return converted(rows, currencies, rates)


@pytest.mark.parametrize(("currency", "words", "aside"), [
    ("GBP", "No rate for GBP", None),  # none converts: the tile says why, not "no deals with a value"
    ("USD", "59%", None),
])
def test_the_win_rate_by_value_tells_a_missing_rate_from_missing_amounts(currency: str, words: str, aside: str | None):
    """The Overview's "Win rate by value" said "no deals with a value" of 154 deals with amounts in EUR and no
    rate to USD for EUR, beside a Won value tile saying "No rate for EUR": one rule says both
    (text.figure_and_no_rate), the tile's help says which deals and where to add the rate, and its change
    line says the same, not "no deals with a value in Q1 or Q4"."""
    figures = overview(coded_deals(two_quarters_in(currency)).lazy(), Filters(), date(2024, 10, 1), date(2025, 3, 31))
    _, by_value, _ = figures.rates
    (won,) = [t for t in figures.volumes if t.label == "Won value in range"]
    assert (by_value.text, by_value.aside) == (words, aside)
    if currency == "GBP":
        assert (by_value.n, by_value.small) == (None, False)
        assert won.text == by_value.text  # the two tiles side by side say the same of the same deals
        assert by_value.help_for("ops").endswith(
            "100 closed deals in GBP are left out of it: no exchange rate to USD for GBP. Add the rate on the Data "
            "page, in the Currencies tab.")
        # One fact, one wording on both tiles: Won value read "no rate for GBP in 2025 Q1; no rate for GBP in 2024 Q4"
        # beside this one's "no rate for GBP" (text.withheld_change names the sides lacking one rate together).
        assert by_value.withheld == won.withheld == "2025 Q1 vs 2024 Q4: no rate for GBP in 2025 Q1 or 2024 Q4"
    else:
        assert by_value.n == 100 and by_value.left_out is None and by_value.change is not None
    # Amounts missing from the file, not rates: said as before.
    unpriced = two_quarters_in(currency).with_columns(pl.lit(None, pl.Float64).alias("amount"),
                                                      pl.lit(None, pl.Float64).alias("exported_amount"))
    _, by_value, _ = overview(coded_deals(unpriced).lazy(), Filters(), date(2024, 10, 1), date(2025, 3, 31)).rates
    assert by_value.text == "no deals with a value"


def test_a_win_rate_by_value_that_leaves_some_deals_out_says_so_beside_it():
    """Some deals converted, some not: the rate of those converted, and what it leaves out in small type."""
    frame = pl.concat([two_quarters_in("GBP"), two_quarters_in("USD").with_columns(
        ("U" + pl.col("opportunity_id")).alias("opportunity_id"))], how="vertical_relaxed")
    _, by_value, _ = overview(coded_deals(frame).lazy(), Filters(), date(2024, 10, 1), date(2025, 3, 31)).rates
    assert (by_value.text, by_value.n, by_value.aside) == ("59%", 100, "no rate for GBP")
    assert by_value.words == "59% · no rate for GBP"


# ---- the no-decision section's value figure --------------------------------------------------------
def planned_deals(*plan: tuple[str, int, str, date, str]) -> pl.DataFrame:
    """Deals at 700 each, created 1 Jan 2024, by (id prefix, how many, outcome, close date, currency) of `plan`,
    shared alternately by Ann and Cat; a loss's reason is "Price", a no-decision's "No Decision"."""
    rows, currencies = [], {}
    for prefix, count, outcome, close, currency in plan:
        for i in range(count):
            deal = f"{prefix}{i:02d}"
            reason = {"lost": "Price", "no_decision": "No Decision"}.get(outcome)
            rows.append((deal, "Ann" if i % 2 else "Cat", outcome, date(2024, 1, 1), close, 700.0, reason, None))
            currencies[deal] = currency
    return converted(rows, currencies)


def trend_deals() -> pl.DataFrame:
    """2025 Q1 reviewed: 30 won, 20 lost and 20 no-decision deals in USD, and 2 no-decision deals in GBP
    (no rate); 2024 Q2, in its trend, 25 won deals in USD and 9 in GBP."""
    return planned_deals(
        ("WU", 30, "won", date(2025, 2, 1), "USD"), ("LU", 20, "lost", date(2025, 2, 1), "USD"),
        ("NU", 20, "no_decision", date(2025, 2, 1), "USD"), ("NG", 2, "no_decision", date(2025, 2, 1), "GBP"),
        ("WO", 25, "won", date(2024, 5, 1), "USD"), ("GO", 9, "won", date(2024, 5, 1), "GBP"),
    )


def said_under_no_decision(review) -> tuple[str, str]:
    """The left-out note of the no-decision section in the HTML report and on the deck's slide ("" for none)."""
    section = next(s for s in report_html(review).split("<h2>") if s.startswith("No decision: the trend"))
    in_report = re.findall(r'<p class="left-out">(.*?)</p>', section)
    slide = next(s for s in Presentation(io.BytesIO(deck_bytes(review))).slides
                 if any(sh.has_text_frame and sh.text_frame.text.startswith("No decision: the trend") for sh in s.shapes))
    on_slide = [sh.text_frame.text for sh in slide.shapes if sh.has_text_frame and "left out of" in sh.text_frame.text]
    return html.unescape(" ".join(in_report)), " ".join(on_slide)


def test_the_no_decision_value_figure_counts_the_deals_it_adds_not_every_deal_of_the_trend():
    """The section said "11 closed deals in GBP are left out of the no-decision value shares" under bars of
    the value lost to no decision, which leave out the 2 no-decision deals in GBP: the 9 won deals of 2024 Q2
    are in no figure drawn there. With amounts hidden it draws each quarter's share of the closed deals'
    value, which leaves out all 11; the count is of the closed deals of the quarters it draws."""
    frame = trend_deals()
    shown = for_ops(quarterly_review(frame, "2025 Q1", date(2025, 3, 31)))
    note = ("2 no-decision deals in GBP are left out of the value lost to no decision: no exchange rate to USD for GBP."
            " Add the rate on the Data page, in the Currencies tab.")
    assert left_out_notes(shown)["no_decision"] == note
    assert said_under_no_decision(shown) == (note, note)
    hidden = for_ops(quarterly_review(frame, "2025 Q1", date(2025, 3, 31), hide_amounts=True))
    drawn = hidden.no_decision.get_column("quarter").to_list()
    assert drawn == ["2024 Q2", "2024 Q3", "2024 Q4", "2025 Q1"]  # every quarter between, none closed in two
    in_gbp = frame.filter((pl.col("exported_currency") == "GBP") & (pl.col("outcome") != "open")).height
    assert in_gbp == 11
    note = (f"{in_gbp} closed deals in GBP are left out of the no-decision value shares: no exchange rate to USD for GBP."
            " Add the rate on the Data page, in the Currencies tab.")
    assert left_out_notes(hidden)["no_decision"] == note
    assert said_under_no_decision(hidden) == (note, note)


# ---- a trend quarter whose no-decision deals all lack a rate ---------------------------------------
def unvalued_quarter_deals() -> pl.DataFrame:
    """2025 Q1 reviewed: 20 won, 10 lost and 8 no-decision deals in USD at 700; in 2024 Q3, of its trend,
    10 won and 10 lost in USD and 6 no-decision deals all in GBP (no rate)."""
    return planned_deals(
        ("WU", 20, "won", date(2025, 2, 1), "USD"), ("LU", 10, "lost", date(2025, 2, 1), "USD"),
        ("NU", 8, "no_decision", date(2025, 2, 1), "USD"),
        ("WO", 10, "won", date(2024, 8, 1), "USD"), ("LO", 10, "lost", date(2024, 8, 1), "USD"),
        ("NG", 6, "no_decision", date(2024, 8, 1), "GBP"),
    )


@pytest.mark.parametrize("hide_amounts", [False, True])
def test_a_trend_quarter_whose_no_decision_deals_all_lack_a_rate_says_so_on_the_chart(hide_amounts: bool):
    """2024 Q3's 6 no-decision deals are all in GBP: its value bar was left out with no label, a gap
    that read as "$0" beside 2025 Q1's $5.6k; only the note under the chart said why. The chart says
    "No rate for GBP" at its place, on the page's figure (and so the HTML report's) and on the deck."""
    from winloss.present.review_charts import no_decision_figure
    from winloss.views.review import no_decision_value_marks, no_decision_value_missing

    shown = quarterly_review(unvalued_quarter_deals(), "2025 Q1", date(2025, 3, 31), hide_amounts=hide_amounts)
    # 2024 Q4, in which no deal closed, stands between them (measures.trends.every_quarter).
    assert shown.no_decision.get_column("quarter").to_list() == ["2024 Q3", "2024 Q4", "2025 Q1"]
    assert no_decision_value_missing(shown) is None  # 2025 Q1 has a bar: the panel is drawn
    marks = no_decision_value_marks(shown)
    assert [m.unvalued for m in marks] == [True, False, False]
    assert marks[0].words == "No rate for GBP"
    assert marks[0].hover == ("2024 Q3: 6 deals lost to no decision, with no exchange rate to USD for GBP:"
                              " their value is not known")
    # No deal closed in 2024 Q4: $0 lost, or no share of no value, never "n too small (n = 0)" on a hatched stub.
    assert (marks[1].words, marks[1].hover, marks[1].small) == ("" if hide_amounts else "$0", "2024 Q4: no deal closed", False)
    assert marks[2].words == ("21%" if hide_amounts else "$5.6k")  # 8 × 700 of 38 × 700 closed with a value
    figure = no_decision_figure(shown)
    drawn = [t for t in figure.data if t.yaxis == "y2"]
    words = {str(text).replace("<br>", " ") for t in drawn for x, text in zip(t.x, t.text or (), strict=False)
             if x == "2024 Q3" and text}
    assert words == {"No rate for GBP"}
    hovers = {h for t in drawn for x, h in zip(t.x, t.hovertext or (), strict=False) if x == "2024 Q3" and h}
    assert hovers == {marks[0].hover}
    report = html.unescape(report_html(shown))
    assert "No rate\\u003cbr\\u003efor GBP" in report  # the figure's JSON, as plotly writes it
    slide = next(s for s in Presentation(io.BytesIO(deck_bytes(shown))).slides
                 if any(sh.has_text_frame and sh.text_frame.text.startswith("No decision: the trend") for sh in s.shapes))
    (bars,) = [sh.chart for sh in slide.shapes if sh.has_chart and sh.chart.chart_type == 51]  # clustered columns
    # Under the quarter's name, where its bar would stand; its value stays empty, never a bar of $0.
    assert [str(c) for c in bars.plots[0].categories] == ["2024 Q3\nNo rate for GBP", "2024 Q4", "2025 Q1"]
    assert list(bars.plots[0].series[0].values)[0] is None


def test_a_value_lost_bar_leaving_deals_out_for_want_of_a_rate_says_so_on_page_report_and_deck():
    """2025 Q1's no-decision deals are 8 in USD, 2 in GBP and 1 in CHF, no rate: its value bar read "$5.6k",
    the USD deals' alone, as if whole, while only a quarter of none converted said "No rate for ...". It says what
    it leaves out by the tiles' rule (text.figure_and_no_rate): "$5.6k · no rate for CHF, GBP", its hover why,
    on the page's figure (and so the HTML report's) and on the deck."""
    from winloss.present.review_charts import no_decision_figure

    shown = quarterly_review(planned_deals(
        ("WU", 20, "won", date(2025, 2, 1), "USD"), ("NU", 8, "no_decision", date(2025, 2, 1), "USD"),
        ("NG", 2, "no_decision", date(2025, 2, 1), "GBP"), ("NC", 1, "no_decision", date(2025, 2, 1), "CHF")),
        "2025 Q1", date(2025, 3, 31))
    (mark,) = no_decision_value_marks(shown)
    assert (mark.words, mark.unvalued) == ("$5.6k · no rate for CHF, GBP", False)
    assert mark.figure == "$5.6k"
    assert mark.hover == "2025 Q1: $5.6k lost to no decision, without the deals with no exchange rate to USD for CHF or GBP"
    (bars,) = [t for t in no_decision_figure(shown).data if t.type == "bar" and t.yaxis == "y2"]
    assert list(bars.text) == ["$5.6k<br>no rate for<br>CHF, GBP"]
    assert "$5.6k\\u003cbr\\u003eno rate for\\u003cbr\\u003eCHF, GBP" in html.unescape(report_html(shown))
    slide = next(s for s in Presentation(io.BytesIO(deck_bytes(shown))).slides
                 if any(sh.has_text_frame and sh.text_frame.text.startswith("No decision: the trend") for sh in s.shapes))
    (chart,) = [sh.chart for sh in slide.shapes if sh.has_chart and sh.chart.chart_type == 51]  # clustered columns
    assert [p.data_label.text_frame.text for p in chart.plots[0].series[0].points] == ["$5.6k\nno rate for CHF, GBP"]


# ---- several currencies without a rate: counted beside the figure, named in its help ---------------
def five_currency_deals(with_usd: bool) -> pl.DataFrame:
    """2025 Q1: won deals in CHF, EUR, GBP, JPY and SEK, none with an exchange rate to USD, and (with
    `with_usd`) 30 won deals in USD at 1,000."""
    rows, currencies = [], {}
    for code in ("CHF", "EUR", "GBP", "JPY", "SEK"):
        deal = f"W{code}"
        rows.append((deal, "Ann", "won", date(2024, 1, 1), date(2025, 2, 1), 700.0, None, None))
        currencies[deal] = code
    if with_usd:
        rows += [(f"WU{i:02d}", "Ann", "won", date(2024, 1, 1), date(2025, 2, 1), 1_000.0, None, None) for i in range(30)]
    return converted(rows, currencies, ExchangeRates("USD", {}))


@pytest.mark.parametrize(("with_usd", "value"), [(True, "$30k · no rate for 5 currencies"), (False, "No rate for 5 currencies")])
def test_a_tile_counts_the_currencies_without_a_rate_past_two_and_names_them_in_its_help(with_usd, value):
    """"$1.88M · no rate for CHF, EUR, GBP, JPY, SEK" filled four lines of a tile's large type."""
    figures = overview(coded_deals(five_currency_deals(with_usd)).lazy(), Filters(), date(2025, 1, 1), date(2025, 3, 31))
    (won,) = [t for t in figures.volumes if t.label == "Won value in range"]
    assert won.words == value
    # The value in the tile's big type, what it leaves out beside it in the small (ui.widgets.metric):
    # "$1.88M · no rate for CHF, EUR, GBP, JPY, SEK" all in big type took four lines.
    assert (won.text, won.aside) == (("$30k", "no rate for 5 currencies") if with_usd else ("No rate for 5 currencies", None))
    assert won.help_for("ops").endswith("1 won deal in CHF, 1 in EUR, 1 in GBP, 1 in JPY and 1 in SEK are left out of it: "
                             "no exchange rate to USD for CHF, EUR, GBP, JPY or SEK. Add the rates on the Data page, in the "
                             "Currencies tab.")


def test_the_compact_form_names_up_to_two_currencies_and_counts_more():
    assert Unconverted(3, ("EUR", "GBP"), "USD", (1, 2)).no_rate == "no rate for EUR, GBP"
    assert Unconverted(3, ("CHF", "EUR", "GBP"), "USD", (1, 1, 1)).no_rate == "no rate for 3 currencies"
    assert Unconverted(4, ("CHF", "EUR", "GBP", NO_CURRENCY), "USD", (1, 1, 1, 1)).no_rate == (
        "no rate for 3 currencies; no currency")
    assert Unconverted(1, (NO_CURRENCY,), "USD", (1,)).no_rate == "no currency"


# ---- one reason, one action, wherever such deals are said -------------------------------------------
def sized_deals(currencies: tuple[str, ...]) -> pl.DataFrame:
    """2025 Q1, closed on 1 Feb 2025: 30 won deals in USD at 1,000 to 30,000 and 10 lost in USD, shared by
    Ann and Cat; and 2 won deals of Ann's and 1 deal lost to no decision in each of `currencies` (no rate),
    the only no-decision deals of the review's trend; with the Deal size filter's bands, as page_deals gives them."""
    rows = [(f"WU{i:02d}", "Ann" if i % 2 else "Cat", "won", date(2024, 12, 1), date(2025, 2, 1), 1_000.0 * (i + 1), None, None)
            for i in range(30)]
    rows += [(f"LU{i:02d}", "Ann" if i % 2 else "Cat", "lost", date(2024, 12, 1), date(2025, 2, 1), 1_000.0, "Price", None)
             for i in range(10)]
    unrated = {f"W{code}{i}": code for code in currencies for i in range(2)}
    rows += [(deal, "Ann", "won", date(2024, 12, 1), date(2025, 2, 1), 5_000.0, None, None) for deal in unrated]
    undecided = {f"N{code}": code for code in currencies}
    rows += [(deal, "Cat", "no_decision", date(2024, 12, 1), date(2025, 2, 1), 5_000.0, "No Decision", None)
             for deal in undecided]
    unrated |= undecided
    frame = converted(rows, unrated)
    return with_size_band(frame.lazy(), size_cut_points(frame.lazy())).collect()


# Sales ops and admins may set exchange rates, on the Data page's Currencies tab; a viewer cannot see that tab.
ADD = "Add the {} on the Data page, in the Currencies tab."
ASK = "Ask sales ops or an admin to add the {} on the Data page."


@pytest.mark.parametrize(("role", "action"), [("ops", ADD), ("admin", ADD), ("viewer", ASK), (None, ASK)])
@pytest.mark.parametrize(("currencies", "reason"), [
    (("JPY",), "no exchange rate to USD for JPY"),
    (("GBP", "JPY"), "no exchange rate to USD for GBP or JPY"),
])
def test_the_same_deals_left_out_are_said_with_the_same_reason_and_action_everywhere(currencies, reason, role, action):
    """The leaderboard's note said "no exchange rate to USD for it; add one on the Data page", a figure's
    note "no exchange rate for JPY. Add one on the Data page.", the Deal size filter's "have no exchange
    rate to USD. Add the rate on the Data page, under Currencies." and the review's no-decision panel
    "which has no exchange rate: add one on the Data page." (its hover "with no exchange rate to USD (no
    rate for JPY)"): four wordings of one reason and one action.
    Each now names the reporting currency and the currencies, and what the reader does: where the rate is
    added (the Data page's Currencies tab, where the app edits rates) for one who may add it, whom to ask
    for a viewer, who cannot see that tab (every note said "Add the rate ..., in the Currencies tab" to all)."""
    action = action.format("rate" if len(currencies) == 1 else "rates")
    plain = sized_deals(currencies)
    frame = coded_deals(plain)  # what the pages' views compute on; the review reads the plain frame
    start, end = date(2025, 1, 1), date(2025, 3, 31)
    in_q1 = Filters(preset="custom", start=start, end=end)
    board = leaderboard(frame.lazy(), in_q1, start, end, end)
    (won,) = [t for t in overview(frame.lazy(), in_q1, start, end).volumes if t.label == "Won value in range"]
    large = in_force(in_q1.with_values("size", ["Large"]), options(frame))
    (unplaced_deals,) = unplaced(frame.lazy(), large, start, end, "USD")
    review = dataclasses.replace(quarterly_review(plain, "2025 Q1", end), role=role)
    said = {
        "the leaderboard's note": won_value_note(board, "USD", role),
        "the won value's help": won.help_for(role),
        "the Deal size filter's note": unplaced_sentence(unplaced_deals, role=role),
        "the review's headline note": left_out_notes(review)["headline"],
        "the review's no-decision panel": no_decision_value_missing(review),
        "the banner over every page": unconverted(plain, "USD").sentence_for(role),
    }
    for where, sentence in said.items():
        assert sentence is not None, where
        assert f"{reason}. {action}" in sentence, (where, sentence)
        assert sentence.endswith(action), (where, sentence)
    # Nowhere another wording of the same reason or action.
    for where, sentence in said.items():
        assert sentence.count("exchange rate") == 1 and sentence.count("Data page") == 1, (where, sentence)
    # The panel's quarter says the same reason where its bar would stand, on hover.
    (mark,) = no_decision_value_marks(review)
    assert mark.hover == (f"2025 Q1: {len(currencies)} {'deal' if len(currencies) == 1 else 'deals'} lost to no decision,"
                          f" with {reason}: {'its' if len(currencies) == 1 else 'their'} value is not known")


def test_the_value_lost_bars_labels_share_one_precision_on_page_and_deck():
    """The review's value-lost bars read "$1.1M" beside "$1.34M" and "$2.81M", in page and deck: one
    precision per chart, "$1.10M"."""
    from winloss.present.review_charts import no_decision_figure

    shown = quarterly_review(unvalued_quarter_deals(), "2025 Q1", date(2025, 3, 31))
    table = shown.no_decision.with_columns(
        pl.Series("no_decision_amount", [1_100_000.0, 0.0, 1_340_000.0][: shown.no_decision.height]),
        pl.lit(None, pl.String).alias("no_decision_no_rate"))
    review = dataclasses.replace(shown, no_decision=table)
    marks = no_decision_value_marks(review)
    assert [m.words for m in marks] == ["$1.10M", "$0", "$1.34M"]  # no deal closed in 2024 Q4
    assert marks[0].hover == "2024 Q3: $1.10M lost to no decision"
    figure = no_decision_figure(review)
    (bars,) = [t for t in figure.data if t.type == "bar"]
    assert list(bars.text) == ["$1.10M", "$0", "$1.34M"]
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    (chart,) = [sh.chart for s in deck.slides for sh in s.shapes if sh.has_chart and sh.chart.has_title
                and sh.chart.chart_title.text_frame.text == "Value lost to no decision"]
    assert [p.data_label.text_frame.text for p in chart.plots[0].series[0].points] == ["$1.10M", "$0", "$1.34M"]


def test_the_loss_reasons_csv_says_what_each_amount_leaves_out_as_the_report_does():
    """The No decision page's "Why deals were lost" CSV gave each reason's amount with nothing to say it left
    out the deals no rate converts: "No Decision" read 800 (2 deals in USD) with its 3 in GBP left out, and a
    reason all in GBP read 0. Each row now says it as `report --json` says it of a won value (one rule,
    exchange.no_rate_in_group and partial_sum): amount_unconverted, amount_unconverted_currencies and
    amount_partial; a reason none of whose deals converts has no amount, never 0."""
    from winloss.views.common import chart_csv, reasons_table

    rows = [(f"L{i}", "Ann", "lost", date(2024, 12, 1), date(2025, 2, 1), 500.0, "Price", None) for i in range(20)]
    rows += [(f"G{i}", "Ann", "lost", date(2024, 12, 1), date(2025, 2, 1), 500.0, "Budget", None) for i in range(2)]
    rows += [(f"N{i}", "Ann", "no_decision", date(2024, 12, 1), date(2025, 2, 1), 400.0, "No Decision", None) for i in range(5)]
    rows += [("X0", "Ann", "lost", date(2024, 12, 1), date(2025, 2, 1), 300.0, "Timing", None)]
    currencies = {"N0": "GBP", "N1": "GBP", "N2": "GBP", "G0": "GBP", "G1": "CHF", "X0": "EUR"}
    frame = coded_deals(converted(rows, currencies)).lazy()
    figures = no_decision(frame, Filters(), date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 31))
    table = chart_csv(reasons_table(figures.reasons))
    said = {r["loss_reason"]: (r["amount"], r["amount_unconverted"], r["amount_unconverted_currencies"], r["amount_partial"])
            for r in table.iter_rows(named=True)}
    assert said == {"Price": (10_000.0, 0, "", False), "No Decision": (800.0, 3, "GBP", True),
                    "Budget": (None, 2, "CHF, GBP", False), "Timing": (330.0, 0, "", False)}
    assert table.columns[-4:] == ["amount", "amount_unconverted", "amount_unconverted_currencies", "amount_partial"]
    hidden = reasons_table(figures.reasons, hide_amounts=True).columns
    assert not [c for c in hidden if c.startswith("amount")]


def test_the_size_bands_tell_deals_without_a_rate_from_deals_without_an_amount():
    """The complexity chart's caption counted the closed deals it leaves out as having no amount in the
    reporting currency, whether they had none or one in a currency with no rate: it says which, in the
    words a filter's note on the same deals uses (views.common.without_amount_reasons)."""
    from winloss.views.profiles import bands, bands_caption

    frame = coded_deals(two_quarters_in("GBP")).with_columns(  # two of the GBP deals have no amount at all
        pl.when(pl.col("opportunity_id").is_in(["A00", "B00"])).then(None).otherwise(pl.col("exported_amount"))
        .alias("exported_amount"))
    start, end = date(2024, 10, 1), date(2025, 3, 31)
    banded = bands(frame.lazy(), Filters(), start, end, "amount", size_cut_points(frame.lazy()), "USD")
    assert (banded.left_out, banded.unconverted.deals if banded.unconverted else None) == (100, 98)
    assert bands_caption(banded, Filters(), currency="USD").startswith(
        "No closed deal has an amount in USD to band by size. 100 closed deals without an amount in the reporting "
        "currency are left out\\: 2 have no amount and 98 in GBP have no exchange rate to USD for GBP. ")
    # Priced in the reporting currency: nothing left out, nothing said of rates.
    priced = coded_deals(two_quarters_in("USD")).lazy()
    banded = bands(priced, Filters(), start, end, "amount", size_cut_points(priced), "USD")
    assert banded.left_out == 0 and banded.unconverted is None
    assert banded.described("USD").startswith("Small = up to $1.02k, Medium = $1.02k–$1.03k, Large = over $1.03k")
    assert "exchange rate" not in bands_caption(banded, Filters(), currency="USD")


# ---- a change whose one quarter no rate converts ------------------------------------------------------
def one_quarter_unrated(earlier: str, later: str) -> pl.DataFrame:
    """2024 Q4 in `earlier`'s currency and 2025 Q1 in `later`'s: each 25 won, 25 lost and 25 no-decision deals."""
    return planned_deals(*[(f"{o[0].upper()}{q}", 25, o, close, currency)
                           for q, close, currency in (("A", date(2024, 11, 1), earlier), ("B", date(2025, 2, 1), later))
                           for o in ("won", "lost", "no_decision")])


@pytest.mark.parametrize(("earlier", "later", "side"), [("GBP", "USD", "2024 Q4"), ("USD", "GBP", "2025 Q1"),
                                                         ("GBP", "CHF", None)])
def test_a_quarter_none_of_whose_deals_converts_is_said_to_lack_the_rate_on_every_value_change(earlier, later, side):
    """With every 2024 Q4 deal in GBP and no GBP rate, the Overview's Win rate by value said "no deals with a
    value in Q4" of 75 deals with amounts, and its Won value and the No decision page's Value lost to no decision
    showed no change and said nothing of why. Each now names the missing rate of that quarter."""
    deals = coded_deals(one_quarter_unrated(earlier, later)).lazy()
    figures = overview(deals, Filters(), date(2024, 10, 1), date(2025, 3, 31))
    _, by_value, _ = figures.rates
    (won,) = [t for t in figures.volumes if t.label == "Won value in range"]
    nd = no_decision(deals, Filters(), date(2024, 10, 1), date(2025, 3, 31), date(2025, 3, 31))
    (lost,) = [t for t in nd.tiles if t.label == "Value lost to no decision"]
    for tile in (by_value, won, figures.value_index, lost):
        assert tile.change is None, tile.label
        if side is None:  # no deal of either quarter converts: the figure itself says so
            assert "no deals with a value" not in (tile.withheld or ""), tile.label
            continue
        assert tile.withheld == f"2025 Q1 vs 2024 Q4: no rate for GBP in {side}", (tile.label, tile.withheld)
    # The won deals in GBP are said once, by currency: not also as won deals "without an amount".
    assert "without an amount" not in won.help_for("admin")
    assert won.help_for("admin").endswith("25 won deals in GBP are left out of it: no exchange rate to USD for GBP. "
                                          "Add the rate on the Data page, in the Currencies tab.") or side is None


def test_a_quarter_too_small_partly_for_want_of_a_rate_says_how_many_more_lack_it():
    """2024 Q4 held 2 closed deals in USD and 3 in GBP with no GBP rate: Win rate by value's change read "2024 Q4 n
    too small (2 deals with a value)" as if those were all it had."""
    deals = planned_deals(("A", 10, "won", date(2025, 2, 1), "USD"), ("B", 10, "lost", date(2025, 2, 1), "USD"),
                          ("C", 1, "won", date(2024, 11, 1), "USD"), ("D", 1, "lost", date(2024, 11, 1), "USD"),
                          ("E", 3, "lost", date(2024, 11, 1), "GBP"))
    figures = overview(coded_deals(deals).lazy(), Filters(), date(2024, 10, 1), date(2025, 3, 31))
    _, by_value, _ = figures.rates
    assert by_value.withheld == "2025 Q1 vs 2024 Q4: 2024 Q4 n too small (2 deals with a value; 3 more with no rate for GBP)"


def partly_unrated_quarter() -> pl.DataFrame:
    """2026 Q2: one won and one no-decision deal in USD at 700 and one of each in EUR; 2026 Q3: one of each in
    USD. No exchange rate at all, so 2026 Q2's sums are of its USD deals alone."""
    rows, currencies = [], {}
    for deal, outcome, close, currency in (("W2U", "won", date(2026, 5, 1), "USD"), ("W2E", "won", date(2026, 5, 2), "EUR"),
                                           ("N2U", "no_decision", date(2026, 5, 1), "USD"),
                                           ("N2E", "no_decision", date(2026, 5, 2), "EUR"),
                                           ("W3U", "won", date(2026, 8, 1), "USD"),
                                           ("N3U", "no_decision", date(2026, 8, 1), "USD")):
        reason = "No Decision" if outcome == "no_decision" else None
        rows.append((deal, "Ann", outcome, date(2026, 1, 1), close, 700.0, reason, None))
        currencies[deal] = currency
    return converted(rows, currencies, ExchangeRates("USD", {}))


@pytest.mark.parametrize("hide_amounts", [False, True], ids=["amounts", "amounts hidden"])
def test_a_change_of_sums_one_of_which_leaves_deals_out_for_want_of_a_rate_is_withheld_saying_so(hide_amounts):
    """2026 Q2's won value left its EUR deal out for want of a rate, yet the Overview's Won value compared it with
    2026 Q3's as if whole ("+$54k (+180%) · $84k vs $30k"), as did the won value index, the No decision page's
    Value lost to no decision and the quarterly review's won value (or index) on the page, in the deck and in the
    HTML report: a part of a quarter's sum is not its sum. Each change is withheld, naming the rate it lacks."""
    frame = partly_unrated_quarter()
    deals = coded_deals(frame).lazy()
    start, end = date(2026, 4, 1), date(2026, 9, 30)
    figures = overview(deals, Filters(), start, end)
    (won,) = [t for t in figures.volumes if t.label == "Won value in range"]
    nd = no_decision(deals, Filters(), start, end, end)
    (lost,) = [t for t in nd.tiles if t.label == "Value lost to no decision"]
    for tile in (won, figures.value_index, lost):
        assert (tile.change, tile.withheld) == (None, "2026 Q3 vs Q2: no rate for EUR in Q2"), tile.label
    assert figures.value_index.text == "—"  # the index is itself the comparison with Q2
    # Won value's line leaves Q2 out as a gap, as its change is: it drew Q2's USD deals alone as Q2's won value.
    assert won.trend[0] is None and won.trend[1] is not None, won.trend
    shown = quarterly_review(frame, "2026 Q3", end, hide_amounts=hide_amounts)
    (tile,) = [t for t in headline_tiles(shown) if t.kind in ("money", "index")]
    assert (tile.change, tile.change_withheld) == (None, "no rate for EUR in Q2"), tile.kpi
    assert tile.text == ("—" if hide_amounts else "$700")  # the index, like the Overview's, is the change itself
    qoq, _ = change_lines(tile, shown.previous, shown.last_year)
    assert qoq == "vs 2026 Q2: no rate for EUR in Q2"
    assert qoq in deck_text(deck_bytes(shown)) and html.escape(qoq) in report_html(shown)


def test_a_quarter_whose_deals_have_no_amount_is_still_said_to_have_none():
    """Amounts missing from the file, not rates: "no deals with a value in Q4", and the won deals without an amount
    are counted in the won value's help."""
    frame = one_quarter_unrated("USD", "USD")
    frame = frame.with_columns(*(pl.when(pl.col("close_date") < date(2025, 1, 1)).then(None).otherwise(pl.col(c)).alias(c)
                                 for c in ("amount", "exported_amount")))
    figures = overview(coded_deals(frame).lazy(), Filters(), date(2024, 10, 1), date(2025, 3, 31))
    _, by_value, _ = figures.rates
    (won,) = [t for t in figures.volumes if t.label == "Won value in range"]
    assert by_value.withheld == "2025 Q1 vs 2024 Q4: no deals with a value in 2024 Q4"
    assert won.help_for("admin") == "The won deals' amounts added up. 25 won deals without an amount are not in it."


# ---- a value and what it leaves out, in their two types ----------------------------------------------
def test_the_html_reports_won_value_tile_sets_what_it_leaves_out_in_small_type(review):
    """"$36.6k · no rate for GBP" was written whole in the tile's headline type and wrapped; the value is in the
    big type and the aside in its small grey span, as the app's tiles write them (text.money_and_no_rate)."""
    page = report_html(review)
    assert '<div class="value">$36.6k <span class="aside">no rate for GBP</span></div>' in page
    assert ".tile .value .aside {" in page


def test_a_won_value_of_none_but_unconverted_deals_reads_its_words_in_a_smaller_type():
    """None of the won deals converts: the tile's value is the phrase alone, "No rate for 5 currencies", set smaller
    than a figure (Tile.phrase, ui.widgets.phrase_value; the report's "value phrase"), not wrapped over a headline's lines."""
    review = quarterly_review(five_currency_deals(False), "2025 Q1", date(2025, 3, 31))
    assert '<div class="value phrase">No rate for 5 currencies</div>' in report_html(review)
    assert ".tile .value.phrase {" in report_html(review)
    deals = coded_deals(five_currency_deals(False)).lazy()
    figures = overview(deals, Filters(), date(2025, 1, 1), date(2025, 3, 31))
    (won,) = [t for t in figures.volumes if t.label == "Won value in range"]
    assert (won.text, won.aside, won.phrase) == ("No rate for 5 currencies", None, True)
    ann = rep(deals, "Ann", Filters(), date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 31), "USD")
    (tile,) = [t for t in ann.tiles if t.label == "Won value"]
    assert (tile.text, tile.aside, tile.phrase) == ("No rate for 5 currencies", None, True)


def headline_boxes(content: bytes) -> dict[str, tuple[float, bool]]:
    """Each text box of a deck's headline slide by its text: (its runs' one size in pt, bold), one run each."""
    slide = next(s for s in Presentation(io.BytesIO(content)).slides
                 if any(sh.has_text_frame and sh.text_frame.text.startswith("Headline numbers") for sh in s.shapes))
    boxes = {}
    for shape in slide.shapes:
        if shape.has_text_frame and shape.text_frame.text:
            runs = [run for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
            assert len({(run.font.size, run.font.bold) for run in runs}) == 1, shape.text_frame.text
            boxes[shape.text_frame.text] = (runs[0].font.size.pt, bool(runs[0].font.bold))
    return boxes


def test_the_decks_won_value_tile_sets_the_value_in_headline_size_and_what_it_leaves_out_smaller(review):
    """The deck wrote "$36.6k · no rate for GBP" in one run at the headline size (shrunk to fit, and wrapped) where the
    HTML report and the app set the value big and the aside small; words alone in a figure's place ("No rate for 5
    currencies") in a smaller type than a figure. The deck's tiles follow the same split (kpi_rows' figure, aside and
    phrase: text.money_and_no_rate)."""
    boxes = headline_boxes(deck_bytes(review))
    assert boxes["$36.6k"] == (32, True)  # the figure alone, in the headline size
    aside = boxes["no rate for GBP"]
    assert aside[0] <= 12 and not aside[1]  # in the change lines' small type
    assert [text for text in boxes if "no rate for GBP" in text] == ["no rate for GBP"]
    alone = headline_boxes(deck_bytes(quarterly_review(five_currency_deals(False), "2025 Q1", date(2025, 3, 31))))
    assert alone["No rate for 5 currencies"] == (16, True)  # as "n too small": words, on one line of the tile


def test_a_rep_whose_won_value_leaves_deals_out_says_so_beside_it_in_small_type():
    deals = coded_deals(five_currency_deals(True)).lazy()
    ann = rep(deals, "Ann", Filters(), date(2025, 1, 1), date(2025, 3, 31), date(2025, 3, 31), "USD")
    (tile,) = [t for t in ann.tiles if t.label == "Won value"]
    assert (tile.text, tile.aside, tile.phrase) == ("$30k", "no rate for 5 currencies", False)
