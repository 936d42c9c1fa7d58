"""Reports in the wrappers users save them in: a browser's single-file web archive (.mhtml), Rich Text
(.rtf) with its tables, and a page in traditional characters (a site's 繁體 switch). Each is made here
from a real report of ../shared/corpus/real and must give that report's agency, year and facts."""
from __future__ import annotations

import quopri
import re
from email.message import EmailMessage

import pytest

from corpus.files import load_document
from corpus.report import build_report
from tests.conftest import REAL, parsed_report

PAGE = REAL / "平潭综合实验区_2024.html"


def _facts(report) -> dict:
    return {f.key: f.value for f in report.facts if f.key and not f.unreadable}


def test_a_web_archive_gives_the_pages_report(tmp_path):
    original = parsed_report(PAGE)
    html = PAGE.read_bytes().decode("utf-8", "replace")
    message = EmailMessage()
    message["Subject"] = "平潭综合实验区2024年政府信息公开工作年度报告"
    message["MIME-Version"] = "1.0"
    message.set_type("multipart/related")
    page = EmailMessage()
    page.set_content(html.encode("gbk", "replace"), maintype="text", subtype="html", cte="quoted-printable")
    page.set_param("charset", "gbk")
    message.attach(page)
    archive = tmp_path / "报告.mhtml"
    archive.write_bytes(message.as_bytes())
    report = build_report(load_document(archive))
    assert (report.agency, report.year) == (original.agency, original.year)
    assert _facts(report) == _facts(original)
    # a part that declares no charset (as Chrome writes it): the page's own <meta charset> decides
    bare = EmailMessage()
    bare.set_type("multipart/related")
    part = EmailMessage()
    part.set_content(PAGE.read_bytes(), maintype="text", subtype="html", cte="quoted-printable")
    assert part.get_content_charset() is None
    bare.attach(part)
    archive = tmp_path / "chrome.mhtml"
    archive.write_bytes(bare.as_bytes())
    assert _facts(build_report(load_document(archive))) == _facts(original)
    empty = tmp_path / "empty.mhtml"
    empty.write_bytes(b"MIME-Version: 1.0\nContent-Type: image/png\nContent-Transfer-Encoding: base64\n\niVBORw0K\n")
    with pytest.raises(Exception, match="without an HTML page or text"):
        load_document(empty)


def test_a_forwarded_email_gives_the_report_pasted_in_it(tmp_path):
    """An .eml whose plain-text body (base64, as mail programs send it) is the report copied from
    its text: read as that text, titled from the subject when the text gives none."""
    source = REAL / "平潭综合实验区_2019.txt"
    original = parsed_report(source)
    message = EmailMessage()
    message["Subject"] = "转发：平潭综合实验区2019年政府信息公开工作年度报告"
    message["From"] = "a@example.org"
    message.set_content(source.read_text(encoding="utf-8"), cte="base64")
    mail = tmp_path / "转发：年报.eml"
    mail.write_bytes(message.as_bytes())
    document = load_document(mail)
    report = build_report(document)
    assert document.format == "eml" and (report.agency, report.year) == (original.agency, original.year)
    assert _facts(report) == _facts(original) and len(_facts(report)) > 20


def _rtf(lines: list[str], rows: list[list[str]]) -> bytes:
    """A Word-like RTF in code page 936: paragraphs, then one table (``\\trowd … \\cell … \\row``)."""
    def esc(text: str) -> str:
        return "".join(c if ord(c) < 128 else "".join(f"\\'{b:02x}" for b in c.encode("gbk")) for c in text)

    out = ["{\\rtf1\\ansi\\ansicpg936\\deff0{\\fonttbl{\\f0\\fnil SimSun;}}"]
    out += [f"\\pard {esc(line)}\\par" for line in lines]
    for row in rows:
        cells = "".join(f"\\cellx{1500 * (i + 1)}" for i in range(len(row)))
        out.append("\\trowd" + cells + "".join(f"\\pard\\intbl {esc(c)}\\cell" for c in row) + "\\row")
    return ("\n".join(out) + "}").encode("ascii")


def test_rich_text_with_its_table_gives_the_reports_figures(tmp_path):
    text = (REAL / "平潭县人民政府_2011.txt").read_text(encoding="utf-8")
    original = parsed_report(REAL / "平潭县人民政府_2011.txt")
    table = next(t for t in original.tables if t.cells)
    rows = [["指标名称"] + [" ".join(c) for c in table.columns]]
    rows += [[r[-1]] + ["" if c is None else c for c in cells] for r, cells in zip(table.rows, table.cells)]
    body = text.split("正文 ====================", 1)[1]  # the crawler's header is no part of the report
    prose = [line for line in body.splitlines() if line.strip()][:1]
    path = tmp_path / "2011年报(1).rtf"
    path.write_bytes(_rtf(["平潭县人民政府2011年政府信息公开工作年度报告"] + prose, rows))
    report = build_report(load_document(path))
    assert report.year == 2011 and "平潭" in report.agency
    got = {(f.row[-1], f.column[-1]): f.value for f in report.facts if f.row and f.column and f.value is not None}
    want = {(f.row[-1], f.column[-1]): f.value for f in original.facts
            if f.table == table.id and f.row and f.column and f.value is not None}
    assert want and all(got.get(k) == v for k, v in want.items()), {k: (v, got.get(k)) for k, v in want.items()}


def test_a_report_in_traditional_characters_reads_as_simplified(tmp_path):
    import opencc

    original = parsed_report(PAGE)
    traditional = opencc.OpenCC("s2t").convert(PAGE.read_text(encoding="utf-8"))
    assert "開" in traditional and "开" not in traditional
    path = tmp_path / "平潭綜合實驗區2024年政府信息公開工作年度報告.html"
    path.write_text(traditional, encoding="utf-8")
    report = build_report(load_document(path))
    assert (report.agency, report.year) == (original.agency, original.year)
    assert _facts(report) == _facts(original)
    # a simplified report with a few traditional names in it is left as it is
    mixed = PAGE.read_text(encoding="utf-8").replace("本报告根据", "本报告（臺灣海峽畔）根据", 1)
    path = tmp_path / "mixed.html"
    path.write_text(mixed, encoding="utf-8")
    assert "臺灣" in " ".join(b.text for b in load_document(path).blocks if hasattr(b, "text"))


@pytest.mark.parametrize("placed, sheet", [(False, False), (True, False), (True, True)],
                         ids=["in_order", "by_grid_row_and_column", "grid_declared_in_the_style_sheet"])
def test_a_table_drawn_with_css_grid_divs_is_read_as_the_table(tmp_path, placed, sheet):
    import re

    source = REAL / "平潭县人民政府_2011.html"
    original = parsed_report(source)
    page = source.read_text(encoding="utf-8")

    def as_grid(match: re.Match) -> str:
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", match.group(0), flags=re.S | re.I)
        cells = [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S | re.I) for row in rows]
        width = max(len(c) for c in cells)
        divs = "".join(
            f'<div class="cell" style="grid-row:{r + 1}/span 1;grid-column:{c + 1}/span 1">{text}</div>' if placed
            else f'<div class="cell">{text}</div>'
            for r, row in enumerate(cells) for c, text in enumerate(row + [""] * (width - len(row))))
        if sheet:  # ".g{display:grid}" in the page's <style>, the tracks in a second class
            return f'<div class="g w{width}">{divs}</div>'
        return f'<div class="tbl" style="display:grid;grid-template-columns:repeat({width},auto)">{divs}</div>'

    grid_page = re.sub(r"<table.*?</table>", as_grid, page, flags=re.S | re.I)
    if sheet:
        rules = "".join(f".w{n}{{grid-template-columns:repeat({n},auto)}}" for n in range(2, 30))
        grid_page = re.sub(r"</head>", f"<style>.g{{display:grid;border:1px solid}}{rules}</style></head>",
                           grid_page, count=1, flags=re.I)
        assert "<style>.g{display:grid" in grid_page
    assert "<table" not in grid_page.lower()
    path = tmp_path / "report.html"
    path.write_text(grid_page, encoding="utf-8")
    report = build_report(load_document(path))
    got = {(f.row, f.column): f.value for f in report.facts}
    want = {(f.row, f.column): f.value for f in original.facts}
    assert want and got == want


def _spanned_tables(page: str):
    """Each innermost ``<table>`` of a page as rows of (text, rowspan, colspan), via BeautifulSoup."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page, "lxml")
    out = []
    for table in soup.find_all("table"):
        if table.find("table"):
            continue
        rows = [[(c.get_text(" ", strip=True), int(c.get("rowspan") or 1), int(c.get("colspan") or 1))
                 for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]
        out.append((table, rows))
    return soup, out


def test_a_table_drawn_with_auto_placed_css_grid_items_is_read_as_the_table(tmp_path):
    """A portal's CSS grid: rows wrapped in ``display:contents``, spanning cells written once with
    ``grid-column: span N`` / ``grid-row: span N`` and placed by the grid's own auto-placement."""
    from bs4 import BeautifulSoup

    source = REAL / "平潭综合实验区_2024.html"
    soup, tables = _spanned_tables(source.read_text(encoding="utf-8"))
    for table, rows in tables:
        width = max(sum(cs for _, _, cs in row) for row in rows)
        html_rows = []
        for row in rows:
            cells = "".join(
                f'<div class="c" style="{f"grid-column:span {cs};" if cs > 1 else ""}'
                f'{f"grid-row:span {rs}" if rs > 1 else ""}"><span>{text}</span></div>' for text, rs, cs in row)
            html_rows.append(f'<div class="r" style="display:contents">{cells}</div>')
        grid = f'<div style="display:grid;grid-template-columns:6% repeat({width - 1},1fr)">{"".join(html_rows)}</div>'
        table.replace_with(BeautifulSoup(grid, "lxml").div)
    assert "<table" not in str(soup).lower() and "grid-row:span" in str(soup)
    path = tmp_path / "grid.html"
    path.write_text(str(soup), encoding="utf-8")
    want = {(f.key, f.value) for f in parsed_report(source).facts if f.key}
    got = {(f.key, f.value) for f in build_report(load_document(path)).facts if f.key}
    assert len(want) >= 200 and got == want, sorted(want ^ got)[:6]


def test_a_table_drawn_as_flex_rows_of_sized_divs_is_read_as_the_table(tmp_path):
    """A table drawn as ``<div>`` rows with ``display:flex`` (from the page's style sheet), each cell
    sized by ``width: NN%``; a cell spanning columns is as wide as the columns it spans."""
    from bs4 import BeautifulSoup

    source = REAL / "平潭综合实验区_2024.html"
    soup, tables = _spanned_tables(source.read_text(encoding="utf-8"))
    flexed = 0
    for table, rows in tables:
        if any(rs > 1 for row in rows for _, rs, _ in row):
            continue  # flex rows cannot draw a cell spanning rows
        width = max(sum(cs for _, _, cs in row) for row in rows)
        lines = "".join('<div class="tr">' + "".join(
            f'<div class="td" style="width:{100 * cs / width:.2f}%">{text or "&nbsp;"}</div>' for text, _, cs in row)
            + "</div>" for row in rows)
        table.replace_with(BeautifulSoup(f'<div class="tbl">{lines}</div>', "lxml").div)
        flexed += 1
    soup.head.append(BeautifulSoup("<style>.tr{display:flex;width:100%}.td{border:1px solid}</style>", "lxml").style)
    assert flexed >= 1
    path = tmp_path / "flex.html"
    path.write_text(str(soup), encoding="utf-8")
    want = {(f.key, f.value) for f in parsed_report(source).facts if (f.key or "").startswith("proactive.")}
    got = {(f.key, f.value) for f in build_report(load_document(path)).facts if (f.key or "").startswith("proactive.")}
    assert len(want) >= 8 and got == want, sorted(want ^ got)[:6]


def test_a_table_drawn_as_flex_rows_sized_by_weights_is_read_as_the_template(tmp_path):
    """The same tables drawn as flex rows whose cells are sized by ``flex: N`` weights, a cell spanning
    rows drawn in its first row only (the rows under it start at the left, their place lost): the
    figure rows are read in order and placed by the template."""
    from bs4 import BeautifulSoup

    source = REAL / "平潭综合实验区_2024.html"
    soup, tables = _spanned_tables(source.read_text(encoding="utf-8"))
    for table, rows in tables:
        lines = "".join('<div class="tr">' + "".join(
            f'<div class="td" style="flex:{cs};">{text or "&nbsp;"}</div>' for text, _, cs in row)
            + "</div>" for row in rows)
        table.replace_with(BeautifulSoup(f'<div class="tbl">{lines}</div>', "lxml").div)
    soup.head.append(BeautifulSoup("<style>.tr{display:flex}</style>", "lxml").style)
    path = tmp_path / "flex.html"
    path.write_text(str(soup), encoding="utf-8")
    want = {(f.key, f.value) for f in parsed_report(source).facts if (f.key or "").startswith(("requests.", "review."))}
    got = {(f.key, f.value) for f in build_report(load_document(path)).facts if (f.key or "").startswith(("requests.", "review."))}
    assert len(want) >= 100 and want <= got, sorted(want - got)[:6]


def test_flex_rows_with_empty_spacers_under_a_cell_spanning_rows_read_as_the_table(tmp_path):
    """Flex rows sized by ``flex: N`` whose cells spanning rows are drawn once, with an empty spacer
    cell under them in each row they span (a column's width each): the spacers are the cell above, so
    the row labels and headings hold, and every figure is read as in the page's own tables."""
    from bs4 import BeautifulSoup

    source = REAL / "平潭综合实验区_2024.html"
    soup, tables = _spanned_tables(source.read_text(encoding="utf-8"))
    for table, rows in tables:
        taken: dict[tuple[int, int], bool] = {}
        lines = []
        for n, row in enumerate(rows):
            cells, column, left = [], 0, list(row)
            while left or any(r == n and c >= column for r, c in taken):
                if taken.get((n, column)):
                    cells.append('<div class="td" style="flex:1"></div>')  # under a cell spanning rows
                    column += 1
                    continue
                if not left:
                    break
                text, rs, cs = left.pop(0)
                for r in range(n, n + rs):
                    for c in range(column, column + cs):
                        taken[(r, c)] = r > n
                cells.append(f'<div class="td" style="flex:{cs}">{text}</div>')
                column += cs
            lines.append('<div class="tr">' + "".join(cells) + "</div>")
        table.replace_with(BeautifulSoup(f'<div class="tbl">{"".join(lines)}</div>', "lxml").div)
    soup.head.append(BeautifulSoup("<style>.tr{display:flex}</style>", "lxml").style)
    path = tmp_path / "flex.html"
    path.write_text(str(soup), encoding="utf-8")
    keys = ("requests.", "review.")
    want = {(f.key, f.value) for f in parsed_report(source).facts if (f.key or "").startswith(keys)}
    got = {(f.key, f.value) for f in build_report(load_document(path)).facts if (f.key or "").startswith(keys)}
    assert len(want) >= 100 and got == want, sorted(want ^ got)[:6]


def test_a_requests_table_printed_turned_is_read_as_the_template(tmp_path):
    """Some agencies print table 三 turned: applicants down the side, 本年新收 and the results across
    the top. Read back upright, it gives the page's facts."""
    from bs4 import BeautifulSoup

    from tests.test_text_reader import _html_grids

    source = REAL / "平潭综合实验区_2024.html"
    grids = [g for g in _html_grids(source) if any("申请人情况" in c for c in g[0])]
    assert len(grids) == 1
    turned = [list(column) for column in zip(*grids[0])]
    soup = BeautifulSoup(source.read_bytes(), "lxml")
    table = next(t for t in soup.find_all("table") if "申请人情况" in t.get_text() and not t.find("table"))
    rows = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in turned)
    table.replace_with(BeautifulSoup(f"<table>{rows}</table>", "lxml").table)
    path = tmp_path / "turned.html"
    path.write_text(str(soup), encoding="utf-8")
    want = {(f.key, f.value) for f in parsed_report(source).facts if (f.key or "").startswith("requests.")}
    got = {(f.key, f.value) for f in build_report(load_document(path)).facts if (f.key or "").startswith("requests.")}
    assert len(want) >= 161 and got == want, sorted(want ^ got)[:6]
    assert any("自然人" in row[:3] for row in turned)  # turned indeed: applicants down the side


def test_an_article_its_script_reveals_is_read_although_the_page_hides_it(tmp_path):
    """A WeChat article page hides its article (``#js_content`` with ``visibility: hidden``) until its
    script has laid it out; a page saved from the app keeps that style. Small hidden parts stay dropped."""
    import re

    original = parsed_report(PAGE)
    page = PAGE.read_text(encoding="utf-8")
    body = re.search(r"<body[^>]*>(.*)</body>", page, flags=re.S | re.I).group(1)
    wechat = ('<html><head><meta charset="utf-8"><title>平潭综合实验区2024年政府信息公开工作年度报告</title></head><body>'
              '<div id="js_article" class="rich_media"><h1 id="activity-name">平潭综合实验区2024年政府信息公开工作年度报告</h1>'
              '<div class="rich_media_meta_list"><span id="js_name">平潭发布</span><em id="publish_time">2025-01-20</em></div>'
              '<p style="display:none">本机关2024年行政处罚决定99999件</p>'
              f'<div class="rich_media_content" id="js_content" style="visibility: hidden;">{body}</div>'
              '<div id="js_pc_qr_code">微信扫一扫关注该公众号</div></div></body></html>')
    path = tmp_path / "wechat.html"
    path.write_text(wechat, encoding="utf-8")
    report = build_report(load_document(path))
    assert (report.agency, report.year) == (original.agency, original.year)
    assert _facts(report) and _facts(report) == _facts(original)
    assert not any("99999" in p.text for s in report.sections for p in s.passages)


def test_a_report_saved_from_a_spreadsheet_as_csv_gives_the_reports_figures(tmp_path):
    """A sheet saved as CSV: paragraphs one a row in the first cell, tables as rows with merged
    cells left blank (a span's text once, in its first cell), written in GBK as Excel on a Chinese
    Windows saves it."""
    import csv
    import io

    from corpus.records import Line, RawTable
    from tests.conftest import parsed_document

    original = parsed_report(PAGE)
    out = io.StringIO()
    sheet = csv.writer(out)
    sheet.writerow([original.title] + [""] * 9)
    for block in parsed_document(PAGE).blocks:
        if isinstance(block, Line):
            sheet.writerow([block.text] + [""] * 9)
        elif isinstance(block, RawTable):
            above = None
            for row in block.grid:
                cells = ["" if c is None else c for c in row]
                merged = [c if c.replace(".", "").isdigit() or (i == 0 or c != cells[i - 1])
                          and (above is None or i >= len(above) or c != above[i]) else "" for i, c in enumerate(cells)]
                sheet.writerow(merged)
                above = cells
    path = tmp_path / "报告.csv"
    path.write_bytes(out.getvalue().encode("gbk", "replace"))
    report = build_report(load_document(path))
    assert (report.agency, report.year) == (original.agency, original.year)
    assert _facts(report) and _facts(report) == _facts(original)


def test_tables_drawn_as_nested_blocks_with_row_classes_give_the_reports_figures(tmp_path):
    """A portal that draws its tables as ``<div class="tr">`` rows laid out by a style sheet: each row a
    label block and a block of value cells, groups of rows inside blocks with a vertical label beside
    them, table 四's figures in two blocks (行政复议's five, 行政诉讼's ten). Every keyed fact of the
    original must come out, none different."""
    import re
    from html import escape

    from corpus.flattened import is_value
    from corpus.records import Line, RawTable
    from tests.conftest import parsed_document

    original = parsed_report(PAGE)
    parts = [f"<html><head><meta charset='utf-8'><title>{original.title}</title><style>.tr{{display:flex}}"
             ".td{flex:1}</style></head><body><div class='art'><h1>" + original.title + "</h1>"]
    for block in parsed_document(PAGE).blocks:
        if isinstance(block, Line):
            parts.append(f"<p>{escape(block.text)}</p>")
            continue
        if not isinstance(block, RawTable):
            continue
        rows = []
        for row in block.grid:
            cells = ["" if c is None else c for c in row]
            labels = list(dict.fromkeys(c for c in cells if c and not is_value(c)))
            values = [c for c in cells if c and is_value(c)] if any(c and is_value(c) for c in cells) else []
            rows.append((labels[-1] if labels else "", values, labels))
        review = any("行政复议" in "".join(r[2]) for r in rows) and any(len(v) == 15 for _, v, _ in rows)
        html = ["<div class='dtable'>"]
        for label, values, labels in rows:
            if review and len(values) == 15:  # two blocks side by side: 行政复议, then 行政诉讼
                html.append("<div class='blk'><div class='tr'>" + "".join(f"<div class='td'>{v}</div>" for v in values[:5])
                            + "</div></div><div class='blk'><div class='tr'>"
                            + "".join(f"<div class='td'>{v}</div>" for v in values[5:]) + "</div></div>")
            elif values:
                html.append(f"<div class='tr'><div class='lab'>{escape(label)}</div><div class='vals'>"
                            + "".join(f"<div class='td'>{v}</div>" for v in values) + "</div></div>")
            else:
                html.append("<div class='tr'>" + "".join(f"<div class='td th'>{escape(x)}</div>" for x in labels) + "</div>")
        html.append("</div>")
        parts.append("".join(html))
    parts.append("</div></body></html>")
    page = "".join(parts)
    assert "<table" not in page and re.search(r"class='tr'", page)
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    report = build_report(load_document(path))
    want, got = _facts(original), _facts(report)
    assert want and {k: v for k, v in got.items() if k in want} == want


def test_a_csv_row_whose_cells_are_empty_is_a_blank_row_not_a_paragraph(tmp_path):
    # "行政事业性收费,,,": the sheet's row with nothing in it, a figure not reported
    from corpus.report import build_report
    from corpus.files import load_document
    rows = ["二、主动公开政府信息情况,,,", "第二十条第（一）项,,,", "信息内容,本年制发件数,本年废止件数,现行有效件数",
            "规章,0,0,0", "行政规范性文件,4,1,26", "第二十条第（五）项,,,", "信息内容,本年处理决定数量,,", "行政许可,3,,",
            "第二十条第（六）项,,,", "信息内容,本年处理决定数量,,", "行政处罚,0,,", "行政强制,0,,", "第二十条第（八）项,,,",
            "信息内容,本年收费金额（单位：万元）,,", "行政事业性收费,,,", ",,,", "三、收到和处理政府信息公开申请情况,,,"]
    path = tmp_path / "某某局2023年政府信息公开工作年度报告附表.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    facts = {f.key: f for f in build_report(load_document(path)).facts if f.key}
    fee = facts["proactive.fees.amount"]
    assert fee.value is None and not fee.unreadable  # blank: not reported
    assert facts["proactive.licensing.decisions"].value == 3


def test_tables_given_as_text_lines_of_a_row_and_its_column_figures_under_pictures(tmp_path):
    """A WeChat article whose tables are pictures, each followed by its figures as text, a row a line:
    "（一）予以公开：自然人71，商业企业0，…，总计71". The lines are read as the tables they write."""
    import re

    from corpus.records import RawTable
    from tests.conftest import parsed_document

    source = REAL / "平潭综合实验区_2024.html"
    original = parsed_report(source)
    paragraphs = [f"<p>{original.title}</p>", "<p>一、总体情况</p>", "<p>本机关认真落实政府信息公开工作。</p>"]
    for table in parsed_document(source).blocks:
        if not isinstance(table, RawTable):
            continue
        paragraphs += [f"<p>{table.caption}</p>", '<p><img src="table.png"></p>', "<p>（表格数据文字版）</p>"]
        grid = table.grid
        figure = [[bool(re.fullmatch(r"[\d.]+", c or "")) for c in row] for row in grid]
        first = next(i for i, row in enumerate(figure) if any(row))
        header = grid[first - 1] if first else grid[0]
        for row, marks in zip(grid[first:], figure[first:]):
            if not any(marks):
                header = row  # table 二: a header for each item
                continue
            at = marks.index(True)
            label = "".join(dict.fromkeys(c for c in row[:at] if c)) or "行政复议"
            cells = "，".join(f"{'' if at == 0 and False else header[k]}{row[k]}" for k in range(at, len(row)) if marks[k])
            paragraphs.append(f"<p>{label}：{cells}</p>")
    made = tmp_path / "article.html"
    made.write_text("<html><body><div id='js_content'>" + "".join(paragraphs) + "</div></body></html>", encoding="utf-8")
    keys = ("proactive.", "requests.")
    want = {f.key: f.value for f in original.facts if (f.key or "").startswith(keys) and not f.unreadable}
    got = {f.key: f.value for f in build_report(load_document(made)).facts if (f.key or "").startswith(keys)}
    assert len(want) > 150 and {k: got.get(k) for k in want} == want


def _slots(rows):
    """A table's rows of (text, rowspan, colspan) laid on a grid: each slot the id of the cell over it."""
    grid, cells = {}, []
    for r, row in enumerate(rows):
        c = 0
        for text, rs, cs in row:
            while (r, c) in grid:
                c += 1
            cells.append((text, r, c, rs, cs))
            for i in range(rs):
                for j in range(cs):
                    grid[(r + i, c + j)] = len(cells) - 1
            c += cs
    return grid, cells


def test_a_table_drawn_as_css_table_divs_is_read_as_the_table(tmp_path):
    """A portal's tables drawn with ``<div>``s that the style sheet lays out as a table (``display:table``,
    ``table-row``, ``table-cell``; a merged cell, which such a layout cannot draw, written once and the
    cells it covered left empty): the same facts as the page's own tables."""
    from bs4 import BeautifulSoup

    source = REAL / "平潭综合实验区_2024.html"
    soup, tables = _spanned_tables(source.read_text(encoding="utf-8"))
    drawn = 0
    for table, rows in tables:  # a merged cell written in its first slot, the slots it covers left empty
        grid, cells = _slots(rows)
        width = max(c for _, c in grid) + 1
        lines = "".join('<div class="d-tr">' + "".join(
            '<div class="d-td">{}</div>'.format(cells[grid[(r, c)]][0] if (r, c) in grid and cells[grid[(r, c)]][1:3] == (r, c)
                                               else "") for c in range(width)) + "</div>" for r in range(len(rows)))
        table.replace_with(BeautifulSoup(f'<div class="d-table">{lines}</div>', "lxml").div)
        drawn += 1
    soup.head.append(BeautifulSoup("<style>.d-table{display:table}.d-tr{display:table-row}"
                                   ".d-td{display:table-cell;border:1px solid}</style>", "lxml").style)
    assert drawn >= 3
    path = tmp_path / "css-table.html"
    path.write_text(str(soup), encoding="utf-8")
    want = {(f.key, f.value) for f in parsed_report(source).facts if f.key}
    got = {(f.key, f.value) for f in build_report(load_document(path)).facts if f.key}
    assert len(want) >= 200 and got == want, sorted(want ^ got)[:6]


def test_a_table_drawn_as_nested_flex_blocks_is_read_as_the_table(tmp_path):
    """Tables 三 and 四 drawn as nested flex ``<div>``s (a label spanning rows beside a column block of the
    rows it heads, each row ``class="g-row"``): read whole, not as pieces, with the page's own facts."""
    from bs4 import BeautifulSoup

    source = REAL / "平潭综合实验区_2024.html"
    soup, tables = _spanned_tables(source.read_text(encoding="utf-8"))

    def block(grid, cells, r0, r1, c0, width) -> str:  # rows r0..r1 from column c0 on
        out, r = [], r0
        while r < r1:
            k = grid.get((r, c0))
            text, top, left, rs, cs = cells[k]
            end = min(top + rs, r1)
            figures = all(any(re.fullmatch(r"[\d.]+", cells[grid[(i, c)]][0]) for c in range(width) if (i, c) in grid)
                          for i in range(r, end))
            if end - r > 1 and c0 + cs < width and figures:  # a row label over several rows: it, beside them
                out.append(f'<div class="g-row"><div class="g-cell">{text}</div><div class="g-col">'
                           + block(grid, cells, r, end, c0 + cs, width) + "</div></div>")
            else:
                seen, row = set(), []
                for c in range(c0, width):
                    j = grid.get((r, c))
                    if j is not None and j not in seen:
                        seen.add(j)
                        row.append(f'<div class="g-cell">{cells[j][0] if cells[j][1] == r else ""}</div>')
                out.append('<div class="g-row">' + "".join(row) + "</div>")
            r = end
        return "".join(out)

    nested = 0
    for table, rows in tables:
        text = table.get_text()
        if "本年新收政府信息公开申请数量" not in text and "行政复议" not in text:
            continue
        grid, cells = _slots(rows)
        width = max(c for _, c in grid) + 1
        table.replace_with(BeautifulSoup(f'<div class="g-grid">{block(grid, cells, 0, len(rows), 0, width)}</div>',
                                         "lxml").div)
        nested += 1
    soup.head.append(BeautifulSoup("<style>.g-row{display:flex}.g-col{display:flex;flex-direction:column;flex:1}"
                                   ".g-cell{border:1px solid #999}</style>", "lxml").style)
    assert nested == 2
    path = tmp_path / "nested-flex.html"
    path.write_text(str(soup), encoding="utf-8")
    keys = ("requests.", "review.")
    want = {(f.key, f.value) for f in parsed_report(source).facts if (f.key or "").startswith(keys)}
    got = {(f.key, f.value) for f in build_report(load_document(path)).facts if (f.key or "").startswith(keys)}
    assert len(want) >= 150 and got == want, sorted(want ^ got)[:6]
