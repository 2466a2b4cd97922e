"""The quarterly review as one HTML file that opens offline: plotly.js inlined, nothing fetched."""

from __future__ import annotations

import re
from functools import cache
from typing import Final

import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from winloss.export.words import (
    at_risk_rows,
    at_risk_scope_notes,
    document_title,
    kpi_rows,
    mover_rows,
    number_columns,
    privacy_note,
    rep_rows,
    rep_table_note,
    scope_line,
    scope_notes,
    subtitle,
)
from winloss.present import review_charts
from winloss.present.charts import ChartRoom
from winloss.present.theme import styled
from winloss.views.review import SECTION_TITLES, Review, dates_line, left_out_notes, missing_charts, section_captions, stage_now_note
from winloss.text import html_text
from winloss.views.review_findings import rule_text

# Nothing may leave the file: inline scripts and styles, data: images, no other source at all.
_CSP: Final = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; style-src 'unsafe-inline'; "
    "img-src data: blob:; font-src data:"
)
_CSS: Final = """
body { font-family: Inter, "Segoe UI", "Helvetica Neue", Arial, sans-serif; color: #1F2937; margin: 0; background: #FFFFFF; }
main { max-width: 1180px; margin: 0 auto; padding: 32px 40px 64px; }
header { border-left: 8px solid #0F6CBD; padding: 4px 0 4px 20px; margin-bottom: 28px; }
header .kicker { color: #0F6CBD; font-weight: 600; letter-spacing: .02em; margin: 0; }
h1 { font-size: 2.4rem; margin: 4px 0 6px; }
h2 { font-size: 1.45rem; margin: 40px 0 8px; padding-top: 12px; border-top: 1px solid #E5E7EB; }
.muted, .caption { color: #6B7280; }
.scope, .left-out { color: #92400E; }
.caption { font-size: .9rem; margin: 4px 0 12px; }
ul.findings { padding-left: 0; list-style: none; font-size: 1.1rem; }
ul.findings li { margin: 10px 0; padding-left: 1.7em; text-indent: -1.7em; }
.good { color: #0072B2; } .bad { color: #E69F00; }
.tiles { display: grid; grid-template-columns: repeat(4, 1fr); gap: 16px; }
.tile { background: #F3F5F8; border-radius: 10px; padding: 14px 18px; }
.tile .label { color: #6B7280; font-size: .95rem; }
.tile .value { font-size: 2rem; font-weight: 700; margin: 4px 0; }
.tile .value.phrase { font-size: 1.25rem; }
.tile .value .aside { color: #6B7280; font-size: .9rem; font-weight: 400; }
.tile .change { color: #6B7280; font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin-top: 8px; }
th { text-align: left; background: #F3F5F8; padding: 6px 8px; }
td { padding: 5px 8px; border-bottom: 1px solid #ECEFF3; }
th.number, td.number { text-align: right; }
.plot { width: 100%; }
"""
# Where the report's charts are drawn: across its <main>, 1180 px at most less its 40 px each side, which a
# window of 1280 px and wider gives them (the names beside a chart are fitted to it: review_charts.figures).
REPORT_ROOM: Final = ChartRoom(1180 - 2 * 40)


@cache
def offline_plotlyjs() -> str:
    """plotly.js with the remote defaults it carries for map and geo traces blanked out.

    The bundle names a CDN for topojson, map styles and icon sprites; the report draws no maps,
    so pointing those at about:blank guarantees nothing in the file can reach the network.
    """
    return re.sub(r"https?://[^\"'`\s$]*cdn\.[^\"'`\s$]*", "about:blank#", get_plotlyjs())


def _figure_html(figure: go.Figure, div_id: str) -> str:
    return styled(figure).to_html(
        full_html=False, include_plotlyjs=False, div_id=div_id, default_height="480px", default_width="100%",
        config={"displaylogo": False, "responsive": True},
    )


def _table_html(header: list[str], rows: list[list[str]], review: Review) -> str:
    """A table of words' rows, its columns of numbers right-aligned (words.number_columns)."""
    places = ["" if not number else ' class="number"' for number in number_columns(header, review)]
    head = "".join(f"<th{place}>{html_text(h)}</th>" for h, place in zip(header, places, strict=True))
    body = "".join("<tr>" + "".join(f"<td{place}>{html_text(c)}</td>" for c, place in zip(row, places, strict=True))
                   + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def report_html(review: Review) -> str:
    """The review as one HTML file that opens offline: plotly.js inlined, no external reference."""
    e = html_text
    captions = section_captions(review)
    figs = review_charts.figures(review, REPORT_ROOM)
    missing = missing_charts(review)
    parts = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(document_title(review))}</title>",
        f"<style>{_CSS}</style>",
        f'<script type="text/javascript">{offline_plotlyjs()}</script>',
        "</head><body><main>",
        '<header><p class="kicker">Quarterly business review · win/loss</p>',
        f"<h1>{e(review.quarter)}</h1>",
        f'<p class="muted">{e(subtitle(review))}. {e(dates_line(review))}.</p>',
    ]
    if scope := scope_line(review):
        parts.append(f'<p class="scope"><strong>{e(scope)}</strong></p>')
    parts += [f'<p class="muted">{e(note)}</p>' for note in scope_notes(review)]
    note = privacy_note(review)
    if note:
        parts.append(f'<p class="muted">{e(note)}</p>')
    parts.append("</header>")
    parts.append(f"<h2>{e(SECTION_TITLES['findings'])}</h2>")
    if review.findings:
        items = []
        for finding in review.findings:
            mark, cls = ("▲", "good") if finding.good else (("▼", "bad") if finding.good is False else ("●", "muted"))
            items.append(f'<li><span class="{cls}">{mark}</span>&nbsp; {e(finding.text)}</li>')
        parts.append(f'<ul class="findings">{"".join(items)}</ul>')
    else:
        parts.append("<p>No change or gap in this quarter passes the rule below.</p>")
    parts.append(f'<p class="caption">{e(rule_text())}</p>')
    parts.append(f"<h2>{e(SECTION_TITLES['headline'])}</h2><div class=\"tiles\">")
    for row in kpi_rows(review):
        # The value in its big type, what it leaves out beside it in small grey type, as the app's tiles write them
        # ("$4.06M · no rate for EUR" at headline size wrapped); words in the figure's place ("No rate for EUR")
        # in a smaller type, on one line.
        aside = f' <span class="aside">{e(row["aside"])}</span>' if row["aside"] else ""
        value_class = "value phrase" if row["phrase"] else "value"
        parts.append(
            # The n under the value it is of ("n = 128 in 2026 Q3"), then the changes, as the page's tile reads.
            f'<div class="tile"><div class="label">{e(row["label"])}</div>'
            f'<div class="{value_class}">{e(row["figure"])}{aside}</div>'
            f'<div class="change">{e(row["n"])}</div>'
            f'<div class="change">{e(row["qoq"])}<br>{e(row["yoy"])}</div></div>'
        )
    parts.append(f'</div><p class="caption">{e(captions["headline"])}</p>')
    left_out = left_out_notes(review)
    if note := left_out.get("headline"):
        parts.append(f'<p class="left-out">{e(note)}</p>')
    for key, figure in figs.items():
        parts.append(f"<h2>{e(SECTION_TITLES[key])}</h2>")
        if key in missing:  # a chart of nothing would draw bare axes: say what is missing instead
            parts.append(f"<p>{e(missing[key])}</p>")
        else:
            parts.append(f'<div class="plot">{_figure_html(figure, f"chart-{key}")}</div>')
        parts.append(f'<p class="caption">{e(captions[key])}</p>')
        if key != "headline" and (note := left_out.get(key)):
            parts.append(f'<p class="left-out">{e(note)}</p>')
        if key == "movers" and review.movers.height:
            parts.append(_table_html(*mover_rows(review), review))
        if key == "at_risk" and review.at_risk.height:
            parts.append(f"<p><strong>{e(review.at_risk_title)}</strong></p>{_table_html(*at_risk_rows(review), review)}")
            if review.pipeline_by_age:  # a past day's stages are today's: what the column holds
                parts.append(f'<p class="caption">{e(stage_now_note(review))}</p>')
        if key == "at_risk":  # the pipeline's deals at risk the filters leave out for want of a value
            parts += [f'<p class="left-out">{e(note)}</p>' for note in at_risk_scope_notes(review)]
    # The reps behind the figures, as the Reps leaderboard lists them, its caption under it.
    header, rows = rep_rows(review)
    if rows:
        parts.append(f"<h2>{e(SECTION_TITLES['reps'])}</h2>{_table_html(header, rows, review)}")
        parts.append(f'<p class="caption">{e(rep_table_note(review))}</p>')
    parts.append("</main></body></html>")
    return "\n".join(parts)
