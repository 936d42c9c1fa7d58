"""The PDF reader over the real WPS-exported reports in ../shared: paragraphs, pages, tables, errors."""
from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path

import pytest

from corpus.errors import ReportError
from corpus.pdf import clean, read
from corpus.records import Document, Line, RawTable
from tests.conftest import REAL, real_files

PDFS = real_files(".pdf")
HUAIAN = REAL / "淮安市人民政府_2024.pdf"
HONGZE_2023 = REAL / "淮安市洪泽区人民政府_2023.pdf"
HONGZE_2024 = REAL / "淮安市洪泽区人民政府_2024.pdf"
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
_READ: dict[Path, Document] = {}


def document(path: Path) -> Document:
    """Each real PDF read once per test session (about half a second each)."""
    if path not in _READ:
        _READ[path] = read(path, path.read_bytes())
    return _READ[path]


def tables(path: Path) -> list[RawTable]:
    return [b for b in document(path).blocks if isinstance(b, RawTable)]


def lines(path: Path) -> list[Line]:
    return [b for b in document(path).blocks if isinstance(b, Line)]


def national(path: Path, caption_start: str) -> RawTable:
    found = [t for t in tables(path) if t.caption.startswith(caption_start)]
    assert len(found) == 1, [t.caption for t in tables(path)]
    return found[0]


def requests_rows(table: RawTable) -> dict[tuple[str, str, str], list[str]]:
    """Data rows of table 三 keyed by their three label cells, with their 7 values."""
    return {tuple(row[:3]): list(row[3:]) for row in table.grid if NUMBER.match(row[3] or "")}


def values(table: RawTable, *labels: str) -> list[int]:
    matches = [v for key, v in requests_rows(table).items() if all(any(k.startswith(l) for k in key) for l in labels)]
    assert len(matches) == 1, (labels, matches)
    return [int(v) for v in matches[0]]


# ---------------------------------------------------------------- the three national tables


def test_every_real_pdf_is_tested():
    assert set(PDFS) == {HUAIAN, HONGZE_2023, HONGZE_2024}


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_three_national_tables_with_every_cell(path):
    proactive = national(path, "二、")
    requests = national(path, "三、收到和处理政府信息公开申请情况")
    review = national(path, "四、政府信息公开行政复议、行政诉讼情况")

    assert len(proactive.grid) == 14 and {len(r) for r in proactive.grid} == {4}
    assert [r[0] for r in proactive.grid if r[0].startswith("第二十条")] == [
        "第二十条第（一）项", "第二十条第（五）项", "第二十条第（六）项", "第二十条第（八）项"]
    for label in ("规章", "行政规范性文件", "行政许可", "行政处罚", "行政强制", "行政事业性收费"):
        row = [r for r in proactive.grid if r[0] == label]
        assert len(row) == 1 and NUMBER.match(row[0][1]), label

    # 3 header rows + 25 data rows, 3 label columns and 7 value columns, as the HTML grid
    assert {len(r) for r in requests.grid} == {10}
    assert requests.grid[2][3:] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    rows = requests_rows(requests)
    assert all(len(v) == 7 and all(NUMBER.match(x) for x in v) for v in rows.values())
    firsts = [key[0] for key in rows]
    assert firsts[0].startswith("一、本年新收") and firsts[1].startswith("二、上年结转") and firsts[-1].startswith("四、结转下年度")
    assert all(f == "三、本年度办理结果" for f in firsts[2:-1])
    seconds = [key[1] for key in rows if key[0] == "三、本年度办理结果"]
    assert [s[:3] for s in dict.fromkeys(seconds)] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）", "（七）"]
    assert seconds.count("（三）不予公开") == 8 and seconds.count("（四）无法提供") == 3
    assert seconds.count("（五）不予处理") == 5
    assert ("三、本年度办理结果", "（七）总计", "（七）总计") in rows  # a single-label row fills both label columns

    # 15 figures in one row under three header rows
    assert len(review.grid) == 4 and {len(r) for r in review.grid} == {15}
    assert review.grid[0] == ("行政复议",) * 5 + ("行政诉讼",) * 10
    assert review.grid[1][5:] == ("未经复议直接起诉",) * 5 + ("复议后起诉",) * 5
    assert review.grid[2][:5] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
    assert all(NUMBER.match(x) for x in review.grid[3])


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_requests_table_identity_holds_per_column(path):
    """一 + 二 = 三（七）总计 + 四 in every column: an oracle that every value sits in its place."""
    requests = national(path, "三、收到和处理政府信息公开申请情况")
    new, carried = values(requests, "一、"), values(requests, "二、")
    total, carried_on = values(requests, "（七）总计"), values(requests, "四、")
    assert [a + b for a, b in zip(new, carried)] == [a + b for a, b in zip(total, carried_on)]


def test_values_read_by_eye_hongze_2023():
    requests = national(HONGZE_2023, "三、")
    assert values(requests, "一、本年新收") == [21, 0, 0, 0, 0, 0, 21]
    assert values(requests, "（四）无法提供", "1.本机关不掌握") == [10, 0, 0, 0, 0, 0, 10]
    assert values(requests, "（三）不予公开", "6.属于四类过程性信息") == [1, 0, 0, 0, 0, 0, 1]
    # the row label is printed so in the original (法规禁 missing): read as printed
    assert values(requests, "（三）不予公开", "2.其他法律行政止公开") == [0] * 7
    # table 四 fails its own group total (10 + 1 + 0 + 0 ≠ 0): reported as read, not repaired
    assert national(HONGZE_2023, "四、").grid[3] == tuple("10 1 0 0 0 0 0 0 0 0 5 0 0 0 0".split())
    proactive = national(HONGZE_2023, "二、")
    assert [r for r in proactive.grid if r[0] == "行政事业性收费"][0][1] == "7730.28"


def test_values_read_by_eye_huaian_2024():
    requests = national(HUAIAN, "三、")
    assert values(requests, "一、本年新收") == [3001, 53, 0, 0, 61, 4, 3119]
    # "（四）无" on page 4 and "法提供" on page 5 are one cell cut by the page break
    assert values(requests, "（四）无法提供", "1.本机关不掌握") == [746, 12, 0, 0, 10, 1, 769]
    assert values(requests, "（四）无法提供", "2.没有现成信息") == [11, 0, 0, 0, 0, 0, 11]
    assert values(requests, "5.要求行政机关确认或重新出具已获取信息") == [1, 0, 0, 0, 0, 0, 1]
    assert values(requests, "（六）其他处理", "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请") == [
        67, 3, 0, 0, 1, 0, 71]
    assert values(requests, "（七）总计") == [2932, 53, 0, 0, 61, 4, 3050]
    assert values(requests, "四、结转") == [103, 0, 0, 0, 0, 0, 103]
    assert requests.where.page == 4 and len(requests.grid) == 28
    assert national(HUAIAN, "四、").grid[3] == tuple("72 64 178 37 351 13 4 8 1 26 12 1 1 6 20".split())
    proactive = national(HUAIAN, "二、")  # split over pages 3 and 4, 4 and 2 columns wide
    assert [r[1] for r in proactive.grid if r[0] in ("行政许可", "行政处罚", "行政事业性收费")] == [
        "447228", "3985758", "96171.6"]


def test_values_read_by_eye_hongze_2024():
    requests = national(HONGZE_2024, "三、")
    assert values(requests, "一、本年新收") == [95, 0, 0, 0, 0, 0, 95]
    assert values(requests, "（二）部分公开") == [9, 0, 0, 0, 0, 0, 9]
    assert values(requests, "（六）其他处理") == [0] * 7  # drawn with an empty sub-label cell
    # a stray rule cuts the 行政诉讼 header cell in two in this file
    assert national(HONGZE_2024, "四、").grid[3] == tuple("1 1 0 0 2 1 0 0 0 1 2 0 1 0 3".split())


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_no_cell_keeps_line_breaks_or_page_footers(path):
    for table in tables(path):
        for row in table.grid:
            for cell in row:
                assert "\n" not in cell and not re.fullmatch(r"[-—]\s*\d+\s*[-—]", cell)


# ---------------------------------------------------------------- prose


def test_section_headings_are_separate_lines_with_pages():
    texts = {line.text: line.where.page for line in lines(HUAIAN)}
    expected = {"一、总体情况": 1, "二、主动公开政府信息情况": 3, "三、收到和处理政府信息公开申请情况": 4,
                "四、政府信息公开行政复议、行政诉讼情况": 5, "五、存在的主要问题及改进情况": 5,
                "六、其他需要报告的事项": 6}
    assert {t: texts.get(t) for t in expected} == expected


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.stem)
def test_wrapped_lines_are_joined_and_footers_dropped(path):
    body = lines(path)
    assert all(line.where.page and line.where.line for line in body)
    assert not [line.text for line in body if re.fullmatch(r"[-—\s\d]+", line.text)]
    opening = [line for line in body if line.text.startswith("本报告由")]
    assert len(opening) == 1 and "统计期限自" in opening[0].text and opening[0].text.endswith("）。")
    assert all("\n" not in line.text and " 年" not in line.text for line in body)


def test_paragraph_cut_by_a_page_break_is_one_line():
    paragraph = [line for line in lines(HUAIAN) if line.text.startswith("对照上级新要求和公众新期待")]
    assert len(paragraph) == 1 and paragraph[0].where.page == 5
    assert "流动性过快的问题。" in paragraph[0].text  # its end is printed on page 6
    new_paragraph = [line for line in lines(HUAIAN) if line.text.startswith("针对存在问题，下一步")]
    assert len(new_paragraph) == 1 and new_paragraph[0].where.page == 6


def test_document_fields():
    data = HONGZE_2023.read_bytes()
    doc = document(HONGZE_2023)
    assert doc.format == "pdf" and doc.path == str(HONGZE_2023)
    assert doc.content_hash == hashlib.sha256(data).hexdigest()
    assert doc.title_hint == "洪泽区人民政府2023年政府信息公开工作年度报告"  # metadata in UTF-16LE


def test_clean_joins_wrapped_cjk_and_keeps_ascii_words_apart():
    assert clean("（二）部分公开（区分处理的，只计这一情 形，不\n计其他情形）") == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    assert clean("三\n、\n本\n年") == "三、本年"
    assert clean("2024 年 1 月") == "2024年1月"
    assert clean("WPS\nOffice  2019") == "WPS Office 2019"


# ---------------------------------------------------------------- files that cannot be read


def assert_one_line_error(path: Path, data: bytes, words: str) -> None:
    with pytest.raises(ReportError) as caught:
        read(path, data)
    message = str(caught.value)
    assert "\n" not in message and path.name in message and words in message, message


def test_truncated_pdf(tmp_path):
    data = HONGZE_2023.read_bytes()
    for size in (len(data) // 2, len(data) - 100, 10):
        assert_one_line_error(tmp_path / "cut.pdf", data[:size], "truncated")


def test_not_a_pdf(tmp_path):
    assert_one_line_error(tmp_path / "report.pdf", "这不是 PDF 文件".encode(), "not a PDF")
    assert_one_line_error(tmp_path / "report.pdf", b"", "not a PDF")


def test_damaged_pdf(tmp_path):
    assert_one_line_error(tmp_path / "junk.pdf", b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nxyz\n%%EOF\n", "damaged")


def encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(HONGZE_2023.read_bytes())))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_encrypted_pdf(tmp_path):
    assert_one_line_error(tmp_path / "locked.pdf", encrypted("secret"), "encrypted")


def test_pdf_with_only_an_owner_password_reads_as_usual(tmp_path):
    doc = read(tmp_path / "owner.pdf", encrypted(""))
    grids = [t.grid for t in doc.blocks if isinstance(t, RawTable)]
    assert grids == [t.grid for t in tables(HONGZE_2023)]


def test_scanned_pdf_without_text_layer(tmp_path):
    """A page without a text layer is OCRed (corpus.ocr, tests/test_ocr.py); a blank scan is an error."""
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (600, 800), "white")
    out = io.BytesIO()
    page.save(out, format="PDF")
    assert_one_line_error(tmp_path / "scan.pdf", out.getvalue(), "no text layer")
    ImageDraw.Draw(page).text((50, 50), "2023 scanned report", fill="black", font_size=24)
    out = io.BytesIO()
    page.save(out, format="PDF")
    assert "2023" in " ".join(b.text for b in read(tmp_path / "scan.pdf", out.getvalue()).blocks)


# ---------------------------------------------------------------- a table continued on the next page


def part(page: int, rows: list[list[str]], first_id: int) -> "pdf._Part":
    """A one-cell-per-slot table piece 300 points wide, as ``pdf._tables`` builds them."""
    from corpus import pdf

    slots, texts = [], {}
    for r, row in enumerate(rows):
        slots.append([])
        for c, text in enumerate(row):
            texts[first_id + r * 10 + c] = text
            slots[-1].append(first_id + r * 10 + c)
    return pdf._Part(page, 80.0, 700.0, 0.0, 300.0, [0.0, 100.0, 200.0, 300.0], slots, texts)


def test_continued_table_drops_repeated_header_and_joins_a_row_cut_in_two():
    from corpus import pdf

    above = part(1, [["指标", "单位", "数量"], ["1.当面申请数", "件", "5"], ["2.要求行政机关确认或重", "", ""]], 0)
    below = part(2, [["指标", "单位", "数量"], ["新出具已获取信息", "件", "3"], ["3.重复申请", "件", ""]], 100)
    pdf._merge(above, below)
    grid = [[above.texts[i] for i in row] for row in above.slots]
    assert grid == [["指标", "单位", "数量"], ["1.当面申请数", "件", "5"],
                    ["2.要求行政机关确认或重新出具已获取信息", "件", "3"], ["3.重复申请", "件", ""]]


def test_a_continuation_laid_out_a_few_points_apart_keeps_the_tables_columns():
    """WPS lays a table out again on each page: the continuation has the same columns with edges a
    few points off (here 6 pt). Its repeated header is dropped and each figure stays in its column;
    matched by position alone, the edges split into extra slots and the header came back as data."""
    from corpus import pdf

    xs = [0.0, 40.0, 120.0, 180.0, 240.0, 300.0]
    rows_above = [["说明", "说明", "自然人", "商业企业", "总计"], ["一、本年新收", "一、本年新收", "5", "1", "6"]]
    rows_below = [["说明", "说明", "自然人", "商业企业", "总计"], ["（四）无法提供", "1.不掌握", "2", "0", "2"]]
    above, below = part(1, rows_above, 0), part(2, rows_below, 100)
    above.xs, below.xs = list(xs), [0.0, 34.0, 114.0, 176.0, 236.0, 300.0]
    pdf._merge(above, below)
    grid = [[above.texts[i] for i in row] for row in above.slots]
    assert grid == [rows_above[0], rows_above[1], rows_below[1]]
    assert above.xs == xs


def test_a_continuation_with_other_columns_is_still_matched_by_position():
    from corpus import pdf

    above = part(1, [["指标", "数量", "备注"], ["1.当面", "5", ""]], 0)
    below = part(2, [["2.网络", "3"]], 100)
    below.xs = [0.0, 150.0, 300.0]  # two columns, not three: no snapping onto the edges above
    pdf._merge(above, below)
    assert len(above.xs) == 5 and [above.texts[i] for i in above.slots[-1] if i is not None][-1] == "3"


def test_scanned_table_two_keeps_each_rows_own_cells_when_its_parts_are_ruled_apart():
    """Table 二 (2019 template) off a levelled skewed scan: each sub-table's column edges lie
    apart, so a figure spans slots another row's cells divide, and two cells holding the same
    figure (规章 13 and 13) stand side by side. Read cell by cell, each row keeps its own three
    figures (524 is 对外公开总数量), not the first three slots."""
    from corpus.pdf import _finish, _Part

    header, section = "第二十条第（一）项", "第二十条第（五）项"
    texts = {0: header, 1: "信息内容", 2: "规章", 3: "规范性文件", 11: "本年新制作数量", 12: "13", 13: "60",
             19: "本年新公开数量", 20: "13", 21: "60", 29: "对外公开总数量", 30: "524", 31: "368",
             4: section, 5: "信息内容", 6: "行政许可", 16: "上一年项目数量", 17: "5", 24: "本年增/减",
             25: "1", 32: "处理决定数量", 33: "7"}
    slots = [[0] * 9, [1, 11, 11, 19, 19, 19, 19, 29, 29], [2, 12, 12, 20, 20, 20, 20, 30, 30],
             [3, 13, 13, 21, 21, 21, 21, 31, 31], [4] * 9, [5, 5, 16, 16, 16, 24, 24, 24, 32],
             [6, 6, 17, 17, 17, 25, 25, 25, 33]]
    part = _Part(1, 0.0, 100.0, 0.0, 500.0, [float(x) for x in range(0, 500, 50)], slots, texts, scanned=True)
    (table,) = _finish([part])
    rows = {row[0]: row[1:] for row in table.grid}
    assert rows["规章"] == ("13", "13", "524") and rows["规范性文件"] == ("60", "60", "368")
    assert rows["行政许可"] == ("5", "1", "7")


def test_a_scanned_paragraphs_last_short_line_stays_in_the_paragraph():
    """OCR's line sizes are box heights: a last line of digits ("3940元。") reads smaller than the
    line above without starting a paragraph; in a text layer the same change of size does."""
    from corpus.pdf import _starts_paragraph, _TextLine

    above = _TextLine("2024年，市政府严格落实《办法》，全年收取政府信息公开信息处理费", 4, 5, 82.0, 542.0, 16.0, True)
    below = _TextLine("3940元。", 4, 6, 60.0, 101.0, 12.0, True)
    assert not _starts_paragraph(above, below, left=63.0, right=558.0)
    layer = [_TextLine(t.text, t.page, t.number, t.x0, t.x1, t.size) for t in (above, below)]
    assert _starts_paragraph(*layer, left=63.0, right=558.0)


@pytest.mark.parametrize("turn", [90, 270])
def test_a_page_shown_sideways_is_read_turned_upright(tmp_path, turn):
    """A landscape table set sideways in a portrait report: the page is shown turned (its text runs
    up or down the page). Read turned back, it gives the facts of the upright file."""
    import io

    import pypdf

    from corpus.report import build_report
    from tests.conftest import parsed_report

    source = REAL / "淮安市人民政府_2024.pdf"
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(source.read_bytes()))
    for page in writer.pages[1:3]:
        page.rotation = turn
    path = tmp_path / "sideways.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    want = {(f.key, f.value) for f in parsed_report(source).facts if f.key}
    got = {(f.key, f.value) for f in build_report(read(path, path.read_bytes())).facts if f.key}
    assert len(want) >= 150 and got == want, sorted(want ^ got)[:6]


def test_running_heads_and_feet_do_not_stand_between_a_table_and_its_continuation():
    # a browser's print: "date time title" at each page's top and "url n/N" at its foot
    from corpus import pdf
    from corpus.records import RawTable

    def line(text, page, margin):
        return pdf._TextLine(text, page, 1, 40.0, 500.0, 9.0, margin=margin)

    head, foot = "2021/2/9 上午10:31 某某区2020年政府信息公开工作年度报告", "http://www.example.gov.cn/t1.html {}/2"
    above = part(1, [["行政复议", "行政诉讼", "行政诉讼"], ["结果维持", "结果维持", "总计"]], 0)
    below = part(2, [["1", "0", "0"]], 100)
    pages = [(1, [line(head, 1, "top"), line("四、政府信息公开行政复议、行政诉讼情况", 1, ""), above,
                  line(foot.format(1), 1, "bottom")]),
             (2, [line(head.replace("10:31", "10:32"), 2, "top"), below, line("五、存在的主要问题", 2, ""),
                  line(foot.format(2), 2, "bottom")])]
    blocks = pdf._blocks(pdf._without_running_lines(pages))
    tables = [b for b in blocks if isinstance(b, RawTable)]
    assert len(tables) == 1 and list(tables[0].grid[-1]) == ["1", "0", "0"]
    texts = [b.text for b in blocks if not isinstance(b, RawTable)]
    assert texts[0].startswith("2021/2/9") and not any("http" in t for t in texts)  # the head kept once
    assert any("五、存在的主要问题" in t for t in texts)


def test_a_wrapped_labels_last_words_below_a_table_do_not_keep_it_from_its_next_page():
    # page 1 ends with a table whose last row label wraps ("（三）不予" / "公开"), the second line falling
    # below the table in the bottom margin; page 2 goes on with the table: one table, both pages' rows
    from corpus.pdf import _blocks, _Part, _TextLine
    from corpus.records import RawTable

    def part(page, rows):
        texts, slots, ids = {}, [], iter(range(page * 100, page * 100 + 100))
        for row in rows:
            slot = []
            for text in row:
                i = next(ids)
                texts[i] = text
                slot.append(i)
            slots.append(slot)
        return _Part(page=page, top=100, bottom=700, x0=50, x1=550, xs=[50, 300, 550], slots=slots, texts=texts)

    first = part(1, [["（一）予以公开", "30"], ["（三）不予", "0"]])
    second = part(2, [["2.其他法律行政法规禁止公开", "0"], ["3.危及“三安全一稳定”", "0"]])
    pages = [(1, [_TextLine("三、收到和处理政府信息公开申请情况", 1, 1, 50, 400, 12), first,
                  _TextLine("公开", 1, 2, 120, 150, 9, margin="bottom")]),
             (2, [second, _TextLine("四、政府信息公开行政复议、行政诉讼情况", 2, 1, 50, 400, 12)])]
    tables = [b for b in _blocks(pages) if isinstance(b, RawTable)]
    assert len(tables) == 1 and len(tables[0].grid) == 4


@pytest.mark.parametrize("name", ["淮安市人民政府_2024.pdf", "淮安市洪泽区人民政府_2024.pdf"])
def test_tables_with_no_ruling_lines_are_read_from_the_text_laid_out(tmp_path, name):
    """A PDF whose tables are set out by position only (no rules): the real report with every stroked
    path taken out gives the same keyed figures, read from its text as laid out on each page."""
    import pypdfium2
    import pypdfium2.raw as pdfium_raw

    from corpus.report import build_report
    from tests.conftest import parsed_report

    pdf = pypdfium2.PdfDocument((REAL / name).read_bytes())
    for page in pdf:
        for obj in list(page.get_objects()):
            if obj.type == pdfium_raw.FPDF_PAGEOBJ_PATH:
                page.remove_obj(obj)
        page.gen_content()
    out = io.BytesIO()
    pdf.save(out)
    bare = read(tmp_path / "report.pdf", out.getvalue())
    assert not any(isinstance(b, RawTable) and b.where.page is None for b in bare.blocks)
    assert any(isinstance(b, RawTable) for b in bare.blocks)
    original = {f.key: f.value for f in parsed_report(REAL / name).facts if f.key}
    laid_out = {f.key: f.value for f in build_report(bare).facts if f.key}
    assert len(original) >= 150 and {k: laid_out.get(k) for k in original} == original


def _pdf_of_runs(lines: list) -> bytes:
    """A one-page PDF in the standard fonts (F1 Helvetica, F2 Times); each line a list of (text, font, rise)."""
    content, y = [], 760
    for runs in lines:
        content.append(f"BT 72 {y} Td" + "".join(f" /{font} 21 Tf {rise} Ts ({text}) Tj" for text, font, rise in runs) + " ET")
        y -= 40
    stream = "\n".join(content).encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
            b"/Resources << /Font << /F1 5 0 R /F2 6 0 R >> >> >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def test_digits_set_a_few_points_lower_in_another_font_stay_in_their_line(tmp_path):
    # WPS sets Latin digits in a Latin font whose box sits 4.5 pt lower than the CJK beside them at 21 pt:
    # "2024年…报告" read as "年…报告" with "2024" a line of its own, "国令第711号" as "国令第号"
    data = _pdf_of_runs([[("Annual report of the year ", "F1", 0), ("2024", "F2", -4.5), (" on open government", "F1", 0)]])
    lines = [b.text for b in read(tmp_path / "a.pdf", data).blocks]
    assert lines == ["Annual report of the year 2024 on open government"]


def test_a_diagonal_watermark_in_the_text_layer_is_no_text_of_the_report(tmp_path):
    # a watermark written at a slant across the page ("仅供参考" in the held-out report; here DRAFT) lands
    # inside the words it crosses when read with them ("20考25年度"): it is dropped, the straight text kept
    data = _pdf_of_runs([[("Annual report of the year 2024 on open government", "F1", 0)],
                         [("Requests received in the year 2698", "F1", 0)]])
    mark = b"BT 0.7071 0.7071 -0.7071 0.7071 160 700 Tm /F2 30 Tf (DRAFT DRAFT DRAFT) Tj ET\n"
    data = data.replace(b"BT 72 760 Td", mark + b"BT 72 760 Td", 1)
    data = re.sub(rb"/Length \d+", lambda m: b"/Length %d" % (int(m.group(0).split()[1]) + len(mark)), data, count=1)
    lines = [b.text for b in read(tmp_path / "marked.pdf", data).blocks]
    assert " ".join(lines) == "Annual report of the year 2024 on open government Requests received in the year 2698"


def test_a_letter_spaced_page_reads_its_words_and_figures_whole(tmp_path):
    # some print drivers space every character apart (character spacing 12 pt at 21 pt): "9 8 7 6" read
    # as four figures made a question's answer 6; the words and the figure are read whole, words apart
    data = _pdf_of_runs([[("Requests received in the year 9876 in total", "F1", 0)],
                         [("Fees collected 1350 yuan", "F1", 0)]])
    data = data.replace(b" /F1 21 Tf", b" /F1 21 Tf 12 Tc")
    lines = [b.text for b in read(tmp_path / "spaced.pdf", data).blocks]
    assert " ".join(lines) == "Requests received in the year 9876 in total Fees collected 1350 yuan"


def test_a_text_layer_of_glyph_codes_is_read_from_the_page_pictures():
    """Fonts without a ToUnicode map copy out as glyph codes: "(cid:247)´(cid:159)ił…", each Chinese
    character a code or a stray accented letter. Such a page is read by OCR, as a scan is; a real page
    of Chinese text (with its Latin digits and punctuation) is not."""
    import pdfplumber

    from corpus.pdf import _garbled

    with pdfplumber.open(REAL / "淮安市洪泽区人民政府_2023.pdf") as pdf:
        chars = [c["text"] for c in pdf.pages[0].chars]
    assert not _garbled(chars)
    codes = [t if not ("\u3400" <= t <= "\u9fff") else (f"(cid:{ord(t) % 251})" if ord(t) % 3 else chr(0xC0 + ord(t) % 64))
             for t in chars]
    assert _garbled(codes)
    assert not _garbled(codes[:40])  # too little to judge
