"""The review's deck and HTML report list the quarter's reps behind its charts (rep, team, coach, profile, n, won,
win rate, losses, no decision ÷ losses) as the Reps leaderboard lists them: its rows, its order, its withheld cells."""

from __future__ import annotations

import io
from datetime import date
from html import escape
from html.parser import HTMLParser

import polars as pl
import pytest
from pptx import Presentation
from pptx.util import Pt

from data_models.vocabulary import OPPORTUNITY_SCHEMA
from winloss.deals import ASSESSED, FROM_ROSTER, PROFILE_RATERS
from winloss.anonymise import anonymised
from winloss.export.deck import _MARGIN, CELL_MARGIN_X, REPS_SIZE, deck_bytes, reps_pages, slide_frame, text_width
from winloss.export.html import report_html
from winloss.export.words import number_columns, rep_rows, rep_table_note
from winloss.filters import Filters
from winloss.profile_sources import PROFILE_COLUMN_HELP
from winloss.rates import MIN_N
from winloss.text import DASH, N_TOO_SMALL, ND_SHARE_OF_LOSSES
from winloss.views.reps import RATE_CELLS_WORDS, leaderboard, leaderboard_table
from winloss.views.review import Review, quarterly_review

QUARTER = "2026 Q3"
AS_OF = date(2026, 10, 15)
CLOSED_ON = date(2026, 8, 14)
HEADER = ["Rep", "Team", "Profile", "n", "Won", "Win rate", "Losses", ND_SHARE_OF_LOSSES]
HOSTILE_REP, HOSTILE_TEAM = "<b>x</b>", "**x**"


def closed(rep: str, won: int, lost: int, no_decision: int) -> list[tuple[str, str, str]]:
    """(id, rep, outcome) of a rep's deals closed in the quarter."""
    outcomes = ["won"] * won + ["lost"] * lost + ["no_decision"] * no_decision
    return [(f"{rep}-{i}", rep, outcome) for i, outcome in enumerate(outcomes)]


def deals_of(rows: list[tuple[str, str, str]], reps: dict[str, tuple[str, str | None, str | None]]) -> pl.DataFrame:
    """The deals frame of `rows`, each rep's (profile, team, profile source) from `reps`."""
    records = []
    for opportunity, rep, outcome in rows:
        profile, team, source = reps[rep]
        records.append({
            "opportunity_id": opportunity, "rep": rep, "stage": outcome, "outcome": outcome,
            "created_date": date(2026, 6, 1), "close_date": CLOSED_ON, "amount": 10.0, "currency": "USD",
            "probability": None, "loss_reason": None, "account": f"Account {opportunity}", "segment": None,
            "region": None, "product": None, "competitor": None, "seller_profile": profile, "team": team,
            "manager": None, "profile_source": source, PROFILE_RATERS: 2 if source == ASSESSED else None,
        })
    schema = {**OPPORTUNITY_SCHEMA, "seller_profile": pl.String, "team": pl.String, "manager": pl.String,
              "profile_source": pl.String, PROFILE_RATERS: pl.UInt32}
    return pl.DataFrame(records, schema=schema)


# Ann: 25 closed, 15 won: 60%, on 25 deals; 4 lost + 6 no decision = 10 losses, under MIN_N: the share withheld.
# Bob: 30 closed, 6 won: 20%; 10 lost + 14 no decision = 24 losses: 14 ÷ 24 = 58%. His profile from the questionnaire.
# The hostile rep: 8 closed, 4 won: under MIN_N, the win rate withheld; 4 losses, withheld too. A team "**x**".
REPS = {"Ann": ("Challenger", "East", FROM_ROSTER), "Bob": ("Hard Worker", "West", ASSESSED),
        HOSTILE_REP: ("Lone Wolf", HOSTILE_TEAM, FROM_ROSTER)}
ROWS = closed("Ann", 15, 4, 6) + closed("Bob", 6, 10, 14) + closed(HOSTILE_REP, 4, 4, 0)


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return deals_of(ROWS, REPS)


@pytest.fixture(scope="module")
def review(frame) -> Review:
    return quarterly_review(frame, QUARTER, AS_OF)


def deck_tables(deck) -> list[tuple[str, list[list[str]]]]:
    """(title, the table's rows of text, header first) of each reps slide, in order."""
    found = []
    for slide in deck.slides:
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame and s.text_frame.text]
        if not texts or not texts[0].startswith("Reps: "):
            continue
        (table,) = [s.table for s in slide.shapes if s.has_table]
        found.append((texts[0], [[cell.text for cell in row.cells] for row in table.rows]))
    return found


class Tables(HTMLParser):
    """Every <table> of an HTML file as rows of cell text (as a browser shows it: entities read)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None:  # markup inside a cell: a name's <b> would have become a tag here
            self.cell.append(f"<tag {tag}>")

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append("".join(self.cell))
            self.cell = None

    def handle_data(self, data) -> None:
        if self.cell is not None:
            self.cell.append(data)


def html_tables(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


EXPECTED = [
    HEADER,
    ["Ann", "East", "Challenger", "25", "15", "60%", "10", DASH],
    ["Bob", "West", "Hard Worker†", "30", "6", "20%", "24", "58%"],
    [HOSTILE_REP, HOSTILE_TEAM, "Lone Wolf", "8", "4", DASH, "4", DASH],
]


def test_the_deck_holds_the_quarters_reps_as_a_native_table_with_the_withheld_cells(review):
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    ((title, rows),) = deck_tables(deck)
    assert title == f"Reps: {QUARTER}"
    assert rows == EXPECTED
    # What "—" and "*" mean, under the table, in the leaderboard's words.
    (slide,) = [s for s in deck.slides if any(sh.has_table for sh in s.shapes) and
                any(sh.has_text_frame and sh.text_frame.text == title for sh in s.shapes)]
    said = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert RATE_CELLS_WORDS in said and PROFILE_COLUMN_HELP.removeprefix("The rep's seller profile, ") in said
    assert f"3 reps with a closed deal in {QUARTER}" in said


def test_the_reps_are_the_leaderboards_rows_in_its_order(frame, review):
    """The same engine's rows: the leaderboard of the quarter's days lists the same reps, in the same order,
    withholding the same rates (no rate on fewer than MIN_N of its own n)."""
    start, end = review.start, review.end
    board = leaderboard_table(leaderboard(frame.lazy(), Filters(), start, end, AS_OF), hide_amounts=True)
    header, rows = rep_rows(review)
    assert [row[0] for row in rows] == board["rep"].to_list()
    withheld = [row[header.index("Win rate")] == DASH for row in rows]
    assert withheld == [n < MIN_N for n in board["n"].to_list()] == [False, False, True]
    shares = [row[header.index(ND_SHARE_OF_LOSSES)] == DASH for row in rows]
    assert shares == [n < MIN_N for n in board["nd_n"].to_list()] == [True, False, True]
    assert N_TOO_SMALL in rep_table_note(review)


def test_the_html_report_holds_the_reps_table_with_its_note(review):
    html = report_html(review)
    tables = [t for t in html_tables(html) if t and t[0] == HEADER]
    assert tables == [EXPECTED]
    assert "<h2>Reps</h2>" in html and f'<p class="caption">{escape(rep_table_note(review))}</p>' in html
    assert RATE_CELLS_WORDS in rep_table_note(review)


def test_a_hostile_rep_and_team_read_as_text_in_both_files(review):
    html = report_html(review)
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html
    (table,) = [t for t in html_tables(html) if t and t[0] == HEADER]
    assert [HOSTILE_REP, HOSTILE_TEAM] in [row[:2] for row in table]  # no tag inside a cell, the stars kept
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    ((_, rows),) = deck_tables(deck)
    assert rows[-1][:2] == [HOSTILE_REP, HOSTILE_TEAM]


def test_reps_too_many_for_one_slide_are_split_over_slides_each_with_the_header(frame):
    """60 reps: at REPS_SIZE their rows do not fit one slide; each slide lists some, its header first, within the
    room above its caption, and together they list every rep once, in the leaderboard's order."""
    many = {f"Rep {i:02d} with a rather long name": ("Challenger", f"Team {i % 4}", FROM_ROSTER) for i in range(60)}
    rows = [row for i, rep in enumerate(many) for row in closed(rep, 20 - i % 7, 5, 5)]
    review = quarterly_review(deals_of(rows, many), QUARTER, AS_OF)
    pptx = deck_bytes(review)
    tables = deck_tables(Presentation(io.BytesIO(pptx)))
    assert len(tables) > 1
    assert [title for title, _ in tables] == [f"Reps: {QUARTER} ({i} of {len(tables)})" for i in range(1, len(tables) + 1)]
    assert all(rows[0] == HEADER for _, rows in tables)
    listed = [row[0] for _, rows in tables for row in rows[1:]]
    assert listed == [row[0] for row in rep_rows(review)[1]] and len(listed) == 60
    # Shared out evenly, never a last slide of a few rows.
    sizes = [len(rows) - 1 for _, rows in tables]
    assert max(sizes) - min(sizes) <= 1
    bottom = slide_frame(review, rep_table_note(review)).bottom
    for slide in Presentation(io.BytesIO(pptx)).slides:
        for shape in slide.shapes:
            if shape.has_table:
                assert shape.top + sum(row.height for row in shape.table.rows) <= bottom
                sizes_set = {run.font.size for row in shape.table.rows for cell in row.cells
                             for paragraph in cell.text_frame.paragraphs for run in paragraph.runs}
                assert sizes_set == {Pt(REPS_SIZE)}  # never set smaller to fit


def test_reps_pages_fill_in_turn_then_share_out_evenly():
    # A header of 2 and rows of 1 within 10: 8 rows a page at the most; 17 rows need 3 pages: 6, 6 and 5.
    assert reps_pages([2] + [1] * 17, 10) == [range(0, 6), range(6, 12), range(12, 17)]
    assert reps_pages([2] + [1] * 8, 10) == [range(0, 8)]
    # A row too tall for a page alone keeps a page to itself; even shares that would not fit are not taken.
    assert reps_pages([2, 1, 20, 1], 10) == [range(0, 1), range(1, 2), range(2, 3)]
    assert reps_pages([2, 4, 4, 1, 1, 1, 1], 10) == [range(0, 2), range(2, 6)]


# A coaching quarter: no rep has MIN_N deals, so every rate is withheld; the counts of won deals still say who
# won what. Ann and the hostile rep have coaches, Bob none; "Cara Lind" coaches Ann.
COACHES = {"Ann": "Cara Lind", "Bob": None, HOSTILE_REP: "<i>c</i>"}
SMALL_ROWS = closed("Ann", 7, 3, 2) + closed("Bob", 2, 5, 1) + closed(HOSTILE_REP, 0, 1, 0)


def coached(rows: list[tuple[str, str, str]], coaches: dict[str, str | None]) -> pl.DataFrame:
    """deals_of(`rows`, REPS) with each deal carrying its rep's coach now (`coaches`), as winloss.deals writes it."""
    frame = deals_of(rows, REPS)
    return frame.with_columns(pl.col("rep").replace_strict(coaches, return_dtype=pl.String).alias("coach"))


COACHED_HEADER = ["Rep", "Team", "Coach", "Profile", "n", "Won", "Win rate", "Losses", ND_SHARE_OF_LOSSES]
COACHED_EXPECTED = [
    COACHED_HEADER,
    ["Ann", "East", "Cara Lind", "Challenger", "12", "7", DASH, "5", DASH],
    ["Bob", "West", DASH, "Hard Worker†", "8", "2", DASH, "6", DASH],
    [HOSTILE_REP, HOSTILE_TEAM, "<i>c</i>", "Lone Wolf", "1", "0", DASH, "1", DASH],
]


def test_a_quarter_of_few_deals_a_rep_still_says_who_won_what_and_who_coaches_them():
    """No rep has MIN_N deals: each rate reads "—", but the won deals are counted in every row and each rep's coach
    is named (none: "—"), in the deck's table and the report's alike."""
    review = quarterly_review(coached(SMALL_ROWS, COACHES), QUARTER, AS_OF)
    assert rep_rows(review) == (COACHED_EXPECTED[0], COACHED_EXPECTED[1:])
    ((_, rows),) = deck_tables(Presentation(io.BytesIO(deck_bytes(review))))
    assert rows == COACHED_EXPECTED
    html = report_html(review)
    assert [t for t in html_tables(html) if t and t[0] == COACHED_HEADER] == [COACHED_EXPECTED]
    assert "<i>c</i>" not in html  # a coach's name from the file is text, never markup


def test_won_is_the_reps_won_deals_of_the_quarter_beside_its_n(review):
    header, rows = rep_rows(review)
    won = [int(row[header.index("Won")]) for row in rows]
    assert won == [sum(1 for _, rep, outcome in ROWS if rep == row[0] and outcome == "won") for row in rows]
    assert header.index("Won") == header.index("n") + 1


def test_no_coach_column_when_no_rep_of_the_quarter_has_a_coach():
    review = quarterly_review(coached(SMALL_ROWS, dict.fromkeys(COACHES)), QUARTER, AS_OF)
    assert "Coach" not in rep_rows(review)[0] and "Won" in rep_rows(review)[0]


def test_an_anonymised_review_names_each_coach_by_their_pseudonym():
    """The coach reads as anonymising names them, as the rep beside them does: the real name is in neither file."""
    real = coached(SMALL_ROWS, COACHES)
    shown = anonymised(real)
    review = quarterly_review(shown, QUARTER, AS_OF, anonymized=True)
    header, rows = rep_rows(review)
    pseudonym = dict(shown.select("rep", "coach").unique().iter_rows())
    assert [row[header.index("Coach")] for row in rows] == [pseudonym[row[0]] or DASH for row in rows]
    coaches = [row[header.index("Coach")] for row in rows]
    assert sorted(c[:len("Coach ")] for c in coaches if c != DASH) == ["Coach ", "Coach "] and coaches.count(DASH) == 1
    deck = deck_bytes(review)
    assert "Cara Lind" not in report_html(review)
    assert all("Cara Lind" not in cell for _, table in deck_tables(Presentation(io.BytesIO(deck)))
               for row in table for cell in row)


def test_the_decks_coached_table_keeps_its_figures_whole_and_within_the_slide(frame):
    """Coach and Won beside 60 reps of long names: each column of numbers at least as wide as its header and widest
    figure need (so no figure wraps), the columns together within the slide's width, over slides as before."""
    many = {f"Rep {i:02d} with a rather long name": ("Challenger", f"Team {i % 4}", FROM_ROSTER) for i in range(60)}
    rows = [row for i, rep in enumerate(many) for row in closed(rep, 20 - i % 7, 5, 5)]
    coaches = {rep: f"Coach of a rather long name {i % 4}" for i, rep in enumerate(many)}
    frame_ = deals_of(rows, many).with_columns(pl.col("rep").replace_strict(coaches).alias("coach"))
    review = quarterly_review(frame_, QUARTER, AS_OF)
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    tables = [s.table for slide in deck.slides for s in slide.shapes if s.has_table
              and s.table.cell(0, 0).text == "Rep"]
    assert len(tables) > 1
    header, _ = rep_rows(review)
    numbers = number_columns(header, review)
    for table in tables:
        texts = [[cell.text for cell in row.cells] for row in table.rows]
        assert texts[0] == header and "Coach" in header and "Won" in header
        assert sum(column.width for column in table.columns) <= deck.slide_width - 2 * _MARGIN
        for c, number in enumerate(numbers):
            if number:
                need = max(text_width(row[c], REPS_SIZE, bold=r == 0) for r, row in enumerate(texts)) + 2 * CELL_MARGIN_X
                assert table.columns[c].width >= need


# The tester's names: a rep of 64 letters, a team of 82, a coach of markup, and the longest of the fixed profiles.
WIDE_REP = "Maximiliana Alexandrina Konstantinopoulou-Vanderbilt de la Cruz"
WIDE_TEAM = "Enterprise Strategic Accounts — North America East Coast Expansion & Renewals Team"
WIDE_COACH = "Coach <i>Ivy</i> Okonkwo"
WIDE_REPS = {WIDE_REP: ("Reactive Problem Solver", WIDE_TEAM, FROM_ROSTER), "Kim Park": ("Relationship Builder", "Bold", ASSESSED),
             "Ann": ("Challenger", "East", FROM_ROSTER)}


def test_the_decks_reps_table_cuts_no_short_name_and_shares_the_rest_by_need():
    """With a team of 82 letters, columns shared in proportion to their need gave the team its whole width and cut
    the short names: "Reactive Problem S…", "Coach <i>Ivy</i>…". Each profile, coach and short name reads whole in
    the deck's table; the long team and rep share what is left, neither wider than it needs."""
    rows = closed(WIDE_REP, 15, 6, 4) + closed("Kim Park", 12, 8, 2) + closed("Ann", 3, 1, 1)
    frame = deals_of(rows, WIDE_REPS).with_columns(
        pl.col("rep").replace_strict({WIDE_REP: WIDE_COACH, "Kim Park": WIDE_COACH, "Ann": None},
                                     return_dtype=pl.String).alias("coach"))
    review = quarterly_review(frame, QUARTER, AS_OF)
    deck = Presentation(io.BytesIO(deck_bytes(review)))
    ((_, shown),) = deck_tables(deck)
    header, *cells = shown
    (table,) = [s.table for slide in deck.slides for s in slide.shapes if s.has_table]
    widths = [column.width for column in table.columns]
    whole = rep_rows(review)[1]  # the cells before any is cut, in the table's order
    assert len(cells) == len(whole) == 3
    for row, given in zip(cells, whole, strict=True):
        for column in ("Profile", "Coach"):
            assert row[header.index(column)] == given[header.index(column)]
    assert "Kim Park" in [row[0] for row in cells] and WIDE_COACH in [row[header.index("Coach")] for row in cells]
    assert "Reactive Problem Solver" in [row[header.index("Profile")] for row in cells]
    assert "Kim Park" in [row[0] for row in cells]
    team, rep = widths[header.index("Team")], widths[header.index("Rep")]
    need = {name: text_width(name, REPS_SIZE) + 2 * CELL_MARGIN_X for name in (WIDE_TEAM, WIDE_REP)}
    assert team < need[WIDE_TEAM] and (abs(team - rep) <= 2 or rep == need[WIDE_REP])  # the rest shared evenly
