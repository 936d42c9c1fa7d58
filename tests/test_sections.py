"""Heading hierarchy, run-in headings, passages and the place of each table."""
from __future__ import annotations

import pytest

from corpus.records import Document, Line, Location, RawTable
from corpus.sections import Heading, outline, read_heading
from tests.conftest import REAL, SEED, parsed_document


def doc(*blocks) -> Document:
    made = [Line(b, Location(line=i + 1)) if isinstance(b, str) else b for i, b in enumerate(blocks)]
    return Document(path="x.txt", format="txt", blocks=tuple(made), content_hash="0" * 64)


@pytest.mark.parametrize("text,level,heading,rest", [
    ("一、概述", 1, "一、概述", ""),
    ("二、主动公开政府信息情况", 1, "二、主动公开政府信息情况", ""),
    ("（一）主动公开方面", 2, "（一）主动公开方面", ""),
    ("(二)附表", 2, "(二)附表", ""),
    ("1.加强组织领导", 3, "1.加强组织领导", ""),
    ("（2）政策执行阳光透明", 4, "（2）政策执行阳光透明", ""),
    ("附表一 主动公开政府信息情况统计", 5, "附表一 主动公开政府信息情况统计", ""),
    ("附件1：平潭县人民政府2011年政府信息公开情况统计表", 5, "附件1：平潭县人民政府2011年政府信息公开情况统计表", ""),
    ("（三）政府信息管理情况。", 2, "（三）政府信息管理情况", ""),
    ("（一）主动公开方面。有序推进基层政务公开，聚焦营商环境。", 2, "（一）主动公开方面", "有序推进基层政务公开，聚焦营商环境。"),
    ("（一）主动公开方面平潭综合实验区切实落实国务院办公厅、省政府办公厅关于政务公开工作有关要求",
     2, "（一）主动公开方面", "平潭综合实验区切实落实国务院办公厅、省政府办公厅关于政务公开工作有关要求"),
    ("（一）加强组织领导，健全工作机制一是高度重视。我区将政府信息公开工作列入议事日程。",
     2, "（一）加强组织领导，健全工作机制", "一是高度重视。我区将政府信息公开工作列入议事日程。"),
    ("一、总体情况 2023年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻",
     1, "一、总体情况", "2023年，平潭综合实验区坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻"),
])
def test_headings(text, level, heading, rest):
    assert read_heading(text) == Heading(level, heading, rest)


@pytest.mark.parametrize("text", [
    "一是继续加强网站服务体系建设，发挥政府网站的“第一平台”作用。",
    "二是运用咨询热线的便捷优势",
    "2011年，本局根据《条例》开展工作。",
    "1.5亿元用于信息化建设",
    "12333电话咨询热线全年接听市民来电2332万个",
    "（一）",
])
def test_sentences_are_not_headings(text):
    assert read_heading(text) is None


def test_paths_nest_by_level_and_tables_sit_in_their_section():
    shape = outline(doc(
        "2011年某局政府信息公开工作年度报告",
        "引言段落。",
        "一、概述",
        "概述的话。",
        "（一）主动公开方面。主动公开了5973条。",
        "一是加强网站。",
        "二、依申请公开",
        "七、说明和附表",
        "(二)附表",
        "附表一 主动公开政府信息情况统计",
        RawTable(grid=(("指标", "单位", "数量"), ("甲", "条", "1"))),
        "附表二 依申请公开政府信息情况统计",
        RawTable(grid=(("指标", "单位", "数量"), ("乙", "条", "2"))),
    ), title="2011年某局政府信息公开工作年度报告")
    paths = [s.path for s in shape.sections]
    assert paths[0] == ()  # the preamble, without the title line
    assert [p.text for p in shape.sections[0].passages] == ["引言段落。"]
    assert ("一、概述", "（一）主动公开方面") in paths
    sub = next(s for s in shape.sections if s.path == ("一、概述", "（一）主动公开方面"))
    assert [p.text for p in sub.passages] == ["主动公开了5973条。", "一是加强网站。"]
    assert sub.passages[1].where == Location(line=6)
    assert ("二、依申请公开",) in paths
    assert shape.table_places == [
        (("七、说明和附表", "(二)附表", "附表一 主动公开政府信息情况统计"), "附表一 主动公开政府信息情况统计"),
        (("七、说明和附表", "(二)附表", "附表二 依申请公开政府信息情况统计"), "附表二 依申请公开政府信息情况统计"),
    ]


def test_an_appendix_after_the_last_section_stands_on_its_own():
    shape = outline(doc(
        "四、存在的问题",
        "（三）进一步规范",
        "2、规范政府信息公开行为，切实履行公开责任",
        "附件1：某县2011年政府信息公开情况统计表",
        RawTable(grid=(("指标名称", "计量单位", "2011年度"), ("主动公开信息数", "条", "425"))),
    ))
    assert shape.table_places == [(("附件1：某县2011年政府信息公开情况统计表",), "附件1：某县2011年政府信息公开情况统计表")]


def test_a_table_caption_wins_over_the_line_above():
    shape = outline(doc("三、收到和处理政府信息公开申请情况", RawTable(grid=(("a", "1"),), caption="表三")))
    assert shape.table_places == [(("三、收到和处理政府信息公开申请情况",), "表三")]


def test_seed_report_sections():
    seed = parsed_document(SEED / "上海市人力资源和社会保障局_2011.txt")
    shape = outline(seed, "2011年上海市人力资源和社会保障局政府信息公开工作年度报告")
    paths = [s.path for s in shape.sections]
    assert ("一、概述",) in paths and ("六、主要问题和改进措施",) in paths
    # 一是 … 五是 stay sentences of section 二
    second = next(s for s in shape.sections if s.path == ("二、主动公开政府信息情况",))
    assert sum(p.text.startswith(("一是", "二是", "三是", "四是", "五是")) for p in second.passages) == 5
    assert len(shape.table_places) == 5
    assert shape.table_places[1][1] == "附表二 依申请公开政府信息情况统计"
    assert shape.table_places[1][0][-1] == "附表二 依申请公开政府信息情况统计"


def test_real_2019_format_reports_have_the_six_sections_with_tables_in_them():
    for name in ("平潭综合实验区_2024.html", "淮安市洪泽区人民政府_2023.pdf"):
        shape = outline(parsed_document(REAL / name))
        top = [s.path[0] for s in shape.sections if len(s.path) == 1]
        assert [t[:2] for t in top] == ["一、", "二、", "三、", "四、", "五、", "六、"], name
        sections_of_tables = {place[0][0][:2] for place in shape.table_places}
        assert sections_of_tables == {"二、", "三、", "四、"}, name
