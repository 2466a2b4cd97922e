"""Exports whose headers are Japanese: Dynamics 365, Salesforce and HubSpot in their Japanese editions, and a
team's own spreadsheet. No preset or word rule read a Japanese header ('通貨', '金額', '所有者'...): such an
export was refused for want of an id, a rep and a stage column, every column named as unknown. Each field's
Japanese names are in the one table of the field's names in every language (mapping._LOCALISED)."""

from __future__ import annotations

from pathlib import Path

import pytest

from winloss.ingest.mapping import _LOCALISED, header_language
from winloss.ingest.pipeline import file_report, prepare

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "japanese"


def _prepared(name: str):
    return prepare((FIXTURES / name).read_bytes(), name)


@pytest.mark.parametrize(("name", "source", "fields"), [
    ("dynamics_ja.csv", "dynamics", {
        "opportunity_id": "(変更しないでください) 営業案件", "opportunity_name": "トピック", "account": "取引先企業",
        "amount": "見積収益", "currency": "通貨", "close_date": "実際の終了日", "expected_close_date": "完了予定日",
        "status": "ステータス",
        "stage": "ステータス理由", "rep": "所有者", "created_date": "作成日", "probability": "確度",
    }),
    ("salesforce_ja.csv", "salesforce", {
        "rep": "商談 所有者", "account": "取引先名", "opportunity_name": "商談名", "stage": "フェーズ", "amount": "金額",
        "currency": "商談 通貨", "probability": "確度 (%)", "close_date": "完了予定日", "created_date": "作成日",
        "opportunity_id": "商談 ID", "loss_reason": "失注理由",
    }),
    ("hubspot_ja.csv", "hubspot", {
        "opportunity_id": "レコードID", "opportunity_name": "取引名", "stage": "取引ステージ", "rep": "取引担当者",
        "created_date": "作成日", "close_date": "完了日", "amount": "金額", "currency": "通貨", "loss_reason": "失注理由",
        "account": "関連付けられた会社",
    }),
    ("spreadsheet_ja.csv", "generic", {
        "opportunity_id": "案件ID", "opportunity_name": "案件名", "rep": "営業担当者", "account": "取引先企業",
        "stage": "ステージ", "amount": "金額", "currency": "通貨", "created_date": "作成日", "close_date": "完了予定日",
    }),
])
def test_a_japanese_export_maps_every_column_by_its_japanese_header(name, source, fields):
    prepared = _prepared(name)
    assert prepared.rejected is None
    assert prepared.mapping.source == source
    assert prepared.mapping.fields == fields
    assert header_language(prepared.table.columns) == "ja"


@pytest.mark.parametrize("name", ["dynamics_ja.csv", "salesforce_ja.csv", "spreadsheet_ja.csv"])
def test_each_deal_keeps_the_currency_its_japanese_currency_column_names(name):
    """'通貨' left unread, the dollar deal was stored in the reporting currency at its yen-sized number's side."""
    accepted = _prepared(name).accepted.sort("amount")
    assert accepted.select("amount", "currency").rows()[0][1] == "USD"
    assert accepted.get_column("currency").to_list() == ["USD", "JPY", "JPY"]


def test_a_japanese_dynamics_export_reads_its_status_and_status_reason():
    """Its Status is オープン / 受注 / 失注 beside the Status Reason 進行中 / 獲得 / 他社に敗北: the open one was
    quarantined as a status no rule reads."""
    prepared = _prepared("dynamics_ja.csv")
    assert prepared.errors.height == 0
    outcomes = dict(prepared.accepted.select("opportunity_name", "outcome").iter_rows())
    assert outcomes == {"基幹システム刷新": "won", "物流管理クラウド導入": "lost", "海外拠点CRM展開": "open"}
    won = prepared.accepted.filter(prepared.accepted.get_column("outcome") == "won").row(0, named=True)
    assert str(won["close_date"]) == "2026-03-18" and str(won["created_date"]) == "2025-11-04"
    # The "(Do Not Modify)" columns Dynamics adds but its record id feed no field, as in an English export.
    assert "(変更しないでください) 行のチェックサム" in file_report(prepared)["unused_columns"]


def test_every_crm_table_with_other_languages_has_japanese():
    """Each CRM's table of localised headers names its fields in Japanese as it does in French and Spanish."""
    for source, languages in _LOCALISED.items():
        if {"fr", "es"} <= set(languages):
            assert "ja" in languages, source


def test_a_header_naming_the_deal_in_japanese_around_a_fields_word_is_read_by_that_word():
    """Pipedrive's prefix in Japanese ("取引 - 金額"), as "Trato - Valor" is read as "Valor"."""
    data = ("取引 - ID,取引 - 担当者,取引 - ステージ,取引 - 金額,取引 - 通貨,取引 - 作成日,取引 - 成約日\n"
            "7001,佐藤 健,受注,1000,JPY,2026-01-05,2026-02-10\n7002,鈴木 花子,失注,2000,USD,2026-01-06,2026-02-12\n")
    prepared = prepare(data.encode(), "pipedrive_ja.csv")
    assert prepared.rejected is None and prepared.accepted.height == 2
    assert prepared.mapping.fields == {
        "opportunity_id": "取引 - ID", "rep": "取引 - 担当者", "stage": "取引 - ステージ", "amount": "取引 - 金額",
        "currency": "取引 - 通貨", "created_date": "取引 - 作成日", "close_date": "取引 - 成約日",
    }
