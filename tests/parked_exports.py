"""Two weekly HubSpot exports whose "Parked" deals are closed and not won by their own flags (stored as lost
until the user maps "Parked" to no decision), as the stage-mapping tests of the engine, the command line and
the Data page read them."""

from __future__ import annotations

HEADER = "Record ID,Deal Name,Deal Stage,Deal owner,Amount,Close Date,Is Deal Closed?,Is Closed Won\n"
WEEK1 = HEADER + (
    "P-1,Parked one,Parked,Ann Lee,100,2026-09-07,true,false\n"
    "P-2,Parked two,Parked,Ann Lee,100,2026-09-08,true,false\n"
    "W-1,Signed one,Contract Signed,Ann Lee,100,2026-09-01,true,true\n"
    "O-1,Open one,Proposal Out,Ann Lee,100,2026-12-20,false,false\n"
)
# A week later: O-1 signed; the rest as they were.
WEEK2 = WEEK1.replace("O-1,Open one,Proposal Out,Ann Lee,100,2026-12-20,false,false",
                      "O-1,Open one,Contract Signed,Ann Lee,100,2026-11-30,true,true")
