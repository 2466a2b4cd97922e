"""Minimal CSV templates a person can fill in by hand: headers that auto-map, two example rows."""

from __future__ import annotations

import io

import polars as pl

# Headers are the generic names the mapping recognises; dates are ISO so no date order is guessed.
OPPORTUNITY_TEMPLATE = pl.DataFrame(
    {
        "Opportunity ID": ["OPP-0001", "OPP-0002"],
        "Rep": ["Alex Morgan", "Sam Lee"],
        "Stage": ["Closed Won", "Closed Lost"],
        "Created Date": ["2025-01-15", "2025-02-03"],
        "Close Date": ["2025-04-30", "2025-05-20"],
        "Amount": ["48000", "125000.50"],
        "Currency": ["USD", "USD"],
        "Loss Reason": [None, "No Decision"],
        "Account": ["Northwind Traders", "Contoso Ltd"],
        "Segment": ["Mid-Market", "Enterprise"],
        "Region": ["North America", "EMEA"],
        "Product": ["Core Platform", "Analytics Suite"],
        "Competitor": [None, None],
    }
)

ROSTER_TEMPLATE = pl.DataFrame(
    {
        "Rep": ["Alex Morgan", "Sam Lee"],
        "Seller Profile": ["Challenger", "Relationship Builder"],
        "Team": ["Mid-Market", "Enterprise"],
        "Manager": ["Jordan Diaz", "Jordan Diaz"],
        "Region": ["North America", "EMEA"],
        # The rep's work email: a deal whose owner an export writes as it (Pipedrive's, say) is that rep's.
        "Email": ["alex.morgan@example.com", "sam.lee@example.com"],
        # The rep's coach in a coaching programme, which the sidebar's Coach filter chooses reps by: optional, as
        # Sam Lee's blank shows.
        "Coach": ["Riley Chen", None],
        # Who left, in the columns the product reads (winloss.employment): without them a roster that leaves a
        # leaver out keeps them as a current rep. Sam Lee left on 30 Jun 2025.
        "Status": ["Active", "Left"],
        "End Date": [None, "2025-06-30"],
    }
)


def _csv(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def opportunity_template_csv() -> bytes:
    """An opportunity export with every field's column and two example deals (one won, one no decision)."""
    return _csv(OPPORTUNITY_TEMPLATE)


def roster_template_csv() -> bytes:
    """A rep roster with the seller profile, team, manager, region, email, coach, status and end date columns and
    two example reps, one current and one who left."""
    return _csv(ROSTER_TEMPLATE)
