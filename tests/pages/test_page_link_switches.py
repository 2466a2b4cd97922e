"""A link's switches read by one rule on every page: `?anon=1`, `?anon=yes`, `?anon=TRUE`, `?anon=on` anonymise as
`?anon=true` does, and a value neither on nor off (`?anon=maybe`) anonymises too and is said above the page.
The sidebar's toggle read "true" and "false" only and took the rest as off: a link's `?anon=1` showed every
real name ("Anna Schmidt (n = 42)") on a shared screen, with no word, while a bad `?period=` was said."""

from __future__ import annotations

import pytest
from app_driver import opened
from named_texts import leaks
from rendered import rendered_text

from winloss import employment
from winloss.filters import linked_switch
from winloss.ingest.pipeline import commit, prepare

REPS = {"Tom Hale": (14, 6), "Bob Ray": (4, 16), "Ann Lee": (10, 10)}  # won, lost: 20 closed deals each
ROSTER = "Rep,Team,Email,Status\nTom Hale,East,t@x.com,Active\nBob Ray,East,b@x.com,Terminated\nAnn Lee,West,a@x.com,Active\n"
SAID = 'The link\'s value for "Anonymise reps" ("maybe") is neither on nor off, so it is on'


def reps_and_roster(store) -> None:
    """REPS' deals, 20 closed each (some lost to no decision), and ROSTER (Bob Ray left)."""
    rows = [f"{rep[:2]}{i:03d},{rep},{'Closed Won' if i < won else 'Closed - No Decision' if i % 3 == 0 else 'Closed Lost'},"
            f"2026-0{1 + i % 8}-{1 + i % 28:02d},1000" for rep, (won, lost) in REPS.items() for i in range(won + lost)]
    deals = "Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(rows) + "\n"
    for content, name in ((ROSTER, "team.csv"), (deals, "deals.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


@pytest.mark.parametrize("page", ["reps", "overview", "no_decision"])
@pytest.mark.parametrize("value", ["1", "yes", "TRUE", "on", "maybe"])
def test_a_links_anon_in_any_spelling_shows_no_name(store, filled, page: str, value: str) -> None:
    filled(reps_and_roster)
    at = opened(page, period="All time", anon=value)
    assert not at.exception, [e.value for e in at.exception]
    shown = rendered_text(at)
    assert "Rep 01" in shown or page != "reps"  # the pseudonyms are drawn: the page is there, anonymised
    assert leaks(shown, list(REPS)) == []
    assert at.query_params["anon"] == "true"  # a link copied now anonymises too
    notes = " ".join(w.value for w in at.warning)
    assert (SAID in notes) == (value == "maybe")


def test_a_links_anon_off_shows_names_and_no_note(store, filled) -> None:
    filled(reps_and_roster)
    for value in ("false", "0", "no", "OFF"):
        at = opened("reps", period="All time", anon=value)
        assert not at.exception, [e.value for e in at.exception]
        assert "Tom Hale" in rendered_text(at)
        assert not [w.value for w in at.warning if "neither on nor off" in w.value]


def test_a_pages_own_switch_reads_the_same_words(store, filled) -> None:
    """?hide_left=yes hides the rep who left as ?hide_left=true does; ?hide_left=maybe too, said under the toggle."""
    filled(reps_and_roster)
    for value, said in (("yes", False), ("1", False), ("maybe", True)):
        at = opened("reps", period="All time", hide_left=value)
        assert not at.exception, [e.value for e in at.exception]
        (board,) = [g.value for g in at.dataframe if "win_rate" in g.value.columns and "rep" in g.value.columns]
        assert set(board["rep"]) == {"Tom Hale", "Ann Lee"}, value
        assert at.toggle(key=employment.HIDE_PARAM).value is True
        notes = " ".join(w.value for w in at.warning)
        assert (f'The link\'s value for "{employment.HIDE_LABEL}" ("maybe") is neither on nor off' in notes) == said


def test_one_rule_reads_every_switch() -> None:
    assert [linked_switch("anon", v).on for v in ("true", "1", "Yes", " on ", "TRUE")] == [True] * 5
    assert [linked_switch("anon", v).on for v in ("false", "0", "No", "off", None, [])] == [False] * 6
    unclear = [linked_switch("anon", v) for v in ("maybe", "", "2", ["true", "y"])]
    assert [(s.on, s.understood) for s in unclear] == [(True, False)] * 4
