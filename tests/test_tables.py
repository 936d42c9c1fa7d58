"""Raw grids into Tables: header rows and columns, span repeats, blocks, nested appendix rows."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.records import RawTable
from corpus.tables import clean_label, nest_rows, read_tables, unit_column
from tests.conftest import REAL

NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
APPLICANTS = ("申请人情况",)


def grid(*rows):
    return RawTable(grid=tuple(tuple(r) for r in rows))


def html_grids(path: Path) -> list[tuple[tuple[str, ...], ...]]:
    """The table grids of a real HTML page, spans expanded, read straight from the markup with bs4."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
    grids = []
    for table in soup.find_all("table"):
        if table.find("table"):
            continue
        rows: list[list[str]] = []
        pending: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(table.find_all("tr")):
            row: list[str] = []
            c = 0
            for td in tr.find_all(["td", "th"]):
                while (r, c) in pending:
                    row.append(pending.pop((r, c)))
                    c += 1
                text = " ".join(td.get_text(" ").split())
                rowspan, colspan = int(td.get("rowspan", 1)), int(td.get("colspan", 1))
                for dc in range(colspan):
                    row.append(text)
                    for dr in range(1, rowspan):
                        pending[(r + dr, c)] = text
                    c += 1
            while (r, c) in pending:
                row.append(pending.pop((r, c)))
                c += 1
            rows.append(row)
        width = max(len(row) for row in rows)
        grids.append(tuple(tuple(row + [""] * (width - len(row))) for row in rows))
    return grids


def test_clean_label_removes_layout_spaces_but_not_between_latin_words():
    assert clean_label("三、本 年 度办 理结果") == "三、本年度办理结果"
    assert clean_label(" 法律 服 务 机构\xa0") == "法律服务机构"
    assert clean_label("2. 政府公报公开") == "2.政府公报公开"
    assert clean_label("PDF file 下载") == "PDF file下载"
    assert clean_label(None) == ""


def test_requests_table_from_real_html_has_row_and_column_paths():
    grids = html_grids(REAL / "平潭综合实验区_2024.html")
    (table,) = read_tables(RawTable(grid=grids[1]), 5, "三、收到和处理政府信息公开申请情况", ("三、收到和处理政府信息公开申请情况",))
    assert table.id == "t5"
    assert table.columns == (
        APPLICANTS + ("自然人",),
        APPLICANTS + ("法人或其他组织", "商业企业"),
        APPLICANTS + ("法人或其他组织", "科研机构"),
        APPLICANTS + ("法人或其他组织", "社会公益组织"),
        APPLICANTS + ("法人或其他组织", "法律服务机构"),
        APPLICANTS + ("法人或其他组织", "其他"),
        APPLICANTS + ("总计",),
    )
    assert len(table.rows) == 25
    assert table.rows[0] == ("一、本年新收政府信息公开申请数量",)
    assert table.rows[4] == ("三、本年度办理结果", "（三）不予公开", "1.属于国家秘密")
    assert table.cells[0] == ("217", "1", "0", "0", "0", "0", "218")
    withheld_internal = table.rows.index(("三、本年度办理结果", "（三）不予公开", "5.属于三类内部事务信息"))
    assert table.cells[withheld_internal][0] == "32"


def test_review_table_has_fifteen_columns_under_their_groups():
    grids = html_grids(REAL / "平潭综合实验区_2024.html")
    (table,) = read_tables(RawTable(grid=grids[2]), 6, "四", ())
    assert len(table.columns) == 15
    assert table.columns[4] == ("行政复议", "总计")
    assert table.columns[9] == ("行政诉讼", "未经复议直接起诉", "总计")
    assert table.columns[14] == ("行政诉讼", "复议后起诉", "总计")
    assert table.rows == ((),)
    assert table.cells[0][14] == "19"


def test_proactive_grid_splits_into_one_table_per_article_block_and_drops_colspan_repeats():
    grids = html_grids(REAL / "平潭综合实验区_2024.html")
    tables = read_tables(RawTable(grid=grids[0]), 1, "二、主动公开政府信息情况", ("二",))
    assert [t.title for t in tables] == ["第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    assert [t.id for t in tables] == ["t1", "t2", "t3", "t4"]
    first, licensing, penalty, fees = tables
    assert first.columns == (("本年制发件数",), ("本年废止件数",), ("现行有效件数",))
    assert first.rows == (("规章",), ("行政规范性文件",))
    assert first.cells[1] == ("62", "33", "440")
    # 4529 is printed once, spanning three slots: one column, one cell
    assert licensing.columns == (("本年处理决定数量",),) and licensing.cells == (("4529",),)
    assert penalty.cells == (("1100",), ("65",))
    assert fees.columns == (("本年收费金额（单位：万元）",),)


def test_adjacent_columns_with_the_same_header_but_different_cells_are_kept():
    table, = read_tables(grid(
        ("指标", "数量", "数量"),
        ("甲", "1", "2"),
        ("乙", "3", "3"),
    ), 1, "", ())
    assert len(table.columns) == 2


def test_malformed_span_keeps_one_column_under_the_parent_most_columns_share():
    # 平潭综合实验区_2021.html: 自然人 spans two slots, 商业企业 spans two, one of them under 自然人
    table, = read_tables(grid(
        (NOTE, NOTE, NOTE, "申请人情况", "申请人情况", "申请人情况", "申请人情况", "申请人情况", "申请人情况", "申请人情况", "申请人情况"),
        (NOTE, NOTE, NOTE, "自然人", "自然人", "法人或其他组织", "法人或其他组织", "法人或其他组织", "法人或其他组织", "法人或其他组织", "总计"),
        (NOTE, NOTE, NOTE, "", "商业 企业", "商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他", "总计"),
        ("一、本年新收", "一、本年新收", "一、本年新收", "64", "0", "0", "0", "2", "0", "4", "70"),
        ("二、上年结转", "二、上年结转", "二、上年结转", "0", "0", "0", "0", "0", "0", "0", "0"),
    ), 1, "", ())
    assert len(table.columns) == 7
    assert table.columns[0] == APPLICANTS + ("自然人",)
    assert table.columns[1] == APPLICANTS + ("法人或其他组织", "商业企业")
    assert table.cells[0] == ("64", "0", "0", "2", "0", "4", "70")


SEED_APPENDIX = [
    ("指标", "单位", "数量"),
    ("受理申请总数", "条", "766"),
    ("其中:1.当面申请数", "条", "498"),
    ("2.传真申请数", "条", "3"),
    ("对申请的答复总数", "条", "766"),
    ("其中:1.同意公开数", "条", "427"),
    ("8.不予公开总数", "条", "15"),
    ("其中(1)“国家秘密”数", "条", "15"),
    ("(2)“商业秘密”数", "条", ""),
    ("9.其他", "", "36"),
    ("政府信息公开指定工作人员总数", "人", "2"),
]


def test_old_appendix_rows_nest_as_parent_and_parts_and_the_unit_column_stays_a_column():
    table, = read_tables(grid(*SEED_APPENDIX), 2, "附表二 依申请公开政府信息情况统计", ("七、说明和附表",))
    assert table.columns == (("单位",), ("数量",))
    assert unit_column(table) == 0
    assert table.rows == (
        ("受理申请总数",),
        ("受理申请总数", "其中:1.当面申请数"),
        ("受理申请总数", "2.传真申请数"),
        ("对申请的答复总数",),
        ("对申请的答复总数", "其中:1.同意公开数"),
        ("对申请的答复总数", "8.不予公开总数"),
        ("对申请的答复总数", "8.不予公开总数", "其中(1)“国家秘密”数"),
        ("对申请的答复总数", "8.不予公开总数", "(2)“商业秘密”数"),
        ("对申请的答复总数", "9.其他"),
        ("政府信息公开指定工作人员总数",),
    )
    assert table.cells[7] == ("条", "")
    assert table.title == "附表二 依申请公开政府信息情况统计"


def test_nest_rows_closes_a_part_list_when_the_numbering_breaks():
    paths = nest_rows(["本年度主动公开政府信息数", "其中:较上年度同期增加率", "全文电子化政府信息数", "1.甲", "2.乙"])
    assert paths == [
        ("本年度主动公开政府信息数",),
        ("本年度主动公开政府信息数", "其中:较上年度同期增加率"),
        ("全文电子化政府信息数",),
        ("1.甲",),
        ("2.乙",),
    ]


def test_blank_rows_are_dropped_and_lost_cells_stay_none():
    table, = read_tables(grid(
        ("指标", "2011年度", "历年累计"),
        ("主动公开信息数", "425", None),
        ("", "", ""),
        ("行政复议数", "", "0"),
    ), 1, "", ())
    assert table.rows == (("主动公开信息数",), ("行政复议数",))
    assert table.cells == (("425", None), ("", "0"))
    assert table.columns == (("2011年度",), ("历年累计",))


@pytest.mark.parametrize("rows", [(), ((),), (("",),)])
def test_empty_grids_give_no_table(rows):
    assert read_tables(RawTable(grid=tuple(rows)), 1, "", ()) == []


CELL_TEXTS = ["", "0", "12", "3.5万", "-", "条", "指标", "单位", "合计", "其中:1.甲", "2.乙", "（一）予以公开",
              "总计", "自然人", "行政复议", "第二十条第（一）项", "信息内容", "商业 企业", "1 0", "无"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), st.sampled_from(CELL_TEXTS)), min_size=1, max_size=6),
                min_size=1, max_size=8))
def test_any_grid_gives_well_formed_tables_or_none(rows):
    from corpus.facts import table_facts
    from corpus.template import cell_keys, table_kind

    for table in read_tables(RawTable(grid=tuple(tuple(r) for r in rows)), 1, "t", ()):
        assert len(table.cells) == len(table.rows)
        assert all(len(row) == len(table.columns) for row in table.cells)
        kind = table_kind(table)
        keys = cell_keys(table, kind)
        assert [len(r) for r in keys] == [len(r) for r in table.cells]
        for fact in table_facts(table, "rid", "", None):
            assert not (fact.blank and fact.value is not None)
            assert not (fact.unreadable and fact.value is not None)


def test_a_finer_numbering_from_1_lists_the_parts_of_the_numbered_row_above():
    # "（三）从事…工作人员数" then "1.专职人员数", "2.兼职人员数": its parts, as after 其中; not under a 一、 heading row
    paths = nest_rows(["（三）从事政府信息公开工作人员数", "1.专职人员数", "2.兼职人员数", "（四）政府信息公开专项经费",
                       "二、上年结转", "（一）予以公开"])
    assert paths == [
        ("（三）从事政府信息公开工作人员数",),
        ("（三）从事政府信息公开工作人员数", "1.专职人员数"),
        ("（三）从事政府信息公开工作人员数", "2.兼职人员数"),
        ("（四）政府信息公开专项经费",),
        ("二、上年结转",),
        ("（一）予以公开",),
    ]


def test_a_first_column_that_only_numbers_the_rows_is_left_out():
    grid = (("序号", "指标", "单位", "数量"), ("1", "主动公开信息数", "条", "425"), ("2", "网站公开", "条", "418"),
            ("3", "政府公报公开", "条", "7"))
    (table,) = read_tables(RawTable(grid=grid), 1, "统计表", ("七、统计表",))
    assert [r[-1] for r in table.rows] == ["主动公开信息数", "网站公开", "政府公报公开"]
    assert [row[-1] for row in table.cells] == ["425", "418", "7"]


def test_a_piece_of_an_old_table_cut_off_from_its_header_keeps_its_unit_column():
    from corpus.facts import table_facts

    grid = (("（一）召开政府信息公开工作会议数", "次", "3"), ("（三）接受培训人员数", "人次", "236"),
            ("（四）政府信息公开专项经费", "万元", "3.5"))
    (table,) = read_tables(RawTable(grid=grid), 1, "统计表", ("七、统计表",))
    facts = {f.row[-1]: f for f in table_facts(table, "rid", "某局", 2015)}
    assert facts["（四）政府信息公开专项经费"].value == 35000 and facts["（四）政府信息公开专项经费"].unit == "元"
    assert facts["（三）接受培训人员数"].unit == "人次" and len(facts) == 3
