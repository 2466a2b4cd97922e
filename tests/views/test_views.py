"""Each page's view on a small hand-worked store: the records a page draws, every gate decided."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from winloss import text
from winloss.anonymise import anonymised
from winloss.deals import data_as_of, export_day, preset_day
from winloss.exchange import NO_CURRENCY
from winloss.filters import Filters, applied, date_range
from winloss.rates import Denominator
from winloss.views import no_decision, overview, profiles, reps
from winloss.views.common import active_filters, closed_around, index_base_text, versus_text
from winloss.views.review import review_from_store

START, END = dt.date(2026, 4, 1), dt.date(2026, 9, 30)
ALL = Filters(preset="custom", start=START, end=END)
EMEA = ALL.with_values("region", ["EMEA"])


def of(frame: pl.DataFrame, filters: Filters) -> pl.LazyFrame:
    return applied(frame.lazy(), filters)


def test_overview_tiles_hide_every_rate_change_against_a_near_empty_quarter(frame) -> None:
    view = overview.overview(of(frame.filter(pl.col("rep") == "Ann"), ALL), ALL, START, END)
    win, by_value, nd = view.rates
    closed, value = view.volumes
    # Ann: 12 of 30 won; losses 18 (12 lost + 6 no decision) are under MIN_N.
    assert (win.text, win.n, win.small) == ("40%", 30, False)
    assert (nd.text, nd.n, nd.small) == ("n too small (n = 18)", 18, True)
    assert closed.text == "30" and value.text == "$12k"
    # Q3 holds 5 deals: no rate's change is stated against Q2's 25; the counts' and the amounts' are
    # exact differences, shown (rates.change_min_n): 5 closed against 25, 2 won ($2k) against 10 ($10k).
    assert view.compared and view.any_change_hidden
    assert [t.change for t in view.rates] == [None] * 3
    assert [t.change for t in view.volumes] == ["-20", "-$8k (-80%)"]
    assert (view.value_index.text, view.value_index.change) == ("20", "-80")
    # The mix chart's data: Ann's 30 closed deals were 12 won, 12 lost, 6 no decision.
    assert view.mix.rows() == [("Won", 12, 30, 0.4), ("Lost", 12, 30, 0.4), ("No decision", 6, 30, 0.2)]


def test_overview_tiles_show_changes_with_enough_deals_on_both_sides(frame) -> None:
    view = overview.overview(of(frame, EMEA), EMEA, START, END)
    win, by_value, nd = view.rates
    closed, value = view.volumes
    # Bo: Q3 20/30 against Q2 15/30: +16.7 points; closed 30 against 30; won value 20k against 15k.
    assert (win.text, win.change, win.versus) == ("58%", "+17 pts", "2026 Q3 vs Q2")
    # Every deal is worth 1,000: by value, the same rates and the same change.
    assert (by_value.change, by_value.versus) == ("+17 pts", "2026 Q3 vs Q2")
    assert closed.change == "±0" and closed.withheld is None
    # Won value is a sum, not an estimate: its change is shown on 15 won deals in Q2, and its index with it.
    assert value.change == "+$5k (+33%)" and value.withheld is None
    assert (view.value_index.text, view.value_index.change, view.value_index.withheld) == ("133", "+33", None)
    # Losses 15 then 10: the no-decision share's change is gated on its own n, not the win rate's.
    assert nd.small is False and nd.change is None
    assert nd.withheld == "2026 Q3 vs Q2: Q3 and Q2 n too small (10 and 15 losses)"


def test_the_value_weighted_rates_change_is_gated_on_its_own_n(frame) -> None:
    # Bo's Q2 deals keep an amount one in three (10 of 30): the win rate's n stays 30, by value it is 10.
    q2 = pl.col("close_date") < dt.date(2026, 7, 1)
    thinned = frame.with_columns(
        pl.when(q2 & (pl.int_range(pl.len()) % 3 != 0)).then(None).otherwise(pl.col("amount")).alias("amount")
    )
    view = overview.overview(of(thinned, EMEA), EMEA, START, END)
    win, by_value, _ = view.rates
    assert win.change == "+17 pts"
    assert by_value.change is None and by_value.versus is None
    assert view.any_change_hidden


@pytest.mark.parametrize(
    ("quarter", "previous", "versus", "base"),
    [
        ("2026 Q3", "2026 Q2", "2026 Q3 vs Q2", "2026 Q3; Q2 = 100"),
        ("2026 Q1", "2025 Q4", "2026 Q1 vs 2025 Q4", "2026 Q1; 2025 Q4 = 100"),  # across a year, both years named
        ("FY2027 Q1", "FY2026 Q4", "FY2027 Q1 vs FY2026 Q4", "FY2027 Q1; FY2026 Q4 = 100"),
    ],
)
def test_a_change_and_an_index_name_their_quarters_alike(quarter, previous, versus, base) -> None:
    assert versus_text(quarter, previous) == versus
    assert index_base_text(quarter, previous) == base


def test_a_rep_with_no_losses_is_not_ranked_by_their_share_lost_to_no_decision(frame) -> None:
    # Cy won three deals and lost none: no share of losses to rank, so not among "the reps losing the
    # largest share"; Ann and Bo, who had losses, are.
    cy = frame.filter((pl.col("rep") == "Bo") & (pl.col("outcome") == "won")).head(3).with_columns(
        rep=pl.lit("Cy"), opportunity_id=pl.format("C{}", pl.col("opportunity_id")))
    view = no_decision.no_decision(of(pl.concat([frame, cy], how="vertical_relaxed"), ALL), ALL, START, END, as_of=END)
    assert sorted(view.by_rep["rep"].to_list()) == ["Ann", "Bo"]
    assert view.by_rep["no_decision_share_of_losses_n"].min() > 0


def test_no_decision_view_tiles_and_blank_columns(frame) -> None:
    view = no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END)
    closed_share, loss_share, count, value = view.tiles
    # 6 no decision of 90 closed, of 43 losses (37 lost + 6 no decision).
    assert (closed_share.text, closed_share.n) == ("7%", 90)
    assert (loss_share.text, loss_share.n) == ("14%", 43)
    assert count.text == "6" and value.text == "$6k"
    # Q3 (1 of 35 closed, 13 losses) against Q2 (5 of 55 closed, 30 losses): -6.2 points of closed; the
    # share of losses is not compared (13 losses).
    assert closed_share.change == "-6 pts" and loss_share.change is None
    assert view.previous == "2026 Q2"
    assert view.blank_dimensions == ("segment",)  # the export had no segment column: no chart of "(blank)"
    assert view.single_dimensions == ()  # two regions: a chart compares them
    # Filtered to EMEA the region chart would be one bar: the view names the region instead.
    emea = no_decision.no_decision(of(frame, EMEA), EMEA, START, END, as_of=END)
    assert emea.single_dimensions == (("region", "EMEA"),) and emea.blank_dimensions == ("segment",)
    assert view.by_rep["rep"].to_list() == ["Bo", "Ann"]  # Ann has 18 losses, under MIN_N: she comes last


def test_profiles_view_counts_every_closed_deal(frame) -> None:
    view = profiles.profiles(of(frame, ALL), ALL, START, END)
    assert not view.empty
    assert view.overall["closed"][0] == 90
    assert view.by_profile["seller_profile"].to_list() == ["Unprofiled"]  # no roster uploaded


def test_the_significance_tables_gap_is_read_off_its_percentages_and_p_rounds_a_half_up(frame) -> None:
    """The grid's own "%+.1f pts" gave the gap between "40%" and "58%" as "-18.3 pts", and "%.3f" rounded p by
    another rule than every figure shown."""
    profiled = frame.with_columns(
        seller_profile=pl.when(pl.col("rep") == "Ann").then(pl.lit("Challenger")).otherwise(pl.lit("Hard Worker")))
    view = profiles.profiles(of(profiled, ALL), ALL, START, END)
    words = profiles.significance_cell_words(view)
    assert words["win_rate"] == ["40%", "58%"] and words["difference"] == ["-18 pts", "+18 pts"]
    p_values = profiles.significance_table(view).get_column("p_value").to_list()
    assert words["p_value"] == [text.decimals(p, 3) for p in p_values] and all(len(w) == 5 for w in words["p_value"])


def test_profile_tables_hold_no_rate_on_too_few_deals(frame) -> None:
    """A rate on fewer than MIN_N deals is empty in every table of profiles and reps (no value the grid
    sends, sorts by or reads out), its cell "—", as a change's on too few deals, the n beside it."""
    # Ann a Challenger, Bo a Hard Worker; in 2026 Q3 Ann closed 5 deals (2 won) and Bo 30 (20 won).
    profiled = frame.with_columns(
        seller_profile=pl.when(pl.col("rep") == "Ann").then(pl.lit("Challenger")).otherwise(pl.lit("Hard Worker")))
    q3 = Filters(preset="custom", start=dt.date(2026, 7, 1), end=END)
    view = profiles.profiles(of(profiled, q3), q3, q3.start, END)
    table = {r["seller_profile"]: r for r in profiles.significance_table(view).iter_rows(named=True)}
    challenger, hard_worker = table["Challenger"], table["Hard Worker"]
    assert challenger["verdict"] == text.N_TOO_SMALL and challenger["n"] == 5
    assert challenger["win_rate"] is None  # not 40, kept behind words for the grid to sort by
    assert challenger["difference"] is None and challenger["p_value"] is None
    # Bo's own rate is on 30 deals and shows; the other side (Ann's 5) is too small to compare with.
    assert hard_worker["win_rate"] == pytest.approx(100 * 20 / 30)
    assert hard_worker["difference"] is None and hard_worker["verdict"] == text.N_TOO_SMALL
    assert hard_worker["rest_win_rate"] is None  # Ann's 40% on 5 deals, the other side
    words = profiles.significance_cell_words(view)
    assert words == {"win_rate": [text.DASH, "67%"], "rest_win_rate": ["67%", text.DASH],
                     "difference": [text.DASH] * 2, "p_value": [text.DASH] * 2}
    chart_data = profiles.rate_chart_data(view)
    assert chart_data["seller_profile"].to_list() == ["Challenger", "Hard Worker"]
    assert chart_data["verdict"].to_list() == [text.N_TOO_SMALL] * 2 and chart_data["won"].to_list() == [2, 20]
    board = reps.leaderboard(of(profiled, q3), q3, q3.start, END)
    assert reps.all_reps_win_rate(board) == pytest.approx(22 / 35)  # Ann 2 of 5 and Bo 20 of 30 together
    assert reps.all_reps_win_rate(board.clear()) is None
    listed = profiles.profile_reps_table(board, "Challenger")
    assert listed["rep"].to_list() == ["Ann"] and listed["n"].to_list() == [5]
    # Ann's 3 losses of 5 deals: both her rates are on too few deals, and held by neither table.
    assert listed["win_rate"].to_list() == [None] and listed["no_decision_share_of_losses"].to_list() == [None]
    assert reps.rate_cell_words(listed) == {"win_rate": [text.DASH], "no_decision_share_of_losses": [text.DASH]}
    table = reps.leaderboard_table(board, hide_amounts=False)
    board_words = reps.rate_cell_words(table)
    assert board_words["win_rate"] == ["67%", text.DASH]  # Bo, then Ann (at least MIN_N deals first)
    assert table["interval"][1] is None  # no interval of a rate withheld
    assert all(w for ws in board_words.values() for w in ws)  # never a blank


def test_a_clicked_profiles_reps_list_closed_only_when_it_differs_from_n(frame) -> None:
    """With the win rate on all closed deals, Closed and n are the same number: the list shows one
    (the leaderboard's rule, reps.shows_closed_column)."""
    board = reps.leaderboard(of(frame, ALL), ALL, START, END)
    profile = board["seller_profile"][0]
    same = profiles.profile_reps_table(board, profile, show_closed=reps.shows_closed_column(ALL))
    assert "closed" not in same.columns and "n" in same.columns
    excluding = Filters(preset="custom", start=START, end=END, denominator=Denominator.EXCLUDING_NO_DECISION.value)
    assert "closed" in profiles.profile_reps_table(board, profile, show_closed=reps.shows_closed_column(excluding)).columns


def test_leaderboard_gates_each_change_on_its_own_n(frame) -> None:
    board = reps.leaderboard(of(frame, ALL), ALL, START, END)
    rows = {r["rep"]: r for r in board.iter_rows(named=True)}
    assert rows["Ann"]["qoq_small_n"] and not rows["Bo"]["qoq_small_n"]
    assert rows["Bo"]["nd_qoq_small_n"]  # 10 losses in Q3
    shown = {r["rep"]: r for r in reps.rates_as_shown(board).iter_rows(named=True)}
    # In whole points from the percentages shown: 67% − 50%, written "+17 pts" as every screen writes it.
    assert shown["Bo"]["win_rate_qoq"] == 67 - 50
    assert reps.LEADERBOARD_TEXT["win_rate_qoq"](shown["Bo"]["win_rate_qoq"]) == "+17 pts"
    assert shown["Ann"]["win_rate_qoq"] is None and shown["Bo"]["nd_qoq"] is None


def test_leaderboard_table_words_its_interval_as_every_screen_does(frame) -> None:
    board = reps.leaderboard(of(frame, ALL), ALL, START, END)
    table = {r["rep"]: r for r in reps.leaderboard_table(board, hide_amounts=False).iter_rows(named=True)}
    bo = board.filter(pl.col("rep") == "Bo").row(0, named=True)
    assert table["Bo"]["interval"] == text.interval(bo["win_rate_lo"], bo["win_rate_hi"])  # e.g. "45–70%"
    assert table["Bo"]["won_amount"] == pytest.approx(35_000.0)
    hidden = reps.leaderboard_table(board, hide_amounts=True, show_closed=False)
    assert "won_amount" not in hidden.columns and "closed" not in hidden.columns
    # A rate on too few deals is empty, and its interval with it (the grid's grey "—" in both).
    few = reps.leaderboard_table(board.with_columns(n=pl.Series([7, 0])), hide_amounts=False)
    assert few["win_rate"].to_list() == [None, None] and few["interval"].to_list() == [None, None]


def test_a_reps_deals_narrow_by_widgets_and_by_a_click() -> None:
    deals = pl.DataFrame({
        "opportunity_id": ["A", "B", "C", "D", "E"],
        "account": ["Lakeside Ltd", "LAKESIDE Inc", "Hilltop", None, "Lakeside (old)"],
        "outcome": ["won", "lost", "no_decision", "lost", "won"],
        "loss_reason": [None, "Price", None, "Price", "Price"],
        "close_date": [dt.date(2026, 5, 1), dt.date(2026, 8, 1), dt.date(2026, 8, 2), dt.date(2026, 5, 3), None],
    })

    def narrowed(**how) -> tuple[list[str], tuple[str, ...]]:
        result = reps.narrowed_deals(deals, **how)
        return result.deals["opportunity_id"].to_list(), result.clicked

    assert narrowed() == (["A", "B", "C", "D", "E"], ())
    # Case is ignored and the text is literal ("(" is not a pattern); an empty account never matches.
    assert narrowed(account_contains="lakeside")[0] == ["A", "B", "E"]
    assert narrowed(account_contains="(old")[0] == ["E"]
    assert narrowed(outcomes=("lost", "won"), quarter="2026 Q2")[0] == ["A", "D"]
    # A click says what it narrowed by; the reason counts lost and no-decision deals only (E is won).
    assert narrowed(clicked_reason="Price") == (["B", "D"], ("lost for “Price”",))
    assert narrowed(clicked_reason="(no reason given)")[0] == ["C"]
    assert narrowed(clicked_quarter="2026 Q3", clicked_outcome="lost") == (["B"], ("closed in 2026 Q3", "lost"))
    # A no-decision share's point: its quarter's lost and no-decision deals, the share's n.
    share = reps.narrowed_deals(deals, clicked_quarter="2026 Q3", clicked_outcomes=("lost", "no_decision"))
    assert (share.deals["opportunity_id"].to_list(), share.clicked, share.losses) == (
        ["B", "C"], ("closed in 2026 Q3", "lost or no decision"), True)
    # Lost and No decision chosen above the list (a link from a no-decision bar) are that n too; one alone is not.
    assert reps.narrowed_deals(deals, outcomes=("no_decision", "lost")).losses
    assert not reps.narrowed_deals(deals, outcomes=("lost",)).losses
    assert not reps.narrowed_deals(deals, outcomes=("lost", "no_decision"), clicked_reason="Price").losses
    assert not reps.narrowed_deals(deals).losses


def test_rep_view_tiles_against_peers(frame) -> None:
    view = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None and view.team is None and view.manager is None
    win, nd, closed, value = view.tiles
    # Bo 35/60 against his peers (Ann, the other Unprofiled rep) 12/30.
    assert (win.text, win.change, win.versus) == ("58%", "+18 pts", "vs peers")
    # 0 of 25 losses against Ann's 6 of 18: the peers' side is too small, so no difference, and why.
    assert nd.text == "0%" and nd.change is None and nd.versus is None
    assert nd.withheld == "vs peers: peers n too small (18 losses)"
    assert closed.text == "60" and value.text == "$35k"
    assert reps.rep(of(frame, ALL), "Nobody", ALL, START, END, as_of=END) is None


def test_a_reps_dotted_team_line_is_named_by_the_view_escaped_for_plotly(frame) -> None:
    hostile = "<b>East</b> $x$"
    view = reps.rep(of(frame.with_columns(pl.lit(hostile).alias("team")), ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None and view.team == hostile and view.team_trend.height
    assert reps.team_line_name(view) == f"team {text.label(hostile)}" and "<b>" not in reps.team_line_name(view)
    assert reps.trend_title(view) == f"Bo by quarter (dotted: {reps.team_line_name(view)})"


def test_a_reps_outcome_mix_title_counts_the_closed_deals_in_the_singular_and_the_plural(frame) -> None:
    """"How Lin Park's 1 closed deals ended": the count met its noun by hand."""
    view = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END)
    # the name left out where it does not fit the chart at 1024 px (reps._titled)
    assert view is not None and reps.outcome_mix_title(view) == "How 60 closed deals ended"
    first = frame.filter(pl.col("rep") == "Bo").sort("close_date").head(1).with_columns(pl.lit("<b>Lin</b>").alias("rep"))
    one = reps.rep(of(pl.concat([frame, first]), ALL), "<b>Lin</b>", ALL, START, END, as_of=END)
    assert one is not None
    assert reps.outcome_mix_title(one) == "How 1 closed deal ended"
    first = first.with_columns(pl.lit("Lin").alias("rep"))
    one = reps.rep(of(pl.concat([frame, first]), ALL), "Lin", ALL, START, END, as_of=END)
    assert one is not None and reps.outcome_mix_title(one) == "How Lin's 1 closed deal ended"


def test_a_reps_won_value_is_unknown_not_zero_when_their_won_deals_have_no_amount(frame) -> None:
    """Bo's won deals have no amount (none converts): his Won value and share of the team's say "—",
    as the Overview says it, not "$0"; and, with no team, the line under his tiles says so plainly."""
    unpriced = frame.with_columns(
        pl.when((pl.col("rep") == "Bo") & (pl.col("outcome") == "won")).then(None).otherwise(pl.col("amount")).alias("amount"))
    view = reps.rep(of(unpriced, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    assert view.tiles[3].text == text.DASH and view.team_value_share.text == text.DASH
    caption = reps.rep_tiles_caption(view)
    # No team anywhere in these deals: the line says nothing of teams (not "No team to compare with.").
    assert "team" not in caption.lower()
    # Ann in a team, Bo in none: then it says Bo has no team to compare with, plainly.
    teamed = unpriced.with_columns(pl.when(pl.col("rep") == "Ann").then(pl.lit("East")).alias("team"))
    view = reps.rep(of(teamed, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    caption = reps.rep_tiles_caption(view)
    assert reps.NO_TEAM_SENTENCE in caption and "Team No team" not in caption
    # No team: no dotted team line (it was his own deals again, named "team") and no words for one.
    assert view.team_trend.height == 0 and reps.trend_title(view) == "Bo by quarter"
    # Alone in his profile: no peers, said so (not "(0 reps), their deals together: win rate no deals").
    alone = reps.rep(of(frame.filter(pl.col("rep") == "Bo"), ALL), "Bo", ALL, START, END, as_of=END)
    said = reps.rep_tiles_caption(alone)
    assert said.startswith("No peers to compare with: no Unprofiled reps closed a deal here.") and "0 reps" not in said
    # A rep who won nothing won $0: that is known.
    lost_only = frame.filter(~((pl.col("rep") == "Bo") & (pl.col("outcome") == "won")))
    assert reps.rep(of(lost_only, ALL), "Bo", ALL, START, END, as_of=END).tiles[3].text == "$0"


def test_the_line_under_a_reps_tiles_words_no_wins_and_a_team_without_closed_deals_plainly(frame) -> None:
    """Bo, who won nothing here, in a team whose other rep closed nothing: the line says "no deal won
    in this range" and the team has "no closed deals in this range"; it read "average won deal —" and
    "win rate no deals"."""
    teamed = frame.with_columns(pl.lit("East").alias("team"))
    no_wins = teamed.filter(~((pl.col("rep") == "Bo") & (pl.col("outcome") == "won")))
    view = reps.rep(of(no_wins, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    said = reps.rep_tiles_caption(view)
    assert said.endswith("; no deal won in this range.") and "average won deal" not in said
    assert "Team East: win rate " in said  # Ann's closed deals are the team's too
    # Bo's deals alone, every one open: neither he nor his team closed a deal here.
    open_only = teamed.filter(pl.col("rep") == "Bo").with_columns(pl.lit("open").alias("outcome"))
    view = reps.rep(of(open_only, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    said = reps.rep_tiles_caption(view)
    assert "Team East: no closed deals in this range." in said and "win rate no deals" not in said
    # A rep who won: the average as before.
    view = reps.rep(of(teamed, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None and "; average won deal $1k." in reps.rep_tiles_caption(view)


def test_every_page_can_name_its_filters() -> None:
    assert active_filters(EMEA) == [("Region", ("EMEA",))]
    assert active_filters(ALL) == []


def test_an_old_export_is_judged_as_of_its_own_newest_date(store) -> None:
    # Uploaded today, the newest date in it is Bo's last close: open deals are judged as of that day.
    assert data_as_of(store) == dt.date(2026, 8, 20)


def test_date_presets_count_from_the_export_day_but_no_quarter_past_the_datas_day_is_complete(store) -> None:
    # Uploaded today (after 2026 Q3 ended), the export's newest date is 20 Aug: it describes Q3 to that day
    # only, so Q3 is not complete. Counted from the upload day, "Last 4 complete quarters" ran to 30 Sep
    # "(data to 20 Aug)" and the review's "last complete quarter" was "2026 Q3 to date".
    assert export_day(store) == dt.date.today() and data_as_of(store) == dt.date(2026, 8, 20)
    day = preset_day(export_day(store), dt.date(2026, 8, 20), data_day=data_as_of(store))
    assert day == dt.date(2026, 8, 21)
    assert date_range(Filters(), day, None) == (dt.date(2025, 7, 1), dt.date(2026, 6, 30))  # last 4 complete quarters
    review = review_from_store(store)
    assert review.label == "2026 Q2" and review.quarter == "2026 Q2" and review.as_of == dt.date(2026, 8, 20)
    # Q3 asked for is reviewed, named as what it is, a quarter to the data's day.
    assert review_from_store(store, "2026 Q3").quarter == "2026 Q3 to date"


def test_every_value_tile_names_the_reporting_currency_it_is_given(frame) -> None:
    eur = overview.overview(of(frame, EMEA), EMEA, START, END, currency="EUR")
    # Bo (EMEA) won 15k in Q2 and 20k in Q3.
    assert eur.volumes[1].text == "€35k"
    chf = no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END, currency="CHF")
    assert chf.tiles[3].text == "CHF 6k"
    rep = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END, currency="GBP")
    assert rep is not None and rep.tiles[3].text == "£35k"


def test_the_profile_mix_caption_counts_reps_in_words(frame) -> None:
    # In 2026 Q3 Bo closes 30 deals (ranked) and Ann 5 (too few): one rep ranked, one left out.
    q3 = Filters(preset="custom", start=dt.date(2026, 7, 1), end=END)
    mix = profiles.profiles(of(frame, q3), q3, q3.start, q3.end).mix
    assert (mix.ranked_reps, mix.left_out_reps) == (1, 1)
    caption = profiles.mix_caption(mix)
    assert "the one ranked rep with at least 20 deals" in caption and "1 rep with fewer deals is not ranked" in caption
    assert "1 reps" not in caption
    # One rep is "100%" of its profile: too few ranked reps for any share of the user's, so no chart is drawn
    # (the study's diamonds alone would be read as the room's own), and the page says why in its place.
    profiled = profiles.profiles(of(frame.with_columns(pl.lit("Challenger").alias("seller_profile")), q3), q3, q3.start,
                                 q3.end).mix
    # What to do is the range's rule (common.nothing_shown_advice): the custom range's start, before which
    # Ann's and Bo's Q2 deals closed; it had said "Widen the date range or remove a filter" with none set.
    around = closed_around(of(frame, q3), q3.start, END, "custom")
    assert profiles.unranked_mix_note(profiled, q3, around) == (
        "Who the top performers are: only 1 rep is ranked (at least 20 closed deals each), fewer than the 20 a "
        "profile's share needs, so your profile mix is not shown, nor the study's figures beside it. Move the "
        "range's start under Close date in the sidebar to count 90 closed deals.")
    # With every rep ranked nothing is said of unranked reps (not "0 reps with fewer deals").
    everyone = profiles.profiles(of(frame, ALL), ALL, START, END).mix
    assert everyone.left_out_reps == 0 and "not ranked" not in profiles.mix_caption(everyone)


def test_a_band_bar_opens_the_deals_its_win_rate_counts(frame) -> None:
    # Every deal is worth 1,000: with cuts at 500 and 2,000 all 90 closed deals are Medium.
    excluding = Filters(preset="custom", start=START, end=END, denominator="excluding_no_decision")
    for filters, expected in ((ALL, 90), (excluding, 84)):  # 84: the 6 no-decision deals are not in its n
        bands = profiles.bands(of(frame, filters), filters, START, END, "amount", size_cuts=(500.0, 2_000.0))
        medium, small = (profiles.band_deals(of(frame, filters), bands, band, "Unprofiled", filters, START, END)
                         for band in (bands.labels[1], bands.labels[0]))
        assert (medium.height, small.height) == (expected, 0)
        assert set(medium["outcome"]) == ({"won", "lost", "no_decision"} if filters is ALL else {"won", "lost"})


def test_the_leaderboard_lists_closed_only_when_it_differs_from_n() -> None:
    assert not reps.shows_closed_column(ALL)  # n = closed deals: one column is enough
    assert reps.shows_closed_column(Filters(preset="custom", start=START, end=END, denominator="excluding_no_decision"))


def test_with_no_won_deal_an_empty_at_risk_list_does_not_claim_to_know_how_long_deals_take(frame) -> None:
    """No won deal, so no usual length: the empty list says only overdue deals were looked for, on the
    No decision page, a rep's page and in the review; with won deals it says the usual sentence."""
    from winloss.measures.at_risk import NONE_AT_RISK
    from winloss.views.review import quarterly_review

    closed_only = frame.filter(~pl.col("outcome").is_in(["won", "open"]))
    unknown = "how long deals usually take is not known"
    nd = no_decision.no_decision(of(closed_only, ALL), ALL, START, END, as_of=END)
    assert nd.at_risk_count == 0 and unknown in nd.none_at_risk
    rep = reps.rep(of(closed_only, ALL), "Bo", ALL, START, END, as_of=END)
    assert rep is not None and rep.at_risk.height == 0 and unknown in rep.none_at_risk
    assert unknown in quarterly_review(closed_only, "2026 Q3", END).none_at_risk
    with_wins = no_decision.no_decision(of(frame.filter(pl.col("outcome") != "open"), ALL), ALL, START, END, as_of=END)
    assert with_wins.none_at_risk == NONE_AT_RISK


def test_the_won_value_tile_says_how_many_won_deals_it_cannot_count(frame) -> None:
    # Three of Bo's won deals lose their amount: the won value adds up the rest and its help counts them.
    won = pl.col("outcome") == "won"
    thinned = frame.with_columns(
        pl.when(won & (pl.col("rep") == "Bo") & (pl.int_range(pl.len()).over("outcome", "rep") < 3))
        .then(None).otherwise(pl.col("amount")).alias("amount")
    )
    view = overview.overview(of(thinned, EMEA), EMEA, START, END)
    _, value = view.volumes
    assert value.text == "$32k"  # 35 won deals of 1,000, three without an amount
    assert value.help_for("viewer") == "The won deals' amounts added up. 3 won deals without an amount are not in it."
    # the tile that stands in for it when amounts are hidden
    assert view.value_index.help_for("viewer") == value.help_for("viewer")
    whole = overview.overview(of(frame, EMEA), EMEA, START, END)
    assert whole.volumes[1].help_for("viewer") == "The won deals' amounts added up."


@pytest.mark.parametrize(
    ("quarter", "previous", "names"),
    [("2026 Q3", "2026 Q2", ("Q3", "Q2")), ("2026 Q1", "2025 Q4", ("2026 Q1", "2025 Q4")),
     ("FY2027 Q1", "FY2026 Q4", ("FY2027 Q1", "FY2026 Q4"))],
)
def test_two_quarters_side_by_side_are_named_briefly_but_never_ambiguously(quarter, previous, names) -> None:
    from winloss.views.common import short_quarter_names

    assert short_quarter_names(quarter, previous) == names


def test_at_risk_lists_are_part_of_the_open_deals_the_range_counts(frame) -> None:
    """Open deals count when created by the range's end (counting.open_by). The rep page said
    "2 deals open" and listed them, while its at-risk list showed a deal created after the range."""
    from winloss.views import no_decision as no_decision_view
    from winloss.views.review import quarterly_review

    template = frame.filter(pl.col("rep") == "Bo").head(1)
    opened = pl.concat([
        template.with_columns(pl.lit(f"OPEN-{i}").alias("opportunity_id"), pl.lit("open").alias("outcome"),
                              pl.lit("Negotiation").alias("stage"), pl.lit(created).alias("created_date"),
                              pl.lit(dt.date(2026, 9, 1)).alias("close_date"))  # both overdue by the as-of day
        for i, created in ((1, dt.date(2026, 8, 1)), (2, dt.date(2026, 11, 15)))
    ])
    deals = pl.concat([frame, opened], how="vertical_relaxed")
    as_of = dt.date(2026, 12, 1)
    rep = reps.rep(of(deals, ALL), "Bo", ALL, START, END, as_of=as_of)
    assert rep is not None
    listed = set(rep.deals.get_column("opportunity_id"))
    assert "OPEN-1" in listed and "OPEN-2" not in listed  # the open deal created after the range is not counted
    assert rep.at_risk.get_column("opportunity_id").to_list() == ["OPEN-1"]
    nd = no_decision_view.no_decision(of(deals, ALL), ALL, START, END, as_of)
    assert nd.at_risk.get_column("opportunity_id").to_list() == ["OPEN-1"]
    review = quarterly_review(deals, "2026 Q3", as_of)
    assert review.at_risk.get_column("opportunity_id").to_list() == ["OPEN-1"]


def test_value_lost_to_no_decision_is_unknown_not_zero_when_those_deals_have_no_amount(frame) -> None:
    """No no-decision deal converts to the reporting currency: the tile said "$0", as if they were
    worth nothing, while the Overview's won value says "—" in the same case."""
    from winloss.measures.summary import closed_counts, outcome_summary, summary_by

    unpriced = frame.with_columns(
        pl.when(pl.col("outcome") == "no_decision").then(None).otherwise(pl.col("amount")).alias("amount"))
    view = no_decision.no_decision(of(unpriced, ALL), ALL, START, END, as_of=END)
    _, _, count, value = view.tiles
    assert count.text == "6" and value.text == text.DASH and value.change is None
    assert view.lost_value_share.text == text.DASH
    # One rule for every path that adds amounts up: straight from the deals, and re-added from counts.
    assert outcome_summary(of(unpriced, ALL), None, START, END).row(0, named=True)["no_decision_amount"] is None
    regrouped = summary_by(closed_counts(of(unpriced, ALL), ["rep"], START, END), [], ["won", "lost", "no_decision"])
    assert regrouped["no_decision_amount"][0] is None and regrouped["lost_amount"][0] == 37_000.0
    # Some no-decision deals with an amount: those are added up, as before.
    one_priced = unpriced.with_columns(
        pl.when((pl.col("outcome") == "no_decision") & (pl.col("rep") == "Ann") & (pl.int_range(pl.len()).over("rep", "outcome") == 0))
        .then(1_000.0).otherwise(pl.col("amount")).alias("amount"))
    _, _, _, priced = no_decision.no_decision(of(one_priced, ALL), ALL, START, END, as_of=END).tiles
    assert priced.text == "$1k"


def test_a_value_weighted_rate_with_no_amount_to_weigh_says_so_not_too_few_deals(frame) -> None:
    """With no amount in the reporting currency, "n too small (n = 0)" blamed the number of deals; it
    says there is none to weigh, in words, with no "n = 0" beside them."""
    unpriced = frame.with_columns(pl.lit(None, pl.Float64).alias("amount"))
    _, by_value, _ = overview.overview(of(unpriced, ALL), ALL, START, END).rates
    assert (by_value.text, by_value.n, by_value.small) == ("no deals with a value", None, False)


def test_the_reviews_value_lost_to_no_decision_is_left_out_not_zero_when_unknown(frame) -> None:
    """The No decision page said "—" for no-decision deals none of whose amounts converts, but the
    review's chart labelled that quarter "$0" and the deck drew a bar of $0.0M."""
    import io

    from pptx import Presentation

    from winloss.export.deck import deck_bytes
    from winloss.text import money
    from winloss.present.review_charts import no_decision_figure
    from winloss.views.review import quarterly_review

    unpriced = frame.with_columns(
        pl.when(pl.col("outcome") == "no_decision").then(None).otherwise(pl.col("amount")).alias("amount"))
    review = quarterly_review(unpriced, "2026 Q3", END)
    assert review.no_decision.filter(pl.col("no_decision") > 0)["no_decision_amount"].is_null().all()
    bars = [t for t in no_decision_figure(review).data if t.type == "bar"][0]
    assert "$0" not in list(bars.text)
    assert not any("worth" in f.text for f in review.findings)  # no worth claimed for them
    slides = Presentation(io.BytesIO(deck_bytes(review))).slides
    values = [list(s.values) for slide in slides for shape in slide.shapes if shape.has_chart
              for s in shape.chart.plots[0].series if s.name == "Value lost to no decision"]
    counts = review.no_decision["no_decision"].to_list()
    assert len(values) == 1 and [v for v, n in zip(values[0], counts, strict=True) if n > 0] == [None] * sum(n > 0 for n in counts)
    labels = [p.data_label.text_frame.text for slide in slides for shape in slide.shapes if shape.has_chart
              for s in shape.chart.plots[0].series if s.name == "Value lost to no decision"
              for p in s.points if p.data_label.has_text_frame]
    assert labels == [money(v) for v in values[0] if v is not None]  # no label where no bar stands


def test_a_reps_header_names_an_anonymised_manager_once(frame) -> None:
    """Anonymised, a manager is "Manager 05": the header read "manager Manager 05"."""
    for manager, said in (("Manager 05", "Unprofiled · Manager 05"), ("Eve", "Unprofiled · manager Eve"),
                          ("Manager Smith", "Unprofiled · manager Manager Smith")):
        managed = frame.with_columns(pl.lit(manager).alias("manager"))
        view = reps.rep(of(managed, ALL), "Bo", ALL, START, END, as_of=END)
        assert view is not None and view.any_manager
        assert reps.rep_header(view) == said



def test_a_reps_header_names_their_coach_only_when_they_have_one(frame) -> None:
    """The roster gives a rep a coach: the header named the manager but never the coach. A rep with one now
    reads "· coach Kim" after the manager, a pseudonym alone when anonymised, as a manager's is; a rep without
    one reads as before."""
    assert "coach" in frame.columns
    for coach, said in (("Kim <i>Park</i>", f"Unprofiled · manager Eve · coach {text.md('Kim <i>Park</i>')}"),
                        ("Coach 01", "Unprofiled · manager Eve · Coach 01"),
                        ("Manager 04", "Unprofiled · manager Eve · coach Manager 04")):
        coached = frame.with_columns(pl.lit("Eve").alias("manager"),
                                     pl.when(pl.col("rep") == "Bo").then(pl.lit(coach)).alias("coach"))
        view = reps.rep(of(coached, ALL), "Bo", ALL, START, END, as_of=END)
        assert view is not None and view.coach == coach
        assert reps.rep_header(view, escape=text.md) == said
        other = reps.rep(of(coached, ALL), "Ann", ALL, START, END, as_of=END)
        assert other is not None and other.coach is None and reps.rep_header(other) == "Unprofiled · manager Eve"
    # Anonymised, the coach is their pseudonym, and nothing of the real name is left in the line.
    coached = frame.with_columns(pl.when(pl.col("rep") == "Bo").then(pl.lit("Kim Park")).alias("coach"))
    masked = anonymised(coached)
    bo = masked.filter(pl.col("coach").is_not_null()).get_column("rep")[0]
    view = reps.rep(of(masked, ALL), bo, ALL, START, END, as_of=END)
    assert view is not None and reps.rep_header(view).endswith(" · Coach 01") and "Kim" not in reps.rep_header(view)

def test_with_no_team_in_the_data_a_reps_view_says_nothing_of_teams(frame) -> None:
    """A roster without a team column: the header read "team —" and the scorecard drew a "No team (n = 0)" bar."""
    view = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None and not view.any_team and not view.any_manager
    assert reps.rep_header(view) == "Unprofiled"
    assert view.compared["comparison"].to_list() == ["rep", "profile_peers"] and view.compared_words == "peers"
    assert "team" not in reps.rep_captions(view, ALL).scorecard_win.lower()
    assert "team" not in reps.leaderboard_table(reps.leaderboard(of(frame, ALL), ALL, START, END), False).columns
    # With a team in the data, a rep without one reads "team —" beside the others' names; a scorecard bar of
    # "No team (n = 0)" would say nothing (the line under the tiles says once that there is no team).
    teamed = frame.with_columns(pl.when(pl.col("rep") == "Ann").then(pl.lit("East")).alias("team"),
                                pl.lit("<b>Eve</b>").alias("manager"))
    view = reps.rep(of(teamed, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None and view.any_team
    assert reps.rep_header(view, escape=text.md) == f"Unprofiled · team — · manager {text.md('<b>Eve</b>')}"
    assert view.compared["comparison"].to_list() == ["rep", "profile_peers"]
    # Ann is East's one rep: her team is no benchmark, so no bar (team_is_the_rep).
    ann = reps.rep(of(teamed, ALL), "Ann", ALL, START, END, as_of=END)
    assert ann is not None and ann.team_alone and ann.compared["comparison"].to_list() == ["rep", "profile_peers"]
    assert "team" in reps.leaderboard_table(reps.leaderboard(of(teamed, ALL), ALL, START, END), False).columns


def test_with_no_team_in_the_data_no_tile_speaks_of_a_team(frame) -> None:
    """With amounts hidden, the rep's view drew a "Share of team's won value" tile reading "—" although
    the data has no teams; it is left out, and the line under the tiles no longer explains it. With a team
    in the data the tile is there (a rep without a team reads "—", as "team —" in the header); with
    amounts shown the won value stands in its place either way."""
    view = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None and not view.any_team
    for hidden in (True, False):
        labels = [t.label for t in view.shown_tiles(hidden)]
        assert not [label for label in labels if "team" in label.lower()], labels
        assert "team" not in reps.rep_tiles_caption(view, hide_amounts=hidden).lower()
    assert [t.label for t in view.shown_tiles(False)][-1] == "Won value"
    assert len(view.shown_tiles(True)) == 3 and "Won value" not in [t.label for t in view.shown_tiles(True)]
    teamed = frame.with_columns(pl.when(pl.col("rep") == "Ann").then(pl.lit("East")).alias("team"))
    # Ann's team East is Ann alone: no share of it (no "100%"), the line saying why (TEAM_ALONE_WORDS).
    for name, share, said in (("Ann", text.DASH, reps.TEAM_ALONE_WORDS), ("Bo", text.DASH, "share of team's won value")):
        view = reps.rep(of(teamed, ALL), name, ALL, START, END, as_of=END)
        assert view is not None and view.any_team
        last = view.shown_tiles(True)[-1]
        assert (last.label, last.text) == ("Share of team's won value", share)
        assert said in reps.rep_tiles_caption(view, hide_amounts=True)
        assert view.shown_tiles(False)[-1].label == "Won value"


def test_the_leaderboards_interval_sits_beside_the_win_rate(frame) -> None:
    table = reps.leaderboard_table(reps.leaderboard(of(frame, ALL), ALL, START, END), False)
    columns = table.columns
    assert columns.index("interval") == columns.index("win_rate") + 1


def test_the_average_won_deal_under_a_reps_tiles_says_of_how_many_won_deals_it_is(frame) -> None:
    """Bo's won deals but one without an amount in USD (no exchange rate for theirs): the line said
    "average won deal $1k", the one priced deal's amount, beside a won-value tile that left the others
    out, as if it were the average of all of them; with none priced it said "average won deal —"."""
    teamed = frame.with_columns(pl.lit("East").alias("team"))
    bo_won = (pl.col("rep") == "Bo") & (pl.col("outcome") == "won")
    won = teamed.filter(bo_won).height
    assert won >= 3
    first = teamed.filter(bo_won).get_column("opportunity_id").sort()[0]
    one_priced = teamed.with_columns(
        pl.when(bo_won & (pl.col("opportunity_id") != first)).then(None).otherwise(pl.col("amount")).alias("amount"))
    view = reps.rep(of(one_priced, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    assert reps.rep_tiles_caption(view).endswith(f"; average won deal $1k (1 of {won} won deals has an amount in USD).")
    none_priced = teamed.with_columns(pl.when(bo_won).then(None).otherwise(pl.col("amount")).alias("amount"))
    view = reps.rep(of(none_priced, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None
    said = reps.rep_tiles_caption(view)
    assert said.endswith("; no won deal has an amount in USD.") and "average won deal" not in said


def test_a_won_value_that_leaves_deals_out_is_marked_and_the_note_under_the_board_names_the_currencies() -> None:
    """"$1.2M · no rate for JPY" widened the column past what presenter mode's type leaves at 1280 px;
    the cell is marked instead ("1.2M*"), and the note under the table says what the mark leaves out. A rep
    none of whose won deals converts reads "—" (it read "No rate*", over a stand-in -inf that a screen reader
    read "-Infinity"), and the note names them."""
    board = pl.DataFrame({
        "rep": ["Ann", "Bo", "Cy", "Di"], "won_amount": [1_200_000.0, None, 500_000.0, 0.0],
        "won_no_rate": ["no rate for JPY", "no rate for 3 currencies; no currency", None, "no rate for EUR"],
        "won_no_rate_in": [["JPY"], ["CHF", "GBP", "JPY", NO_CURRENCY], None, ["EUR"]],
    })
    assert reps.won_value_cell_words(board) == {"won_amount": ["1.2M*", "—", "500k", "—"]}
    # Their won value holds nothing (leaderboard_table empties it): no 0 to sort or read out, nothing standing in.
    assert board.select(reps.unvalued(board)).to_series().to_list() == [False, True, False, True]
    # Each mark explained by what its cells leave out: the "*" by Ann's JPY, the "—" by Bo's and Di's currencies.
    assert reps.won_value_note(board, "USD", role="ops") == (
        "* Leaves out the rep's won deals in JPY: no exchange rate to USD for JPY. \"—\" for \"Bo\" and \"Di\": none of "
        "their won deals has a value in USD (no exchange rate to USD for CHF, EUR, GBP or JPY, or no currency to convert "
        "from). Add the rates on the Data page, in the Currencies tab.")
    many = pl.concat([board] + [board.filter(pl.col("rep") == "Bo").with_columns(rep=pl.lit(f"Rep {i}")) for i in range(3)])
    assert reps.won_value_note(many, "USD", role="viewer").endswith(
        "\"—\" for \"Bo\", \"Di\", \"Rep 0\" and 2 other reps: none of their won deals has a value in USD (no exchange "
        "rate to USD for CHF, EUR, GBP or JPY, or no currency to convert from). Ask sales ops or an admin to add the rates "
        "on the Data page.")
    # No cell carries a "*" (Di's only won deals lack a rate): no note of one, and the "—" says why.
    dashed = board.filter(pl.col("rep").is_in(["Cy", "Di"]))
    assert reps.won_value_cell_words(dashed) == {"won_amount": ["500k", "—"]}
    assert reps.won_value_note(dashed, "USD", role="ops") == (
        "\"—\" for \"Di\": none of their won deals has a value in USD (no exchange rate to USD for EUR). Add the rate on "
        "the Data page, in the Currencies tab.")
    one = board.filter(pl.col("rep").is_in(["Ann", "Cy"]))
    assert reps.won_value_note(one, "EUR", role="ops") == (
        "* Leaves out the rep's won deals in JPY: no exchange rate to EUR for JPY. Add the rate on the Data page, in the "
        "Currencies tab.")
    assert reps.won_value_note(board, "USD", hide_amounts=True, role="ops") is None and reps.won_value_cell_words(board, True) == {}
    none = board.with_columns(pl.lit(None, pl.String).alias("won_no_rate"), pl.lit(None, pl.List(pl.String)).alias("won_no_rate_in"))
    assert reps.won_value_note(none, "USD", role="ops") is None and reps.won_value_cell_words(none) == {}
    # Marked cells keep the column its header's width, as wide as "Won ($)" beside its sort arrow.
    assert reps.won_value_column_px(reps.won_value_cell_words(board)["won_amount"], 105) == 105


def test_the_won_value_column_is_as_wide_as_its_words_not_a_fixed_190_px() -> None:
    """A fixed 190 px for cells of "3.42M · no rate for JPY" pushed the Team column past the grid's
    edge at 1440 px; the column takes its longest cell, between its header's width and 190 px."""
    short = reps.won_value_column_px(["3.42M · no rate for JPY", "4.59M", "No rate for JPY"], 105)
    assert short == text.longest_px(["3.42M · no rate for JPY"]) + 16 < reps.NO_RATE_MAX_PX
    assert reps.won_value_column_px(["65k · no rate for EUR, GBP, SEK"], 105) == reps.NO_RATE_MAX_PX
    assert reps.won_value_column_px(["1k"], 105) == 105


def test_a_rep_the_roster_gives_no_team_has_no_empty_team_bar_and_is_told_once_how_to_give_one(frame) -> None:
    """Teams in the data, none for Bo: each scorecard drew a "No team (n = 0) no deals" row, and the titles
    and caption still spoke of his team. The row goes, the titles say "against peers", and the line under
    the tiles says once that he has no team and where a team comes from (the roster)."""
    teamed = frame.with_columns(pl.when(pl.col("rep") == "Ann").then(pl.lit("East")).alias("team"))
    view = reps.rep(of(teamed, ALL), "Bo", ALL, START, END, as_of=END)
    assert view is not None and view.any_team and view.team is None
    assert "No team" in view.scorecard["who"].to_list()  # the measure still has the row; the page draws none
    assert view.compared["comparison"].to_list() == ["rep", "profile_peers"]
    assert view.compared_words == "peers"
    assert reps.scorecard_titles(view) == ("Win rate: Bo against peers", "No decision ÷ losses against peers")
    said = reps.rep_captions(view, ALL)
    assert "team" not in said.scorecard_win.lower()
    line = reps.rep_tiles_caption(view)
    assert line.lower().count("no team") == 1 and "roster" in line
    assert reps.NO_TEAM_SENTENCE in line
    # Ann, East's one rep, has a team but no one in it to compare with: said so, not a team bar of her own rates.
    ann = reps.rep(of(teamed, ALL), "Ann", ALL, START, END, as_of=END)
    assert ann is not None and ann.compared["comparison"].to_list() == ["rep", "profile_peers"]
    assert reps.scorecard_titles(ann)[0] == "Win rate: Ann against peers"
    assert "No team" not in reps.rep_tiles_caption(ann)
    assert f"Team East: {reps.TEAM_ALONE_WORDS}." in reps.rep_tiles_caption(ann)


def test_a_group_without_a_value_is_named_in_words_in_every_breakdown() -> None:
    """A breakdown's deals with no region read "No region" (the chart said "(blank) (n = 19)"), by one rule
    for region, segment, team, product …; the heading of its deals says "with no region", and a value from
    a file keeps its escaping."""
    from winloss.views.no_decision import group_deals_title

    assert [text.no_group(c) for c in ("region", "segment", "team", "product", "seller_profile")] == [
        "No region", "No segment", "No team", "No product", "No seller profile"]
    assert group_deals_title("region", "No region", escape=text.md) == "Lost and no-decision deals with no region"
    assert group_deals_title("region", "**APAC**", escape=text.md) == (
        f"Lost and no-decision deals: region {text.md('**APAC**')}")


def test_the_leaderboards_won_values_share_one_number_of_decimals_a_scale() -> None:
    """The leaderboard's "Won ($)" read "1.1M" beside "1.11M" and "1.6M" beside "1.75M", as if some were known
    less exactly: every amount of a scale in the column has as many decimals, marked or not, and the marks stay."""
    board = pl.DataFrame({"rep": ["Ann", "Bo", "Cy", "Di", "Ed"],
                          "won_amount": [1_100_000.0, 1_110_000.0, 1_600_000.0, 1_750_000.0, 950_000.0]})
    assert reps.won_value_cells(board) == {"won_amount": ["1.10M", "1.11M", "1.60M", "1.75M", "950k"]}
    assert reps.won_value_cells(board, hide_amounts=True) == {}
    marked = board.with_columns(pl.Series("won_no_rate", [None, "no rate for JPY", None, None, "no rate for EUR"]),
                                pl.Series("won_no_rate_in", [None, ["JPY"], None, None, ["EUR"]]))
    assert reps.won_value_cell_words(marked) == {"won_amount": ["1.10M", "1.11M*", "1.60M", "1.75M", "950k*"]}


def test_a_deal_tables_short_amounts_share_one_number_of_decimals_a_scale() -> None:
    """The review's at-risk table written as text (deck, HTML report, presenter mode): one column."""
    from winloss.views.deal_lists import amount_cells

    deals = pl.DataFrame({"amount": [1_100_000.0, 10_540_000.0, 1_750_000.0, 23_000.0, 23_450.0, None]})
    assert amount_cells(deals, "USD") == ["1.10M", "10.54M", "1.75M", "23.0k", "23.5k", "—"]
    assert amount_cells(deals, "USD", with_currency=True) == ["$1.10M", "$10.54M", "$1.75M", "$23.0k", "$23.5k", "—"]
