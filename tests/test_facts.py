"""Cells into facts: values in base units, units from cell/单位 column/header/template, blanks, losses."""
from __future__ import annotations

from corpus.facts import table_facts
from corpus.records import RawTable, Table
from corpus.tables import read_tables
from corpus.template import PROACTIVE, REQUESTS, table_kind
from tests.conftest import REAL, SEED, parsed_report


def facts_of(*rows, title="附表"):
    (table,) = read_tables(RawTable(grid=tuple(tuple(r) for r in rows)), 1, title, ("七、说明和附表",))
    table = Table(**{**table.__dict__, "kind": table_kind(table)})
    return {(f.row[-1] if f.row else "", f.column[-1]): f for f in table_facts(table, "rid", "某局", 2011)}


def test_the_unit_column_gives_each_row_its_unit_and_no_fact_of_its_own():
    facts = facts_of(
        ("指标", "单位", "数量"),
        ("受理申请总数", "条", "766"),
        ("网上咨询数", "人次", "41613"),
        ("处理政府信息公开的专项经费", "万元", "3.5"),
        ("其中:较上年度同期增加率", "-", "40"),
        ("其中:1.检索费", "元", ""),
        ("9.其他", "", "36"),
    )
    assert set(column for _, column in facts) == {"数量"}
    assert (facts["受理申请总数", "数量"].value, facts["受理申请总数", "数量"].unit) == (766, "条")
    assert facts["网上咨询数", "数量"].unit == "人次"
    assert (facts["处理政府信息公开的专项经费", "数量"].value, facts["处理政府信息公开的专项经费", "数量"].unit) == (35000, "元")
    assert facts["其中:较上年度同期增加率", "数量"].unit == "%"
    fee = facts["其中:1.检索费", "数量"]
    assert fee.blank and fee.value is None and fee.unit == "元" and not fee.unreadable
    assert facts["9.其他", "数量"].value == 36


def test_units_glued_to_numbers_and_stated_in_headers():
    facts = facts_of(
        ("信息内容", "采购项目数量", "采购总金额"),
        ("政府集中采购", "6", "251000元"),
        title="第二十条第（九）项",
    )
    amount = facts["政府集中采购", "采购总金额"]
    assert (amount.value, amount.unit, amount.key) == (251000, "元", "proactive.procurement.amount")
    assert facts["政府集中采购", "采购项目数量"].unit == "件"
    fees = facts_of(("信息内容", "本年收费金额（单位：万元）"), ("行政事业性收费", "18651.06"), title="第二十条第（八）项")
    fee = fees["行政事业性收费", "本年收费金额（单位：万元）"]
    assert fee.unit == "元" and abs(fee.value - 186510600) < 0.01 and fee.raw == "18651.06"


def test_unreadable_and_text_cells():
    facts = facts_of(("指标", "2011年度", "历年累计"), ("主动公开信息数", None, "详见附件"))
    lost = facts["主动公开信息数", "2011年度"]
    assert lost.unreadable and lost.value is None and not lost.blank and lost.raw == ""
    text = facts["主动公开信息数", "历年累计"]
    assert text.value is None and not text.blank and not text.unreadable and text.raw == "详见附件"


def test_fact_carries_its_report_table_and_place():
    fact = next(iter(facts_of(("指标", "数量"), ("甲", "1")).values()))
    assert (fact.report_id, fact.agency, fact.year, fact.table, fact.table_title) == ("rid", "某局", 2011, "t1", "附表")
    assert fact.section == ("七、说明和附表",)


def test_seed_facts():
    report = parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")
    by_row = {(f.table_title.split()[0], f.row): f for f in report.facts}
    total = by_row["附表二", ("受理申请总数",)]
    assert (total.value, total.unit) == (766, "条")
    assert by_row["附表二", ("受理申请总数", "3.电子邮件申请数")].value == 13
    assert by_row["附表二", ("对申请的答复总数", "8.不予公开总数", "其中(1)“国家秘密”数")].value == 15
    search_fee = by_row["附表五", ("收取费用总数", "其中:1.检索费")]
    assert search_fee.blank and search_fee.value is None
    copy_fee = by_row["附表五", ("收取费用总数", "3.复制费")]
    assert (copy_fee.value, copy_fee.unit, copy_fee.raw) == (64.4, "元", "64.4")
    assert by_row["附表三", ("咨询电话接听数",)].value == 23320000
    assert by_row["附表五", ("政府信息公开指定工作人员总数", "其中:1.全职人员数")].unit == "人"
    assert all(f.where.line for f in report.facts)  # a text file's facts know their line


def test_real_national_facts_in_base_units():
    report = parsed_report(REAL / "平潭综合实验区_2024.html")
    by_key = {f.key: f for f in report.facts}
    assert by_key["proactive.fees.amount"].value == 186510600 and by_key["proactive.fees.amount"].unit == "元"
    assert by_key["requests.new_received.total"].value == 218
    assert by_key["requests.result.withheld.internal_affairs.natural_person"].value == 32
    assert by_key["review.reconsideration.total"].value == 7
    lawsuits = by_key["review.litigation_direct.total"].value + by_key["review.litigation_after_review.total"].value
    assert lawsuits == 19
    assert by_key["requests.new_received.total"].unit == "件"
    assert {f.table for f in report.facts if f.key.startswith("requests.")} == {
        t.id for t in report.tables if t.kind == REQUESTS}
    assert all(f.key for f in report.facts if any(t.id == f.table and t.kind == PROACTIVE for t in report.tables))


def test_a_dash_in_a_national_table_is_none_and_in_an_old_table_nothing_reported():
    national = facts_of(["第二十条第（五）项", "第二十条第（五）项"], ["信息内容", "本年处理决定数量"], ["行政许可", "—"],
                        title="第二十条第（五）项")
    (fact,) = [f for f in national.values() if f.key]
    assert fact.value == 0 and fact.raw == "—" and not fact.blank
    old = facts_of(["指标", "单位", "数量"], ["1.网站公开", "条", "/"])
    assert old[("1.网站公开", "数量")].blank and old[("1.网站公开", "数量")].value is None
