"""National tables: recognition, both variants' keys, tolerance for printed quirks."""
from __future__ import annotations

import re

import pytest

from corpus.records import RawTable, Table
from corpus.tables import read_tables
from corpus.template import (PROACTIVE, REQUESTS, REVIEW, cell_keys, core, national_keys, request_row_keys,
                             review_column_keys, table_kind, variant)
from tests.conftest import ROOT

RESULTS = "三、本年度办理结果"


def table(rows, columns, cells=None, title="") -> Table:
    cells = cells or tuple(tuple("0" for _ in columns) for _ in rows)
    return Table(id="t1", title=title, section=(), rows=tuple(rows), columns=tuple(columns), cells=tuple(cells))


def test_key_counts_match_the_templates():
    # 2021+: 10 proactive cells, 25 request rows × 7 columns, 15 review cells
    assert len(national_keys("2021")) == 10 + 25 * 7 + 15
    # 2019-2020: 22 proactive cells, 23 request rows × 7, 15 review cells
    assert len(national_keys("2019")) == 22 + 23 * 7 + 15
    assert "review.litigation_direct.total" in national_keys("2021")
    assert "requests.result.other_handling.total" in national_keys("2019")
    assert "requests.result.other_handling.unpaid_fee.commercial" in national_keys("2021")
    assert "proactive.procurement.amount" in national_keys("2019")
    assert "proactive.fees.amount" in national_keys("2021")


def test_every_key_name_is_written_in_the_canonical_keys_document():
    doc = (ROOT / "docs" / "canonical-keys.md").read_text(encoding="utf-8")
    names = set(re.findall(r"`([a-z_.<>]+)`", doc))
    words = {part for name in names for part in name.split(".")}
    for key in national_keys("2019") | national_keys("2021"):
        for part in key.split("."):
            assert part in words, f"{key}: '{part}' is not in docs/canonical-keys.md"


def test_core_drops_numbering_spaces_quotes_and_width():
    assert core("3.危及“三安全一稳定”") == "危及三安全一稳定"
    assert core("（三） 不予公开") == "不予公开"
    assert core("(二)部分公开") == "部分公开"
    assert core("商 业 企 业") == "商业企业"
    assert core("2011年度") == "2011年度"


def test_request_rows_tolerate_typos_and_lost_nesting():
    rows = [
        ("一、本年新收政府信息公开申请数量",),
        ("二、上年结转政府信息公开申请数量",),
        (RESULTS, "（一）予以公开"),
        (RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        (RESULTS, "（三）不予公开", "1.属于国家秘密"),
        (RESULTS, "（三）不予公开", "2.其他法律行政止公开"),     # typo in 洪泽区 2023
        (RESULTS, "（三）不予公开", "7.属于行政执法案件"),      # 市场监督管理局 2025
        ("（四）无法提供",),                                   # a group title on its own row …
        ("1.本机关不掌握相关政府信息",),                        # … and its parts without the path
        ("3.补 正后申请内容仍不明确",),
        (RESULTS, "（六）其他处理", "3.其他"),
        (RESULTS, "（七）总计"),
        ("四、结转下年度继续办理",),
    ]
    assert request_row_keys(rows) == [
        "new_received", "carried_over", "result.disclosed", "result.partly_disclosed",
        "result.withheld.state_secret", "result.withheld.other_law", "result.withheld.enforcement_file",
        None, "result.unavailable.not_held", "result.unavailable.unclear",
        "result.other_handling.other", "result.total", "carried_forward",
    ]


def test_the_2019_other_handling_row_is_a_leaf():
    assert request_row_keys([(RESULTS, "（六）其他处理"), (RESULTS, "（七）总计")]) == [
        "result.other_handling", "result.total"]


def test_review_columns_by_label_and_by_template_order():
    labelled = [("行政复议", "结果维持"), ("行政诉讼", "未经复议直接起诉", "尚未 审结"),
                ("行政诉讼", "复议后起诉", "总 计"), ("行政法复议", "其他结果")]
    assert review_column_keys(labelled) == ["reconsideration.upheld", "litigation_direct.pending",
                                            "litigation_after_review.total", "reconsideration.other"]
    mangled = [("结果",)] * 15  # a header the reader could not rebuild
    keys = review_column_keys(mangled)
    assert keys[0] == "reconsideration.upheld" and keys[9] == "litigation_direct.total"
    assert keys[14] == "litigation_after_review.total"


def test_table_kinds():
    requests = table([("一、本年新收政府信息公开申请数量",), ("二、上年结转政府信息公开申请数量",)],
                     [("自然人",), ("总计",)])
    review = table([()], [("行政复议", "总计"), ("行政诉讼", "复议后起诉", "总计")])
    proactive = table([("行政许可",)], [("本年处理决定数量",)], title="第二十条第（五）项")
    appendix = table([("新增行政规范性文件数",), ("行政复议数",)], [("单位",), ("数量",)], title="附表一")
    assert [table_kind(t) for t in (requests, review, proactive, appendix)] == [REQUESTS, REVIEW, PROACTIVE, None]


def test_proactive_keys_of_both_variants():
    old = table([("规范性文件",), ("政府集中采购",)], [("采购项目数量",), ("采购总金额",)])
    assert cell_keys(old, PROACTIVE)[1] == ("proactive.procurement.items", "proactive.procurement.amount")
    new = table([("行政事业性 收费",)], [("本年收费金额（单位：万元）",)])
    assert cell_keys(new, PROACTIVE) == (("proactive.fees.amount",),)
    made = table([("规章",)], [("本年新 制作数量",), ("本年新 公开数量",), ("对外公开总数量",)])
    assert cell_keys(made, PROACTIVE) == (("proactive.rules.made", "proactive.rules.published",
                                           "proactive.rules.total_published"),)
    assert variant([made], 2021) == "2019"
    assert variant([new], None) == "2021"
    assert variant([], 2020) == "2019"


def test_requests_columns_fall_back_to_template_order_when_labels_are_lost():
    t = table([("一、本年新收政府信息公开申请数量",), ("二、上年结转",)], [("?",)] * 7)
    keys = cell_keys(t, REQUESTS)
    assert keys[0][0] == "requests.new_received.natural_person"
    assert keys[1][6] == "requests.carried_over.total"


def test_a_real_requests_grid_with_spaced_headers_is_fully_keyed():
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    header = [
        (note,) * 3 + ("申请人情况",) * 7,
        (note,) * 3 + ("自 然 人",) + ("法人或其他组织",) * 5 + ("总计",),
        (note,) * 3 + ("自 然 人", "商业 企业", "科研 机构", "社会 公益 组织", "法律 服 务 机构", "其他", "总计"),
    ]
    body = [("一、本年新收政府信息公开申请数量",) * 3 + ("20", "0", "0", "0", "0", "1", "21")]
    (t,) = read_tables(RawTable(grid=tuple(tuple(r) for r in header + body)), 1, "", ())
    assert table_kind(t) == REQUESTS
    assert cell_keys(t)[0] == tuple(f"requests.new_received.{c}" for c in (
        "natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total"))


@pytest.mark.parametrize("label,key", [
    ("5.要求行政机 关确认或重新出具已获取信息", "result.not_processed.confirm_existing"),
    ("4.无正当理由大量反复申请", "result.not_processed.mass_repeated"),
    ("2.重复申请", "result.not_processed.repeated"),
])
def test_not_processed_parts(label, key):
    assert request_row_keys([(RESULTS, "（五） 不予处理", label)]) == [key]
