"""The analysis pages through AppTest on the sample: they render, follow the filters, drill to a rep."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from app_driver import grid_text, opened
from streamlit.testing.v1 import AppTest

from winloss.present import charts
from winloss.present.selection import selected_rep
from winloss.present.theme import PROFILE_COLOURS
from winloss import text
from winloss.text import md

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT = 120
# page -> (title, charts at least, tiles, tables at least)
PAGES = {
    "overview": ("Overview", 2, 5, 0),
    "profiles": ("Seller profiles", 4, 0, 1),
    "no_decision": ("No decision", 7, 4, 1),
    "reps": ("Reps", 1, 0, 1),
}
# The sidebar's bound widgets write their labels into the URL ("Excluding no decision", "true").
EXCLUDING_NO_DECISION = "Excluding no decision"
ON = "true"
# No team of the sample sells in EMEA and North America both.
NOTHING = {"region": "EMEA", "team": "NA Enterprise"}


def shown(at: AppTest) -> str:
    """Every number a page shows, as text: tiles, chart specs and tables."""
    parts = [f"{m.label}={m.value}" for m in at.metric]
    parts += [chart.proto.spec for chart in at.get("plotly_chart")]
    parts += [str(frame.value) for frame in at.dataframe]
    return "\n".join(parts)


def view_of(at: AppTest):
    """The view the page's URL describes, built as the page builds it (no session state read)."""
    from ui.context import build, load
    from winloss.filters import from_query, presentation_from_query

    params = {k: at.query_params[k] for k in at.query_params}
    presentation = presentation_from_query(params)
    return build(from_query(params), presentation, load(presentation.anonymize))


def texts(at: AppTest) -> str:
    return "\n".join(e.value for kind in ("caption", "markdown", "info") for e in at.get(kind))


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_its_key_elements(sample, seen, page: str) -> None:
    title, n_charts, n_tiles, n_tables = PAGES[page]
    at = seen(page)
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [title]
    assert len(at.get("plotly_chart")) >= n_charts
    assert len(at.metric) == n_tiles
    assert len(at.dataframe) >= n_tables
    # Every page states the range it measures and the win-rate definition in force.
    assert "Closed 1 Oct 2025 – 30 Sep 2026" in texts(at)
    assert "Win rate = won ÷ all closed deals" in texts(at)


def test_a_filter_in_the_url_reaches_every_page(sample, seen) -> None:
    for page in PAGES:
        everyone, emea = seen(page), seen(page, region="EMEA")
        assert not emea.exception, (page, [e.value for e in emea.exception])
        assert view_of(emea).filters.values("region") == ("EMEA",)
        assert "Region = EMEA" in texts(emea), page  # filtered numbers say so
        assert shown(emea) != shown(everyone), page


def test_the_win_rate_definition_switches_everywhere(sample, seen) -> None:
    for page in PAGES:
        at = seen(page, rate=EXCLUDING_NO_DECISION)
        assert not at.exception
        assert view_of(at).filters.denominator == "excluding_no_decision"
        assert "won ÷ (won + lost), excluding no-decision deals" in texts(at), page


def test_a_filter_that_matches_nothing_says_so(sample, seen) -> None:
    for page in PAGES:
        at = seen(page, **NOTHING)
        assert not at.exception, (page, [e.value for e in at.exception])
        # Filters are set and no closed deal matches them in any range: the advice is to clear one
        # (views.common.nothing_shown_advice), not to widen a range that would show none.
        assert any("clear a filter in the sidebar" in i.value.lower() for i in at.info), page
        assert not any("widen the range" in i.value.lower() for i in at.info), page
        assert not at.get("plotly_chart")


def test_a_review_with_no_quarter_to_show_says_what_to_do(sample, seen) -> None:
    """The review picks whole quarters, not a range: with filters that match nothing it says to clear one
    (its empty state named a helper it had not imported, so it stopped with an error instead)."""
    at = seen("review", **NOTHING)
    assert not at.exception, [e.value for e in at.exception]
    assert "No closed deals match these filters. Clear a filter in the sidebar." in [i.value for i in at.info]


def test_a_click_on_a_rep_bar_names_the_rep(sample, seen) -> None:
    at = seen("reps")
    board = at.dataframe[0].value  # the leaderboard as shown: its rates in percent (views.reps), a chart's in fractions
    shown = pl.from_pandas(board) if not isinstance(board, pl.DataFrame) else board
    figure = charts.rate_bars(shown.with_columns(pl.col("win_rate") / 100), "rep",
                              title="Win rate by rep", rate="win_rate", colour_by="seller_profile",
                              colours=PROFILE_COLOURS, customdata=["seller_profile"], horizontal=True)
    third = figure.data[0]
    point = {"curve_number": 0, "point_number": 2, "point_index": 2, "x": third.x[2], "y": third.y[2],
             "customdata": list(third.customdata[2])}
    assert selected_rep({"selection": {"points": [point], "box": [], "lasso": []}}) == board["rep"][2]


def test_the_rep_in_the_url_opens_the_rep_view(sample, seen) -> None:
    everyone = seen("reps")
    rep = everyone.dataframe[0].value["rep"][0]
    at = seen("reps", rep=rep, outcome="no_decision")
    assert not at.exception, [e.value for e in at.exception]
    assert [t.value for t in at.title] == [rep]
    assert any(b.label == "All reps" for b in at.button)  # the breadcrumb back
    assert [m.label.split(" ·")[0] for m in at.metric] == ["Win rate", "No decision ÷ losses", "Closed deals",
                                                           "Won value"]
    # Scorecard ×2, trend (or the sentence in its place, when every rate of it is withheld), outcome mix, loss reasons.
    withheld = [i for i in at.info if i.value.startswith("No quarter has the 20 deals a rate needs")]
    assert len(at.get("plotly_chart")) + len(withheld) >= 5
    assert f"{md(rep)}'s deals" in [h.value for h in at.subheader]
    deals = at.dataframe[0].value
    assert set(deals["outcome"]) == {"No decision"}  # outcome from the link
    # The heading names the rep: a column repeating their name and profile would push Close date out of view.
    assert "rep" not in deals.columns and "seller_profile" not in deals.columns
    assert list(deals.columns[:4]) == ["account", "opportunity_name", "outcome", "amount"]


def test_a_reps_own_lists_have_no_rep_column_even_of_one_deal(sample, seen) -> None:
    """A rep's deals and at-risk deals are that rep's: the heading names them, so neither list has a
    Rep or Profile column, whatever its rows (one at-risk deal showed its rep's name again, since
    only a list of several deals sharing one rep left it out)."""
    from winloss.measures.at_risk import at_risk_open_deals

    view = view_of(seen("reps"))
    every = at_risk_open_deals(view.deals, view.as_of, created_by=view.end)
    one = every.group_by("rep").len().filter(pl.col("len") == 1).sort("rep")
    assert one.height, "the sample has a rep with exactly one at-risk deal"
    rep = one["rep"][0]
    at = seen("reps", rep=rep)
    assert not at.exception, [e.value for e in at.exception]
    (at_risk,) = [f for f in at.dataframe if "reason" in f.value.columns]
    assert len(at_risk.value) == 1
    deals = at.dataframe[0]
    for grid in (deals, at_risk):
        assert not {"rep", "seller_profile"} & set(grid.value.columns)
        assert "rep" not in list(grid.proto.column_order)
    # The deal's name beside its account, the close date before the stage: with the name and the reason
    # each as wide as their text, the stage fits 1280 px beside them too.
    assert list(at_risk.proto.column_order) == ["account", "opportunity_name", "amount", "reason", "close_date", "stage"]


def everything(at: AppTest) -> str:
    """Every text the page shows: titles, captions, markdown, infos, tiles, buttons, charts, tables."""
    parts = [e.value for kind in ("title", "caption", "markdown", "info", "warning", "error") for e in at.get(kind)]
    parts += [b.label for b in at.button] + [str(at.query_params)]
    return "\n".join([*parts, shown(at)])


def test_an_unknown_rep_gets_a_sentence_not_a_traceback(sample, seen) -> None:
    at = seen("reps", rep="Nobody Atall")
    assert not at.exception
    assert [i.value for i in at.info if "link" in i.value] == [
        "The link's rep filter matched no rep in the data: showing every rep."]
    assert "Nobody Atall" not in everything(at)
    assert "rep" not in at.query_params  # dropped from the URL
    assert [t.value for t in at.title] == ["Reps"]  # the leaderboard to choose from


def test_a_rep_link_in_other_case_and_spacing_opens_that_rep(sample, seen) -> None:
    """`/reps?rep=elena%20eriksen` said no rep matched: a rep is one rep whatever the case or spacing
    of their name, so the link opens them and the URL then spells them as the page does."""
    real = seen("reps").dataframe[0].value["rep"][0]
    asked = "  " + real.lower().replace(" ", "  ") + " "
    assert asked != real
    at = seen("reps", rep=asked)
    assert not at.exception, [e.value for e in at.exception]
    assert not [i.value for i in at.info if "link" in i.value]
    assert [t.value for t in at.title] == [real]
    assert at.query_params["rep"] == real
    assert at.metric[2].value == seen("reps", rep=real).metric[2].value  # the same rep's closed deals


def test_a_real_name_in_the_url_opens_its_pseudonym_when_names_are_anonymised(sample, seen) -> None:
    """A link made before anonymising, opened with names anonymised, shows the same rep under the
    pseudonym the page gives them, and the URL names the pseudonym, not the real name."""
    from winloss.anonymise import rep_pseudonyms
    from winloss.deals import page_deals
    from winloss.store.delta import Store

    real = seen("reps").dataframe[0].value["rep"][0]
    pseudonym = rep_pseudonyms(page_deals(Store(sample)))[real]  # what the pages show for them
    at = seen("reps", anon=ON, rep=real, back="overview")
    assert not at.exception, [e.value for e in at.exception]
    assert real not in everything(at)
    assert [t.value for t in at.title] == [pseudonym]
    assert at.query_params["rep"] == pseudonym
    assert at.metric[2].value == seen("reps", rep=real).metric[2].value  # the same rep's closed deals


def manager_and_pseudonym(sample: Path) -> tuple[str, str]:
    """A manager of the sample, and the pseudonym the pages show for them while names are anonymised."""
    from winloss.deals import page_deals
    from winloss.store.delta import Store

    deals = page_deals(Store(sample)).filter(pl.col("manager").is_not_null())
    real = deals["manager"].min()
    first = deals.filter(pl.col("manager") == real)["opportunity_id"][0]
    shown = page_deals(Store(sample), anonymise=True).filter(pl.col("opportunity_id") == first)["manager"].item()
    assert shown != real and shown.startswith("Manager ")
    return real, shown


def filtered_line(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown if "Filtered:" in m.value]


def test_a_manager_link_keeps_its_filter_whichever_naming_it_was_made_in(sample, seen) -> None:
    """?manager=<a real name>&anon=true (a link made before anonymising) shows that manager's deals
    under their pseudonym, and the URL names the pseudonym; a link made while anonymised opens on
    the same deals, with names anonymised or shown. It showed company totals, with no Filtered line."""
    real, pseudonym = manager_and_pseudonym(sample)
    named = seen("overview", manager=real)
    tiles = [m.value for m in named.metric]
    assert filtered_line(named) == [f":material/filter_alt: **Filtered:** Manager = {md(real)} — not company totals."]
    assert tiles != [m.value for m in seen("overview").metric]
    for query in ({"manager": real, "anon": ON}, {"manager": pseudonym, "anon": ON}):
        at = seen("overview", **query)
        assert not at.exception, [e.value for e in at.exception]
        assert [m.value for m in at.metric] == tiles, query
        assert filtered_line(at) == [f":material/filter_alt: **Filtered:** Manager = {md(pseudonym)} — not company totals."]
        assert at.query_params["manager"] == pseudonym
        assert real not in everything(at)
        assert not at.warning, [w.value for w in at.warning]
    shown_again = seen("overview", manager=pseudonym)  # the anonymised link with ?anon=true taken off
    assert [m.value for m in shown_again.metric] == tiles and shown_again.query_params["manager"] == real


def test_anonymising_keeps_the_manager_filter_on(sample) -> None:
    """Filtered by a manager, then "Anonymise reps" turned on (as a leader does before sharing the
    screen): the same deals, the Filtered line and the URL naming the pseudonym; and back."""
    real, pseudonym = manager_and_pseudonym(sample)
    at = opened("overview", manager=real)
    tiles = [m.value for m in at.metric]
    at.toggle(key="anon").set_value(True).run()
    assert [m.value for m in at.metric] == tiles
    assert filtered_line(at) == [f":material/filter_alt: **Filtered:** Manager = {md(pseudonym)} — not company totals."]
    assert at.multiselect(key="manager").value == [pseudonym] and at.query_params["manager"] == pseudonym
    assert real not in everything(at)
    at.toggle(key="anon").set_value(False).run()
    assert [m.value for m in at.metric] == tiles and at.query_params["manager"] == real


def test_a_link_filter_that_names_nothing_in_the_data_says_so(sample, seen) -> None:
    """Each filter of a link that matches nothing is named in one sentence above the page (the value
    escaped, a person's name never repeated), the numbers are the ones it says, and the sentence
    stays until that filter is changed."""
    everyone = [m.value for m in seen("overview").metric]
    at = opened("overview", manager="Nobody Atall", region="**Mars**", anon=ON)
    assert not at.exception, [e.value for e in at.exception]
    assert [w.value for w in at.warning if "link" in w.value] == [
        "The link's region filter (\"\\*\\*Mars\\*\\*\") matched no region in the data: showing every region. "
        "The link's manager filter matched no manager in the data: showing every manager."]
    assert "Nobody Atall" not in everything(at)
    assert [m.value for m in at.metric] == everyone and not filtered_line(at)
    at.run()  # a rerun (any click) keeps saying it
    assert len([w for w in at.warning if "link" in w.value]) == 1
    at.multiselect(key="region").set_value(["EMEA"]).run()
    assert [w.value for w in at.warning if "link" in w.value] == [
        "The link's manager filter matched no manager in the data: showing every manager."]


def test_hidden_amounts_show_no_money(sample, seen) -> None:
    overview = seen("overview", hide_amounts=ON)
    assert not overview.exception
    assert not any("$" in m.value for m in overview.metric)
    assert any(m.label.startswith("Won value index") for m in overview.metric)
    reps = seen("reps", hide_amounts=ON)
    assert "won_amount" not in reps.dataframe[0].value.columns
    rep = seen("reps", hide_amounts=ON, rep=reps.dataframe[0].value["rep"][0])
    assert "amount" not in rep.dataframe[0].value.columns
    assert not any("$" in m.value for m in rep.metric)


def test_anonymised_reps_reach_the_leaderboard_and_the_rep_view(sample, seen) -> None:
    board = seen("reps", anon=ON).dataframe[0].value
    assert all(name.startswith("Rep ") for name in board["rep"])
    at = seen("reps", anon=ON, rep=board["rep"][0])
    assert not at.exception
    assert [t.value for t in at.title] == [board["rep"][0]]
    said = texts(at)
    assert " · Manager " in said and "manager Manager" not in said  # managers are pseudonyms too, named once


def tile(at: AppTest, label: str):
    """The tile whose label is `label`, else the one label starts with."""
    exact = [m for m in at.metric if m.label == label]
    (found,) = exact or [m for m in at.metric if m.label.startswith(label)]
    return found


def closed_by_quarter(at: AppTest) -> dict[str, int]:
    """Closed deals per quarter of all deals under the view's filters."""
    from winloss.measures.trends import quarterly_trend

    view = view_of(at)
    trend = quarterly_trend(view.deals, None, None, view.filters.fy_start_month)
    return dict(zip(trend["quarter"], trend["closed"], strict=True))


@pytest.mark.parametrize("period", ["Year to date", "Last 4 complete quarters", "All time"])
def test_overview_changes_compare_the_last_quarter_with_closed_deals(sample, seen, period: str) -> None:
    # The sample ends on 30 Sep 2026: "Year to date" runs into an empty 2026 Q4, which must not be compared.
    at = seen("overview", period=period)
    assert not at.exception, [e.value for e in at.exception]
    closed = tile(at, "Closed deals")
    assert closed.label == "Closed deals in range"  # the big number is the range's
    counts = closed_by_quarter(at)
    # The change gives both quarters' values, then names both quarters, as every page does.
    assert closed.proto.delta_description == f"{counts['2026 Q3']:,} vs {counts['2026 Q2']:,}, 2026 Q3 vs Q2"
    assert closed.delta == f"{counts['2026 Q3'] - counts['2026 Q2']:+,}"
    for label in ("Win rate", "No decision ÷ losses", "Won value"):
        described = tile(at, label).proto.delta_description
        assert described == "" or described.endswith(" vs Q2") and "2026 Q3 vs Q2" in described, (label, described)
    # Every rate tile carries its n.
    for label in ("Win rate", "Win rate by value", "No decision ÷ losses"):
        assert ":gray[n = " in tile(at, label).value, label
    assert "2026 Q3, the last quarter in range with closed deals, against 2026 Q2" in texts(at)


def test_no_decision_headline_compares_the_last_quarter_with_closed_deals(sample, seen) -> None:
    at = seen("no_decision", period="Year to date")
    assert not at.exception, [e.value for e in at.exception]
    view = view_of(at)
    from winloss.measures.summary import outcome_summary
    from winloss.measures.trends import quarterly_trend

    whole = outcome_summary(view.deals, None, view.start, view.end).row(0, named=True)
    trend = {r["quarter"]: r for r in quarterly_trend(view.deals).iter_rows(named=True)}
    count = tile(at, "No-decision deals")
    assert count.value == f"{whole['no_decision']:,}"  # the range, not one quarter
    assert count.delta == f"{trend['2026 Q3']['no_decision'] - trend['2026 Q2']['no_decision']:+,}"
    assert count.proto.delta_description == (
        f"{trend['2026 Q3']['no_decision']:,} vs {trend['2026 Q2']['no_decision']:,}, 2026 Q3 vs Q2")
    # Every rate tile carries its n.
    # The n stands beside the rate, never apart from it (a label that long truncates on a laptop).
    assert tile(at, "No decision ÷ closed").value.endswith(f"n = {whole['closed']:,}]]")
    assert tile(at, "No decision ÷ losses").value.endswith(f"n = {whole['no_decision_share_of_losses_n']:,}]]")


# LATAM Mid-Market in 2026 Q3 vs Q2: 56 and 26 deals in the win rate, but 27 and 18 losses.
FEW_LOSSES = {"region": "LATAM", "segment": "Mid-Market"}


def test_headline_no_decision_changes_are_gated_on_losses_not_on_the_win_rate_n(sample, seen) -> None:
    from winloss.measures.trends import deltas
    from winloss.rates import MIN_N

    overview = seen("overview", **FEW_LOSSES)
    change = deltas(view_of(overview).deals, "2026 Q3").row(0, named=True)
    assert not change["small_n"] and not change["small_n_previous"]
    assert change["no_decision_share_of_losses_n_previous"] < MIN_N
    assert tile(overview, "Win rate").delta.endswith("pts")  # enough deals for the win rate's change
    assert tile(overview, "No decision ÷ losses").delta == ""  # too few losses for this one
    no_decision = seen("no_decision", **FEW_LOSSES)
    assert tile(no_decision, "No decision ÷ closed").delta.endswith("pts")
    assert tile(no_decision, "No decision ÷ losses").delta == ""


def test_overview_shows_the_value_weighted_win_rate(sample, seen) -> None:
    at = seen("overview")
    row = view_of(at)
    from winloss.measures.summary import outcome_summary

    summary = outcome_summary(row.deals, None, row.start, row.end).row(0, named=True)
    rate = tile(at, "Win rate by value")
    assert rate.value.startswith(f"{summary['value_win_rate']:.0%} ")
    # Its change is the value-weighted rate's own, gated on its own n, as the other rates' are.
    from winloss.measures.trends import deltas
    from winloss.rates import MIN_N

    change = deltas(row.deals, "2026 Q3").row(0, named=True)
    assert min(change["value_n"], change["value_n_previous"]) >= MIN_N
    assert rate.delta == f"{round(change['value_win_rate_qoq'] * 100):+d} pts"
    from winloss import text

    assert rate.proto.delta_description == (
        f"{text.percent(change['value_win_rate'])} vs {text.percent(change['value_win_rate_previous'])}, 2026 Q3 vs Q2")
    assert "won amount ÷ amount of the closed deals" in texts(at).lower()
    # Deals without an amount are counted, or said to be none.
    assert (f"{summary['amount_missing']:,} closed deal" if summary["amount_missing"] else "every closed deal has one.") in texts(at)
    hidden = seen("overview", hide_amounts=ON)
    assert tile(hidden, "Win rate by value").value == rate.value  # a percentage: it may stay
    assert not any(c in m.value or c in m.delta for m in hidden.metric for c in ("$", "USD"))


def test_no_decision_page_shows_the_value_lost_to_no_decision(sample, seen) -> None:
    at = seen("no_decision")
    view = view_of(at)
    from winloss.measures.summary import outcome_summary
    from winloss.text import money

    summary = outcome_summary(view.deals, None, view.start, view.end).row(0, named=True)
    assert tile(at, "Value lost to no decision").value == money(summary["no_decision_amount"], "USD")
    hidden = seen("no_decision", hide_amounts=ON)
    assert not any(m.label.startswith("Value lost") for m in hidden.metric)
    assert tile(hidden, "Share of lost value").value.endswith("%")
    assert not any(c in m.value or c in m.delta for m in hidden.metric for c in ("$", "USD"))


def test_the_at_risk_csv_holds_every_at_risk_deal(sample, deferred, monkeypatch) -> None:
    import csv
    import io

    from ui import numbers
    from winloss.measures.at_risk import at_risk_open_deals

    # The sample has a few hundred at-risk deals: list fewer than that, on numbers not cached before.
    from winloss.views import common

    monkeypatch.setattr(common, "AT_RISK_ROWS", 100)
    numbers.no_decision.clear()
    AT_RISK_ROWS = common.AT_RISK_ROWS
    at = opened("no_decision")
    view = view_of(at)
    every = at_risk_open_deals(view.deals, view.as_of, created_by=view.end)
    assert every.height > AT_RISK_ROWS  # the sample has more than the list shows
    (listed,) = [f for f in at.dataframe if "days_open" in f.value.columns]
    assert len(listed.value) == AT_RISK_ROWS  # the table lists the largest
    assert f"The largest {AT_RISK_ROWS:,} of {every.height:,} are listed; the CSV holds all." in texts(at)
    (name,) = [n for n in deferred if n.startswith("open-deals-at-risk-as-of-")]  # its day and range in the name
    data = deferred[name]()
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) == every.height
    assert {r["opportunity_id"] for r in rows} == set(every["opportunity_id"])


def test_a_rate_tile_on_too_few_deals_says_so_big_and_its_n_small(sample, seen) -> None:
    from winloss.rates import MIN_N

    board = pl.from_pandas(seen("reps").dataframe[0].value)
    few = board.filter(pl.col("n") < MIN_N).row(0, named=True)  # a rep with too few closed deals
    at = seen("reps", rep=few["rep"])
    tile = next(m for m in at.metric if m.label == "Win rate")
    # The words fit a tile at laptop width, in the words' type (ui.widgets.phrase_value: in a figure's type they took
    # two lines of a presenter-mode tile at 1440 px); the n is there, in the small type every rate tile uses.
    assert tile.value == f":small[n too small] :small[:gray[n = {few['n']:,}]]"


def test_leaderboard_rates_below_their_own_n_are_empty(sample, seen) -> None:
    from winloss.rates import MIN_N

    for query in (FEW_LOSSES, {}):  # the last, every deal, is checked for its changes below
        at = seen("reps", **query)
        assert not at.exception, [e.value for e in at.exception]
        board = pl.from_pandas(at.dataframe[0].value)
        assert at.dataframe[0].proto.placeholder == "—"  # blank cells read "—", not "None"
        words = pl.Series(grid_text(at.dataframe[0], "no_decision_share_of_losses"))
        few = board["nd_n"] < MIN_N
        assert few.any(), query  # the check below must have rows to check
        assert (words.filter(few) == text.DASH).all()  # never a bare rate on a few losses
        assert board.filter(few)["no_decision_share_of_losses"].is_null().all()  # nor one the grid holds
        assert words.filter(~few).str.ends_with("%").all()
    # The no-decision change is gated on the losses of both quarters, not on the win rate's n.
    view = view_of(at)
    from winloss.measures.trends import deltas

    change = deltas(view.deals, "2026 Q3", by=["rep"])
    losses = pl.min_horizontal("no_decision_share_of_losses_n", "no_decision_share_of_losses_n_previous")
    gated = change.filter((losses < MIN_N) & ~pl.col("small_n") & ~pl.col("small_n_previous"))["rep"]
    assert gated.len()  # reps with enough deals but few losses
    assert board.filter(pl.col("rep").is_in(gated.to_list()))["nd_qoq"].is_null().all()


def test_profile_detail_rates_below_their_own_n_are_empty() -> None:
    from winloss.views.reps import rate_cell_words, rates_as_shown

    board = pl.DataFrame({
        "rep": ["Ann", "Bob"], "small_n": [False, False], "win_rate": [0.4, 0.5], "n": [25, 30],
        "no_decision_share_of_losses": [0.5, 0.3], "no_decision_share_of_losses_n": [8, 40],
    })
    shown_rates = rates_as_shown(board)
    assert shown_rates["nd_n"].to_list() == [8, 40]
    assert shown_rates["no_decision_share_of_losses"].to_list() == [None, pytest.approx(30.0)]  # 8 losses: none held
    assert rate_cell_words(shown_rates) == {"win_rate": ["40%", "50%"], "no_decision_share_of_losses": [text.DASH, "30%"]}


def test_the_profile_page_bands_deal_size_as_the_sidebar_does(sample, seen) -> None:
    from winloss.filters import size_cut_points
    from winloss.text import money

    at = seen("profiles")
    assert not at.exception, [e.value for e in at.exception]
    view = view_of(at)
    lo, hi = size_cut_points(view.all_deals.lazy())  # the sidebar's Small / Medium / Large, as money reads
    assert md(f"Small = up to {money(lo)}, Medium = {money(lo)}–{money(hi)}, Large = over {money(hi)}") in texts(at)
    assert md("the sidebar's Deal size bands") in texts(at)
    # Every deal the chart counts as Large is Large in the sidebar's filter too.
    from ui import numbers
    from winloss.views.profiles import band_rows

    bands = numbers.bands(*view.key, "amount")
    assert bands.cuts == (lo, hi)
    large = view.deals.filter(band_rows(bands, "Large")).collect()
    assert set(large["size_band"].drop_nulls()) == {"Large"}


def test_with_one_quarter_of_data_the_overview_shows_no_changes(store):
    from winloss.ingest.pipeline import commit, prepare

    rows = [f"D{i},Rep {i % 3},{'Closed Won' if i % 2 else 'Closed Lost'},2026-08-{1 + i % 28:02d},{100 + i}" for i in range(30)]
    content = ("Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n").encode()
    commit(store, prepare(content, "one_quarter.csv"))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["period"] = "All time"
    at.run()
    assert not at.exception
    assert [m.value.split(" ")[0] for m in at.metric][:1] == ["50%"]
    assert all(m.delta in (None, "") for m in at.metric)  # nothing to compare with: no arrows
    assert any("No changes shown" in m.value for m in at.markdown)  # under Definitions


def test_the_leaderboard_writes_won_value_as_every_compact_amount_and_sorts_by_value(store):
    """Streamlit's "compact" format wrote 4,990,000 and 5,026,400 both "5M" (and "K" for the app's "k"):
    the Won column's cells are text.compact's, three figures, while the column keeps its numbers, so
    a click on its header sorts by value, not by text ("950" after "5.03M")."""
    import json

    from winloss import text

    won = {"Ava": 4_990_000, "Ben": 5_026_400, "Cy": 23_420, "Di": 950, "Ed": 999_500, "Flo": None}
    rows = [f"{rep}-{i},{rep},{'Closed Won' if i == 0 else 'Closed Lost'},2026-08-{1 + i:02d},"
            f"{(amount if i == 0 else 1000) if amount is not None or i else ''}"
            for rep, amount in won.items() for i in range(12)]
    at = page_on(store, "Opportunity ID,Owner,Stage,Close Date,Amount", rows, "won_values.csv", "reps")
    board = at.dataframe[0]
    config = json.loads(board.proto.columns)["won_amount"]
    assert config["label"] == "Won ($)" and "format" not in config["type_config"]  # a format would win over the text
    written = dict(zip(board.value["rep"], grid_text(board, "won_amount"), strict=True))
    assert written == {"Ava": "4.99M", "Ben": "5.03M", "Cy": "23.4k", "Di": "950", "Ed": "1.00M", "Flo": text.DASH}
    values = dict(zip(board.value["rep"], board.value["won_amount"].astype("float64"), strict=True))
    assert values["Ben"] == 5_026_400 and values["Di"] == 950  # the numbers themselves, sorted as numbers
    assert str(board.value["won_amount"].dtype).startswith("double")


def test_tables_lead_with_their_key_columns_in_one_money_form(sample, seen) -> None:
    """What a leader reads first is leftmost, so at 1280 px it is in view (the browser journey measures
    it): rates, their changes and won value on the leaderboard; amount, days open and why on at-risk lists."""
    import json

    from winloss import text

    at = seen("reps")
    board = at.dataframe[0]
    assert list(board.value.columns[:10]) == [
        "rep", "seller_profile", "win_rate", "interval", "n", "no_decision_share_of_losses", "nd_n", "win_rate_qoq",
        "nd_qoq", "won_amount"]
    config = json.loads(board.proto.columns)
    # Won value compact cell by cell ("23.4k", "2.3M"), the currency in the header: one unit for the
    # column ("$%.1fM") wrote $23,000 as "$0.0M". The cells are the amounts themselves.
    assert config["won_amount"]["label"] == "Won ($)" and board.value["won_amount"].max() > 1_000_000
    # Its name in short, as "ND Δ" beside it, where the whole table must fit 1280 px in presenter mode;
    # the column's help names it in full.
    nd = config["no_decision_share_of_losses"]
    assert nd["label"] == text.ND_SHARE_OF_LOSSES_SHORT and nd["help"].startswith(f"{text.ND_SHARE_OF_LOSSES}: ")
    review = seen("review")
    (at_risk,) = [f for f in review.dataframe if "reason" in f.value.columns]
    assert list(at_risk.value.columns[:5]) == ["account", "opportunity_name", "rep", "amount", "days_open"]
    config = json.loads(at_risk.proto.columns)
    assert config["amount"]["type_config"]["format"] == text.money_column("USD")  # "$441,800", no cents
    assert config["close_date"]["type_config"]["format"] == text.DAY_PATTERN  # "21 Nov 2026", not ISO


@pytest.mark.parametrize("page", ["overview", "profiles", "no_decision", "reps", "review"])
def test_one_name_for_the_no_decision_share_of_losses(sample, seen, page: str) -> None:
    """Tiles, chart titles, axes, legends and table headers name the metric one way (text.ND_SHARE_OF_LOSSES),
    not "No-decision share of losses" on one chart and "No decision ÷ losses" on the tile beside it."""
    import json

    from winloss import text

    at = seen(page)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    names = [s["layout"].get("title", {}).get("text") or "" for s in specs]
    names += [axis.get("title", {}).get("text") or "" for s in specs for k, axis in s["layout"].items()
              if k.startswith(("xaxis", "yaxis"))]
    names += [t.get("name") or "" for s in specs for t in s["data"]]
    names += [m.label for m in at.metric] + [h.value for h in at.subheader]
    columns = [c for f in at.dataframe for c in json.loads(f.proto.columns).values() if isinstance(c, dict)]
    names += [c.get("label") or "" for c in columns]
    # A header too narrow for the name writes it short (text.ND_SHARE_OF_LOSSES_SHORT) and its help in full.
    names += [c.get("help") or "" for c in columns if c.get("label") == text.ND_SHARE_OF_LOSSES_SHORT]
    assert all((c.get("help") or "").startswith(text.ND_SHARE_OF_LOSSES) for c in columns
               if c.get("label") == text.ND_SHARE_OF_LOSSES_SHORT)
    assert not [n for n in names if "no-decision share" in n.lower()], names
    assert any(text.ND_SHARE_OF_LOSSES in n for n in names)


@pytest.mark.parametrize("page", [*PAGES, "review"])
def test_in_presenter_mode_every_page_says_its_numbers_are_filtered(sample, seen, page: str) -> None:
    """Screen-shared with a filter on, filtered numbers must not read as company totals."""
    at = seen(page, present=ON, region="APAC")
    assert not at.exception, [e.value for e in at.exception]
    assert view_of(at).presentation.presenter
    said = [m.value for m in at.markdown if "Filtered:" in m.value]
    assert said and "Region = APAC" in said[0] and "not company totals" in said[0], page
    assert not [m.value for m in seen(page, present=ON).markdown if "Filtered:" in m.value]  # nothing when none


def test_one_rep_is_counted_in_the_singular_on_every_page(sample, seen) -> None:
    """Filtered to a team's only Hard Worker: "1 rep", never "1 reps" (nor "The 1 reps losing …")."""
    import json
    import re

    for page in [*PAGES, "review"]:
        at = seen(page, team="EMEA North", profile="Hard Worker")
        assert not at.exception, (page, [e.value for e in at.exception])
        titles = [json.loads(c.proto.spec)["layout"].get("title", {}).get("text") or "" for c in at.get("plotly_chart")]
        said = "\n".join([everything(at), *titles])
        assert not re.search(r"\b1 reps\b|\bThe 1 reps\b", said), (page, re.findall(r".{40}\b1 reps\b.{20}", said))
    assert "1 rep in all" in texts(seen("no_decision", team="EMEA North", profile="Hard Worker"))


def test_overview_definitions_are_one_click_away_not_under_every_chart(sample, seen) -> None:
    """The tiles' formulas live in a Definitions expander; no caption runs to a paragraph (it ran ~70 words).
    The trend's caption says the interval and the hatched and hollow marks in plain words, not "Wilson 95%
    intervals; hatched or hollow": those words cost about 20 more, which the limit allows; the formulas the
    Definitions hold are not said again under the chart."""
    at = seen("overview")
    (definitions,) = [e for e in at.expander if e.label == "Definitions"]
    inside = "\n".join(m.value for m in definitions.markdown)
    assert "won ÷" in inside and "no decision ÷ (lost + no decision)" in inside.lower()
    lengths = {c.value[:40]: len(c.value.split()) for c in at.caption}
    assert max(lengths.values()) <= 60, lengths
    (trend,) = [c.value for c in at.caption if "Click a point for its deals" in c.value]
    assert "(lost + no decision)" not in trend  # the share's formula is the Definitions' alone


def page_on(store, header: str, rows: list[str], name: str, page: str, **query: str) -> AppTest:
    """`page` (app_pages/<page>.py) over all time, `query` in its URL, after the CSV `header` + `rows` is committed to
    `store` as the file `name`; it drew with no exception."""
    from winloss.ingest.pipeline import commit, prepare

    commit(store, prepare((header + "\n" + "\n".join(rows) + "\n").encode(), name))
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=TIMEOUT)
    at.query_params["period"] = "All time"
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def no_decision_page_on(store, rows: list[str], name: str) -> AppTest:
    """The No decision page after `rows` (Opportunity ID, Owner, Stage, Loss Reason, Close Date,
    Amount) are committed as the file `name` (`page_on`)."""
    return page_on(store, "Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount", rows, name, "no_decision")


def test_a_column_the_export_lacks_is_said_to_be_missing_not_charted(store):
    """After an upload without Region and Segment, No decision says so instead of drawing one "(blank)" bar each."""
    import json

    rows = [f"D{i},Rep {i % 3},{('Closed Won', 'Closed Lost')[i % 2]},{'No Decision' if i % 4 == 1 else ''},"
            f"2026-08-{1 + i % 28:02d},{100 + i}" for i in range(60)]
    at = no_decision_page_on(store, rows, "no_region.csv")
    titles = [json.loads(c.proto.spec)["layout"].get("title", {}).get("text") or "" for c in at.get("plotly_chart")]
    assert not [t for t in titles if t.endswith(("by region", "by segment"))], titles
    assert "(blank)" not in "\n".join(json.dumps(json.loads(c.proto.spec)["data"]) for c in at.get("plotly_chart"))
    said = [c.value for c in at.caption]
    assert any("no region or segment in these deals" in c.lower() for c in said), "\n".join(said)


def test_deals_without_a_region_are_one_bar_named_no_region(store):
    """The region breakdown drew the deals whose rep the roster gives no region as "(blank) (n = 19)": the
    bar is named in words, "No region", as every breakdown's group of deals without one is (text.no_group)."""
    import json

    rows = [f"D{i},Rep {i % 3},{('Closed Won', 'Closed Lost')[i % 2]},{'No Decision' if i % 4 == 1 else ''},"
            f"2026-08-{1 + i % 28:02d},{100 + i},{('EMEA', 'APAC', '')[i % 3]},{('SMB', 'Enterprise')[i % 2]}"
            for i in range(60)]
    # About 10 losses a region: every share withheld, the chart drawn with Show the charts anyway on.
    at = page_on(store, "Opportunity ID,Owner,Stage,Loss Reason,Close Date,Amount,Region,Segment", rows,
                 "some_regions.csv", "no_decision", show_anyway="true")
    (region,) = [json.loads(c.proto.spec) for c in at.get("plotly_chart")
                 if (json.loads(c.proto.spec)["layout"].get("title", {}).get("text") or "").endswith("by region")]
    names = json.dumps(region["data"]) + json.dumps(region["layout"])
    assert "No region" in names and "(blank)" not in names, names


def test_a_region_filter_names_the_region_instead_of_charting_one_bar(sample, seen) -> None:
    import json

    at = seen("no_decision", region="APAC")
    titles = [json.loads(c.proto.spec)["layout"].get("title", {}).get("text") or "" for c in at.get("plotly_chart")]
    assert not [t for t in titles if t.endswith("by region")] and any(t.endswith("by segment") for t in titles)
    assert any("Every deal here has region APAC" in c.value for c in at.caption)


def test_a_rep_who_lost_every_deal_to_no_decision_has_a_bar_to_the_100_percent_tick(store) -> None:
    """The reps chart ran its axis from 0 to 100% ticked to 80%: the bar of a rep with every loss a no
    decision ran on past the last tick (charts.rate_ticks)."""
    import json


    rows = [f"Z{i},Zed Zero,Closed Lost,No Decision,2026-08-{1 + i % 28:02d},{100 + i}" for i in range(25)]
    rows += [f"A{i},Ann Archer,{('Closed Won', 'Closed Lost')[i % 2]},{'No Decision' if i % 4 == 1 else 'Price'},"
             f"2026-08-{1 + i % 28:02d},{100 + i}" for i in range(60)]
    at = no_decision_page_on(store, rows, "all_no_decision.csv")
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (reps,) = [s for s in specs if "reps losing the largest share" in s["layout"]["title"]["text"]]
    bars = reps["data"][0]
    assert max(bars["x"]) == 1.0  # Zed Zero's 25 losses, all no decision
    axis = reps["layout"]["xaxis"]
    assert axis["tickvals"][-1] == 1.0 and axis["range"][1] >= 1.0
    # and room for "100%" right of the plot: Plotly hides a tick label that would run past the figure
    assert reps["layout"]["margin"]["r"] >= charts.END_TICK_ROOM


def _rate_cells_follow_text_percent(grid, columns: tuple[str, ...]) -> None:
    """Each of `columns` draws its cells as text.percent writes the rate (">99%", "<1%"), never a
    format's "%.0f%%" (99.6 read "100%"), and keeps its numbers, so it sorts by value. A rate on too
    few deals is empty, "—" (when, the rep tables' own tests check); every other cell its percent."""
    import json

    from winloss.text import DASH, percent_of_100

    values = pl.from_pandas(grid.value)
    configs = json.loads(grid.proto.columns)
    for column in columns:
        assert "format" not in json.dumps(configs.get(column, {})), column  # a format would win over the text
        assert values[column].dtype.is_float(), column
        drawn = grid_text(grid, column)
        expected = [DASH if v is None else percent_of_100(v) for v in values[column].to_list()]
        assert drawn == expected, column
        assert any(d != DASH for d in drawn), column  # some rates are drawn, not all withheld


def test_every_rate_column_of_a_grid_is_written_by_text_percent(sample, seen) -> None:
    """The leaderboard's rates were progress bars labelled "%.0f%%", the review's movers number columns
    of that format, the profile page's significance table too: 99.6 read "100%" in each."""
    at = seen("reps")
    assert not at.exception, [e.value for e in at.exception]
    _rate_cells_follow_text_percent(at.dataframe[0], ("win_rate", "no_decision_share_of_losses"))
    at = seen("review")
    assert not at.exception, [e.value for e in at.exception]
    movers = next(g for g in at.dataframe if "before" in g.value.columns)
    _rate_cells_follow_text_percent(movers, ("before", "after"))
    at = seen("profiles")
    assert not at.exception, [e.value for e in at.exception]
    significance = next(g for g in at.dataframe if "rest_win_rate" in g.value.columns)
    _rate_cells_follow_text_percent(significance, ("win_rate", "rest_win_rate"))


def test_a_rate_a_grid_holds_in_percent_reads_as_text_percent() -> None:
    from winloss.text import DASH, percent_of_100

    assert [percent_of_100(v) for v in (99.6, 0.4, 42.0, 100.0, 0.0, None)] == [">99%", "<1%", "42%", "100%", "0%", DASH]
