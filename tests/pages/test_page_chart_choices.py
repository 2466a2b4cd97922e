"""Every chart drill reached from the keyboard: under a chart that drills, a list of its bars and points; choosing
one opens what a click on it opens (the pages read the choice as the click), and a fresh key after a drill
clears it. Presenter mode draws no list. A table whose row opens a rep says how to choose a row by keyboard."""

from __future__ import annotations

import json
import re

from app_driver import opened

from winloss.ingest.pipeline import commit, prepare
from winloss.text import md, md_spoken


def chooser(at, chart_key: str):
    """The list under the chart keyed `chart_key` ("ov-trend"), whatever its drill round."""
    (found,) = [s for s in at.selectbox if s.key and re.fullmatch(rf"{chart_key}-\d+-choose", s.key)]
    return found


def choose(at, chart_key: str, starting: str) -> str:
    """Choose the first option of `chart_key`'s list that starts with `starting`; its label."""
    box = chooser(at, chart_key)
    assert box.value is None and box.placeholder.startswith("Choose a ")
    option = next(o for o in box.options if o.startswith(starting))
    box.set_value(option).run()
    assert not at.exception, [e.value for e in at.exception]
    return option


def n_of(option: str) -> int:
    """The n a text names: "2026 Q2 (n = 1,212)" -> 1212."""
    return int(re.search(r"\(n = ([\d,]*\d)", option).group(1).replace(",", ""))


def listed(at, lead: str) -> int:
    """The count in a deal list's caption "<lead> 1,234 deals."."""
    said = " ".join(c.value for c in at.caption)
    found = re.search(re.escape(lead) + r" ([\d,]+) deals?\b", said)
    assert found, f"no '{lead} … deals' in the captions"
    return int(found.group(1).replace(",", ""))


def test_a_quarter_chosen_on_the_overview_trend_lists_its_closed_deals(sample) -> None:
    at = opened("overview")
    option = choose(at, "ov-trend", "20")
    quarter, rate = option.split(" — ")
    assert rate == "Win rate" and f"**Deals closed in {quarter}**" in [m.value for m in at.markdown]
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "by quarter" in c.proto.spec)
    point = next(t for t in spec["data"] if t.get("name") == "Win rate")
    hover = point["hovertext"][[custom[0] for custom in point["customdata"]].index(quarter)]
    assert listed(at, "Deals behind the selection:") == n_of(hover)  # the quarter's closed deals, as its win rate's n
    # Close clears the choice as it clears a click: the list goes, and so does what was chosen.
    next(b for b in at.button if b.key == "ov-quarter-close").click().run()
    assert not [m for m in at.markdown if m.value.startswith("**Deals closed in")]
    assert chooser(at, "ov-trend").value is None


def test_a_profile_chosen_on_its_win_rate_bar_opens_its_reps_and_deals(sample) -> None:
    at = opened("profiles")
    option = choose(at, "pr-rate", "Challenger")
    assert re.fullmatch(r"Challenger \(n = [\d,]+, [\d,]+ reps?\)", option)  # its n and the reps behind it
    assert any(m.value.startswith("**Challenger** — ") for m in at.markdown)
    assert listed(at, "Challenger reps' closed deals in range:") == n_of(option)  # the bar's n: every closed deal


def test_a_rep_chosen_on_the_rep_bars_opens_the_rep(sample) -> None:
    at = opened("reps")
    box = chooser(at, "rp-bars")
    third = box.options[2]  # the third bar from the top: the leaderboard's third rep
    rep = at.dataframe[0].value["rep"][2]
    assert third == f"{rep} (n = {n_of(third):,})"
    box.set_value(third).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["rep"] == rep
    assert [t.value for t in at.title] == [md(rep)]


def test_a_loss_reason_chosen_on_the_no_decision_page_lists_its_deals(sample) -> None:
    at = opened("no_decision")
    box = chooser(at, "nd-reasons")
    option = box.options[0]  # the most frequent reason
    reason = option.split(" — ")[0]
    box.set_value(option).run()
    assert not at.exception, [e.value for e in at.exception]
    assert f"**Deals lost for “{md(reason)}”**" in [m.value for m in at.markdown]
    reasons = next(s for s in at.get("plotly_chart") if "Why deals were lost" in s.proto.spec)
    bars = [t for t in json.loads(reasons.proto.spec)["data"] if t["type"] == "bar" and t.get("customdata")]
    deals = sum(x for t in bars for x, custom in zip(t["x"], t["customdata"], strict=True) if custom[0] == reason)
    assert listed(at, "Deals behind the selection:") == deals  # the bar's length


def test_a_stacked_part_chosen_on_the_no_decision_trend_names_its_quarter_and_outcome(sample) -> None:
    at = opened("no_decision")
    option = next(o for o in chooser(at, "nd-trend").options if o.endswith(" — No decision"))
    quarter = option.split(" — ")[0]
    choose(at, "nd-trend", option)
    assert f"**No decision deals closed in {quarter}**" in [m.value for m in at.markdown]


# Every chart a click drills from (st.plotly_chart(on_select="rerun") in app_pages), by its key on its page.
DRILLS = {
    "overview": {"ov-trend", "ov-mix"},
    "profiles": {"pr-rate", "pr-nd", "pr-band-amount", "pr-mix"},
    "no_decision": {"nd-trend", "nd-by-seller_profile", "nd-by-region", "nd-by-segment", "nd-reps", "nd-reasons",
                    "nd-cycle"},
    "reps": {"rp-bars"},
}


def lists(at) -> set[str]:
    """The charts of the page with a list under them, by key (its drill round left out)."""
    return {re.sub(r"-\d+-choose$", "", s.key) for s in at.selectbox if s.key and s.key.endswith("-choose")}


def test_every_chart_that_drills_has_its_list_and_only_those(sample, seen) -> None:
    for page, keys in DRILLS.items():
        at = seen(page)
        assert not at.exception, [e.value for e in at.exception]
        assert lists(at) == keys, page
        for key in keys:
            assert chooser(at, key).options, key


def test_a_quarter_chosen_on_a_reps_trend_narrows_the_reps_deals(sample, seen) -> None:
    # The rep with the most deals in the win rate: a trend every rate of which is withheld is not drawn.
    board = seen("reps").dataframe[0].value
    rep = max(zip(board["n"], board["rep"], strict=True))[1]
    at = opened("reps", rep=rep)
    assert lists(at) == {"rp-trend", "rp-mix", "rp-reasons"}  # not the scorecards: they drill nowhere
    option = choose(at, "rp-trend", "20")
    quarter, rate = option.split(" — ")
    # The first quarter's win rate, listed from its grey ring where the rep's rate is withheld (present.withheld).
    assert rate in ("Win rate", "Win rate: n too small"), option
    assert f"Narrowed by your choice on a chart above: closed in {quarter}." in [i.value for i in at.info]
    point = next(t for c in at.get("plotly_chart") for t in json.loads(c.proto.spec)["data"]
                 if t.get("name") == "Win rate" and str((t.get("customdata") or [[""]])[0][0]).startswith("20"))
    hover = point["hovertext"][[custom[0] for custom in point["customdata"]].index(quarter)]
    (caption,) = [c.value for c in at.caption if c.value.startswith("Closed in range, and open now")]
    assert re.search(r"\): ([\d,]+) deals?\.", caption).group(1) == f"{n_of(hover):,}"  # the quarter's closed deals


def test_presenter_mode_draws_no_list_under_a_chart(sample, seen) -> None:
    at = seen("overview", present="true")
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("plotly_chart")
    assert not [s for s in at.selectbox if s.key and s.key.endswith("-choose")]


def test_the_leaderboard_says_how_to_choose_a_row_by_keyboard(sample, seen) -> None:
    at = seen("reps")
    assert any("choose a row to open the rep. To open a rep from the table with the keyboard: move to the rep's "
               "row with the arrow keys, then press Shift+Space." in c.value for c in at.caption)


HOSTILE = ["**x**", "<b>y</b>"]


def test_a_rep_named_like_markup_is_offered_and_opened_as_typed(store) -> None:
    rows = [f"{i}-{r},{rep},{'Closed Won' if i % 3 == 0 else 'Closed Lost'},2026-06-01,2026-08-{1 + i % 28:02d},1000"
            for r, rep in enumerate(HOSTILE) for i in range(25)]
    prepared = prepare(("Opportunity ID,Owner,Stage,Created Date,Close Date,Amount\n" + "\n".join(rows) + "\n").encode(),
                       "deals.csv")
    assert prepared.rejected is None and prepared.rows_quarantined == 0
    commit(store, prepared)
    at = opened("reps", period="All time")
    box = chooser(at, "rp-bars")
    assert sorted(box.options) == sorted(f"{rep} (n = 25)" for rep in HOSTILE)
    box.set_value("<b>y</b> (n = 25)").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.query_params["rep"] == "<b>y</b>"
    assert [t.value for t in at.title] == [md("<b>y</b>")]


def drawn_titles(at) -> list[str]:
    """The titles of the page's charts, as plain text, in the order they are drawn (untitled ones left out)."""
    from winloss.text import plain

    titles = [json.loads(c.proto.spec)["layout"].get("title", {}).get("text") for c in at.get("plotly_chart")]
    return [plain(t) for t in titles if t]


def test_each_charts_list_is_named_by_its_chart_title(sample, seen) -> None:
    """Every list was named "Open a bar of the chart above, as a click on it does": a screen reader, listing
    a page's fields, read seven alike on the No decision page. Each is named by its chart's title."""
    for page in DRILLS:
        at = seen(page)
        assert not at.exception, [e.value for e in at.exception]
        names = [s.label for s in at.selectbox if s.key and s.key.endswith("-choose")]
        assert len(set(names)) == len(names) == len(DRILLS[page]), names
        titles = drawn_titles(at)
        for name in names:
            title, does = name.split(": open a ")
            assert title in [md_spoken(t) for t in titles], (page, name)
            assert "\\'" not in name and "\\:" not in title, name  # read aloud as written: no backslash before ' or ": "
            assert re.fullmatch(r"(bar|point|bar or point) of this chart, as a click on it does", does), name


def test_a_charts_list_names_a_rep_from_the_file_escaped(store) -> None:
    """The rep page's charts are titled by the rep ("Why **x**'s deals were lost"): the list's name holds the
    name as typed, escaped for Markdown (the label is Markdown), never as markup, and its apostrophe bare."""
    rows = [f"{i}-{r},{rep},{'Closed Won' if i % 3 == 0 else 'Closed Lost'},2026-06-01,2026-08-{1 + i % 28:02d},1000,Price"
            for r, rep in enumerate(HOSTILE) for i in range(25)]
    prepared = prepare(("Opportunity ID,Owner,Stage,Created Date,Close Date,Amount,Loss Reason\n" + "\n".join(rows) + "\n").encode(),
                       "deals.csv")
    commit(store, prepared)
    at = opened("reps", period="All time", rep="**x**")
    assert not at.exception, [e.value for e in at.exception]
    names = {re.sub(r"-\d+-choose$", "", s.key): s.label for s in at.selectbox if s.key and s.key.endswith("-choose")}
    title = "Why \\*\\*x\\*\\*'s deals were lost"
    assert names["rp-reasons"] == f"{title}: open a bar of this chart, as a click on it does"
    assert md("**x**") in names["rp-trend"] and "**x**" not in names["rp-trend"]
    assert len(set(names.values())) == len(names) == 3
