"""The HTML reader over every real pingtan.gov.cn page in ../shared, plus small made-up pages for
what the real ones lack (GBK, scripts in the body, nested layout tables, a page without class names)."""
from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from corpus.errors import ReportError
from corpus.html import clean_text, read
from corpus.records import Document, Line, RawTable
from tests.conftest import REAL, real_files

HTMLS = real_files(".html")
NUMBER = re.compile(r"^\d+(?:\.\d+)?$")
# text of the site template (breadcrumb, share buttons, QR code, footer): all in every raw page
FURNITURE = ("当前位置", "网站地图", "版权所有", "ICP", "扫一扫", "QQ空间", "附件下载", "网站标识码", "热门搜索", "联系我们", "来源：")
FURNITURE_LINES = {"微信", "微博", "关闭", "首页", "打印", "分享到"}


@lru_cache(maxsize=None)
def manifest_years() -> dict[str, int]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as handle:
        return {row["file"]: int(row["year"]) for row in csv.DictReader(handle, delimiter="\t")}


NATIONAL = [p for p in HTMLS if manifest_years()[p.name] >= 2019]


@lru_cache(maxsize=None)
def load(path: Path) -> Document:
    """Read a real page once per test session (Documents are frozen)."""
    return read(path, path.read_bytes())


def lines(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Line)]


def tables(doc: Document) -> list[RawTable]:
    return [b for b in doc.blocks if isinstance(b, RawTable)]


def national_tables(doc: Document) -> tuple[RawTable, RawTable, RawTable]:
    """Tables 二, 三, 四 found by their content, not by position."""
    found = tables(doc)
    proactive = [t for t in found if any("第二十条" in c for c in t.grid[0])]
    requests = [t for t in found if any("申请人情况" in c for c in t.grid[0])]
    review = [t for t in found if "行政复议" in t.grid[0]]
    assert len(proactive) == len(requests) == len(review) == 1, [t.grid[0][:2] for t in found]
    return proactive[0], requests[0], review[0]


def data_rows(table: RawTable, labels: int) -> list[tuple[str, ...]]:
    """Rows whose cells after ``labels`` label columns are all numbers."""
    return [row for row in table.grid if all(NUMBER.match(c or "") for c in row[labels:])]


# ---------------------------------------------------------------- every real page


@pytest.mark.parametrize("path", HTMLS, ids=lambda p: p.name)
def test_real_page_reads_into_clean_blocks(path):
    raw = path.read_bytes()
    doc = load(path)
    assert doc.format == "html" and doc.encoding == "utf-8"
    assert len(doc.content_hash) == 64
    assert doc.title_hint and "_" not in doc.title_hint and str(manifest_years()[path.name]) in doc.title_hint
    assert [b.where.line for b in doc.blocks] == list(range(1, len(doc.blocks) + 1))
    text = lines(doc)
    assert len(text) >= 10
    for line in text:
        assert line == line.strip() and "\xa0" not in line and "\n" not in line
        assert not re.search(r"<[a-zA-Z/!]", line), line  # no markup kept as text
        assert not any(word in line for word in FURNITURE), line
        assert line not in FURNITURE_LINES
    for table in tables(doc):
        assert len({len(row) for row in table.grid}) == 1  # rectangular
        assert all(cell == clean_text(cell) for row in table.grid for cell in row)
    assert all(word.encode() in raw for word in ("当前位置", "版权所有", "ICP", "QQ空间"))  # the page had furniture


@pytest.mark.parametrize("path", NATIONAL, ids=lambda p: p.name)
def test_national_tables_have_their_shapes(path):
    year = manifest_years()[path.name]
    proactive, requests, review = national_tables(load(path))
    assert proactive.caption.startswith("二、") or "主动公开" in proactive.caption
    assert requests.caption.startswith("三、")
    assert review.caption.startswith("四、")
    # 二: 4 columns, each article block "第二十条第（x）项" then "信息内容" header, then item rows
    assert len(proactive.grid[0]) == 4
    assert [row[0] for row in proactive.grid if row[0] == "信息内容"].__len__() >= 4
    assert "行政处罚" in [row[0] for row in proactive.grid]
    # 三: 3 header rows, 3 label columns, 7 numbers per data row (23 rows 2019-2020, 25 from 2021)
    assert len(requests.grid[0]) == 10
    assert requests.grid[2][3:] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计") or (
        requests.grid[2][4:] == ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"))
    rows = data_rows(requests, 3)
    assert rows == list(requests.grid[3:])
    assert len(rows) == (23 if year <= 2020 else 25)
    assert rows[0][0].startswith("一、") and rows[-1][0].startswith("四、")
    # 四: 3 header rows, one row of 15 numbers
    assert len(review.grid) == 4 and len(review.grid[0]) == 15
    assert data_rows(review, 0) == [review.grid[3]]
    assert review.grid[2][:5] == ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


def test_requests_rows_add_up_across_every_national_page():
    """Oracle for the span expansion: in table 三 each row's 6 applicant columns add up to its 总计.

    A few published rows do not (as printed by the agency); a misplaced column would break most."""
    total = balanced = 0
    for path in NATIONAL:
        _, requests, _ = national_tables(load(path))
        for row in data_rows(requests, 3):
            values = [int(v) for v in row[3:]]
            total += 1
            balanced += sum(values[:6]) == values[6]
    assert total >= 20 * 23 and balanced / total > 0.98


def test_extra_fee_table_is_kept_in_place():
    doc = load(REAL / "平潭综合实验区市场监督管理局_2025.html")
    found = tables(doc)
    assert len(found) == 4
    assert found[3].grid == (("", "通知收取件数", "通知收取金额（元）", "实际收取金额（元）"), ("信息处理费收取情况", "1", "800", "0"))
    assert found[3].caption.startswith("六、")


def test_body_text_of_2024_report():
    doc = load(REAL / "平潭综合实验区_2024.html")
    text = lines(doc)
    assert doc.title_hint == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert any("全年办理政府信息公开申请218件" in line for line in text)
    assert "一、总体情况" in text and "六、其他需要报告的事项" in text
    assert text[-1] == "2024年，无收取信息处理费情况。"
    _, requests, review = national_tables(doc)
    assert requests.grid[3] == ("一、本年新收政府信息公开申请数量",) * 3 + ("217", "1", "0", "0", "0", "0", "218")
    assert requests.grid[10][:3] == ("三、本年度办理结果", "（三）不予公开", "4.保护第三方合法权益")
    assert review.grid[3] == ("2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19")


def test_misaligned_word_header_keeps_seven_columns():
    """2021's 自然人 header spans into 商业企业's column (Word's misaligned edge); the grid must not
    grow a duplicate column."""
    _, requests, _ = national_tables(load(REAL / "平潭综合实验区_2021.html"))
    assert requests.grid[1][3:5] == ("自然人", "法人或其他组织")
    assert requests.grid[3][3:] == ("64", "0", "0", "2", "0", "4", "70")


def test_old_appendix_table_inside_paragraph():
    doc = load(REAL / "平潭县教育局_2011.html")
    (table,) = tables(doc)
    assert table.caption == "附表："
    assert table.grid[0] == ("指标名称", "计量单位", "年末统计")
    assert table.grid[1] == ("主动公开信息数", "条", "20")
    assert doc.blocks[-1] is table


def test_word_markup_page_has_no_word_artifacts():
    doc = load(REAL / "平潭综合实验区_2016.html")
    assert b"supportLists" in (REAL / "平潭综合实验区_2016.html").read_bytes()
    assert not any("supportLists" in line or "endif" in line for line in lines(doc))
    (table,) = tables(doc)
    assert table.caption.startswith("七、") and len(table.grid) == 17


def test_split_digits_join():
    """经济发展局_2025 prints 177 as <span>17</span><span>7</span>."""
    assert any("依申请公开177条" in line for line in lines(load(REAL / "平潭综合实验区经济发展局_2025.html")))


@pytest.mark.parametrize("name", ["平潭综合实验区_2024.html", "平潭综合实验区_2011.html", "平潭县环境保护局_2009.html"])
def test_body_found_without_class_names(name):
    """The body is found by text density where no class or id names it, with the same result."""
    path = REAL / name
    soup = BeautifulSoup(path.read_bytes(), "lxml")
    for tag in soup.find_all(True):
        tag.attrs.pop("class", None)
        tag.attrs.pop("id", None)
    bare = str(soup)
    assert soup.find(class_=True) is None and "TRS_Editor" not in str(soup.body.find_all("div"))
    assert read(path, bare.encode()).blocks == load(path).blocks


# ---------------------------------------------------------------- made-up pages


def page(body: str, head: str = '<meta charset="utf-8"><title>某局2020年政府信息公开工作年度报告_某网站</title>') -> str:
    furniture = '<div class="nav"><a href="/">首页</a><a href="/x">政务公开</a></div><div class="position">当前位置：首页</div>'
    footer = '<div class="footer">版权所有：某局 闽ICP备00000000号 网站地图</div>'
    return f"<html><head>{head}</head><body>{furniture}<div class=\"main\">{body}</div>{footer}</body></html>"


PROSE = "<p>本年度，我局认真贯彻落实《条例》，全面推进政府信息公开工作，主动公开政府信息120条，受理申请5件，办理答复5件，均按期办结。</p>" * 3


def test_spans_expand_and_nested_layout_table_is_walked():
    body = PROSE + """<table><tr><td><p>一、依申请公开情况</p>
      <table border=1>
        <tr><td rowspan=2>指标</td><td colspan=2>数量</td></tr>
        <tr><td>本年</td><td>累计</td></tr>
        <tr><td>受理&nbsp;申请</td><td><span>1</span><span>7</span></td><td><p>&nbsp;20</p></td></tr>
      </table></td></tr></table>"""
    doc = read(Path("made.html"), page(body).encode())
    (table,) = tables(doc)
    assert table.grid == (("指标", "数量", "数量"), ("指标", "本年", "累计"), ("受理申请", "17", "20"))
    assert table.caption == "一、依申请公开情况"
    assert doc.title_hint == "某局2020年政府信息公开工作年度报告"
    assert not any("首页" in line or "ICP" in line for line in lines(doc))


def test_script_and_img_elements_dropped_literal_markup_kept_as_text():
    body = PROSE + '<p>正文<script>alert(1)</script><img src=x onerror="alert(2)">结束</p><p>&lt;script&gt;alert(3)&lt;/script&gt;是原文</p>'
    text = lines(read(Path("made.html"), page(body).encode()))
    assert "正文结束" in text
    assert "<script>alert(3)</script>是原文" in text  # shown as text by the page, never run
    assert not any("alert(1)" in line or "alert(2)" in line or "onerror" in line for line in text)


def test_gbk_page_with_and_without_meta_charset():
    body = PROSE + "<p>二、主动公开政府信息情况</p><p>全年共受理政府信息公开申请二十三件。</p>"
    gbk = page(body, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>某局报告</title>')
    doc = read(Path("gbk.html"), gbk.encode("gbk"))
    assert doc.encoding == "gb18030" and "全年共受理政府信息公开申请二十三件。" in lines(doc)
    bare = page(body * 2, "<title>某局报告</title>")
    doc = read(Path("gbk.html"), bare.encode("gbk"))
    assert "全年共受理政府信息公开申请二十三件。" in lines(doc)


def test_page_without_text_is_a_report_error():
    with pytest.raises(ReportError, match=r"^empty\.html: .*no report text"):
        read(Path("empty.html"), b"<html><body><div class='nav'><a href='/'>\xe9\xa6\x96\xe9\xa1\xb5</a></div></body></html>")


def test_clean_text_rules():
    assert clean_text("（一） 公开形式 在主动") == "（一）公开形式 在主动"
    assert clean_text("2009 年度，第 711号") == "2009年度，第711号"
    assert clean_text("政府信\n息公开 17\n7条\xa0") == "政府信息公开177条"
    assert clean_text("<!--[if !supportLists]-->7、<!--[endif]-->文字\u200b") == "7、文字"
    assert clean_text("Times  New\nRoman") == "Times New Roman"


# ---------------------------------------------------------------- limits while reading


def test_a_page_nested_past_the_limit_is_refused_while_parsing():
    import time

    page = ("<html><body>" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "</body></html>").encode()
    started = time.perf_counter()
    with pytest.raises(ReportError, match="MAX_HTML_DEPTH") as caught:
        read(Path("deep.html"), page)
    assert "\n" not in str(caught.value) and time.perf_counter() - started < 5


def test_a_page_nested_within_the_limit_reads_iteratively():
    """150 levels: within the limit, read without recursion (the old walk recursed per level)."""
    import sys

    depth = 150
    page = ("<html><body>" + "<span>" * depth + "第一段，正文。" + "</span>" * depth + "<p>二、第二段</p></body></html>")
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(120)  # below the nesting: a recursive walk would fail
    try:
        doc = read(Path("nested.html"), page.encode())
    finally:
        sys.setrecursionlimit(limit)
    assert [b.text for b in doc.blocks] == ["第一段，正文。", "二、第二段"]


def test_spans_past_the_table_limit_are_refused():
    rows = '<tr><td rowspan="1000" colspan="500">1</td><td>2</td></tr>' * 400
    page = f"<html><body><table>{rows}</table></body></html>".encode()
    with pytest.raises(ReportError, match="MAX_TABLE_CELLS"):
        read(Path("spans.html"), page)



def test_a_table_published_one_table_a_row_reads_as_the_table():
    """Some content systems write every row as a <table> of its own: a page whose tables are the
    real page's tables so written (GBK, as such sites serve them) reads the same tables; two whole
    tables side by side stay two."""
    original = tables(load(NATIONAL[0]))
    parts = [PROSE]
    for n, table in enumerate(original):
        parts.append(f"<p>表{n + 1}</p>")
        for row in table.grid:
            cells = "".join(f"<td>{cell}</td>" for cell in row)
            parts.append(f'<table style="width:100%"><tbody><tr>{cells}</tr></tbody></table>\n')
    gbk = page("".join(parts), '<meta charset="gbk"><title>某局报告</title>').encode("gbk")
    assert [t.grid for t in tables(read(Path("rows.html"), gbk))] == [t.grid for t in original]
    two = PROSE + "<table><tr><td>甲</td><td>1</td></tr><tr><td>乙</td><td>2</td></tr></table>" * 2
    assert len(tables(read(Path("two.html"), page(two).encode()))) == 2


_HEADINGS = ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"]


def _keyed(path) -> dict:
    """Every readable keyed figure of a page, as the report reader gives it."""
    from corpus.files import load_document
    from corpus.report import build_report

    return {f.key: f.value for f in build_report(load_document(path)).facts if f.key and not f.unreadable}


def test_a_table_cut_into_pieces_under_one_header_reads_as_the_table(tmp_path):
    """A page whose big tables are each cut into several <table> elements (the header rows in one,
    groups of data rows in others, nothing between them): every keyed figure of the real page."""
    source = NATIONAL[0]
    parts = [PROSE]
    for heading, table in zip(_HEADINGS, national_tables(load(source))):
        rows = [row for row in table.grid]
        first = next(i for i, row in enumerate(rows) if sum(bool(re.fullmatch(r"\d+", c or "")) for c in row) >= 2)
        pieces = [rows[:first]] + [rows[i:i + 4] for i in range(first, len(rows), 4)]
        parts.append(f"<p>{heading}</p>")
        for piece in pieces:
            body = "".join("<tr>" + "".join(f"<td>{c or ''}</td>" for c in row) + "</tr>" for row in piece)
            parts.append(f'<table border="1">{body}</table>\n')
    made = tmp_path / "pieces.html"
    made.write_text(page("".join(parts), "<title>某局2020年政府信息公开工作年度报告</title>"), encoding="utf-8")

    want, got = _keyed(source), _keyed(made)
    assert len(want) > 150 and got == want


def test_tables_set_in_fixed_width_text_inside_pre_read_as_the_page_tables(tmp_path):
    """A page whose tables are fixed-width text in <pre> (columns aligned by spaces, rules of dashes),
    each under its heading: every keyed figure of the real page, as the real page gives it."""
    source = NATIONAL[0]
    parts = [PROSE]
    for heading, table in zip(_HEADINGS, national_tables(load(source))):
        rows = ["   ".join((cell or "").ljust(12) for cell in row).rstrip() for row in table.grid]
        parts.append(f"<p>{heading}</p><pre>{'-' * 80}\n" + "\n".join(rows) + f"\n{'-' * 80}\n</pre>")
    made = tmp_path / "pre.html"
    made.write_text(page("".join(parts), "<title>某局2020年政府信息公开工作年度报告</title>"), encoding="utf-8")

    want, got = _keyed(source), _keyed(made)
    assert len(want) > 150 and got == want


def test_a_whole_report_in_one_pre_with_box_drawn_tables_and_wrapped_prose(tmp_path):
    """A page that puts the whole report in one <pre>: tables drawn with box-drawing characters, the
    prose hard-wrapped at a fixed width mid-sentence. Every keyed figure of the real page is read, and
    the prose figures keep their nouns (the wrapped lines are joined back into sentences)."""
    import html as html_lib
    import textwrap

    from corpus.files import load_document
    from corpus.report import build_report
    from tests.md_rendering import render_box_text

    source = NATIONAL[0]
    lines = []
    for line in render_box_text(load(source)).splitlines():
        boxed = line.startswith(("┌", "│", "├", "└"))
        lines += [line] if boxed or not line.strip() else textwrap.wrap(line, 38)
    made, text = tmp_path / "pre.html", tmp_path / "same.txt"
    made.write_text(f"<html><head><meta charset='utf-8'></head><body><pre>\n{html_lib.escape(chr(10).join(lines))}"
                    "\n</pre></body></html>", encoding="utf-8")
    text.write_text("\n".join(lines), encoding="utf-8")
    original, read_back = build_report(load_document(source)), build_report(load_document(made))

    def keyed(report):
        return {f.key: f.value for f in report.facts if f.key and not f.unreadable}

    want, got = keyed(original), keyed(read_back)
    assert got == keyed(build_report(load_document(text)))  # as the text reader reads the same lines
    # the rendering wraps 采购总金额's 75394432.52元 over two lines of its cell: that cell is lost, no other
    assert len(want) > 150 and len(got) >= len(want) - 2 and all(want[k] == v for k, v in got.items())
    figures = {(f.noun, f.value) for f in original.figures}
    assert len(figures) > 5 and {(f.noun, f.value) for f in read_back.figures} >= figures


def test_a_wide_table_cut_into_tables_side_by_side_is_joined_back(tmp_path):
    """Table 四 published as two <table>s floated side by side (行政复议 | 行政诉讼), as some content
    systems cut a wide table: one table of 15 columns, every figure under its own column."""
    from corpus.files import load_document
    from corpus.report import build_report

    def half(header: str, groups: list[str], figures: list[int]) -> str:
        width = 5 * max(1, len(groups))
        top = f'<tr><td colspan="{width}">{header}</td></tr>'
        mid = "".join(f'<td colspan="5">{g}</td>' for g in groups) if groups else ""
        span = "" if groups else ' rowspan="2"'
        words = "".join(f"<td{span}>{w}</td>" for w in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * max(1, len(groups)))
        data = "".join(f"<td>{v}</td>" for v in figures)
        return (f'<table style="float:left">{top}<tr>{mid or words}</tr>' + (f"<tr>{words}</tr>" if mid else "<tr></tr>")
                + f"<tr>{data}</tr></table>")

    review = [2, 1, 0, 0, 3]
    lawsuits = [1, 0, 0, 1, 2, 0, 0, 1, 0, 1]
    page = ("<html><body><h1>某县人民政府2024年政府信息公开工作年度报告</h1>"
            "<p>四、政府信息公开行政复议、行政诉讼情况</p><div>"
            + half("行政复议", [], review) + "\n" + half("行政诉讼", ["未经复议直接起诉", "复议后起诉"], lawsuits)
            + "</div><p>五、存在的主要问题及改进情况</p></body></html>")
    path = tmp_path / "index.html"
    path.write_text(page, encoding="utf-8")
    facts = {f.key: f.value for f in build_report(load_document(path)).facts if f.key}
    assert facts["review.reconsideration.total"] == 3 and facts["review.reconsideration.upheld"] == 2
    assert facts["review.litigation_direct.total"] == 2 and facts["review.litigation_after_review.total"] == 1
    assert facts["review.litigation_direct.pending"] == 1


def _page(title: str, *paragraphs: str) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title}</title></head><body><div class='nav'>首页 &gt; 政务公开</div>"
            f"<div class='content'><h1>{title}</h1>{body}</div><div class='footer'>版权所有</div></body></html>")


def test_an_article_over_two_pages_reads_as_one_document_from_either_page(tmp_path):
    from corpus.files import load_document

    title = "岳阳市人民政府2024年政府信息公开工作年度报告"
    (tmp_path / "t20250110_1.html").write_text(_page(title, "一、总体情况", "全年主动公开政府信息5216条。",
                                                     "二、主动公开政府信息情况", "详见下表。"), encoding="utf-8")
    (tmp_path / "t20250110_1_2.html").write_text(_page(title, "三、收到和处理政府信息公开申请情况", "本年新收申请191件。",
                                                       "四、政府信息公开行政复议、行政诉讼情况", "行政复议3件。"),
                                                 encoding="utf-8")
    first, second = (load_document(tmp_path / n) for n in ("t20250110_1.html", "t20250110_1_2.html"))
    assert first == second and first.path.endswith("t20250110_1.html")
    said = " ".join(b.text for b in first.blocks if isinstance(b, Line))
    assert "5216" in said and "191件" in said and said.index("5216") < said.index("191件")
    # a page whose sections do not go on where the first stopped is a page of its own
    (tmp_path / "t20250110_1_3.html").write_text(_page(title, "一、总体情况", "另一份报告。"), encoding="utf-8")
    alone = load_document(tmp_path / "t20250110_1.html")
    assert "191件" not in " ".join(b.text for b in alone.blocks if isinstance(b, Line))


def test_a_table_of_divs_beside_prose_in_divs_is_read_as_a_table_and_the_prose_as_prose(tmp_path):
    rows = "".join(f"<div class='tr'><div class='td'>{label}</div>" + "".join(f"<div class='td'>{n}</div>" for n in ns)
                   + "</div>" for label, ns in (("规章", (0, 0, 0)), ("行政规范性文件", (72, 5, 2415))))
    page = ("<html><head><style>.tb{display:table}.tr{display:table-row}.td{display:table-cell}</style></head><body>"
            "<div class='wrap'><div class='title'>大连金普新区2021年度政府信息公开工作年度报告</div>"
            "<div class='para'>一、总体情况</div><div class='para'>" + "全年主动公开我区各级单位政府信息2791条，" * 3 + "</div>"
            "<div class='para'>二、主动公开政府信息情况</div>"
            "<div class='tb'><div class='tr'><div class='td'>信息内容</div><div class='td'>本年制发件数</div>"
            "<div class='td'>本年废止件数</div><div class='td'>现行有效件数</div></div>"
            + rows + "</div><div class='para'>" + "三、收到和处理政府信息公开申请情况，本年度全区共收到81件申请。" * 2
            + "</div></div></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    doc = read(tmp_path / "page.html", (tmp_path / "page.html").read_bytes())
    assert any("2791条" in text for text in lines(doc)) and any("81件" in text for text in lines(doc))
    assert any(any("2415" in (c or "") for row in t.grid for c in row) for t in tables(doc))
    assert not any(any("2791" in (c or "") for row in t.grid for c in row) for t in tables(doc))


def _screenshot(html: str, target: Path) -> None:
    """``html`` as chromium shows it, saved as a PNG picture (a site that publishes its table as an image)."""
    import shutil
    import subprocess

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip("no chromium to draw the table's picture with")
    page = target.with_suffix(".source.html")
    page.write_text(html, encoding="utf-8")
    subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                    f"--screenshot={target}", "--window-size=1100,1500", page.as_uri()],
                   check=True, capture_output=True, timeout=120)
    page.unlink()


def test_a_table_shown_as_a_picture_beside_the_page_is_read_by_ocr(tmp_path):
    """Table 三 of a real page published as a picture (the page saved with its X_files folder): read by
    OCR where it stands; every figure the HTML table gives comes back, or is left unreadable, never
    another value. A picture elsewhere (a URL, outside the page's folder) is not read."""
    from lxml import html as lxml_html

    from corpus.report import build_report

    source = REAL / "平潭综合实验区_2024.html"
    original = build_report(load(source))
    want = {f.key: f.value for f in original.facts if f.key and f.key.startswith("requests.") and not f.unreadable}
    root = lxml_html.fromstring(source.read_bytes())
    table = next(t for t in root.iter("table") if "本年新收政府信息公开申请数量" in t.text_content()
                 and not any(t is not u and "本年新收政府信息公开申请数量" in u.text_content() for u in t.iter("table")))
    (tmp_path / "page_files").mkdir()
    _screenshot('<html><head><meta charset="utf-8"><style>body{font-family:"Noto Sans CJK SC","Noto Serif CJK SC";'
                'font-size:15px;margin:8px}table{border-collapse:collapse}td,th{border:1px solid #000;padding:3px 5px}'
                '</style></head><body>' + lxml_html.tostring(table, encoding="unicode") + "</body></html>",
                tmp_path / "page_files" / "table3.png")
    table.getparent().replace(table, lxml_html.fromstring('<p><img src="page_files/table3.png" alt=""></p>'))
    page = tmp_path / "page.html"
    page.write_bytes(lxml_html.tostring(root, encoding="utf-8", doctype="<!DOCTYPE html>"))
    got = {f.key: f for f in build_report(read(page, page.read_bytes())).facts if f.key}
    wrong = {k: (v, got[k].value) for k, v in want.items() if k in got and not got[k].unreadable and got[k].value != v}
    read_back = sum(1 for k in want if k in got and not got[k].unreadable)
    assert not wrong and read_back >= 0.8 * len(want), (wrong, read_back, len(want))
    # the same picture written into the page itself (a data: URI, as a page saved whole has it): read alike
    import base64

    inline = tmp_path / "inline.html"
    inline.write_text(page.read_text(encoding="utf-8").replace(
        "page_files/table3.png",
        "data:image/png;base64," + base64.b64encode((tmp_path / "page_files" / "table3.png").read_bytes()).decode()),
        encoding="utf-8")
    inline_got = {f.key: f for f in build_report(read(inline, inline.read_bytes())).facts if f.key}
    assert {k: f.value for k, f in inline_got.items() if k in want and not f.unreadable} == \
        {k: f.value for k, f in got.items() if k in want and not f.unreadable}
    # the same picture named by a URL is not fetched, nor read
    remote = page.read_text(encoding="utf-8").replace("page_files/table3.png", "https://example.gov.cn/table3.png")
    page.write_text(remote, encoding="utf-8")
    assert not any(f.key and f.key.startswith("requests.") and not f.unreadable
                   for f in build_report(read(page, page.read_bytes())).facts)


def test_a_pdf_converted_to_html_run_by_run_reads_like_the_pdf(tmp_path):
    """A text PDF as PDF-to-HTML converters (pdf2htmlEX) publish it: every word an absolutely placed
    ``<div>`` (left/top in px), each page a block, tables drawn only by where the runs stand: the same
    keyed facts as the PDF itself."""
    import html as html_lib

    import pdfplumber

    from corpus.report import build_report
    from tests.conftest import parsed_report

    source = REAL / "淮安市洪泽区人民政府_2024.pdf"
    pages = []
    with pdfplumber.open(source) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            runs = "".join(
                f'<div class="t" style="left:{w["x0"]:.2f}px;top:{w["top"]:.2f}px;font-size:{w["bottom"] - w["top"]:.2f}px">'
                f'{html_lib.escape(w["text"])}</div>' for w in page.extract_words(keep_blank_chars=False))
            pages.append(f'<div class="pf" data-page-no="{number:x}"><div class="pc">{runs}</div></div>')
    page = tmp_path / "converted.html"
    page.write_text('<html><head><meta charset="utf-8"><style>.t{position:absolute;white-space:pre}</style></head>'
                    f'<body><div id="page-container">{"".join(pages)}</div></body></html>', encoding="utf-8")
    want = {(f.key, f.value) for f in parsed_report(source).facts if f.key and f.value is not None}
    got = {(f.key, f.value) for f in build_report(read(page, page.read_bytes())).facts if f.key and f.value is not None}
    assert len(want) >= 150 and got == want, sorted(want ^ got)[:8]


def test_a_correction_notice_below_the_report_sets_its_cell_right(tmp_path):
    """A page whose table 三 printed one cell wrong and whose site appended a 更正说明 below the article
    (outside its body): that cell takes the corrected value, the notice kept with it; no other cell moves.
    A notice naming a cell that is not there, or with a wrong value that is not printed, changes nothing."""
    from lxml import html as lxml_html

    from corpus.report import build_report
    from tests.conftest import parsed_report

    source = REAL / "平潭综合实验区_2024.html"
    original = {f.key: f for f in parsed_report(source).facts if f.key}
    target = original["requests.result.disclosed.natural_person"]
    wrong = int(target.value) + 9
    root = lxml_html.fromstring(source.read_bytes())
    cell = next(td for tr in root.iter("tr") if "予以公开" in tr.text_content() and "部分" not in tr.text_content()
                for td in tr.iter("td") if td.text_content().strip() == target.raw)
    for child in list(cell):
        cell.remove(child)
    cell.text = str(wrong)

    def page_with(notice: str):
        body = root.find(".//body")
        page = tmp_path / "page.html"
        extra = lxml_html.fromstring(f'<div class="notice"><p>更正说明</p><p>{notice}</p></div>')
        body.append(extra)
        page.write_bytes(lxml_html.tostring(root, encoding="utf-8"))
        body.remove(extra)
        return {f.key: f for f in build_report(read(page, page.read_bytes())).facts if f.key}

    fixed = page_with(f"我区发布的2024年度报告中，“三、收到和处理政府信息公开申请情况”表格“（一）予以公开”一行“自然人”一栏"
                      f"误填为“{wrong}”，正确数据应为“{int(target.value)}”。现予以更正。")
    assert fixed[target.key].value == target.value and str(wrong) in fixed[target.key].corrected
    assert all(f.value == original[k].value for k, f in fixed.items() if k != target.key and k in original)
    elsewhere = page_with(f"“（一）予以公开”一行“法律服务机构”一栏误填为“{wrong}”，正确数据应为“{int(target.value)}”。现予以更正。")
    assert elsewhere[target.key].value == wrong and not elsewhere[target.key].corrected
