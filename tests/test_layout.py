"""Tables in pdftotext output (with and without -layout) read through the template fitter.

Real output of ``pdftotext`` on the real PDFs, and the HTML reports' tables rendered in the same
aligned style (seeded column gaps, long labels wrapped): every cell of the original is read with
the same value under the same key, or marked unreadable; never a different value.
"""
from __future__ import annotations

import random
import shutil
import subprocess
from pathlib import Path

import pytest

from corpus.files import load_document
from corpus.layout import layout_tables
from corpus.records import RawTable
from corpus.report import build_report
from tests.conftest import REAL, parsed_report, real_files
from tests.variant_scores import score

PDFS = real_files(".pdf")
HTMLS = real_files(".html")


def _read(path: Path):
    return build_report(load_document(path))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("mode", ["-layout", "plain"])
@pytest.mark.parametrize("pdf", PDFS, ids=[p.stem for p in PDFS])
def test_pdftotext_output_reads_as_the_pdf(pdf, mode, tmp_path):
    out = tmp_path / f"{pdf.stem}.txt"
    subprocess.run(["pdftotext", *([mode] if mode != "plain" else []), str(pdf), str(out)], check=True)
    result = score(mode, out, pdf, parsed_report(pdf), _read)
    assert result.read, result.error
    assert not result.wrong, result.wrong[:5]
    assert result.cells and result.missing <= result.cells // 10  # read, or marked unreadable
    assert result.recovered >= 10
    # the text around the tables is hard-wrapped: its prose figures are still read
    assert result.figures_recovered >= result.figures * 0.6, (result.figures_recovered, result.figures)
    if mode == "-layout":  # columns kept: every cell proven (measured 572 of 572)
        assert result.recovered == result.cells


def _aligned(grid, rng: random.Random) -> list[str]:
    """A grid as pdftotext -layout writes it: cells apart by runs of spaces, long labels wrapped."""
    lines = []
    for row in grid:
        cells = [c or "" for c in row]
        label, rest = cells[0], cells[1:]
        head, tail = (label[:10], label[10:]) if len(label) > 14 and rng.random() < 0.5 else (label, "")
        lines.append(head + "".join(" " * rng.randint(2, 7) + c for c in rest))
        if tail:
            lines.append(" " * rng.randint(0, 6) + tail)
        if rng.random() < 0.3:
            lines.append("")
    return lines


def _render(html: Path, seed: int) -> str:
    rng = random.Random(seed)
    out: list[str] = []
    for block in load_document(html).blocks:
        if isinstance(block, RawTable):
            out += _aligned(block.grid, rng)
        else:
            out.append(block.text)
    return "\n".join(out) + "\n"


@pytest.mark.parametrize("html", HTMLS, ids=[p.stem for p in HTMLS])
def test_aligned_rendering_of_html_tables_never_gives_a_different_value(html, tmp_path):
    out = tmp_path / f"{html.stem}.txt"
    out.write_text(_render(html, 8), encoding="utf-8")
    result = score("aligned", out, html, parsed_report(html), _read)
    assert result.read, result.error
    assert not result.wrong, result.wrong[:5]
    if result.cells >= 30:  # the national tables and the old statistics tables (指标/单位/数量)
        assert result.recovered >= result.cells * 0.75, result


def test_plain_run_of_figures_is_cut_into_rows_of_the_tables_width():
    lines = ["三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量"] + ["1"] * 7 + \
        ["二、上年结转政府信息公开申请数量"] + ["0"] * 14 + ["五、存在的主要问题"]
    (start, end, table), = layout_tables(list(enumerate(lines)))
    assert (start, end) == (1, len(lines) - 1)
    assert [len([c for c in r if c and c.isdigit()]) for r in table.grid] == [7, 7, 7]


def test_page_footer_inside_a_table_is_not_a_figure():
    lines = ["二、主动公开政府信息情况", "信息内容   本年制发件数   本年废止件数   现行有效件数",
             "规章        1        0        11", "                 -3-", "行政规范性文件    8    26    66"]
    (_, _, table), = layout_tables(list(enumerate(lines)))
    assert not any("3" == c or "-3-" == c for r in table.grid for c in r)


def test_prose_between_the_heading_and_table_two_stays_prose():
    lines = ["二、主动公开政府信息情况", "(一)主动公开政府信息的数量",
             "2021年制作、获取政府信息总数436条，其中主动公开政府信息92条，依申请公开信息数287条，不予公开信息数57条，"
             "主动公开率达到较高水平。", "第二十条第（一）项", "信息内容        本年制发件数  本年废止件数  现行有效件数",
             "规章            0             0             0", "行政规范性文件  3             5             27",
             "第二十条第（八）项", "信息内容        本年收费金额（单位：万元）", "行政事业性收费  25873.52",
             "三、收到和处理政府信息公开申请情况"]
    (start, end, table), = layout_tables(list(enumerate(lines)))
    assert start == 3 and end == len(lines) - 1
    assert any(r[0].endswith("行政事业性收费") and "25873.52" in r for r in table.grid)
    assert not any("436" in r or "92" in r for r in table.grid)


def test_a_row_whose_label_and_figures_stand_one_space_apart():
    lines = ["三、收到和处理政府信息公开申请情况",
             "     一、本年新收政府信息公开申请数量       2 0 0 0 0 0 2",
             "      （二）部分公开（区分处理的，只计这一情 0 0 0 0 0 0 0",
             "三、本年 法提供",  # the vertical label 三、本年度办理结果 cut among the labels: no new section
             "                （七）总计       2 0 0 0 0 0 2", "四、政府信息公开行政复议、行政诉讼情况"]
    (start, end, table), = layout_tables(list(enumerate(lines)))
    assert end == len(lines) - 1
    assert [r[-7:] for r in table.grid] == [("2", "0", "0", "0", "0", "0", "2"), ("0",) * 7, ("2", "0", "0", "0", "0", "0", "2")]


def test_prose_after_table_two_under_its_own_sub_heading_stays_prose():
    lines = ["二、主动公开政府信息情况", "第二十条第（八）项", "信息内容            本年收费金额（单位：万元）",
             " 行政事业性收费              18651.06", "   (二)主动公开政府信息的主要类别",
             "   2023年，在主动公开的61条政府信息中，全文电子化的主动", "公开信息数共61条，其中:减税降费5条；财政资金直达基层12条。",
             "三、收到和处理政府信息公开申请情况"]
    (start, end, table), = layout_tables(list(enumerate(lines)))[:1]
    assert end == 4 and not any("61" in r or "12" in r for r in table.grid)


def _at_columns(cells: list[tuple[int, str]]) -> str:
    """A line with each text starting at a display column (a CJK character is two columns wide)."""
    import unicodedata

    out, width = "", 0
    for column, text in cells:
        out += " " * max(1, column - width) if out else " " * column
        out += text
        width = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in out)
    return out


def test_a_layout_table_that_leaves_zeros_blank_places_each_figure_under_its_header():
    from corpus.fitting import fit_table

    heads = [(84, "自然人"), (96, "商业企业"), (106, "科研机构"), (116, "社会公益组织"), (130, "法律服务机构"),
             (144, "其他"), (150, "总计")]
    lines = ["三、收到和处理政府信息公开申请情况", _at_columns(heads),
             _at_columns([(0, "一、本年新收政府信息公开申请数量"), (84, "821"), (96, "35"), (130, "2"), (144, "1"), (150, "859")]),
             _at_columns([(0, "二、上年结转政府信息公开申请数量"), (84, "18"), (150, "18")]),
             "四、政府信息公开行政复议、行政诉讼情况",
             _at_columns([(0, "行政复议"), (46, "行政诉讼")]),
             _at_columns([(0, "结果维持"), (10, "结果纠正"), (20, "其他结果"), (30, "尚未审结"), (40, "总计"),
                       (46, "未经复议直接起诉"), (102, "复议后起诉")]),
             _at_columns([(46, "结果维持"), (64, "结果纠正"), (74, "其他结果"), (84, "尚未审结"), (94, "总计"),
                       (100, "结果维持"), (112, "结果纠正"), (122, "其他结果"), (132, "尚未审结"), (142, "总计")]),
             _at_columns([(0, "5"), (30, "2"), (40, "7"), (46, "8"), (84, "1"), (94, "9")]), "五、存在的主要问题"]
    tables = layout_tables(list(enumerate(lines)))
    requests, review = (t for _, _, t in tables)
    assert requests.grid[0][-7:] == ("821", "35", "", "", "2", "1", "859")
    assert requests.grid[1][-7:] == ("18", "", "", "", "", "", "18")
    assert review.grid[-1][-15:] == ("5", "", "", "2", "7", "8", "", "", "1", "9", "", "", "", "", "")
    fit = fit_table(review.grid, "四、政府信息公开行政复议、行政诉讼情况")
    assert fit is not None and fit.proven == 15


def test_an_old_table_copied_with_tabs_keeps_its_blank_cells_in_place():
    lines = ["指标名称\t计量单位\t2011年度\t历年累计", "受理依申请公开信息总数\t条\t0\t0", "5.信函申请数\t条\t0\t",
             "行政复议数\t条\t0\t", "行政诉讼数\t条\t0\t0", "（四）存在的主要问题"]
    (_, _, table), = layout_tables(list(enumerate(lines)))
    rows = {r[0]: r for r in table.grid}
    assert rows["5.信函申请数"][2:] == ("0", "") and rows["行政诉讼数"][2:] == ("0", "0")


def test_a_one_row_table_copied_one_cell_a_line():
    from corpus.layout import cell_line_tables

    lines = ["六、其他需要报告的事项", "通知收取件数", "通知收取金额", "（元）", "实际收取金额", "（元）",
             "信息处理费收取情况", "1", "800", "0", "根据《条例》及相关规定，我局依申请提供政府信息。"]
    (start, end, table), = cell_line_tables(list(enumerate(lines)))
    assert table.grid == (("", "通知收取件数", "通知收取金额（元）", "实际收取金额（元）"), ("信息处理费收取情况", "1", "800", "0"))
    assert (start, end) == (1, 10)
    # a wrapped header's pieces (件数) do not head a table
    wrapped = ["信息内容", "本年制发", "件数", "本年废止", "件数", "现行有效", "件数", "规范性文件", "1", "1", "73"]
    assert cell_line_tables(list(enumerate(wrapped))) == []


def test_a_web_page_table_copied_with_tabs_keeps_its_blank_and_dashed_cells():
    """Table 二 as a browser copies it: a row of one cell without a tab, a blank cell as a trailing
    tab, a dash for a row not applicable, full-width digits and 〇."""
    from corpus.fitting import fit_table
    from corpus.layout import tab_tables

    text = ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容\t本年制发件数\t本年废止件数\t现行有效件数",
            "规章\t0\t0\t0", "行政规范性文件\t７\t３\t５２", "第二十条第（五）项", "信息内容\t本年处理决定数量",
            "行政许可\t/", "第二十条第（六）项", "信息内容\t本年处理决定数量", "行政处罚\t３８９", "行政强制\t",
            "第二十条第（八）项", "信息内容\t本年收费金额（单位：万元）", "行政事业性收费\t〇", "三、收到和处理政府信息公开申请情况"]
    found = tab_tables(list(enumerate(text)))
    assert [(start, end) for start, end, _ in found] == [(1, 15)]
    fit = fit_table(found[0][2].grid, "二、主动公开政府信息情况", 2024)
    rows = {row[0]: row[1] for row in fit.grid}
    assert (rows["行政规范性文件"], rows["行政许可"], rows["行政处罚"], rows["行政强制"], rows["行政事业性收费"]) \
        == ("７", "/", "３８９", "", "〇")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_an_ocr_tools_text_with_look_alike_letters_for_digits_reads_as_the_pdf(tmp_path):
    """An OCR tool's text of the report writes some 0s as O and 1s as l ("5O", "l", "O"): read as
    figures, the tables give the PDF's facts."""
    import re

    pdf = PDFS[0]
    out = tmp_path / "ocr.txt"
    subprocess.run(["pdftotext", "-layout", str(pdf), str(out)], check=True)
    lines, swapped = [], 0
    for k, line in enumerate(out.read_text(encoding="utf-8").splitlines()):
        if re.search(r"\d\s{2,}\d", line):  # a table row: every other figure's 0 and 1 misread
            line = re.sub(r"(?<=\s)(\d+)(?=\s|$)", lambda m: m.group(1).replace("0", "O").replace("1", "l")
                          if (m.start() + k) % 2 else m.group(1), line)
            swapped += line.count("O") + line.count("l")
        lines.append(line)
    assert swapped >= 20
    out.write_text("\n".join(lines), encoding="utf-8")
    want = {f.key: f.value for f in parsed_report(pdf).facts if f.key and f.value is not None}
    got = {f.key: f.value for f in _read(out).facts if f.key and f.value is not None}
    assert not {k for k, v in got.items() if k in want and want[k] != v}  # never a different figure
    assert len(want) >= 150 and sum(1 for k in want if k in got) >= 0.95 * len(want), sorted(set(want) - set(got))[:6]


def _plain_figure(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0")


def _plain_pdftotext(report) -> str:
    """A report's tables as plain pdftotext writes a page printed by a browser: table 二's labels in one
    place and each one-figure item's figures after its heading and column name; table 三's rows as a
    label and its seven figures one space apart, some on the line after the label, one split over two
    lines with its last three figures first, the vertical label 三、本年度办理结果 a character a line;
    table 四 as its header words then its fifteen figures on one line."""
    keyed = {f.key: f.value for f in report.facts if f.key}
    fig = lambda key: _plain_figure(keyed[key])  # noqa: E731
    out = ["二、主动公开政府信息情况", "信息内容", "第二十条第（一）项", "本年制发件数", "本年废止件数", "-3-", "现行有效件数",
           "规章", "行政规范性文件", "信息内容", "行政许可", "信息内容", "行政处罚", "行政强制", "信息内容", "行政事业性收费",
           "第二十条第（五）项", "本年处理决定数量", fig("proactive.licensing.decisions"),
           "第二十条第（六）项", "本年处理决定数量", fig("proactive.penalty.decisions"), fig("proactive.enforcement.decisions"),
           "第二十条第（八）项", "本年收费金额（单位：万元）", _plain_figure(round(keyed["proactive.fees.amount"] / 10000, 2)),
           "三、收到和处理政府信息公开申请情况", "申请人情况", "法人或其他组织", "自然 商业 科研 社会 法律 其 总计"]
    columns = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org", "total")
    vertical = iter("三、本年度办理结果")
    rows = [(key.rpartition(".")[0], label) for key, label in (
        ("requests.new_received.total", "一、本年新收政府信息公开申请数量"),
        ("requests.carried_over.total", "二、上年结转政府信息公开申请数量"),
        ("requests.result.disclosed.total", "（一）予以公开"),
        ("requests.result.partly_disclosed.total", "（二）部分公开（区分处理的，只计这一"),
        ("requests.result.withheld.state_secret.total", "1.属于国家秘密"),
        ("requests.result.withheld.other_law.total", "2.其他法律行政法规禁止公开"),
        ("requests.result.withheld.security_stability.total", "3.危及“三安全一稳定”"),
        ("requests.result.withheld.third_party.total", "4.保护第三方合法权益"))]
    for n, (row, label) in enumerate(rows):
        figures = [fig(f"{row}.{c}") for c in columns]
        if n >= 2:
            out.append(next(vertical))
        if n % 3 == 0:
            out.append(f"{label} {' '.join(figures)}")
        elif n == 4:
            out += [label, " ".join(figures[4:]), " ".join(figures[:4])]
        else:
            out += [label, " ".join(figures)]
    out += ["5.属于三类内部事务信息 1 0", "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "行政诉讼",
            "结果 结果 其他 尚未 总 结果 未经复议直接起诉", "维持 纠正 结果 审结 计 维持 结果",
            " ".join(fig(f"review.{g}.{c}") for g in ("reconsideration", "litigation_direct", "litigation_after_review")
                     for c in ("upheld", "corrected", "other", "pending", "total"))]
    return "\n".join(out) + "\n"


def test_plain_pdftotext_of_a_printed_page_gives_its_rows_or_unreadable(tmp_path):
    original = parsed_report(REAL / "平潭综合实验区_2024.html")
    path = tmp_path / "平潭综合实验区2024年政府信息公开工作年度报告.txt"
    path.write_text("平潭综合实验区2024年政府信息公开工作年度报告\n" + _plain_pdftotext(original), encoding="utf-8")
    report = _read(path)
    want = {f.key: f.value for f in original.facts if f.key}
    got = {f.key: f.value for f in report.facts if f.key and not f.unreadable and not f.blank}
    assert not {k: (v, want.get(k)) for k, v in got.items() if want.get(k) != v}  # never a different figure
    for key in ("proactive.licensing.decisions", "proactive.penalty.decisions", "proactive.enforcement.decisions",
                "requests.new_received.total", "requests.carried_over.natural_person", "requests.result.disclosed.total",
                "requests.result.withheld.state_secret.total", "requests.result.withheld.third_party.total",
                "review.reconsideration.total", "review.litigation_after_review.total"):
        assert got.get(key) == want[key], key


def test_plain_pdftotext_item_one_figures_after_its_column_names_are_its_two_rows_in_turn(tmp_path):
    # a browser print read without -layout: 规章 and 规范性文件's labels stand apart from their six figures
    text = ["某某市人民政府2024年政府信息公开工作年度报告", "二、主动公开政府信息情况", "信息内容", "规章", "行政规范性文件",
            "信息内容", "行政许可", "第二十条第（一）项", "本年制发件数", "本年废止件数", "现行有效件数",
            "1", "0", "11", "9", "26", "67", "第二十条第（五）项", "本年处理决定数量", "446913", "三、收到和处理政府信息公开申请情况"]
    path = tmp_path / "plain.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    got = {f.key: f.value for f in _read(path).facts if f.key}
    assert got["proactive.rules.in_force"] == 11 and got["proactive.normative_documents.issued"] == 9
    assert got["proactive.normative_documents.in_force"] == 67 and got["proactive.licensing.decisions"] == 446913
    # five figures are no two rows of three: nothing placed
    path.write_text("\n".join(t for t in text if t != "67") + "\n", encoding="utf-8")
    got = {f.key: f.value for f in _read(path).facts if f.key}
    assert got.get("proactive.normative_documents.in_force") is None


def test_an_ocr_tools_table_two_with_a_spaced_item_mark_and_one_space_before_each_figure(tmp_path):
    # "第二十条 第（五）项" with a space, "行政许可 4523l6" one space apart, an l for a 1
    text = ["某某市人民政府2024年政府信息公开工作年度报告", "二、主动公开政府信息情况", "第二十条 第（一）项",
            "信息内容 本年制发件数 本年废止件数 现行有效件数", "规章 1 0 11", "行政规范性文件 9 26 67", "第二十条 第（五）项",
            "信息内容 本年处理决定数量", "行政许可 4523l6", "第二十条 第（六）项", "信息内容 本年处理决定数量",
            "行政处罚 3981204", "行政强制 88283", "三、收到和处理政府信息公开申请情况"]
    path = tmp_path / "ocr.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    got = {f.key: f.value for f in _read(path).facts if f.key}
    assert got["proactive.licensing.decisions"] == 452316 and got["proactive.penalty.decisions"] == 3981204
    assert got["proactive.enforcement.decisions"] == 88283 and got["proactive.normative_documents.in_force"] == 67


def test_an_old_tables_row_with_a_blank_cell_keeps_its_place_and_its_column():
    # pdftotext -layout of an old appendix table: a blank cell leaves its row one figure short; the figure
    # stands under the column it belongs to (where the full rows put theirs), not the first one
    text = "\n".join([
        "       指标名称           计量单位 2012年度 历年累计",
        "       主动公开信息数        条    2026   3542",
        "       其中：1.网站公开      条    1795   3304",
        "       2.政府公报公开       条           7",
        "       受理依申请公开信息总数 条       24     24",
        "       4.网上申请数        条    0",
        "       行政复议数          条    0      0",
    ])
    lines = list(enumerate(text.splitlines(), 1))
    (_, _, table), = layout_tables(lines)
    rows = {r[0]: r[1:] for r in table.grid}
    assert rows["2.政府公报公开"][-2:] in (("", "7"), (None, "7"))
    assert rows["4.网上申请数"][-2:] in (("0", ""), ("0", None))
    assert rows["主动公开信息数"][-2:] == ("2026", "3542")


def test_a_small_table_set_out_with_spaces_after_the_national_tables_is_read(tmp_path):
    # section 六's fees table as pdftotext -layout writes it: a header of three words, one row of three figures
    text = ["某某市市场监督管理局2025年政府信息公开工作年度报告", "   六、其他需要报告的事项",
            "                通知收取件数     通知收取金额（元）     实际收取金额（元）",
            "  信息处理费收取情况        1           800           0",
            "  根据《条例》及相关规定，我局依申请提供政府信息，不向申请人收取任何费用。"]
    path = tmp_path / "fees.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    got = {(f.row[-1], f.column[-1]): f.value for f in _read(path).facts}
    assert got[("信息处理费收取情况", "通知收取金额（元）")] == 800
    assert got[("信息处理费收取情况", "实际收取金额（元）")] == 0 and got[("信息处理费收取情况", "通知收取件数")] == 1
    # a figure short of the header's words is no row of it: nothing read
    path.write_text("\n".join(text).replace("800           0", "800") + "\n", encoding="utf-8")
    assert not [f for f in _read(path).facts if f.row and f.row[-1] == "信息处理费收取情况"]


def test_a_row_name_alone_before_the_next_item_is_a_blank_row_not_a_wrapped_label(tmp_path):
    # table 二 set out with spaces: 行政强制 left blank, then the next item; its name is not the start of
    # the fees row's label, and the fees row keeps its figure
    text = ["某某市财政局2024年度政府信息公开工作年度报告", "二、主动公开政府信息情况",
            "第二十条第（一）项", "信息内容        本年制发件数  本年废止件数  现行有效件数",
            "规章            ０            ０            ０", "行政规范性文件  １            ３            ４",
            "第二十条第（五）项", "信息内容        本年处理决定数量", "行政许可        ０",
            "第二十条第（六）项", "信息内容        本年处理决定数量", "行政处罚        ２", "行政强制",
            "第二十条第（八）项", "信息内容        本年收费金额（单位：万元）", "行政事业性收费  １２７８４.３５",
            "三、收到和处理政府信息公开申请情况"]
    path = tmp_path / "spaced.txt"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    facts = {f.key: f for f in _read(path).facts if f.key}
    assert facts["proactive.fees.amount"].value == 127843500 and facts["proactive.penalty.decisions"].value == 2
    assert facts["proactive.enforcement.decisions"].value is None and facts["proactive.enforcement.decisions"].blank


def test_a_table_two_row_left_empty_one_cell_a_line_is_blank_and_the_rows_after_it_keep_their_figures(tmp_path):
    """Table 二 copied one cell a line, the 行政许可 cell left empty (its line blank) and no 规章 row at
    all: 行政许可 and 规章 are blank (not reported), and 行政处罚 keeps its own figure."""
    cells = ["二、主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年制发件数", "本年废止件数", "现行有效件数",
             "规范性文件", "2", "1", "64", "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "",
             "第二十条第（六）项", "信息内容", "本年处理决定数量", "行政处罚", "214", "行政强制", "35",
             "第二十条第（八）项", "信息内容", "本年收费金额（单位：万元）", "行政事业性收费", "0",
             "三、收到和处理政府信息公开申请情况"]
    path = tmp_path / "某市场监督管理局2025年度政府信息公开工作年度报告.txt"
    path.write_text("某市市场监督管理局2025年度政府信息公开工作年度报告\n" + "\n".join(cells) + "\n", encoding="utf-8")
    facts = {f.key: f for f in _read(path).facts if f.key and f.key.startswith("proactive.")}
    assert facts["proactive.penalty.decisions"].value == 214 and facts["proactive.enforcement.decisions"].value == 35
    assert facts["proactive.normative_documents.in_force"].value == 64
    for key in ("proactive.licensing.decisions", "proactive.rules.issued"):
        assert facts[key].blank and not facts[key].unreadable, key


@pytest.mark.parametrize("mark", ["【{n}】", "〔{n}〕", "第{n}部分 "])
def test_sections_numbered_in_brackets_or_as_parts_frame_the_national_tables(tmp_path, mark):
    """A WeChat article's 【二】 / 〔二〕 or a 第二部分 heading over a table copied one cell a line:
    the heading starts the table's section as 二、 does, and the heading is a section of the report."""
    cells = [mark.format(n="二") + "主动公开政府信息情况", "第二十条第（一）项", "信息内容", "本年制发件数",
             "本年废止件数", "现行有效件数", "规章", "0", "0", "0", "行政规范性文件", "3", "2", "29",
             "第二十条第（五）项", "信息内容", "本年处理决定数量", "行政许可", "412",
             mark.format(n="三") + "收到和处理政府信息公开申请情况", "总之申请办结了。"]
    path = tmp_path / "report.txt"
    path.write_text("某市某局2023年政府信息公开工作年度报告\n" + "\n".join(cells) + "\n", encoding="utf-8")
    report = _read(path)
    facts = {f.key: f.value for f in report.facts if f.key}
    assert facts["proactive.licensing.decisions"] == 412 and facts["proactive.normative_documents.in_force"] == 29
    assert any(s.path[-1].startswith(mark.format(n="三").strip()) for s in report.sections)


def test_the_review_row_proven_by_its_totals_among_another_tables_columns(tmp_path):
    # plain pdftotext: table 四's header words out of order, table 三's last columns (after a page break) in
    # its region, then the fifteen figures on one line, each group's four results making its 总计
    path = tmp_path / "某市人民政府2023年政府信息公开工作年度报告.txt"
    path.write_text("\n".join([
        "某市人民政府2023年政府信息公开工作年度报告", "一、总体情况", "全年收到申请2746件。",
        "四、政府信息公开行政复议、行政诉讼情况", "行政复议", "", "行政诉讼", "", "-4-", "",
        "5 2857", "0 43", "3 1245", "0 420", "",
        "复议后起诉", "结果 结果 其他 尚未 总 结果 未经复议直接起诉", "其他 尚未 总 结果 结果 其他 尚未 总",
        "维持 纠正 结果 审结 计 维持 结果", "纠正 结果 审结 计 维持 纠正 结果 审结 计",
        "65 58 163 41 327 11 3 9 2 25 15 2 1 4 22", "", "五、存在的主要问题及改进情况", "无。"]), encoding="utf-8")
    facts = {f.key: f.value for f in build_report(load_document(path)).facts if f.key}
    assert facts["review.reconsideration.total"] == 327 and facts["review.reconsideration.corrected"] == 58
    assert facts["review.litigation_direct.total"] == 25 and facts["review.litigation_after_review.total"] == 22


def test_rows_of_bare_figures_under_a_line_naming_the_columns(tmp_path):
    path = tmp_path / "某市人民政府2023年政府信息公开工作年度报告.txt"
    rows = ["一、本年新收政府信息公开申请数量：92，3，0，0，1，0，96", "二、上年结转政府信息公开申请数量：0，0，0，0，0，0，0",
            "三、本年度办理结果", "（一）予以公开：29，1，0，0，0，0，30",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）：20，1，0，0，0，0，21"]
    path.write_text("\n".join([
        "某市人民政府2023年政府信息公开工作年度报告", "一、总体情况", "全年收到申请96件。",
        "二、主动公开政府信息情况", "第二十条第（一）项", "信息内容：本年制发件数，本年废止件数，现行有效件数",
        "规章：0，0，0", "行政规范性文件：28，46，193", "第二十条第（五）项", "信息内容：本年处理决定数量", "行政许可：3418",
        "第二十条第（八）项", "信息内容：本年收费金额（单位：万元）", "行政事业性收费：4372.56",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况：自然人，法人或其他组织（商业企业，科研机构，社会公益组织，法律服务机构，其他），总计", *rows,
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议（结果维持，结果纠正，其他结果，尚未审结，总计）：2，1，1，0，4",
        "行政诉讼·未经复议直接起诉（结果维持，结果纠正，其他结果，尚未审结，总计）：3，0，1，1，5",
        "行政诉讼·复议后起诉（结果维持，结果纠正，其他结果，尚未审结，总计）：1，1，0，0，2",
        "五、存在的主要问题及改进情况", "无。"]), encoding="utf-8")
    facts = {f.key: f.value for f in build_report(load_document(path)).facts if f.key}
    assert facts["requests.new_received.total"] == 96 and facts["requests.new_received.legal_services"] == 1
    assert facts["requests.result.partly_disclosed.total"] == 21
    assert facts["review.litigation_direct.pending"] == 1 and facts["review.litigation_after_review.total"] == 2
    assert facts["proactive.normative_documents.repealed"] == 46 and facts["proactive.licensing.decisions"] == 3418
    assert facts["proactive.fees.amount"] == 43725600


def test_a_copied_post_with_marked_headings_and_bullet_cells(tmp_path):
    path = tmp_path / "某区2025年度政府信息公开工作年度报告.txt"
    path.write_text("\n".join([
        "某区2025年度政府信息公开工作年度报告", "🌟 一、总体情况", "▲ 全年共收到申请124件。",
        "📊 二、主动公开政府信息情况", "▲ 第二十条第（一）项", "规章", "· 本年制发件数：0", "· 本年废止件数：0",
        "· 现行有效件数：0", "行政规范性文件", "· 本年制发件数：23", "· 本年废止件数：17", "· 现行有效件数：204",
        "▲ 第二十条第（五）项", "行政许可", "· 本年处理决定数量：1936",
        "📋 三、收到和处理政府信息公开申请情况", "一、本年新收政府信息公开申请数量",
        "· 自然人：118", "· 商业企业：5", "· 科研机构：0", "· 社会公益组织：0", "· 法律服务机构：0", "· 其他：1", "· 总计：124",
        "💡 五、存在的主要问题及改进情况", "无。"]), encoding="utf-8")
    report = build_report(load_document(path))
    assert {"二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况"} <= {s.path[0] for s in report.sections if s.path}
    facts = {f.key: f.value for f in report.facts if f.key}
    assert facts["proactive.licensing.decisions"] == 1936 and facts["proactive.normative_documents.repealed"] == 17
