"""Checks: totals vs parts, the requests identity, review totals, prose vs table; blanks are absent."""
from __future__ import annotations

from dataclasses import replace

from corpus.checks import equal_sums, parts_checks, prose_checks, report_checks
from corpus.facts import table_facts
from corpus.records import CellRef, Fact, Figure, RawTable, Table
from corpus.tables import read_tables
from corpus.template import table_kind
from tests.conftest import REAL, SEED, parsed_report

COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")


def built(*rows, title="t") -> tuple[list[Table], list[Fact]]:
    tables = read_tables(RawTable(grid=tuple(tuple(r) for r in rows)), 1, title, ())
    tables = [replace(t, kind=table_kind(t)) for t in tables]
    return tables, [f for t in tables for f in table_facts(t, "rid", "某局", 2024)]


def fact(value, blank=False, unreadable=False, row=("r",)) -> Fact:
    return Fact(report_id="rid", agency="a", year=2024, table="t1", table_title="t", section=(), row=row,
                column=("c",), key=None, value=value, unit=None, raw="" if value is None else str(value),
                blank=blank, unreadable=unreadable)


def requests_grid(new, carried, results, total, forward):
    """A small 2019-variant requests table; each argument is a row of 7 cells."""
    header = [("申请人情况",) * 8, ("",) + COLUMNS]
    body = [("一、本年新收政府信息公开申请数量",) + new, ("二、上年结转政府信息公开申请数量",) + carried,
            ("（一）予以公开",) + results[0], ("（二）部分公开",) + results[1],
            ("（七）总计",) + total, ("四、结转下年度继续办理",) + forward]
    return [*header, *body]


def test_equal_sums_skips_blank_only_sides_and_unreadable_cells():
    assert equal_sums("x", [fact(None, blank=True)], [fact(None, blank=True)]) is None
    assert equal_sums("x", [fact(1), fact(2)], [fact(None, blank=True)]) is None  # no total to compare
    assert equal_sums("x", [fact(1), fact(None, unreadable=True)], [fact(1)]) is None
    ok = equal_sums("x", [fact(1), fact(None, blank=True), fact(2)], [fact(3)], right_label="总计")
    assert ok.ok and ok.detail == "1 + 2 = 3 = 总计 3"
    assert [c.value for c in ok.cells] == [1, 2, 3]


def test_requests_identity_and_totals_pass_and_fail_per_column():
    zeros = ("0",) * 7
    grid = requests_grid(new=("10", "1", "0", "0", "0", "0", "11"), carried=zeros,
                         results=[("8", "1", "0", "0", "0", "0", "9"), ("1", "0", "0", "0", "0", "0", "1")],
                         total=("9", "1", "0", "0", "0", "0", "0"), forward=("1", "0", "0", "0", "0", "0", "1"))
    tables, facts = built(*grid)
    checks = {c.name: c for c in report_checks(tables, facts)}
    assert checks["requests.identity[自然人]"].ok
    assert checks["requests.results_total[自然人]"].ok
    failed = checks["requests.identity[总计]"]
    assert not failed.ok
    assert failed.detail == "11 + 0 = 11 ≠ 三（七）总计 + 四 0 + 1 = 1"
    assert {c.row for c in failed.cells} == {("一、本年新收政府信息公开申请数量",), ("二、上年结转政府信息公开申请数量",),
                                             ("（七）总计",), ("四、结转下年度继续办理",)}
    assert all(c.column[-1] == "总计" for c in failed.cells)
    row_total = checks["requests.row_total[（七）总计]"]
    assert not row_total.ok and row_total.detail == "9 + 1 + 0 + 0 + 0 + 0 = 10 ≠ 总计 0"
    assert checks["requests.row_total[一、本年新收政府信息公开申请数量]"].ok


def test_a_column_left_blank_is_skipped_not_passed():
    blank = ("",) * 7
    grid = requests_grid(new=("5", "", "", "", "", "", "5"), carried=blank,
                         results=[("5", "", "", "", "", "", "5"), blank], total=("5", "", "", "", "", "", "5"),
                         forward=blank)
    tables, facts = built(*grid)
    names = {c.name for c in report_checks(tables, facts)}
    assert "requests.identity[自然人]" in names
    assert "requests.identity[商业企业]" not in names


def test_old_appendix_parts_against_their_total():
    tables, facts = built(
        ("指标", "单位", "数量"),
        ("受理申请总数", "条", "766"),
        ("其中:1.当面申请数", "条", "498"),
        ("2.传真申请数", "条", "3"),
        ("3.电子邮件申请数", "条", ""),
        ("行政复议数", "件", "13"),
        ("其中:被复议机关确认违法或有瑕疵的", "件", "8"),   # a lone share: no check
        ("主动公开信息数", "条", "425"),
        ("其中：1.网站公开", "条", "418"),               # no total word: parts need not cover it
        ("2.政府公报公开", "条", "0"),
        title="附表二",
    )
    checks = parts_checks(tables[0], facts)
    assert [c.name for c in checks] == ["parts_sum[附表二 受理申请总数]"]
    assert not checks[0].ok and checks[0].detail == "498 + 3 = 501 ≠ 受理申请总数 766"


def test_prose_figure_against_the_table_cell_with_its_key():
    cell = replace(fact(7), key="review.reconsideration.total")
    figure = Figure(report_id="rid", agency="a", year=2024, section=(), noun="行政复议", value=9, unit="件",
                    raw="9件", sentence="行政复议9件", key="review.reconsideration.total")
    (check,) = prose_checks([figure], {cell.key: cell})
    assert not check.ok and check.cells == (CellRef("t1", ("r",), ("c",), 7),)
    assert "9件" in check.detail and "7" in check.detail
    near = replace(figure, value=7.4, approximate=True, raw="7件余")
    assert prose_checks([near], {cell.key: cell})[0].ok
    assert prose_checks([replace(figure, key=None)], {cell.key: cell}) == []


def test_seed_totals_hold():
    report = parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")
    checks = {c.name: c for c in report.checks}
    assert checks["parts_sum[附表二 依申请公开政府信息情况统计 受理申请总数]"].ok
    answered = checks["parts_sum[附表二 依申请公开政府信息情况统计 对申请的答复总数]"]
    assert answered.ok and answered.detail.endswith("= 766 = 对申请的答复总数 766")
    assert checks["parts_sum[附表五 政府支出与收费情况统计 收取费用总数]"].detail == "64.4 = 64.4 = 收取费用总数 64.4"
    assert all(c.ok for c in report.checks)


def test_hongze_2023_review_table_fails_and_names_its_cells():
    report = parsed_report(REAL / "淮安市洪泽区人民政府_2023.pdf")
    failed = {c.name: c for c in report.checks if not c.ok}
    check = failed["review.total[行政复议]"]
    assert check.detail == "10 + 1 + 0 + 0 = 11 ≠ 总计 0"
    assert [c.value for c in check.cells] == [10, 1, 0, 0, 0]
    assert all(c.column[0] == "行政复议" for c in check.cells)
    # the report is kept as printed: the total cell still says 0
    assert next(f for f in report.facts if f.key == "review.reconsideration.total").value == 0
