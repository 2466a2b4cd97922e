"""Three reps, two of them coached by Kim Park, and their HubSpot deals: the stores the Coach field's and the
Coach filter's tests read."""

from __future__ import annotations

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

ROSTER = (
    "Name,Seller Profile,Team,Manager,Coach\n"
    "Dana Whitfield,Challenger,East,Mo Lee,Kim Park\n"
    "Sam Ortiz,Hard Worker,East,Mo Lee,Kim Park\n"
    "Li Wei,Lone Wolf,West,Mo Lee,\n"
)
DEALS = (
    "Deal ID,Deal owner,Deal Stage,Amount,Create Date,Close Date,Company name,Deal Name\n"
    "101,Dana Whitfield,Closed Won,1000,2026-01-05,2026-03-01,Acme A,Renewal\n"
    "102,Sam Ortiz,Closed Lost,2000,2026-01-05,2026-03-02,Acme B,Kim Park asked for a call\n"
    "103,Li Wei,Closed Won,1500,2026-01-05,2026-03-03,Acme C,Upsell\n"
)


def stored(tmp_path, roster: str = ROSTER) -> Store:
    """A store under `tmp_path`/store holding `roster`, then DEALS."""
    store = Store(str(tmp_path / "store"))
    commit(store, prepare(roster.encode(), "roster.csv"), user="test")
    commit(store, prepare(DEALS.encode(), "hubspot.csv"), user="test")
    return store
