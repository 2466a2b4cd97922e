"""Every caption and column help the analysis pages show, from the views on the small hand-worked
store (conftest.py): each states its n, counted in the engine, and words the small-n rule one way."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import polars as pl
import pytest
from test_views import ALL, EMEA, END, START, of

from winloss import text
from winloss.filters import Filters
from winloss.measures.bands import Bands
from winloss.measures.summary import definition_text
from winloss.rates import MIN_N, Denominator
from winloss.views import no_decision, overview, profiles, reps
from winloss.views.review import quarterly_review, section_captions
from winloss.views.review_findings import rule_text

EXCLUDING = Filters(preset="custom", start=START, end=END, denominator=Denominator.EXCLUDING_NO_DECISION.value)


def test_small_n_and_blank_cell_notes_word_the_rule_once() -> None:
    assert text.small_n_note() == (f"a bar drawn hatched, or a ring drawn hollow, has fewer than {MIN_N} deals: "
                                   "too few to give its rate")
    assert text.small_n_note(text.LOSSES, min_n=5) == ("a bar drawn hatched, or a ring drawn hollow, has fewer than "
                                                        "5 losses: too few to give its rate")
    assert text.blank_cell_note() == f"—: fewer than {MIN_N} deals (n too small)"
    assert text.blank_cell_note("losses", scope="in either quarter") == (
        f"—: fewer than {MIN_N} losses in either quarter (n too small)")
    assert text.small_cell_note() == f"n too small: fewer than {MIN_N} deals; —: none"
    assert text.change_rule_note(7) == ("a rate's change is shown only when both quarters have at least 7 deals in its "
                                        "n; a count's or a value's whenever both quarters have some")
    assert text.n_of(1, "loss", "losses") == "n = 1 loss" and text.n_of(1234, "closed deal") == "n = 1,234 closed deals"
    assert text.sentence(text.small_n_note()).startswith(f"A bar drawn hatched, or a ring drawn hollow, has fewer than {MIN_N} ")


def test_a_rate_cell_reads_its_percentage_n_too_small_or_a_dash() -> None:
    """A table's rate cell is never blank: "42%", "n too small" below MIN_N of its n (whatever its
    value), "—" with no deals in its n."""
    assert text.rate_in_cell(0.42, MIN_N) == "42%"
    assert text.rate_in_cell(0.42, MIN_N - 1) == text.rate_in_cell(None, 1) == text.N_TOO_SMALL
    assert text.rate_in_cell(0.42, 30, small=True) == text.N_TOO_SMALL and text.rate_in_cell(0.5, 3, small=False) == "50%"
    assert text.rate_in_cell(None, 0) == text.rate_in_cell(0.3, None) == text.rate_in_cell(None, 30) == text.DASH


def test_a_clicked_profiles_reps_say_what_their_rate_cells_read() -> None:
    said = profiles.profile_reps_caption(ALL)
    assert said.startswith(Denominator.CLOSED.label) and text.withheld_cell_note("deals in that rate's n") in said
    assert profiles.profile_reps_caption(EXCLUDING).startswith(Denominator.EXCLUDING_NO_DECISION.label)


def test_overview_captions_count_their_n(frame) -> None:
    said = overview.captions(overview.overview(of(frame, ALL), ALL, START, END), ALL)
    # 90 closed deals: Ann 25 + 5, Bo 30 + 30; the trend's two quarters hold all of them.
    assert "n = 90 closed deals" in said.trend and Denominator.CLOSED.label in said.trend
    assert text.small_n_note() in said.trend and text.sentence(text.WHISKERS) in said.trend
    assert said.mix.startswith("Share of all 90 closed deals") and said.mix_title == "How the 90 closed deals ended"
    assert "2026 Q3, the last quarter in range with closed deals, against 2026 Q2" in said.definitions
    assert text.change_rule_note() in said.definitions
    # Ann alone: 30 closed; the denominator the filters chose is the one stated.
    ann = of(frame.filter(pl.col("rep") == "Ann"), EXCLUDING)
    alone = overview.captions(overview.overview(ann, EXCLUDING, START, END), EXCLUDING, hide_amounts=True)
    assert "n = 30 closed deals" in alone.trend and Denominator.EXCLUDING_NO_DECISION.label in alone.trend
    assert "as an index" in alone.definitions and "sum of won deals' amounts" not in alone.definitions


def test_no_decision_captions_count_their_n(frame) -> None:
    view = no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END)
    said = no_decision.captions(view, START, ALL.fy_start_month, shown_reps=15)
    assert "n = 90 closed deals" in said.trend and text.small_n_note("closed deals") in said.trend
    # 43 losses: 37 lost + 6 no decision; every breakdown chart divides by them.
    assert "n = 43 losses" in said.breakdown and text.small_n_note(text.LOSSES) in said.breakdown
    assert text.small_n_note(text.LOSSES) + ", listed after the others by n, then name" in said.reps and "2 reps in all" in said.reps
    # Bo's 25 losses give a share, Ann's 18 do not: one rep ranked is no ranking (no_decision.reps_chart_words).
    assert said.reps_title == "Share lost to no decision: the one rep with 20 losses or more"
    assert "1 more rep is drawn hatched: too few losses to rank." in said.reps
    assert "the 43 lost and no-decision deals" in said.reasons
    assert "n = 90 closed deals." in said.cycle and "left out" not in said.cycle  # every deal has a created date
    assert "÷ all 90 closed deals" in said.definitions and "÷ the 43 losses" in said.definitions
    assert text.change_rule_note() in said.definitions
    one = no_decision.captions(view, START, ALL.fy_start_month, shown_reps=1)
    assert one.reps_title == said.reps_title and "more rep" not in one.reps  # Ann is not drawn
    # The trend is cut to the range: from Q3 on, Ann's 5 and Bo's 30.
    q3 = dt.date(2026, 7, 1)
    assert "n = 35 closed deals" in no_decision.captions(view, q3, ALL.fy_start_month).trend


def test_no_decision_definitions_count_one_deal_in_the_singular(frame) -> None:
    """"÷ all 1 closed deals" and "÷ the 1 losses": the counts met their nouns by hand."""
    lost = frame.filter((pl.col("outcome") == "lost") & (pl.col("close_date") >= START)).head(1)
    view = no_decision.no_decision(of(lost, ALL), ALL, START, END, as_of=END)
    said = no_decision.captions(view, START, ALL.fy_start_month)
    assert "÷ all 1 closed deal," in said.definitions and "÷ the 1 loss (lost + no decision)" in said.definitions


def test_profiles_captions_count_their_n(frame) -> None:
    view = profiles.profiles(of(frame, ALL), ALL, START, END)
    said = profiles.captions(view, ALL, None)
    assert "n = 90 deals" in said.rates and text.small_n_note() in said.rates
    assert "n = 43 losses" in said.no_decision and text.small_n_note(text.LOSSES) in said.no_decision
    assert f"{text.N_TOO_SMALL}: fewer than {MIN_N} deals on a side" in said.verdict
    # No decision ÷ losses by profile reads as it does by profile, region and segment on the No decision page.
    by_group = no_decision.captions(no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END), START, 1)
    assert said.no_decision.rsplit(". Click", 1)[0] == by_group.breakdown.rsplit(". Click", 1)[0]
    # Excluding no decision, the win rate's n is won + lost: 47 + 37.
    excluding = profiles.captions(profiles.profiles(of(frame, EXCLUDING), EXCLUDING, START, END), EXCLUDING, None)
    assert "n = 84 deals" in excluding.rates and Denominator.EXCLUDING_NO_DECISION.label in excluding.rates


def test_bands_caption_states_cuts_left_out_and_the_rule() -> None:
    table = pl.DataFrame({"seller_profile": ["Challenger"], "band": ["Small"]})
    amount = Bands(table=table, cuts=(14_000.0, 44_800.0), basis="amount", labels=("Small", "Medium", "Large"),
                   left_out=1, cuts_from="all closed deals")
    said = profiles.bands_caption(amount, ALL)
    assert "\\$14" in said and "$14" not in said.replace("\\$", "")  # two dollars would start maths
    assert f"1 closed deal {text.WITHOUT_AN_AMOUNT} is left out." in said and text.small_n_note() in said
    hidden = profiles.bands_caption(amount, ALL, hide_amounts=True)
    assert "14" not in hidden and "cut points hidden" in hidden
    cycle = Bands(table=table, cuts=(30.0, 90.0), basis="cycle", labels=("Short", "Medium", "Long"), left_out=3,
                  cuts_from=None)
    assert "3 closed deals without a usable created date are left out." in profiles.bands_caption(cycle, ALL)


def test_reps_captions_and_column_help_count_their_n(frame) -> None:
    board = reps.leaderboard(of(frame, ALL), ALL, START, END)
    said = reps.leaderboard_captions(board, ALL)
    assert said.board.startswith("2 reps with a closed deal in range") and "2026 Q3 vs Q2" in said.board
    # A rate's cell on too few deals holds nothing, "—", as a change's: the notes say why.
    assert ("Rate cells: —: fewer than 20 deals in that rate's n (n too small), or none, "
            "as the 95% CI beside it.") in said.board
    assert "—: fewer than 20 deals in either quarter (n too small), or nothing to compare" in said.board
    assert "left empty" not in said.board
    assert text.small_n_note() in said.chart and Denominator.CLOSED.label in said.chart
    helps = reps.rate_column_help("2026 Q3")
    assert helps["win_rate"] == "—: fewer than 20 deals (n too small), or none."
    assert text.withheld_cell_note(text.LOSSES) in helps["no_decision_share_of_losses"]
    # Where a sort by the column puts the withheld rows, as the grid sorts them (an empty cell as 0, ties in the
    # table's order): the help said nothing of it, and they kept the win-rate ranking's order unsaid.
    assert helps["no_decision_share_of_losses"].endswith(
        "; sorted by this column, the grid counts — as 0%: those rows sit among the 0% ones (first going up, last "
        "going down), in the table's own order, by win rate.")
    assert text.blank_cell_note(scope="in either quarter") in helps["win_rate_qoq"] and "2026 Q3 vs Q2" in helps["win_rate_qoq"]
    assert text.blank_cell_note(text.LOSSES, scope="in either quarter") in helps["nd_qoq"]
    bo = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END)
    assert bo is not None
    card = reps.rep_captions(bo, ALL)
    # Bo: 60 closed deals, 25 of them lost (no no-decision deal).
    assert "n = 60 closed deals" in card.trend and text.small_n_note() in card.trend
    assert "the rep's 25 lost and no-decision deals" in card.reasons
    assert text.small_n_note(text.LOSSES) in card.scorecard_no_decision and text.small_n_note() in card.scorecard_win


def test_a_reps_tile_line_escapes_names_from_the_file_through_the_page(frame) -> None:
    named = frame.with_columns(pl.lit("*Star* team").alias("team"))
    ann = reps.rep(of(named, ALL), "Ann", ALL, START, END, as_of=END)
    assert ann is not None
    # A name ending in "team" is named once (text.team_words): not "Team *Star* team".
    assert ". *Star* team: win rate" in reps.rep_tiles_caption(ann)
    escaped = reps.rep_tiles_caption(ann, escape=text.md)
    assert ". \\*Star\\* team: win rate 52% (n = 90)" in escaped  # Ann's 12 of 30 and Bo's 35 of 60
    # A team of Ann alone is no benchmark, and its name is escaped where the line says so.
    alone = reps.rep(of(named.with_columns(pl.when(pl.col("rep") == "Ann").then(pl.col("team")).alias("team")), ALL),
                     "Ann", ALL, START, END, as_of=END)
    assert alone is not None and alone.team_alone
    assert f". \\*Star\\* team: {reps.TEAM_ALONE_WORDS}." in reps.rep_tiles_caption(alone, escape=text.md)


def test_the_review_words_small_n_as_the_pages_do(frame) -> None:
    review = quarterly_review(frame, "2026 Q3", END)
    page = section_captions(review)
    assert text.sentence(f"{text.WHISKERS}; {text.small_n_note()}") in page["profiles"]
    deck = section_captions(review, intervals=False)  # native charts: no whiskers to speak of
    assert text.sentence(text.small_n_note()) in deck["profiles"] and "Wilson" not in deck["profiles"]


def every_caption(frame: pl.DataFrame) -> list[str]:
    """Every caption, definition and column help the analysis views give, on the whole store."""
    said: list[str] = []
    first = overview.captions(overview.overview(of(frame, ALL), ALL, START, END), ALL)
    said += [first.definitions, first.trend, first.mix]
    nd = no_decision.captions(no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END), START, 1)
    said += [nd.definitions, nd.trend, nd.breakdown, nd.reps, nd.reasons, nd.cycle]
    pr = profiles.captions(profiles.profiles(of(frame, ALL), ALL, START, END), ALL, None)
    said += [pr.rates, pr.no_decision, pr.verdict]
    board = reps.leaderboard(of(frame, ALL), ALL, START, END)
    lb = reps.leaderboard_captions(board, ALL)
    said += [lb.board, lb.chart, *reps.rate_column_help("2026 Q3").values(), profiles.profile_reps_caption(ALL)]
    bo = reps.rep(of(frame, ALL), "Bo", ALL, START, END, as_of=END)
    assert bo is not None
    rc = reps.rep_captions(bo, ALL)
    said += [rc.scorecard_win, rc.scorecard_no_decision, rc.trend, rc.reasons]
    said += list(section_captions(quarterly_review(frame, "2026 Q3", END)).values())
    return said


def test_every_caption_words_the_small_n_rule_one_way(frame) -> None:
    """A hatched or hollow mark is "a bar drawn hatched, or a ring drawn hollow, has fewer than 20 …", a blank
    cell "—: fewer than 20 … (n too small)", a verdict "n too small: fewer than 20 …": never "grey" (a shade
    alone), "under 20"."""
    for caption in every_caption(frame):
        for found in re.finditer(r"(\S*\s)?fewer than (\S+)", caption):
            assert found.group(1) in ("has ", "—: ", "small: "), caption
            if found.group(1) == "has ":
                assert caption[: found.start()].endswith(("a bar drawn hatched, or a ring drawn hollow, ",
                                                          "A bar drawn hatched, or a ring drawn hollow, ")), caption
            assert found.group(2) == str(MIN_N), caption
        assert not re.search(r"grey|Grey|\b(under|below) \d", caption), caption


def test_every_caption_says_what_a_statistic_means_before_its_name(frame) -> None:
    """"whiskers: Wilson 95% intervals", "Intervals are Wilson 95%", "hatched or hollow: fewer than 20 deals" and a
    help "No decision ÷ (lost + no decision)" under a column headed "ND ÷ losses" read as jargon to a reader of
    spreadsheets: each says it in words first, the statistic's own name once in brackets to look it up."""
    said = every_caption(frame)
    for caption in said:
        assert "Wilson 95%" not in caption and "Intervals are" not in caption, caption
        assert "hatched or hollow:" not in caption.lower(), caption
    interval = "the range the true rate likely lies in (95% interval, Wilson)"
    assert text.WHISKERS == f"whiskers: {interval}"
    review = section_captions(quarterly_review(frame, "2026 Q3", END))
    assert f"by close-date quarter, with {interval};" in review["no_decision"]
    nd = no_decision.captions(no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END), START, 1)
    assert nd.trend.startswith(f"Bars: closed deals by close date; line: no decision ÷ all closed deals, with {interval}; ")
    helps = reps.rate_column_help("2026 Q3")
    assert helps["interval"].startswith("The range the true win rate likely lies in (95% interval, Wilson);")
    assert helps["no_decision_share_of_losses"].startswith(
        "Of the lost and no-decision deals, the share that ended with no decision (no decision ÷ (lost + no decision)); ")
    assert f"An interval is {interval}." in definition_text()
    assert ("No decision ÷ losses = no decision ÷ (lost + no decision): of the lost and no-decision deals, the share "
            "that ended with no decision.") in definition_text()


def test_the_findings_rule_says_what_its_test_means() -> None:
    """"a two-proportion z-test gives p < 0.05" told a reader of spreadsheets nothing: the rule says the gap is likely
    real, and what the test's threshold means, its name and p-value kept in brackets."""
    assert ("it is likely real (a two-proportion z-test: less than a 1 in 20 chance it is luck, p < 0.05), and it is "
            "at least 3 percentage points") in rule_text()


def test_the_findings_rule_says_a_profiles_gap_needs_reps_on_each_side() -> None:
    """A seller profile's gap is no finding when either side's deals are of fewer than 3 reps (its verdict withholds
    it): the rule every finding is read by says so."""
    assert "a seller profile's gap also needs the deals of at least 3 reps on each side" in rule_text()


def test_the_keyboard_line_says_what_it_does_before_the_keys(frame) -> None:
    """"(from the keyboard: the arrow keys to its row, then Shift+Space)" said keys before what they do."""
    board = reps.leaderboard(of(frame, ALL), ALL, START, END)
    assert reps.leaderboard_captions(board, ALL).board.endswith(
        "choose a row to open the rep. To open a rep from the table with the keyboard: move to the rep's row with the "
        "arrow keys, then press Shift+Space.")


@pytest.mark.parametrize("noun", ["deals", "losses", "closed deals"])
def test_a_note_keeps_its_threshold_when_min_n_changes(noun: str) -> None:
    assert text.small_n_note(noun, min_n=35) == (f"a bar drawn hatched, or a ring drawn hollow, has fewer than 35 {noun}: "
                                                 "too few to give its rate")
    assert text.blank_cell_note(noun, min_n=35).startswith(f"—: fewer than 35 {noun}")


def test_notes_in_place_of_a_chart_say_why_and_escape_values_through_the_page(frame) -> None:
    # The hand-worked export has no segment column and two regions; filtered to EMEA, one region.
    whole = no_decision.no_decision(of(frame, ALL), ALL, START, END, as_of=END)
    assert no_decision.missing_dimensions_note(whole) == (
        "No segment in these deals (the export or the roster has no such column, or it is empty): nothing to "
        "break down by.")
    assert no_decision.single_value_notes(whole) == []
    emea = no_decision.no_decision(of(frame, EMEA), EMEA, START, END, as_of=END)
    assert no_decision.single_value_notes(emea) == ["Every deal here has region EMEA: nothing to compare it with."]
    odd = frame.with_columns(region=pl.lit("[APAC](x)"))
    one = no_decision.no_decision(of(odd, ALL), ALL, START, END, as_of=END)
    assert no_decision.single_value_notes(one, escape=text.md) == [
        "Every deal here has region \\[APAC\\]\\(x\\): nothing to compare it with."]


def test_the_profile_mix_gives_way_to_a_note_when_no_ranked_rep_has_a_profile(frame) -> None:
    # No roster: both ranked reps (Ann 30 deals, Bo 60) are Unprofiled, so the chart would show only zeros.
    mix = profiles.profiles(of(frame, ALL), ALL, START, END).mix
    assert mix.ranked_reps == 2
    assert "none of the 2 ranked reps has a seller profile" in (profiles.unranked_mix_note(mix, ALL, None) or "")
    one = dataclasses.replace(mix, ranked_reps=1)
    assert "the one ranked rep has no seller profile" in (profiles.unranked_mix_note(one, ALL, None) or "")
    profiled = frame.with_columns(seller_profile=pl.lit("Challenger"))
    # Profiled, the two ranked reps are too few for a share (20 needed): a note in place of the chart too.
    assert "only 2 reps are ranked" in (profiles.unranked_mix_note(profiles.profiles(of(profiled, ALL), ALL, START, END).mix, ALL, None) or "")
    assert profiles.unranked_mix_note(dataclasses.replace(profiles.profiles(of(profiled, ALL), ALL, START, END).mix,
                                                          min_reps=2), ALL, None) is None
    # A range where no rep reaches MIN_N deals ranks nobody: a note, not "the top 0 of 0 reps".
    q3_only = Filters(preset="custom", start=dt.date(2026, 7, 1), end=dt.date(2026, 7, 31))
    empty = profiles.profiles(of(profiled, q3_only), q3_only, q3_only.start, q3_only.end).mix
    assert empty.ranked_reps == 0 and "no rep has 20 deals in this range" in (profiles.unranked_mix_note(empty, ALL, None) or "")
    assert profiles.bands_title("amount") == "Win rate by deal size band and seller profile"
    assert profiles.bands_title("cycle") == "Win rate by cycle length band and seller profile"


def test_the_grey_legend_keeps_the_threshold() -> None:
    assert text.small_n_legend() == f"n too small (fewer than {MIN_N})" and text.small_n_legend(5).endswith("than 5)")


def test_the_last_upload_line_names_the_file_as_text_and_the_as_of_rule() -> None:
    from winloss.deals import AS_OF_RULE

    last = {"file_name": "**q3**_export.csv", "at": dt.datetime(2026, 10, 2, 9, 30, tzinfo=dt.UTC), "store_version": 7}
    line = overview.last_upload_line(last, False, dt.date(2026, 9, 30), escape=text.md, store_version=7)
    assert text.md("**q3**_export.csv") in line and "**q3**" not in line.replace(text.md("**q3**"), "")
    assert "(store version 7)" in line and f"judged as of 30 Sep 2026: {AS_OF_RULE}." in line
    assert line.startswith(f":material/update: Last upload: **{text.md('**q3**_export.csv')}**, ")
    assert ":material/update: Last upload: the bundled sample, " in overview.last_upload_line(last, True, dt.date(2026, 9, 30), escape=text.md,
                                                                                      store_version=7)
    assert overview.last_upload_line(None, False, dt.date(2026, 9, 30), escape=text.md, store_version=0) == "No upload yet."


def test_the_last_upload_line_says_a_rollback_since_the_upload() -> None:
    last = {"file_name": "week1.csv", "at": dt.datetime(2026, 10, 2, 9, 30, tzinfo=dt.UTC), "store_version": 5}
    rollback = {"store_version": 8, "rolled_back_to": 5}
    line = overview.last_upload_line(last, False, dt.date(2026, 9, 30), escape=text.md, rolled_back=rollback,
                                     store_version=8)
    assert "(store version 8; last upload stored as version 5); the store was rolled back to version 5 at version 8. Open deals are judged" in line
    assert (overview.last_upload_line(None, False, dt.date(2026, 9, 30), escape=text.md,
                                      rolled_back={"store_version": 3, "rolled_back_to": 0}, store_version=3)
            == "No upload in effect; the store was rolled back to version 0 at version 3.")


def test_an_outcome_mix_on_too_few_closed_deals_gives_counts_not_shares(frame) -> None:
    """Beside a win-rate tile that says "n too small" (18 closed deals), the rep's outcome mix read
    "Won 10 · 56%": the same rate, shown. Below MIN_N closed deals the bars and the caption give
    counts alone, on the rep's page and on the Overview; at MIN_N, shares."""
    from winloss.present import charts

    for closed in (MIN_N - 2, MIN_N):
        won = closed // 2
        summary = pl.DataFrame({"closed": [closed], "won": [won], "lost": [closed - won - 1], "no_decision": [1]})
        words = [t.strip() for t in charts.outcome_mix(summary, title="t").data[0].text]
        small = closed < MIN_N
        assert all(("%" in w) != small for w in words), words
        assert words[0] == (f"{won}" if small else f"{won} · {text.percent(won / closed)}")
    assert text.outcome_mix_caption(MIN_N - 2, "the rep's") == (
        f"Counts of the rep's {MIN_N - 2} closed deals: no shares, fewer than {MIN_N} (n too small). "
        "Click a bar for its deals.")
    assert text.outcome_mix_caption(MIN_N, "all").startswith(f"Share of all {MIN_N} closed deals.")

    # One rep with fewer than MIN_N closed deals: the tile withholds the rate, the mix its shares.
    few = frame.filter(pl.col("rep") == "Ann").head(MIN_N - 2)
    ann = reps.rep(of(few, ALL), "Ann", ALL, START, END, as_of=END)
    assert ann is not None
    mine = ann.scorecard.filter(pl.col("comparison") == "rep")
    closed = int(mine["closed"][0])
    assert 0 < closed < MIN_N
    assert reps.outcome_mix_caption(ann).startswith(f"Counts of the rep's {text.plural(closed, 'closed deal')}: no shares")
    assert not any("%" in t for t in charts.outcome_mix(mine, title="t").data[0].text)
    tile = next(t for t in ann.shown_tiles(False) if t.label == "Win rate")
    assert tile.small and text.N_TOO_SMALL in tile.text
    said = overview.captions(overview.overview(of(few, ALL), ALL, START, END), ALL)
    assert said.mix.startswith(f"Counts of all {text.plural(closed, 'closed deal')}: no shares")


def test_loss_reasons_on_too_few_losses_give_counts_not_shares(frame) -> None:
    """A reason's share of a rep's 12 losses is a no-decision share on 12, which the small-n rule
    withholds everywhere else: below MIN_N losses the reason bars, their stacked totals, the bar of
    other reasons, the hovers, the caption and the chart's CSV give counts alone; from MIN_N on,
    shares. The outcome mix's CSV follows the same rule as its bars: each chart's CSV is written by
    common.chart_csv, the one rule of every chart's CSV."""
    from winloss.measures.no_decision import loss_reasons
    from winloss.present import charts
    from winloss.views.common import chart_csv, reasons_table

    def reasons(losses: int) -> pl.DataFrame:
        # Three reasons, one of them holding both outcomes (a stacked bar), and a fourth past top=3.
        rows = [("Price", "lost")] * (losses - 6) + [("Timing", "lost")] * 2 + [("Timing", "no_decision")] * 2
        rows += [("Budget", "no_decision"), ("Legal", "lost")]
        frame = pl.DataFrame(rows, schema=["loss_reason", "outcome"], orient="row")
        return (frame.group_by("loss_reason", "outcome").agg(pl.len().alias("deals"))
                .with_columns((pl.col("deals") / losses).alias("share"), pl.lit(1000.0).alias("amount")))

    for losses in (MIN_N - 1, MIN_N):
        small = losses < MIN_N
        figure = charts.reason_bars(reasons(losses), title="t", top=3)
        words = [w for trace in figure.data for w in (trace.text or ()) if w]
        hovers = [h for trace in figure.data for h in (trace.hovertext or ())]
        assert any("in all" in w for w in words) and any("other reason" in str(t.y) for t in figure.data)
        assert words and all(("%" in w) != small for w in words), words
        assert hovers and all(("%" in h) != small for h in hovers), hovers
        table = chart_csv(reasons_table(reasons(losses)))
        assert table["share"].is_null().all() == small and table["share"].is_not_null().all() != small
        assert set(table["losses"]) == {losses}  # the shares' n beside them
        assert "amount" not in reasons_table(reasons(losses), hide_amounts=True).columns
        caption = text.reasons_caption(losses, "the rep's")
        assert caption.startswith(f"Raw loss reasons of the rep's {losses} lost and no-decision deals"
                                  + (f": counts, no shares, fewer than {MIN_N} (n too small);" if small else ";"))

    # The views' own: one rep's few losses, through the rep's page and the No decision page's captions.
    few = frame.filter(pl.col("outcome") != "won").head(MIN_N - 5)
    ann_reasons = loss_reasons(of(few, ALL), START, END)
    assert int(ann_reasons["deals"].sum()) == MIN_N - 5
    view = no_decision.no_decision(of(few, ALL), ALL, START, END, as_of=END)
    assert int(view.reasons["deals"].sum()) == MIN_N - 5
    assert ": counts, no shares" in no_decision.captions(view, START, ALL.fy_start_month).reasons
    assert not any("%" in (w or "") for t in charts.reason_bars(ann_reasons, title="t").data for w in (t.text or ()))

    few_closed = overview.overview(of(frame.head(MIN_N - 3), ALL), ALL, START, END)
    assert chart_csv(few_closed.mix)["share_of_closed"].is_null().all()
    assert set(few_closed.mix["closed"]) == {MIN_N - 3}
    everyone = chart_csv(overview.overview(of(frame, ALL), ALL, START, END).mix)
    assert everyone["share_of_closed"].sum() == pytest.approx(1.0)


def test_the_overview_trend_names_the_ranges_quarters_with_no_closed_deal(frame) -> None:
    """A range from 1 Oct 2025 whose first deals closed in 2026 Q1 drew its lines from Q1: 2025 Q4
    vanished from the chart and the tiles' lines with no word."""
    wider = Filters(preset="custom", start=dt.date(2025, 7, 1), end=END)
    said = overview.captions(overview.overview(of(frame, wider), wider, wider.start, END), wider)
    assert "No deal closed in 2025 Q3, Q4 and 2026 Q1: their rates are blank." in said.trend
    assert "No deal closed" not in overview.captions(overview.overview(of(frame, ALL), ALL, START, END), ALL).trend


def test_a_reps_trend_names_the_quarters_the_rep_closed_no_deal_in(frame) -> None:
    """Ann's 2026 Q2 deals moved to Q1: her line ran from Q1 straight to Q3, Q2 left off its axis and its CSV.
    Q2 now stands between them as on every trend (measures.trends.every_quarter): 0 deals, no rate (a gap),
    its row in the CSV, and her caption names it in the Overview's words; her deal list's Quarter choice
    offers only the quarters it holds deals in."""
    moved = frame.with_columns(
        pl.when((pl.col("rep") == "Ann") & (pl.col("close_date") < dt.date(2026, 7, 1)))
        .then(pl.col("close_date") - dt.timedelta(days=91)).otherwise(pl.col("close_date")).alias("close_date"),
        pl.when((pl.col("rep") == "Ann") & (pl.col("close_date") < dt.date(2026, 7, 1)))
        .then(pl.col("created_date") - dt.timedelta(days=91)).otherwise(pl.col("created_date")).alias("created_date"),
    )
    wider = Filters(preset="custom", start=dt.date(2026, 1, 1), end=END)
    ann = reps.rep(of(moved, wider), "Ann", wider, wider.start, END, as_of=END)
    assert ann is not None
    assert ann.trend.filter(pl.col("closed") > 0)["quarter"].to_list() == ["2026 Q1", "2026 Q3"]
    assert ann.trend["quarter"].to_list() == ["2026 Q1", "2026 Q2", "2026 Q3"]
    from winloss.views.common import chart_csv  # the rule every chart's CSV is written by

    written = chart_csv(reps.trend_data(ann))
    assert written["quarter"].to_list() == ["2026-Q1", "2026-Q2", "2026-Q3"]
    csv = written.row(1, named=True)
    assert (csv["closed"], csv["won"], csv["n"], csv["win_rate"], csv["no_decision_share_of_losses"]) == (0, 0, 0, None, None)
    assert "2026 Q2" not in ann.deal_quarters and "2026 Q1" in ann.deal_quarters
    said = reps.rep_captions(ann, wider).trend
    assert "The rep closed no deal in 2026 Q2: its rates are blank. Click a point for its deals." in said
    bo = reps.rep(of(moved, wider), "Bo", wider, wider.start, END, as_of=END)
    assert bo is not None
    assert "closed no deal in 2026 Q1" in reps.rep_captions(bo, wider).trend  # Bo's deals start in Q2
    unmoved = reps.rep(of(frame, ALL), "Ann", ALL, START, END, as_of=END)
    assert unmoved is not None and "closed no deal" not in reps.rep_captions(unmoved, ALL).trend
    from winloss.views.common import no_deal_closed_sentence  # the Overview's words, one rule for both

    assert ann.empty_quarters == ("2026 Q2",)
    assert no_deal_closed_sentence(("2025 Q3", "2025 Q4", "2026 Q1")) == "No deal closed in 2025 Q3, Q4 and 2026 Q1: their rates are blank."
    assert no_deal_closed_sentence(("2026 Q1",)) == "No deal closed in 2026 Q1: its rates are blank."
