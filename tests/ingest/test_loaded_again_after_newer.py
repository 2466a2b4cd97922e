"""A file whose bytes were loaded before, with a newer file of its kind loaded since, was refused as "already loaded:
nothing changed" though storing it again would put back what the newer one replaced (roster A, roster B, roster A
again kept B's roster; export A, export B, export A again kept B's deals). Such a file now goes through the normal
review, which says once that a newer one was loaded since; the same bytes stored a moment ago, with nothing after
them (a double-click), or after a newer one rolled back, are still refused."""

from __future__ import annotations

import polars as pl

from winloss.cli import main  # the command line in this process: no interpreter started
from winloss.ingest.pipeline import already_loaded, commit, prepare
from winloss.ingest.store_effects import changes_nothing, deal_changes, reopened
from winloss.store.delta import Store
from winloss.views.data_page import stored_again

ROSTER_A = b"Rep Name,Seller Profile,Team\nEmma Wilson,Challenger,East\nAnn Lee,Lone Wolf,East\n"
ROSTER_B = b"Rep Name,Seller Profile,Team\nEmma Wilson,Hard Worker,East\nAnn Lee,Lone Wolf,East\n"
HEADER = "Opportunity ID,Sales Rep,Stage,Amount,Close Date\n"
EXPORT_A = HEADER + "R-1,Ann Lee,Prospecting,100,2026-06-01\nR-2,Ann Lee,Negotiation,100,2026-06-01\n"
# The same report a week later: R-1 won, R-2's amount changed.
EXPORT_B = EXPORT_A.replace("R-1,Ann Lee,Prospecting", "R-1,Ann Lee,Closed Won").replace("Negotiation,100", "Negotiation,250")


def profile(store: Store, rep: str) -> str:
    return store.roster().filter(pl.col("rep") == rep).select("seller_profile").collect().item()


def test_a_roster_loaded_again_after_a_newer_one_puts_its_profiles_back(tmp_path) -> None:
    store = Store(tmp_path / "s")
    commit(store, prepare(ROSTER_A, "roster-march.csv"))
    # A roster since that only adds a rep changes none of its reps: it is still "already loaded".
    commit(store, prepare(ROSTER_A + b"Zed Quux,Challenger,East\n", "roster-new-hire.csv"))
    assert already_loaded(store, prepare(ROSTER_A, "roster-march.csv")) is not None
    assert commit(store, prepare(ROSTER_A, "roster-march.csv")).already is not None and store.version() == 2
    commit(store, prepare(ROSTER_B, "roster-april.csv"))
    again = prepare(ROSTER_A, "roster-march.csv")
    assert already_loaded(store, again) is None  # in effect, but replaced since: not "already loaded"
    said = stored_again(again, None, store, None)
    assert said is not None and not said.greyed and said.beside is None
    assert said.above.startswith("This file was loaded on ") and "(store version 1)" in said.above
    assert ', and a later roster, "roster-april.csv", was loaded on ' in said.above
    assert said.above.endswith("(store version 3): storing this one again puts back its older values where they "
                               "differ, so store it only if you mean to.")
    committed = commit(store, again)
    assert committed.already is None and committed.change is not None and store.version() == 4
    assert profile(store, "Emma Wilson") == "Challenger"
    # A double-click: the same bytes stored a moment ago, nothing after them.
    assert commit(store, prepare(ROSTER_A, "roster-march.csv")).already is not None and store.version() == 4
    assert stored_again(again, already_loaded(store, again), store, None).greyed


def test_an_export_loaded_again_after_a_newer_one_says_what_it_changes_back(tmp_path) -> None:
    store = Store(tmp_path / "s")
    commit(store, prepare(EXPORT_A.encode(), "pipeline.csv"))
    # An export of other deals since (another report) changes none of its deals: it is still "already loaded".
    commit(store, prepare((HEADER + "X-1,Ann Lee,Prospecting,5,2026-06-01\n").encode(), "other.csv"))
    assert changes_nothing(prepare(EXPORT_A.encode(), "pipeline.csv"), store) is not None
    commit(store, prepare(EXPORT_B.encode(), "pipeline (1).csv"))
    again = prepare(EXPORT_A.encode(), "pipeline.csv")
    assert changes_nothing(again, store) is None
    said = reopened(again, store)
    assert said is not None and said.examples == ("R-1",)  # won in the store, open in this older file
    moved = deal_changes(again, store)
    assert moved is not None and (moved.sentence() or "").startswith("Storing it changes 2 stored deals: 1 closed deal is reopened")
    committed = commit(store, again)
    assert committed.already is None and committed.change is not None and committed.change.updated == 2
    assert store.version() == 4
    deals = store.opportunities().filter(pl.col("opportunity_id").str.starts_with("R-")).sort("opportunity_id").select("stage", "amount").collect()
    assert deals.rows() == [("Prospecting", 100.0), ("Negotiation", 100.0)]
    assert commit(store, prepare(EXPORT_A.encode(), "pipeline.csv")).already is not None  # a double-click
    # The newer export rolled back: the older one is again the latest word, and loading it again changes nothing.
    store.rollback(2)
    assert changes_nothing(prepare(EXPORT_A.encode(), "pipeline.csv"), store) is not None


def test_the_command_line_refuses_an_older_roster_loaded_again_unless_told_and_then_says_so(tmp_path, capsys) -> None:
    """The command line stored an older roster (one a newer upload replaced) with only a sentence, where the Data page
    asks: it refuses it, in one sentence naming the newer file and --allow-older, and stores it with the flag."""
    (tmp_path / "a.csv").write_bytes(ROSTER_A)
    (tmp_path / "b.csv").write_bytes(ROSTER_B)
    where = ["--store", str(tmp_path / "store")]
    for name in ("a.csv", "b.csv"):
        assert main(["ingest", "--roster", str(tmp_path / name), *where]) == 0
    capsys.readouterr()
    assert main(["ingest", "--roster", str(tmp_path / "a.csv"), *where]) == 1
    refused = capsys.readouterr().err.strip().splitlines()[-1]
    assert refused.startswith(f"{tmp_path / 'a.csv'}: Not stored: this file was loaded on ")
    assert ', and a later roster, "b.csv", was loaded on ' in refused
    assert refused.endswith("(store version 2); to store this older one and put back its values where they differ, "
                            "ingest it again with --allow-older.")
    assert Store(tmp_path / "store").version() == 2 and profile(Store(tmp_path / "store"), "Emma Wilson") == "Hard Worker"
    assert main(["ingest", "--roster", str(tmp_path / "a.csv"), "--allow-older", *where]) == 0
    said = capsys.readouterr().out
    assert "nothing changed" not in said and "Stored as version 3" in said
    assert "a.csv: This file was loaded on " in said and ', and a later roster, "b.csv", was loaded on ' in said
    assert profile(Store(tmp_path / "store"), "Emma Wilson") == "Challenger"


def _questionnaire(rep: str, profile: str) -> bytes:
    """A filled-in questionnaire for `rep` whose scores clearly say `profile`."""
    import datetime as dt

    from winloss.assessment import STATEMENTS
    from winloss.ingest.questionnaire import questionnaire_frame

    scores = {s.id: "5" if s.profile == profile else "2" for s in STATEMENTS}
    frame = questionnaire_frame([rep], "Olu Brandt", dt.date(2026, 11, 30))
    return frame.with_columns(pl.col("Statement ID").replace_strict(scores).alias("Score (1-5)")).write_csv().encode()


def test_a_questionnaire_loaded_again_after_a_roster_changed_its_profiles_puts_them_back(tmp_path) -> None:
    """A questionnaire sets profiles in the roster: loaded again after a roster changed them it was refused as
    "already loaded", though storing it puts them back. Its answers are kept once."""
    store = Store(tmp_path / "s")
    questionnaire = _questionnaire("Cy Vale", "Relationship Builder")
    commit(store, prepare(questionnaire, "olu.csv"))
    assert profile(store, "Cy Vale") == "Relationship Builder"
    answers = store.assessments().collect().height
    # A roster since that profiles another rep changes none of its reps: still "already loaded".
    commit(store, prepare(b"Rep Name,Seller Profile,Team\nAnn Lee,Lone Wolf,East\n", "roster-ann.csv"))
    assert already_loaded(store, prepare(questionnaire, "olu.csv")) is not None
    # A roster whose profile for Cy Vale the user took over the assessed one.
    commit(store, prepare(b"Rep Name,Seller Profile,Team\nCy Vale,Hard Worker,East\n", "roster-may.csv"),
           take_uploaded=["Cy Vale"])
    assert profile(store, "Cy Vale") == "Hard Worker"
    again = prepare(questionnaire, "olu.csv")
    assert already_loaded(store, again) is None
    said = stored_again(again, None, store, None)
    assert said is not None and not said.greyed
    assert ', and a later roster, "roster-may.csv", was loaded on ' in said.above
    committed = commit(store, again)
    assert committed.already is None and committed.change is not None and store.version() == 4
    cy = store.roster().filter(pl.col("rep") == "Cy Vale").collect().row(0, named=True)
    assert (cy["seller_profile"], cy["profile_origin"]) == ("Relationship Builder", "assessment")
    assert store.assessments().collect().height == answers
    assert commit(store, prepare(questionnaire, "olu.csv")).already is not None and store.version() == 4  # a double-click
