"""What the deck and the report both say, as plain text: the file name, subtitle, privacy note,
the headline tiles and the movers, at-risk and reps tables."""

from __future__ import annotations

import re
from typing import Final

from winloss import employment
from winloss.anonymise import replaced_people_words
from winloss.rates import Denominator
from winloss.views.common import filtered_sentence, unplaced_sentence
from winloss.views.deal_lists import DEAL_NAME, amount_column, short_deal_name
from winloss.views.review import (
    FINDING_HEADER,
    Review,
    change_lines,
    finding_cell,
    headline_tiles,
    listed_at_risk,
    mover_names,
    n_text,
)
from winloss.text import DASH, N_AND_LOSSES_NOTE, ND_SHARE_OF_LOSSES, change_in_points, day, percent
from winloss.views.reps import ND_SHARE, RATE_CELLS_WORDS, TEAM_HEADER, assessed_note, ranking_sentence, rate_cell_words
from winloss.views.review_findings import n_change


def file_name(review: Review, fmt: str) -> str:
    """quarterly-review-2026-q3.pptx, or quarterly-review-2026-q3-filtered.pptx for a filtered review, and
    quarterly-review-2026-q3-to-14-aug-as-of-2026-08-14.pptx for one as of a day before the data's own
    (Review.data_day), so two days' files of a quarter keep apart: the quarter and the day only, never a
    name from the data (a filter's values are named inside the file). A review with its reps anonymised or
    its amounts hidden says so at the end ("-anonymised", "-no-amounts"): it had the named file's name, and
    the two were easily mixed up when sent on."""
    quarter = re.sub(r"[^a-z0-9]+", "-", review.quarter.lower()).strip("-")
    day = f"-as-of-{review.as_of.isoformat()}" if review.data_day is not None else ""
    masked = f"{'-anonymised' if review.anonymized else ''}{'-no-amounts' if review.hide_amounts else ''}"
    return f"quarterly-review-{quarter}{day}{'-filtered' if review.filtered else ''}{masked}.{fmt}"


APP_NAME = "Win/loss dashboard"  # who wrote a downloaded file, as its properties say


def document_title(review: Review) -> str:
    """The review's title as its files carry it, the report's <title> and the deck's properties alike:
    "Quarterly review 2026 Q3", "... (filtered)" for a review of some deals only."""
    return f"Quarterly review {review.quarter}{' (filtered)' if review.filtered else ''}"


def scope_line(review: Review) -> str | None:
    """The filters the review's deals were narrowed by, as the pages word them (views.common.filtered_sentence),
    in plain text: escape it for where it goes. None for a review of every deal."""
    return filtered_sentence(review.filtered)


def scope_notes(review: Review) -> list[str]:
    """What the filters leave out for want of a value, one sentence each (views.common.unplaced_sentence,
    as the page says it: "The Deal size filter keeps 10 of the 42 closed deals in 2025 Q3; 12 of the 32 it
    leaves out have no deal size: ..."), worded for the review's reader (Review.role), in plain text; [] when they leave none out."""
    return [unplaced_sentence(left_out, f"in {review.quarter}", role=review.role) for left_out in review.unplaced]


def at_risk_scope_notes(review: Review) -> list[str]:
    """What the filters leave out of the at-risk pipeline for want of a value, one sentence each, said under
    its table (views.common.unplaced_sentence of Review.at_risk_unplaced): "The Deal size filter keeps 1 of
    the 4 open deals at risk; the 3 it leaves out have no deal size: ...", "at risk at the end of 2026 Q3" for a past
    quarter's pipeline, "at risk on 14 Aug 2026" for a past day within it (Review.pipeline_when); worded for
    the review's reader (Review.role), in plain text; [] when they leave none out."""
    within = f"at risk {review.pipeline_when}" if review.pipeline_by_age else "at risk"
    return [unplaced_sentence(left_out, within, role=review.role) for left_out in review.at_risk_unplaced]


def subtitle(review: Review) -> str:
    """Against which quarters, as of when, and what was masked."""
    return f"Against {review.previous} (last quarter) and {review.last_year} (same quarter last year)"


def privacy_note(review: Review) -> str | None:
    """What the file masks, as one sentence ("Rep, manager and coach names replaced by pseudonyms."); None when
    nothing is. The roles are anonymise's (replaced_people_words): it said "rep and manager" though coaches are
    replaced too."""
    parts = []
    if review.anonymized:
        parts.append(f"{replaced_people_words()} names replaced by pseudonyms")
    if review.hide_amounts:
        parts.append("amounts shown as shares and indices only")
    return "; ".join(parts).capitalize() + "." if parts else None


def kpi_rows(review: Review) -> list[dict]:
    """The headline tiles as text, the same records the review page draws (changes gated on n): each a dict of
    label, value (the figure and its aside in one line: "$4.06M · no rate for EUR"), figure ("$4.06M"), aside
    ("no rate for EUR", or None), phrase (bool: the figure is words, "No rate for EUR"), small (bool: a rate on
    too few deals), qoq, yoy (the change lines) and n ("n = 128 in 2026 Q3", or "")."""
    rows = []
    for tile in headline_tiles(review):
        qoq, yoy = change_lines(tile, review.previous, review.last_year)
        # "value" in one line of words; "figure" and "aside" apart, for a tile that sets the aside in small type (the
        # deck's and the HTML report's), and "phrase": the figure is words ("No rate for EUR"), set smaller than a figure.
        rows.append({"label": tile.label, "value": tile.words, "figure": tile.big_text, "aside": tile.aside,
                     "phrase": tile.phrase, "small": tile.small, "qoq": qoq, "yoy": yoy, "n": n_text(tile, review.quarter)})
    return rows


def at_risk_rows(review: Review, limit: int | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the at-risk deals table as text, of its first `limit` deals (all when None);
    a missing value (a HubSpot deal has no account, a deal no name) reads DASH, as in every deal list,
    not an empty cell. The deal's name ("Deal") beside its account as on the page's list, written as
    every deal list writes it there (deal_lists.short_deal_name: "Core Platform" beside "Silverline
    Media B.V.", the account's name it starts with left to the Account column), left out by
    the deal lists' rule when none of these deals has one (deal_lists.without_blank_names: a store of
    files that mapped none), as is the Account column when none has an account (views.review.listed_at_risk:
    a HubSpot export names none; it read "—" in every row). The stage column is headed review.stage_header ("Stage now" on a past day,
    its cells what became of a deal closed since). Amounts as every deal table writes them
    (views.deal_lists.amount_column): under "Amount ($)" each cell `compact` ("4.99M"); where one no
    exchange rate converts is among them, in its own currency and marked so ("£114k (not converted)"),
    under "Amount", every cell naming its currency ("$4.99M")."""
    listed = listed_at_risk(review, limit)
    named, accounts = DEAL_NAME in listed.columns, "account" in listed.columns
    header = ["Rep", *(["Account"] if accounts else []), *(["Deal"] if named else []), review.stage_header, "Days open",
              "Close date"]
    amount_header, amounts = amount_column(listed, review.currency)
    if not review.hide_amounts:
        header.append(amount_header)
    rows = []
    for i, r in enumerate(listed.iter_rows(named=True)):
        deal = [short_deal_name(r[DEAL_NAME], r.get("account")) or DASH] if named else []
        account = [r["account"] or DASH] if accounts else []
        row = [r["rep"] or DASH, *account, *deal, r["stage"] or DASH,
               f"{r['days_open']:,}" if r["days_open"] is not None else DASH, day(r["close_date"])]
        if not review.hide_amounts:
            row.append(amounts[i])
        rows.append(row)
    return header, rows


def rows_left_out(shown: int, total: int, first: str = "Largest") -> str | None:
    """What a table of the `first` `shown` of `total` at-risk deals says under it ("Largest 8 of 10
    shown; the full list is in the HTML report and the app."; `first` is Review.at_risk_first, "Longest
    open" with amounts hidden); None when it lists them all."""
    if shown >= total:
        return None
    return f"{first} {shown:,} of {total:,} shown; the full list is in the HTML report and the app."


def number_columns(header: list[str], review: Review) -> list[bool]:
    """For each column of `at_risk_rows`', `mover_rows`' or `rep_rows`' `header`, whether it holds numbers (days
    open, an amount, the two quarters' rates, the change, n, a rep's counts and rates): those read right-aligned on the page,
    in the deck and in the HTML report, so figures line up down a column as in every data grid."""
    named = {"Days open", "Change", "n", review.previous, review.quarter, *REP_NUMBER_HEADERS}
    return [h in named or h.startswith("Amount") for h in header]


def unbroken_columns(header: list[str], review: Review) -> list[bool]:
    """For each column of `at_risk_rows`' or `mover_rows`' `header`, whether its cells must never wrap
    inside a value where a page's table runs short of room: the numbers (number_columns), a date
    ("12 Jan 2027", split over three lines in presenter mode's at-risk table at 1280 px) and, when reps
    are anonymised, a rep's pseudonym ("Rep 09", split after "Rep"). A real name may wrap between its words."""
    whole = {"Close date", *(["Rep"] if review.anonymized else [])}
    return [number or h in whole for h, number in zip(header, number_columns(header, review), strict=True)]


def mover_rows(review: Review) -> tuple[list[str], list[list[str]]]:
    header = ["Rep", "Profile", "Measure", review.previous, review.quarter, "Change", "n", FINDING_HEADER]
    rows = [
        [
            name, r["seller_profile"], r["measure_label"], percent(r["before"]), percent(r["after"]),
            change_in_points(r["after"], r["before"]), n_change(r["n_before"], r["n_after"]),
            finding_cell(r["significant"]),
        ]
        # A rep who left or is leaving, marked after the name: "Bob Ray (left on 30 Sep 2026)".
        for name, r in zip(mover_names(review.movers), review.movers.iter_rows(named=True), strict=True)
    ]
    return header, rows


# The reps table's columns (rep_rows): the Reps leaderboard's (views.reps.leaderboard_table), headed as its grid
# heads them, but the no-decision share by its whole name, which the grid shortens for want of room.
REP_HEADERS: Final = {
    "rep": "Rep", employment.LEFT_ON: employment.LEFT_ON_HEADER, "team": TEAM_HEADER, "coach": "Coach",
    "seller_profile": "Profile", "closed": "Closed", "n": "n", "won": "Won", "win_rate": "Win rate", "nd_n": "Losses",
    ND_SHARE: ND_SHARE_OF_LOSSES,
}
REP_NUMBER_HEADERS: Final = ("Closed", "Won", "Win rate", "Losses", ND_SHARE_OF_LOSSES)  # and "n", as every table's
# The columns of counts, written with thousands separators.
_REP_COUNTS: Final = ("closed", "n", "won", "nd_n")


def rep_columns(review: Review) -> list[str]:
    """The columns of Review.reps the reps table shows, in order: rep, employment.LEFT_ON (when a rep has left
    or is leaving), team (when a rep has one), coach (when a rep has one), profile, closed (only when the win rate
    does not divide by every closed deal: else it is n again, as the leaderboard leaves it out), n, won (the count,
    shown however few the deals: a rate is withheld on a small n, a count never is), win rate, losses, the
    no-decision share of losses; [] for a review without reps."""
    if not review.reps.height:
        return []
    closed = Denominator(review.denominator) is not Denominator.CLOSED
    wanted = ["rep", employment.LEFT_ON, "team", "coach", "seller_profile", *(["closed"] if closed else []), "n",
              "won", "win_rate", "nd_n", ND_SHARE]
    return [c for c in wanted if c in review.reps.columns]


def rep_rows(review: Review) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the reps table as text, one row a rep who closed a deal in the quarter, in the
    leaderboard's order (Review.reps). Rates as the leaderboard's cells read (views.reps.rate_cell_words): "42%",
    "—" where withheld on too few of the rate's own n or none (rep_table_note says so); the profile as a grid
    shows it ("Challenger†", the mark explained by rep_table_note); a missing team or profile reads DASH. Names
    are the files' (pseudonyms when the review is anonymised): escape them where they go. ([], []) for none."""
    columns = rep_columns(review)
    if not columns:
        return [], []
    table = review.reps
    rates = rate_cell_words(table)
    cells: dict[str, list[str]] = {}
    for column in columns:
        if column in rates:
            cells[column] = rates[column]
        elif column in _REP_COUNTS:
            cells[column] = [DASH if v is None else f"{v:,}" for v in table.get_column(column).to_list()]
        else:
            cells[column] = [DASH if v is None else str(v) for v in table.get_column(column).to_list()]
    return [REP_HEADERS[c] for c in columns], [list(row) for row in zip(*(cells[c] for c in columns), strict=True)]


def rep_table_note(review: Review) -> str:
    """What the reps table says under it, in the leaderboard's caption's words (views.reps.ranking_sentence,
    RATE_CELLS_WORDS, text.N_AND_LOSSES_NOTE, assessed_note): how many reps it lists and in what order, what the
    win rate divides and what n counts, what an empty rate cell ("—") means, and, where a profile came from the
    questionnaire, what its "*" marks. Plain text; "" for a review without reps."""
    if not review.reps.height:
        return ""
    # "; n is …": a sentence of the deck's opens with a capital, and the column's name is "n".
    said = (f"{ranking_sentence(review.reps.height, f'in {review.quarter}')} {review.denominator_label}; "
            f"{N_AND_LOSSES_NOTE} {RATE_CELLS_WORDS}.")
    return said + assessed_note(review.reps, "seller_profile")
