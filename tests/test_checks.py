"""Checks: totals vs parts, the requests identity, review totals, prose vs table; blanks are absent."""
from __future__ import annotations

from dataclasses import replace

from corpus.checks import equal_sums, parts_checks, prose_checks, report_checks
from corpus.facts import table_facts
from corpus.records import CellRef, Fact, Figure, RawTable, Table
from corpus.tables import read_tables
from corpus.template import table_kind
from tests.conftest import REAL, SEED, parsed_report, real_files

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


# ---------------------------------------------------------------- prose against tables


def _prose(report) -> dict[str, list]:
    """The report's prose_vs_table checks by name."""
    found: dict[str, list] = {}
    for check in report.checks:
        if check.name.startswith("prose_vs_table["):
            found.setdefault(check.name, []).append(check)
    return found


def test_seed_review_and_requests_prose_is_tied_to_the_old_table_rows():
    report = parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")
    prose = _prose(report)
    appendix4 = next(t.id for t in report.tables if t.title.startswith("附表四"))
    for name, value, row in (("review.reconsideration.total", 13, "行政复议数"), ("review.litigation.total", 35, "行政诉讼数")):
        (check,) = prose[f"prose_vs_table[{name}]"]
        assert check.ok and check.cells == (CellRef(appendix4, (row,), ("数量",), value),)
        assert f"'{value}件'" in check.detail and row in check.detail and "分别为13件和35件" in check.detail
    (requests,) = prose["prose_vs_table[requests.new_received.total]"]
    assert requests.ok and requests.cells[0].row == ("受理申请总数",) and requests.cells[0].value == 766
    (in_person,) = prose["prose_vs_table[当面申请数]"]
    assert in_person.ok and in_person.cells[0].row == ("受理申请总数", "其中:1.当面申请数") and in_person.cells[0].value == 498
    assert all(c.ok for checks in prose.values() for c in checks) and len(prose) >= 10


def test_old_table_prose_is_read_in_the_report_year_column():
    # 2013年全县共收到有关政府信息公开的申请7条 against 受理依申请公开信息总数: 2013年度 7, 历年累计 28
    (check,) = _prose(parsed_report(REAL / "平潭县人民政府_2013.html"))["prose_vs_table[requests.new_received.total]"]
    assert check.ok and check.cells[0].column == ("2013年度",) and check.cells[0].value == 7


def test_lawsuits_are_the_sum_of_both_kinds():
    (check,) = _prose(parsed_report(REAL / "平潭综合实验区_2025.html"))["prose_vs_table[review.litigation.total]"]
    assert check.ok and [c.value for c in check.cells] == [6, 3]  # 直接起诉 6 + 复议后起诉 3 = 行政诉讼9起
    assert check.detail.startswith("prose 行政诉讼 '9起' (9) = table 行政诉讼 › 未经复议直接起诉 › 总计 6 + ")
    assert "= 9; sentence: 全年办理因政府信息公开申请引发的行政复议36起，行政诉讼9起。" in check.detail
    # a blank part is absent: 上海 2019 has no 复议后起诉 figure, so its 诉讼9件 is the direct lawsuits alone
    (shanghai,) = _prose(parsed_report(REAL / "上海市人民政府办公厅_2019.txt"))["prose_vs_table[review.litigation.total]"]
    assert shanghai.ok and [c.value for c in shanghai.cells] == [9]


def test_a_real_report_whose_prose_contradicts_its_table_fails_naming_both():
    prose = _prose(parsed_report(REAL / "平潭综合实验区市场监督管理局_2025.html"))
    (check,) = prose["prose_vs_table[requests.result.unavailable.total]"]
    assert not check.ok
    assert "'2件' (2) ≠ table 三、本年度办理结果 › （四）无法提供 › 1.本机关不掌握相关政府信息" in check.detail
    assert check.detail.endswith("; sentence: 2025年，共受理政府信息公开申请21件，经分类处置后，给予同意公开答复1件，不予公开答复3件，"
                                 "区分处理后公开11件，因无法提供相关信息答复2件，其他处理2件，结转下年度继续办理2件，所有申请均在法定期限内办结，切实保障申请人合法权益。")
    assert len(check.cells) == 3 and all(c.value == 0 and c.row[1] == "（四）无法提供" for c in check.cells)
    assert prose["prose_vs_table[requests.new_received.total]"][0].ok  # 受理政府信息公开申请21件
    (review,) = _prose(parsed_report(REAL / "平潭综合实验区行政审批局_2024.html"))["prose_vs_table[review.reconsideration.total]"]
    assert not review.ok and review.detail.startswith("prose 因依申请公开引发行政复议 '1起' (1) ≠ table 行政复议 › 总计 0")



def test_a_sum_with_an_unprinted_part_is_not_checked_and_a_repeated_figure_is_checked_once():
    direct = replace(fact(6), key="review.litigation_direct.total")
    after = replace(fact(3, row=("r2",)), key="review.litigation_after_review.total")
    lawsuits = Figure(report_id="rid", agency="a", year=2024, section=(), noun="行政诉讼", value=9, unit="起",
                      raw="9起", sentence="行政诉讼9起。", key="review.litigation.total")
    assert prose_checks([lawsuits], {direct.key: direct}) == []  # 复议后起诉 not printed: 9 cannot be checked
    checks = prose_checks([lawsuits, replace(lawsuits, sentence="共有行政诉讼9起。"), replace(lawsuits, value=8, raw="8起")],
                          {direct.key: direct, after.key: after})
    assert [(c.ok, [cell.value for cell in c.cells]) for c in checks] == [(True, [6, 3]), (False, [6, 3])]
    assert checks[1].detail.startswith("prose 行政诉讼 '8起' (8) ≠ table r › c 6 + r2 › c 3 = 9; sentence: 行政诉讼9起。")

# Every prose-vs-table failure in ../shared/corpus/real, each read by eye: the report's prose and its
# table disagree as published (see MANIFEST.tsv for some). Any other failure is a wrong meaning.
KNOWN_DISAGREEMENTS = {
    ("平潭县人民政府_2013.html", "网上申请数"), ("平潭县人民政府_2013.html", "信函申请数"),  # text 网上3 信函4, table 网上4 信函0
    ("平潭县人民政府_2013.txt", "网上申请数"), ("平潭县人民政府_2013.txt", "信函申请数"),
    ("平潭综合实验区_2012.html", "主动公开信息数"), ("平潭综合实验区_2012.txt", "主动公开信息数"),  # 1913 vs 739
    ("平潭综合实验区_2013.html", "主动公开信息数"),  # 4970 vs 72804
    ("平潭综合实验区_2013.html", "review.reconsideration.total"),  # 收到1份…行政复议申请 vs 行政复议数 0
    ("平潭综合实验区_2022.html", "requests.new_received.total"),  # 收到75件 vs 新收74 (+1 carried over)
    ("平潭综合实验区_2022.txt", "requests.new_received.total"),
    ("平潭综合实验区农业农村局_2023.html", "requests.new_received.total"),  # 收到7份 vs 新收 0 (the 7 sits in 上年结转)
    ("平潭综合实验区市场监督管理局_2025.html", "requests.result.unavailable.total"),  # 无法提供2件 vs 0
    ("平潭综合实验区市场监督管理局_2025.html", "requests.result.other_handling.total"),  # 其他处理2件 vs 2 + 2
    ("平潭综合实验区行政审批局_2024.html", "review.reconsideration.total"),  # 行政复议1起 vs 总计 0
}


def test_prose_checks_over_the_real_reports_fail_only_where_prose_and_table_disagree():
    failed, passed = set(), 0
    for path in real_files():
        for name, checks in _prose(parsed_report(path)).items():
            passed += sum(c.ok for c in checks)
            failed |= {(path.name, name[len("prose_vs_table["):-1]) for c in checks if not c.ok}
    assert failed == KNOWN_DISAGREEMENTS
    assert passed >= 80
