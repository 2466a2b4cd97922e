"""Pages over an export in euros with cents ("53.912,61 €"), as a European Salesforce export writes its
amounts: with no exchange rate to the reporting currency the Overview's "Win rate by value" says the rate is
missing, as "Won value" beside it does, not that the deals have no value; in euros, the Seller profiles
page's deal-size cut points read in three figures, though the terciles fall on amounts with cents."""

from __future__ import annotations

import re

from app_driver import opened
from ui.widgets import phrase_value

from winloss.exchange import exchange_rates
from winloss.ingest.pipeline import commit, prepare

HEADER = "Opportunity Owner;Stage;Amount;Close Date;Created Date;Opportunity ID\n"


def eur_csv() -> bytes:
    """60 closed deals in 2026 Q1 and Q2 of three reps, 36 won and 24 lost, each with cents (5.000,01 € to
    94.400,60 € by steps of 1.492,03 €, so no tercile is a round amount), and 5 open."""
    rows = []
    for i in range(65):
        stage = "Negotiation" if i >= 60 else "Closed Won" if i % 5 < 3 else "Closed Lost"
        cents = 500_001 + i * 149_203
        amount = f"{cents // 100:,}".replace(",", ".") + f",{cents % 100:02d} €"
        month = 1 + i % 6
        rows.append(f"{('Lars Nilsson', 'Anna Schmidt', 'Giulia Rossi')[i % 3]};{stage};{amount};"
                    f"{10 + i % 15:02d}/{month:02d}/2026;01/12/2025;0068d{i:013d}AAA\n")
    return (HEADER + "".join(rows)).encode()


def eur_export(store, reporting: str) -> None:
    store.save_exchange_rates(exchange_rates(reporting, []), user="ops")  # no rate for EUR when reporting in USD
    prepared = prepare(eur_csv(), "sf_opportunities_eu.csv")
    assert prepared.rows_quarantined == 0
    commit(store, prepared)


def test_the_win_rate_by_value_says_the_rate_is_missing_not_the_values(store, filled) -> None:
    """Every deal has an amount, in euros, and the store reports in dollars with no rate for EUR: the tile
    read "no deals with a value" beside "Won value: No rate for EUR"."""
    filled(eur_export, "USD")
    at = opened("overview", period="All time")
    assert not at.exception, [e.value for e in at.exception]
    tiles = {m.label: m for m in at.metric}
    by_value, won = tiles["Win rate by value"], tiles["Won value in range"]
    assert won.value == phrase_value("No rate for EUR")  # words in a figure's place, in a smaller type
    assert by_value.value == phrase_value("No rate for EUR")
    assert "no deals with a value" not in " ".join(c.value for c in at.caption)
    assert by_value.proto.help.endswith("60 closed deals in EUR are left out of it: no exchange rate to USD for EUR. "
                                        "Add the rate on the Data page, in the Currencies tab.")


def test_the_deal_size_cut_points_of_amounts_with_cents_read_in_three_figures(store, filled) -> None:
    """The caption read "Medium = €29.3k–€59.33141k, Large = over €59.33141k"."""
    filled(eur_export, "EUR")
    at = opened("profiles", period="All time", show_anyway="true")
    assert not at.exception, [e.value for e in at.exception]
    said = [e.value for kind in ("caption", "markdown", "info") for e in at.get(kind)]
    unescaped = [re.sub(r"\\(.)", r"\1", words) for words in said]  # as the Markdown reads
    captions = [words for words in unescaped if "Small = up to" in words]
    assert len(captions) == 1, "\n".join(said)
    caption = captions[0]
    cuts = re.findall(r"€([\d.,]+)k", caption)
    assert cuts and all(len(cut.replace(".", "").replace(",", "").strip("0")) <= 3 for cut in cuts), caption
    assert "Small = up to €34.8k, Medium = €34.8k–€63.2k, Large = over €63.2k" in caption


def test_the_deal_size_bands_say_the_rate_is_missing_not_that_no_deal_closed(store, filled) -> None:
    """With no rate for EUR the complexity chart's caption read "No closed deals in range to band.." beside
    "60 closed deals without an amount in the reporting currency are left out.": 60 deals closed, each with an
    amount in euros."""
    filled(eur_export, "USD")
    at = opened("profiles", period="All time", show_anyway="true")
    assert not at.exception, [e.value for e in at.exception]
    said = [re.sub(r"\\(.)", r"\1", e.value) for kind in ("caption", "markdown", "info") for e in at.get(kind)]
    (caption,) = [words for words in said if "to band" in words]
    assert caption.startswith("No closed deal has an amount in USD to band by size. 60 closed deals without an amount "
                              "in the reporting currency are left out: 60 in EUR have no exchange rate to USD for EUR. ")


def test_the_banner_over_every_page_offers_the_one_currency_as_the_reporting_currency(store, filled) -> None:
    """Every amount in EUR, the store reporting in USD with no rate: the banner over every page, like the file
    report, offers both ways (the rate, or EUR as the reporting currency), where it offered only the rate."""
    filled(eur_export, "USD")
    for page in ("overview", "reps"):
        at = opened(page, period="All time")
        assert not at.exception, [e.value for e in at.exception]
        (banner,) = [w.value for w in at.warning if "left out of every value figure" in w.value]
        assert banner.endswith("Or, as every amount is in EUR, set Reporting currency to EUR there instead\\: value "
                               "figures are then shown in EUR and need no rate\\."), banner


def test_the_banner_offers_no_one_currency_when_the_amounts_are_in_several(store, filled) -> None:
    """Some deals in USD as well: making EUR the reporting currency would leave those without a rate instead."""
    def mixed(store) -> None:
        eur_export(store, "USD")
        prepared = prepare(b"Opportunity Owner,Stage,Amount,Currency,Close Date,Created Date,Opportunity ID\n"
                           b"Lars Nilsson,Closed Won,1000,USD,10/01/2026,01/12/2025,0068d9999999999999AAA\n", "usd.csv")
        commit(store, prepared)
    filled(mixed)
    at = opened("overview", period="All time")
    (banner,) = [w.value for w in at.warning if "left out of every value figure" in w.value]
    assert "reporting currency" not in banner and banner.endswith("in the Currencies tab\\."), banner
