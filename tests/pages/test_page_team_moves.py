"""The Reps page and the Data page with a rep who changed team (winloss.team_history): the rep's view names
their team now, since when and the team before; the Data page says the move before a roster is stored."""

from __future__ import annotations

from app_driver import committed, opened
from rendered import as_read

from winloss.ingest.pipeline import commit, prepare

BEFORE = ("Rep Name,Seller Profile,Team,Manager\nAmy Chen,Challenger,Falcons,Mara Holt\n"
          "Ivan Petrov,Challenger,Orcas,Neil Berg\nJade Kim,Hard Worker,Orcas,Neil Berg\n")
AFTER = ("Rep Name,Seller Profile,Team,Manager,Team Start Date\nAmy Chen,Challenger,Falcons,Mara Holt,\n"
         "Ivan Petrov,Challenger,Falcons,Mara Holt,2026-08-15\nJade Kim,Hard Worker,Orcas,Neil Berg,\n").encode()


def _deals() -> str:
    rows = [(owner, "Closed Won" if i % 2 else "Closed Lost", f"2026-{month:02d}-{i + 1:02d}")
            for owner in ("Amy Chen", "Jade Kim", "Ivan Petrov") for month in (5, 9) for i in range(10)]
    return "Opportunity ID,Owner,Stage,Close Date,Amount\n" + "\n".join(
        f"D{i:03d},{owner},{stage},{close},1000" for i, (owner, stage, close) in enumerate(rows)) + "\n"


def _stored(store, *files: tuple[str | bytes, str]) -> None:
    for content, name in files:
        prepared = prepare(content if isinstance(content, bytes) else content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared)


def test_a_moved_reps_view_names_their_team_now_since_when_and_the_team_before(store) -> None:
    _stored(store, (BEFORE, "team_june.csv"), (_deals(), "deals.csv"), (AFTER, "team_october.csv"))
    at = opened("reps", rep="Ivan Petrov", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    said = as_read(" ".join(m.value for m in at.markdown))
    assert "team Falcons since 15 Aug 2026 (before: Orcas)" in said
    amy = opened("reps", rep="Amy Chen", period="All time")
    assert not amy.exception, [e.value for e in amy.exception]
    assert "since" not in as_read(" ".join(m.value for m in amy.markdown if "team Falcons" in m.value))


def test_the_data_page_says_the_move_before_the_roster_is_stored(store) -> None:
    _stored(store, (BEFORE, "team_june.csv"), (_deals(), "deals.csv"))
    at = opened("data")
    assert not at.exception, [e.value for e in at.exception]
    at.file_uploader(key="uploads").set_value([("team_october.csv", AFTER, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    said = as_read("\n".join(e.value for kind in (at.caption, at.markdown, at.info, at.warning) for e in kind))
    assert '"Ivan Petrov": Orcas → Falcons from 15 Aug 2026; their 10 deals closed before that stay with Orcas.' in said


# What the deals file's report says once the roster that gives Ivan's start day, and no earlier team, is stored.
IVAN_BEFORE_DAY = ('"Ivan Petrov": in Falcons from 15 Aug 2026; their 10 deals closed before that count for Falcons: the '
                   'roster gives no earlier team.')


def _said(at) -> str:
    return as_read("\n".join(e.value for kind in (at.caption, at.markdown, at.info, at.warning) for e in kind))


def test_the_roster_and_the_deals_dropped_together_with_the_roster_committed_first_say_it_on_the_deals(store) -> None:
    deals = _deals().encode()
    at = opened("data")
    at.file_uploader(key="uploads").set_value([("team_october.csv", AFTER, "text/csv"), ("deals.csv", deals, "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    committed(at, AFTER)
    # The deals, still waiting, are reported against the roster now stored: Ivan's May deals count for Falcons.
    assert IVAN_BEFORE_DAY in _said(at)


def test_the_deals_uploaded_after_the_roster_was_stored_say_it_before_commit(store) -> None:
    _stored(store, (AFTER, "team_october.csv"))
    at = opened("data")
    at.file_uploader(key="uploads").set_value([("deals.csv", _deals().encode(), "text/csv")]).run()
    assert not at.exception, [e.value for e in at.exception]
    assert IVAN_BEFORE_DAY in _said(at)
