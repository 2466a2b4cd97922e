"""What the tests of closing flags against stage and status mappings read of a prepared file: its deals'
outcomes, its stage report's counts, its quarantine reasons by line, and the two quarantine sentences of a
row whose own flags rule a mapping out (winloss.ingest.outcomes), written here once as a user reads them."""

from __future__ import annotations

import polars as pl


def outcomes(frame: pl.DataFrame) -> dict[str, str]:
    """{opportunity_id: outcome} of a frame of deals."""
    return dict(frame.select("opportunity_id", "outcome").iter_rows())


def credited(report: dict) -> dict[tuple[str, str | None, str], tuple[int, int, int]]:
    """A file report's stage lines: {(stage, outcome, rule): (rows, stored, quarantined)}."""
    return {(s["stage"], s["outcome"], s["rule"]): (s["rows"], s["stored"], s["quarantined"]) for s in report["stages"]}


def reasons(report: dict) -> dict[int, str]:
    """A file report's quarantine reasons by the file's line number."""
    return {e["line"]: e["message"] for e in report["errors"]}


def closed_sentence(column: str, flag: str, said: str, value: str = "Paused") -> str:
    """Why a row whose closed flag says true is quarantined under a mapping of `value` to open."""
    return (
        f"{column} '{value}' is mapped to open, but {flag} says '{said}' (the deal closed), so it is not counted: "
        f"map '{value}' to won, lost or no decision (on the command line: --stage \"{value}=won\" or lost or "
        "no_decision, and ingest again), or correct the row in the CRM."
    )


def not_won_sentence(column: str, flag: str, said: str, value: str = "Closed") -> str:
    """Why a row whose won flag says false is quarantined under a mapping of `value` to won."""
    return (
        f"{column} '{value}' is mapped to won, but {flag} says '{said}' (the deal was not won), so it is not counted: "
        f"map '{value}' to lost, no decision or open (on the command line: --stage \"{value}=lost\" or no_decision or "
        "open, and ingest again), or correct the row in the CRM."
    )
