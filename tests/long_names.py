"""A store of long names, for checking that every grid shows them whole: reps of long names (one who
left, so the leaderboard has its Left on column), accounts, deal names, loss reasons and teams of many
words, every seller profile ("Reactive Problem Solver", "Relationship Builder"), open deals at risk."""

from __future__ import annotations

from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

# rep, profile, team, status, end date
REPS = (("Maximiliana Alexandrina Konstantinopoulou", "Reactive Problem Solver", "Asia Pacific Strategic Accounts", "Active", ""),
        ("Camila Brennan-Fitzgerald", "Relationship Builder", "EMEA North — Nordics and Baltics", "Terminated", "2026-05-01"),
        ("Alexandra Montgomery-Fairweather", "Challenger", "North America Commercial Mid-Market", "Active", ""),
        ("Bo Lind", "Lone Wolf", "LATAM", "Active", ""),
        ("Inès Reyes", "Hard Worker", "APAC", "Active", ""))
ACCOUNTS = ("Blue Ridge Manufacturing Corporation of North America S.A. de C.V.", "Silverline Media B.V.",
            "Konstantinopoulou & Partners International Holdings Limited", "Acme")
REASONS = ("", "No Decision / Non-Responsive after the third follow-up call", "Lost to Competitor on price and integration depth",
           "Price", "Budget frozen by the customer's procurement committee until next fiscal year")
DEALS_PER_REP = 30


def deals_csv() -> str:
    """30 deals a rep in 2026: won, lost for a long reason, and every seventh open in negotiation."""
    lines = ["Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Stage,Loss Reason,Amount,Created Date,Close Date"]
    for r, (rep, *_) in enumerate(REPS):
        for d in range(DEALS_PER_REP):
            account = ACCOUNTS[(r + d) % len(ACCOUNTS)]
            reason = REASONS[d % len(REASONS)]
            stage, close = ("Closed Won" if not reason else "Closed Lost"), f"2026-{1 + d % 9:02d}-{1 + d % 27:02d}"
            if d % 7 == 6:
                stage, reason, close = "Negotiation/Review", "", "2026-12-20"
            name = f"{account} - Enterprise Platform Expansion and Multi-Year Renewal {d}"
            lines.append(f'L{r}{d:03d},"{rep}","{account}","{name}",{stage},"{reason}",{12_500 + 1_000 * d},2025-06-01,{close}')
    return "\n".join(lines) + "\n"


def roster_csv() -> str:
    return "Rep,Seller Profile,Team,Email,Status,End date\n" + "".join(
        f'"{rep}",{profile},"{team}",rep{n}@example.com,{status},{end}\n'
        for n, (rep, profile, team, status, end) in enumerate(REPS))


def store_long_names(store: Store) -> Store:
    """`store` with the deals and the roster stored, nothing quarantined."""
    for content, name in ((deals_csv(), "long_deals.csv"), (roster_csv(), "long_roster.csv")):
        prepared = prepare(content.encode(), name)
        assert prepared.rejected is None and prepared.rows_quarantined == 0, name
        commit(store, prepared, user="test")
    return store
