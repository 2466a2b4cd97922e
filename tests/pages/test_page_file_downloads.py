"""The files a manager checks the pages' figures from, as a sales manager found them: a chart's CSV holds
what the chart draws (the No decision page's top reps, not every rep) and says a rep left as `left` and an
ISO `left_on`, not the screen's words; amounts are written to the cent, not with a float's noise
(56210.00000000001 for 51,100 EUR at 1.1); a deal list's CSV is named for what it lists, its range and its
filters, with each deal's team; and the pages' own choices that change the figures (Hide reps who left,
the complexity bands' measure) are in the URL, so a link opens the page as it was."""

from __future__ import annotations

import csv
import io
import json
import re

from app_driver import opened

from winloss import employment
from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare
from winloss.views.profiles import BAND_BASES

# 17 reps, each with 20 losses (no n too small) and 2 won deals; the one who left loses the most to no
# decision, so the No decision page's chart of its 15 reps (TOP_REPS) draws them.
REPS = ("Eli Strand", "Amy Chen", "Ben Ortiz", "Cara Novak", "Dev Patel", "Fay Moreau", "Gus Lindqvist", "Hana Ito",
        "Ivan Petrov", "Jade Kim", "Kofi Mensah", "Lena Vogel", "Milo Grant", "Nora Quinn", "Omar Haddad", "Pia Rossi",
        "Quentin Lee")
LEAVER = "Eli Strand"
TEAMS = {rep: "Falcons" if i % 2 else "Mara Holt's team" for i, rep in enumerate(REPS)}
HEADER = "Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Stage,Amount,Opportunity Currency,Created Date,Close Date,Loss Reason"


PROFILES = ("Challenger", "Hard Worker", "Relationship Builder", "Lone Wolf", "Reactive Problem Solver")


def deals_csv() -> bytes:
    rows = []
    for i, rep in enumerate(REPS):
        month = "07" if rep == LEAVER else "09"  # the leaver's deals closed before they left
        for d in range(22):
            stage, reason = (("Closed Won", "") if d < 2 else ("Closed Lost", "No Decision") if d < 22 - i
                             else ("Closed Lost", "Price"))
            rows.append(f"D{i:02d}{d:02d},{rep},Acct {d},Deal {i}-{d},{stage},51100.00,EUR,2026-0{d % 5 + 1}-01,2026-{month}-{1 + d:02d},{reason}")
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def roster_csv() -> bytes:
    rows = [f"{rep},{PROFILES[i % 5]},{TEAMS[rep]},Mara Holt,{'Left' if rep == LEAVER else 'Active'},"
            f"{'2026-08-31' if rep == LEAVER else ''}" for i, rep in enumerate(REPS)]
    return ("Rep,Seller Profile,Team,Manager,Status,End Date\n" + "\n".join(rows) + "\n").encode()


def stored(store) -> None:
    store.save_exchange_rates(exchange_rates("USD", [("EUR", "1.1")]), user="ops")
    for content, name in ((roster_csv(), "team.csv"), (deals_csv(), "deals.csv")):
        prepared = prepare(content, name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def chart_spec(at, title_start: str) -> str:
    """The Plotly spec (JSON text) of the chart whose title starts with `title_start`."""
    (spec,) = [c.proto.spec for c in at.get("plotly_chart")
               if (json.loads(c.proto.spec)["layout"].get("title") or {}).get("text", "").startswith(title_start)]
    return spec


def choose(at, chart_key: str, starting: str) -> None:
    """Choose, in the keyboard's list under the chart keyed `chart_key`, the first bar starting with `starting`."""
    (box,) = [s for s in at.selectbox if s.key and re.fullmatch(rf"{chart_key}-\d+-choose", s.key)]
    box.set_value(next(o for o in box.options if o.startswith(starting))).run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_no_decision_reps_csv_holds_the_charts_reps_and_their_leaving_as_iso_dates(store, filled, deferred) -> None:
    filled(stored)
    at = opened("no_decision", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (name,) = [n for n in deferred if n.startswith("the-15-reps-losing")]
    rows = rows_of(deferred[name]())  # as a click makes it
    assert len(rows) == 15  # the chart's 15 bars, not all 17 reps
    drawn = chart_spec(at, "The 15 reps")
    assert all(r["rep"] in drawn for r in rows)
    assert list(rows[0])[:3] == ["rep", employment.LEFT, employment.LEFT_ON]
    by_rep = {r["rep"]: r for r in rows}
    assert (by_rep[LEAVER][employment.LEFT], by_rep[LEAVER][employment.LEFT_ON]) == ("true", "2026-08-31")
    assert (by_rep["Amy Chen"][employment.LEFT], by_rep["Amy Chen"][employment.LEFT_ON]) == ("false", "")


def test_amounts_in_the_csvs_are_written_to_the_cent(store, filled, deferred) -> None:
    """51,100 EUR at 1.1 is 56,210.00 USD, which a float holds as 56210.00000000001."""
    filled(stored)
    at = opened("no_decision", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    (name,) = [n for n in deferred if n.startswith("why-deals-were-lost-most-frequent-first_")]  # then its view
    reasons = {r["loss_reason"]: r for r in rows_of(deferred[name]())}
    assert {r["currency"] for r in reasons.values()} == {"USD"}  # the reporting currency its amounts are in
    no_decision = sum(22 - i - 2 for i in range(len(REPS)))
    assert reasons["No Decision"]["amount"] == f"{no_decision * 56210}.0"
    choose(at, "nd-reasons", "No Decision")
    (name,) = [n for n in deferred if "lost-for" in n]
    listed = rows_of(deferred[name]())
    assert {r["amount_usd"] for r in listed} == {"56210.0"}
    assert {r["exported_amount"] for r in listed} == {"51100.0"}


def test_a_deal_lists_csv_is_named_for_what_it_lists_its_range_and_filters_and_gives_each_deals_team(
        store, filled, deferred) -> None:
    filled(stored)
    at = opened("no_decision", **{"period": "custom", "from": "2026-07-01", "to": "2026-09-30", "team": "Falcons"})
    assert not at.exception, [e.value for e in at.exception]
    choose(at, "nd-reasons", "Price")
    name = "deals-lost-for-price_2026-07-01-to-2026-09-30_team-falcons.csv"
    assert name in deferred, list(deferred)
    listed = rows_of(deferred[name]())
    assert listed and {r["team"] for r in listed} == {"Falcons"}
    assert list(listed[0]).index("team") == list(listed[0]).index("rep") + 1


def test_with_names_anonymised_a_deal_lists_team_is_anonymised_as_the_rest(store, filled, deferred) -> None:
    filled(stored)
    at = opened("no_decision", period="All time", anon="true")
    assert not at.exception, [e.value for e in at.exception]
    choose(at, "nd-reasons", "Price")
    (name,) = [n for n in deferred if "lost-for" in n]
    data = deferred[name]().decode("utf-8-sig")
    teams = {r["team"] for r in rows_of(deferred[name]())}
    assert "Falcons" in teams and len(teams) == 2  # a team named after its manager is renamed, as on the page
    assert "Mara Holt" not in data and "mara-holt" not in name


def test_hide_reps_who_left_is_in_the_url_and_a_link_keeps_it(store, filled) -> None:
    filled(stored)
    at = opened("reps", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    assert at.toggle(key=employment.HIDE_PARAM).proto.query_param_key == employment.HIDE_PARAM  # bound to the URL
    linked = opened("reps", period="All time", **{employment.HIDE_PARAM: "true"})  # the link sent on
    assert not linked.exception, [e.value for e in linked.exception]
    (board,) = [g for g in linked.dataframe if "win_rate" in g.value.columns and "rep" in g.value.columns]
    assert LEAVER not in set(board.value["rep"]) and len(board.value) == len(REPS) - 1


def test_the_complexity_bands_measure_is_in_the_url_and_a_link_keeps_it(store, filled) -> None:
    filled(stored)
    at = opened("profiles", period="All time", basis=BAND_BASES["cycle"])  # as the link names it, by its label
    assert not at.exception, [e.value for e in at.exception]
    assert chart_spec(at, "Win rate by cycle length band")
    assert "basis" in [b.proto.query_param_key for b in at.get("button_group")]  # bound to the URL
