"""A store with a rep who changed team and manager and a rep who left, for the tests of a rep's team now.

Ivan Petrov moves from Orcas (manager Neil Berg) to Falcons (manager Mara Holt) on 15 Aug 2026. Amy Chen is in
Falcons and Jade Kim in Orcas throughout, 10 closed deals in May and 10 in early August each. Ivan closed 6 won
deals in May and 4 won in July in Orcas, then 4 lost in September in Falcons, and has one deal open. Leo Park, in
Orcas, closed 5 deals in February 2026 and left on 30 Jun 2026."""

from __future__ import annotations

import datetime as dt

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

HEADER = "Rep Name,Seller Profile,Team,Manager,Region"
BEFORE = (f"{HEADER}\nAmy Chen,Challenger,Falcons,Mara Holt,South\nIvan Petrov,Challenger,Orcas,Neil Berg,North\n"
          "Jade Kim,Hard Worker,Orcas,Neil Berg,North\nLeo Park,Hard Worker,Orcas,Neil Berg,North\n")
AFTER = (f"{HEADER},Team Start Date,End Date\nAmy Chen,Challenger,Falcons,Mara Holt,South,,\n"
         "Ivan Petrov,Challenger,Falcons,Mara Holt,South,2026-08-15,\nJade Kim,Hard Worker,Orcas,Neil Berg,North,,\n"
         "Leo Park,Hard Worker,Orcas,Neil Berg,North,,2026-06-30\n")
MOVED_ON = dt.date(2026, 8, 15)  # the day Ivan joined Falcons


def deals_csv() -> str:
    """The deals as an export writes them (the module's docstring says which), every one for 1000."""
    rows: list[tuple[str, str, str]] = []  # owner, stage, close date
    for owner, won in (("Amy Chen", 4), ("Jade Kim", 5)):
        for month in (5, 8):
            rows += [(owner, "Closed Won" if i < won else "Closed Lost", f"2026-{month:02d}-{i + 1:02d}") for i in range(10)]
    rows += [("Ivan Petrov", "Closed Won", f"2026-05-{i + 11:02d}") for i in range(6)]
    rows += [("Ivan Petrov", "Closed Won", f"2026-07-{i + 1:02d}") for i in range(4)]
    rows += [("Ivan Petrov", "Closed Lost", f"2026-09-{i + 1:02d}") for i in range(4)]
    rows.append(("Ivan Petrov", "Negotiation", "2026-11-30"))
    rows += [("Leo Park", "Closed Won" if i < 2 else "Closed Lost", f"2026-02-{i + 1:02d}") for i in range(5)]
    lines = [f"D{i:03d},{owner},{stage},{close},2026-01-01,1000" for i, (owner, stage, close) in enumerate(rows)]
    return "Opportunity ID,Owner,Stage,Close Date,Created Date,Amount\n" + "\n".join(lines) + "\n"


# The files stored, in order: the roster before the move, the deals, then the roster that moves Ivan and says Leo left.
FILES = ((BEFORE, "team_june.csv"), (deals_csv(), "deals.csv"), (AFTER, "team_october.csv"))


def stored(store: Store) -> Store:
    """`store` after FILES, each read whole."""
    for content, name in FILES:
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, (name, prepared.rejected)
        commit(store, prepared)
    return store
