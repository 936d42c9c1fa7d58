"""corpus.text over the seed and every real .txt report: encodings, crawler pages, paragraphs,
flattened tables, run-together cells (split provably or unreadable, never wrong)."""
from __future__ import annotations

import re
from itertools import combinations
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corpus.errors import ReportError
from corpus.records import Line, RawTable
from corpus.runs import split_run
from corpus.text import read, split_paragraphs
from tests.conftest import REAL, SEED, real_files

SEED_FILE = SEED / "上海市人力资源和社会保障局_2011.txt"
TWINS = [p for p in real_files(".txt") if p.with_suffix(".html").exists()]


def _read(path: Path):
    return read(path, path.read_bytes())


def _tables(doc) -> list[RawTable]:
    return [b for b in doc.blocks if isinstance(b, RawTable)]


def _lines(doc) -> list[Line]:
    return [b for b in doc.blocks if isinstance(b, Line)]


def _row(table: RawTable, label: str) -> tuple:
    return next(r for r in table.grid if r[0] == label)


def _html_grids(path: Path) -> list[list[list[str]]]:
    """The data tables of an HTML twin, spans expanded by repeating the text (bs4 directly)."""
    grids = []
    for table in BeautifulSoup(path.read_bytes(), "lxml").find_all("table"):
        if table.find("table") or len(table.find_all("tr")) < 2:
            continue
        cells: dict[tuple[int, int], str] = {}
        for r, tr in enumerate(table.find_all("tr")):
            c = 0
            for td in tr.find_all(["td", "th"]):
                while (r, c) in cells:
                    c += 1
                text = re.sub(r"\s+", "", td.get_text())
                for i in range(int(td.get("rowspan") or 1)):
                    for j in range(int(td.get("colspan") or 1)):
                        cells[(r + i, c + j)] = text
                c += int(td.get("colspan") or 1)
        rows, cols = max(r for r, _ in cells) + 1, max(c for _, c in cells) + 1
        grids.append([[cells.get((r, c), "") for c in range(cols)] for r in range(rows)])
    return grids


# ---------------------------------------------------------------- the seed


def test_seed_tables_are_rebuilt():
    doc = _read(SEED_FILE)
    tables = _tables(doc)
    assert [t.caption for t in tables] == [
        "附表一 主动公开政府信息情况统计", "附表二 依申请公开政府信息情况统计", "附表三 咨询情况统计",
        "附表四 复议、诉讼情况统计表", "附表五 政府支出与收费情况统计"]
    assert all(len(row) == 3 for t in tables for row in t.grid)
    requests = tables[1]
    assert requests.grid[0] == ("指标", "单位", "数量")
    assert _row(requests, "受理申请总数") == ("受理申请总数", "条", "766")
    assert _row(requests, "依申请公开信息目录数") == ("依申请公开信息目录数", "条", "")  # blank, not 0
    assert _row(requests, "9.其他") == ("9.其他", "", "36")
    assert requests.where.line == 54
    # parts against their total, straight from the rebuilt grid
    parts = [int(_row(requests, label)[2]) for label in (
        "其中:1.当面申请数", "2.传真申请数", "3.电子邮件申请数", "4.网上申请数", "5.信函申请数",
        "6.其它形式申请数")]
    assert sum(parts) == 766
    assert _row(tables[4], "与诉讼有关的总费用") == ("与诉讼有关的总费用", "万元", "")
    assert not any(cell is None for t in tables for row in t.grid for cell in row)


def test_seed_text_lines_keep_their_line_numbers():
    lines = _lines(_read(SEED_FILE))
    raw = SEED_FILE.read_text(encoding="utf-8").splitlines()
    assert lines[0].text == raw[0] and lines[0].where.line == 1
    assert all(raw[line.where.line - 1].strip() == line.text for line in lines)


@pytest.mark.parametrize("encoding,name", [("gbk", "gbk"), ("gb18030", "gb18030"),
                                           ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16")])
def test_encodings_give_identical_blocks(tmp_path, encoding, name):
    text = SEED_FILE.read_text(encoding="utf-8")
    if encoding == "gb18030":
        text += "\n备注：𠀀字只在GB18030里有\n"  # a character GBK lacks forces GB18030
    reference = read(tmp_path / "ref.txt", text.encode("utf-8"))
    path = tmp_path / f"seed-{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    doc = _read(path)
    assert doc.encoding == name
    assert doc.blocks == reference.blocks


def test_binary_junk_and_empty_text(tmp_path):
    with pytest.raises(ReportError, match="binary"):
        read(tmp_path / "a.txt", b"PK\x03\x04\x00\x00junk")
    with pytest.raises(ReportError, match="empty"):
        read(tmp_path / "b.txt", "\n \n".encode("utf-8"))


def test_markdown_tables(tmp_path):
    md = "# 标题\n\n| 指标 | 单位 | 数量 |\n|---|---|---|\n| 受理申请总数 | 条 | 766 |\n| 目录数 | 条 |  |\n"
    doc = read(tmp_path / "r.md", md.encode("utf-8"))
    assert _tables(doc)[0].grid == (("指标", "单位", "数量"), ("受理申请总数", "条", "766"), ("目录数", "条", ""))


# ---------------------------------------------------------------- every real text report


@pytest.mark.parametrize("path", real_files(".txt"), ids=lambda p: p.name)
def test_real_text_report_reads(path):
    doc = _read(path)
    raw = path.read_text(encoding="utf-8")
    lines = _lines(doc)
    assert lines and doc.format == "txt" and doc.encoding == "utf-8"
    for line in lines:
        assert line.text and line.text == line.text.strip()
        assert not re.match(r"(标题|发布时间|发布机构|原文链接|本地目录)\s*[:：]", line.text)
        assert "==== 正文" not in line.text and "当前位置" not in line.text
        assert "QQ空间" not in line.text and "<!--" not in line.text
        # a heading right after a sentence end always starts its own paragraph
        assert not re.search(r"[。；！？]\s*(?:[一二三四五六七八九十]{1,2}、|（[一二三四五六七八九十]{1,2}）)", line.text)
    if raw.startswith("标题"):
        assert doc.title_hint == raw.splitlines()[0].split(":", 1)[1].strip()
    for table in _tables(doc):
        assert len({len(row) for row in table.grid}) == 1 and table.caption


def test_one_line_body_keeps_every_character():
    path = REAL / "平潭综合实验区地方税务局_2013.txt"  # prose only, body on one line
    doc = _read(path)
    body = path.read_text(encoding="utf-8").splitlines()[9]
    body = body[body.index("相关链接： -->") + len("相关链接： -->"):]
    body = re.sub(r"附件下载\s*$", "", body)
    assert re.sub(r"\s", "", "".join(line.text for line in _lines(doc))) == re.sub(r"\s", "", body)
    assert "一、概述" in [line.text for line in _lines(doc)]
    assert all(line.where.line == 10 for line in _lines(doc))


def test_headings_of_one_line_bodies_start_lines():
    doc = _read(REAL / "平潭综合实验区_2011.txt")
    texts = [line.text for line in _lines(doc)]
    for heading in ("一、 概述", "二、主动公开政府信息情况", "（一）主动公开政府信息的数量", "1.门户网站",
                    "二○一二年二月二十日", "附件1：平潭综合实验区管委会2011年政府信息公开情况统计表"):
        assert heading in texts
    assert texts[0].startswith("本报告主要根据")  # breadcrumb and share buttons are gone


def test_space_separated_old_table():
    table = _tables(_read(REAL / "平潭综合实验区_2011.txt"))[0]
    assert table.caption == "附件1：平潭综合实验区管委会2011年政府信息公开情况统计表"
    assert table.grid[0] == ("指标名称", "计量单位", "2011年度", "历年累计")
    assert table.grid[1] == ("主动公开信息数", "条", "425", "1516")
    assert table.grid[2] == ("其中：1.网站公开", "条", "418", "1509")
    assert len(table.grid) == 18


def test_old_run_together_cells_are_unreadable_unless_provable():
    table = _tables(_read(REAL / "平潭县人民政府_2011.txt"))[0]
    assert table.grid[1] == ("主动公开信息数", "条", None, None)  # '4251516': 425/1516? 42/51516?
    assert table.grid[3] == ("2.政府公报公开", "条", "7", "7")  # '77' has one reading
    assert table.grid[4] == ("受理依申请公开信息总数", "条", "0", "0")


def test_flattened_national_tables_have_the_html_shape():
    txt, html = REAL / "平潭综合实验区_2024.txt", REAL / "平潭综合实验区_2024.html"
    mine = _tables(_read(txt))
    theirs = _html_grids(html)
    assert [t.caption for t in mine] == ["二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                         "四、政府信息公开行政复议、行政诉讼情况"]
    assert len(mine) == len(theirs) == 3
    for table, grid in zip(mine, theirs):
        assert [[re.sub(r"\s", "", c) for c in row] for row in table.grid] == grid


def test_shanghai_2019_variant():
    proactive, requests, review = _tables(_read(REAL / "上海市人民政府办公厅_2019.txt"))
    assert proactive.grid[1] == ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")
    assert ("政府集中采购", "6", "251000元", "251000元") in proactive.grid
    assert ("行政事业性收费", "0", "0", "0") in proactive.grid
    assert requests.grid[3][3:] == ("821", "35", "", "", "2", "1", "859")
    assert requests.grid[2][3:] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    other = next(r for r in requests.grid if r[1] == "（六）其他处理")
    assert other[:3] == ("三、本年度办理结果", "（六）其他处理", "（六）其他处理")
    assert review.grid[3] == ("5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", "")


# ---------------------------------------------------------------- run-together cells


@pytest.mark.parametrize("txt", TWINS, ids=lambda p: p.name)
def test_run_together_cells_agree_with_the_html_twin_or_are_unreadable(txt):
    mine = _tables(_read(txt))
    theirs = _html_grids(txt.with_suffix(".html"))
    assert len(mine) == len(theirs)
    readable = 0
    for table, grid in zip(mine, theirs):
        for r, row in enumerate(table.grid):
            for c, cell in enumerate(row):
                if cell is not None:
                    assert re.sub(r"\s", "", cell) == grid[r][c], (txt.name, r, c)
                    readable += 1
    assert readable or not theirs  # a prose-only report has no tables in either format


def test_national_run_together_rows_are_proven():
    for name in ("平潭综合实验区_2019.txt", "平潭综合实验区_2020.txt", "平潭综合实验区_2022.txt",
                 "平潭综合实验区_2023.txt"):
        proactive, requests, review = _tables(_read(REAL / name))
        assert not any(c is None for row in requests.grid + review.grid for c in row), name
    proactive, requests, review = _tables(_read(REAL / "平潭综合实验区_2023.txt"))
    assert requests.grid[3][3:] == ("80", "1", "0", "0", "0", "0", "81")  # '801000081'
    assert review.grid[3] == tuple("110024001510102")
    assert ("规章", "0", "0", "0") in proactive.grid  # '000' has one reading
    assert ("行政规范性文件", None, None, None) in proactive.grid  # '77132470' has many
    assert ("行政许可", "2629", "2629", "2629") in proactive.grid  # one cell: the whole run


def test_split_run():
    assert split_run("801000081", 7, group=7) == [["80", "1", "0", "0", "0", "0", "81"]]
    assert split_run("200 000121", 7, group=7) == [["20", "0", "0", "0", "0", "1", "21"]]
    assert split_run("018", 2) == [["0", "18"]]
    assert len(split_run("4251516", 2)) > 1
    assert split_run("1000000", 7, group=7) == []  # 1 ≠ total 0: no reading adds up
    assert split_run("110024001510102", 15, group=5) == [list("110024001510102")]
    assert split_run("9" * 200, 7) == []


def _requests_text(rows: dict[str, list[int]], spaced: frozenset = frozenset()) -> str:
    """A requests table written as a crawler's page.txt writes it: all cells run together."""
    def run(label):
        return (" ".join if label in spaced else "".join)(str(v) for v in rows[label])
    out = ["三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
           "申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他"]
    for label in REQUEST_ROWS:
        out.append(label + run(label))
    out.append("四、政府信息公开行政复议、行政诉讼情况行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计"
               "未经复议直接起诉复议后起诉" + "结果维持结果纠正其他结果尚未审结总计" * 2 + "0" * 15 + " 五、其他")
    return "".join(out)


REQUEST_ROWS = ["一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量", "三、本年度办理结果（一）予以公开",
                "（二）部分公开", "（三）不予公开1.属于国家秘密", "2.其他法律行政法规禁止公开", "（四）无法提供1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作", "（五）不予处理1.信访举报投诉类申请", "（六）其他处理", "（七）总计",
                "四、结转下年度继续办理"]
RESULTS = REQUEST_ROWS[2:10]


def _grid_rows(doc) -> list[tuple]:
    requests = _tables(doc)[0]
    return [row[3:] for row in requests.grid[3:]]


def test_column_identity_settles_a_row_its_own_sum_cannot(tmp_path):
    rows = {label: [0] * 7 for label in REQUEST_ROWS}
    rows["三、本年度办理结果（一）予以公开"] = [21, 10, 100, 1, 0, 11, 143]  # 6 readings add up
    rows["（二）部分公开"] = [1, 0, 0, 0, 0, 0, 1]
    rows["（七）总计"] = rows["一、本年新收政府信息公开申请数量"] = [22, 10, 100, 1, 0, 11, 144]
    assert len(split_run("21101001011143", 7, group=7)) == 6
    text = _requests_text(rows, spaced=frozenset({"（七）总计", "一、本年新收政府信息公开申请数量"}))
    got = _grid_rows(read(tmp_path / "r.txt", text.encode("utf-8")))
    assert got[2] == ("21", "10", "100", "1", "0", "11", "143")
    assert got == [tuple(str(v) for v in rows[label]) for label in REQUEST_ROWS]


_COUNTS = st.integers(min_value=0, max_value=120)


@st.composite
def _requests_tables(draw):
    """A requests table whose rows add up and whose columns keep 一 + 二 = （七） + 四."""
    rows = {}
    for label in RESULTS:
        parts = draw(st.lists(_COUNTS, min_size=6, max_size=6))
        rows[label] = parts + [sum(parts)]
    total = [sum(rows[label][j] for label in RESULTS) for j in range(7)]
    forward = draw(st.lists(st.integers(0, 5), min_size=6, max_size=6))
    carried = [draw(st.integers(0, t + f)) for t, f in zip(total[:6], forward)]
    rows["（七）总计"] = total
    rows["四、结转下年度继续办理"] = forward + [sum(forward)]
    rows["二、上年结转政府信息公开申请数量"] = carried + [sum(carried)]
    new = [t + f - c for t, f, c in zip(total[:6], forward, carried)]
    rows["一、本年新收政府信息公开申请数量"] = new + [sum(new)]
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_requests_tables())
def test_run_together_requests_table_is_never_read_wrong(tmp_path, rows):
    got = _grid_rows(read(tmp_path / "r.txt", _requests_text(rows).encode("utf-8")))
    assert len(got) == len(REQUEST_ROWS)
    for label, cells in zip(REQUEST_ROWS, got):
        assert cells == tuple(str(v) for v in rows[label]) or cells == (None,) * 7


# ---------------------------------------------------------------- property tests


_LABEL_CHARS = st.characters(whitelist_categories=("Lo",), max_codepoint=0x9FFF, min_codepoint=0x4E00)
_LABELS = st.text(_LABEL_CHARS, min_size=1, max_size=12).filter(lambda s: "第" not in s)
_VALUES = st.one_of(st.just(""), st.integers(0, 10**9).map(str),
                    st.decimals(0, 10**6, places=2, allow_nan=False, allow_infinity=False).map(str))


@st.composite
def _flat_tables(draw):
    width = draw(st.integers(2, 8))
    header = draw(st.lists(_LABELS, min_size=width, max_size=width))
    body = draw(st.lists(st.tuples(_LABELS, st.lists(_VALUES, min_size=width - 1, max_size=width - 1)),
                         min_size=1, max_size=12))
    return (tuple(header),) + tuple((label, *values) for label, values in body)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_flat_tables())
def test_flattened_table_round_trip(tmp_path, grid):
    text = "附表 测试统计\n" + "".join(f"{cell} |\n" if cell else "|\n" for row in grid for cell in row)
    tables = _tables(read(tmp_path / "t.txt", text.encode("utf-8")))
    assert len(tables) == 1
    assert tables[0].grid == grid
    assert tables[0].caption == "附表 测试统计"


_JUNK = st.lists(st.one_of(
    st.sampled_from(list("0123456789 .、|（）()一二三四五六七八九十第条项元%-\n\t本年度计总申请人情况自然人")),
    st.sampled_from(["申请人情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
                     "二、主动公开政府信息情况", "第二十条第（一）项", "指标名称计量单位2011年度历年累计", "行政复议行政诉讼",
                     "标题: x\n==== 正文 ====\n", "当前位置：", "相关链接： -->", "（七）总计", "信息内容"])),
    max_size=120).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(_JUNK)
def test_junk_never_crashes_the_reader(tmp_path, text):
    try:
        doc = read(tmp_path / "j.txt", text.encode("utf-8"))
    except ReportError as err:
        assert "\n" not in str(err)
        return
    for block in doc.blocks:
        if isinstance(block, RawTable):
            assert len({len(row) for row in block.grid}) <= 1


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_junk_bytes_never_crash_the_reader(data):
    try:
        read(Path("b.txt"), data)
    except ReportError:
        pass


@given(st.text(max_size=400))
@settings(max_examples=200, deadline=None)
def test_paragraph_split_keeps_every_character(text):
    assert re.sub(r"\s", "", "".join(split_paragraphs(text))) == re.sub(r"\s", "", text)


def _all_splits(run: str, k: int) -> list[list[str]]:
    """Brute force: every split of each chunk into well-formed numbers, k cells in all."""
    out: list[list[str]] = []

    def chunk_splits(chunk: str):
        for n in range(1, len(chunk) + 1):
            for cuts in combinations(range(1, len(chunk)), n - 1):
                bounds = [0, *cuts, len(chunk)]
                pieces = [chunk[a:b] for a, b in zip(bounds, bounds[1:])]
                if all(p == "0" or not p.startswith("0") for p in pieces):
                    yield pieces

    def walk(chunks: list[str], parts: list[str]) -> None:
        if not chunks:
            if len(parts) == k:
                out.append(parts)
            return
        for pieces in chunk_splits(chunks[0]):
            walk(chunks[1:], parts + pieces)

    walk(run.split(), [])
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(2, 7).flatmap(lambda k: st.tuples(
    st.just(k), st.text(st.sampled_from("0011123456789 "), min_size=k, max_size=k + 7))))
def test_split_run_against_brute_force(case):
    k, run = case
    expected = sorted(s for s in _all_splits(run, k) if sum(map(int, s[:-1])) == int(s[-1]))
    got = sorted(split_run(run, k, group=k))
    assert got == expected or (len(got) > 64 and len(expected) > 64)
    assert sorted(split_run(run, k)) == sorted(_all_splits(run, k)) or len(_all_splits(run, k)) > 64


def test_an_old_table_one_cell_a_line_without_marks_reads_like_the_marked_one(tmp_path):
    """The seed's statistics table copied as a WeChat article or a web page's text gives it: one
    cell a line with no `|`, a blank line between rows, an emoji after the caption."""
    from corpus.report import build_report
    from tests.conftest import SEED, parsed_report

    seed = SEED / "上海市人力资源和社会保障局_2011.txt"
    lines = []
    for line in seed.read_text(encoding="utf-8").splitlines():
        cell = line.rstrip()
        if cell.endswith("|"):
            cell = cell[:-1].rstrip() or "—"  # an empty cell shows as a dash
            lines += [cell, ""]
        else:
            lines.append(line + (" 👇" if "统计表" in line else ""))
    copied = tmp_path / "上海市人社局2011年报（公众号文章）.txt"
    copied.write_text("\n".join(lines), encoding="utf-8")
    expected = {(f.row[-1], f.value) for f in parsed_report(seed).facts if f.value is not None}
    got = {(f.row[-1], f.value) for f in build_report(read(copied, copied.read_bytes())).facts if f.value is not None}
    assert len(got) >= 30 and got == expected


@pytest.mark.parametrize("name", ["平潭综合实验区市场监督管理局_2025.html", "平潭综合实验区_2024.html",
                                  "平潭综合实验区_2019.html"])
def test_tables_copied_from_a_web_page_with_tabs_read_like_the_page(tmp_path, name):
    """A page's text as a browser copies it: a row a line, its cells apart by tabs (a cell spanning
    rows only in its first row, a row of one cell without a tab), full-width digits, 〇 for some
    zeros: the same facts as the page."""
    source = REAL / name
    text = _page_with_tables_as_text(source, "\t")
    wide = str.maketrans("0123456789", "０１２３４５６７８９")

    def copied_row(line: str) -> str:  # full-width digits, every other 0 cell written 〇
        cells = line.translate(wide).split("\t")
        return "\t".join("〇" if c == "０" and i % 2 else c for i, c in enumerate(cells))

    text = "\n".join(copied_row(line) if "\t" in line else line for line in text.splitlines())
    assert "\t" in text and "〇" in text
    _reads_like_the_page(tmp_path / "copied.txt", text, source)


def _page_with_tables_as_text(source, between: str, empty: str = "") -> str:
    """A real page's text with each table written a row a line, its cells joined by ``between``."""
    soup = BeautifulSoup(source.read_bytes(), "lxml")
    for table in soup.find_all("table"):
        if table.find("table"):
            continue
        rows = [between.join(re.sub(r"\s+", "", td.get_text()) or empty for td in tr.find_all(["td", "th"]))
                for tr in table.find_all("tr")]
        table.replace_with("\n" + "\n".join(rows) + "\n")
    return "\n".join(line.strip() for line in soup.get_text().splitlines() if line.strip())


def _reads_like_the_page(path, text: str, source) -> None:
    """``text`` saved as ``path`` and read gives the keyed facts of the real page ``source``."""
    from corpus.report import build_report
    from tests.conftest import parsed_report

    path.write_text(text, encoding="utf-8")
    want = {(f.key, f.value) for f in parsed_report(source).facts if f.key and f.value is not None}
    got = {(f.key, f.value) for f in build_report(read(path, path.read_bytes())).facts
           if f.key and f.value is not None}
    assert len(want) >= 150 and got == want, sorted(want ^ got)[:10]


@pytest.mark.parametrize("joiner, column_first", [("，", False), ("-", False), (" / ", True)])
def test_tables_a_cell_a_line_with_their_row_and_column_in_words(tmp_path, joiner, column_first):
    """"一、本年新收政府信息公开申请数量，法人或其他组织，商业企业：4" (or "…-商业企业：4"): every cell of the
    three tables on a line of its own, its row's labels and then its column's (or, as a tool that walks
    the header first writes them, "申请人情况 / 法人或其他组织 / 商业企业 / 一、本年新收…：4"). Read back, the
    figures are the HTML report's own, each under its key."""
    from corpus.report import build_report
    from tests.conftest import REAL, parsed_report

    source = parsed_report(REAL / "平潭综合实验区_2024.html")
    lines = ["平潭综合实验区2024年政府信息公开工作年度报告", "一、总体情况", "2024年，本区依法做好政府信息公开工作。"]
    headings = {"proactive": "二、主动公开政府信息情况", "requests": "三、收到和处理政府信息公开申请情况",
                "review": "四、政府信息公开行政复议、行政诉讼情况"}
    wanted = {}
    for table in ("proactive", "requests", "review"):
        lines.append(headings[table])
        for fact in source.facts:
            if fact.key and fact.key.startswith(table + ".") and fact.value is not None and fact.key.count(".") >= 2:
                path = [p for p in ((*fact.column, *fact.row) if column_first and table == "requests"
                                    else (*fact.row, *fact.column)) if p]
                lines.append(joiner.join(path) + f"：{fact.raw}")
                wanted[fact.key] = fact.value
    lines.append("五、存在的主要问题及改进情况")
    path = tmp_path / "report.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    read_back = {f.key: f.value for f in build_report(read(path, path.read_bytes())).facts if f.key}
    assert len(wanted) > 150 and {k: read_back.get(k) for k in wanted} == wanted


@pytest.mark.parametrize("name", ["平潭综合实验区市场监督管理局_2025.html", "平潭综合实验区_2024.html",
                                  "平潭综合实验区_2019.html"])
def test_tables_with_cells_apart_by_bars_and_no_markdown_rule_read_like_the_page(tmp_path, name):
    """A page's tables written as plain text with " | " between cells, no outer bars and no Markdown
    rule line (a cell spanning rows only in its first row): the same facts as the page."""
    text = _page_with_tables_as_text(REAL / name, " | ", empty="—")
    assert " | " in text and "---" not in text
    _reads_like_the_page(tmp_path / "nianbao.txt", text, REAL / name)


def _boxed(rows: list[list[str]], widths: list[int]) -> list[str]:
    """A table drawn with box characters as a Chinese editor draws it: every box character and every
    Chinese character two columns wide, cells padded with full-width spaces, figures to the right."""
    def rule(left: str, mid: str, right: str) -> str:
        return left + mid.join("─" * w for w in widths) + right

    def cell(text: str, w: int) -> str:
        if text.isdigit() or " " in text:  # figures right-aligned, a half-width space for an odd column
            pad = 2 * w - len(text)
            return "　" * (pad // 2) + " " * (pad % 2) + text
        return text + "　" * (w - len(text))

    out = [rule("┌", "┬", "┐")]
    for k, row in enumerate(rows):
        out.append("│" + "│".join(cell(t, w) for t, w in zip(row, widths)) + "│")
        out.append(rule("├", "┼", "┤") if k < len(rows) - 1 else rule("└", "┴", "┘"))
    return out


def test_a_gbk_text_with_tables_drawn_in_wide_box_characters(tmp_path):
    """A GBK text whose tables are drawn with box characters as wide as Chinese ones (CRLF lines): not
    mojibake; the table's figures read under their columns, and a figure printed broken ("27 6") is
    unreadable, not blank."""
    from corpus.files import load_document
    from corpus.report import build_report

    table = _boxed([["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "0", "0", "0"],
                    ["行政规范性文件", "3", "1", "35"]], [8, 6, 6, 6])
    items = _boxed([["信息内容", "本年处理决定数量"], ["行政许可", "27 6"]], [8, 8])
    more = _boxed([["信息内容", "本年处理决定数量"], ["行政处罚", "41"], ["行政强制", "2"]], [8, 8])
    prose = "本机关严格落实政府信息公开条例的各项要求，依法做好主动公开和依申请公开工作，及时回应社会关切。"
    text = "\r\n".join(["某市自然资源局2023年政府信息公开工作年度报告", "一、总体情况", prose * 3,
                       "二、主动公开政府信息情况", "第二十条第（一）项", *table, "第二十条第（五）项", *items,
                       "第二十条第（六）项", *more, "三、收到和处理政府信息公开申请情况", prose]) + "\r\n"
    path = tmp_path / "年报.txt"
    path.write_bytes(text.encode("gbk"))
    report = build_report(load_document(path))
    facts = {f.key: f for f in report.facts if f.key}
    assert report.agency == "某市自然资源局"
    assert facts["proactive.normative_documents.in_force"].value == 35
    assert facts["proactive.penalty.decisions"].value == 41
    licensing = facts["proactive.licensing.decisions"]
    assert licensing.unreadable and not licensing.blank


def test_lines_of_many_separated_words_are_read_in_one_pass(tmp_path):
    """A header row of bar-separated words (and dash-separated ones) is no "row-column：figure" line; reading
    it never tries every way of splitting it (a report of such rows took minutes)."""
    header = " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 6)
    dashes = " - ".join(["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] * 4) + "：说明"
    path = tmp_path / "report.txt"
    path.write_text("\n".join(["某县人民政府2023年政府信息公开工作年度报告", "四、政府信息公开行政复议、行政诉讼情况",
                               *[header] * 50, *[dashes] * 50, "五、存在的主要问题及改进情况"]) + "\n", encoding="utf-8")
    from corpus.layout import path_tables

    lines = [(n, t) for n, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)]
    assert path_tables(lines) == []
    assert read(path, path.read_bytes()).blocks


def test_review_rows_written_as_sentences_with_counting_words_are_the_review_table(tmp_path):
    """"行政复议：结果维持1件，…，总计2件。" a line per kind of case: table 四, each figure under its own column;
    the sentences of table 二 ("第二十条第（一）项：规章本年制发0件，…") stay prose figures."""
    from corpus import read_report

    made = tmp_path / "某区某局_2022.txt"
    made.write_text("\n".join([
        "某区某局2022年政府信息公开工作年度报告", "一、总体情况", "本局认真落实政府信息公开工作。",
        "二、主动公开政府信息情况", "第二十条第（五）项：行政许可本年处理决定数量276件。",
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议：结果维持1件，结果纠正0件，其他结果1件，尚未审结0件，总计2件。",
        "行政诉讼（未经复议直接起诉）：结果维持1件，结果纠正0件，其他结果0件，尚未审结0件，总计1件。",
        "行政诉讼（复议后起诉）：结果维持0件，结果纠正0件，其他结果0件，尚未审结3件，总计3件。",
        "五、存在的主要问题及改进情况", "无。"]), encoding="utf-8")
    report = read_report(made)
    facts = {f.key: f.value for f in report.facts if f.key and not f.unreadable}
    assert facts["review.reconsideration.total"] == 2 and facts["review.reconsideration.other"] == 1
    assert facts["review.litigation_direct.upheld"] == 1 and facts["review.litigation_after_review.pending"] == 3
    assert any(f.value == 276 for f in report.figures)


def test_cells_led_to_their_figures_by_dots_are_the_tables(tmp_path):
    """"规章·本年制发件数……………2", "一、本年新收…（法人或其他组织·商业企业）…………4": a cell a line, the label
    led to its figure by dots, the column said after · or in the last brackets."""
    from corpus import read_report

    original = read_report(REAL / "平潭综合实验区_2024.html")
    cells = [f for f in original.facts if f.key and not f.unreadable and f.key.startswith(("requests.", "proactive."))]
    lines_of = [""]
    lines = [original.title, "一、总体情况", "本区认真落实政府信息公开工作。"]
    for f in cells:
        if f.key.split(".")[0] != lines_of[-1]:  # each table under its section's heading
            lines.append("二、主动公开政府信息情况" if f.key.startswith("proactive.") else "三、收到和处理政府信息公开申请情况")
        lines_of.append(f.key.split(".")[0])
        row = "".join(dict.fromkeys(f.row))
        column = "·".join(c for c in dict.fromkeys(f.column) if c not in ("申请人情况", "信息内容"))
        label = f"{row}（{column}）" if f.key.startswith("requests.") else f"{row}·{column}"
        lines.append(label + "…" * max(3, 40 - len(label)) + (f.raw or f"{f.value:g}"))  # as printed
    made = tmp_path / "dots.txt"
    made.write_text("\n".join(lines), encoding="utf-8")
    got = {f.key: f.value for f in read_report(made).facts if f.key and not f.unreadable}
    want = {f.key: f.value for f in cells}
    assert len(want) > 150 and {k: got.get(k) for k in want} == want


@pytest.mark.parametrize("name", ["平潭综合实验区_2024.html", "平潭综合实验区市场监督管理局_2025.html"])
def test_tables_copied_out_of_a_spreadsheet_as_csv_read_like_the_page(tmp_path, name):
    """A page's tables as a spreadsheet saves them as CSV, pasted into the text: a row a line, cells apart
    by commas (quoted where they hold one), a merged cell written once and the fields it covered left
    empty: the same facts as the page."""
    import csv
    import io

    source = REAL / name
    soup = BeautifulSoup(source.read_bytes(), "lxml")
    for table in soup.find_all("table"):
        if table.find("table"):
            continue
        grid: dict = {}
        for r, tr in enumerate(table.find_all("tr")):
            c = 0
            for td in tr.find_all(["td", "th"]):
                while (r, c) in grid:
                    c += 1
                rs, cs = int(td.get("rowspan") or 1), int(td.get("colspan") or 1)
                for i in range(rs):
                    for j in range(cs):
                        grid[(r + i, c + j)] = re.sub(r"\s+", "", td.get_text()) if (i, j) == (0, 0) else ""
                c += cs
        height, width = max(r for r, _ in grid) + 1, max(c for _, c in grid) + 1
        out = io.StringIO()
        csv.writer(out, lineterminator="\n").writerows([[grid.get((r, c), "") for c in range(width)]
                                                        for r in range(height)])
        table.replace_with("\n" + out.getvalue() + "\n")
    text = "\n".join(line.strip() for line in soup.get_text().splitlines() if line.strip())
    assert text.count(",") > 100
    _reads_like_the_page(tmp_path / "pasted.txt", text, source)
