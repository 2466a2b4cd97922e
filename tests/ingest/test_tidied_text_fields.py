"""Every text field of a deal is stored by the rule reps' names are (identity.tidy_name): a region, an account,
a stage, a reason holding a direction override (U+202E), a zero-width space or a double space. The reps and
loss reasons were tidied, the region kept U+202E: the No decision chart drew "Anna \u202eKovac (n = 12)" as
"Anna (21 = n)  cavoK", its CSV held the raw override, and a filter offered two spellings of one region."""

from __future__ import annotations

import polars as pl
import pytest

from winloss.deals import deals
from winloss.ingest import identity
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

HEADER = "Opportunity ID,Opportunity Owner,Account Name,Opportunity Name,Region,Segment,Product,Competitor,Stage,Loss Reason,Created Date,Close Date,Amount"


def export(rows: list[str]) -> bytes:
    return ("\n".join([HEADER, *rows]) + "\n").encode()


HOSTILE = export([
    "H1,Ann \u202eKovac,Acme\u200b Corp,Deal \u202eslx,Anna \u202eKovac,Mid \u2066Market,Core  Suite,Rival\u200f Inc,Closed Won,,2026-01-02,2026-02-02,1000",
    "H2,Ann Kovac,Acme Corp,Deal two,Anna Kovac,Mid Market,Core Suite,Rival Inc,Closed Lost,Price\u202e ,2026-01-02,2026-02-03,1000",
    "H3,Ann Kovac,Acme Corp,Deal three,\u200b,Mid Market,Core Suite,Rival Inc,Closed\u200b Won,,2026-01-02,2026-02-04,1000",
])


def test_every_stored_text_field_is_tidied_as_a_rep_name_is():
    prepared = prepare(HOSTILE, "hostile.csv")
    assert prepared.rejected is None and prepared.rows_quarantined == 0
    rows = prepared.accepted.sort("opportunity_id")
    assert rows.get_column("region").to_list() == ["Anna Kovac", "Anna Kovac", None]  # nothing but a zero-width space: none
    assert rows.get_column("account").unique().to_list() == ["Acme Corp"]
    assert rows.get_column("opportunity_name").to_list() == ["Deal slx", "Deal two", "Deal three"]
    assert rows.get_column("segment").unique().to_list() == ["Mid Market"]
    assert rows.get_column("product").unique().to_list() == ["Core Suite"]
    assert rows.get_column("competitor").unique().to_list() == ["Rival Inc"]
    assert rows.get_column("loss_reason").to_list() == [None, "Price", None]
    assert rows.get_column("stage").to_list() == ["Closed Won", "Closed Lost", "Closed Won"]
    assert rows.get_column("outcome").to_list() == ["won", "lost", "won"]
    assert rows.get_column("rep").unique().to_list() == ["Ann Kovac"]
    text = "|".join(str(v) for c in rows.select(pl.col(pl.String)).columns for v in rows.get_column(c).to_list())
    assert not any(c in text for c in "\u202e\u200b\u2066\u200f") and "  " not in text


def test_a_value_stored_before_the_rule_is_one_group_with_the_same_value_stored_since(tmp_path, monkeypatch):
    store = Store(tmp_path / "store")
    with monkeypatch.context() as old:  # as stored before text fields were tidied
        old.setattr(identity, "tidy_texts", lambda texts: texts)
        commit(store, prepare(export(["A1,Ann,Acme,D1,EMEA\u202e  North,,,,Closed Won,,2026-01-02,2026-02-02,1000"]), "old.csv"))
    assert store.opportunities().collect().get_column("region").to_list() == ["EMEA\u202e  North"]
    commit(store, prepare(export(["B1,Ann,Acme,D2,EMEA North,,,,Closed Lost,Price,2026-01-02,2026-02-03,1000"]), "new.csv"))
    assert deals(store).get_column("region").unique().to_list() == ["EMEA North"]


@pytest.mark.parametrize("texts", [["EMEA", "APAC", None], []])
def test_tidy_texts_returns_the_same_series_when_nothing_needs_it(texts):
    series = pl.Series("region", texts, dtype=pl.String)
    assert identity.tidy_texts(series) is series
