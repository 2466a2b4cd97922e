"""A rep's most carefully written spelling is what the pages show, whichever upload brought it: an
export's "José Díaz" stored after "JOSE DIAZ" (or after a roster's "Jose Diaz") had been renamed to the
store's spelling at ingest, so the careful one was lost and the pages showed "JOSE DIAZ"."""

from __future__ import annotations

import datetime as dt

from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

HEADER = "Opportunity ID,Opportunity Owner,Stage,Close Date,Amount\n"


def shown_reps(store: Store) -> list[str]:
    return sorted(deals(store).get_column("rep").cast(str).unique().to_list())


def stored(store: Store, *files: tuple[str, str]) -> Store:
    for name, text in files:
        commit(store, prepare(text.encode(), name))
    return store


def test_a_later_export_s_careful_spelling_is_shown(tmp_path):
    store = stored(Store(tmp_path / "a"), ("e1.csv", HEADER + "D1,JOSE DIAZ,Closed Won,2025-07-01,100\n"),
                   ("e2.csv", HEADER + "D2,José Díaz,Closed Won,2025-07-02,100\n"))
    assert shown_reps(store) == ["José Díaz"]


def test_an_export_spelled_more_carefully_than_the_roster_is_shown_as_the_export_spells_it(tmp_path):
    store = stored(Store(tmp_path / "b"), ("r.csv", "Rep,Seller Profile,Team\nJose Diaz,Challenger,North\n"),
                   ("e.csv", HEADER + "D1,José Díaz,Closed Won,2025-07-01,100\n"))
    assert shown_reps(store) == ["José Díaz"]
    assert deals(store).get_column("seller_profile").cast(str).to_list() == ["Challenger"]


def test_a_less_careful_spelling_still_updates_the_stored_rep(tmp_path):
    store = stored(Store(tmp_path / "c"), ("e1.csv", HEADER + "D1,Anna Kovac,Closed Won,2025-07-01,100\n"),
                   ("e2.csv", HEADER + "D2,ANNA KOVAC,Closed Lost,2025-07-02,100\n"))
    assert shown_reps(store) == ["Anna Kovac"]
    assert sorted(store.opportunities().collect().get_column("rep").to_list()) == ["Anna Kovac", "Anna Kovac"]
    assert dt.date(2025, 7, 2) in store.opportunities().collect().get_column("close_date").to_list()
