"""The DOCX reader. The corpus has no real .docx, so each test builds one with python-docx."""
from __future__ import annotations

import io
import os
from pathlib import Path

import docx
import pytest

from corpus.docx import read
from corpus.errors import ReportError
from corpus.records import Line, RawTable



def _add_grid(container, grid, cols=None):
    """A Word table of ``grid``'s cells added to ``container`` (the document or a cell), returned."""
    table = container.add_table(rows=len(grid), cols=cols or max(len(r) for r in grid))
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            table.cell(r, c).text = cell or ""
    return table


def _reads_like(document, name: str, source) -> None:
    """``document`` saved and read back: as many tables as ``source`` (a read report), and the same keyed facts."""
    from corpus.report import build_report

    buffer = io.BytesIO()
    document.save(buffer)
    doc = read(Path(name), buffer.getvalue())
    assert sum(isinstance(b, RawTable) for b in doc.blocks) == sum(isinstance(b, RawTable) for b in source.blocks) > 0
    facts = {f.key: f.value for f in build_report(doc).facts if f.key}
    assert len(facts) >= 100 and facts == {f.key: f.value for f in build_report(source).facts if f.key}

def build_report() -> bytes:
    """A small old-style report: title heading, prose, an 指标|单位|数量 table with merged cells."""
    document = docx.Document()
    document.add_heading("某县教育局2011年度政府信息公开年度报告", level=1)
    document.add_paragraph("2011年，我局主动公开政府信息 20 条，其中全文电子化达100%。")
    document.add_heading("一、依申请公开情况", level=2)
    document.add_paragraph("本年度未收到政府信息公开申请。\n（本段第二行）")
    document.add_paragraph("附表：")
    table = document.add_table(rows=5, cols=3)
    rows = [("指标", "单位", "数量"), ("主动公开信息数", "条", "20"), ("其中：网站公开", "", "14"),
            ("受理申请总数", "条", ""), ("", "", "")]
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(2, 0).merge(table.cell(3, 0)).text = "申请与公开"  # vertical merge
    table.cell(4, 0).merge(table.cell(4, 2)).text = "注：空格表示未统计"  # horizontal merge
    document.add_paragraph("某县教育局")
    document.core_properties.title = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_reads_back_lines_and_tables():
    doc = read(Path("report.docx"), build_report())
    assert doc.format == "docx" and len(doc.content_hash) == 64
    assert doc.title_hint == "某县教育局2011年度政府信息公开年度报告"
    lines = [b.text for b in doc.blocks if isinstance(b, Line)]
    assert lines[:4] == ["某县教育局2011年度政府信息公开年度报告", "2011年，我局主动公开政府信息20条，其中全文电子化达100%。",
                         "一、依申请公开情况", "本年度未收到政府信息公开申请。"]
    assert "（本段第二行）" in lines and lines[-1] == "某县教育局"
    (table,) = [b for b in doc.blocks if isinstance(b, RawTable)]
    assert table.caption == "附表："
    assert table.grid == (
        ("指标", "单位", "数量"),
        ("主动公开信息数", "条", "20"),
        ("申请与公开", "", "14"),
        ("申请与公开", "条", ""),  # a blank cell stays blank, never 0
        ("注：空格表示未统计",) * 3,
    )
    assert [b.where.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))


def test_title_from_document_properties_wins():
    document = docx.Document(io.BytesIO(build_report()))
    document.core_properties.title = "属性里的标题"
    buffer = io.BytesIO()
    document.save(buffer)
    assert read(Path("t.docx"), buffer.getvalue()).title_hint == "属性里的标题"


@pytest.mark.parametrize("data", [os.urandom(2048), b"PK\x03\x04" + os.urandom(500), build_report()[:1500]],
                         ids=["random", "zip-header", "truncated"])
def test_corrupt_docx_is_a_one_line_report_error(data):
    with pytest.raises(ReportError) as caught:
        read(Path("/tmp/broken report.docx"), data)
    message = str(caught.value)
    assert message.startswith("/tmp/broken report.docx: ") and "\n" not in message
    assert "docx" in message.split(": ", 1)[1]


def test_docx_without_text_is_a_report_error():
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(ReportError, match="holds no text"):
        read(Path("blank.docx"), buffer.getvalue())


def test_streamed_reading_matches_python_docx_on_a_real_report():
    """A real report's lines and tables written with python-docx read back as python-docx sees
    them (its paragraphs' text, its cells' text), merged cells included."""
    from docx.enum.text import WD_BREAK

    from corpus.files import load_document
    from tests.conftest import REAL

    source = load_document(REAL / "平潭综合实验区_2019.txt")
    document = docx.Document()
    document.add_heading("平潭综合实验区2019年政府信息公开工作年度报告", level=0)
    for block in source.blocks:
        if isinstance(block, RawTable):
            grid = block.grid
            table = _add_grid(document, grid)
            if len(grid) > 3:
                table.cell(1, 0).merge(table.cell(2, 0))  # vertical and horizontal merges
                table.cell(3, 0).merge(table.cell(3, 1))
        else:
            paragraph = document.add_paragraph(block.text[:40])
            run = paragraph.add_run("\t" + block.text[40:])
            run.add_break(WD_BREAK.PAGE)  # a page break is no line break
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    doc = read(Path("real.docx"), data)
    reference = docx.Document(io.BytesIO(data))
    from corpus.html import clean_text

    expected_lines = [clean_text(p.text) for p in reference.paragraphs if clean_text(p.text)]
    assert [b.text for b in doc.blocks if isinstance(b, Line)] == expected_lines
    tables = [b.grid for b in doc.blocks if isinstance(b, RawTable)]
    assert len(tables) == len(reference.tables) > 0
    for grid, table in zip(tables, reference.tables):
        rows = [[clean_text(cell.text) for cell in row.cells] for row in table.rows]
        assert [list(row) for row in grid] == [row for row in rows if any(row)]
    assert doc.title_hint == "平潭综合实验区2019年政府信息公开工作年度报告"


def test_a_docx_over_the_xml_limit_is_refused_before_parsing(monkeypatch):
    from corpus import limits

    monkeypatch.setattr(limits, "LIMITS", limits.Limits(decompressed_bytes=2000))
    with pytest.raises(ReportError, match="MAX_DECOMPRESSED_BYTES"):
        read(Path("report.docx"), build_report())


def test_tables_written_as_tab_separated_paragraphs_read_as_tables():
    """A PDF-to-Word converter's .docx with each table row a paragraph of tab-separated cells (no
    Word table) gives the same table figures as the report's own tables."""
    from corpus.files import load_document
    from corpus.report import build_report
    from tests.conftest import REAL

    source = load_document(REAL / "平潭综合实验区_2024.html")
    document = docx.Document()
    document.add_heading("平潭综合实验区2024年政府信息公开工作年度报告", level=0)
    for block in source.blocks:
        if isinstance(block, RawTable):
            for row in block.grid:
                document.add_paragraph("\t".join(cell or "" for cell in row))
        else:
            document.add_paragraph(block.text)
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read(Path("2024年报(1).docx"), buffer.getvalue())
    assert doc.format == "docx" and any(isinstance(b, RawTable) for b in doc.blocks)
    figures = {f.key: f.value for f in build_report(doc).facts if f.key}
    expected = {f.key: f.value for f in build_report(source).facts if f.key}
    assert len(figures) >= 100 and figures == expected


def test_tables_inside_a_layout_table_are_read_as_tables():
    """A report whose text and statistics tables sit inside one layout table (a frame around the
    page): the nested tables are read as tables, the cell's paragraphs as lines."""
    from corpus.files import load_document
    from tests.conftest import REAL

    source = load_document(REAL / "平潭综合实验区_2019.txt")
    document = docx.Document()
    frame = document.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "平潭综合实验区2019年政府信息公开工作年度报告"
    for block in source.blocks:
        if isinstance(block, RawTable):
            _add_grid(frame, block.grid)
        else:
            frame.add_paragraph(block.text)
    _reads_like(document, "framed.docx", source)


def test_figures_set_as_small_tables_inside_the_row_cells_read_as_columns():
    """A report whose table 三 writes each row's applicant figures as a one-row table inside one cell
    beside the row labels (the column heads a small table of their own): the small tables' columns are
    the table's columns, and every keyed figure of the report reads as from its own page."""
    from corpus.files import load_document
    from corpus.report import build_report
    from tests.conftest import REAL

    source = load_document(REAL / "平潭综合实验区_2024.html")
    document = docx.Document()
    document.add_heading("平潭综合实验区2024年政府信息公开工作年度报告", level=0)
    for block in source.blocks:
        if not isinstance(block, RawTable):
            document.add_paragraph(block.text)
            continue
        grid = block.grid
        if not any("申请人情况" in (c or "") for c in grid[0]):
            _add_grid(document, grid, cols=len(grid[0]))
            continue
        heads = next(i for i, row in enumerate(grid) if any((c or "").isdigit() for c in row))
        groups = [grid[:heads]] + [[row] for row in grid[heads:]]
        outer = document.add_table(rows=len(groups), cols=4)
        for r, rows in enumerate(groups):
            for c in range(3):
                outer.cell(r, c).text = rows[0][c] or ""
            holder = outer.cell(r, 3)
            small = holder.add_table(rows=len(rows), cols=len(rows[0]) - 3)
            for i, row in enumerate(rows):
                for j, cell in enumerate(row[3:]):
                    small.cell(i, j).text = cell or ""
            holder._tc.remove(holder.paragraphs[0]._p)  # the cell holds the small table only
            holder._tc.append(holder._tc.makeelement(docx.oxml.ns.qn("w:p"), {}))
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read(Path("附件1.docx"), buffer.getvalue())
    facts = {f.key: f.value for f in build_report(doc).facts if f.key and f.key.startswith("requests.")}
    expected = {f.key: f.value for f in build_report(source).facts if f.key and f.key.startswith("requests.")}
    assert len(expected) > 150 and facts == expected


def test_the_three_tables_set_as_one_word_table_with_section_rows_read_as_three(tmp_path):
    """A report whose statistics tables are one Word table, each section's title a row merged across
    the whole width (二、…, 三、…, 四、…), narrower tables' last cell merged to the right edge: every
    keyed figure reads as from the report's own page, under its own header."""
    from corpus.files import load_document
    from corpus.report import build_report
    from tests.conftest import REAL

    source = load_document(REAL / "平潭综合实验区_2024.html")
    grids = [b.grid for b in source.blocks if isinstance(b, RawTable)]
    headings = {"第二十条": "二、主动公开政府信息情况", "申请人情况": "三、收到和处理政府信息公开申请情况",
                "行政复议": "四、政府信息公开行政复议、行政诉讼情况"}
    document = docx.Document()
    document.add_heading("平潭综合实验区2024年政府信息公开工作年度报告", level=0)
    for block in source.blocks:
        if isinstance(block, Line) and not block.text.startswith(tuple(headings.values())):
            document.add_paragraph(block.text)
    width = max(len(g[0]) for g in grids)
    rows = sum(len(g) + 1 for g in grids)
    big = document.add_table(rows=rows, cols=width)
    r = 0
    for grid in grids:
        heading = next(h for word, h in headings.items() if any(word in (c or "") for c in grid[0]))
        big.cell(r, 0).merge(big.cell(r, width - 1)).text = heading
        r += 1
        for row in grid:
            for c, cell in enumerate(row):
                big.cell(r, c).text = cell or ""
            if len(row) < width:
                big.cell(r, len(row) - 1).merge(big.cell(r, width - 1)).text = row[-1] or ""
            r += 1
    document.save(tmp_path / "附件2.docx")
    facts = {f.key: f.value for f in build_report(load_document(tmp_path / "附件2.docx")).facts if f.key}
    expected = {f.key: f.value for f in build_report(source).facts if f.key}
    assert len(expected) > 190 and facts == expected


def test_tracked_changes_read_as_accepted():
    """A report saved with tracked changes still in it: the inserted figures are its figures, the deleted
    ones are not (read together they gave 5257 for 57, and a cell revised from 52 to 57 came out blank)."""
    from docx.oxml.ns import qn
    from lxml import etree

    document = docx.Document()
    document.add_heading("某县自然资源局2023年度政府信息公开工作年度报告", level=1)
    paragraph = document.add_paragraph("全年主动公开政府信息")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text, table.cell(1, 0).text = "信息内容", "本年处理决定数量", "行政许可"

    def revised(p, old: str, new: str) -> None:
        for tag, text, kind in (("w:del", old, "w:delText"), ("w:ins", new, "w:t")):
            change = etree.SubElement(p._p, qn(tag), {qn("w:id"): "1", qn("w:author"): "a", qn("w:date"): "2024-01-01T00:00:00Z"})
            run = etree.SubElement(change, qn("w:r"))
            etree.SubElement(run, qn(kind)).text = text

    revised(paragraph, "52", "57")
    paragraph.add_run("条。")
    revised(table.cell(1, 1).paragraphs[0], "386", "412")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read(Path("report.docx"), buffer.getvalue())
    lines = [b.text for b in doc.blocks if isinstance(b, Line)]
    assert "全年主动公开政府信息57条。" in lines
    (grid,) = [b.grid for b in doc.blocks if isinstance(b, RawTable)]
    assert grid[1] == ("行政许可", "412")


def test_a_table_pasted_one_table_a_row_is_joined_back(tmp_path):
    from corpus.files import load_document

    doc = docx.Document()
    doc.add_paragraph("某局2023年政府信息公开工作年度报告")
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    for cells in (["申请人情况"] * 7, ["自然人", "法人或其他组织", "法人或其他组织", "法人或其他组织", "总计"],
                  ["商业企业", "科研机构", "其他"], ["一、本年新收", "7", "2", "0", "0", "9"],
                  ["二、上年结转", "0", "0", "0", "0", "0"]):
        table = doc.add_table(rows=1, cols=len(cells))
        for cell, text in zip(table.rows[0].cells, cells):
            cell.text = text
    doc.add_paragraph("五、存在的主要问题及改进情况")
    path = tmp_path / "report.docx"
    doc.save(path)
    (table,) = [b for b in load_document(path).blocks if isinstance(b, RawTable)]
    assert [len(row) for row in table.grid] == [7] * 5
    # the sub-headers under the header that spans them; a short row of figures under the columns on the right,
    # its label cells taken from the row above
    assert table.grid[1] == ("申请人情况", "申请人情况", "自然人", "法人或其他组织", "法人或其他组织", "法人或其他组织", "总计")
    assert table.grid[2][3:6] == ("商业企业", "科研机构", "其他") and table.grid[2][6] == "总计"
    assert table.grid[3][-5:] == ("7", "2", "0", "0", "9") and table.grid[4][-6] == "二、上年结转"


def test_a_title_printed_only_in_the_page_header_is_the_title():
    """The body starts with the prose ("本报告根据《中华人民共和国政府信息公开条例》…"): the title the page header
    prints names the report, and the prose's first words are never taken for its agency."""
    from corpus.metadata import read_metadata

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "某某经济技术开发区2022年政府信息公开工作年度报告"
    document.add_paragraph("本报告根据《中华人民共和国政府信息公开条例》编制而成。本报告中所列数据统计时限为2022年1月1日至12月31日。")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2022年，某某经济技术开发区主动公开政府信息120条。")
    buffer = io.BytesIO()
    document.save(buffer)
    doc = read(Path("report.docx"), buffer.getvalue())
    assert doc.title_hint == "某某经济技术开发区2022年政府信息公开工作年度报告"
    meta = read_metadata(doc)
    assert meta.agency == "某某经济技术开发区" and meta.year == 2022


def test_tables_pasted_as_pictures_are_read_by_ocr(tmp_path):
    """A Word report whose tables 二 and 四 are pictures (screenshots of a real report's tables) and whose
    prose is text: the pictures are read by OCR where they stand; every figure comes back or is left
    unreadable, never another value. A picture holding no table (a seal) adds nothing."""
    from lxml import html as lxml_html
    from PIL import Image, ImageDraw

    from corpus.files import load_document
    from corpus.report import build_report
    from tests.conftest import REAL
    from tests.test_html_reader import _screenshot

    source = REAL / "平潭综合实验区_2024.html"
    original = build_report(load_document(source))
    want = {f.key: f.value for f in original.facts if f.key and f.key.startswith(("proactive.", "review."))
            and not f.unreadable}
    root = lxml_html.fromstring(source.read_bytes())

    def innermost(words: str):
        return next(t for t in root.iter("table") if words in t.text_content()
                    and not any(t is not u and words in u.text_content() for u in t.iter("table")))

    style = ('<html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC";'
             'font-size:15px;margin:8px}table{border-collapse:collapse}td,th{border:1px solid #000;padding:3px 5px}'
             '</style></head><body>')
    document = docx.Document()
    document.add_paragraph("平潭综合实验区2024年政府信息公开工作年度报告")
    document.add_paragraph("一、总体情况")
    document.add_paragraph("2024年，我区认真贯彻落实《中华人民共和国政府信息公开条例》。")
    for heading, words in (("二、主动公开政府信息情况", "第二十条第（一）项"), ("四、政府信息公开行政复议、行政诉讼情况", "行政复议")):
        picture = tmp_path / f"{len(document.paragraphs)}.png"
        _screenshot(style + lxml_html.tostring(innermost(words), encoding="unicode") + "</body></html>", picture)
        document.add_paragraph(heading)
        document.add_picture(str(picture))
    seal = Image.new("RGB", (300, 300), "white")
    ImageDraw.Draw(seal).ellipse((20, 20, 280, 280), outline=(200, 0, 0), width=8)
    seal.save(tmp_path / "seal.png")
    document.add_paragraph("平潭综合实验区管理委员会")
    document.add_picture(str(tmp_path / "seal.png"))
    made = tmp_path / "report.docx"
    document.save(made)
    report = build_report(read(made, made.read_bytes()))
    got = {f.key: f for f in report.facts if f.key}
    wrong = {k: (v, got[k].value) for k, v in want.items() if k in got and not got[k].unreadable and got[k].value != v}
    read_back = sum(1 for k in want if k in got and not got[k].unreadable)
    assert not wrong and read_back >= 0.8 * len(want), (wrong, read_back, len(want))
    assert sum(1 for t in report.tables) == sum(1 for t in original.tables if t.kind.startswith(("national.proactive",
                                                                                                   "national.review")))


def test_tables_inside_text_boxes_are_read_once_where_they_stand():
    """A report whose statistics tables sit in text boxes (drawing shapes anchored in a paragraph), each
    written twice as Word does, as a shape and as a VML fallback: every table read once, in order."""
    import copy

    from lxml import etree

    from corpus.files import load_document
    from tests.conftest import REAL

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    mc = "http://schemas.openxmlformats.org/markup-compatibility/2006"
    source = load_document(REAL / "平潭综合实验区_2019.txt")
    document = docx.Document()
    for block in source.blocks:
        if isinstance(block, RawTable):
            # the table moved into a text box of its own paragraph, twice (shape, VML fallback)
            tbl = _add_grid(document, block.grid)._tbl
            anchor = document.add_paragraph()._p
            run = etree.SubElement(anchor, f"{{{w}}}r")
            alternate = etree.SubElement(run, f"{{{mc}}}AlternateContent")
            for part in ("Choice", "Fallback"):
                box = etree.SubElement(etree.SubElement(alternate, f"{{{mc}}}{part}"), f"{{{w}}}txbxContent")
                box.append(copy.deepcopy(tbl))
                etree.SubElement(box, f"{{{w}}}p")
            tbl.getparent().remove(tbl)
        else:
            document.add_paragraph(block.text)
    _reads_like(document, "boxed.docx", source)


def test_table_three_split_in_two_word_tables_with_its_header_repeated_is_read_whole(tmp_path):
    from corpus import read_report

    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    header = [[note] * 3 + ["申请人情况"] * 7,
              [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
              [note] * 3 + ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]]
    first = header + [["一、本年新收政府信息公开申请数量"] * 3 + ["5", "1", "0", "0", "0", "0", "6"],
                      ["二、上年结转政府信息公开申请数量"] * 3 + ["0", "0", "0", "0", "0", "0", "0"],
                      ["三、本年度办理结果"] + ["（一）予以公开"] * 2 + ["3", "1", "0", "0", "0", "0", "4"]]
    # the second piece: the column of 三、本年度办理结果 merged down from the first piece is blank here
    second = header + [["", "（四）无法提供", "1.本机关不掌握相关政府信息", "2", "0", "0", "0", "0", "0", "2"],
                       ["", "（七）总计", "（七）总计", "5", "1", "0", "0", "0", "0", "6"],
                       ["四、结转下年度继续办理"] * 3 + ["0", "0", "0", "0", "0", "0", "0"]]
    document = docx.Document()
    for text in ("某区人民政府2023年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况"):
        document.add_paragraph(text)
    _add_grid(document, first)
    document.add_paragraph("")  # (the page break between the two pieces)
    _add_grid(document, second)
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    path = tmp_path / "report.docx"
    document.save(path)
    keys = {f.key: f.value for f in read_report(path).facts if f.key}
    assert keys["requests.result.unavailable.not_held.total"] == 2 and keys["requests.carried_forward.total"] == 0
    assert keys["requests.result.total.total"] == 6
