"""Numbers in words, one rule each, and names from files kept as text."""

import datetime as dt
import re

import pytest

from winloss import text


def test_percent_and_points() -> None:
    assert text.percent(0.456) == "46%" and text.percent(None) == "—"
    assert text.points(0.12) == "+12 pts" and text.points(-0.21) == "-21 pts"
    assert text.points(0.01) == "+1 pt" and text.points(-0.011) == "-1 pt"  # never "+1 pts"
    assert text.points(0.001) == "±0 pts" and text.points(None) is None


@pytest.mark.parametrize(("after", "before", "change"), [
    (0.296, 0.304, "±0 pts"),  # labelled "30%" and "30%": never "-1 pt"
    (0.696, 0.404, "+30 pts"), (0.404, 0.696, "-30 pts"),  # "70%" and "40%": 30 apart, as a reader subtracts
    (0.125, 0.114, "+2 pts"),  # "13%" (a half rounded up, as percent writes it) and "11%"
    (0.996, 0.99, "±0 pts"),  # ">99%" against "99%": the share below 1 stays at 99
    (0.004, 0.0, "+1 pt"),  # "<1%" against "0%"
])
def test_a_change_is_the_difference_of_the_percentages_shown(after: float, before: float, change: str) -> None:
    assert text.change_in_points(after, before) == change
    assert text.percent(after)[-3:].strip("<>") and text.change_in_points(None, before) is None
    shown = [int(text.percent(r).strip("<>%")) for r in (after, before)]
    # Wherever the shown whole percentages are exact (neither "<1%" nor ">99%"), the change is their difference.
    if not any(text.percent(r)[0] in "<>" for r in (after, before)):
        assert text.points((shown[0] - shown[1]) / 100) == change


def test_counts_carry_their_noun_and_separator() -> None:
    assert text.plural(1, "rep") == "1 rep" and text.plural(3000, "rep") == "3,000 reps"
    assert text.plural(2, "opportunity", "opportunities") == "2 opportunities"
    assert text.days(1) == "1 day" and text.days(88) == "88 days"
    assert text.signed_count(3000) == "+3,000" and text.signed_count(-92) == "-92" and text.signed_count(0) == "±0"


def test_money_with_its_currency() -> None:
    assert text.money(1_250_000) == "$1.25M" and text.money(60_000) == "$60k" and text.money(950) == "$950"
    assert text.money(1_250_000, "EUR") == "€1.25M" and text.money(30_000, "chf") == "CHF 30k"
    assert text.money(-5_000) == "-$5k" and text.money(None) == "—" and text.money(-0.0) == "$0"
    assert text.money_change(-60_000) == "-$60k" and text.money_change(None) is None


@pytest.mark.parametrize(("value", "written"), [
    (4_990_000, "4.99M"), (5_026_400, "5.03M"),  # two figures wrote both "5M"
    (1_000_000, "1M"), (1_100_000, "1.1M"), (1_050_000, "1.05M"),  # two figures wrote "1M" beside "1.1M"
    (23_420, "23.4k"), (127_500, "128k"), (1_500, "1.5k"), (950, "950"), (12.34, "12.3"), (0.000123, "0.000123"),
    (999.4, "999"), (999.5, "1k"), (999_499, "999k"), (999_500, "1M"),  # rounded first, then scaled: never "1,000k"
    (999_499_999, "999M"), (999_500_000, "1B"), (2_400_000_000, "2.4B"), (1.23e12, "1,230B"),  # no scale above B
    (-1_500, "-1.5k"), (-999_500, "-1M"), (0, "0"), (-0.0, "0"), (None, "—"),
])
def test_compact_writes_three_figures_in_k_m_b(value: float | None, written: str) -> None:
    assert text.compact(value) == written
    if value is not None:
        assert text.money(value) == ("-" if value < 0 else "") + "$" + written.lstrip("-")


def _read_back(written: str) -> float:
    """The number a compact figure says (its currency stripped): "-$4.99M" -> -4_990_000."""
    negative = written.startswith("-")
    digits = written.lstrip("-").lstrip("$").replace(",", "")
    scale = dict((suffix, size) for size, suffix in text.SCALES).get(digits[-1], 1.0)
    number = float(digits[:-1] if scale != 1.0 else digits) * scale
    return -number if negative else number


def test_two_amounts_read_the_same_only_within_half_a_percent() -> None:
    """Every amount is written within 0.5% of itself, in k, M or B, never an exponent, so amounts in one
    column that read alike differ by less than a percent (the leaderboard wrote 4.99M and 5.03M "5M")."""
    amounts = [m * 10.0 ** e for e in range(-3, 13) for m in (1, 1.004, 1.0051, 1.2345, 2.5, 4.99, 5.0264, 9.994, 9.995, 9.9999)]
    for amount in amounts + [-a for a in amounts]:
        for written in (text.compact(amount), text.money(amount)):
            assert re.fullmatch(r"-?\$?[\d,]+(\.\d+)?[kMB]?", written), written  # no "e+03", no "K" or "G"
            assert abs(_read_back(written) - amount) <= 0.005 * abs(amount) * (1 + 1e-9), (amount, written)


def test_amounts_labelled_on_one_chart_share_one_precision() -> None:
    """"$1.1M" beside "$1.34M" and "$2.81M" read as known less exactly; never past three figures."""
    from winloss.text import same_precision

    assert same_precision(["$1.1M", "$1.34M", "$2.81M", "No amount", ""]) == ["$1.10M", "$1.34M", "$2.81M", "No amount", ""]
    assert same_precision(["$950k", "$1M", "$1.5M", "€23.4k", "$12k"]) == ["$950k", "$1.0M", "$1.5M", "€23.4k", "$12.0k"]
    assert same_precision(["-$5k", "CHF 1.25M", "CHF 2M", "—"]) == ["-$5k", "CHF 1.25M", "CHF 2.00M", "—"]


def test_compact_refuses_what_is_not_an_amount() -> None:
    for value in (float("nan"), float("inf"), float("-inf")):
        with pytest.raises(ValueError):
            text.compact(value)
        with pytest.raises(ValueError):
            text.money(value)


def test_table_and_axis_money_read_as_the_words_do() -> None:
    # Axis ticks and table columns write the symbol the words use ("$25M", not "USD 25M").
    assert text.currency_prefix("usd") == "$" and text.currency_prefix("CHF") == "CHF "
    assert text.money_column("EUR") == "€%,d"  # whole amounts with separators, no cents
    # A column of amounts is written compact per cell ("23.4k", "2.3M"); its header names the currency.
    assert text.money_header("Won") == "Won ($)" and text.money_header("Won", "GBP") == "Won (£)"
    assert text.money_header("Won", "CHF") == "Won (CHF)"  # no symbol known: the code


def test_dates_are_written_one_way() -> None:
    assert text.day(dt.date(2026, 12, 1)) == "1 Dec 2026"
    assert text.moment(dt.datetime(2026, 12, 1, 14, 5)) == "1 Dec 2026 14:05 UTC"
    # A date column Polars writes (DAY_STRFTIME) reads as `day` does: no leading zero, the month's abbreviation.
    import polars as pl

    days = [dt.date(2026, 10, 2), dt.date(2026, 12, 12), dt.date(2027, 5, 31)]
    assert pl.Series(days).dt.strftime(text.DAY_STRFTIME).to_list() == [text.day(d) for d in days]


def test_a_rate_on_few_deals_is_never_a_bare_percentage() -> None:
    assert text.rate(0.4, 5) == "n too small (n = 5)"
    assert text.rate(0.4, 300) == "40%" and text.rate(None, 0) == "—"
    assert text.rate_with_n(0.4, 300) == "40% (n = 300)"
    # On a bar whose axis label carries n, the same rule without repeating n.
    assert text.rate_on_bar(0.4, 5) == "n too small" and text.rate_on_bar(0.4, 300) == "40%"
    assert text.rate_on_bar(0.4, 300, small=True) == "n too small" and text.rate_on_bar(None, 0) == "no deals"


def test_a_change_of_zero_reads_as_no_change_in_every_form() -> None:
    for zero in (text.points(0.001), text.signed_count(0), text.relative(0.001), text.money_change(0.0)):
        assert zero is not None and text.is_no_change(zero), zero  # drawn grey, with no arrow
    assert (text.points(0.001), text.signed_count(0), text.relative(0.001), text.money_change(0.0, "EUR")) == (
        "±0 pts", "±0", "±0%", "±€0")
    for change in (text.points(0.02), text.signed_count(-3), text.relative(0.2), text.money_change(5.0), None, ""):
        assert not text.is_no_change(change), change


def test_an_interval_reads_one_way_in_a_table_and_in_a_hover() -> None:
    assert text.interval(0.381, 0.462) == "38–46%"
    assert text.interval_with_name(0.381, 0.462, False) == "95% interval 38–46%"
    assert text.interval_with_name(None, 0.4, False) == "" and text.interval(None, None) == "—"
    # A withheld rate's interval is not given: its middle would give the rate away (winloss.present.withheld).
    assert text.interval_with_name(0.381, 0.462, True) == ""


HOSTILE = ["**x**", "$x^2$", ":red[x]", "[l](javascript:alert(1))", "<b>x</b>", '<a href="https://e.example">x</a>',
           "_x_", "`x`", "# x", ":material/home:", ":smile:", "a\nb"]


@pytest.mark.parametrize("name", HOSTILE)
def test_markdown_escape_leaves_no_markup(name: str) -> None:
    escaped = text.md(name)
    # Every markup character is preceded by a backslash (a colon that could start a shortcode is alone in
    # an uncoloured span, itself escaped), and no line breaks survive.
    unspanned = escaped.replace(text.SHORTCODE_COLON_MARKDOWN, "\\:")
    for i, c in enumerate(unspanned):
        if c in "*$[]()<>_`#:":
            assert unspanned[i - 1] == "\\", (name, escaped)
    assert "\n" not in escaped
    # What is shown, once the escapes are read, is the name itself, with no character added.
    assert unspanned.replace("\\", "") == name.replace("\n", " ").replace("\\", "")


def test_a_colon_is_spanned_only_where_a_shortcode_could_start_and_gains_no_hidden_character() -> None:
    """Copied from the Data page, "already ingested on 2026-12-05 09:36 UTC" carried a zero-width space
    between 09: and 36, which md put after every colon something followed. A colon that could start what
    Streamlit replaces whatever the escapes (":smile:", ":material/home:", ":streamlit:", "http://") is
    alone in an uncoloured span, which splits the text without adding a character; any other is escaped."""
    span = text.SHORTCODE_COLON_MARKDOWN
    assert text.md("Lost: price") == "Lost\\: price"
    assert text.md("Stage:") == "Stage\\:"
    assert text.md("on 2026-12-05 09:36 UTC by ops") == "on 2026\\-12\\-05 09\\:36 UTC by ops"
    assert text.md(":smile:") == f"{span}smile\\:"
    assert text.md("a :material/home: b") == f"a {span}material/home\\: b"
    assert text.md("x :streamlit: y") == f"x {span}streamlit\\: y"
    assert text.md("see http://x.io") == f"see http{span}//x\\.io"
    assert text.md("Deal:fire") == f"Deal{span}fire"  # a caller's ": …" after it would close ":fire:"
    assert text.md(":red[x]") == "\\:red\\[x\\]"  # a directive: the escape alone stops it
    for name in ["09:36", ":smile:", "a :material/home: b", "http://x.io", "Ann:Lee"]:
        assert "\u200b" not in text.md(name)


# What Streamlit's Markdown (remark-gfm's literal autolinks) makes a link of, in one run of text once the
# escapes are read: mdast-util-gfm-autolink-literal's two patterns, as Streamlit 1.67's bundle has them.
GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)([^ \t\r\n]*)", re.IGNORECASE)
GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")
LINK_LIKE = ["bianca.rossi@acme.com", "www.example.com", "WWW.Example.COM", "Lost to www.rival.io (see bianca@acme.com)",
             "mailto:ann@x.com", "xmpp:ann@x.com", "https://acme.com/deal?id=1", "http://x.io", "a@www.b.co",
             "www.www.example.com", "Ann Lee <ann+crm@acme.co.uk>", "deals_export_bianca@acme.com_2026-11.csv"]


def text_runs(markdown: str) -> list[str]:
    """The runs of text Streamlit's Markdown searches for links in md's Markdown: the escapes read, each
    character md wrote alone in a span (text.ALONE_MARKDOWN) a run of its own."""
    return [re.sub(r"\\(.)", r"\1", run) for run in re.split(r"(:color\[\\.\]\{\})", markdown) if run]


@pytest.mark.parametrize("name", LINK_LIKE)
def test_an_email_address_or_a_web_address_from_a_file_holds_no_link_in_any_run_of_text(name: str) -> None:
    """A rep "bianca.rossi@acme.com" and an account "www.example.com" were drawn as links (a mailto and an
    http link): Streamlit's Markdown finds them in the text its escapes were read into, so an escaped "." or
    "@" did not stop it. No run of md's text holds what such a link is made of, and read back the Markdown
    is the name, with no character added (a copied name is the name)."""
    from tests.rendered import as_read

    markdown = text.md(name)
    for run in text_runs(markdown):
        assert not GFM_URL.search(run) and not GFM_EMAIL.search(run), (name, run, markdown)
    assert as_read(markdown) == name
    assert not re.search("[\u200b-\u200f\u2060-\u2069\ufeff]", markdown)


def test_an_at_sign_and_the_dot_after_www_are_alone_in_a_span_and_nothing_else_changes() -> None:
    at, dot = text.alone_markdown("@"), text.alone_markdown(".")
    assert text.md("bianca.rossi@acme.com") == f"bianca\\.rossi{at}acme\\.com"
    assert text.md("www.example.com") == f"www{dot}example\\.com"
    assert text.md("Wwwx.y and awww.b") == f"Wwwx\\.y and awww{dot}b"
    assert text.md("Ann Lee, Q3 2026") == "Ann Lee, Q3 2026"  # no "@" or "www.": as before
    assert text.md_spoken("bianca@acme.com's www.x deals") == "bianca@acme.com's www.x deals"  # shown nowhere


@pytest.mark.parametrize("name", HOSTILE)
def test_plotly_label_leaves_no_tags_or_maths(name: str) -> None:
    label = text.label(name)
    assert "<" not in label and ">" not in label and "$" not in label
    unescaped = label.replace("&lt;", "<").replace("&gt;", ">").replace("&#36;", "$").replace("&amp;", "&")
    assert unescaped == name


@pytest.mark.parametrize("name", [*HOSTILE, "&lt; is <", "A & B", "&#36;5 &amp; up", "Ann<br>Lee", ""])
def test_a_plotly_label_reads_back_as_the_text_it_was_made_of(name: str) -> None:
    assert text.plain_lines(text.label(name)) == [name]
    assert text.plain(text.label(name)) == name


def test_a_plotly_label_made_plain_keeps_its_lines_and_drops_its_markup() -> None:
    """What a chart writes (a tick of two lines, a bold name in a hover, a note in italics) as the text it shows."""
    assert text.plain_lines("2026 Q3<br>n = 1,234") == ["2026 Q3", "n = 1,234"]
    assert text.plain("2026 Q3<BR/>to date<br />n = 310") == "2026 Q3 to date n = 310"
    assert text.plain("<b>&lt;b&gt;Ann&lt;/b&gt;</b><br><i>likely real</i>") == "<b>Ann</b> likely real"
    assert text.plain(None) == ""


def test_a_withheld_change_names_each_side_too_small_with_its_n() -> None:
    from winloss.text import withheld_change

    assert withheld_change((("rep", 21), ("peers", 13)), "deals") == "peers n too small (13 deals)"
    assert withheld_change((("Q3", 13), ("Q2", 40)), "won deals") == "Q3 n too small (13 won deals)"
    assert withheld_change((("Q3", 12), ("Q2", 9)), "losses") == "Q3 and Q2 n too small (12 and 9 losses)"
    # A side with nothing at all says so plainly, never "n too small (0 deals)" or "(no deals)".
    assert withheld_change((("Q3", 12), ("Q2", None))) == "no deals in Q2; Q3 n too small (12 deals)"
    assert withheld_change((("Q3", 0), ("Q2", None)), "deals with a value") == "no deals with a value in Q3 or Q2"
    assert withheld_change((("rep", 30), ("peers", 0)), "losses", where="for the") == "no losses for the peers"
    assert withheld_change((("2026 Q3", 0), ("2025 Q3", 40)), "won deals") == "no won deals in 2026 Q3"
    # Both sides at MIN_N: nothing withheld, the change may be shown.
    assert withheld_change((("Q3", 20), ("Q2", 20)), "deals") is None


def test_a_share_short_of_all_or_none_never_reads_100_or_0_percent() -> None:
    """58 of 59 open deals is not "100%", 1 of 300 is not "0%": only exactly all or none reads so."""
    assert text.percent(0.0) == "0%" and text.percent(1.0) == "100%"
    for share in (299 / 300, 0.995, 0.9951, 1 - 1e-9):
        assert text.percent(share) == ">99%", share
    for share in (1 / 300, 0.004, 1e-9):
        assert text.percent(share) == "<1%", share
    assert text.percent(0.99) == "99%" and text.percent(0.01) == "1%"
    assert text.interval(0.004, 0.05) == "<1% to 5%" and text.interval(0.9, 0.996) == "90% to >99%"
    assert text.interval(0.38, 0.46) == "38–46%"


def test_the_at_risk_finding_words_a_share_short_of_all_as_short_of_all() -> None:
    from winloss.views.review_findings import at_risk_finding

    finding = at_risk_finding(58, 59, 34.6e6 / 34.65e6, 34.6e6, "2026 Q4", min_n=20)
    assert finding is not None
    assert "100%" not in finding.text and "(98%)" in finding.text and "(>99% of open pipeline value)" in finding.text


# ---- a file name in a grid cell (text.cell_lines) ------------------------------------------------
ROOM = 144  # px: the History's File column (160) less its padding


def _laid(shown: str, name: str) -> list[str]:
    """The lines the grid draws `shown` in (it breaks only at a space, and each line fits ROOM)."""
    lines = shown.split(" ")
    assert all(text.grid_px(line) <= ROOM for line in lines), lines
    return lines


@pytest.mark.parametrize("name", [
    "Salesforce_Opportunities_Export_2026-11-30_final_v2.csv", "rep_roster.csv", "week1.csv",
    "pipeline.export.2026.11.30.xlsx", "Q3_2026-deals-FINAL-final-really.csv",
])
def test_a_file_name_breaks_after_an_underscore_a_hyphen_or_a_dot(name) -> None:
    """The History grid broke "Salesforce_Opportunitie" / "s_Export_2026-11-30_fi" / "nal_v2.csv":
    it wraps only at a space. The spaces put in fall after a break point, and taking them out gives
    the name back whole."""
    shown = text.cell_lines(name, ROOM, 3)
    lines = _laid(shown, name)
    assert "".join(lines) == name and len(lines) <= 3
    assert all(line[-1] in text.NAME_BREAKS for line in lines[:-1]), lines
    assert text.cell_lines("Salesforce_Opportunities_Export_2026-11-30_final_v2.csv", ROOM, 3) == (
        "Salesforce_ Opportunities_Export_ 2026-11-30_final_v2.csv")


def test_a_name_that_fits_its_cell_as_the_grid_draws_it_gets_no_space() -> None:
    """"Q4_PIPELINE_FINAL.csv" is 140.5 px as the grid draws it (text.grid_px), within the 144 px; measured
    by text_px's wider capitals (153 px) it got a space, "Q4_PIPELINE_ FINAL.csv", and the grid, fitting the
    line with the space, showed it. A space goes in only where the line overflows without it."""
    assert text.grid_px("Q4_PIPELINE_FINAL.csv") <= ROOM < text.text_px("Q4_PIPELINE_FINAL.csv")
    assert text.cell_lines("Q4_PIPELINE_FINAL.csv", ROOM, 3) == "Q4_PIPELINE_FINAL.csv"
    for name in ("deals_with_bad_rows.csv", "CRM_EXPORT_WEEK_12.csv", "Salesforce_Opportunities_Export_2026-11-30_final_v2.csv"):
        lines = text.cell_lines(name, ROOM, 3).split(" ")
        # Each line with the next one's first piece and the space would overflow: the grid breaks at every space.
        for line, after in zip(lines, lines[1:], strict=False):
            first = re.match(r"[^_\-.]*[_\-.]*", after).group(0)
            assert text.grid_px(line + " " + first) > ROOM, (line, first)


def test_a_name_too_long_for_the_cell_keeps_its_start_and_its_end() -> None:
    name = "HubSpot-deals-export-all-pipelines-including-archived-2026-11-30-0915.csv"
    shown = text.cell_lines(name, ROOM, 3)
    lines = _laid(shown, name)
    assert len(lines) == 3 and name.startswith("".join(lines[:2]))
    assert lines[2].startswith("…") and name.endswith(lines[2][1:]) and "2026-11-30-0915.csv" in lines[2]
    # A run with no break point at all is cut where the line is full: nothing better exists.
    run = "a" * 60 + ".csv"
    lines = _laid(text.cell_lines(run, ROOM, 3), run)
    assert len(lines) == 3 and lines[2].startswith("…") and run.endswith(lines[2][1:])


def test_a_name_with_spaces_keeps_them_and_none_is_left_as_none() -> None:
    assert text.cell_lines("Q3 export final.csv", ROOM, 3) == "Q3 export final.csv"
    assert text.cell_lines("<b>Deals</b> *week*_12.csv", ROOM, 3).replace(" ", "") == "<b>Deals</b>*week*_12.csv"
    assert text.cell_lines(None, ROOM, 3) is None


# ---- a name in a chart's words (text.shortened, text.name_lines) -----------------------------------
def test_a_name_is_shortened_at_its_end_to_the_room_it_is_given() -> None:
    def px(value: str) -> float:
        return text.chart_px(value, 16)

    name = "Maximiliana Alexandrina Wolfgangsdottir-Habsburg-Lothringens"
    assert text.shortened(name, px(name), px) == name  # it fits: whole
    cut = text.shortened(name, 150, px)
    assert cut.endswith(text.ELLIPSIS) and name.startswith(cut[:-1]) and px(cut) <= 150
    assert not cut[:-1].endswith(" ")  # no space before the ellipsis
    assert text.shortened(name, 1, px) == "M" + text.ELLIPSIS  # never less than one character and the cut
    # Chart type is measured wider than the grid's, and wider at a larger size.
    assert text.chart_px(name, 13) > text.text_px(name) * 13 / 14 and text.chart_px(name, 16) > text.chart_px(name, 13)


@pytest.mark.parametrize(("name", "lines"), [
    ("Ann Lee", ["Ann Lee"]),
    ("Other Reactive Problem Solver reps", ["Other Reactive", "Problem Solver reps"]),
    ("Maximiliana Alexandrina Wolfgangsdottir-Habsburg-Lothringens", ["Maximiliana", "Alexandrina Wolfgang…"]),
])
def test_a_chart_label_takes_two_lines_at_most_the_last_cut(name: str, lines: list[str]) -> None:
    def px(value: str) -> float:
        return text.chart_px(value, 13)

    assert text.name_lines(name, 150, px) == lines
    assert all(px(line) <= 150 for line in text.name_lines(name, 150, px))
    # A run with no space is broken where it must be, and the rest still cut with "…".
    laid = text.name_lines("=HYPERLINK(\"http://evil.example/\",\"click me\")" * 2, 150, px)
    assert len(laid) == 2 and laid[1].endswith(text.ELLIPSIS) and all(px(line) <= 150 for line in laid)


def test_a_long_name_from_a_file_is_laid_out_measuring_a_few_starts_not_every_one() -> None:
    """A rep's name is a file's cell, of any length: laying out a 5,000-character name measured every
    start of it, once per line, and took 45 s on the rep's page (name_lines, for its scorecards). The
    measurements are counted, not timed: a few per line, whatever the name's length."""
    from winloss import text

    measured = 0

    def px(words: str) -> float:
        nonlocal measured
        measured += 1
        return text.chart_px(words, 13)

    name = "x" * 2_000
    lines = text.name_lines(name, 300, px)
    assert len(lines) == 2 and lines[1].endswith(text.ELLIPSIS)
    # About a dozen measurements a line: fewer than one for every two characters (every start of every line: millions).
    assert measured < len(name) // 2, measured
    measured = 0
    short = text.shortened(name, 300, px)
    assert short.endswith(text.ELLIPSIS) and px(short) <= 300
    assert measured < 100, measured


# ---- the grid's clip of a text wider than its cell (text.cut_in_cell) ------------------------------------
@pytest.mark.parametrize(("name", "column_px"), [
    ("Maximiliana Alexandrina Konstantinopoulou", 180), ('=HYPERLINK("http://x","Eve")', 110),
    ("[click](http://evil.example) Mallory", 110), ("Relationship Builder", 125),
])
def test_a_name_too_long_for_its_grid_column_is_clipped(name: str, column_px: int) -> None:
    """The grid clips a long name mid-letter with no mark ("Maximiliana Alexandrina Konst", "Reactive
    Problem Sc"), measured as the grid draws it."""
    assert text.cut_in_cell(name, column_px)


def test_a_name_that_fits_its_grid_column_is_not_clipped() -> None:
    """The five profiles in the leaderboard's 166 px Profile column, the sample's longest account in its 204 px
    and HubSpot's longest stage in its 166 px read whole; no text is never clipped. Measured as Chromium draws
    the grid's type: "o" is 7.6 px, wider than text_px's 7 for a small letter, "i" 3.5."""
    for name, column_px in (("Reactive Problem Solver", 166), ("Relationship Builder", 166),
                            ("Blue Ridge Manufacturing Corp.", 204), ("Decision Maker Bought-In", 166),
                            ("Camila Brennan", 110)):
        assert not text.cut_in_cell(name, column_px), name
    assert not text.cut_in_cell(None, 80)
    assert text.grid_px("o") > text.text_px("o") and text.grid_px("i") < text.text_px("i")
    assert text.grid_px("漢") == text.UNKNOWN_CHARACTER_PX  # a character the table does not list: wide


# ---- text from a file cannot reorder or hide the product's words -------------------------------------
# U+202E (right-to-left override) in a region drew the chart's "Anna \u202eKovac (n = 12)" as "Anna (21 = n)
# cavoK", a false number, and a file "x \u202eslx.csv" as "x vsc.xls"; an escape byte drew nothing on a page.
OVERRIDDEN = "Anna \u202eKovac"
BIDI_AND_HIDDEN = ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069",
                   "\u200e", "\u200f", "\u061c", "\u200b", "\u2060", "\ufeff", "\u00ad"]


@pytest.mark.parametrize("hidden", BIDI_AND_HIDDEN)
def test_every_escaping_function_drops_direction_controls_and_hidden_characters(hidden: str) -> None:
    name = f"Anna {hidden}Kovac"
    assert text.visible(name) == "Anna Kovac"
    assert text.md(f"{name} (n = 12)") == "Anna Kovac \\(n \\= 12\\)"
    assert text.label(f"{name} (n = 12)") == "Anna Kovac (n = 12)"
    assert text.html_text(f"<{name}>") == "&lt;Anna Kovac&gt;"
    assert text.cell_lines(name, 400, 2) == "Anna Kovac"
    assert text.name_lines(name, 400) == ["Anna Kovac"]


def test_a_file_name_with_an_override_reads_as_its_letters_not_as_another_kind_of_file() -> None:
    name = "**evil** <b>x<i>y $y$ \u202eslx.csv"
    assert text.visible(name) == "**evil** <b>x<i>y $y$ slx.csv"
    for written in (text.md(name), text.label(name), text.cell_lines(name, 144, 3)):
        assert written is not None and "\u202e" not in written


def test_control_bytes_are_drawn_as_their_pictures_and_joiners_are_kept() -> None:
    assert text.visible("\x1b[31mRed\x1b[0m Rep\x07") == "␛[31mRed␛[0m Rep␇"
    assert text.visible("a\x7fb\x9bc") == "a␡b\ufffdc"
    assert text.label("\x1b]8;;http://evil.example\x07Click") == "␛]8;;http://evil.example␇Click"
    # The zero-width joiner shapes emoji and letters of some scripts: it stays.
    assert text.visible("👩\u200d💻 and \u0645\u200c\u06cc") == "👩\u200d💻 and \u0645\u200c\u06cc"
    assert text.visible("Plain Rep") == "Plain Rep"


def test_a_file_named_after_an_upload_holds_no_control_byte_override_or_path_character() -> None:
    assert text.file_name_part("\x1b[31mred\x1b]8;;http:__e\x07") == "[31mred]8;;http___e"
    assert text.file_name_part("**evil** <b>x<i>y $y$ \u202eslx") == "_evil_ _b_x_i_y $y$ slx"
    assert text.file_name_part("../../etc/passwd") == "_.._etc_passwd"
    assert text.file_name_part("Ana Müller") == "Ana Müller"
    assert text.file_name_part("\u202e\x07 . ", "rep") == "rep"
    assert len(text.file_name_part("x" * 5000)) == text.FILE_NAME_CHARACTERS


def test_a_reference_line_is_named_by_the_small_n_rule() -> None:
    from winloss.text import reference_words

    assert reference_words("All profiles", 0.37, 369) == "All profiles: 37%"
    assert reference_words("All profiles", 0.5, 16) == "All profiles: n too small (n = 16)"
    assert reference_words("All reps", None, 0) == "All reps: —"


# ---- a label a screen reader reads (text.md_spoken) -------------------------------------------------
def test_a_spoken_label_keeps_an_apostrophe_a_parenthesis_and_a_colon_before_a_space_bare() -> None:
    """Streamlit names a widget by its label as written: md's "Why Ann\\'s deals were lost\\: …" was read
    with its backslashes. Those md needs for no Markdown construct go; a label's first character keeps its."""
    assert text.md_spoken("Why Ann's deals (team: EMEA)") == "Why Ann's deals (team: EMEA)"
    assert text.md_spoken('"Done" stage:') == '\\"Done" stage:'
    assert text.md_spoken("(a)") == "\\(a)"


def test_a_spoken_label_keeps_a_dot_and_a_hyphen_bare_where_no_list_or_heading_starts() -> None:
    """A screen reader read "bianca\\.rossi" and "Ann\\-Marie" with their backslashes: a dot, a hyphen, a
    plus, a hash and an equals sign start a list or a heading only at a line's start (a dot after a digit)."""
    assert text.md_spoken("bianca.rossi@acme.com: Ann-Marie Lee's C++ #2 = top") == (
        "bianca.rossi@acme.com: Ann-Marie Lee's C++ #2 = top")
    assert text.md_spoken("1. Team") == "1\\. Team"  # "1." would start a list
    assert text.md_spoken("- Team") == "\\- Team"  # a label's first character keeps its escape
    assert text.md_spoken("v2.0") == "v2\\.0"


@pytest.mark.parametrize("name", ["[x](http://evil/a)", "![i](http://evil/i.png)", "**b** _i_ `c` ~s~ $x$ <b>h</b> &amp;",
                                  ":red[x] :material/home: :smile:", "a:b http://x www.x.com", "\\' \\( \\: \\\\"])
def test_a_spoken_label_escapes_every_character_that_makes_markup(name) -> None:
    """Every character a link, an image, emphasis, code, maths, HTML, an entity or a Streamlit directive or
    icon is made of stays escaped as md escapes it; a backslash from the file stays one."""
    spoken, full = text.md_spoken(name), text.md(name)
    for mark in "[]*_`~$<>&!":
        assert spoken.count("\\" + mark) == full.count("\\" + mark), mark
    span = ":color[\\:]{}"  # md's colon that could start a shortcode or a link (text.md)
    assert spoken.count(span) == full.count(span)  # a colon a name follows
    # md's "@" and "www." in spans of their own (no link) are bare in a label that is not shown.
    full = text.ALONE_MARKDOWN.sub(lambda m: m[0] if m[1] == ":" else "\\" + m[1], full)
    assert spoken.replace("\\", "") == full.replace("\\", "")  # the same characters, fewer escapes
    # md escapes each of the file's backslashes as "\\\\": unescaping the label gives the name back.
    assert re.sub(r"\\(.)", r"\1", spoken.replace(span, "\\:")) == name


def test_a_column_of_short_amounts_is_written_with_one_number_of_decimals_a_scale() -> None:
    from winloss.text import compact_column

    # Each rounded from its own value: 10,540,000 is "10.54M", not 10.5M padded to "10.50M".
    assert compact_column([1_100_000, 1_110_000, 1_600_000, 10_540_000, 950_000, 23_400, 23_000, None, 0]) == [
        "1.10M", "1.11M", "1.60M", "10.54M", "950.0k", "23.4k", "23.0k", "—", "0"]
    assert compact_column([1_100_000, -5_000, 5_000.4], "USD") == ["$1.1M", "-$5k", "$5k"]
    # A tiny amount beside a larger one of no scale gave every amount its seven decimals: "999.4000000".
    assert compact_column([999.4, 0.0000001, 5.5]) == ["999.40", "0.00", "5.50"]
    assert compact_column([1_234, 123_456], "EUR") == ["€1.23k", "€123.46k"]


SHORT_AMOUNT = re.compile(r"^(?P<sign>-?)(?P<currency>[^\d-]*)(?P<number>\d[\d,]*(?:\.\d+)?)(?P<suffix>[kMB]?)$")
SUFFIXES = {"": 1.0, "k": 1e3, "M": 1e6, "B": 1e9}


def swept_amounts() -> list[float]:
    """Amounts of every kind a file gives, for the sweeps below: cents, each side of every scale's
    boundary (999,950 rounds to 1M, not "1,000k"), halves, negatives, zero and the tiny."""
    import random

    chosen = random.Random(55)
    amounts = [0.0, 0.004, 0.005, 0.01, 0.125, 1.005, 9.995, 99.95, 999.4, 999.5, 999.95, 999.999, 1_000.0,
               1_234.56, 9_999.5, 53_912.61, 59_331.41, 99_950.0, 120_500.0, 250_500.0, 999_499.99, 999_500.0,
               999_950.0, 999_999.99, 1_234_567.89, 999_500_000.0, 999_950_000.0, 1.23e12, 1e-7, 123_456_789.123]
    amounts += [round(10 ** chosen.uniform(-2, 10), 2) for _ in range(400)]
    amounts += [10 ** e * m for e in range(0, 10) for m in (0.99949, 0.9995, 0.99951, 1.0)]
    return amounts + [-a for a in amounts if a]


def readable(written: str, value: float) -> str | None:
    """What is wrong with `written` as a short form of `value`, None when nothing is: it must be at most
    three significant figures, a number under 1,000 before k or M, within 0.5% of the value, with its sign."""
    match = SHORT_AMOUNT.match(written)
    if not match:
        return "not a short amount"
    number = match["number"].replace(",", "")
    digits = number.replace(".", "").lstrip("0")
    figures = len(digits.rstrip("0")) if "." not in number else len(digits)
    if figures > 3 and not (match["suffix"] == "B" and "." not in number):
        return f"{figures} figures"
    if match["suffix"] in ("k", "M") and float(number) >= 1_000:
        return "1,000 or more of a scale"
    said = float(number) * SUFFIXES[match["suffix"]] * (-1 if match["sign"] else 1)
    if value and abs(said - value) > abs(value) * 0.005 + 1e-12:
        return f"{said} is not within 0.5% of it"
    if (said < 0) != (value < 0) and said:
        return "the wrong sign"
    return None


def test_every_short_amount_is_written_in_three_figures_whatever_its_decimals() -> None:
    """compact, money, a column's (compact_column) and a chart's (same_precision) short amounts, swept over
    amounts of every kind: each in at most three figures, within 0.5% of its value. A column wrote 1,234
    beside 123,456 "123.46k", and 999.4 beside 0.0000001 "999.4000000"."""
    amounts = swept_amounts()
    for amount in amounts:
        assert readable(text.compact(amount), amount) is None, (amount, text.compact(amount))
        assert readable(text.money(amount, "EUR"), amount) is None, (amount, text.money(amount, "EUR"))
    assert text.money(999_950, "USD") == "$1M" and text.compact(999.95) == "1k" and text.money(-999_950) == "-$1M"
    for column in (amounts[i:i + 7] for i in range(0, len(amounts), 7)):
        written = text.same_precision([text.money(a) for a in column])
        wrong = [(a, w, readable(w, a)) for a, w in zip(column, written, strict=True) if readable(w, a)]
        assert not wrong, wrong


def test_a_column_of_short_amounts_lines_up_within_half_a_cent_or_half_a_percent() -> None:
    """compact_column, swept over the same amounts seven at a time: every amount of one scale with one number of
    decimals, at most two, none 1,000 or more of a scale, each within 0.5% of its value or half a cent."""
    amounts = swept_amounts()
    for column in (amounts[i:i + 7] for i in range(0, len(amounts), 7)):
        for written in (text.compact_column(column), text.compact_column(column, "USD")):
            decimals: dict[str, set[int]] = {}
            for amount, cell in zip(column, written, strict=True):
                match = SHORT_AMOUNT.match(cell)
                assert match, (amount, cell)
                number = match["number"].replace(",", "")
                decimals.setdefault(match["suffix"], set()).add(len(number.partition(".")[2]))
                assert match["suffix"] in ("", "B") or float(number) < 1_000, (amount, cell)
                said = float(number) * SUFFIXES[match["suffix"]] * (-1 if match["sign"] else 1)
                assert abs(said - amount) <= max(abs(amount) * 0.005, 0.005) + 1e-9, (amount, cell)
            assert all(len(counts) == 1 and max(counts) <= 2 for counts in decimals.values()), (column, written)
