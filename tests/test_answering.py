"""Answering over real reports: each operation, each status, English questions, blank cells and
a report that contradicts itself. The reports are parsed from ../shared (once per session) into
an in-memory collection with the interface of ``index.collection.Collection``."""
from __future__ import annotations

import json

import pytest

from qa.answering import answer, ask
from tests.conftest import REAL, SEED, parsed_report

FILES = (SEED / "上海市人力资源和社会保障局_2011.txt", REAL / "平潭综合实验区_2023.html",
         REAL / "平潭综合实验区_2024.html", REAL / "淮安市人民政府_2024.pdf",
         REAL / "淮安市洪泽区人民政府_2023.pdf", REAL / "淮安市洪泽区人民政府_2024.pdf",
         REAL / "上海市人民政府办公厅_2019.txt", REAL / "平潭综合实验区财政金融局_2024.html",
         REAL / "平潭综合实验区_2012.html", REAL / "平潭综合实验区社会事业局_2024.html",
         REAL / "平潭综合实验区_2019.html", REAL / "平潭综合实验区_2022.html",
         REAL / "平潭综合实验区市场监督管理局_2025.html", REAL / "平潭综合实验区农业农村局_2023.html",
         REAL / "平潭综合实验区综合执法与应急管理局_2023.html")


class MemoryCollection:
    """The reading side of ``index.collection.Collection`` over parsed reports."""

    def __init__(self, reports) -> None:
        self._reports = {r.id: r for r in reports}

    def reports(self):
        return list(self._reports.values())

    def report(self, report_id):
        return self._reports[report_id]

    def agencies(self):
        return sorted({r.agency for r in self._reports.values()})

    def agency_years(self):
        return {a: sorted({r.year for r in self._reports.values() if r.agency == a and r.year}) for a in self.agencies()}

    def reports_of(self, agencies=None, years=None):
        return sorted((r for r in self._reports.values() if (not agencies or r.agency in agencies)
                       and (not years or r.year in years)), key=lambda r: (r.agency, r.year or 0))

    def report_info(self, report_id):
        return self._reports[report_id]

    def search(self, query, k=5, *, agency=None, year=None, report_id=None):
        raise RuntimeError("no search index in this test")


@pytest.fixture(scope="module")
def col():
    return MemoryCollection([parsed_report(p) for p in FILES])


@pytest.fixture(scope="module")
def pingtan_2024():
    """平潭综合实验区's own 2024 report and those of its departments (one of which received no request)."""
    return MemoryCollection([parsed_report(p) for p in sorted(REAL.glob("平潭综合实验区*_2024.html"))])


def ans(col, q, **kw):
    return answer(q, col, **kw)

def one_text_report(tmp_path, title: str, *paragraphs: str) -> MemoryCollection:
    """A collection of one text report: its title, a first section, the paragraphs given."""
    path = tmp_path / f"{title}.txt"
    path.write_text("\n".join([title, "一、总体情况", *paragraphs]) + "\n", encoding="utf-8")
    return MemoryCollection([parsed_report(path)])



# ---------------------------------------------------------------- lookups


def test_old_appendix_row_by_its_own_words(col):
    a = ans(col, "上海市人社局2011年电子邮件申请数是多少？")
    assert (a.status, a.value) == ("answered", 13)
    assert a.source.kind == "table" and "电子邮件申请数" in a.source.row
    assert a.report.agency == "上海市人力资源和社会保障局" and a.report.year == 2011
    assert a.answer.startswith("上海市人力资源和社会保障局2011年")


def test_national_key_and_colloquial_words(col):
    assert ans(col, "平潭综合实验区2024年本年新收政府信息公开申请数量是多少？").value == 218
    assert ans(col, "平潭综合实验区2024年行政规范性文件本年制发件数？").value == 62
    assert ans(col, "平潭综合实验区2023年打了多少场官司？").value == 7  # 5 direct + 2 after review


def test_column_named_by_the_question(col):
    assert ans(col, "淮安市2024年自然人提出的申请有多少？").value == 3001
    assert ans(col, "淮安市2024年行政复议结果纠正多少件？").value == 64
    # the requester columns in English, as correspondents name them
    assert ans(col, "How many requests did legal service organisations file with Huai'an city in 2024?").value == 61
    share = ans(col, "What share of Huai'an city's new requests in 2024 came from legal service organisations such as law firms?")
    assert share.value == pytest.approx(61 / 3119 * 100)
    assert ans(col, "How many requests did Huai'an city receive from businesses in 2024?").value == 53


def test_money_in_base_units(col):
    a = ans(col, "平潭综合实验区2024年行政事业性收费金额是多少？")
    assert (a.value, a.unit) == (186510600, "元")
    assert "18,651.06万元" in a.answer  # thousands grouped (qa.amounts)


def test_prose_figure_when_no_table_holds_it(col):
    a = ans(col, "上海市人社局2011年局网站群浏览量累计多少次？")
    assert (a.status, a.value, a.source.kind) == ("answered", 1161000000, "text")
    assert "11.61亿次" in a.source.quote


def test_a_list_the_report_counts_with_one_figure(col):
    # asked as a sum of three things, stated as one figure of the three: that figure, not "nothing"
    a = ans(col, "上海人社局2011年组织新闻发布会、通气会及现场采访一共多少场次？")
    assert (a.status, a.value, a.source.kind) == ("answered", 47, "text")
    # asked as a list with no sum word: the one figure that says all three, not three "not found"
    a = ans(col, "上海市人力资源和社会保障局2011年组织了多少场次新闻发布会、通气会及现场采访？")
    assert (a.status, a.value) == ("answered", 47)
    # the topics the events were about are no addends
    a = ans(col, "淮安市人民政府2024年围绕就业、营商环境、科技创新这些主题，一共开了多少场新闻发布会？")
    assert (a.status, a.value) == ("answered", 12)


def test_cumulative_column_only_when_asked(col):
    assert ans(col, "平潭综合实验区2012年主动公开信息数是多少条？").value == 739
    assert ans(col, "平潭综合实验区2012年历年累计主动公开信息数？").value == 4359


def test_evidence_states_the_figure_highlighted(col):
    a = ans(col, "上海市人社局2011年传真申请有多少件？")
    assert a.value == 3
    assert any("【3件】" in e.text for e in a.evidence)
    assert "正文也写明" in a.answer


def test_checks_of_the_figure_are_listed(col):
    a = ans(col, "上海市人社局2011年受理申请总数？")
    assert a.value == 766
    assert any(c.ok and "受理申请总数" in c.name for c in a.checks)


# ---------------------------------------------------------------- English, short forms, pinyin


@pytest.mark.parametrize("question, value", [
    ("How many information disclosure requests did the Shanghai human resources bureau receive by fax in 2011?", 3),
    ("How many administrative reconsideration cases found the Shanghai human resources bureau at fault in 2011?", 8),
    ("How many lawsuits over information disclosure did the Pingtan Comprehensive Experimental Zone face in 2024?", 19),
    ("How many information disclosure requests did Huai'an receive in 2024?", 3119),
    ("How many administrative penalty decisions did Hongze district make in 2024?", 2776),
    ("How many normative documents did Huai'an repeal in 2024?", 26),
    ("How many reconsideration cases against Huai'an were still pending at the end of 2024?", 37),
])
def test_english_questions(col, question, value):
    a = ans(col, question)
    assert (a.status, a.value) == ("answered", value)
    assert a.answer.startswith("In the ")  # the sentence is in the question's language


def test_agency_short_forms(col):
    assert ans(col, "洪泽区2024年本年新收政府信息公开申请数量？").report.agency == "淮安市洪泽区人民政府"
    assert ans(col, "淮安市2024年本年新收政府信息公开申请数量？").report.agency == "淮安市人民政府"
    assert ans(col, "平潭财政局2024年行政事业性收费金额？").report.agency == "平潭综合实验区财政金融局"


# ---------------------------------------------------------------- operations


def test_total_the_table_does_not_print(col):
    a = ans(col, "平潭综合实验区2024年政府信息公开行政诉讼有多少件？")
    assert (a.value, a.source.kind) == (19, "computed")
    assert a.source.quote == "0 + 19 = 19"
    assert [i.value for i in a.inputs] == [0, 19]
    assert ans(col, "淮安市2024年不予公开的申请一共多少件？").value == 178


def test_ratio_with_named_denominator(col):
    a = ans(col, "上海市人社局2011年同意公开的申请占答复总数的比例是多少？")
    assert a.unit == "%" and a.value == pytest.approx(55.74, abs=0.01)
    assert a.source.quote.startswith("427 ÷ 766")
    assert len(a.inputs) == 2
    assert any("56%" in e.text for e in a.evidence)  # the report's own rounded share


def test_ratio_with_default_denominator_in_english(col):
    a = ans(col, "What share of requests did Huai'an disclose in full in 2024?")
    assert a.value == pytest.approx(1362 / 3050 * 100, abs=0.001)


def test_change_between_years(col):
    a = ans(col, "平潭综合实验区2024年行政诉讼比2023年增加了多少件？")
    assert a.value == 12 and a.source.kind == "computed"
    assert {i.report.year for i in a.inputs} == {2023, 2024}
    p = ans(col, "洪泽区2024年收到的政府信息公开申请比2023年增长了百分之多少？")
    assert p.unit == "%" and p.value == pytest.approx((95 - 21) / 21 * 100)


def test_comparison_and_ranking_across_agencies(col):
    a = ans(col, "2024年淮安市和洪泽区哪个收到的政府信息公开申请更多？")
    assert a.value == 3119 and "淮安市人民政府" in a.answer
    r = ans(col, "2024年哪个单位的行政复议最多？")
    assert r.value == 351 and r.candidates[0]["report"]["agency"] == "淮安市人民政府"


def test_sum_of_metrics_and_across_years(col):
    assert ans(col, "淮安市2024年行政复议和行政诉讼一共多少件？").value == 351 + 46
    a = ans(col, "洪泽区2023年至2024年共收到多少政府信息公开申请？")
    assert a.value == 21 + 95 and len(a.inputs) == 2


# ---------------------------------------------------------------- statuses


def test_blank_cell_is_not_reported(col):
    a = ans(col, "上海市人社局2011年收取的检索费是多少？")
    assert a.status == "not_reported" and a.value is None
    assert a.source is not None and "检索费" in a.source.row


def test_a_sum_with_a_blank_addend_is_not_reported(col):
    # 检索费 is left blank, 复制费 is 64.4: the two together are not known, and never 64.4
    a = ans(col, "上海市人社局2011年检索费和复制费加起来是多少元？")
    assert a.status == "not_reported" and a.value is None and "检索费" in a.source.row


@pytest.mark.parametrize("question, value", [
    ("淮安市人民政府2024年新收的3119件申请里，不是自然人提的有几件？", 3119 - 3001),
    ("平潭综合实验区2024年办结的政府信息公开申请，除了“予以公开”以外的还有多少件？", 218 - 71),
    # the table's 答复 in 条 and the prose's 同意公开427件: the parts read in the whole's unit
    ("上海市人社局2011年答复的申请里，既不是“同意公开”、也不是“同意部分公开”的，一共多少件？", 766 - 427 - 44),
    # the rest named outright in brackets: that figure, not the whole less the part named
    ("淮安市人民政府2024年新收申请里，除了自然人，其余申请人（各类法人或其他组织）一共多少件？", 3119 - 3001),
])
def test_what_is_not_something_is_the_whole_less_it(col, question, value):
    a = ans(col, question)
    assert (a.status, a.value) == ("answered", value)


def test_by_what_percentage_one_figure_exceeds_another(col):
    a = ans(col, "平潭综合实验区2024年行政规范性文件现行有效件数比本年制发件数多百分之多少？")
    assert (a.status, a.unit) == ("answered", "%") and a.value == pytest.approx((440 - 62) / 62 * 100)
    assert ans(col, "平潭综合实验区2024年行政规范性文件现行有效件数比本年制发件数多多少？").value == 440 - 62


def test_two_agencies_apart_by_how_much_with_no_way_said(col):
    a = ans(col, "2024年淮安市政府和洪泽区政府，新收申请差多少件？")
    b = ans(col, "2024年洪泽区政府和淮安市政府，新收申请差多少件？")
    assert a.status == b.status == "answered" and a.value == b.value > 0


def test_the_printed_total_asked_after_a_part_stated_or_as_its_cell():
    # "结果维持是1件，总计写的几件": the part stated is the asker's, the total cell is asked
    col = col_of("平潭综合实验区行政审批局_2024.html", "平潭综合实验区农业农村局_2023.html")
    a = ans(col, "平潭行政审批局2024年行政复议那一行，结果维持是1件，总计写的几件？")
    assert (a.status, a.value) == ("answered", 0)
    b = ans(col, "平潭农业农村局2023年“本年新收”那一行的总计格写的是多少？勾稽关系对不对？")
    assert (b.status, b.value) == ("answered", 0)


def test_a_share_of_all_of_a_whole_stated_before():
    # "制作、获取的政府信息一共397条，主动公开的占全部的比例": the whole stated is the denominator (a rate of
    # some other thing the prose prints, 公开率100%, is not the share asked)
    col = col_of("平潭综合实验区财政金融局_2024.html")
    a = ans(col, "平潭财政金融局2024年制作、获取的政府信息一共397条，主动公开的占全部的比例是多少？")
    assert (a.status, a.unit) == ("answered", "%") and a.value == pytest.approx(61 / 397 * 100)


def test_a_gap_whose_two_sides_read_as_one_figure_is_not_answered(col):
    a = ans(col, "平潭综合实验区2015年主动公开的2949条信息里，除了“其他应主动公开的信息”，其余各类加起来多少条？")
    assert a.status != "answered" or a.value == 2949 - 1831, a.answer


@pytest.mark.parametrize("question, value", [
    # a denominator spelt as a difference: reconsiderations decided (总计 − 尚未审结)
    ("淮安市人民政府2024年政府信息公开行政复议的纠错率是多少？（纠错率=结果纠正÷（复议总计−尚未审结））", 64 / (351 - 37) * 100),
    # the row said before the formula is said of each term (行政规范性文件, not 规章)
    ("平潭综合实验区2023年行政规范性文件的“清理强度”是多少？（清理强度=第二十条第（一）项 本年废止件数÷现行有效件数）", 132 / 470 * 100),
    # a total named by its heading alone, over two rows added
    ("上海市人民政府办公厅2019年依申请公开的当年办结率是多少？（办结率=（七）总计÷（一、本年新收+二、上年结转））", 805 / (859 + 18) * 100),
])
def test_a_rate_the_question_defines(col, question, value):
    a = ans(col, question)
    assert a.status == "answered" and a.value == pytest.approx(value, abs=0.001)


@pytest.mark.parametrize("question, value", [
    # "占“A+B”之和": a denominator said as a sum after 占
    ("平潭综合实验区2024年：予以公开的申请，占“本年新收+上年结转”之和的百分比是多少？", 71 / (218 + 0) * 100),
    # "用表三…除以…": which table and the verb name nothing
    ("平潭综合实验区2024年：用表三“（一）予以公开”的总计除以“本年新收政府信息公开申请数量”的总计，再乘以100，得多少%？", 71 / 218 * 100),
])
def test_a_share_spelt_out_in_words(col, question, value):
    a = ans(col, question)
    assert a.status == "answered" and a.value == pytest.approx(value, abs=0.001)


@pytest.mark.parametrize("question, value", [
    # the most specific rate said wins: partial-disclosure rate is not the disclosure rate
    ("淮安市人民政府2024年的部分公开率是多少？", 454 / 3050 * 100),
    ("What was the denial rate of the Huai'an city government in 2024?", 178 / 3050 * 100),
    ("淮安市人民政府2024年的公开率是多少？", (1362 + 454) / 3050 * 100),
])
def test_the_rate_named_most_precisely(col, question, value):
    a = ans(col, question)
    assert a.status == "answered" and a.value == pytest.approx(value, abs=0.001)


def test_recalled_claim_and_a_result_not_upheld(col):
    # "不是说一共三十六起嘛": a claim recalled, not a negation
    a = ans(col, "淮安市人民政府2024年因为信息公开申请行政复议的，不是说一共三百多起嘛，这里面结果是纠正的有几起啊？")
    assert (a.status, a.value) == ("answered", 64)
    a = ans(col, "淮安市洪泽区人民政府2024年的政府信息公开行政复议里，结果没被维持的有几件？")
    assert (a.status, a.value) == ("answered", 1)


@pytest.mark.parametrize("question, value", [
    ("淮安市人民政府2024年的年报里，最后落到“不予公开”这一类的申请一共有多少件？", 178),
    ("Huai'an municipal government, 2024: how large was the carry-over into the following year?", 103),
    # the check asked after the figure ("…是一回事吗") names no figure
    ("平潭综合实验区2012年主动公开了多少条政府信息？正文和后面的统计表说的是一回事吗？", 739),
    # "（不是公报里那个数）": what the figure is not, no metric
    ("上海市政府办公厅2019年在“中国上海”门户网站上发的政策解读有多少件？（不是公报里那个数）", 132),
])
def test_words_around_a_plain_lookup(col, question, value):
    a = ans(col, question)
    assert (a.status, a.value) == ("answered", value)


def test_a_sum_over_departments_counts_in_the_unit_asked():
    # "微信公众号41个，共发布信息3404条": "一年一共发了多少条" asks the 条, not the 个
    one = MemoryCollection([parsed_report(REAL / "平潭综合实验区_2018.html")])
    a = answer("平潭2018年各部门开的那些微信公众号，一年一共发了多少条？", one)
    assert (a.status, a.value, a.unit) == ("answered", 3404, "条")


@pytest.mark.parametrize("question, value", [
    # a denominator said as a sum
    ("平潭综合实验区2022年予以公开的件数，以“本年新收加上年结转”为分母，比例是多少？", 21 / (74 + 1) * 100),
    # the figure said back to be checked (也是393吗) names nothing: the table's figure, the prose's beside it
    ("平潭综合实验区2023年的报告正文说现行有效行政规范性文件393件，表里的现行有效件数也是393吗？", 470),
    # two agencies compared, 比较一下…多出几件
    ("比较一下2024年洪泽区和平潭综合实验区的行政处罚决定数量，哪个多、多出几件？", 2776 - 1100),
    # where the template puts it, in English
    ("Pingtan finance bureau (财政金融局), 2024: administrative fee revenue reported under Article 20(8)?", 186510641.04),
])
def test_asked_with_a_check_a_sum_below_or_a_place_in_the_template(col, question, value):
    a = ans(col, question)
    assert a.status == "answered" and a.value == pytest.approx(value, abs=0.01)


def test_a_time_asked_is_never_a_count(col):
    # "平均用了几个工作日": the reports give no time; a count of requests is no answer to it
    a = ans(col, "平潭综合实验区2024年答复政府信息公开申请平均用了几个工作日？")
    assert a.status != "answered"


@pytest.mark.parametrize("question, value", [
    ("Across all eight grounds for withholding, how many requests did the Huai'an city government refuse to "
     "disclose (buyu gongkai) in 2024?", 178),
    ("上海市政府办公厅2019年年报正文称“因本机关不掌握等原因无法提供265件”。按表三“（四）无法提供”三个小项、所有申请人类型合计，"
     "应该是多少件？", 265 + 47 + 25),
])
def test_withheld_and_not_provided_said_other_ways(col, question, value):
    a = ans(col, question)
    assert (a.status, a.value) == ("answered", value)


def test_a_part_of_a_stated_whole_and_a_column_set_aside(col):
    # "…办结的58件申请里，通过信函提交的": the part asked, the whole only its head noun
    jb = MemoryCollection([parsed_report(REAL / "平潭综合实验区交通与建设局_2024.html")])
    a = answer("我们平潭综合实验区交通与建设局去年（2024年）依法办结的58件申请里，通过信函提交的有多少件？", jb)
    assert (a.status, a.value) == ("answered", 44)
    # "除了自然人那一栏，商业企业那一栏的…": the column set aside is not asked (its blank cell is the answer)
    a = ans(col, "上海市人民政府办公厅2019年的申请办理结果里，除了自然人那一栏，商业企业那一栏的“部分公开”是几件？")
    assert a.status == "not_reported" and "商业企业" in a.source.column


def test_the_cumulative_column_when_asked_of_a_layout_table(tmp_path):
    # an old statistics table as pdftotext -layout writes it: "历年累计" asks that column, not the year's
    text = "\n".join([
        "某某县人民政府2011年政府信息公开工作年度报告", "一、概述", "本县认真贯彻《条例》。",
        "附件：某某县人民政府2011年政府信息公开情况统计表",
        "     指标名称           计量单位 2011年度 历年累计",
        "     主动公开信息数        条    425    1516",
        "     其中：1.网站公开      条    411    1502",
        "     2.政府公报公开       条    14     14",
        "     受理依申请公开信息总数 条       0      0",
        "     其中：1.当面申请数     条    0      0",
        "     2.传真申请数        条    0      0",
        "     3.电子邮件申请数      条    0      0",
        "     4.网上申请数        条    0      0",
        "     5.信函申请数        条    0      0",
        "     对申请的答复数        条    0      0",
        "     其中：1.同意公开答复数 条      0      0",
        "     2.同意部分公开答复数 条       0      0",
        "     3.否决公开答复数      条    0      0",
        "     行政复议数          条    0      0",
        "     行政诉讼数          条    0      0"])
    path = tmp_path / "某某县人民政府_2011.txt"
    path.write_text(text, encoding="utf-8")
    report = parsed_report(path)
    one = MemoryCollection([report])
    assert answer("某某县2011年网站公开信息历年累计有多少条？", one).value == 1502
    assert answer("某某县2011年网站公开信息有多少条？", one).value == 411
    # the column itself decides, not only the words around the table (a page whose header words stand in
    # every cell's context gave the year's cell the better precision and the wrong answer)
    from qa.metrics import Matcher, report_candidates
    from qa.question import understand

    matcher = Matcher(understand("某某县2011年网站公开信息历年累计有多少条？", [report.agency]).parts[0])
    fit = {c.fact.column[-1]: matcher.fit(c).score for c in report_candidates(report)
           if c.fact is not None and "网站" in "".join(c.fact.row)}
    assert fit["历年累计"] - fit["2011年度"] >= 0.4


def test_besides_one_thing_another_is_no_complement(col):
    # "除了12333之外还提到962218…": one more thing named, not a whole less 12333
    a = ans(col, "上海市人力资源和社会保障局2011年除了12333之外还提到962218医保咨询热线，这条热线全年接听市民来电多少个？")
    assert (a.status, a.value) == ("answered", 3790000)


def test_not_found_without_a_report(col):
    assert ans(col, "上海市人社局2013年受理了多少件政府信息公开申请？").status == "not_found"
    assert ans(col, "北京市2024年行政复议多少件？").status == "not_found"
    assert ans(col, "平潭综合实验区卫健局2024年收到多少申请？").status == "not_found"
    assert ans(col, "How many lawsuits did Beijing face in 2024?").status == "not_found"


def test_not_found_when_nothing_means_it(col):
    a = ans(col, "上海市人社局2011年发射了多少颗卫星？")
    assert a.status == "not_found" and a.value is None


def test_ambiguous_year_lists_candidates(col):
    a = ans(col, "洪泽区行政诉讼有多少件？")
    assert a.status == "ambiguous"
    assert {c["report"]["year"] for c in a.candidates} == {2023, 2024}


def test_self_contradicting_report_shows_the_failed_check(col):
    # 洪泽区 2023 prints 行政复议 总计 0 beside 10 upheld and 1 corrected: a total smaller than its own
    # part cannot be right, so the answer is the sum of the parts, and it says what the table prints.
    # Asked for the 总计 cell itself, the answer is that cell as printed, with the sum beside it.
    printed = ans(col, "洪泽区2023年行政复议总计多少件？")
    assert (printed.status, printed.value) == ("answered", 0) and "各分项之和为11" in printed.answer
    assert any(not c.ok for c in printed.checks) and printed.confidence < 0.7
    # the other figure is structured too, with its source: a script gets both without reading the sentence
    assert [(d.label, d.value) for d in printed.disagreeing] == [("各分项之和", 11)]
    assert printed.disagreeing[0].source.kind == "computed"
    # "一共多少件" asks for the total in words: the total as printed too; "有多少件" asks what there was
    whole = ans(col, "洪泽区2023年行政复议一共多少件？")
    assert whole.value == 0 and "各分项之和为11" in whole.answer
    a = ans(col, "洪泽区2023年行政复议有多少件？")
    assert a.status == "answered" and a.value == 11
    assert a.source.kind == "computed" and "10 + 1 + 0 + 0 = 11" in a.source.quote
    assert [i.value for i in a.inputs] == [10, 1, 0, 0]
    failed = [c for c in a.checks if not c.ok]
    assert failed and "11" in failed[0].detail  # 10 + 1 + 0 + 0 = 11 ≠ 总计 0
    assert "印为0" in a.answer and "11" in a.answer
    assert a.confidence < 0.7
    assert [(d.label, d.value, d.source.kind) for d in a.disagreeing] == [("表中印的总计", 0, "table")]
    en = ans(col, "How many reconsideration cases did Hongze district have in 2023?")
    assert en.value == 11 and "prints a total of 0" in en.answer
    en = ans(col, "What is the total number of reconsideration cases in Hongze district's 2023 report?")
    assert en.value == 0 and "add up to 11" in en.answer  # "total number" names the total, as 总数 does
    # the totals built on it use the corrected figure: lawsuits = 0 direct + 5 after reconsideration
    assert ans(col, "洪泽区2023年行政诉讼有多少件？").value == 5


def test_total_that_may_be_right_stands_as_printed(col):
    # 社会事业局 prints 复议后起诉 总计 15 beside 13 + 2 + 4 + 0 = 19: either may be wrong, so the
    # printed total stands and the failed check is shown
    a = ans(col, "平潭社会事业局2024年复议后起诉的行政诉讼总计多少件？")
    assert a.value == 15 and a.source.kind == "table"
    assert any(not c.ok and "19" in c.detail for c in a.checks)
    assert [(d.label, d.value) for d in a.disagreeing] == [("各分项之和", 19)]
    assert a.disagreeing[0].source.kind == "computed" and a.disagreeing[0].source.quote.startswith("13 + 2 + 4")


def test_total_printed_one_row_off_is_read_from_its_parts(col):
    # 农业农村局 2023 prints 本年新收 总计 0 beside 6 + 1 and 上年结转 总计 7 beside zeros: the 7 was
    # printed one row down, so neither row takes its printed total
    new = ans(col, "平潭农业农村局2023年新收政府信息公开申请多少件？")
    carried = ans(col, "平潭农业农村局2023年上年结转的申请有多少件？")
    assert (new.value, carried.value) == (7, 0)
    assert carried.source.kind == "computed" and "印为7" in carried.answer and "另一行" in carried.answer


def test_the_other_ones_of_a_list_are_not_the_whole(col):
    # "共公布政府信息2599条,(其中…其他应主动公开政府信息856条)": 856 says the question's words but is
    # the rest of the list; asked without 其他, the whole is meant
    a = ans(col, "平潭综合实验区2019年主动公开政府信息多少条")
    assert a.value == 2599
    assert ans(col, "平潭综合实验区2019年其他应主动公开政府信息多少条").value == 856
    series = ans(col, "平潭综合实验区2019到2024年每年主动公开政府信息多少条")
    assert {p.year: p.value for p in series.points if p.value is not None} == {2019: 2599, 2022: 14571,
                                                                               2023: 13561, 2024: 10407}


def test_prose_figure_is_not_named_by_its_neighbours_noun(col):
    # "共受理政府信息公开申请21件，…，其他处理2件": the 21 is not what "其他处理" asks for; the table's
    # 其他处理 parts (2 + 2) are, and the text's 2 is shown as a disagreement
    a = ans(col, "平潭市场监督管理局2025年其他处理的申请有几件？")
    assert a.value == 4 and a.source.kind == "computed"
    # "公布政府信息2599条(其中…应急管理类信息124条…)": the category, not the total
    assert ans(col, "平潭综合实验区2019年公布国土资源城乡建设环保能源类信息多少条？").value == 983
    assert ans(col, "平潭综合实验区2019年公布应急管理类信息多少条？").value == 124


def test_difference_follows_the_order_of_the_comparison(col):
    # the year named before 比/than is the one compared: 2022 − 2023, not later − earlier
    en = ans(col, "How many more administrative licensing decisions did Pingtan make in 2022 than in 2023?")
    zh = ans(col, "平潭综合实验区2023年行政许可比2022年少了多少件？")
    assert en.value == zh.value == 10690 - 2629
    assert ans(col, "How many fewer administrative licensing decisions did Pingtan make in 2023 than in 2022?"
               ).value == 10690 - 2629


def test_gap_between_two_metrics_of_one_report(col):
    # the second side is read in the first side's row: 行政规范性文件 废止, not 规章 废止
    a = ans(col, "平潭综合实验区2024年行政规范性文件制发数比废止数多多少？")
    assert (a.value, a.source.kind) == (62 - 33, "computed") and "62 − 33" in a.source.quote
    assert ans(col, "淮安市2024年部分公开比予以公开少多少件？").value == 1362 - 454
    # "少几件" asks how many fewer as "少多少" does, and the quote computes what is given
    a = ans(col, "淮安市2024年部分公开比予以公开少几件？")
    assert a.value == 1362 - 454 and "1,362 − 454 = 908" in a.answer
    # "A和B相差多少", "the difference between A and B": no direction asked, a positive gap
    for q in ("淮安市2024年部分公开和予以公开相差多少件？", "淮安市2024年部分公开与予以公开之间的差距有多大",
              "What is the difference between partly disclosed and disclosed requests for Huai'an in 2024?"):
        a = ans(col, q)
        assert (a.status, a.value) == ("answered", 1362 - 454), q
    # two years "combined" are added, not subtracted
    assert ans(col, "How many normative documents did Pingtan issue in 2023 and 2024 combined?").value == 77 + 62


def test_share_of_two_results_added_up(col):
    a = ans(col, "淮安市2024年予以公开和部分公开合计占办理结果总计的比例是多少？")
    assert a.unit == "%" and a.value == pytest.approx((1362 + 454) / 3050 * 100, abs=1e-4)
    assert "(1,362 + 454) ÷ 3,050" in a.source.quote
    # no denominator named: the results total, as for one numerator
    b = ans(col, "平潭综合实验区2024年予以公开和部分公开合计占比多少？")
    assert b.value == pytest.approx((71 + 29) / 218 * 100, abs=1e-4)


def test_share_of_results_said_with_or_or_with_a_shared_word(col):
    # "A或B的占比", "全部或部分公开" (公开 said once), "公开或部分公开" (the bare word: 予以公开),
    # "granted in full or in part": one summed numerator, never the last word alone
    want = pytest.approx((71 + 29) / 218 * 100, abs=1e-4)
    for q in ("平潭综合实验区2024年予以公开或部分公开的申请占比多少？",
              "平潭综合实验区2024年全部或部分公开的申请占多大比例？",
              "平潭综合实验区2024年公开或部分公开的申请占比",
              "What share of Pingtan's FOI requests in 2024 were granted in full or in part?",
              "What share of Pingtan's FOI requests in 2024 were fully or partly disclosed?"):
        a = ans(col, q)
        assert (a.status, a.value) == ("answered", want), q
    assert ans(col, "平潭综合实验区2024年全部或部分公开的一共多少件").value == 71 + 29


def test_how_many_were_one_thing_or_another_is_their_sum(col):
    # "how many were granted in full or in part", "全部或部分公开的有多少": the requests that were
    # either, one count of the two results added up (no sum word needed), never "which of them?"
    for q in ("平潭综合实验区2024年全部或部分公开的有多少件",
              "平潭综合实验区2024年予以公开或者部分公开的申请有多少",
              "How many of Pingtan's FOI requests in 2024 were granted in full or in part?"):
        a = ans(col, q)
        assert (a.status, a.value) == ("answered", 71 + 29), q


def test_a_head_said_after_the_addends_is_said_of_each(col):
    # "被驳回和撤诉的行政诉讼": 行政诉讼 is said of both; 驳回 is the lawsuits' upheld column, never
    # the reconsiderations' (72) beside the lawsuits' total
    a = ans(col, "淮安市2024年结果维持和结果纠正的行政诉讼一共有多少件")
    assert (a.status, a.value) == ("answered", 25 + 5)
    # an addend with no figure of its own (撤诉) found as the lawsuits' total beside a part of it:
    # a sum counting lawsuits twice is no answer
    b = ans(col, "淮安市2024年被驳回和撤诉的行政诉讼一共有多少")
    assert b.status != "answered" and b.value is None


def test_share_of_a_part_within_a_whole(col):
    # "行政诉讼中结果纠正的占多少": the part is read within the whole (lawsuits corrected = 4 + 1),
    # not the reconsiderations corrected (64)
    a = ans(col, "淮安市2024年行政诉讼中结果纠正的占多少？")
    assert a.value == pytest.approx(5 / 46 * 100, abs=1e-4)


def test_prose_with_another_figure_is_given_too(col):
    a = ans(col, "洪泽区2024年受理政府信息公开申请多少件？")
    assert a.value == 95
    assert "17件" in a.answer  # the district office's own 17 requests, stated in the text


def test_follow_up_keeps_agency_and_metric(col):
    first, q = ask("平潭综合实验区2024年行政诉讼多少件？", col)
    follow, q2 = ask("那2023年呢？", col, context=q)
    assert (first.value, follow.value) == (19, 7)
    assert set(q2.carried) == {"agency", "metric"}


def test_options_restrict_agency_and_year(col):
    a = ans(col, "行政诉讼有多少件？", agency="洪泽区", year=2024)
    assert (a.status, a.value) == ("answered", 4)


def test_answer_format_fields(col):
    d = ans(col, "平潭综合实验区2024年行政复议总计多少件？").to_dict()
    assert list(d) == ["question", "status", "answer", "value", "unit", "approximate", "report", "source",
                       "inputs", "evidence", "checks", "candidates", "confidence", "shape", "points", "top_n",
                       "understood", "examples", "disagreeing"]
    assert d["shape"] == "single" and not d["points"] and list(d["understood"]["agencies"]) == ["平潭综合实验区"]
    assert set(d["report"]) == {"id", "title", "agency", "year"}
    assert set(d["source"]) == {"kind", "section", "table", "row", "column", "quote", "page"}
    assert 0 <= d["confidence"] <= 1
    json.dumps(d, ensure_ascii=False)


def test_never_a_number_without_a_source(col):
    for q in ("平潭综合实验区2024年行政复议总计多少件？", "上海市人社局2011年收取的检索费是多少？",
              "2024年哪个单位的行政复议最多？", "上海市人社局2011年同意公开的申请占答复总数的比例是多少？"):
        a = ans(col, q)
        assert a.value is None or (a.source is not None and a.source.quote)


# ---------------------------------------------------------------- label words and units


def test_label_said_in_full_beats_a_label_inside_it(col):
    # 法人或其他组织 is the column group (a total the table does not print), not its part 其他(组织)
    a = ans(col, "淮安市政府2024年法人或其他组织一共提出了多少件申请？")
    assert (a.value, a.source.kind) == (118, "computed")
    # the question names the parent row: its total, not the part "3、其他" …
    assert ans(col, "淮安市2024年其他处理的申请合计多少？").value == 187
    # … unless it quotes the part
    assert ans(col, "淮安市政府2024年其他处理中的“其他”有多少件？").value == 110


def test_concluded_cases_are_the_outcomes_without_the_pending(col):
    # 已审结 is 维持 + 纠正 + 其他, a column the table does not print; never its neighbour 尚未审结 (37)
    a = ans(col, "淮安市人民政府2024年政府信息公开行政复议已审结多少件？")
    assert (a.value, a.source.kind) == (314, "computed")
    a = ans(col, "以已审结案件为分母，淮安市人民政府2024年行政复议的纠错率（结果纠正÷已审结）是多少？")
    assert a.value == pytest.approx(64 / 314 * 100)
    assert ans(col, "淮安市人民政府2024年行政复议尚未审结多少件？").value == 37


def test_old_appendix_parent_row_when_no_part_is_named(col):
    # 受理申请总数, not its part 当面申请数 whose word (当面) the question does not say
    assert ans(col, "上海市人社局2011年受理的申请有多少件？").value == 766


def test_measure_word_and_named_numbers_pick_the_figure(col):
    assert ans(col, "上海市人社局2011年在线互动开展了多少期？").value == 49  # not 8.5万人次 of the same sentence
    assert ans(col, "How many calls did the 12333 hotline answer in 2011?").value == 23320000


def test_share_the_report_states_itself(col):
    a = ans(col, "2019年经政务公开工作机构审核的上海市政府公文主动公开率是多少？")
    assert (a.value, a.unit, a.source.kind) == (90.2, "%", "text")


def test_share_of_a_named_denominator(col):
    # "新收申请" says more than the numerator's own rows: the new requests, not the results total
    a = ans(col, "淮安市政府2024年予以公开的申请占新收申请的比例是多少？")
    assert a.value == pytest.approx(1362 / 3119 * 100)
    b = ans(col, "What percentage of Pingtan's new requests in 2024 were disclosed in full?")
    assert b.value == pytest.approx(71 / 218 * 100)


def test_difference_between_agencies_in_the_order_named(col):
    assert ans(col, "2024年淮安市比洪泽区多收到多少件申请？").value == 3119 - 95
    assert ans(col, "2024年洪泽区比淮安市少收到多少件申请？").value == 3119 - 95


def test_ranking_departments_leaves_out_the_government(col):
    # 平潭综合实验区 itself (4529) is not one of its departments
    a = ans(col, "2024年平潭哪个部门的行政许可最多？")
    assert a.value == 2650 and "社会事业局" in a.answer


def test_blank_row_total_beside_printed_parts_is_their_sum(col):
    # 上海市人民政府办公厅 2019 prints the result rows' requester cells but leaves 总计 blank.
    report = next(r for r in col.reports() if r.agency == "上海市人民政府办公厅")
    parts = [f for f in report.facts if f.key and f.key.startswith("requests.result.disclosed.")
             and not f.key.endswith(".total")]
    assert any(f.blank for f in report.facts if f.key == "requests.result.disclosed.total")
    a = ans(col, "上海市人民政府办公厅2019年予以公开多少件？")
    assert a.status == "answered" and a.source.kind == "computed"
    assert a.value == sum(f.value for f in parts if f.value is not None)
    assert len(a.inputs) == len(parts)
    assert "=" in a.source.quote


def test_prose_figure_gives_way_to_the_table_figure_of_the_same_meaning(col):
    a = ans(col, "How many lawsuits were filed against Huai'an in 2024?")
    assert a.status == "answered" and a.source.kind == "computed"
    groups = {g for i in a.inputs for g in ("未经复议直接起诉", "复议后起诉") if g in i.source.column}
    assert groups == {"未经复议直接起诉", "复议后起诉"} and len(a.inputs) == 2


# ---------------------------------------------------------------- answer shapes (issue 9)


def test_series_one_agency_year_by_year(col):
    a = ans(col, "平潭综合实验区2022年到2024年每年的行政诉讼分别是多少件？")
    assert (a.status, a.shape) == ("answered", "series")
    assert [(p.year, p.value) for p in a.points] == [(2022, 1), (2023, 7), (2024, 19)]
    assert all(p.source is not None and p.report.agency == "平潭综合实验区" for p in a.points)
    assert a.understood.shape == "series" and a.understood.years == (2022, 2023, 2024)
    d = a.to_dict()
    assert d["points"][0]["label"] == "2022" and d["points"][0]["unit"] == "件"


def test_series_which_year_is_highest(col):
    a = ans(col, "平潭综合实验区哪一年的行政诉讼最多？")
    assert (a.status, a.shape) == ("answered", "series")
    assert a.value == 19 and a.report.year == 2024 and "2024" in a.answer
    assert len(a.points) >= 3  # every year held is a point


def answer_as(col, text, **fields):
    """The answering path for a question read with some fields set (as the understanding sets
    them for other wordings): plan → compute → check → phrase."""
    from dataclasses import replace as _replace

    from qa.evidence import check
    from qa.answering import compute
    from qa.phrasing import phrase
    from qa.plan import Plan, make_plan, state_of
    from qa.question import understand

    st = state_of(col)
    q = _replace(understand(text, st.agencies), **fields)
    plan = make_plan(q, st)
    result = compute(plan, q, st) if isinstance(plan, Plan) else plan
    return phrase(q, check(result, q, st), st)


def test_series_from_a_shaped_question(col):
    a = answer_as(col, "洪泽区2023年和2024年行政复议多少件？", shape="series", operation="lookup")
    assert a.shape == "series" and [(p.year, p.value) for p in a.points] == [(2023, 11), (2024, 2)]
    low = answer_as(col, "洪泽区2023年和2024年行政复议多少件？", shape="series", operation="lookup", argmin=True)
    assert (low.value, low.report.year) == (2, 2024)


def test_list_several_metrics_of_one_report(col):
    a = ans(col, "平潭综合实验区2024年行政许可、行政处罚、行政强制分别是多少？")
    assert (a.status, a.shape, a.value) == ("answered", "list", None)
    assert [p.value for p in a.points] == [4529, 1100, 65]
    assert [p.key for p in a.points] == ["proactive.licensing.decisions", "proactive.penalty.decisions",
                                         "proactive.enforcement.decisions"]
    assert "4,529" in a.answer and "65" in a.answer


def test_words_naming_one_figure_are_not_a_list(col):
    # "复议后起诉、结果维持" is one cell (a column group and its column), not two metrics
    a = ans(col, "平潭综合实验区2024年复议后起诉、结果维持的有多少件？")
    assert (a.status, a.shape, a.value) == ("answered", "single", 13)


def test_ranking_honours_its_n(col):
    a = answer_as(col, "2024年哪个单位的行政复议最多？", shape="ranking", top_n=2, operation="rank")
    assert (a.status, a.shape) == ("answered", "ranking")
    assert a.top_n == 2 and [(p.agency, p.value) for p in a.points] == [("淮安市人民政府", 351),
                                                                        ("平潭综合实验区", 7)]
    assert len(a.candidates) >= 4  # the whole ordering
    assert "前2" in a.answer
    assert a.understood.shape == "ranking" and a.understood.top_n == 2
    one = answer_as(col, "2024年平潭哪个部门的行政许可最多？", shape="ranking", top_n=1, operation="rank")
    assert [(p.agency, p.value) for p in one.points] == [("平潭综合实验区社会事业局", 2650)]


def test_not_understood_says_what_it_recognised_and_what_can_be_asked(col):
    for q in ("asdfgh", "平潭综合实验区2024年怎么样？"):
        a = ans(col, q)
        assert a.status == "not_understood" and a.value is None, q
        assert a.examples and all(isinstance(e, str) and e for e in a.examples)
    a = ans(col, "平潭综合实验区2024年怎么样？")
    assert "平潭综合实验区" in a.answer and "2024" in a.answer
    assert a.understood.agencies == ("平潭综合实验区",)


def test_no_agency_no_year_over_several_reports_is_ambiguous(col):
    a = ans(col, "公开了多少")
    assert a.status == "ambiguous" and a.value is None and len(a.candidates) >= 2
    b = ans(col, "行政复议有多少件？")
    assert b.status == "ambiguous" and len({c["report"]["id"] for c in b.candidates}) >= 2


def test_agency_without_year_is_ambiguous_when_several_years_hold_it(col):
    a = ans(col, "平潭综合实验区行政复议有多少件？")
    assert a.status == "ambiguous"
    assert len({c["report"]["year"] for c in a.candidates}) >= 2


def test_figures_in_different_units_are_not_added(col):
    # money (元) and a count (件) of one report: no sum, both figures shown
    a = ans(col, "平潭综合实验区财政金融局2024年行政事业性收费金额和行政复议一共多少？")
    assert a.status != "answered" or a.unit in ("元", "件") and len({i.unit for i in a.inputs}) == 1
    if a.status == "not_found":
        assert {c["unit"] for c in a.candidates} == {"元", "件"}


def test_comparable_keeps_prose_and_table_counts_apart(col):
    from qa.operations import comparable
    from qa.plan import state_of

    st = state_of(col)
    (report,) = st.reports_of({"平潭综合实验区"}, [2019])
    cands = st.candidates(report.id)
    prose = next(c for c in cands if c.kind == "text" and c.unit == "条" and c.value)
    table = next(c for c in cands if c.kind == "table" and c.unit == "件" and c.value is not None)
    money = next((c for c in cands if c.unit == "元"), None)
    assert not comparable(prose, table) and not comparable(table, prose)
    assert comparable(table, table)
    if money is not None:
        assert not comparable(money, table)


def test_ranking_leaves_out_a_figure_of_another_unit(col):
    # Every agency's figure is in the anchor's unit; one of another unit or kind is named as left out.
    from qa.operations import comparable

    a = ans(col, "2024年哪个单位的行政复议最多？")
    assert a.status == "answered" and a.value == 351
    units = {c["unit"] for c in a.candidates}
    assert len(units) == 1
    kinds = {c["kind"] == "text" for c in a.candidates}
    assert len(kinds) == 1
    assert comparable


def test_understood_in_every_answer(col):
    for q in ("平潭综合实验区2024年行政复议总计多少件？", "北京市2024年行政复议多少件？", "asdfgh",
              "洪泽区行政诉讼有多少件？", "平潭综合实验区2024年行政诉讼比2023年增加了多少件？"):
        a = ans(col, q)
        assert a.understood is not None, q
        assert "understood" in a.to_dict()
    a = ans(col, "平潭综合实验区2024年行政诉讼比2023年增加了多少件？")
    assert a.understood.operation == "difference" and a.understood.years == (2024, 2023) or \
        set(a.understood.years) == {2023, 2024}
    assert a.understood.keys == ("review.litigation.total",) and a.understood.metric == "行政诉讼"


def test_relative_year_counts_from_the_latest_report_and_says_so(col):
    a = ans(col, "洪泽区去年行政复议多少件？")
    assert a.understood.years == (2023,)
    assert any("去年" in c and "2023" in c for c in a.understood.corrections)
    assert a.status == "answered" and a.value == 11


def test_list_words_naming_one_cell_are_that_cell(col):
    # read as two metrics, "复议后起诉、结果维持" still names one cell: the figure is that cell's
    from qa.question import Slot

    a = answer_as(col, "平潭综合实验区2024年复议后起诉、结果维持的有多少件？", shape="list",
                  metrics=((Slot("复议后起诉", ("复议后起诉",), 3.0),), (Slot("结果维持", ("结果维持", "维持"), 3.0),)))
    assert (a.status, a.shape, a.value) == ("answered", "single", 13)


def test_list_items_are_read_side_by_side(col):
    # "结果纠正" alone fits the lawsuits' and the reconsiderations' column; beside 行政复议 › 结果维持
    # it is the reconsiderations'
    from qa.question import Slot

    a = answer_as(col, "淮安市2024年行政复议结果维持和结果纠正分别是多少？", shape="list",
                  metrics=((Slot("行政复议", ("行政复议",), 3.0), Slot("结果维持", ("结果维持",), 3.0)),
                           (Slot("结果纠正", ("结果纠正",), 3.0),)))
    assert [(p.key, p.value) for p in a.points] == [("review.reconsideration.upheld", 72),
                                                     ("review.reconsideration.corrected", 64)]


def test_each_of_several_read_as_one_metric_is_not_one_figure(col):
    from qa.question import Slot

    a = answer_as(col, "淮安市2024年行政复议维持和纠正各是多少？", shape="single", metrics=(),
                  parts=((Slot("行政复议", ("行政复议",), 3.0), Slot("维持", ("维持",), 3.0),
                          Slot("纠正", ("纠正",), 3.0)),))
    assert a.status in ("ambiguous", "answered") and (a.status == "ambiguous" or a.shape == "list")


def test_a_corrected_agency_name_is_stated(col):
    a = ans(col, "平谭综合实验区2024年行政复议多少件？")
    assert a.value == 7 and "平谭" in a.answer and "平潭" in a.answer
    assert any("平谭" in c for c in a.understood.corrections)


def test_computations_over_an_unnamed_report_ask_back(col):
    # no agency and no year: which report's figures to add, subtract or compare is not guessed
    for q in ("行政复议和行政诉讼一共多少件？", "行政规范性文件制发数比废止数多多少？", "予以公开的申请占比是多少？"):
        a = ans(col, q)
        assert a.status == "ambiguous" and a.value is None, q
    change = ans(col, "2024年行政诉讼比2023年增加了多少件？")
    assert change.status == "ambiguous"
    assert {c["agency"] for c in change.candidates} >= {"平潭综合实验区", "淮安市洪泽区人民政府"}


# ---------------------------------------------------------------- issue 9, first blind batch: never confidently wrong


def test_a_share_ranked_across_departments_is_computed_in_each(col):
    a = ans(col, "2024年平潭各局的公开率从高到低排序")
    assert (a.status, a.shape, a.unit) == ("answered", "ranking", "%")
    assert [(p.agency, round(p.value, 2)) for p in a.points[:2]] == [
        ("平潭综合实验区社会事业局", 100.0), ("平潭综合实验区财政金融局", 50.0)]


def test_a_share_over_years_is_computed_in_each_year(col):
    a = ans(col, "平潭综合实验区2022到2024年公开率每年是多少")
    assert (a.status, a.shape) == ("answered", "series")
    assert {p.year: round(p.value, 2) for p in a.points} == {2022: 40.0, 2023: 51.85, 2024: 45.87}
    assert all(p.unit == "%" for p in a.points)


def test_money_asked_is_never_answered_with_a_count(col):
    a = ans(col, "平潭综合实验区2019年行政事业性收费一共收了多少万元？")
    assert a.status == "not_reported"  # the 2019 table counts fee items only


def test_addends_named_with_dunhao_or_jiaqilai_are_summed(col):
    assert ans(col, "平潭综合实验区2023年行政许可、行政处罚、行政强制合计多少件？").value == 2629 + 1330 + 54
    assert ans(col, "平潭综合实验区2024年行政复议和行政诉讼加起来有多少件？").value == 7 + 19


def test_a_report_silent_on_a_known_metric_is_not_reported(col):
    silent = ans(col, "平潭综合实验区2012年行政处罚决定有多少件？")
    assert silent.status == "not_reported" and "未写明" in silent.answer
    assert ans(col, "平潭综合实验区2016年行政处罚决定有多少件？").status == "not_found"  # no such report


def test_a_report_silent_on_a_count_in_words_the_product_does_not_know_is_not_reported(col):
    # "多少场…发布会": words outside the glossary, but a count asked of a report that exists
    for text in ("平潭综合实验区2024年召开了多少场政策吹风恳谈活动？", "平潭综合实验区2024年共有多少个网格员？"):
        a = ans(col, text)
        assert (a.status, a.value) == ("not_reported", None) and "未写明" in a.answer, text
    # nothing counted, nothing known: the product cannot tell what was asked of the report
    assert ans(col, "平潭综合实验区2024年今天中午吃什么？").status == "not_found"
    assert ans(col, "平潭综合实验区2016年召开了多少场政策吹风恳谈活动？").status == "not_found"  # no such report


def test_a_measure_the_tables_do_not_print_is_never_answered_with_the_word_beside_it(col):
    # "satisfaction score", "response time", "per capita": without their meaning the question kept
    # only "replies" / "requests" and was answered with that row's figure.
    for text in ("Does the Pingtan 2024 report give the applicants' satisfaction score for disclosure replies?",
                 "What was the average response time of Pingtan in 2024?",
                 "What is the per capita number of requests in Pingtan 2024?"):
        assert ans(col, text).status in ("not_reported", "not_found", "not_understood"), text


def test_which_of_two_agencies_has_more_and_by_how_much_is_the_larger_less_the_smaller(col):
    for text in ("洪泽区政府和平潭综合实验区2024年新收的申请哪个多，多多少？",
                 "平潭综合实验区和洪泽区政府2024年新收的申请哪个多，多多少？"):
        a = ans(col, text)
        values = sorted(c["value"] for c in a.candidates)
        assert a.status == "answered" and a.value == values[-1] - values[0] > 0, text
        bigger = max(a.candidates, key=lambda c: c["value"])["report"]["agency"]
        assert a.answer.index(bigger) < a.answer.index("多，多"), a.answer


def test_english_addends_with_a_sum_word_are_summed(col):
    direct = ans(col, "How many lawsuits were filed directly against Huai'an in 2024?").value
    after = ans(col, "How many lawsuits were filed against Huai'an after reconsideration in 2024?").value
    for text in ("Huai'an 2024: lawsuits filed directly and lawsuits filed after reconsideration, together?",
                 "Huai'an 2024: direct filings and those brought after an administrative appeal combined?"):
        a = ans(col, text)
        assert (a.status, a.value) == ("answered", direct + after), text


def test_the_2019_tables_published_in_all_column_is_asked_as_cumulative(col):
    whole = ans(col, "上海市人民政府办公厅2019年行政规范性文件对外公开总数量是多少？")
    assert whole.status == "answered" and "对外公开总数量" in whole.source.column
    for text in ("Shanghai municipal government general office, 2019: normative documents publicly available in total "
                 "(cumulative)?", "上海市政府办公厅2019年规范性文件累计对外公开多少件"):
        assert ans(col, text).value == whole.value, text


def test_a_column_of_result_groups_with_their_total_row_listed_in_a_requested_format(col):
    a = ans(col, "淮安市政府2024年表三“自然人”那一列给我：予以公开、部分公开、不予公开（合计）、无法提供（合计）、"
                 "其他处理（合计）、总计，用逗号隔开")
    assert a.status == "answered" and len(a.points) == 6
    total = ans(col, "淮安市政府2024年办理结果总计中自然人有多少件？")
    assert a.points[-1].value == total.value and "总计" in a.points[-1].source.row
    first = ans(col, "淮安市政府2024年予以公开的申请中自然人有多少件？")
    assert a.points[0].value == first.value


def test_several_metrics_year_by_year_are_each_years_figures(col):
    a = ans(col, "平潭综合实验区2023年和2024年行政复议和行政诉讼分别是多少")
    assert a.status == "answered" and len(a.points) == 4
    for year in (2023, 2024):
        for metric in ("行政复议", "行政诉讼"):
            one = ans(col, f"平潭综合实验区{year}年{metric}有多少件？")
            assert any(p.year == year and p.value == one.value and metric in p.source.row + p.source.column
                       for p in a.points), (year, metric)


def test_chatter_names_nothing_and_is_not_understood(col):
    for text in ("给我唱首歌吧", "明天天气怎么样"):
        assert ans(col, text).status == "not_understood"


def test_a_list_read_from_one_sentence_stays_in_that_sentence(col):
    a = ans(col, "平潭社会事业局2024年公文类信息中主动公开、依申请公开和不予公开分别多少条")
    assert a.shape == "list"
    assert sorted(p.value for p in a.points if p.value is not None and p.value < 400) == [22, 99, 311]


def test_a_list_asked_in_the_proses_unit_takes_each_item_in_it(col):
    """"…分别多少条": 依申请公开 and 不予公开 in 条 as the prose states them, not the requests table's 件."""
    a = ans(col, "平潭社会事业局2024年主动公开、依申请公开和不予公开的信息分别多少条？")
    assert a.shape == "list"
    assert [(p.value, p.unit) for p in a.points] == [(99, "条"), (311, "条"), (22, "条")]


def test_two_agencies_asked_each_give_both_figures(col):
    a = ans(col, "平潭综合执法与应急管理局、农业农村局2023年的行政处罚决定各是多少")
    assert a.status == "answered" and sorted(p.value for p in a.points) == [182, 640]


def test_a_short_list_item_is_read_in_the_row_its_siblings_share(col):
    """"其他" beside 行政复议's 维持 and 尚未审结 is its 其他结果, not the requests table's 其他处理."""
    a = ans(col, "淮安市2024年行政复议结果维持、其他和尚未审结分别几件")
    assert [p.key for p in a.points] == ["review.reconsideration.upheld", "review.reconsideration.other",
                                         "review.reconsideration.pending"]


@pytest.mark.parametrize("text, values", [
    ("平潭综合实验区2024年规范性文件制发和废止了多少件", [62, 33]),
    ("How many normative documents did Pingtan issue and repeal in 2024?", [62, 33]),
    ("淮安市2024年自然人和法人申请多少件", [3001, 118]),
])
def test_two_columns_of_one_row_said_together_give_each(col, text, values):
    """"制发和废止": the row (规范性文件, 申请) asked of each column; it answered one column alone."""
    a = ans(col, text)
    assert a.status == "answered" and a.shape == "list" and [p.value for p in a.points] == values
    summed = ans(col, "平潭综合实验区2024年规范性文件制发和废止一共多少件")  # a sum asked stays a sum
    assert summed.value == 95


def test_one_figure_found_for_two_things_is_never_added_to_itself(col):
    a = ans(col, "淮安市2024年予以公开加上同意公开占办理结果的比例")  # two words for one row
    assert a.status != "answered"


def test_the_weightiest_keyed_word_chooses_the_row(col):
    a = ans(col, "淮安市2024年信息公开申请中同意公开的有多少件？")
    assert (a.status, a.value) == ("answered", 1362)


def test_a_relative_year_in_the_history_is_placed(col):
    from qa.conversation import follow_up_context

    context = follow_up_context(["平潭综合实验区去年行政复议多少件"], col.agencies(), reports=col.reports())
    assert context.years == (2023,)
    a = answer("那行政诉讼呢", col, context=context)
    assert (a.status, a.value) == ("answered", 7)


def test_a_share_asked_for_two_years_is_a_series_of_shares(col):
    a = ans(col, "平潭综合实验区2023年和2024年公开率分别是多少")
    assert a.shape == "series" and [round(p.value, 2) for p in a.points] == [51.85, 45.87]


def test_a_change_of_an_item_count_is_the_printed_change_column(col):
    from qa.changes import printed_change
    from qa.plan import state_of

    st = state_of(col)
    (report,) = st.reports_of({"平潭综合实验区"}, [2019])
    items = next(c for c in st.candidates(report.id) if c.key == "proactive.fees.previous_items")
    change = printed_change(st, report, items)
    assert change is not None and change.key == "proactive.fees.change" and change.value == 0


def test_a_count_asked_is_never_answered_with_money(col):
    a = ans(col, "平潭综合实验区2024年行政事业性收费项目比上一年增减了几个？")
    assert a.status != "answered" or a.unit not in ("元", "%")


# ---------------------------------------------------------------- issue 9, round 3: lists, changes, junk


def _points(a):
    return {p.label: p.value for p in a.points} if a.points else {}


def test_distributive_words_ask_for_a_list(col):
    a = ans(col, "淮安市2024年行政复议维持和纠正各几件")
    assert (a.status, a.shape) == ("answered", "list")
    assert sorted(v for v in _points(a).values()) == [64, 72]


def test_list_items_are_side_by_side_not_a_whole_and_its_part(col):
    # 其他组织 beside 商业企业: the column 其他, not 法人或其他组织 (which adds up 商业企业 too)
    a = ans(col, "淮安市2024年商业企业、其他组织提交的申请各有多少")
    assert a.shape == "list"
    assert sorted(_points(a).values()) == [4, 53]


def test_the_parts_of_one_figure(col):
    a = ans(col, "平潭综合实验区2024年无法提供的几种情况分别是多少件")
    assert a.shape == "list" and len(a.points) == 4  # three parts, then their total
    assert all(p.label and p.value is not None for p in a.points)
    assert sum(p.value for p in a.points[:3]) == a.points[3].value
    reasons = ans(col, "淮安市2024年行政复议的各种结果分别有多少")
    assert sorted(p.value for p in reasons.points) == [37, 64, 72, 178, 351]


def test_a_percent_sign_asks_for_a_percent_change(col):
    a = ans(col, "洪泽区2024年新收申请比2023年多了百分之几")
    b = ans(col, "洪泽区2024年新收申请比2023年增加了多少%")
    assert a.unit == b.unit == "%" and a.value == pytest.approx(b.value) == pytest.approx((95 - 21) / 21 * 100)
    assert "-" not in b.answer.split("（")[0]


def test_an_opinion_or_a_bare_number_is_not_understood(col):
    for q in ("淮安市政府信息公开工作做得怎么样", "平潭综合实验区好不好", "xyz 2024 456"):
        a = ans(col, q)
        assert a.status == "not_understood", q
        assert a.examples


def test_switching_the_agency_in_a_follow_up_keeps_the_metric(col):
    first, q = ask("淮安市2024年行政复议多少件", col)
    a, _ = ask("换成洪泽区呢", col, context=q)
    assert (a.status, a.report.agency, a.report.year) == ("answered", "淮安市洪泽区人民政府", 2024)
    assert a.understood.keys == first.understood.keys == ("review.reconsideration.total",)


def test_carried_to_the_next_year_is_carried_forward(col):
    a = ans(col, "平潭综合实验区2024年有多少申请转到2025年继续办理")
    assert a.understood.keys == ("requests.carried_forward.total",)
    assert a.report.year == 2024


def test_an_unmatched_noun_is_not_answered_with_a_figure_sharing_a_light_word(col):
    a = ans(col, "淮安市2024年政府采购金额是多少")
    assert a.status != "answered"


def test_sums_said_with_jia(col):
    a = ans(col, "淮安市2024年复议和诉讼加在一起多少件")
    parts = ans(col, "淮安市2024年行政复议多少件").value + ans(col, "淮安市2024年行政诉讼多少件").value
    assert a.status == "answered" and a.value == parts
    b = ans(col, "洪泽区2024年新收加上年结转的申请一共多少")
    assert b.value == ans(col, "洪泽区2024年新收申请多少").value + ans(col, "洪泽区2024年上年结转申请多少").value


def test_of_which_narrows_the_figure_before(col):
    first, q = ask("淮安市2024年行政复议有多少件", col)
    a, _ = ask("其中维持原决定的有几件", col, context=q)
    assert (a.status, a.value) == ("answered", 72)


def test_that_year_in_a_follow_up_is_the_year_before(col):
    first, q = ask("洪泽区2023年行政处罚多少件", col)
    a, _ = ask("2024年比那一年少了多少", col, context=q)
    assert a.status == "answered" and a.value == pytest.approx(4119 - 2776)


def test_times_between_two_agencies(col):
    a = ans(col, "2024年淮安市的行政处罚是洪泽区的几倍")
    city, district = ans(col, "淮安市2024年行政处罚多少件").value, ans(col, "洪泽区2024年行政处罚多少件").value
    assert a.unit == "倍" and a.value == pytest.approx(city / district)


def test_each_figure_asked_with_its_own_how_many_is_a_list(col):
    a = ans(col, "淮安市2024年有几件行政复议、几件行政诉讼？")
    assert a.shape == "list" and len(a.points) == 2
    assert {p.value for p in a.points} == {ans(col, "淮安市2024年行政复议多少件").value,
                                           ans(col, "淮安市2024年行政诉讼多少件").value}


def test_a_total_asked_beside_the_parts_is_their_total(col):
    a = ans(col, "淮安市2024年行政诉讼中复议后起诉的结果维持、结果纠正和总计分别是多少")
    assert a.shape == "list" and len(a.points) == 3
    assert a.points[-1].value == ans(col, "淮安市2024年复议后起诉的行政诉讼总计多少件").value


def test_times_between_two_years(col):
    a = ans(col, "洪泽区2024年新收的申请是2023年的几倍？")
    assert a.unit == "倍" and a.value == pytest.approx(95 / 21)


def test_a_number_with_a_measure_word_is_not_a_year(col):
    a = ans(col, "洪泽区2024年新收申请有没有超过2000件")
    assert a.status == "answered" and a.report.year == 2024 and a.value == 95


def test_a_clause_that_says_who_asks_and_why_names_nothing(col):
    plain = ans(col, "上海市政府办公厅2019年，自然人提出的、因属于信访举报投诉类申请而不予处理的有多少件？")
    assert plain.status == "answered"
    for framed in ("作为律师想核实一下：上海市政府办公厅2019年，自然人提出的、因属于信访举报投诉类申请而不予处理的有多少件？",
                   "我在写一篇稿子，想知道上海市政府办公厅2019年自然人提出的信访举报投诉类申请不予处理的有多少件"):
        a = ans(col, framed)
        assert (a.status, a.value) == ("answered", plain.value), framed
    # a clause that holds the only metric words is what is asked, framing words or not
    assert ans(col, "我想知道淮安市2024年行政复议的数量").value == ans(col, "淮安市2024年行政复议多少件").value


def test_a_text_to_write_is_not_understood(col):
    assert ans(col, "帮我写一段关于政府信息公开的感想，三百字左右").status == "not_understood"


def test_a_list_heading_before_a_colon_is_said_of_each_item(col):
    a = ans(col, "平潭综合实验区2024年复议后起诉的行政诉讼：维持、纠正、其他、未审结、总计分别几件")
    assert a.shape == "list" and len(a.points) == 5
    whole = ans(col, "平潭综合实验区2024年复议后起诉的行政诉讼总计多少件").value
    assert a.points[-1].value == whole and sum(p.value for p in a.points[:-1]) == whole
    assert all("复议后起诉" in p.source.row + p.source.column for p in a.points)


def test_counted_kinds_of_one_row_ask_for_its_parts(col):
    a = ans(col, "淮安市政府2024年“不予处理”的五种情形分别有多少件")
    assert a.shape == "list" and len(a.points) >= 5
    total = ans(col, "淮安市政府2024年不予处理多少件").value
    assert sum(p.value for p in a.points if "不予处理" != p.label.strip()) in (total, 2 * total)


def test_a_word_of_the_row_says_nothing_of_a_column_sharing_its_characters(col):
    # 其他 of 其他处理 is the row's word, not the column 其他 (of 法人或其他组织)
    a = ans(col, "淮安市人民政府2024年其他处理中逾期不补正的有多少")
    assert a.status == "answered" and "其他" not in a.source.column
    whole = ans(col, "淮安市人民政府2024年“其他处理”三个小项分别多少：逾期不补正、逾期不缴费、其他")
    assert whole.shape == "list" and len(whole.points) == 3
    assert sum(p.value for p in whole.points) == ans(col, "淮安市人民政府2024年其他处理多少件").value


def test_a_share_asked_after_a_figure_is_that_figure_over_the_one_named(col):
    first, q = ask("平潭综合实验区2023年本机关不掌握相关政府信息的有多少？", col)
    a, _ = ask("占当年办理结果总数的比例是多少？", col, context=q)
    total = ans(col, "平潭综合实验区2023年办理结果总计多少件").value
    assert a.status == "answered" and a.unit == "%" and a.value == pytest.approx(100 * first.value / total)


def test_a_department_with_its_place_in_brackets_after_it(col):
    a = ans(col, "农业农村局（平潭综合实验区）2023年行政许可处理决定是多少")
    assert a.report.agency == "平潭综合实验区农业农村局"
    assert a.value == ans(col, "平潭综合实验区农业农村局2023年行政许可处理决定是多少").value


def test_an_english_name_beside_the_chinese_name_is_that_agency(col):
    a = ans(col, "Shanghai Municipal Government General Office (上海市人民政府办公厅), 2019: how many lawsuits?")
    assert a.status == "answered" and a.report.agency == "上海市人民政府办公厅"


def test_pinyin_with_syllables_spaced_any_way(col):
    want = ans(col, "平潭综合实验区2022年上年结转的申请有几件").value
    for q in ("pingtan zonghe shiyanqu 2022 nian shang nian jiezhuan de shenqing you ji jian?",
              "pingtan 2022 shangnian jie zhuan shenqing ji jian"):
        assert ans(col, q).value == want, q


def test_how_a_figure_is_judged_and_how_it_is_asked_name_nothing(col):
    want = ans(col, "淮安市政府2024年复议后起诉的行政诉讼多少件").value
    a = ans(col, "淮安市政府2024年先复议、后起诉的那类行政诉讼是不是超过100件？到底几件")
    assert (a.status, a.value) == ("answered", want)
    assert ans(col, "听说平潭综合实验区2024年行政复议特别多，具体多少").value == ans(col, "平潭综合实验区2024年行政复议多少件").value


def test_list_items_told_apart_by_the_unit_each_asks_in(col):
    a = ans(col, "平潭综合实验区市场监督管理局2025年信息处理费：通知收取件数、通知收取金额、实际收取金额分别是多少？")
    assert a.shape == "list" and len(a.points) == 3
    count, notified, collected = a.points
    assert count.unit != "元" and notified.unit == "元" and collected.unit == "元"
    assert "件数" in count.source.column + count.source.row and count.value != notified.value


def test_fees_asked_in_english_with_how_much_are_money_notified_or_collected(col):
    notified = ans(col, "How much information processing fee did Pingtan's Market Supervision Bureau notify applicants to pay in 2025?")
    collected = ans(col, "How much information processing fee did Pingtan's Market Supervision Bureau actually collect in 2025?")
    assert (notified.status, notified.unit, collected.unit) == ("answered", "元", "元")
    assert "通知收取金额" in notified.source.column + notified.source.row
    assert "实际收取金额" in collected.source.column + collected.source.row


def test_the_owner_before_de_in_a_list_is_said_of_each_item(col):
    a = ans(col, "平潭综合实验区2019年行政许可的上一年项目数量、本年增减和处理决定数量分别是多少")
    assert a.shape == "list" and len(a.points) == 3
    assert all("行政许可" in p.source.row + p.source.column for p in a.points if p.source)
    assert len({p.value for p in a.points}) == 3


def test_columns_of_one_row_asked_one_by_one_keep_the_row(col):
    # "规范性文件制发、废止、现行有效各多少": each column of the first item's row, not the first
    # item's column said of the others (nor a prose figure)
    a = ans(col, "平潭综合实验区2023年行政规范性文件制发、废止、现行有效各多少")
    keys = [p.key for p in a.points]
    assert [p.value for p in a.points] == [77, 132, 470] and keys == [
        "proactive.normative_documents.issued", "proactive.normative_documents.repealed",
        "proactive.normative_documents.in_force"], keys


def test_a_whole_less_the_things_named(col):
    a = ans(col, "平潭综合实验区2024年办理结果中除了予以公开和部分公开，其余结果共多少件？")
    whole = ans(col, "平潭综合实验区2024年办理结果总计多少件").value
    taken = ans(col, "平潭综合实验区2024年予以公开多少件").value + ans(col, "平潭综合实验区2024年部分公开多少件").value
    assert (a.status, a.value) == ("answered", whole - taken)
    assert "除去" in a.answer and len(a.inputs) == 3


def test_the_year_before_last_after_a_question_about_a_year(col):
    first, q = ask("平潭实验区2024年新收申请多少件", col)
    a, _ = ask("前年呢", col, context=q)
    assert a.report.year == 2022 and a.value == ans(col, "平潭综合实验区2022年新收申请多少件").value


def test_every_report_of_a_year_ranked(col):
    a = ans(col, "把库里所有2023年度报告按行政处罚数量从高到低排个序")
    assert a.shape == "ranking" and len(a.points) >= 3
    values = [p.value for p in a.points]
    assert values == sorted(values, reverse=True) and all(p.year == 2023 for p in a.points)


def test_three_things_named_in_a_row_are_a_list(col):
    a = ans(col, "平潭实验区2022年行政规范性文件的制发、废止、现行有效件数")
    assert a.shape == "list" and len(a.points) == 3 and len({p.value for p in a.points}) == 3
    total = ans(col, "平潭实验区2024年行政许可、行政处罚、行政强制合计多少")
    assert total.shape == "single" and total.value == sum(
        ans(col, f"平潭实验区2024年{m}多少件").value for m in ("行政许可", "行政处罚", "行政强制"))


def test_the_prose_figure_when_the_question_asks_what_the_text_says(col):
    table = ans(col, "平潭综合实验区2022年收到多少件政府信息公开申请")
    prose = ans(col, "平潭综合实验区2022年报告正文说收到多少件政府信息公开申请")
    assert table.source.kind == "table" and prose.source.kind == "text"
    assert prose.value != table.value and str(int(prose.value)) in prose.source.quote


def test_a_total_cell_the_table_leaves_blank_is_not_reported_when_asked_for_itself(col):
    # 上海市人民政府办公厅 2019 leaves the 总计 column of 予以公开 blank beside its printed parts
    whole = ans(col, "上海市政府办公厅2019年予以公开多少件")
    assert whole.status == "answered" and whole.source.kind == "computed"
    cell = ans(col, "上海市政府办公厅2019年“予以公开”那一行的总计栏是多少")
    assert cell.status == "not_reported"
    # the blank cell said in passing, the quantity asked after it: the parts' sum
    said = ans(col, "上海市政府办公厅2019年予以公开这一行的总计栏空着，那一共予以公开了几件？")
    assert (said.status, said.value) == ("answered", whole.value)


def test_a_scope_said_first_is_said_of_each_item(col):
    a = ans(col, "淮安市2024年收到的申请里，予以公开和部分公开各几件？")
    assert a.shape == "list" and len(a.points) == 2
    assert [p.value for p in a.points] == [ans(col, "淮安市2024年予以公开多少件").value,
                                           ans(col, "淮安市2024年部分公开多少件").value]


def test_followers_of_the_wechat_account(col):
    a = ans(col, "How many followers did the Pingtan Market Supervision Bureau's WeChat account have in 2025?")
    zh = ans(col, "平潭市场监管局2025年公众号粉丝有多少")
    assert a.status == "answered" and a.value == zh.value and "关注" in zh.answer


def test_two_agencies_and_how_much_they_differ(col):
    a = ans(col, "2024年淮安市政府跟洪泽区政府新收的信息公开申请差了多少件？")
    city = ans(col, "淮安市2024年新收申请多少件").value
    district = ans(col, "洪泽区2024年新收申请多少件").value
    assert a.status == "answered" and a.value == city - district


def test_everyday_words_for_pending_and_a_request_to_look(col):
    a = ans(col, "淮安市政府2024年信息公开行政复议的结果分别是多少：维持、纠正、其他、没审完")
    assert a.shape == "list" and len(a.points) == 4 and all(p.value is not None for p in a.points)
    assert a.points[-1].value == ans(col, "淮安市2024年行政复议尚未审结多少件").value
    assert ans(col, "帮我看看平潭综合实验区").status == "not_understood"


def test_an_aside_that_says_what_the_figure_includes_does_not_narrow_it(col):
    whole = ans(col, "淮安市2024年行政诉讼一共多少件")
    assert ans(col, "淮安市2024年行政诉讼一共多少件（含复议后起诉）").value == whole.value
    assert ans(col, "淮安市2024年复议后起诉的行政诉讼多少件").value != whole.value


def test_a_sum_over_years_with_one_year_missing_is_not_found(col):
    held = sorted({r.year for r in col.reports() if r.agency == "平潭综合实验区" and r.year})
    missing = min(held) - 1
    ans, _ = ask(f"平潭综合实验区{missing}年和{held[-1]}年收到的申请加起来一共多少件", col)
    assert ans.status == "not_found" and str(missing) in ans.answer and ans.value is None


def test_figures_of_two_reports_in_different_units_name_each_report(col):
    from qa.operations import mixed_units
    from qa.plan import state_of

    st = state_of(col)
    first, second = sorted(st.reports_of({"平潭综合实验区"}, [2023, 2024]), key=lambda r: r.year)
    count = next(c for c in st.candidates(first.id) if c.unit == "件" and c.value)
    money = next(c for c in st.candidates(second.id) if c.unit == "元" and c.value is not None)
    result = mixed_units(None, [count, money], [first, second])
    assert result.status == "not_found" and result.reason == "mixed_units"
    assert [c["report"]["year"] for c in result.candidates] == [2023, 2024]


def test_a_share_the_prose_prints_beside_its_numerator_is_answered_as_printed():
    report = parsed_report(REAL / "平潭综合实验区_2018.html")
    a = answer("平潭2018年区管委会及区直各部门主动公开政府信息占全区主动公开政府信息的比例是多少",
               MemoryCollection([report]))
    assert a.status == "answered" and a.value == 76.9 and a.unit == "%"
    assert "76.9%" in a.source.quote


def test_a_series_of_a_sum_adds_the_parts_in_each_year(col):
    a = ans(col, "平潭实验区行政诉讼（直接起诉+复议后起诉）2022至2024年的变化")
    assert a.status == "answered" and a.shape == "series"
    by_year = {int(p.year): p.value for p in a.points if p.value is not None}
    for year in (2022, 2023, 2024):
        direct = ans(col, f"平潭综合实验区{year}年未经复议直接起诉的行政诉讼总计多少件").value
        after = ans(col, f"平潭综合实验区{year}年复议后起诉的行政诉讼总计多少件").value
        assert by_year[year] == direct + after
    # side by side, not added: each year's figure of each
    listed = ans(col, "平潭实验区2022到2024年每年行政许可和行政处罚分别是多少")
    assert listed.shape == "list" and "+" not in listed.answer and len(listed.points) == 6


def test_a_change_from_a_year_not_held_is_the_change_the_report_states(col):
    fell = ans(col, "上海市政府办公厅2019年信息公开申请量比上一年下降了百分之几")
    assert (fell.status, fell.value, fell.unit) == ("answered", 12.3, "%") and "较去年" in fell.source.quote
    rose = ans(col, "上海市政府办公厅2019年信息公开申请量比上一年增长了百分之几")
    assert rose.status == "not_found" and rose.value is None  # the report says it fell: no figure


def test_years_ranked_by_their_figure(col):
    a = ans(col, "平潭实验区2022到2024年行政许可按年份排名")
    values = [p.value for p in a.points if p.value is not None]
    assert a.shape == "series" and len(values) == 3 and values == sorted(values, reverse=True)
    low = ans(col, "平潭实验区2022到2024年行政许可从少到多排一下")
    assert [p.value for p in low.points if p.value is not None] == sorted(values)


def test_a_departments_share_of_its_whole_place(col):
    a = ans(col, "综合执法局2023年的行政处罚占全区行政处罚的百分之多少")
    part = ans(col, "平潭综合实验区综合执法与应急管理局2023年行政处罚决定多少件").value
    whole = ans(col, "平潭综合实验区2023年行政处罚决定多少件").value
    assert a.status == "answered" and a.unit == "%" and abs(a.value - part / whole * 100) < 0.01
    assert "平潭综合实验区2023年" in a.answer


def test_a_quoted_sentence_with_a_blank_is_filled_from_the_report(col):
    from qa.quotes import quoted_blank

    assert quoted_blank("报告写着“新闻发布会（ ）场”，是几场") == ("新闻发布会", "场")
    assert quoted_blank("平潭2024年收到多少申请") is None
    a = ans(col, "淮安市政府2024年报告说“等新闻发布会___场，努力传递政府”，空里填多少")
    assert (a.status, a.value) == ("answered", 12)
    from qa.plan import state_of
    from qa.quotes import quoted_figure

    st = state_of(col)
    huaian = st.reports_of({"淮安市人民政府"}, [2024])
    assert quoted_figure("“等新闻发布会___场，努力传递政府”", st, huaian)[1].cand.value == 12
    assert quoted_figure("“等新闻发布会___场，努力压缩成本”", st, huaian) is None  # no such sentence


def test_addends_in_the_unit_asked():
    report = parsed_report(REAL / "平潭综合实验区_2018.html")
    a = answer("2018年平潭各部门新媒体微博和微信一共发了多少条信息", MemoryCollection([report]))
    assert (a.status, a.unit) == ("answered", "条") and all(i.unit == "条" for i in a.inputs)


def test_a_count_asked_in_the_prose_unit_is_the_prose_figure():
    report = parsed_report(REAL / "平潭综合实验区经济发展局_2025.html")
    col = MemoryCollection([report])
    said = answer("平潭经发局2025年依申请公开多少条", col)
    assert (said.status, said.value, said.unit) == ("answered", 177, "条") and said.source.kind == "text"
    asked = answer("平潭经发局2025年收到多少件申请", col)
    assert asked.unit == "件" and asked.source.kind == "table"


def test_figures_asked_one_by_one_are_not_read_as_one_figure(col):
    a = ans(col, "平潭综合实验区2024年行政复议总计多少件？结果纠正多少件？")
    assert a.status == "answered" and a.shape == "list" and len([p for p in a.points if p.value is not None]) == 2


def test_the_mean_and_median_of_a_series(col):
    import statistics

    series = ans(col, "平潭综合实验区2022到2024年每年行政处罚分别是多少")
    values = [p.value for p in series.points if p.value is not None]
    mean = ans(col, "平潭综合实验区2022到2024年行政处罚平均每年多少件")
    median = ans(col, "平潭综合实验区2022到2024年行政处罚的中位数")
    assert len(values) == 3 and abs(mean.value - statistics.fmean(values)) < 1e-6
    assert median.value == statistics.median(values) and "中位数" in median.answer


def test_a_change_over_a_range_is_the_first_year_against_the_last(col):
    a = ans(col, "从2022年到2024年，平潭综合实验区行政处罚增长了百分之多少")
    first = ans(col, "平潭综合实验区2022年行政处罚决定多少件").value
    last = ans(col, "平潭综合实验区2024年行政处罚决定多少件").value
    assert a.unit == "%" and abs(a.value - (last - first) / first * 100) < 0.01


def test_a_share_asked_without_its_denominator_is_the_share_the_report_prints():
    report = parsed_report(REAL / "平潭综合实验区_2018.html")
    a = answer("平潭2018年各乡镇主动公开政府信息占多大比例", MemoryCollection([report]))
    assert (a.status, a.value, a.unit) == ("answered", 23.1, "%") and a.source.kind == "text"


def test_a_series_point_without_a_figure_never_reads_as_none(col):
    """A year whose report has no such figure is "未找到" ("无" read as "none", i.e. zero)."""
    a = ans(col, "平潭综合实验区2012年和2019年行政处罚决定各多少件")
    assert a.shape == "series" and "2012年 未找到" in a.answer and "无" not in a.answer


@pytest.mark.parametrize("text, values", [
    ("淮安市2024年行政复议多少件？行政诉讼呢？", [351, 46]),
    ("淮安市2024年因属于国家秘密不予公开的有几件？三类内部事务信息的呢？", [2, 8]),
])
def test_a_short_question_after_a_question_is_a_second_item(col, text, values):
    a = ans(col, text)
    assert a.shape == "list" and [p.value for p in a.points] == values


def test_a_count_then_its_share_asked_one_after_another(col):
    """"予以公开几件？占新收申请的比例？": the count, then the count over the whole the question names."""
    a = ans(col, "平潭综合实验区2024年予以公开的有几件？占新收申请的比例是多少？")
    assert a.shape == "list" and [p.unit for p in a.points] == ["件", "%"]
    count, share = (p.value for p in a.points)
    assert count == 71 and share == pytest.approx(71 / 218 * 100)


def test_three_things_named_with_one_enumeration_comma_and_an_and_are_a_list(col):
    a = ans(col, "平潭综合实验区2024年网上搞了几期民意征集、网上调查和在线访谈")
    assert a.shape == "list" and [p.value for p in a.points] == [53, 51, 12]


def test_a_share_of_a_whole_over_one_hundred_percent_is_never_given(col):
    """"what share of X was Y": Y is part of X; a figure pair giving 1980 % is the wrong pair."""
    a = ans(col, "平潭综合实验区2024年主动公开政府信息占行政规范性文件的比例")
    assert a.status != "answered" or a.value <= 100


def test_a_fall_said_colloquially_is_asked_as_a_positive_figure():
    from qa.operations import falling

    assert all(falling(t) for t in ("访问量2013年比2012年掉了多少", "跌了多少", "回落了多少"))
    assert not falling("增加了多少")


def test_a_difference_asked_of_one_figure_understood_is_never_that_figure(col):
    """"…历年累计比2019年当年多多少": only one figure understood; the answer is not that figure."""
    a = ans(col, "平潭综合实验区主动公开信息历年累计比2019年当年多多少条")
    assert a.status != "answered" or a.operation != "lookup"


def test_a_question_asked_before_a_list_is_no_item_of_it(col):
    """"…的申请最后都怎么处理的？公开、部分公开…各几件": 公开 is a result, not the requests received."""
    a = ans(col, "淮安市2024年的申请最后都是怎么处理的？公开、部分公开、无法提供各几件")
    assert [p.key for p in a.points] == ["requests.result.disclosed.total", "requests.result.partly_disclosed.total",
                                         "requests.result.unavailable.total"]


def test_a_sum_with_an_addend_the_file_lost_and_an_amount_asked_of_counts_are_no_answer():
    """Never a believable wrong figure: a sum whose one addend the rendering lost (a scan) is not the
    other addend alone, and a fee asked of a report that states none is not a count in 件."""
    import dataclasses

    report = parsed_report(REAL / "淮安市人民政府_2024.pdf")
    lost = [dataclasses.replace(f, value=None, unreadable=True)
            if f.key == "review.litigation_after_review.total" else f for f in report.facts]
    scanned = MemoryCollection([dataclasses.replace(report, facts=tuple(lost))])
    whole = ans(MemoryCollection([report]), "淮安市政府2024年直接起诉加复议后起诉的行政诉讼一共多少件")
    assert (whole.status, whole.value) == ("answered", 46)
    a = ans(scanned, "淮安市政府2024年直接起诉加复议后起诉的行政诉讼一共多少件")
    assert a.status != "answered" and a.value is None
    # no fee figure at all: an amount is asked, no count of requests answers it
    no_fees = [f for f in report.facts if "fee" not in (f.key or "")]
    bare = dataclasses.replace(report, facts=tuple(no_fees), figures=tuple(
        g for g in report.figures if "费" not in g.noun + g.sentence))
    b = ans(MemoryCollection([bare]), "淮安市政府2024年全年收了多少政府信息公开信息处理费？")
    assert b.status != "answered" or b.unit == "元", b.answer
    # the same question of the report that states the fee: its amount
    assert ans(MemoryCollection([report]), "淮安市政府2024年全年收了多少政府信息公开信息处理费？").value == 3940


def test_a_whole_said_with_its_two_parts_is_the_whole(col):
    # "（直接起诉加复议后起诉）", "直接起诉和复议后起诉都算上", "counting both direct suits and suits after
    # reconsideration": the parts say what the whole counts; the whole (or its column) is asked
    lawsuits = ans(col, "淮安市政府2024年行政诉讼一共多少件").value
    assert lawsuits == 46
    for q in ("淮安市政府2024年行政诉讼总共几件？直接起诉和复议后起诉都算上",
              "淮安市政府2024年的行政诉讼（直接起诉加复议后起诉）有多少件",
              "淮安市政府2024年行政诉讼（直接起诉或复议后起诉）一共多少件",
              "How many lawsuits in total (filed directly or after reconsideration) did 淮安市政府 face in 2024?"):
        assert ans(col, q).value == lawsuits, q
    pending = ans(col, "In 2024 how many lawsuits against 淮安市政府 were still pending, counting both direct suits "
                       "and suits after reconsideration?")
    assert (pending.status, pending.value) == ("answered", 1 + 6)
    share = ans(col, "淮安市政府2024年行政诉讼（直接起诉加复议后起诉）里，法院维持的占总案件数的百分比？")
    assert share.value == pytest.approx(25 / 46 * 100, abs=1e-4)


def test_two_agencies_named_again_in_the_comparison_are_compared_in_that_order(col):
    # "洪泽区和淮安市政府…，淮安市比洪泽区多多少件": both named again in the comparison; 淮安市 first
    a = ans(col, "洪泽区和淮安市政府2024年新收信息公开申请，淮安市比洪泽区多多少件？")
    hongze = ans(col, "洪泽区2024年新收信息公开申请多少件").value
    huaian = ans(col, "淮安市政府2024年新收信息公开申请多少件").value
    assert (a.status, a.value) == ("answered", huaian - hongze)


def test_which_year_was_larger_and_by_how_much_is_a_distance(col):
    a = ans(col, "平潭综合实验区行政处罚2023年和2024年相比，哪年多，差多少件？")
    assert a.value == 1330 - 1100 and a.value > 0


def test_a_list_in_brackets_after_its_heading_takes_the_heading(col):
    a = ans(col, "淮安市政府2024年行政诉讼按结果分别是多少件（维持、纠正、其他、尚未审结）？")
    assert [p.key for p in a.points] == ["review.litigation.upheld", "review.litigation.corrected",
                                         "review.litigation.other", "review.litigation.pending"]


def test_a_department_said_without_its_name_is_not_the_government(col):
    # "平潭那个局": one of 平潭's bureaus, not said which: not the 管委会's own report
    a = ans(col, "平潭那个局2024年收到多少件信息公开申请")
    assert a.status in ("ambiguous", "not_found") and a.value is None


def test_a_list_whose_every_item_the_file_lost_is_no_answer():
    import dataclasses

    report = parsed_report(REAL / "淮安市人民政府_2024.pdf")
    lost = tuple(dataclasses.replace(f, value=None, unreadable=True) if (f.key or "").startswith("review.reconsideration")
                 else f for f in report.facts)
    scanned = MemoryCollection([dataclasses.replace(report, facts=lost)])
    q = "淮安市政府2024年行政复议总计和结果维持分别多少件？"
    assert ans(MemoryCollection([report]), q).status == "answered"
    a = ans(scanned, q)
    assert a.status != "answered" and not [p for p in a.points if p.value is not None]


def test_a_share_of_the_total_is_of_the_whole_a_list_after_qizhong_is_of():
    # "共432条，其中主动公开99条，依申请公开311条": a share of the total (总数) is of 432; of a named item
    # of the list it stays of that item
    col = MemoryCollection([parsed_report(REAL / "平潭综合实验区社会事业局_2024.html")])
    a = ans(col, "平潭综合实验区社会事业局2024年主动公开的信息占制作、获取信息总数的比例是多少？")
    assert a.value == pytest.approx(99 / 432 * 100, abs=1e-4)
    b = ans(col, "平潭综合实验区社会事业局2024年主动公开信息数占依申请公开信息数的比例")
    assert b.value == pytest.approx(99 / 311 * 100, abs=1e-4)


def test_one_figure_as_a_multiple_of_another_of_the_same_report(col):
    # "A是B的几倍": A ÷ B, in 倍; "how many times was it sued" stays a count
    a = ans(col, "淮安市政府2024年行政复议件数是行政诉讼的几倍")
    assert (a.status, a.unit) == ("answered", "倍") and a.value == pytest.approx(351 / 46, abs=1e-3)
    assert ans(col, "How many times was Huai'an city government sued in 2024?").value == 46


def test_refusal_reasons_said_plainly_in_a_conversation(col):
    first, q = ask("淮安市政府2024年以保密为由不给公开的有几件", col)
    second, q = ask("那说涉及别人隐私、第三方权益不给的呢", col, context=q)
    third, _ = ask("说本机关没有这个信息的呢", col, context=q)
    assert [r.understood.keys[:1] for r in (first, second, third)] == [
        ("requests.result.withheld.state_secret.total",), ("requests.result.withheld.third_party.total",),
        ("requests.result.unavailable.not_held.total",)]


def test_rows_and_columns_asked_together_give_every_cell(col):
    a = ans(col, "淮安市政府2024年规章和规范性文件的制发、废止、现行有效数")
    assert [p.key for p in a.points] == [f"proactive.{row}.{column}" for row in ("rules", "normative_documents")
                                         for column in ("issued", "repealed", "in_force")]


def test_one_agencys_figure_as_a_percentage_of_anothers(col):
    a = ans(col, "洪泽区2024年的行政事业性收费相当于淮安市政府的百分之几")
    assert (a.status, a.unit) == ("answered", "%") and a.value == pytest.approx(75450000 / 961716000 * 100, abs=1e-3)


def test_one_figure_per_unit_of_another(col):
    # "信息处理费平均到每件新收申请": 3,940 元 ÷ 3,119 件, in 元; "per the report text" is no division
    for q in ("淮安市政府2024年信息处理费平均到每件新收申请是多少元",
              "What was Huai'an city government's information processing fee per new request in 2024?"):
        a = ans(col, q)
        assert (a.status, a.unit) == ("answered", "元") and a.value == pytest.approx(3940 / 3119, abs=1e-4), q
    b = ans(col, "What share of Huai'an city government's 2024 requests were answered 'unable to provide', per the report?")
    assert b.unit == "%" or b.status != "answered"


def test_a_row_said_first_then_only_its_columns(col):
    a = ans(col, "淮安市政府2024年复议后起诉的诉讼，维持、纠正、其他结果、尚未审结分别是多少？")
    assert [p.key for p in a.points] == [f"review.litigation_after_review.{c}"
                                         for c in ("upheld", "corrected", "other", "pending")]


def test_who_received_more_compares_the_two_agencies(col):
    # "谁收的…多": 谁 is the question, 收 the verb; the metric is the requests received
    a = ans(col, "2024年淮安市政府和洪泽区政府谁收的信息公开申请多？")
    assert a.status == "answered" and a.value == 3119


def test_which_way_a_figure_went_gives_both_years_and_the_year_asked(col):
    a = ans(col, "洪泽区2024年行政处罚决定有多少件？跟2023年比是多了还是少了？")
    assert (a.status, a.shape, a.value) == ("answered", "series", 2776)
    assert [(p.year, p.value) for p in a.points] == [(2023, 4119), (2024, 2776)]
    assert "减少1,343件" in a.answer
    by_how_much = ans(col, "洪泽区2024年行政处罚决定比2023年少了多少件？")
    assert by_how_much.value == -1343 or by_how_much.value == 1343  # the change itself, asked
    en = ans(col, "How many administrative penalty decisions did Hongze make in 2024, and was that up or down from 2023?")
    assert (en.shape, en.value) == ("series", 2776) and "fell by 1,343" in en.answer


def test_a_figure_disclosed_on_request_is_not_one_disclosed_proactively(tmp_path):
    """One sentence gives both ways of disclosure; a question of one never gets the other's figure."""
    from corpus.files import load_document
    from corpus.report import build_report
    from qa.metrics import best, report_candidates
    from qa.question import understand

    path = tmp_path / "某县民政局2024年政府信息公开工作年度报告.txt"
    path.write_text("某县民政局2024年政府信息公开工作年度报告\n一、总体情况\n"
                    "2024年，我局通过“某县人民政府”门户网站主动公开政府信息37条，依申请公开信息数2条。\n",
                    encoding="utf-8")
    cands = report_candidates(build_report(load_document(path)))
    agencies = ["某县民政局"]
    proactive = best(understand("某县民政局2024年主动公开了多少条政府信息？", agencies).slots, cands, "条")
    on_request = best(understand("某县民政局2024年依申请公开信息多少条？", agencies).slots, cands, "条")
    assert proactive[0][1].value == 37 and on_request[0][1].value == 2


def test_a_sum_of_cells_of_several_rows_and_columns_is_not_added(col):
    """Parts read apart from the row they belong to (a column of one row, a column of another): no sum
    anyone asks for, so no figure; a sum within one row or one column is added."""
    a = answer_as(col, "淮安市2024年商业企业新收申请和科研机构不予处理一共多少件？", operation="sum")
    assert a.status != "answered"
    row = ans(col, "淮安市2024年商业企业和法律服务机构新收申请一共多少件？")
    assert (row.status, row.value) == ("answered", 53 + 61)


def test_the_parts_of_a_row_and_their_total_asked_one_after_the_other(col):
    a = ans(col, "淮安市人民政府2024年“其他处理”的几种情形分别是多少件？合计多少？")
    assert a.shape == "list"
    assert sorted(p.value for p in a.points) == sorted([71, 6, 110, 187])


def test_which_way_asked_as_a_yes_or_no(col):
    a = ans(col, "平潭综合实验区2024年行政事业性收费金额是多少？是不是比2023年多了很多？")
    assert (a.shape, a.value) == ("series", 186510600) and "增加" in a.answer


def test_which_way_when_the_other_years_report_is_not_held(col):
    a = ans(col, "上海市人民政府办公厅2019年一共受理了多少件政府信息公开申请？跟2018年比是涨了还是回落了？")
    assert (a.status, a.value) == ("answered", 859) and "2018" in a.answer


def test_the_table_asked_after_quoting_the_prose(col):
    """"正文说…17件，可表格里…写的是多少": the prose is quoted, the table's figure is asked."""
    a = ans(col, "洪泽区2024年报正文说区政府办受理了17件申请，可表格里本年新收政府信息公开申请数量写的是多少？")
    assert (a.value, a.source.kind) == (95, "table") and "17" in a.answer
    prose = ans(col, "洪泽区2024年报告正文说区政府办受理了多少件申请？")
    assert (prose.value, prose.source.kind) == (17, "text")


def test_a_sum_over_named_agencies_is_given_only_with_every_one_of_them(col):
    """Three departments named, one of which holds no such figure: no partial sum given as the sum."""
    whole = ans(col, "平潭综合实验区财政金融局和平潭综合实验区社会事业局2024年本年新收申请加起来一共多少件？")
    assert whole.status == "answered" and whole.value == sum(
        ans(col, f"平潭综合实验区{d}2024年本年新收申请多少件？").value for d in ("财政金融局", "社会事业局"))
    partial = ans(col, "平潭综合实验区农业农村局和平潭综合实验区社会事业局2024年本年新收申请加起来一共多少件？")
    assert partial.status == "not_found" and "农业农村局" in partial.answer  # it has no 2024 report


def test_the_parts_of_one_figure_ranked_with_their_n(col):
    a = ans(col, "淮安市人民政府2024年不予公开的各种理由里，件数最多的前三个是哪些？各多少件？")
    assert a.shape == "list" and [p.value for p in a.points] == [105, 31, 12]
    assert "属于行政查询事项" in a.points[0].label


def test_the_first_of_the_parts_ranked_and_its_lead_over_the_second(col):
    # the lead is the gap of the two largest parts, whatever words say "the second"
    a = ans(col, "淮安市人民政府2024年不予公开的各种理由里，件数最多的前三个是哪些？各多少件？")
    first, second = a.points[0].value, a.points[1].value
    for text in ("淮安市人民政府2024年不予公开的理由里，哪一类最多？比第二名多多少件？",
                 "淮安市人民政府2024年不予公开的申请里，哪个细分理由最多？领先第二名多少件？",
                 "淮安市人民政府2024年不予公开的理由中最常见的是哪一种？比排第二的那类多出几件？"):
        a = ans(col, text)
        assert (a.status, a.value) == ("answered", first - second), text
        assert {i.value for i in a.inputs} == {first, second}
    a = ans(col, "淮安市人民政府2024年不予公开的申请里，哪个细分理由最多？有多少件？")
    assert (a.status, a.value) == ("answered", first)


def test_items_named_then_ranked_give_the_first_or_its_lead(col):
    text = "洪泽区人民政府2024年行政许可、行政处罚、行政强制三项处理决定哪个最多？比第二多多少？"
    a = ans(col, text)
    assert (a.status, a.value) == ("answered", 9487 - 2776)
    a = ans(col, text.replace("哪个最多？比第二多多少？", "哪个最少？"))
    assert (a.status, a.value) == ("answered", 84)


def test_an_old_tables_figure_has_the_rows_printed_under_it_as_its_parts(col):
    # 2011 seed, 对申请的答复总数 766 with nine rows under it; the prose's 766 申请 has other parts
    a = ans(col, "上海市人力资源和社会保障局2011年对申请的答复里，各类答复分别多少？")
    assert a.shape == "list" and any("同意公开" in p.label for p in a.points)
    assert not any("当面申请" in p.label for p in a.points)
    a = ans(col, "上海市人力资源和社会保障局2011年对申请的答复里，哪种答复类型最多？比第二名多多少件？")
    assert (a.status, a.value) == ("answered", 427 - 85)


@pytest.mark.parametrize("text, key", [
    # a citizen's words for the template's rows; a story clause (有人去要资料) and reported speech
    # (政府说自己) around them ask nothing of their own
    ("淮安市洪泽区政府2024年有人去要资料，政府说自己手上没有这个信息的，有几件？",
     "requests.result.unavailable.not_held.total"),
    ("上海市政府办公厅2019年因为信息公开没走复议、直接被人告到法院的有几件？", "review.litigation_direct.total"),
    ("淮安市政府2024年申请信息的，政府全部都给看了的有多少件？", "requests.result.disclosed.total"),
    ("洪泽区2024年政府说手里压根没有这个信息的申请有几件？", "requests.result.unavailable.not_held.total"),
    ("How many requests did Huai'an city government disclose only in part in 2024?",
     "requests.result.partly_disclosed.total"),
])
def test_everyday_words_for_the_templates_rows(col, text, key):
    a = ans(col, text)
    assert a.status == "answered" and key in a.understood.keys, (text, a.understood.keys)


def test_addends_share_the_scope_said_before_them_not_the_whole_they_gloss(col):
    # "行政复议，被纠正的加上其他结果的": 其他结果 of 行政复议, not 其他处理's 其他 of the requests table
    a = ans(col, "平潭综合实验区2024年的政府信息公开行政复议，被纠正的加上其他结果的，合起来有几件？")
    assert a.status == "answered" and all(i.source.table.startswith("四") for i in a.inputs)
    assert a.value == sum(i.value for i in a.inputs) and len(a.inputs) == 2
    a = ans(col, "淮安市2024年行政诉讼里结果维持的，直接起诉的和复议后起诉的加起来多少件？")
    assert a.status == "answered" and all("结果维持" in i.source.column for i in a.inputs) and len(a.inputs) == 2
    # "法人或者其他组织（商业企业、…、其他）一共": the five columns, the whole they gloss no sixth addend
    a = ans(col, "淮安市政府2024年新收的申请里，法人或者其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）一共提了多少件？")
    assert len(a.inputs) == 5 and not any(i.source.column.endswith("法人或其他组织") for i in a.inputs)


def test_ranked_parts_leave_out_the_noughts_when_asked(col):
    everything = ans(col, "淮安市人民政府2024年新收的申请，按申请人类型看，哪一类最少？")
    nonzero = ans(col, "淮安市人民政府2024年新收的申请，按申请人类型看，不算0件的，哪一类最少？多少件？")
    assert everything.value == 0 and nonzero.status == "answered" and nonzero.value > 0
    assert not nonzero.disagreeing  # the prose's total is no second reading of one part


def test_a_section_heading_said_with_its_number_names_the_table_not_a_metric(col):
    a = ans(col, "平潭综合实验区2024年 四、政府信息公开行政复议、行政诉讼情况，行政复议“尚未审结”是几件")
    assert a.status == "answered" and a.source.column.endswith("尚未审结") and a.value is not None


def test_a_ratio_expressed_as_a_percentage_and_decimals_asked_of_a_rounded_share(col):
    a = ans(col, "Huai'an Municipal People's Government, 2024: what is the ratio of administrative lawsuits to "
                 "administrative reconsiderations, expressed as a percentage?")
    assert a.unit == "%" and a.value == pytest.approx(46 / 351 * 100, abs=0.01)
    assert ans(col, "What is the ratio of lawsuits to reconsiderations for Huai'an in 2024?").unit == "倍"
    # the seed prints 同意公开占比56%: asked with two decimals, the share computed from the table
    two = ans(col, "上海市人社局2011年同意公开的占答复总数的比例是多少？保留两位小数。")
    assert two.value == pytest.approx(427 / 766 * 100, abs=0.01) and two.source.kind == "computed"


def test_an_average_per_item_divides_by_the_items_its_sentence_counts(col):
    # 社会事业局 2024: 发布文章1061篇，累计阅读人数173.1万，累计阅读次数269.2万 (no unit after 万)
    for text in ("平潭综合实验区社会事业局2024年微信公众号每篇文章平均被阅读多少次？",
                 "平潭综合实验区社会事业局2024年微信公众号平均每篇文章被阅读多少次？"):
        a = ans(col, text)
        assert a.status == "answered" and a.value == pytest.approx(2692000 / 1061), text
    a = ans(col, "平潭综合实验区社会事业局2024年微信公众号文章累计被阅读了多少次？")
    assert (a.status, a.value, a.unit) == ("answered", 2692000, "次")


@pytest.mark.parametrize("text, value", [
    ("把“复议纠正率”定义为行政复议中“结果纠正”件数占复议总计的比例，淮安市人民政府2024年的复议纠正率是多少？", 64 / 351 * 100),
    ("我平时用的“开放度”=（予以公开+部分公开）÷本年度办理结果总计。按这个口径，淮安市人民政府2024年是多少？",
     (1362 + 454) / 3050 * 100),
])
def test_a_ratio_the_question_defines_is_computed_by_its_definition(col, text, value):
    a = ans(col, text)
    assert a.status == "answered" and a.value == pytest.approx(value)


def test_decisions_said_as_the_verb_that_makes_them(col):
    from qa.question import understand

    q = understand("洪泽区2024年一共作出多少起行政处罚？", col.agencies())
    assert any("决定" in s.alternatives for s in q.slots if s.text == "作出")
    a = ans(col, "洪泽区2024年一共作出多少起行政处罚？")
    assert (a.status, a.value) == ("answered", 2776)


def test_a_check_after_the_question_and_a_stated_pair_before_it(col):
    """"…总计栏是多少？与各项结果相加是否一致？": the total, with the check every answer shows, not a sum;
    "正文说A 2件、B 7件，…B是不是7件？": B's figure, not A's."""
    total = ans(col, "洪泽区2023年报告第四部分，行政复议的总计栏是多少？与维持、纠正等各项结果相加是否一致？")
    assert (total.status, total.value) == ("answered", 0) and "11" in total.answer
    pair = ans(col, "平潭综合实验区2023年报告正文说行政复议2件、行政诉讼7件，按表格核实，行政诉讼是不是7件？")
    assert (pair.status, pair.value) == ("answered", 7)


def test_a_prose_figure_answered_shows_the_table_that_disagrees_with_it():
    # 2013: "收到1份有关政府信息公开行政复议申请" while the statistics table prints 行政复议数 0
    col13 = MemoryCollection([parsed_report(REAL / "平潭综合实验区_2013.html")])
    a = ans(col13, "平潭综合实验区2013年收到几份行政复议申请？")
    assert a.value is not None
    failed = [c for c in a.checks if not c.ok]
    assert failed and failed[0].name == "prose_vs_table[review.reconsideration.total]"
    assert "不一致" in a.answer or "校验未通过" in a.answer
    # the figure the table prints instead stands beside it, and asked of the table, the sentence's
    assert [(d.value, d.source.kind) for d in a.disagreeing] == [(0, "table")]
    table = ans(col13, "平潭综合实验区2013年统计表里行政复议数是多少？")
    assert table.value == 0 and [(d.value, d.source.kind) for d in table.disagreeing] == [(1, "text")]


def test_the_parts_of_a_figure_by_reason_and_the_largest_of_them():
    # "按理由分别" asks for the parts of 不予公开; "数字最大的是哪一项" for the largest part, one of them
    a = ans(col_of("淮安市人民政府_2024.pdf"), "淮安市2024年不予公开的申请，按理由分别是多少件？")
    assert a.shape == "list" and len(a.points) == 9 and any("国家秘密" in p.label for p in a.points)
    a = ans(col_of("淮安市人民政府_2024.pdf"), "淮安市2024年不予公开的各项理由中哪一类最少？")
    assert a.status == "answered" and a.value is not None
    # "哪三类…最多", "最多的三项": that many parts, largest first, and 三类 is no row's words (三类内部事务信息)
    for text in ("淮安市政府2024年不予公开的8类理由里，哪三类件数最多？分别是多少？", "淮安市2024年不予公开的各项理由中件数最多的三项是哪些？"):
        a = ans(col_of("淮安市人民政府_2024.pdf"), text)
        values = [p.value for p in a.points]
        assert a.shape == "list" and len(values) == 3 and values == sorted(values, reverse=True), a.answer
        assert not any("三类内部事务" in p.label for p in a.points), a.answer


def col_of(*names):
    return MemoryCollection([parsed_report(REAL / n) for n in names])


def test_the_same_figures_of_a_list_for_another_year():
    # "同样五个数" points back at the list asked before; "五个数都要" asks for no item of its own
    pingtan = col_of("平潭综合实验区_2024.html", "平潭综合实验区_2025.html")
    first, ctx = ask("平潭综合实验区2024年行政复议那一块：结果维持、结果纠正、其他结果、尚未审结、总计，五个数都要。", pingtan)
    assert first.shape == "list" and len(first.points) == 5
    a, _ = ask("2025年的同样五个数呢？", pingtan, context=ctx)
    assert a.shape == "list" and len(a.points) == 5 and all(p.year == 2025 for p in a.points)


def test_one_agencys_figure_as_a_share_of_anothers():
    huaian = col_of("淮安市人民政府_2024.pdf", "淮安市洪泽区人民政府_2024.pdf")
    a = ans(huaian, "洪泽区2024年新收的政府信息公开申请占淮安市2024年新收申请的百分之几？")
    assert a.status == "answered" and a.value == pytest.approx(95 / 3119 * 100)


def test_the_largest_part_asked_alone_is_a_figure():
    a = ans(col_of("淮安市人民政府_2024.pdf"), "淮安市2024年“无法提供”三个子项里数字最大的是哪一项，多少件？")
    assert a.status == "answered" and a.value == 769 and a.shape == "single"


def test_compared_with_a_year_that_year_is_the_base():
    # "与2023年相比，…2024年…增加了多少": 2024 − 2023, not the reverse (相比 is no 比 between subject and base)
    hongze = col_of("淮安市洪泽区人民政府_2023.pdf", "淮安市洪泽区人民政府_2024.pdf")
    a = ans(hongze, "与2023年相比，洪泽区2024年行政许可处理决定增加了多少件？")
    assert a.value == 9487 - 550
    assert ans(hongze, "洪泽区2023年行政许可比2024年少了多少件？").value == 9487 - 550


def test_one_gong_asks_for_the_total_row_of_the_rows_that_fit_alike():
    """"办理的依申请公开一共多少件" fits 予以公开, 部分公开 … and （七）总计 of one column alike: 一共 asks
    for the 总计 row beside them; rows of another column or table, or two 总计 rows, decide nothing."""
    from types import SimpleNamespace as NS

    from qa.operations import _total_of_all

    def cell(*row, column=("申请人情况", "总计"), table="三"):
        return NS(fact=NS(row=list(row), column=list(column), table=table))

    head = "三、本年度办理结果"
    parts = [cell(head, "（一）予以公开"), cell(head, "（五）不予处理", "2.重复申请"), cell(head, "（七）总计")]
    assert _total_of_all(parts) is parts[2]
    assert _total_of_all(parts[:2]) is None
    assert _total_of_all(parts + [cell(head, "（一）予以公开", column=("申请人情况", "自然人"))]) is None
    assert _total_of_all(parts + [cell("四、结转下年度继续办理", "合计")]) is None


def test_two_questions_run_on_by_voice_input_are_a_list(col):
    a = ans(col, "平潭综合实验区两千零二十四年予以公开的申请有多少个然后部分公开的又有多少个")
    assert a.status == "answered" and len(a.points) == 2
    assert [p.value for p in a.points] == [ans(col, "平潭综合实验区2024年予以公开多少件？").value,
                                           ans(col, "平潭综合实验区2024年部分公开多少件？").value]


def test_a_prose_figure_read_off_a_scan_says_so_with_less_confidence():
    from types import SimpleNamespace as NS

    from qa.answering import read_off_a_scan
    from qa.results import Result

    figure = NS(where=NS(scanned=True, page=2))
    result = Result("answered", "lookup", cand=NS(figure=figure), value=420.0, confidence=0.95)
    said = read_off_a_scan(result, NS(language="zh"))
    assert said.confidence <= 0.6 and any("扫描页（第2页）" in c for c in said.detail["corrections"])
    typed = Result("answered", "lookup", cand=NS(figure=NS(where=NS(scanned=False, page=2))), confidence=0.95)
    assert read_off_a_scan(typed, NS(language="zh")) is typed


def test_a_shares_change_in_percentage_points_is_the_later_share_less_the_earlier(col):
    rates = {y: ans(col, f"平潭综合实验区{y}年的公开率是多少？").value for y in (2023, 2024)}
    for text in ("平潭综合实验区2024年公开率比2023年提高了几个百分点",
                 "By how many percentage points did Pingtan's disclosure rate change from 2023 to 2024?"):
        a = ans(col, text)
        assert a.status == "answered" and abs(a.value - (rates[2024] - rates[2023])) < 0.01, text
    said = ans(col, "平潭综合实验区的予以公开率，也就是予以公开件数除以办理结果总计，从2023年到2024年变了多少个百分点？")
    share = {y: ans(col, f"平潭综合实验区{y}年予以公开占办理结果总计的比例是多少？").value for y in (2023, 2024)}
    assert said.status == "answered" and abs(said.value - (share[2024] - share[2023])) < 0.01
    # a count's change "in 百分点", as people say it, is its percent change
    assert ans(col, "平潭综合实验区2024年新收申请比2023年变化了多少个百分点").unit == "%"


def test_whether_two_figures_are_equal_shows_both(col):
    a = ans(col, "平潭综合实验区2024年行政复议总计和行政诉讼总数相等吗？")
    assert a.status == "answered" and sorted(p.value for p in a.points) == sorted(
        [ans(col, "平潭综合实验区2024年行政复议多少件？").value, ans(col, "平潭综合实验区2024年行政诉讼多少件？").value])


def test_requests_concluded_are_the_requests_results_not_the_reviews_concluded(col):
    a = ans(col, "What proportion of the requests concluded by the Huai'an Municipal People's Government in 2024 were "
                 "withheld, taking the total of all outcomes of requests as the denominator?")
    total = ans(col, "淮安市人民政府2024年办理结果总计多少件？").value
    withheld = ans(col, "淮安市人民政府2024年不予公开多少件？").value
    assert a.value == pytest.approx(withheld / total * 100)


def test_pronouns_purposes_and_the_askers_aside_name_no_figure(col):
    first, q = ask("洪泽区政府2024年行政许可办了多少件？", col)
    again, _ = ask("那他们上一年呢？", col, context=q)
    assert again.status == "answered" and again.value == ans(col, "洪泽区政府2023年行政许可多少件？").value
    assert ans(col, "洪泽区2023年的行政处罚处理决定数量是多少我明天要交作业").value == \
        ans(col, "洪泽区2023年行政处罚处理决定数量是多少？").value
    said = ans(col, "请问淮安市政府2024年为了传递政府声音、回应关切，一共组织召开了多少场新闻发布会呢？")
    assert said.status == "answered" and said.value == ans(col, "淮安市政府2024年召开了多少场新闻发布会？").value
    counted = ans(col, "In the appeals and litigation section of the Hongze District government's 2024 report, what is "
                       "the total number of administrative lawsuits, counting both direct suits and suits filed after "
                       "reconsideration?")
    assert counted.value == ans(col, "洪泽区政府2024年行政诉讼总共多少件？").value


def test_quoted_row_labels_under_a_quoted_heading_summed_or_one_long_label(col):
    parts = [ans(col, f"淮安市人民政府2024年不予处理中{w}有多少件？").value for w in ("信访举报投诉类申请", "重复申请")]
    summed = ans(col, "请核对淮安市人民政府2024年年报表三：「（五）不予处理」项下「1.信访举报投诉类申请」「2.重复申请」两项之和是多少件？")
    assert (summed.status, summed.value) == ("answered", sum(parts))
    long_label = ans(col, "淮安市人民政府2024年「（六）其他处理」项下「2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其"
                          "政府信息公开申请」是多少件？")
    assert long_label.status == "answered" and "收费通知" in long_label.source.row


def test_a_share_whose_whole_is_said_apart_and_its_part_said_twice(col):
    carried = ans(col, "平潭综合实验区2024年结转下年度继续办理多少件？").value
    new = ans(col, "平潭综合实验区2024年本年新收申请多少件？").value
    for text in ("平潭综合实验区2024年新收的申请里，年底没办完、结转到下一年的占多少？分母用本年新收数。",
                 "以本年新收为分母，平潭综合实验区2024年结转下年度继续办理的占多少？"):
        a = ans(col, text)
        assert a.status == "answered" and a.value == pytest.approx(carried / new * 100), text


def test_the_askers_today_said_outright_is_the_base_of_relative_years(col):
    assert ans(col, "现在是2025年，洪泽那边前年行政许可批了多少个啊？").value == ans(col, "洪泽区2023年行政许可多少件？").value
    assert ans(col, "洪泽那边去年被人告到法院几回啊？今年是2025年").value == ans(col, "洪泽区2024年行政诉讼多少件？").value


def test_a_bare_city_government_beside_its_district_and_legal_words_for_outcomes(col):
    a = ans(col, "今晚要播淮安的片子：市政府和洪泽区政府2024年新收的信息公开申请加在一起一共多少件？")
    assert a.value == ans(col, "淮安市人民政府2024年本年新收申请多少件？").value + ans(col, "洪泽区政府2024年本年新收申请多少件？").value
    pending = ans(col, "淮安市政府2024年未经复议直接起诉的案子，还没判下来的有几件？")
    assert pending.value == ans(col, "淮安市政府2024年未经复议直接起诉的行政诉讼尚未审结多少件？").value
    upheld = ans(col, "淮安市政府2024年，当事人先复议、复议完又起诉的行政诉讼里，法院维持原行政行为的有几件？")
    assert upheld.value == ans(col, "淮安市政府2024年复议后起诉的行政诉讼结果维持多少件？").value
    claimed = ans(col, "淮安市政府2024年的行政处罚居然有近四百万件？确切数字到底是多少？")
    assert claimed.value == ans(col, "淮安市政府2024年行政处罚多少件？").value


def test_english_shares_said_against_what_they_are_not(col):
    total = ans(col, "淮安市人民政府2024年办理结果总计多少件？").value
    disclosed = ans(col, "淮安市人民政府2024年予以公开多少件？").value
    a = ans(col, "Of all the requests Huai'an municipal government finished processing in 2024, what percentage were "
                 "disclosed in full, as opposed to partly disclosed, withheld or otherwise handled?")
    assert a.value == pytest.approx(disclosed / total * 100)
    corrected = ans(col, "淮安市人民政府2024年行政复议结果纠正多少件？").value
    reviews = ans(col, "淮安市人民政府2024年行政复议总计多少件？").value
    rate = ans(col, "For 2024, what was the correction rate in Huai'an municipal government's administrative "
                    "reconsideration cases, that is, outcomes corrected as a share of all reconsideration cases?")
    assert rate.value == pytest.approx(corrected / reviews * 100)


def test_a_follow_up_asking_how_much_more_in_another_year_is_the_change_from_the_year_before(col):
    first, q = ask("平潭综合实验区2023年行政复议多少件？", col)
    more, _ = ask("那2024年比它多了多少？", col, context=q)
    later = ans(col, "平潭综合实验区2024年行政复议多少件？").value
    assert more.status == "answered" and more.value == later - first.value
    plain, _ = ask("那2024年呢？", col, context=q)
    assert plain.value == later  # no change asked: the year's own figure


def test_a_column_said_after_the_rows_is_every_rows(col):
    a = ans(col, "上海市政府办公厅2019年规章和规范性文件，对外公开总数各多少件？")
    assert [p.value for p in a.points] == [ans(col, f"上海市政府办公厅2019年{w}对外公开总数量是多少？").value
                                           for w in ("规章", "行政规范性文件")]


def test_one_outcome_said_in_two_legal_wordings_or_with_examples_is_one_figure(col):
    # "驳回诉讼请求、维持被诉行为" are two wordings of 结果维持, not two columns asked one by one
    upheld = ans(col, "平潭综合实验区2024年经行政复议后起诉的政府信息公开行政诉讼中，法院判决驳回诉讼请求、维持被诉行为的有几件？")
    assert upheld.shape == "single"
    assert upheld.value == ans(col, "平潭综合实验区2024年复议后起诉的行政诉讼结果维持多少件？").value
    # "（如原告撤诉、法院裁定驳回起诉）" gives examples of 其他结果; 驳回 there is no 维持
    other = ans(col, "洪泽区人民政府2024年复议后起诉的政府信息公开案件中，结果为“其他结果”（如原告撤诉、法院裁定驳回起诉）的有几件？")
    assert other.shape == "single"
    assert other.value == ans(col, "洪泽区2024年复议后起诉的行政诉讼其他结果多少件？").value
    # "被撤销、确认违法或责令重作等予以纠正的": examples of 纠正 before 等
    corrected = ans(col, "淮安市人民政府2024年行政复议案件中，被撤销、确认违法或责令重作等予以纠正的有几件？")
    assert corrected.value == ans(col, "淮安市人民政府2024年行政复议结果纠正多少件？").value
    # two columns are still two: "维持、纠正各几件"; examples that are the things asked stay a list
    assert ans(col, "淮安市2024年行政复议维持、纠正各几件").shape == "list"
    assert len(ans(col, "淮安市2024年行政许可、行政处罚等处理决定分别是多少").points) == 2


def test_an_example_before_deng_names_no_row_of_its_own_and_taiwan_words_are_the_mainlands(col):
    # "律师事务所等法律服务机构": 事务所 is an example of the column, not 内部事务信息's row; 資訊 is 信息
    lawyers = ans(col, "淮安市人民政府2024年新收的申请中法律服务机构提出的有多少件？")
    assert lawyers.status == "answered" and lawyers.source.column.endswith("法律服务机构")
    for q in ("淮安市人民政府2024年度，由律师事务所等法律服务机构提出的信息公开申请有多少件？",
              "淮安市人民政府2024年度，由律師事務所等法律服務機構提出的資訊公開申請有多少宗？",
              "淮安市政府2024年律师事务所这类法律服务机构提了多少件申请？"):
        a = ans(col, q)
        assert (a.value, a.source.row, a.source.column) == (lawyers.value, lawyers.source.row, lawyers.source.column)


def test_none_said_in_words_staff_spending_and_letters_in_everyday_words():
    tax = col_of("平潭综合实验区地方税务局_2013.txt")
    # "我局没有从事政府信息公开工作的全职人员，兼职人员1人": none is a figure of 0; 几个人 asks how many people
    staff = ans(tax, "地税局2013年有几个人全职搞信息公开？兼职的又有几个？")
    assert staff.shape == "list" and [p.value for p in staff.points] == [0, 1]
    assert ans(tax, "平潭综合实验区地方税务局2013年全职人员有几人？").value == 0
    # "花了多少钱" is what was spent: "政府信息公开费用1万元"
    spent = ans(tax, "地税局2013年搞信息公开花了多少钱？")
    assert (spent.value, spent.unit, spent.source.kind) == (10000, "元", "text")
    # ... and of a purchase, the amount: "花了多少钱" only hints at money spent
    shanghai = col_of("上海市人民政府办公厅_2019.txt")
    assert ans(shanghai, "上海市政府办公厅2019年政府集中采购花了多少钱？").value == \
        ans(shanghai, "上海市人民政府办公厅2019年政府集中采购总金额是多少？").value == 251000
    # 寄信 is a request by letter
    letters = ans(col_of("平潭综合实验区交通与建设局_2024.html"), "交建局2024年寄信申请的有多少件？")
    assert letters.status == "answered" and "信函" in (letters.source.row + letters.source.column + letters.answer)


def test_a_presenters_talk_a_listeners_guess_and_claims_checked_name_no_figure(col):
    new = ans(col, "平潭综合实验区2024年本年新收政府信息公开申请多少件？").value
    spoken = ans(col, "好，下一位听众朋友的问题是啊，那个，平潭综合实验区两千零二十四年一整年，就是说全区新收到的政府"
                      "信息公开申请，一共是多少件？他自己猜是两百件出头，是不是这样？")
    assert spoken.value == new
    suits = ans(col, "淮安市人民政府2024年行政诉讼多少件？").value
    caller = ans(col, "听众王先生来电说，他看到报道讲淮安市两千零二十四年因为政府信息公开被告上法庭的行政诉讼有四十多件，"
                      "那个，到底是多少件？")
    assert caller.value == suits
    # a figure said back in 千 or 万 with no unit ("是7545千还是7545万"), as the table prints it ("写的7545")
    fees = ans(col, "洪泽区2024年行政事业性收费是多少？")
    assert ans(col, "洪泽区2024年行政事业性收费写的7545，是7545千还是7545万？到底多少钱？").value == fees.value
    # a stated figure before the clause that asks, and the check after it ("真有这么多？")
    after_review = ans(col, "平潭社会事业局2024年复议后起诉的行政诉讼总计多少件？").value
    assert ans(col, "平潭社会事业局2024年才收2个申请，复议后起诉的官司却有15起？真有这么多？").value == after_review
    # hearsay that none was lost, then the figure asked; a yes-or-no on what the figure means after it
    corrected = ans(col, "洪泽区2024年行政诉讼结果纠正多少件？").value
    assert ans(col, "有人说洪泽区2024年信息公开官司一个都没输，是不是真的？被法院纠正的有几件？").value == corrected
    printed = ans(col, "洪泽区2023年报里政府信息公开行政复议那一栏“总计”填的是几？是不是就说明一件复议都没有？")
    assert printed.status == "answered" and printed.value == 0 and printed.disagreeing[0].value == 11


def test_the_table_asked_where_the_question_asks_is_the_tables_figure(col):
    # the prose says "诉讼9件，均获维持"; "表里维持的到底几件" asks for the table's 结果维持
    table = ans(col, "上海市政府办公厅2019年行政诉讼结果维持多少件？")
    a = ans(col, "上海市政府办公厅2019年报告说信息公开诉讼9件“均获维持”，是不是一件都没输？表里维持的到底几件？")
    assert a.value == table.value and a.source.kind != "text"


def test_a_formula_spelt_out_with_a_summed_denominator_a_quoted_heading_or_no_word_before_it(col):
    def v(q):
        return ans(col, q).value

    new, carried = v("淮安市人民政府2024年本年新收申请多少件？"), v("淮安市人民政府2024年上年结转申请多少件？")
    forward = v("淮安市人民政府2024年结转下年度继续办理多少件？")
    rate = ans(col, "请计算淮安市人民政府2024年政府信息公开申请的结转率，口径：结转率=“结转下年度继续办理”数÷"
                    "（“本年新收申请数量”+“上年结转申请数量”）×100%，保留两位小数。")
    assert rate.value == round(forward / (new + carried) * 100, 2)  # 保留两位小数: rounded as asked
    assert f"({new:,.0f} + {carried:,.0f})" in rate.source.quote
    done = ans(col, "平潭综合实验区2024年依申请公开的办结率是多少？按“本年度办理结果（七）总计”除以“本年新收+上年结转”计算。")
    assert done.value == pytest.approx(v("平潭综合实验区2024年办理结果总计多少件？") * 100 / (
        v("平潭综合实验区2024年本年新收申请多少件？") + v("平潭综合实验区2024年上年结转申请多少件？")))
    # "除以“（七）总计”": the total of the numerator's own rows
    share = ans(col, "按“（四）无法提供”三个小项之和除以“（七）总计”的口径，平潭综合实验区2024年因无法提供而办结的申请占比是多少？")
    assert share.value == pytest.approx(v("平潭综合实验区2024年无法提供多少件？") * 100 / v("平潭综合实验区2024年办理结果总计多少件？"))
    corrected = ans(col, "请计算淮安市人民政府2024年政府信息公开行政复议的纠错率，口径：结果纠正件数÷已审结件数。")
    concluded = v("淮安市人民政府2024年行政复议已审结多少件？")
    assert corrected.value == pytest.approx(v("淮安市人民政府2024年行政复议结果纠正多少件？") * 100 / concluded)
    # a rate the product knows, spelt out "…除以行政诉讼总件数作为败诉率": its words after 作为 are no denominator
    lost = ans(col, "以行政诉讼中“结果纠正”的件数（未经复议直接起诉与复议后起诉两类相加）除以行政诉讼总件数作为败诉率，"
                    "淮安市政府2024年政府信息公开行政诉讼的败诉率是多少？")
    assert lost.value == pytest.approx(v("淮安市政府2024年行政诉讼结果纠正多少件？") * 100 / v("淮安市政府2024年行政诉讼多少件？"))
    # "企业和其他组织（不算个人）": the organisations' columns, the aside saying what is left out
    assert v("淮安市人民政府2024年企业和其他组织（不算个人）新提出的申请一共多少件？") == \
        v("淮安市人民政府2024年新收申请中，来自法人或其他组织的共多少件？")
    # a bare 其他 among columns added up is the column 其他
    assert v("淮安市人民政府2024年新收申请中，商业企业、科研机构、社会公益组织、法律服务机构、其他五列相加是多少？") == \
        v("淮安市人民政府2024年新收申请中，来自法人或其他组织的共多少件？")


def test_noise_of_spoken_questions_ranges_said_with_words_between_and_the_bare_committee():
    pingtan = col_of(*(f"平潭综合实验区{s}.html" for s in (
        "_2019", "_2020", "_2021", "_2022", "_2023", "_2024", "_2025", "经济发展局_2025", "市场监督管理局_2025")))
    # "从2019年新表格开始到2025年": every year from one to the other
    series = ans(pingtan, "平潭综合实验区从2019年新表格开始到2025年，哪一年新收申请最多、哪一年最少？把每年的数列出来。")
    assert series.shape == "series" and sorted(p.year for p in series.points) == list(range(2019, 2026))
    # "白忙活没办完、甩到明年的": slang for the requests carried into the next year
    assert ans(pingtan, "平潭实验区2025年白忙活没办完、甩到明年的申请有几个？").value == \
        ans(pingtan, "平潭综合实验区2025年结转下年度继续办理多少件？").value
    # "（管委会全区、经济发展局、市场监督管理局）": 管委会 beside the zone's bureaus is the zone's own report
    ranked = ans(pingtan, "2025年平潭的三份年报（管委会全区、经济发展局、市场监督管理局），按行政规范性文件现行有效件数排个序。")
    assert [p.agency for p in ranked.points][0] == "平潭综合实验区" and len(ranked.points) == 3


def test_an_english_agency_name_says_people_without_meaning_the_individual_applicants(col):
    a = ans(col, "How many requests from research institutions did the Shanghai Municipal People's Government "
                 "General Office receive in 2019?")
    assert a.status == "not_reported" and "research" in a.answer


def test_a_years_figure_per_month_and_columns_asked_after_a_row(col):
    penalties = ans(col, "平潭综合实验区2024年行政处罚多少件？").value
    monthly = ans(col, "核算一下：平潭综合实验区2024年行政处罚的“本年处理决定数量”按12个月平均，每月多少件？保留两位小数。")
    assert monthly.value == round(penalties / 12, 2) and "÷ 12" in monthly.source.quote  # 保留两位小数
    new = ans(col, "平潭综合实验区2024年本年新收申请多少件？").value
    assert ans(col, "平潭综合实验区2024年平均每月收到多少件信息公开申请").value == pytest.approx(new / 12)
    assert ans(col, "How many disclosure requests did Pingtan receive per month in 2024?").value == pytest.approx(new / 12)
    assert ans(col, "平潭综合实验区2024年每季度平均新收多少件申请").value == pytest.approx(new / 4)
    # days: as many as said, else the report year's (2024 a leap year); a month said as 一个月
    assert ans(col, "平潭综合实验区2024年新收的申请，按365天算平均每天多少件？").value == pytest.approx(new / 365)
    daily = ans(col, "平潭综合实验区2024年平均每天新收几件申请？")
    assert daily.value == pytest.approx(new / 366) and "366" in daily.answer
    assert ans(col, "How many new requests per day did Pingtan receive in 2024?").value == pytest.approx(new / 366)
    assert ans(col, "平潭综合实验区2024年行政处罚决定平均一个月几件？").value == pytest.approx(penalties / 12)
    # the report's own daily average, where it prints one, is the answer, not a division of the year's figure
    own = ans(col, "上海市人社局2011年12333智询通平均每天浏览多少次？")
    assert own.value == ans(col, "上海市人社局2011年12333智询通的日均浏览量是多少次？").value and "÷" not in own.answer
    # ... and not a larger figure whose sentence says 日均 of another (来电总量 beside 日均来电量)
    calls = ans(col, "上海市人社局2011年12333热线全年接听的市民来电多少个？").value
    assert ans(col, "上海市人社局2011年12333热线全年接听的市民来电，按365天算平均每天接多少个？").value \
        == pytest.approx(calls / 365)
    # a figure per head, the question asked first and its formula after: no percent, the first's unit
    staff = ans(col, "上海市人社局2011年政府信息公开指定工作人员总数是多少？").value
    received = ans(col, "上海市人社局2011年受理申请总数是多少？").value
    head = ans(col, "上海市人社局2011年，信息公开指定工作人员人均要处理多少件申请？就用受理申请总数除以指定工作人员总数。")
    assert head.value == pytest.approx(received / staff) and head.unit != "%" and "每人" in head.answer
    # "平均到每件申请" is still a figure over another's count
    fee = ans(col, "淮安市2024年信息处理费平均到每件申请是多少元")
    assert fee.unit == "元" and fee.value < 10
    # the columns asked after a question on a row are that row's
    first, q = ask("平潭综合实验区2024年行政规范性文件现行有效的一共有多少件？", col)
    both, _ = ask("那，那个，同一年本年新制发的有几件？废止了几件？", col, context=q)
    assert [p.label for p in both.points] and all("行政规范性文件" in p.label for p in both.points)


def test_a_level_said_with_no_place_is_the_collections_government_of_that_level():
    county = col_of("平潭县人民政府_2013.html", "平潭县教育局_2011.html", "淮安市洪泽区人民政府_2024.pdf")
    a = ans(county, "县里2013年网上申请信息公开的有几条？")
    assert a.status == "answered" and a.report.agency == "平潭县人民政府"
    assert a.value == ans(county, "平潭县人民政府2013年网上申请数是多少？").value
    # "区政府" where the collection holds one district government
    assert ans(county, "区政府2024年行政复议多少件？").report.agency == "淮安市洪泽区人民政府"


def test_a_report_described_by_its_dates_title_and_author_is_read_by_its_year(col):
    corrected = ans(col, "淮安市人民政府2024年行政复议结果纠正多少件？").value
    formal = ans(col, "据淮安市人民政府办公室发布、统计期限自2024年1月1日至2024年12月31日的《淮安市人民政府2024年政府信息公开"
                      "工作年度报告》，全市当年因政府信息公开被申请行政复议、且复议结果为纠正的案件有多少件？")
    assert (formal.report.year, formal.value) == (2024, corrected)
    # the date it was signed names no report year; "平台建设" names no bureau of another place
    signed = ans(col, "在平潭综合实验区对外公布、落款日期为2025年1月27日的2024年政府信息公开工作年度报告里，行政复议有多少件？")
    assert signed.report.year == 2024 and signed.value == ans(col, "平潭综合实验区2024年行政复议多少件？").value
    issue = ans(col, "由上海市人民政府办公厅编制、2020年1月31日发布的2019年政府信息公开工作年度报告，在介绍平台建设时"
                     "提到全年共编发了《上海市人民政府公报》多少期？")
    assert issue.report is not None and issue.report.agency == "上海市人民政府办公厅" and issue.unit == "期"


def test_a_row_quoted_as_the_table_prints_it_amid_angry_words_and_the_parts_all_counted(col):
    secret = ans(col, "洪泽区政府2023年动不动就拿国家秘密说事，年报里以“属于国家秘密”为由不予公开的到底几件？")
    assert secret.status == "answered" and "国家秘密" in secret.source.row
    assert secret.value == ans(col, "洪泽区2023年不予公开（属于国家秘密）多少件？").value
    internal = ans(col, "平潭综合实验区管委会2024年是不是拿“三类内部事务信息”当挡箭牌？这个理由一共拒了多少件申请？")
    assert "三类内部事务信息" in internal.source.row and internal.source.column.endswith("总计")
    # "信访类、重复申请那些五种情形全算上": the parts of what is asked, not addends of their own
    handled = ans(col, "淮安市政府2024年“不予处理”的申请总共多少件？信访类、重复申请那些五种情形全算上。")
    assert handled.value == ans(col, "淮安市人民政府2024年不予处理多少件？").value


def test_a_government_named_in_full_that_the_collection_lacks_and_the_year_before_last(col):
    # "福州市人民政府…？平潭以前归福州管": 平潭 named in passing is not the agency asked about
    a = ans(col, "福州市人民政府2024年收到了多少政府信息公开申请？平潭以前归福州管，总该有个数吧。")
    assert a.status == "not_found" and "福州" in a.answer
    # "2025年…比前年多了多少": from 2023, not from 2024
    pingtan = col_of("平潭综合实验区_2023.html", "平潭综合实验区_2024.html", "平潭综合实验区_2025.html")
    change = ans(pingtan, "平潭综合实验区2025年行政规范性文件的现行有效件数，比前年多了多少件？")
    assert sorted(i.report.year for i in change.inputs) == [2023, 2025]
    # "历年累计" is a column of the old tables, no sum of the two years named
    old = col_of("平潭综合实验区_2016.html", "平潭综合实验区_2017.html")
    cumulative = ans(old, "平潭综合实验区2016年统计表说历年累计主动公开85376条，怎么到了2017年的统计表里，历年累计只剩多少条了？")
    assert cumulative.status != "answered" or cumulative.value != 85376 + 10037


def test_headline_words_opinions_and_which_one_is_larger_by_how_many(col):
    assert ans(col, "淮安市政府去年罚了多少单？（2024年报）").value == ans(col, "淮安市人民政府2024年行政处罚多少件？").value
    shanghai = col_of("上海市人民政府办公厅_2019.txt")
    projects = ans(shanghai, "Shanghai government general office, 2019: how many centralised procurement projects did it report?")
    assert projects.unit != "元" and projects.value == ans(shanghai, "上海市人民政府办公厅2019年政府集中采购项目数量是多少？").value
    assert ans(col, "平潭综合实验区的政府信息公开到底透不透明？").status == "not_understood"
    # "哪一年多？多多少？", "谁多，差几件": the difference
    more = ans(col, "洪泽区2023年和2024年哪一年行政处罚多？")
    assert more.shape == "series" and more.report.year == 2023
    assert ans(col, "洪泽区2023年和2024年哪一年行政处罚少？").report.year == 2024
    hongze = ans(col, "洪泽区2023年和2024年哪一年行政处罚多？多多少？")
    a, b = (ans(col, f"洪泽区{y}年行政处罚多少件？").value for y in (2023, 2024))
    assert hongze.value == abs(a - b)
    pair = ans(col, "洪泽区政府和平潭综合实验区2024年，谁收到的信息公开申请多，差几件？")
    x, y = (ans(col, f"{n}2024年本年新收申请多少件？").value for n in ("洪泽区政府", "平潭综合实验区"))
    assert pair.value == abs(x - y)


def test_a_share_of_a_sentences_whole_in_its_unit_takes_the_part_that_sentence_lists():
    # "2025年我局共制发政府信息405条，其中主动公开政府信息140条、依申请公开177条…": the 177条 of the
    # sentence, not the table's requests in 件
    col = col_of("平潭综合实验区经济发展局_2025.html")
    a = ans(col, "平潭经发局2025年依申请公开的信息占全年制发信息的比例是多少？")
    assert a.value == pytest.approx(177 / 405 * 100)


def test_the_table_named_by_its_number_and_suing_the_government_said_with_跟(col):
    suits = ans(col, "淮安市人民政府2024年行政诉讼多少件？").value
    assert ans(col, "淮安2024年为了信息公开的事跟政府打官司的，一共多少起啊？").value == suits
    # "正文说…17件，可表三的新收总计是多少": the table's figure, the table named by its number
    new = ans(col, "洪泽区政府2024年报告正文说区政府办受理申请17件，可表三的新收总计是多少？两者对得上吗？")
    assert new.source.kind == "table" and new.value == ans(col, "洪泽区2024年本年新收申请多少件？").value


def test_an_english_net_change_said_with_minus_is_the_first_less_the_second(col):
    issued = ans(col, "平潭综合实验区2023年行政规范性文件本年制发多少件？").value
    repealed = ans(col, "平潭综合实验区2023年行政规范性文件本年废止多少件？").value
    net = ans(col, "For Pingtan in 2023, what was the net change in administrative normative documents — those issued "
                   "during the year minus those repealed?")
    assert net.value == issued - repealed


def test_suits_filed_after_administrative_reconsideration_said_in_english(col):
    a = ans(col, "How many information-disclosure lawsuits did Huai'an Municipal Government face in 2024 in total, and "
                 "how many of those were filed after administrative reconsideration?")
    assert [p.value for p in a.points] == [ans(col, "淮安市人民政府2024年行政诉讼多少件？").value,
                                           ans(col, "淮安市人民政府2024年复议后起诉的行政诉讼多少件？").value]


def test_recompute_words_name_no_row():
    # "用397条和61条重新算": 重新 is no word of the row 要求行政机关确认或重新出具已获取信息
    col = col_of("平潭综合实验区财政金融局_2024.html")
    a = ans(col, "平潭财政金融局2024年说主动公开的信息占制作获取总数的15.4%。用397条和61条重新算，精确到两位小数是多少？")
    assert a.status != "answered" or a.value == pytest.approx(61 / 397 * 100, abs=0.01)


def test_other_under_organisations_is_its_own_column_and_a_sum_of_one_rows_parts_stays_in_that_row():
    """"法人或其他组织中的其他" is the 其他 column, not the 法人或其他组织 total that holds 其他 inside its name;
    a sum of the row's parts (…、其他) whose 其他 reads best as another row's is taken in the row of the others."""
    col = col_of("淮安市人民政府_2024.pdf")
    a = ans(col, "淮安市政府2024年法人或其他组织中的其他新提了多少件申请")
    assert a.status == "answered" and a.value == 4, a.answer
    a = ans(col, "淮安市政府2024年法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他）一共新提了多少件申请？")
    assert a.status == "answered" and a.value == 118, a.answer
    a = ans(col, "淮安市政府2024年法人或其他组织新收申请多少件")
    assert a.status == "answered" and a.value == 118, a.answer


def test_a_reason_of_the_old_tables_in_english_and_lawsuits_after_reconsideration_in_full_words():
    # the old tables count trade secrets (商业秘密) apart from third parties: its blank cell is not reported,
    # never the 不予公开 total above it
    a = ans(MemoryCollection([parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")]), "Shanghai's human resources and social security bureau, 2011: how many requests did it "
                               "withhold on trade-secret grounds?")
    assert a.status == "not_reported" and a.value is None, a.answer
    a = ans(col_of("平潭综合实验区_2024.html"), "平潭综合实验区2024年经行政复议后又提起行政诉讼的案件总计有几件？")
    assert a.status == "answered" and "复议后起诉" in a.answer, a.answer


def test_the_size_asked_picks_the_figure_of_that_size_and_calls_answered_are_calls():
    seed = MemoryCollection([parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")])
    # "多少亿次": the website group's 11.61亿次, not the column's 9,471,513 visits
    a = ans(seed, "上海人社局2011年网站群浏览量多少亿次👀 这数据也太顶了")
    assert a.status == "answered" and a.value == 1_161_000_000, a.answer
    a = ans(seed, "绝了🔥上海人社局2011年12333热线一年接了多少个电话？是不是两千多万？")
    assert a.status == "answered" and a.value == 23_320_000, a.answer


def test_a_ratio_is_rounded_as_asked():
    col = col_of("平潭综合实验区_2025.html")
    exact = ans(col, "平潭综合实验区2025年行政处罚是行政强制的几倍")
    assert exact.status == "answered" and abs(exact.value - 644 / 64) < 1e-9
    for text, places in (("平潭综合实验区2025年，行政处罚决定数与行政强制决定数之比是多少（保留一位小数）？", 1),
                         ("平潭综合实验区2025年行政处罚是行政强制的几倍？保留整数", 0)):
        a = ans(col, text)
        assert a.status == "answered" and a.value == round(644 / 64, places), (text, a.value)


def test_a_name_of_two_bodies_is_the_one_whose_report_alone_says_what_is_asked():
    col = col_of("平潭综合实验区_2012.html", "平潭县人民政府_2012.html")
    a = ans(col, "2012年平潭在新浪开的官方微博，有多少粉丝？")
    assert a.status == "answered" and a.value == 10659 and "平潭综合实验区" in a.answer, a.answer
    # both reports say it: which body is meant stays the asker's to say
    assert ans(col, "2012年平潭行政复议多少件").status == "ambiguous"


def test_what_was_actually_collected_is_the_actually_collected_column():
    col = col_of("平潭综合实验区市场监督管理局_2025.html")
    a = ans(col, "平潭市场监管局2025年信息处理费实际收了多少钱？")
    assert a.status == "answered" and a.value == 0 and "实际收取" in a.answer, a.answer
    a = ans(col, "平潭市场监管局2025年信息处理费通知收取多少钱？")
    assert a.status == "answered" and a.value == 800, a.answer


def test_the_table_named_in_a_check_before_the_ask_is_where_the_figure_is_read():
    # "表里本年新收是这个数吗？新收到底几件？": the table's 74, not the prose's 75 the asker quotes
    a = ans(col_of("平潭综合实验区_2022.html"), "平潭2022年宣传“全区收到申请75件”，表里本年新收是这个数吗？新收到底几件？")
    assert a.status == "answered" and a.value == 74, a.answer


def test_a_share_whose_numerator_is_one_label_with_huo_in_it():
    # "被法院确认违法或有瑕疵的…占诉讼总数": one row (确认违法或有瑕疵), not two addends split at 或
    seed = MemoryCollection([parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")])
    a = ans(seed, "上海市人社局2011年政府信息公开行政诉讼中，被法院确认违法或有瑕疵的案件占诉讼总数的百分比是多少？")
    assert a.status == "answered" and round(a.value, 2) == 8.57, a.answer


def test_a_share_asked_in_english_takes_the_part_in_its_wholes_row():
    # "what share of the new requests … came from organisations": 新收's 法人或其他组织 (118 of 3,119), not
    # another row's organisations; "legal persons and other organisations" is one applicant type
    col = col_of("淮安市人民政府_2024.pdf")
    for text in ("What share of the new requests Huai'an municipal government received in 2024 came from organisations?",
                 "What proportion of new disclosure requests to Huai'an municipal government in 2024 came from legal "
                 "persons and other organisations rather than individuals?"):
        a = ans(col, text)
        assert a.status == "answered" and round(a.value, 2) == round(118 / 3119 * 100, 2), (text, a.answer)


def test_a_sentence_and_the_table_that_disagree_give_the_tables_figure_and_the_failed_check():
    # the report's prose says 因无法提供相关信息答复2件, its table's 无法提供 rows add up to 0: asked in the
    # prose's own words and unit, the answer is still the table's, and the check shows the sentence's
    market = col_of("平潭综合实验区市场监督管理局_2025.html")
    a = ans(market, "平潭综合实验区市场监督管理局2025年因无法提供相关信息答复的申请有几件？")
    assert a.status == "answered" and a.value == 0 and a.source.kind != "text"
    assert any(not c.ok and "2件" in c.detail for c in a.checks)


def test_a_breakdown_then_one_figure_asked_answers_with_that_figure(col):
    # "分别是多少？合计多少？": the items' sum (a total row of something else is no total of them)
    reasons = ans(col, "淮安市人民政府2024年不予公开的几种情形（国家秘密、其他法律行政法规禁止公开、三安全一稳定、"
                       "保护第三方合法权益、三类内部事务、四类过程性信息、行政执法案卷、行政查询事项）分别是多少件？合计多少件？")
    withheld = ans(col, "淮安市人民政府2024年不予公开一共多少件？").value
    assert reasons.shape == "list" and reasons.value == withheld and "合计" in reasons.answer
    assert sum(p.value for p in reasons.points) == withheld  # 办理结果总计 is not listed as their total
    # the items' own total listed with them is the value
    other = ans(col, "淮安市人民政府2024年“其他处理”的几种情形分别是多少件？合计多少？")
    assert other.value == max(p.value for p in other.points)
    # a last sentence that names its figure: that figure
    more = col_of("平潭综合实验区_2021.html", "平潭综合实验区交通与建设局_2024.html")
    review = ans(more, "平潭综合实验区2021年政府信息公开行政复议的结果维持、结果纠正、其他结果、尚未审结分别是多少件？复议总计多少件？")
    total = ans(more, "平潭综合实验区2021年政府信息公开行政复议总计多少件？")
    assert total.status == "answered" and review.value == total.value and len(review.points) >= 4
    item = ans(more, "平潭综合实验区交通与建设局2024年申请的办理结果各项分别是多少？其中以“属于三类内部事务信息”为由不予公开的有多少件？")
    alone = ans(more, "平潭综合实验区交通与建设局2024年因属于三类内部事务信息不予公开多少件？")
    assert alone.status == "answered" and item.value == alone.value


def test_which_result_or_reason_is_the_largest(col):
    # the results' 总计 row is made of the result rows beside it (each group by its own total)
    a = ans(col, "淮安市人民政府2024年政府信息公开申请的办理结果中，哪一种具体处理结果的件数最多？是多少件？")
    results = ans(col, "淮安市人民政府2024年办理结果各项分别是多少？")
    assert a.value == max(p.value for p in results.points if "总计" not in p.label)
    assert any("不予公开" in p.label for p in results.points) and len(results.points) >= 6
    # "理由里哪一种最多": the reasons are the parts, not a row that says 理由
    top = ans(col, "淮安市人民政府2024年不予公开的理由里哪一种最多？")
    three = ans(col, "淮安市人民政府2024年不予公开的理由里哪三种最多？")
    assert top.value == three.points[0].value and len(three.points) == 3 and "不予公开" in top.answer


def test_a_follow_up_for_the_same_measure_or_the_unit_wanted_names_no_metric_of_its_own():
    col = col_of("平潭综合实验区_2022.html", "平潭综合实验区_2023.html", "平潭综合实验区_2024.html",
                 "平潭综合实验区_2025.html")
    first, ctx = ask("平潭综合实验区2024年度政府信息公开行政诉讼中，复议后起诉且结果为维持的案件有多少件？", col)
    a, _ = ask("那2025年度同一口径呢？", col, context=ctx)
    assert a.status == "answered" and a.report.year == 2025 and "复议后起诉" in a.answer
    first, ctx = ask("平潭综合实验区的2022年度行政事业性收费金额一共多少元呢？", col)
    a, _ = ask("那2023年的呢？也是要元的。", col, context=ctx)
    assert a.status == "answered" and a.unit == "元" and a.report.year == 2023


def test_of_one_sentences_figures_the_one_in_the_unit_asked_that_says_the_words():
    # "区县已入驻审批服务部门和单位13个，…受理申请121510件": 多少件申请 is the 件 figure that says 受理申请
    a = ans(col_of("平潭综合实验区_2014.html"), "平潭综合实验区2014年报告里说区县已入驻的审批服务部门一共受理了多少件申请？")
    assert a.status == "answered" and a.unit == "件" and a.value > 1000


def test_an_item_the_report_lists_with_its_number_missing_is_not_reported():
    # "全年公开核准企业资质条、施工许可证64条…": the report names the item and leaves its number out; a
    # figure that does not say its words (予以公开 of 商业企业) is not its figure
    pingtan = col_of("平潭综合实验区_2019.html")
    a = ans(pingtan, "平潭综合实验区2019年公开了多少条核准企业资质信息？")
    assert a.status == "not_reported" and a.value is None
    permits = ans(pingtan, "平潭综合实验区2019年公开了多少条施工许可证信息？")
    assert permits.status == "answered" and permits.unit == "条"


def test_a_sum_asked_in_the_proses_unit_adds_the_proses_figures():
    # "依申请公开信息数255条，不子公开信息数81条" (the report's misprint 不子 for 不予): 加起来多少条 adds the
    # prose's 条, not the requests table's 件 of the same words
    finance = col_of("平潭综合实验区财政金融局_2024.html")
    a = ans(finance, "平潭综合实验区财政金融局2024年依申请公开信息数与不予公开信息数加起来是多少条？")
    assert (a.status, a.value, a.unit) == ("answered", 255 + 81, "条")


def test_a_share_of_money_is_taken_over_money():
    # "what percentage of the fees it notified was actually collected": 实际收取金额 over 通知收取金额, not
    # over 通知收取件数 (a count the words fit as well)
    market = col_of("平潭综合实验区市场监督管理局_2025.html")
    a = ans(market, "For the Pingtan market supervision bureau in 2025, what percentage of the information processing "
                    "fees it notified applicants to pay was actually collected?")
    assert a.status == "answered" and a.unit == "%" and "800" in a.answer


def test_a_rate_defined_over_its_rows_total_is_taken_in_the_row_named_before(col):
    # "行政复议的纠错率…（纠错率=结果纠正/总计）": 结果纠正 and 总计 are columns of 行政复议, the row named before
    a = ans(col, "淮安市人民政府2024年政府信息公开行政复议的纠错率是多少？（纠错率=结果纠正/总计）")
    corrected = ans(col, "淮安市人民政府2024年行政复议结果纠正多少件？").value
    total = ans(col, "淮安市人民政府2024年行政复议总计多少件？").value
    assert a.status == "answered" and a.value == pytest.approx(corrected / total * 100)


def test_the_parts_of_a_prose_figure_after_its_qizhong():
    # "主动公开99条政策，其中，政策…类5条，民政…类11条，科教卫健类74条，其他类9条": the figures after
    # 其中 that add up to it are its parts; the largest is the kind asked for; the same 99 stated in
    # another sentence (of 432, beside 311 and 22) is not the one broken down
    col = col_of("平潭综合实验区社会事业局_2024.html", "平潭综合实验区_2019.html")
    a = ans(col, "平潭综合实验区社会事业局2024年主动公开的信息按类别分别是多少条？哪一类最多？")
    assert (a.status, a.value, a.unit) == ("answered", 74, "条")
    assert "科教卫健" in a.answer and "311" not in a.answer
    # the parts a report lists may fall short of its whole (eleven kinds adding up to 2533 of 2599):
    # still its parts, in the order printed, and a stated 共…2599条 asks no sum
    b = ans(col, "平潭综合实验区2019年公布的政府信息各类别分别多少条")
    assert b.status == "answered" and [p.value for p in b.points][:3] == [25, 68, 28]
    assert ans(col, "平潭综合实验区2019年共公布政府信息2599条，各类别中数量最多的是哪一类？").value == 983


def test_the_end_of_a_change_the_prose_states():
    # "群众等候时间由42分钟缩至19分钟": the figure it came to, unless the question asks where it started
    col = col_of("平潭综合实验区_2019.txt")
    assert ans(col, "平潭综合实验区2019年群众等候时间缩短到了多少分钟？").value == 19
    assert ans(col, "平潭综合实验区2019年群众等候时间是多少分钟").value == 19
    assert ans(col, "平潭综合实验区2019年群众等候时间原来是多少分钟？").value == 42


def test_which_way_and_by_how_much_keeps_the_sign(col):
    # "是涨了还是跌了？变化了多少": the way it went is asked too, so the change keeps its sign;
    # "差额是多少" asks by how much (not only which way); "降了多少" asks the fall as a positive figure
    fall = 75_450_000 - 77_302_800
    for q in ("淮安市洪泽区2024年行政事业性收费金额跟2023年比是涨了还是跌了？变化了多少？",
              "淮安市洪泽区2024年行政事业性收费跟2023年比是升了还是降了？差额是多少？"):
        a = ans(col, q)
        assert (a.status, a.value) == ("answered", fall), q
    assert ans(col, "淮安市洪泽区2024年行政事业性收费金额跟2023年比降了多少？").value == -fall


def test_english_wordings_of_request_rows(col):
    # "carried forward from the previous year" is 上年结转 (not carried forward, nor a year-on-year
    # change); "did not possess" is 本机关不掌握; "grant in part" is 部分公开 alone; "still pending
    # and carried over into the next year" is 结转下年度 (not the lawsuits' pending)
    cases = {"Kindly furnish the number of applications carried forward from the previous year, as reported "
             "by the Huai'an Municipal People's Government in its 2024 annual report.": 34,
             "How many requests did Huai'an carry over from the previous year in 2024?": 34,
             "For how many applications did the Huai'an Municipal People's Government not possess the "
             "relevant government information in 2024?": 769,
             "How many requests did the Huai'an government grant in part in 2024?": 454,
             "How many FOIA requests were still pending and carried over into the next year at the end of 2024 "
             "for the Huai'an city government?": 103}
    for q, want in cases.items():
        a = ans(col, q)
        assert (a.status, a.value) == ("answered", want), q


def test_the_article_a_table_part_stands_under_names_no_figure(col):
    # "表格第二十条第（一）项里的现行有效件数": 第二十条 is the article (no figure of 二十条); the
    # sentence stated before says what is asked about (行政规范性文件), not its other words (集中发布)
    a = ans(col, "平潭综合实验区2023年报告总体情况里说集中发布现行有效行政规范性文件393件，"
                 "表格第二十条第（一）项里的现行有效件数是多少？")
    assert (a.status, a.value, a.source.kind) == ("answered", 470, "table")


def test_taiwan_words_for_an_administrative_appeal(col):
    # 訴願 (Taiwan's word for an administrative appeal) is 行政复议
    a = ans(col, "淮安市人民政府2024年跟政府資訊公開有關的訴願案件總共有幾件？")
    assert (a.status, a.value) == ("answered", 351)


def test_how_much_of_a_whole_is_not_the_thing_named(col):
    # "通知收取的信息处理费中，还有多少元没有实际收到": the amount notified less the amount collected
    # (both amounts, not the counts); "申请中有多少没有办结": 没有办结 is a row's own words (结转下年度),
    # not the received less the handled
    a = ans(col, "平潭综合实验区市场监督管理局2025年通知收取的信息处理费中，还有多少元没有实际收到？")
    assert (a.status, a.value, a.unit) == ("answered", 800, "元")
    assert ans(col, "淮安市2024年收到的申请中有多少没有办结？").value == 103


def test_a_story_before_the_question_asks_nothing_of_its_own(col):
    # "前几天社区的小王教我上网查东西": when something happened, not a count of days asked
    a = ans(col, "您好，我今年七十三了，平时就靠看看手机打发时间。前几天社区的小王教我上网查东西，我想请教一下："
                 "洪泽区人民政府2023年在政府网站上主动公开了多少条政府信息？麻烦您了，谢谢！")
    assert (a.status, a.value, a.unit) == ("answered", 1136, "条")
    # "…看看学校和教育局的公众号。请问…社会事业局2024年…": an agency of the story is not the one asked
    b = ans(col, "你好，我外孙在平潭上小学，闲下来就看看学校和教育局的公众号。请问平潭综合实验区社会事业局2024年"
                 "微信公众号的累计阅读人数是多少？谢谢！")
    assert (b.status, b.value) == ("answered", 1_731_000)


def test_a_sentence_that_does_not_say_the_thing_asked_is_not_its_figure(tmp_path):
    # 政策解读 is said by another sentence of the paragraph; the sentence with a figure (发布信息163条)
    # says 发布 only, in another unit than asked (篇): the report does not give it
    from corpus.files import load_document
    from corpus.report import build_report

    path = tmp_path / "report.txt"
    path.write_text("某某县某某镇人民政府2023年政府信息公开工作年度报告\n一、总体情况\n"
                    "（四）平台建设情况。突出政策解读等社会公众关切事项的发布。2023年，微信公众号共发布推文48期，"
                    "发布信息163条，关注人数2207人次。\n", encoding="utf-8")
    col = MemoryCollection([build_report(load_document(path))])
    agency = col.agencies()[0]
    a = ans(col, f"{agency}2023年发布了多少篇政策解读？")
    assert a.status == "not_reported" and a.value is None
    assert ans(col, f"{agency}2023年公众号发布了多少期推文？").value == 48
    # "收到的申请里，网上提交的有多少件": a sentence about no 申请 (网上调查3期) is not its figure
    path.write_text("某某县某某镇人民政府2023年政府信息公开工作年度报告\n一、总体情况\n"
                    "（三）拓宽渠道。依托门户网站“公共法律服务”子栏目，发布法律援助政策及工作动态31条。同时，围绕普法"
                    "宣传、法律援助等职责业务，全年召开新闻发布会3场、媒体见面会6场，开展局长微访谈等活动4次，发布"
                    "民意征集5期、网上调查3期，广泛听取社会各界的意见建议。\n",
                    encoding="utf-8")
    col = MemoryCollection([build_report(load_document(path))])
    b = ans(col, f"{agency}2023年收到的政府信息公开申请里，通过网上平台提交的有多少件？报告里有这个数吗？")
    assert b.status == "not_reported" and b.value is None
    assert ans(col, f"{agency}2023年网上调查有几期？").value == 3


def test_a_head_said_before_the_addends_and_a_topic_word_of_a_department():
    # "本年新收申请，自然人加上法人或其他组织": 本年新收 of both; "财政资金信息里": a topic (财政资金), not
    # the 财政金融局
    col = col_of("淮安市人民政府_2024.pdf", "平潭综合实验区_2017.html", "平潭综合实验区财政金融局_2024.html")
    a = ans(col, "淮安市人民政府2024年本年新收申请，自然人加上法人或其他组织（五类合计）一共是多少？")
    assert (a.status, a.value) == ("answered", 3119)
    b = ans(col, "平潭综合实验区2017年财政资金信息里，政府预决算公开和部门预决算公开两项加起来多少条？")
    assert (b.status, b.value) == ("answered", 19 + 224)


def test_a_department_typed_as_its_pinyin_initials(col):
    # "scjg局": 市场监管局 (shi chang jian guan)
    a = ans(col, "平潭 scjg局 25年 xxclf 通知收取金额 多少元")
    assert (a.status, a.value) == ("answered", 800)


def test_wordings_of_blind_set_ay_and_ax(col):
    # a heading before the question, said again in it ("复议诉讼双线走一波：…复议加诉讼一共多少件")
    a = ans(col, "复议诉讼双线走一波：平潭综合实验区2023年信公复议加诉讼一共多少件？")
    assert a.status == "answered" and a.source.kind == "computed"
    # "哪一年…多？多了多少？": how far apart the two years are
    assert ans(col, "淮安市洪泽区人民政府2023年和2024年比，哪一年的行政许可处理决定多？多了多少？").value == 9487 - 550
    # how the figure is to be written names nothing ("两位小数", "精确到0.01%")
    b = ans(col, "洪泽区人民政府2024年“予以公开”加“部分公开”合计占办理结果总计的百分比，两位小数。")
    assert b.status == "answered" and round(b.value, 2) == 62.11
    # 附表 asks for the table's figure, not the prose's it disagrees with
    assert ans(col, "平潭综合实验区2012年报正文说主动公开1913条，附表“主动公开信息数 2012年度”填的是多少？").value == 739
    # "作为“信访举报投诉类申请”不予处理的": how requests were treated, not who asks
    assert ans(col, "淮安市人民政府2024年度商业企业的申请中，作为“信访举报投诉类申请”不予处理的有几件？").value == 6
    # "平潭综合实验区市场监管局": the place's name whole, then its bureau: the bureau asked
    c = ans(col, "平潭综合实验区市场监管局2025年报，信息处理费通知收取了多少钱？")
    assert (c.status, c.value, c.report.agency) == ("answered", 800, "平潭综合实验区市场监督管理局")


def test_a_yes_or_no_on_the_way_and_a_topic_named_like_a_bureau():
    col = col_of("平潭综合实验区_2015.html", "平潭综合实验区_2016.html", "平潭综合实验区_2017.html",
                 "平潭县环境保护局_2009.html", "平潭综合实验区自然资源与生态环境局_2024.html")
    # "跟2015年比是多了吗": the figure asked, the way it went said beside it
    assert ans(col, "平潭综合实验区2016年主动公开了多少条政府信息？跟2015年比是多了吗？").value == 3460
    # "环境保护信息": a topic of the report (467条), not the 环境保护局
    a = ans(col, "平潭综合实验区2017年环境保护信息一共发布了多少条？")
    assert (a.status, a.value) == ("answered", 467)
    assert ans(col, "平潭环保局2009年主动公开多少条").report.agency == "平潭县环境保护局"


def test_where_a_figure_given_stands(col):
    # a fact-checker gives a number and asks where it stands: the cell or sentence that prints it
    a = ans(col, "洪泽区2023年的政府信息公开年报里有没有提到1136这个数，在哪")
    assert (a.status, a.value, a.unit, a.source.kind) == ("answered", 1136, "条", "text")
    b = ans(col, "淮安市政府2024年报“收到和处理政府信息公开申请情况”表里的769是哪一行的总计？")
    assert (b.status, b.value, b.source.kind) == ("answered", 769, "table") and "不掌握" in b.answer
    # the number as the table prints it (万元), found as the amount it is
    c = ans(col, "平潭综合实验区财政金融局2024年报告里有没有18651.064104这个数？")
    assert (c.status, c.value, c.unit) == ("answered", 186_510_641.04, "元")
    # a number nothing prints: not there (never another figure)
    d = ans(col, "淮安市人民政府2024年报告里有没有提到123456这个数？")
    assert d.status == "not_found" and d.value is None
    # a four-digit number given is no year ("有2122这个数吗")
    from qa.question import understand
    q = understand("平潭综合实验区2017年年报里有2122这个数吗？出现在哪儿？", ["平潭综合实验区"])
    assert q.years == (2017,) and q.located == "2122"
    # a figure stated to be checked is no figure to find ("是351件吗", "有没有超过2000件")
    assert understand("淮安市2024年行政复议是351件吗", ["淮安市人民政府"]).located is None
    assert understand("淮安市2024年有没有超过2000件申请", ["淮安市人民政府"]).located is None


def test_wordings_of_blind_set_ba(col):
    # an exercise's wording: the report it cites, what to do, the body it points back at
    a = ans(col, "请根据平潭综合实验区2023年度政府信息公开工作年度报告，说明截至年底现行有效的行政规范性文件共有多少件。")
    assert (a.status, a.value) == ("answered", 470)
    # English: "taken straight to the courts, without prior reconsideration"; "an 'other' outcome";
    # "awaiting" is no department in pinyin (a-wai-ting)
    b = ans(col, "In 2024, how many of the Huai'an Municipal People's Government's lawsuits taken straight to the courts, "
                 "without prior reconsideration, ended with a judgement overturning the decision?")
    assert (b.status, b.value) == ("answered", 4)
    c = ans(col, "For the Hongze District People's Government in Huai'an, 2024: how many suits brought after "
                 "reconsideration had an 'other' outcome?")
    assert (c.status, c.value) == ("answered", 1)
    d = ans(col, "How many of the Shanghai Municipal People's Government General Office's 2019 information-disclosure "
                 "reconsideration cases were still pending, awaiting judgement, at year end?")
    assert (d.status, d.value) == ("answered", 2)


def test_a_count_asked_in_the_proses_unit_and_an_average_of_a_figure_over_itself():
    col = col_of("平潭综合实验区经济发展局_2025.html", "平潭综合实验区地方税务局_2013.html")
    # "依申请公开的政府信息有多少条": the sentence's 依申请公开177条 (of 政府信息), not the table's 4件 of requests
    a = ans(col, "请根据平潭综合实验区经济发展局2025年度政府信息公开工作年度报告，指出该局当年依申请公开的政府信息有多少条。")
    assert (a.status, a.value, a.unit) == ("answered", 177, "条")
    # an amount over itself is no average ("平均每件减免多少元" read as 减免金额 ÷ 减免金额): the amount over the count
    b = ans(col, "平潭综合实验区地方税务局2013年办理下岗失业人员减免税，平均每件减免多少元？")
    assert b.status == "answered" and b.value == pytest.approx(219062.78 / 91, abs=0.01)


def test_a_quoted_row_is_the_row_that_says_it(col):
    # “其他处理”: the results' （六）其他处理 (its parts added up), never the applicants' column 其他
    a = ans(col, "淮安市人民政府2024年“其他处理”的政府信息公开申请有几件？")
    assert (a.status, a.value) == ("answered", 71 + 6 + 110)
    b = ans(col, "平潭综合实验区2024年“其他处理”的政府信息公开申请有几件？")
    assert b.status == "answered" and "其他处理" in b.answer


def test_parts_added_up_then_the_printed_total_asked():
    # "…加起来跟总计一致吗？表上总计写的是多少？": the total as printed (15), with the check that fails
    # beside it (13 + 2 + 4 = 19 ≠ 15); a sum asked alone stays the sum
    col = col_of("平潭综合实验区社会事业局_2024.html")
    a = ans(col, "平潭综合实验区社会事业局2024年表四，复议后起诉那栏结果维持13、结果纠正2、其他结果4，加起来跟它的总计一致吗？"
                 "表上总计写的是多少？")
    assert (a.status, a.value, a.source.kind) == ("answered", 15, "table")
    assert any(not c.ok for c in a.checks)
    b = ans(col, "平潭综合实验区社会事业局2024年复议后起诉的结果维持、结果纠正、其他结果加起来是多少？")
    assert b.value == 13 + 2 + 4


def test_an_average_asked_in_one_unit_is_no_count_in_another(col):
    # "每篇文章平均被阅读多少次": an average in 次; the articles' count (1061篇) is not it, and a
    # sentence with no count of the items asked per gives no average
    a = ans(col, "平潭综合实验区社会事业局2024年微信公众号每篇文章平均被阅读多少次？")
    assert a.value != 1061 and a.source.kind == "computed"
    a = ans(col, "平潭综合实验区社会事业局2024年微信公众号平均每场活动被阅读多少次？")
    assert a.status != "answered" and a.value is None


def test_a_row_of_table_three_by_its_group_and_number(col):
    # "（三）第8小项", "第（三）项第5小项", "（四）无法提供 第1小项": the group's rows in the template's order
    a = ans(col, "淮安市人民政府2024年报，第三部分那张表，“三、本年度办理结果”下（三）第8小项那一行，自然人那一列是多少？")
    assert (a.status, a.value) == ("answered", 105)  # 8.属于行政查询事项, 自然人
    b = ans(col, "淮安市政府2024年度报告 表三（四）无法提供 第1小项那行，法人或其他组织里面“法律服务机构”那一列")
    assert (b.status, b.value) == ("answered", 10)  # 1.本机关不掌握相关政府信息, 法律服务机构
    # the row's words said after its number as well ("第2小项“重复申请”"): said once
    c = ans(col, "淮安市政府2024年，第三部分第（五）项第2小项“重复申请”共多少件？")
    assert (c.status, c.value) == ("answered", 25)


def test_a_sentence_counting_the_sibling_under_a_heading_naming_both_is_not_the_figure_asked():
    # 地方税务局 2013: "我局收到以有关政府信息公开行政复议0件。" under "五、申请行政复议、提起行政诉讼和申诉的情况"
    col = col_of("平潭综合实验区地方税务局_2013.html")
    a = ans(col, "平潭综合实验区地方税务局2013年因政府信息公开被提起行政诉讼多少件？")
    assert a.status == "not_reported" and a.value is None
    # the same when the asker asks whether the report's text says it
    a = ans(col, "平潭综合实验区地方税务局2013年因政府信息公开被提起的行政诉讼有多少件？报告里写了吗？")
    assert a.status == "not_reported" and a.value is None
    a = ans(col, "平潭综合实验区地方税务局2013年因政府信息公开被申请行政复议多少件？")
    assert (a.status, a.value) == ("answered", 0)


def test_a_rate_the_prose_prints_is_found_by_its_word_with_rate():
    # "办结率100%" of 平潭 2022's prose: "办结率是多少" is that figure (率 is left out of the question's slot)
    col = col_of("平潭综合实验区_2022.html")
    a = ans(col, "平潭综合实验区2022年办结率是多少？")
    assert (a.status, a.value, a.unit, a.source.kind) == ("answered", 100, "%", "text")


def test_the_part_of_a_whole_is_the_figure_its_own_words_name():
    # "全年共完成11541批次食用农产品抽检，检出不合格产品38批次": 不合格 of 抽检 is 38 over 11541, not the whole twice
    col = col_of("平潭综合实验区市场监督管理局_2025.html")
    a = ans(col, "平潭综合实验区市场监督管理局2025年食用农产品抽检中不合格的占多少？")
    assert a.status == "answered" and abs(a.value - 38 / 11541 * 100) < 0.01


def test_fees_asked_of_an_old_report_are_its_fees_collected_not_its_budget():
    # the old table 附表五 holds 专项经费 (blank) beside 收取费用总数 (64.4): "收了多少钱" asks the fees
    seed = MemoryCollection([parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")])
    for text in ("上海市人社局2011年依申请公开有没有收费？收了多少钱", "上海市人社局2011年收费多少"):
        a = ans(seed, text)
        assert a.status == "answered" and a.value == 64.4, a.answer


def test_the_count_said_in_the_question_is_not_taken_for_what_is_asked_of_it():
    # "41条抖音短视频的播放量超过多少": the plays (超2300万), not the 41 videos the question names
    col = MemoryCollection([parsed_report(REAL / "上海市人民政府办公厅_2019.txt")])
    a = ans(col, "2019年上海市政府办公厅报告里，“上海发布”进博会期间41条抖音短视频的播放量超过多少？")
    assert a.status == "answered" and a.value == 23_000_000, a.answer


def test_a_ranking_asked_at_a_place_and_again_in_a_follow_up():
    from qa.answering import ask

    col = MemoryCollection([parsed_report(REAL / n) for n in (
        "平潭综合实验区_2024.html", "平潭综合实验区交通与建设局_2024.html", "平潭综合实验区行政审批局_2024.html",
        "平潭综合实验区自然资源与生态环境局_2024.html", "平潭综合实验区财政金融局_2024.html")])
    first, q = ask("2024年平潭综合实验区各个区直部门里（不算全区汇总那份），哪个部门收到的政府信息公开申请最多？是多少件？", col)
    assert first.status == "answered" and first.value == 69, first.answer
    second, _ = ask("前两名分别是谁？第二名多少件？", col, context=q)
    assert second.status == "answered" and second.value == 58 and "交通与建设局" in second.answer, second.answer
    assert "平潭综合实验区 218" not in second.answer  # the departments, as the question before said
    alone = ans(col, "2024年平潭综合实验区收到政府信息公开申请第二多的是哪个部门？")
    assert alone.value == 58 and "第2位" in alone.answer, alone.answer


def test_two_old_reports_compared_on_the_same_row_whatever_their_year_column_is_called():
    # 平潭县人民政府 heads its column "2011年度", 平潭县教育局 "年末统计": the same row 主动公开信息数 of each
    col = col_of("平潭县人民政府_2011.html", "平潭县教育局_2011.html")
    a = ans(col, "2011年平潭县人民政府和平潭县教育局比，县政府主动公开的政府信息多了多少条？")
    assert a.status == "answered" and a.value == 405, a.answer


def test_a_quantity_asked_by_its_measure_noun_is_not_a_figure_of_another_measure():
    # "门户网站的总访问量": no sentence of the report says 访问量 or 浏览量 of the portal; its 主动公开 count of
    # items published through the portal is no answer
    col = col_of("平潭综合实验区_2024.html")
    a = ans(col, "平潭综合实验区2024年政府门户网站的总访问量是多少？")
    assert a.status != "answered" or "访问" in a.answer or "浏览" in a.answer, a.answer
    b = ans(col_of("平潭综合实验区_2016.html"), "平潭综合实验区2016年那个“政府信息公开”专栏一年被访问了多少人次？")
    assert b.status == "answered" and b.value == 162103, b.answer


def test_a_gap_said_with_cha_is_how_far_apart_whichever_way_it_went(col):
    # "2023年跟2022年比差多少条": 差 says no way; 多了还是少了 beside it asks the way, and keeps the sign
    said = {y: ans(col, f"平潭综合实验区{y}年全区主动公开的政府信息有多少条").value for y in (2022, 2023)}
    assert said[2023] < said[2022]
    a = ans(col, "平潭综合实验区2023年全区主动公开的政府信息跟2022年比差多少条？")
    assert (a.status, a.value) == ("answered", said[2022] - said[2023])
    for text in ("平潭综合实验区2023年全区主动公开的政府信息跟2022年比是多了还是少了？差多少条？",
                 "平潭综合实验区2023年全区主动公开的政府信息比2022年是涨是跌？差了多少条？"):
        a = ans(col, text)
        assert (a.status, a.value) == ("answered", said[2023] - said[2022]), text


def test_the_part_a_sentence_names_after_its_whole_and_its_rate(tmp_path):
    """"完成2000批次药品抽检，检出不合格药品16批次": a question naming the whole and the part's own word
    (不合格) asks for the part, and its 率 is the part over the whole; naming the whole alone asks for it."""
    col = one_text_report(tmp_path, "某县市场监督管理局2024年政府信息公开工作年度报告", "2024年，我局全年共完成2000批次药品抽检，检出不合格药品16批次，均已依法处置。")
    for text, value in (("某县市场监督管理局2024年药品抽检不合格的有多少批次？", 16),
                        ("某县市场监督管理局2024年抽检了多少批次药品？", 2000),
                        ("某县市场监督管理局2024年药品抽检的不合格率是多少？", 0.8)):
        a = ans(col, text)
        assert (a.status, round(a.value, 2)) == ("answered", value), text


def test_a_date_early_the_next_year_is_read_in_that_years_report_and_so_far_picks_its_clause(tmp_path):
    """"截至2025年1月20日…累计": a state on a day of the next year, which the 2024 report states (reports
    are written early the next year), and of the sentence's two figures the one its clause says 累计 of."""
    path = tmp_path / "某县住房和城乡建设局2024年政府信息公开工作年度报告.txt"
    path.write_text("某县住房和城乡建设局2024年政府信息公开工作年度报告\n一、总体情况\n"
                    "官方微信全年公开政府信息437条，全年关注用户达618人，截止2025年1月20日，累计发送1186条信息，"
                    "累计总关注用户达1752人。\n", encoding="utf-8")
    col = MemoryCollection([parsed_report(path)])
    a = ans(col, "截至2025年1月20日，某县住房和城乡建设局微信公众号累计关注用户有多少人？")
    assert (a.status, a.value, a.report.year) == ("answered", 1752, 2024)
    assert any("2024年的年报" in c for c in a.understood.corrections)
    a = ans(col, "某县住房和城乡建设局2024年微信公众号全年关注用户多少人？")
    assert (a.status, a.value) == ("answered", 618)
    assert ans(col, "截至2026年1月20日，某县住房和城乡建设局微信公众号累计关注用户有多少人？").status == "not_found"
    a = ans(col, "As of January 20, 2025, how many followers did the WeChat account of 某县住房和城乡建设局 have?")
    assert (a.status, a.value) == ("answered", 1752)


def test_the_table_cell_asked_for_is_the_one_that_prints_the_prose_figure(tmp_path):
    """"主动公开政府信息…附表里是多少": the table's cell that prints the prose's 6 (主动公开信息数), not
    the row under it (政府公报公开 0) whose words happen to cover more of the question's."""
    rows = [("主动公开信息数", "条", "6"), ("其中：1．网站公开", "条", "6"), ("2．政府公报公开", "条", "0"),
            ("依申请公开信息数", "条", "1")]
    cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{c}</td></tr>" for a, b, c in rows)
    path = tmp_path / "某县环境保护局2009年政府信息公开工作年度报告.html"
    path.write_text("<html><body><h1>某县环境保护局2009年政府信息公开工作年度报告</h1>"
                    "<p>一、概述</p><p>2009年，本局共主动公开政府信息6条，其中全文电子化达100%。</p>"
                    "<p>附表：</p><table><tr><td>指标名称</td><td>单位</td><td>年末统计</td></tr>" + cells +
                    "</table></body></html>", encoding="utf-8")
    col = MemoryCollection([parsed_report(path)])
    a = ans(col, "某县环境保护局2009年主动公开政府信息，附表里确切是多少条？")
    assert (a.status, a.value) == ("answered", 6) and a.source.kind == "table", a.answer
    assert a.source.row == "主动公开信息数"


def test_a_figure_quoted_from_the_report_to_be_checked_is_checked_against_the_table(col):
    # "报告说…393件，对不对": the claim quotes the prose; the table's own figure answers, the prose's beside it
    for text in ("平潭综合实验区2023年正文说现行有效的行政规范性文件是393件，对不对？",
                 "平潭综合实验区2023年现行有效的行政规范性文件，报告里说是393件吗？"):
        a = ans(col, text)
        assert (a.status, a.value, a.source.kind) == ("answered", 470, "table"), text
        assert "393" in a.answer, text


def test_a_prose_figure_whose_noun_sits_inside_another_figures_noun_is_not_that_ones(col):
    # "清理并集中发布现行有效行政规范性文件393件，动态更新本年度制发的规范性文件77件": 现行有效 names the 393
    a = ans(col, "平潭综合实验区2023年的正文里，现行有效的行政规范性文件一共多少件？")
    assert (a.status, a.value) == ("answered", 393)
    a = ans(col, "平潭综合实验区2023年的正文里，本年度制发的规范性文件有多少件？")
    assert (a.status, a.value) == ("answered", 77)


def test_words_of_the_agencys_own_name_do_not_name_a_part_of_a_sentence(tmp_path):
    # "某县生态环境局…主动公开了多少条政府信息": 生态环境 is the agency's name, no word of the question's metric
    col = one_text_report(tmp_path, "某县生态环境局2023年政府信息公开工作年度报告", "全年政府信息主动公开214条，其中政策及规范性文件类3条，生态环境保护类信息211条。")
    a = ans(col, "某县生态环境局2023年主动公开了多少条政府信息？")
    assert (a.status, a.value) == ("answered", 214)


def test_an_english_question_quoting_chinese_words_still_names_an_agency_the_collection_lacks(col):
    # the table's words quoted in Chinese do not make "Changji City" any less a name the collection lacks
    a = ans(col, "What percentage of the Changji City Natural Resources Bureau's 2023 processed requests "
                 "(办理结果总计) were answered with '本机关不掌握相关政府信息'?")
    assert a.status == "not_found" and "Changji" in a.answer
    a = ans(col, "What percentage of Huai'an's 2024 processed requests were answered with '本机关不掌握相关政府信息'?")
    assert a.status == "answered"


def test_a_count_of_something_no_table_row_says_is_not_a_rows_figure_in_another_unit(col):
    # "组织了几次培训": the requests table's 法人或其他组织 shares 组织 and nothing of 培训; its 件 are not 次 of training
    a = ans(col, "平潭综合实验区2024年组织了几次政府信息公开培训？")
    assert (a.status, a.value) == ("not_reported", None)
    a = ans(col, "淮安市2024年被申请行政复议几次？")  # 次 asked of the 件 of a row that says every word asked
    assert a.status == "answered" and a.source.kind == "table"


def test_the_first_n_of_a_ranking_and_what_they_add_up_to():
    # "前三名是哪几个部门？三家合计多少件": the ranking, and its value the first three's sum
    names = ("平潭综合实验区自然资源与生态环境局_2024.html", "平潭综合实验区交通与建设局_2024.html",
             "平潭综合实验区行政审批局_2024.html", "平潭综合实验区财政金融局_2024.html")
    pingtan = col_of(*names)
    ranking = ans(pingtan, "平潭综合实验区2024年各部门新收政府信息公开申请数量前三名是哪几个部门？")
    assert (ranking.shape, ranking.top_n, len(ranking.points)) == ("ranking", 3, 3)
    a = ans(pingtan, "平潭综合实验区2024年各部门新收政府信息公开申请数量前三名是哪几个部门？三家合计多少件？")
    assert (a.status, a.shape) == ("answered", "ranking")
    assert a.value == sum(p.value for p in ranking.points) and a.value != ranking.value


def test_english_asking_to_check_a_figure_heard_is_no_metric_of_its_own(col):
    # "… — can you confirm the exact figure?": not the row of requests "to confirm or re-issue"
    a = ans(col, "Huai'an Municipal People's Government took in roughly three thousand one hundred new disclosure "
                 "requests in 2024 — can you confirm the exact figure?")
    assert (a.status, a.value) == ("answered", ans(col, "淮安市2024年本年新收政府信息公开申请数量是多少？").value)
    readers = ans(col, "The Pingtan Social Undertakings Bureau's WeChat account had about 1.7 million readers by the "
                       "end of 2024 - could you check the exact number?")
    assert readers.status == "answered" and readers.unit == "人" and 1_600_000 < readers.value < 1_800_000


def test_the_prose_quoted_with_its_figure_and_the_reports_own_figure_asked(col):
    # "正文说受理申请17件，那到底收到多少件": the prose's figure is quoted; the table's, with the prose beside it
    a = ans(col, "淮安市洪泽区人民政府2024年正文说受理申请17件，那2024年到底收到多少件政府信息公开申请？")
    assert (a.status, a.source.kind) == ("answered", "table") and a.value != 17 and "17" in a.answer


def test_a_count_of_things_shut_is_not_the_count_of_those_running(tmp_path):
    # "对3个发挥作用不明显的政务新媒体予以关停注销": 3 were shut; how many run the report does not say
    col = one_text_report(tmp_path, "某县人民政府2025年政府信息公开工作年度报告", "加强政务新媒体管理，对3个发挥作用不明显、基层无力维护的政务新媒体予以关停注销。")
    assert ans(col, "某县2025年在运维的政务新媒体共有多少个？").status == "not_reported"
    shut = ans(col, "某县2025年关停注销了几个政务新媒体？")
    assert (shut.status, shut.value) == ("answered", 3)


def test_a_government_named_in_full_that_no_report_is_from_is_not_found(tmp_path):
    # the collection's 天津经济技术开发区 shares 天津 with "天津市滨海新区人民政府", and is another body
    col = one_text_report(tmp_path, "天津经济技术开发区管理委员会2020年政府信息公开工作年度报告", "2020年，本区共收到政府信息公开申请38件，均按期答复。")
    a = ans(col, "天津市滨海新区人民政府2020年共收到多少件政府信息公开申请？")
    assert a.status == "not_found" and "滨海新区" in a.answer
    assert ans(col, "天津经济技术开发区2020年共收到多少件政府信息公开申请？").value == 38


# ---------------------------------------------------------------- wordings of the twenty-second round


@pytest.mark.parametrize("q, value", [
    ("平潭管委会2022年因为信息公开被起诉过几次，超过一次没有？", 1),  # a threshold said in words is asked, not a metric
    ("淮安24年律所这类法律服务机构寄来了几份信息公开申请？", 61),  # 几份: a measure word, like 几件
    ("Hongze district gov (Huai'an) 2024: total admin reviews over FOI decisions?", 2),  # the city in brackets locates
    ("洪泽区2024年因信息公开决定引起的行政复议总数", 2),  # what a review challenges is what the table is about
    ("平潭综合实验区2024年国家秘密占不予公开的比例", 10.26),  # the group a row stands under, not the results' total
    ("淮安市人民政府2024年不予公开的申请里，以“属于行政查询事项”为由的占几成？", 58.99),  # the scope said first
    ("淮安市2024年行政复议总数里面结果纠正的占百分之几？", 18.23),
    ("帮我核一下一个趋势判断：我印象里平潭综合实验区2023年全区主动公开的政府信息比2022年少了，到底少了多少条？", 1010),
    ("我在做洪泽区两年对比的数据表，整理到2023年年报第四部分行政复议那一行时觉得有点怪，想问一下：那张表里行政复议的"
     "“总计”一格填的是多少？", 0),  # the agency of the asker's task; the story repeating the metric asks nothing
    ("我在写稿，想先确认正文这个：洪泽区2024年区政府办代表区政府受理的信息公开申请是多少件？", 17),
])
def test_wordings_of_the_twenty_second_round(col, q, value):
    a = ans(col, q)
    assert a.status == "answered" and a.value == pytest.approx(value, abs=0.01), (a.status, a.value, a.understood)


def test_a_group_and_its_own_member_added_are_the_group_counted_once(col):
    a = ans(col, "淮安市政府2024年新收的申请里，商业企业和法人或其他组织一共提了多少件？")
    assert a.status == "answered" and a.value == 118  # 53 企业 are among the 118 法人或其他组织, not 171
    assert any("只计一次" in c for c in a.understood.corrections)


@pytest.mark.parametrize("q, values", [
    ("平潭实验区2022年那几件企业申请，最后部分公开了几件、作其他处理的又是几件？", [1, 2]),  # the column said first
    ("上海市人社局2011年的信息公开申请，当面、网上、信函三种方式分别是多少件？", [498, 220, 28]),  # 申请 said of each
    ("平潭综合实验区2012年度统计表里主动公开信息数、其中网站公开、政府公报公开各是多少条？", [739, 739, 0]),  # not 公开政府
    ("淮安市2024年的行政复议，结果维持、结果纠正、其他结果、总计分别是几件？", [72, 64, 178, 351]),  # 总计 after the parts
])
def test_lists_of_the_twenty_second_round(col, q, values):
    a = ans(col, q)
    assert a.status == "answered" and a.shape == "list"
    assert [p.value for p in a.points] == values


def test_departments_of_a_place_ranked_with_no_year_each_by_its_latest_report(col):
    a = ans(col, "平潭各部门年报里行政处罚决定最多的前三名")
    assert a.status == "answered" and [p.value for p in a.points] == [640, 187, 182]
    assert any("最新一年" in c for c in a.understood.corrections)


def test_those_bureaus_of_a_place_are_all_of_its_departments(col):
    a = ans(col, "24年平潭那几个局里，现行有效的行政规范性文件最少的两个是谁？")
    assert a.status == "answered" and a.shape == "ranking" and [p.value for p in a.points] == [0, 1]


def test_a_remark_in_brackets_in_words_no_table_uses_asks_nothing(col):
    a = ans(col, "收录的平潭各部门年报（每个部门一份）里，行政许可处理决定数最多的三个部门是？")
    assert a.status == "answered" and a.shape == "ranking" and a.points[0].value == 2650


def test_cantonese_last_year_from_a_date_given(col):
    a = ans(col, "今年係2025年，平潭綜合實驗區舊年嘅行政覆議總共有幾多宗？")
    assert a.status == "answered" and a.understood.years == (2024,) and a.value == 7


@pytest.mark.parametrize("q, value", [
    # each agency's share, and the gap between them in points
    ("“本机关不掌握相关政府信息”占办理结果总计的比例，2024年洪泽区比淮安市政府高几个百分点？", 7.42),
    # the change of a sum of two rows, each year's rows added
    ("平潭实验区“行政处罚+行政强制”决定数合计，2024年比2023年变化了百分之多少？（下降请用负数）", -15.82),
    ("岚岛（平潭）2022年全区行政许可决定多少件？", 10690),  # what people call the place, before it in brackets
])
def test_chained_and_nicknamed_questions(col, q, value):
    a = ans(col, q)
    assert a.status == "answered" and a.value == pytest.approx(value, abs=0.01), (a.status, a.value, a.understood)


@pytest.mark.parametrize("q, value", [
    # each side its own agency and years, added up, then compared as asked
    ("洪泽区23年和24年新收的信息公开申请加起来，跟平潭实验区2024年一年新收的比，差多少件？", 102),
    ("平潭管委会2024年、2023年两年的行政复议总数加起来，相当于淮安市政府2024年一年复议总数的百分之几？", 2.56),
    ("淮安市洪泽区2023、2024两年的行政许可决定数加总，再和平潭实验区2023、2024两年的加总比，洪泽多出多少？", None),
])
def test_two_sides_each_its_years_added_up(col, q, value):
    a = ans(col, q)
    assert a.status == "answered", (a.status, a.understood)
    if value is not None:
        assert a.value == pytest.approx(value, abs=0.01)
    inputs = {(i.report.agency, i.report.year) for i in a.inputs}
    assert len(inputs) == len(a.inputs) >= 3  # every year of each side read, each once


def test_a_gap_between_shares_that_cannot_be_made_is_no_answer(col):
    # one side's share not made (its parts not understood): never the gap between two counts
    assert ans(col, "2024年，平潭管委会办公室的部分公开占比（部分公开÷总计）比区行政审批局高出多少个百分点？").status != "answered"


@pytest.mark.parametrize("q, value", [
    # a draft with a blank: the blank's clause asks; the writer's other clauses (上年结转34件, 电子化率100%) do not
    ("2024年淮安市政府共收到____件政府信息公开申请，另有上年结转34件。", 3119),
    ("截至2011年底，上海市人社局累计主动公开政府信息____条，全文电子化率达100%。", 15506),
    ("按一年250个工作日算，平潭综合实验区2024年平均每个工作日作出多少件行政许可决定？", 18.116),  # the days said
    ("淮安24年的行政处罚决定，平均每个月多少个？", 332146.5),  # 个 and 件 count alike
    ("In two thousand and twenty-two, how many disclosure requests did the Pingtan zone's admin committee get "
     "from organisations rather than individuals?", 3),  # a year in English words
    ("今天是2025年3月。平潭管委会去年的行政事业性收费一共多少块钱？", 186510600),  # the date said is the base of 去年
    ("2019年到2025年里，平潭综合实验区行政许可决定数最高的那一年是多少件？", 10690),  # 最高的那一年: which year
])
def test_drafts_periods_dates_and_spellings(col, q, value):
    a = ans(col, q)
    assert a.status == "answered" and a.value == pytest.approx(value, abs=0.01), (a.status, a.value, a.understood)


def test_a_one_character_slip_beside_a_word_of_the_tables_is_read_and_said(col):
    a = ans(col, "平潭实验区2023年现形有效的行政规范性文件有多少件？")
    assert a.status == "answered" and a.value == 470 and any("现行有效" in c for c in a.understood.corrections)


def test_two_digit_years_as_a_range_give_every_year(col):
    a = ans(col, "平潭这边信息公开引发的行政复议，19年到25年每年各几件？")
    assert a.shape == "series" and {p.label for p in a.points} >= {"2019", "2022", "2024"}


@pytest.mark.parametrize("q, value", [
    # examples said loosely (之类) name what is counted, not a metric of their own
    ("2024年平潭综合实验区的政府信息公开行政复议，被复议机关纠错（撤销、确认违法、责令履职之类）的一共几件？", None),
    ("洪泽区2024年因政府信息公开当被告的行政诉讼一共多少件？直接起诉的和复议后起诉的都算上。", 4),
])
def test_a_lawyers_words(col, q, value):
    a = ans(col, q)
    assert a.status == "answered", (a.status, a.understood)
    if value is not None:
        assert a.value == value
    else:
        assert a.understood.keys == ("review.reconsideration.corrected",)


@pytest.mark.parametrize("q, whole, taken", [
    # a whole with what is left out of it said beside it: the whole less each thing left out
    ("淮安市2024年“不予处理”的申请，不算信访举报投诉类的，一共几件？", "淮安市2024年不予处理的申请有几件",
     ("淮安市2024年不予处理的信访举报投诉类申请有几件",)),
    ("平潭实验区2024年的行政复议，不算结果维持的，有多少件？", "平潭实验区2024年行政复议总计多少件",
     ("平潭实验区2024年行政复议结果维持多少件",)),
    ("平潭综合实验区2023年不予公开的申请中，除去“属于行政查询事项”的，还有几件？", "平潭综合实验区2023年不予公开多少件",
     ("平潭综合实验区2023年不予公开属于行政查询事项的多少件",)),
    ("淮安市2024年办理结果总计里，不包括“无法提供”和“不予处理”的那部分是多少件？", "淮安市2024年办理结果总计多少件",
     ("淮安市2024年无法提供多少件", "淮安市2024年不予处理多少件")),
    ("淮安市2024年办理结果总计减去无法提供和不予处理是多少件", "淮安市2024年办理结果总计多少件",
     ("淮安市2024年无法提供多少件", "淮安市2024年不予处理多少件")),
])
def test_what_is_left_out_of_a_whole_is_taken_away(col, q, whole, taken):
    a, w = ans(col, q), ans(col, whole)
    parts = [ans(col, t) for t in taken]
    assert w.status == "answered" and all(p.status == "answered" and 0 < p.value < w.value for p in parts)
    assert a.status == "answered" and a.value == w.value - sum(p.value for p in parts), (a.value, a.understood)


def test_what_is_left_out_that_is_no_part_of_the_whole_leaves_it_as_asked(col):
    # 自然人 is no part of 法人或其他组织: the words say what the figure already leaves out
    a = ans(col, "淮安市2024年法人或其他组织提出的申请有多少件，不算自然人的？")
    assert a.status == "answered" and a.value == ans(col, "淮安市2024年法人或其他组织提出的申请有多少件").value


def test_a_date_said_earlier_in_a_conversation_places_the_next_relative_year(col):
    from qa.conversation import follow_up_context

    context = follow_up_context(["今天是2025年3月，平潭实验区去年制发了多少件行政规范性文件？"], col.agencies(),
                                col.agency_years())
    a = answer("前年的呢？", col, context=context)
    assert a.understood.years == (2023,) and a.value == ans(col, "平潭实验区2023年制发了多少件行政规范性文件？").value
    assert any("2025" in c for c in a.understood.corrections)
    # with no date said, 前年 right after a question about a year counts back from that year
    context = follow_up_context(["平潭实验区2024年制发了多少件行政规范性文件？"], col.agencies(), col.agency_years())
    assert answer("前年的呢？", col, context=context).understood.years == (2022,)


def test_the_bottom_of_a_ranking_is_asked_with_its_count(col):
    a = ans(col, "二〇二四年平潭各部门报告里，现行有效的行政规范性文件件数，倒数两名是哪两个部门？")
    values = [p.value for p in a.points]
    assert a.shape == "ranking" and a.understood.top_n == 2 and values == sorted(values), values
    everyone = ans(col, "二〇二四年平潭各部门报告里，现行有效的行政规范性文件件数从多到少排一下")
    assert values[0] == min(p.value for p in everyone.points)


def _value(col, q):
    a = ans(col, q)
    assert a.status == "answered", (q, a.status)
    return a.value


@pytest.mark.parametrize("q, num, den, less", [
    # one term names the group (复议); the others, only its columns, are read in it
    ("淮安市2024年复议纠错率=结果纠正÷（复议总计−尚未审结）是多少", "淮安市2024年行政复议结果纠正几件",
     "淮安市2024年行政复议总计几件", "淮安市2024年行政复议尚未审结几件"),
    # a column said before the formula is what its terms spell out, not said of each of them
    ("复议纠错率如果只看已经审结的案子，就是：结果纠正 ÷（复议总计 − 尚未审结）。淮安市2024年按这个算是多少？",
     "淮安市2024年行政复议结果纠正几件", "淮安市2024年行政复议总计几件", "淮安市2024年行政复议尚未审结几件"),
    # "我把A的三种情形加总后除以B": A's own total over B
    ("我把“无法提供”的三种情形加总后除以办理结果总计，叫“无法提供率”。洪泽区2024年这个率是多少？",
     "洪泽区2024年无法提供几件", "洪泽区2024年办理结果总计", None),
    # the parts listed in brackets "全算上" are what the figure counts, not more things asked
    ("淮安市政府2024年新收的信息公开申请里，法人或其他组织（商业企业、科研机构、社会公益组织、法律服务机构、其他，"
     "全算上）提的占多大比例？", "淮安市2024年法人或其他组织新收申请几件", "淮安市2024年新收申请几件", None),
])
def test_a_rate_spelt_out_in_the_askers_words(col, q, num, den, less):
    expected = _value(col, num) / (_value(col, den) - (_value(col, less) if less else 0)) * 100
    a = ans(col, q)
    assert a.status == "answered" and a.value == pytest.approx(expected, abs=0.01), (a.value, a.understood)


@pytest.mark.parametrize("q", [
    "算上上年结转的，洪泽区2024年一共要处理多少件申请？",
    "Counting requests carried over from 2023, how many information disclosure requests did Hongze district have to "
    "handle in 2024?",
    "Including requests carried over from 2023, how many requests did Hongze district handle in 2024 in total?",
])
def test_the_carried_over_requests_counted_in_add_to_the_new_ones(col, q):
    new, carried = _value(col, "洪泽区2024年本年新收申请多少件"), _value(col, "洪泽区2024年上年结转申请多少件")
    a = ans(col, q)
    assert a.status == "answered" and a.value == new + carried and len(a.inputs) == 2, (a.value, a.understood)


def test_a_suit_filed_without_going_through_reconsideration_is_a_direct_suit(col):
    a = ans(col, "How many information-disclosure lawsuits were filed against Hongze district in 2024 without going "
                 "through administrative reconsideration first?")
    assert a.status == "answered" and a.understood.keys == ("review.litigation_direct.total",)


def test_a_two_digit_year_with_its_end_said(col):
    a = ans(col, "平潭现行有效的行政规范性文件，23年底比24年少了几件？")
    assert a.understood.years == (2023, 2024) and a.status == "answered"
    assert a.value == abs(_value(col, "平潭2024年现行有效的行政规范性文件有几件") -
                          _value(col, "平潭2023年现行有效的行政规范性文件有几件"))


def test_requests_carried_over_unfinished_from_the_year_before_are_the_reports_own(col):
    a = ans(col, "In its 2019 report, how many disclosure requests did the Shanghai municipal government's general "
                 "office say were carried over unfinished from 2018?")
    assert a.understood.years == (2019,) and a.understood.keys == ("requests.carried_over.total",)


@pytest.mark.parametrize("q", ["平潭市场监管局2025年因为申请人不按通知交费、就不再处理的申请有几件？",
                               "平潭市场监管局2025年因为申请人没按通知缴费而不再处理的申请有几件？"])
def test_not_paying_as_notified_is_the_row_of_requests_no_longer_handled(col, q):
    a = ans(col, q)
    assert a.status == "answered" and "缴纳费用" in a.source.row, (a.status, a.understood)


@pytest.mark.parametrize("follow", ["这三年平均下来一年多少件？", "这3年平均一年多少件？"])
def test_the_years_of_a_series_pointed_back_at_by_their_count_and_averaged(col, follow):
    from qa.conversation import follow_up_context

    first = "把平潭实验区2022年到2024年每年新收的政府信息公开申请数列给我"
    context = follow_up_context([first], col.agencies(), col.agency_years())
    a = answer(follow, col, context=context)
    series = ans(col, first)
    assert series.shape == "series" and len(series.points) == 3
    assert a.status == "answered" and a.value == pytest.approx(sum(p.value for p in series.points) / 3, abs=0.01)


def test_a_quoted_expression_that_adds_and_takes_away(col):
    a = ans(col, "淮安市政府2024年的依申请表，用“本年新收＋上年结转−办理结果总计”算出来的结转数，和表里“结转下年度继续办理”"
                 "一样吗？算出来是多少？")
    new, carried = _value(col, "淮安市2024年本年新收申请多少件"), _value(col, "淮安市2024年上年结转申请多少件")
    handled = _value(col, "淮安市2024年办理结果总计多少件")
    assert a.status == "answered" and a.value == new + carried - handled, (a.value, a.understood)
    assert "−" in a.answer and "合计" not in a.answer


@pytest.mark.parametrize("q", ["2024年平潭那几个局的年报（不算管委会全区那份，也不算财政金融局）新收申请加起来一共多少件？",
                               "2024年平潭各局新收申请加起来一共多少件（不包括财政金融局）？"])
def test_an_agency_left_out_of_a_place_sum_is_not_the_agency_asked(col, q):
    everyone = ans(col, "2024年平潭各局新收申请加起来一共多少件？")
    left_out = _value(col, "平潭综合实验区财政金融局2024年新收申请多少件")
    a = ans(col, q)
    assert everyone.status == a.status == "answered" and left_out > 0
    assert a.value == everyone.value - left_out, (a.value, a.understood)
    assert any("财政金融局" in c for c in a.understood.corrections)


def test_the_addends_of_a_share_spelt_out_are_read_in_one_row(col):
    # 其他 is a column of 本年新收 beside the others, not the row 其他处理 › 其他
    a = ans(col, "淮安市人民政府2024年本年新收申请中，法人或其他组织所占比重是多少？（比重=商业企业+科研机构+社会公益组织+"
                 "法律服务机构+其他，除以本年新收总计）")
    organisations = _value(col, "淮安市2024年法人或其他组织新收申请几件")
    assert a.status == "answered" and a.value == pytest.approx(organisations / _value(col, "淮安市2024年新收申请几件")
                                                                * 100, abs=0.01), (a.value, a.understood)


def test_times_between_two_years_written_with_two_digits_keep_their_order(col):
    from qa.conversation import follow_up_context

    context = follow_up_context(["平潭实验区23年收到多少件政府信息公开申请？"], col.agencies(), col.agency_years())
    a = answer("那24年新收的是23年的几倍？", col, context=context)
    assert a.status == "answered" and a.value == pytest.approx(
        _value(col, "平潭实验区2024年新收申请多少件") / _value(col, "平潭实验区2023年新收申请多少件"), abs=0.001)


def test_a_fall_in_percentage_points_is_a_positive_figure(col):
    said = "洪泽区无法提供的占当年办理结果总计的比例，2024年比2023年{}多少个百分点？"
    fell, changed = ans(col, said.format("下降了")), ans(col, said.format("变化了"))
    assert fell.status == changed.status == "answered" and changed.value < 0 and fell.value == -changed.value





def test_the_part_pointed_at_as_a_share_is_the_figure_before(col):
    from qa.conversation import follow_up_context

    history = ["平潭综合实验区2024年收到多少件信息公开申请？", "因为本机关不掌握而无法提供的有几件？"]
    context = follow_up_context(history, col.agencies(), col.agency_years())
    a = answer("这部分占全年办结总数的百分之几？", col, context=context)
    expected = _value(col, "平潭综合实验区2024年本机关不掌握相关政府信息几件") / _value(col, "平潭综合实验区2024年办理结果总计") * 100
    assert a.status == "answered" and a.value == pytest.approx(expected, abs=0.01), (a.value, a.understood)


def test_items_added_or_taken_this_year_are_the_printed_change(col):
    a = ans(col, "平潭实验区2019年的行政处罚事项增减了多少项？")
    assert a.status == "answered" and a.understood.keys == ("proactive.penalty.change",)


def test_a_share_of_a_sentences_part_is_never_its_whole_over_itself(tmp_path):
    col = one_text_report(tmp_path, "某市农业农村局2023年政府信息公开工作年度报告",
                          "2023年，我局共收到政府信息公开申请11份，其中法人申请2件、自然人申请9件；另有上年结转申请1件。")
    a = ans(col, "某市农业农村局2023年收到的政府信息公开申请中，自然人申请占多大比例？")
    assert a.status == "answered" and a.value == pytest.approx(9 / 11 * 100, abs=0.01), (a.status, a.value)


def test_credit_platforms_in_english_are_the_sentence_that_names_them(tmp_path):
    col = one_text_report(tmp_path, "某市农业农村局2023年政府信息公开工作年度报告",
                          "2023年通过门户网站主动公开政府信息276条，其中行政许可类13条。",
                          "2023年在“信用中国”平台公示行政许可信息815条，在公共信用信息平台公示行政处罚信息167条。")
    a = ans(col, "How many administrative licensing records did the city agriculture bureau publish on the credit "
                 "platforms in 2023?")
    assert (a.status, a.value) == ("answered", 815), (a.status, a.value)


def test_an_average_per_item_in_the_unit_asked_is_the_amount_over_the_count(tmp_path):
    col = one_text_report(tmp_path, "某县地方税务局2013年政府信息公开工作年度报告",
                          "办理下岗失业人员减免税共计91件，共计减免金额219062.78元。")
    a = ans(col, "某县地方税务局2013年办理下岗失业人员减免税，平均每件减免多少元？")
    assert a.status == "answered" and a.value == pytest.approx(219062.78 / 91, abs=0.01), (a.status, a.value)





def test_what_the_asker_will_look_up_after_the_question_is_not_asked(col):
    asked = "平潭市场监管局2025年一共完成了多少批次食用农产品抽检？"
    a = ans(col, "家里老人总担心农残问题。" + asked + "不合格的数量我自己再看。谢谢啦")
    assert a.status == "answered" and a.value == _value(col, asked)


def test_a_city_in_the_story_before_the_question_is_not_the_district_asked(col):
    a = ans(col, "我在写一篇课程论文，淮安市本级的数字我已经整理完了。现在想补洪泽区：洪泽区政府2024年的年报里，行政处罚的处理决定"
                 "数量是多少？顺便说一句，我后面要做成表格，如果有单位请一起写上，谢谢。")
    assert a.understood.agencies == ("淮安市洪泽区人民政府",) and a.value == _value(col, "洪泽区2024年行政处罚决定多少件")


def test_a_series_asked_in_another_counting_word_keeps_its_metric():
    # 受理依申请公开信息总数 is printed in 条; "多少件" never turns it into the prose's 0件 of 行政复议
    col = col_of("平潭县人民政府_2012.html", "平潭县人民政府_2013.html")
    a = ans(col, "平潭县政府2012年、2013年各收到多少件信息公开申请？")
    assert a.shape == "series" and a.understood.keys == ("requests.new_received.total",)
    assert [p.value for p in a.points] == [_value(col, f"平潭县政府{y}年收到多少件信息公开申请？") for y in (2012, 2013)]





def test_a_nickname_is_no_division_that_begins_with_it():
    from qa.script import with_chinese_place_names

    assert with_chinese_place_names("岚岛2024年") == "平潭2024年"
    assert with_chinese_place_names("青岛市市北区琴岛路") == "青岛市市北区琴岛路"


def test_cells_listed_after_a_colon_and_counted_before_the_sum_word_are_added_up(col):
    listed = "洪泽区2023年行政复议那几格：结果维持、结果纠正、其他结果、尚未审结四项加起来是多少？"
    a = ans(col, listed)
    assert a.status == "answered" and a.shape == "single"
    assert a.value == _value(col, "洪泽区2023年行政复议结果维持、结果纠正、其他结果、尚未审结加起来是多少？")


@pytest.mark.parametrize("q, same", [
    # English, abbreviations, nicknames, scopes said first, change words and everyday wordings: the figure of the
    # plain question they mean
    ("Huai'an city government, 2024 report: if I add the lawsuits filed directly (no reconsideration first) to the "
     "lawsuits filed after reconsideration, what total do I get?", "淮安市2024年行政诉讼直接起诉加复议后起诉一共多少件"),
    ("Huai'an municipal government, 2024: taking 250 working days in the year, how many new information-disclosure "
     "requests did it receive per working day on average?", "淮安市2024年新收申请，按一年250个工作日算，平均每天多少件"),
    ("What share of Huai'an municipality's 2024 administrative reconsideration cases on information disclosure "
     "resulted in correction? Please give a percentage.", "淮安市2024年行政复议结果纠正占行政复议总计的比例"),
    ("平潭综试区管委会2024年行政许可的处理决定数量是多少？", "平潭综合实验区2024年行政许可的处理决定数量是多少？"),
    ("岚岛2024年收到的信息公开申请，两百出头对吧？", "平潭综合实验区2024年收到多少件信息公开申请？"),
    ("平潭全区因政府信息公开被申请行政复议的案件，2024年比2023年多了几件？", "平潭综合实验区2024年比2023年行政复议多了几件？"),
    ("Of the requests Huai'an city government withheld in 2024, what share were refused because they were "
     "'administrative query matters'?", "淮安市2024年不予公开的申请里，属于行政查询事项的占比多少？"),
    ("平潭综合实验区2023年主动公开的行政处罚决定较2022年变动了百分之几？", "平潭综合实验区2023年行政处罚决定比2022年变化了百分之几？"),
    ("平潭综合实验区2022至2024年，行政处罚决定年均多少件？", "平潭综合实验区2022至2024年行政处罚决定平均每年多少件？"),
    ("上海人社局2011年收过申请人多少复制费？", "上海人社局2011年复制费多少？"),
    ("淮安市政府24年的信息公开申请里，直接给予公开的有几件？", "淮安市2024年予以公开多少件？"),
    ("今天25年3月 平潭实验区去年新收申请多少件", "平潭综合实验区2024年新收申请多少件？"),
    ("洪泽去23年行政处罚多少", "洪泽区2023年行政处罚决定多少件？"),
    ("淮安市政府2024年的行政诉讼，未经复议直接起诉和复议后起诉两类中判决结果维持的合计多少件？",
     "淮安市2024年行政诉讼结果维持多少件？"),
    ("淮安市政府2024年年报，稿子说全市政府信息公开行政复议有315件，是这个数吗？", "淮安市2024年行政复议多少件？"),
    ("初稿里说淮安市2024年作出行政处罚决定“近400万件”，原表里精确数字是多少？", "淮安市2024年行政处罚决定多少件？"),
    ("平潭2019年新搞出来多少个规范性文件？", "平潭综合实验区2019年规范性文件本年新制作数量"),
    ("上海人社局2011年，“同意公开”在全部答复中的占比，请按附表二的件数自己算，不要用正文里约略的百分比。",
     "上海人社局2011年同意公开在全部答复中的占比"),
])
def test_a_wording_reads_as_the_plain_question_it_means(col, q, same):
    a = ans(col, q)
    assert a.status == "answered" and a.value == pytest.approx(_value(col, same), abs=0.01), (a.status, a.value)


def test_a_share_asked_of_each_of_two_years_is_each_years_share_not_its_change(col):
    a = ans(col, "平潭实验区办结申请里“予以公开”的占比，2023年和2024年分别是多少？")
    shares = {p.year: p.value for p in a.points}
    assert a.status == "answered" and a.shape == "series" and a.understood.operation == "ratio"
    for year in (2023, 2024):
        expected = (_value(col, f"平潭实验区{year}年予以公开多少件") / _value(col, f"平潭实验区{year}年办理结果总计多少件") * 100)
        assert shares[year] == pytest.approx(expected, abs=0.01), (year, shares)


@pytest.mark.parametrize("q", ["淮安市和洪泽区2024年的行政复议维持率分别是多少",
                               "复议维持率，淮安市级和洪泽区2024年对比一下",
                               "淮安市和洪泽区2024年行政复议结果维持占行政复议总计的比例各是多少？"])
def test_a_share_asked_of_each_of_two_agencies_is_each_ones_share(col, q):
    a = ans(col, q)
    shares = {p.agency: p.value for p in a.points}
    assert a.status == "answered" and len(shares) == 2, (a.status, a.value, a.understood)
    for place in ("淮安市", "洪泽区"):
        agency = next(name for name in shares if name.endswith(place + "人民政府"))
        expected = (_value(col, f"{place}2024年行政复议结果维持多少件") / _value(col, f"{place}2024年行政复议总计多少件") * 100)
        assert shares[agency] == pytest.approx(expected, abs=0.01), (agency, shares)


def test_a_lead_in_saying_what_the_asker_wants_to_see_is_not_the_metric(col):
    a = ans(col, "想看企业和机构用信息公开的程度：淮安2024年新收申请里，法人或其他组织占了百分之几？")
    assert a.status == "answered" and a.value == pytest.approx(
        _value(col, "淮安2024年新收申请里，法人或其他组织占了百分之几？"), abs=0.01), (a.status, a.value)


def test_two_questions_typed_apart_by_a_space_are_a_list_and_a_fee_asked_is_money(col):
    a = ans(col, "平潭市监局25年处理费通知收多少 实际收了多少")
    assert a.status == "answered" and a.shape == "list" and all(p.unit == "元" for p in a.points), a.points
    assert [p.value for p in a.points] == [_value(col, "平潭市监局2025年信息处理费通知收取金额多少元"),
                                           _value(col, "平潭市监局2025年信息处理费实际收取金额多少元")]


@pytest.mark.parametrize("history, q, same", [
    # "这个数": the figure asked last; "前面那个数" / "总数里": the one asked before it; "the two": the two agencies
    (["淮安市政府2024年政府信息公开行政复议一共多少件？", "它里面结果纠正的有多少？"], "把这个数和同年行政诉讼里结果纠正的加起来是多少？",
     "淮安市2024年行政复议结果纠正和行政诉讼结果纠正加起来是多少"),
    (["平潭综合实验区2024年新收了多少件政府信息公开申请？", "那其中予以公开的呢？"], "这个数占前面那个数的百分之几？",
     "平潭综合实验区2024年予以公开占新收申请的百分之几"),
    (["洪泽区政府2024年本年新收的政府信息公开申请有多少件？", "其中因“本机关不掌握相关政府信息”无法提供的有几件？"],
     "这个数在总数里占多少？", "洪泽区2024年本机关不掌握相关政府信息的占新收申请的百分之几"),
    (["What information processing fees did Huai'an city government collect in 2024?", "And Hongze district in the same year?"],
     "How big is the difference between the two, in yuan?", "淮安市和洪泽区2024年信息处理费相差多少元"),
    (["上海市人社局2011年受理了多少件政府信息公开申请？", "其中同意公开的有几件？"], "同意部分公开的再加上它，占受理总数的比例是多少？",
     "上海市人社局2011年同意部分公开和同意公开合计占受理总数的比例"),
    # a part of the figure before, over a whole the question names itself (not the part's own whole)
    (["淮安市政府2024年新收了多少件信息公开申请？"], "其中无法提供的（三种情形加起来）占新收申请的百分比是多少？",
     "淮安市政府2024年无法提供的占新收申请的百分比是多少？"),
])
def test_figures_pointed_at_in_a_conversation_are_the_ones_asked_before(col, history, q, same):
    from qa.conversation import follow_up_context

    context = follow_up_context(history, col.agencies(), col.agency_years())
    a = answer(q, col, context=context)
    assert a.status == "answered" and a.value == pytest.approx(_value(col, same), abs=0.01), (a.status, a.value, a.understood)


def test_an_item_asked_within_the_item_before_is_its_part(col):
    from qa.conversation import follow_up_context

    context = follow_up_context(["平潭综合实验区2024年政府信息公开行政诉讼一共几起？"], col.agencies(), col.agency_years())
    a = answer("那未经复议直接起诉的是几起，里面结果纠正的又有几起？", col, context=context)
    assert a.status == "answered" and [p.value for p in a.points] == [
        _value(col, "平潭综合实验区2024年行政诉讼未经复议直接起诉总计几起"),
        _value(col, "平潭综合实验区2024年行政诉讼未经复议直接起诉结果纠正几起")]


@pytest.mark.parametrize("q, years", [
    ("平潭的行政处罚决定数，2019年到2024年是不是先升后降？每年多少？", [2019, 2022, 2023, 2024]),
    ("平潭实验区管委会的“拒绝公开率”（表三“不予公开”8个小项合计 ÷ 办结总数），2023年和2024年分别是多少？", [2023, 2024]),
    ("洪泽区两年的行政处罚决定数分别是多少？", [2023, 2024]),
])
def test_a_series_asked_with_its_shape_or_a_formula_or_as_all_its_years(col, q, years):
    # "先升后降" names no metric; a formula's 合计 adds no years up; "两年" of an agency with two reports: both
    a = ans(col, q)
    assert a.status == "answered" and a.shape == "series", (a.status, a.shape, a.understood)
    assert [p.year for p in a.points if p.value is not None] == years, a.points


def test_the_departments_that_received_requests_leave_out_those_that_received_none(pingtan_2024):
    col = pingtan_2024
    a = ans(col, "平潭2024年收到过申请的那些部门里，予以公开件数最少的两个是哪两个？从少到多排")
    everyone = ans(col, "平潭2024年那几份部门年报里，予以公开件数最少的两个是哪两个？从少到多排")
    assert everyone.status == a.status == "answered" and everyone.points[0].value == 0  # one received none
    none = {p.agency for p in ans(col, "2024年平潭那几份部门年报里，有没有哪个部门一件政府信息公开申请都没收到？").points}
    assert none and not none & {p.agency for p in a.points} and len(a.points) == 2


def test_a_places_departments_said_with_their_number_are_added_up(col):
    a = ans(col, "把平潭7个区直部门2024年报里的本年新收申请数加起来，一共多少件？")
    assert a.status == "answered" and a.value == _value(col, "把平潭各区直部门2024年报里的本年新收申请数加起来，一共多少件？")
    assert a.value != _value(col, "平潭综合实验区2024年本年新收申请多少件")  # not the zone's own report


def test_departments_figures_summed_up_in_so_many_words(pingtan_2024):
    col = pingtan_2024
    added = ans(col, "平潭2024年各部门予以公开的件数加起来一共多少？")
    a = ans(col, "把平潭2024年各部门“予以公开”的件数汇总一下")  # 汇总: summed up, not part of the metric
    assert a.status == added.status == "answered" and a.value == added.value and a.understood.operation == "sum"


def test_how_many_departments_have_none_is_a_count_of_them(pingtan_2024):
    col = pingtan_2024
    which = ans(col, "2024年平潭哪个部门一件申请都没收到？")  # the noun between 一件 and 都没 is what is asked of
    assert which.status == "answered" and which.value == 0 and which.points
    a = ans(col, "2024年平潭这几个部门里，行政处罚决定数是0的有几家？")
    ranked = ans(col, "2024年平潭各部门行政处罚决定数从少到多排一下")
    zeros = [p.agency for p in ranked.points if p.value == 0]
    assert a.status == "answered" and a.value == len(zeros) >= 2 and a.unit == "个"
    assert sorted(p.agency for p in a.points) == sorted(zeros)
    none = ans(col, "2024年平潭的部门年报里，有几个部门全年一件信息公开申请都没收到？")
    assert none.status == "answered" and none.value == len(which.points)


def test_an_aside_setting_departments_aside_asks_for_the_places_own_report(col):
    a = ans(col, "23年平潭实验区那份全区的年报（不是哪个局的）里，行政处罚决定数是多少？")
    assert a.status == "answered" and a.shape == "single"
    assert a.value == _value(col, "平潭综合实验区2023年行政处罚决定多少件")


def test_a_share_of_one_figure_over_its_own_sentence_is_no_share(pingtan_2024):
    # the department's new requests over "全区年报新收总数", the zone's report not understood: its own table
    # cell over its own sentence saying the same figure is 100 % of nothing
    col = pingtan_2024
    a = ans(col, "管委会办公室本部门2024年新收的申请数，占平潭实验区全区年报新收总数的比例是多少？")
    assert not (a.status == "answered" and a.value == pytest.approx(100)), (a.status, a.value)


def test_the_mean_per_agency_is_over_the_agencies_asked_about(pingtan_2024):
    col = pingtan_2024
    each = {p.agency: p.value for p in ans(col, "2024年平潭各部门新收政府信息公开申请从多到少排一下").points}
    assert len(each) >= 5
    a = ans(col, "按部门平均算，2024年平潭各区直部门每家新收多少件信息公开申请？")
    assert a.status == "answered" and a.value == pytest.approx(sum(each.values()) / len(each)), (a.value, each)
    named = ["交通与建设局", "行政审批局", "财政金融局"]
    b = ans(col, f"2024年平潭的{'、'.join(named)}这3个部门，平均每个部门新收了多少件政府信息公开申请？")
    mine = [v for agency, v in each.items() if any(agency.endswith(n) for n in named)]
    assert b.status == "answered" and len(mine) == 3 and b.value == pytest.approx(sum(mine) / 3), (b.value, mine)


def test_english_wordings_of_a_later_year_and_a_share_out_of_a_whole(col):
    from qa.conversation import follow_up_context

    context = follow_up_context(["How many administrative penalty decisions did Pingtan 实验区 report for 2023?"],
                                col.agencies(), col.agency_years())
    after = answer("And the year after?", col, context=context)
    assert after.status == "answered" and after.value == _value(col, "平潭综合实验区2024年行政处罚决定多少件")
    share = ans(col, "Pingtan 实验区 2024 OGI: what % of requests handled were 予以公开 or 部分公开, out of the 办理结果 总计?")
    assert share.value == pytest.approx(_value(col, "平潭实验区2024年予以公开和部分公开合计占办理结果总计的百分比"), abs=0.01)


def test_a_place_asked_beside_the_first_shows_every_agency_tied_at_it(pingtan_2024):
    col = pingtan_2024
    ranked = [(p.agency, p.value) for p in ans(col, "2024年平潭各部门本年废止行政规范性文件从多到少排一下").points]
    second = ranked[1][1]
    assert ranked[2][1] == second  # two departments share the second place
    a = ans(col, "2024年平潭部门年报中，本年废止行政规范性文件最多的是哪个部门？第二名是不是并列？")
    assert a.status == "answered" and a.value == second
    assert [(p.agency, p.value) for p in a.points] == [rv for rv in ranked if rv[1] >= second]


# ---------------------------------------------------------------- what is left out, said every way


def test_a_part_left_out_said_after_it_is_taken_from_its_whole(col):
    whole = _value(col, "淮安市2024年不予处理的申请有多少件")
    part = _value(col, "淮安市2024年因重复申请不予处理的有多少件")
    a = ans(col, "淮安市2024年不予处理的，重复申请的不算的话还剩几件？")  # what is left out said before 不算
    assert a.status == "answered" and a.value == whole - part


def test_a_part_taken_away_by_its_column_alone_is_that_column_of_the_whole(col):
    lawsuits = _value(col, "2023年平潭实验区行政诉讼有几起")
    upheld = _value(col, "2023年平潭实验区行政诉讼结果维持的有几起")
    for q in ("2023年平潭实验区的行政诉讼，减掉结果维持的还有几起？",  # 行政诉讼's 维持, not 行政复议's
              "Not counting the ones the court upheld, how many lawsuits did Pingtan face in 2023?"):
        a = ans(col, q)
        assert a.status == "answered" and a.value == lawsuits - upheld, q


def test_the_rest_after_parts_left_out_is_not_the_row_named_other(col):
    total = _value(col, "上海人社局2011年受理申请总数是多少")
    kept = _value(col, "上海人社局2011年当面申请数和网上申请数加起来是多少")
    a = ans(col, "上海人社局2011年受理的申请，不算当面和网上申请的，其他方式来的有多少件？")
    assert a.status == "answered" and a.value == total - kept


def test_the_rest_of_a_whole_said_with_still_how_many():
    col = col_of("平潭综合实验区_2025.html")
    whole = _value(col, "平潭实验区2025年“其他处理”总计多少件")
    part = _value(col, "平潭实验区2025年申请人逾期未按收费通知要求缴纳费用的有几件")
    a = ans(col, "平潭实验区2025年“其他处理”的申请中，除了逾期未缴费的，还有多少件？")
    assert a.status == "answered" and a.value == whole - part


# ---------------------------------------------------------------- who is asked: mine, theirs, the whole place


def test_the_askers_own_bureau_said_as_ours_is_the_bureau_named(pingtan_2024):
    said = _value(pingtan_2024, "平潭财政金融局2024年收到的申请有多少")
    a = ans(pingtan_2024, "我是平潭财政金融局的，2024年我们局收到的申请有多少？")  # 我们局 is no other agency
    assert a.status == "answered" and a.value == said


def test_mine_set_against_theirs_is_mine_less_theirs(pingtan_2024):
    theirs = _value(pingtan_2024, "平潭交建局2024年予以公开的有多少件")
    mine = _value(pingtan_2024, "平潭财政金融局2024年予以公开的有多少件")
    a = ans(pingtan_2024, "平潭交建局2024年予以公开的有多少件？我们财政金融局比他们多几件？")
    assert a.status == "answered" and a.value == mine - theirs


def test_the_whole_place_set_against_one_of_its_departments():
    col = col_of("平潭综合实验区_2025.html", "平潭综合实验区市场监督管理局_2025.html")
    place = _value(col, "平潭综合实验区2025年行政处罚决定多少件")
    bureau = _value(col, "平潭综合实验区市场监督管理局2025年行政处罚决定多少件")
    a = ans(col, "平潭实验区2025年全区的行政处罚，比市场监管局多多少件？")  # 全区: the place's own report too
    assert a.status == "answered" and a.value == place - bureau and place != bureau


def test_the_place_s_whole_report_named_as_such_names_no_metric(col):
    a = ans(col, "平潭综合实验区那份2024年全区年报，行政复议一栏填的是多少？")
    assert a.status == "answered" and a.value == _value(col, "平潭综合实验区2024年行政复议多少件")


# ---------------------------------------------------------------- words


def test_list_asked_with_lie_yi_xia_or_list(col):
    for q in ("洪泽区2024年行政许可和行政处罚的决定数量，列一下",
              "For Hongze district's 2024 report, list the licensing decisions and the penalty decisions."):
        a = ans(col, q)
        assert a.status == "answered" and a.shape == "list" and len(a.points) == 2, q
        assert {p.value for p in a.points} == {_value(col, "洪泽区2024年行政许可决定多少件"),
                                               _value(col, "洪泽区2024年行政处罚决定多少件")}


def test_a_bracket_saying_what_the_figure_is_not_names_no_metric():
    col = col_of("平潭综合实验区_2020.html")
    a = ans(col, "平潭综合实验区2020年，法人或者其他组织（非个人）一共提了几件新申请？")
    assert a.status == "answered" and a.value == _value(col, "平潭综合实验区2020年法人或其他组织新收申请多少件")


def test_requests_handled_said_as_the_ones_handled(pingtan_2024):
    assert _value(pingtan_2024, "平潭交建局2024年办理的申请有多少件") == _value(pingtan_2024, "平潭交建局2024年办结了多少件申请")


def test_a_change_asked_in_no_unit_is_the_rate_the_report_states_when_it_states_no_count(col):
    a = ans(col, "上海市政府办公厅2019年受理的信息公开申请比2018年回落了多少？")  # no 2018 report here
    assert a.status == "answered" and a.unit == "%" and a.source.kind == "text" and str(a.value) in a.source.quote
    assert ans(col, "上海市政府办公厅2019年受理的信息公开申请比2018年少了多少件？").status != "answered"


def test_the_other_column_of_organisations_is_not_all_organisations():
    col = col_of("平潭综合实验区_2021.html")
    other = _value(col, "平潭综合实验区2021年本年新收申请（法人或其他组织·其他）多少件")
    assert other != _value(col, "平潭综合实验区2021年法人或其他组织新收申请多少件")
    for q in ("平潭综合实验区2021年新收申请里，法人或其他组织中的“其他”有几件？",
              "平潭综合实验区2021年新收申请里，不是企业、科研机构、公益组织、律所的那种“其他”提了几件？"):
        a = ans(col, q)
        assert a.status == "answered" and a.value == other, q


def test_a_count_the_asker_states_of_the_whole_names_no_metric(pingtan_2024):
    handled = _value(pingtan_2024, "平潭交建局2024年办结了多少件申请")
    withheld = _value(pingtan_2024, "平潭交建局2024年不予公开的有多少件")
    a = ans(pingtan_2024, f"平潭交建局2024年办理的{int(handled)}件申请，扣掉不予公开的，剩下几件？")
    assert a.status == "answered" and a.value == handled - withheld


def test_a_part_asked_within_a_whole_said_first_is_the_part(pingtan_2024):
    letters = _value(pingtan_2024, "平潭交建局2024年信函申请有多少件？")  # its prose: 信函申请44件
    a = ans(pingtan_2024, "平潭交建局2024年办结的申请中，信函申请有多少件？")  # not the 办结 total
    assert a.status == "answered" and a.value == letters != _value(pingtan_2024, "平潭交建局2024年办结了多少件申请")


def test_the_count_of_the_items_listed_with_what_they_are_names_none_of_them(col):
    each = _value(col, "上海市人社局2011年当面、传真、网上申请加在一起是多少？")
    a = ans(col, "上海市人社局2011年当面、传真、网上三种申请方式的件数加在一起是多少？")
    assert a.status == "answered" and a.value == each


def test_those_of_the_year_said_names_no_metric(col):
    share = _value(col, "平潭综合实验区2024年新收申请里，自然人提的占百分之多少？")
    a = ans(col, "平潭综合实验区24年那些新申请里，自然人提的占百分之多少？")
    assert a.status == "answered" and a.value == share


@pytest.mark.parametrize("claim, plain", [
    ("微博上有人说淮安市政府2024年光是行政复议就有五百多件，实际是多少件？", "淮安市政府2024年行政复议多少件？"),
    ("朋友圈在传“上海市政府办公厅2019年收到的信息公开申请破千件”，到底新收了多少件？", "上海市政府办公厅2019年新收申请多少件？"),
    ("看到有博主说平潭实验区2024年是“零诉讼”，这个说法站得住吗？行政诉讼实际一共多少起？", "平潭综合实验区2024年行政诉讼多少件？"),
    ("A viral post says Pingtan repealed more than 100 normative documents in 2024. Is that right? How many did it "
     "actually repeal?", "平潭综合实验区2024年行政规范性文件废止多少件？"),
    ("听人说淮安市政府2024年一件行政诉讼都没有，是这样吗？实际有多少起？", "淮安市政府2024年行政诉讼多少件？"),
    ("有人说平潭实验区的行政复议这两年是爆发式增长。2024年行政复议实际多少件？", "平潭综合实验区2024年行政复议多少件？"),
])
def test_a_claim_from_social_media_is_checked_against_the_report(col, claim, plain):
    a = ans(col, claim)  # where it was posted, the figure claimed and the check name no metric
    assert a.status == "answered" and a.value == _value(col, plain)


@pytest.mark.parametrize("q", ["淮安市2024年和平潭综合实验区2023年的行政复议哪个多？",
                               "Which had more reconsideration cases, Huai'an in 2024 or Pingtan in 2023?"])
def test_each_agency_compared_in_the_year_the_question_gives_it(col, q):
    a = ans(col, q)
    got = {(p.agency, p.year): p.value for p in a.points}
    assert a.status == "answered" and got == {
        ("淮安市人民政府", 2024): _value(col, "淮安市2024年行政复议多少件"),
        ("平潭综合实验区", 2023): _value(col, "平潭综合实验区2023年行政复议多少件")}
    assert "None" not in a.answer and "2024" in a.answer and "2023" in a.answer


def test_departments_each_in_its_latest_year_are_said_with_their_years(col):
    a = ans(col, "平潭各部门年报里行政处罚决定最多的前三名")
    assert a.status == "answered" and "None" not in a.answer and "年）" in a.answer


@pytest.mark.parametrize("q", ["What was Hongze District's disclosure rate, requests granted in full over all requests processed, in 2023 and in 2024?",
                               "Hongze District's new requests in 2023 and 2024, respectively?"])
def test_an_english_question_naming_two_years_and_no_change_asks_each_year(col, q):
    a = ans(col, q)
    assert a.status == "answered" and a.shape == "series" and [p.year for p in a.points] == [2023, 2024]


def test_each_ones_share_of_its_own_whole_is_never_one_agency_over_the_other(col):
    a = ans(col, "In 2024, which of Huai'an and Hongze District had the higher share of processed requests that ended "
                 "as 'information not held'? Rank the two, as a percentage of all requests processed.")
    assert a.status != "answered" or (a.value is not None and a.value <= 100)  # (was 769 ÷ 31 = 2480.65%)
    rates = ans(col, "Correction rates in administrative reconsideration: compare Huai'an (2024) with Pingtan (2023). "
                     "For each, take the cases whose result was corrected over the reconsideration total, and rank them.")
    assert rates.status != "answered" or rates.unit == "%"  # never the counts ranked as if they were the rates


def test_a_department_in_six_pinyin_words_is_that_department(pingtan_2024):
    a = ans(pingtan_2024, "How many new requests did Pingtan's Ziran Ziyuan yu Shengtai Huanjing Ju receive in 2024?")
    assert a.status == "answered" and a.report.agency == "平潭综合实验区自然资源与生态环境局"


def test_departments_named_among_their_place_s_bureaus_are_the_ones_compared(pingtan_2024):
    a = ans(pingtan_2024, "Among Pingtan's bureaus in 2024, how do the Caizheng Jinrong Ju and the Jiaotong yu Jianshe Ju "
                          "compare on new requests? Rank them.")
    assert a.status == "answered" and {p.agency for p in a.points} == {"平潭综合实验区财政金融局", "平潭综合实验区交通与建设局"}


@pytest.mark.parametrize("numbered, named", [
    ("淮安市政府2024年表三里，第（五）项第2目是多少件？", "淮安市政府2024年因重复申请不予处理的有多少件？"),
    ("洪泽区2024年（三）项第8目有几件？", "洪泽区2024年因属于行政查询事项不予公开的有几件？"),
])
def test_a_result_named_by_its_item_and_sub_item_numbers(col, numbered, named):
    a = ans(col, numbered)  # (五)2: 不予处理 · 重复申请; (三)8: 不予公开 · 行政查询事项
    assert a.status == "answered" and a.value == _value(col, named)


@pytest.mark.parametrize("q", [
    "I'm comparing zones. I already have the 2023 figure (2 cases). How many reconsideration cases did Pingtan report for 2024?",
    "2023年的数据我手头已经有了（2件），请问平潭综合实验区2024年行政复议多少件？"])
def test_a_year_the_asker_already_has_is_not_asked(col, q):
    a = ans(col, q)  # (not the two years added up)
    assert a.status == "answered" and a.value == _value(col, "平潭综合实验区2024年行政复议多少件？")


def test_the_words_for_a_place_s_departments_name_no_metric_of_a_ranking(pingtan_2024):
    # "那几个部门里" says which agencies are ranked; read as a metric word it matched other rows
    a = ans(pingtan_2024, "24年平潭那几个部门里谁收的公开申请最多 排个前三")
    each = {p.agency: _value(pingtan_2024, f"2024年{p.agency}收到多少政府信息公开申请") for p in a.points}
    assert a.status == "answered" and len(a.points) == 3
    assert [p.value for p in a.points] == [each[p.agency] for p in a.points] == sorted(each.values(), reverse=True)


def test_information_disclosed_on_request_is_no_count_of_requests(col):
    # "依申请公开信息数255条" counts items of information by how they were disclosed, not requests received
    asked = ans(col, "2024年平潭综合实验区财政金融局收的申请多少")
    assert asked.status == "answered" and asked.unit == "件"
    assert asked.value == _value(col, "平潭综合实验区财政金融局2024年本年新收政府信息公开申请数量是多少？")


def test_a_ranking_over_a_range_of_years_takes_each_department_s_latest_report_in_it(col):
    a = ans(col, "22到25年那些部门报告里行政处罚哪个部门最多 前三给我")
    assert a.status == "answered" and len(a.points) == 3
    agencies = [p.agency for p in a.points]
    assert len(set(agencies)) == 3 and "平潭综合实验区" not in agencies  # departments, not the zone's own report
    assert all(2022 <= p.year <= 2025 for p in a.points)
    assert [p.value for p in a.points] == sorted((p.value for p in a.points), reverse=True)


def test_which_departments_had_none_lists_every_one_at_zero(pingtan_2024):
    a = ans(pingtan_2024, "24年的部门里行政处罚是0的有哪些")
    assert a.status == "answered" and len(a.points) >= 2 and all(p.value == 0 for p in a.points)


def test_agencies_each_with_its_own_year_in_brackets_are_listed_each_its_own(col):
    a = ans(col, "List the number of lawsuits reported by Huai'an (2024) and Hongze District (2023).")
    got = {(p.agency, p.year): p.value for p in a.points}
    assert a.status == "answered" and got == {
        ("淮安市人民政府", 2024): _value(col, "淮安市2024年行政诉讼多少件"),
        ("淮安市洪泽区人民政府", 2023): _value(col, "洪泽区2023年行政诉讼多少件")}


def test_a_share_of_two_agencies_each_its_own_year_is_each_one_s_share(col):
    a = ans(col, "Share of new requests coming from individuals: rank Shanghai Shi Renmin Zhengfu Bangongting in 2019 "
                 "and Huai'an Shi Renmin Zhengfu in 2024.")
    shares = {p.agency: p.value for p in a.points}
    assert a.status == "answered" and a.unit == "%" and set(shares) == {"上海市人民政府办公厅", "淮安市人民政府"}
    own = _value(col, "淮安市2024年自然人新收的申请占本年新收申请的比例")
    assert shares["淮安市人民政府"] == pytest.approx(own)


def test_requests_carried_forward_unresolved_over_a_caseload_said_as_a_sum(col):
    a = ans(col, "For Huai'an Shi 2024, what share of the year's caseload (new requests plus those carried in from "
                 "the previous year) was carried forward to the next year unresolved?")
    forward = _value(col, "淮安市2024年结转下年度继续办理多少件")
    whole = _value(col, "淮安市2024年本年新收申请多少件") + _value(col, "淮安市2024年上年结转多少件")
    assert a.status == "answered" and a.value == pytest.approx(forward / whole * 100)


def test_a_list_after_a_colon_in_english_is_each_column_of_the_row_before_it(col):
    a = ans(col, "For Huai'an city 2024, give me the breakdown of suits filed after a review petition: "
                 "upheld, overturned, pending, total")
    assert a.status == "answered" and len(a.points) == 4
    assert [p.value for p in a.points] == [_value(col, f"淮安市2024年复议后起诉的{w}多少件")
                                           for w in ("结果维持", "结果纠正", "尚未审结", "总计")]


def test_a_way_not_taken_said_after_a_comma_is_not_asked(col):
    a = ans(col, "In 2024 how many of the suits against Pingtan zone were filed after a review petition, not directly?")
    assert a.status == "answered" and a.value == _value(col, "平潭综合实验区2024年复议后起诉的行政诉讼总计多少件")


def test_a_whole_and_its_parts_run_on_by_semicolons_the_whole_unless_a_part_is_named(tmp_path):
    col = one_text_report(tmp_path, "某县税务局2013年政府信息公开工作年度报告",
                          "2013年有约4900人次通过各种方式向我局各部门咨询涉税信息有关事务，其中现场咨询1600人次，占32.65%；"
                          "电话咨询3200人次，占65.31%，网上咨询100人次，占2.04%。")
    assert ans(col, "某县税务局2013年全年约有多少人次咨询？").value == 4900
    assert ans(col, "某县税务局2013年现场咨询多少人次？").value == 1600
    assert ans(col, "How many people consulted 某县税务局 by phone in 2013?").value == 3200


def test_the_total_closing_a_list_is_an_item(col):
    a = ans(col, "淮安市2024年信息公开行政复议：结果维持、结果纠正、其他结果、尚未审结、总计各多少件")
    assert a.status == "answered" and len(a.points) == 5
    assert a.points[-1].value == _value(col, "淮安市2024年行政复议总计多少件")


def test_a_count_and_an_amount_joined_are_two_figures(tmp_path):
    col = one_text_report(tmp_path, "某县财政局2020年政府信息公开工作年度报告",
                          "2020年政府集中采购项目395个，采购总金额7380万元。")
    a = ans(col, "某县财政局2020年政府集中采购的采购项目数量和采购总金额")
    assert a.status == "answered" and sorted(p.value for p in a.points) == [395, 73800000]


def test_agencies_that_each_report_a_figure_are_listed_each(col):
    a = ans(col, "How many administrative licensing decisions did Hongze district and the Pingtan zone each report in 2024?")
    assert a.status == "answered" and {p.agency for p in a.points} == {"淮安市洪泽区人民政府", "平潭综合实验区"}


def test_last_year_then_the_year_before_count_from_one_today(col):
    from qa.conversation import follow_up_context

    history = ["平潭管委会24年新收申請几件", "去年的呢"]
    context = follow_up_context(history, col.agencies(), col.agency_years())
    a = answer("前年呢", col, context=context)  # 24年 → 去年 2023 → 前年 2022, not 2021
    assert a.status == "answered" and a.report.year == 2022


def test_a_bare_sum_after_two_figures_adds_them(col):
    from qa.conversation import follow_up_context

    history = ["淮安市24年复議多少件", "訴訟呢"]
    a = answer("加起来多少", col, context=follow_up_context(history, col.agencies(), col.agency_years()))
    assert a.status == "answered"
    assert a.value == _value(col, "淮安市2024年行政复议多少件") + _value(col, "淮安市2024年行政诉讼多少件")


def test_a_time_asked_is_never_a_count(col):
    assert ans(col, "淮安市人民政府2024年政府信息公开申请的平均答复天数是多少？").status != "answered"


def test_a_year_without_a_report_is_the_figure_the_next_report_compares_with(tmp_path):
    col = one_text_report(tmp_path, "某市人民政府2024年政府信息公开工作年度报告",
                          "2024年，全市共受理政府信息公开申请2,833件，较2023年的2,615件增长8.3%。")
    a = ans(col, "某市人民政府2023年和2024年分别新收多少件政府信息公开申请？")
    assert {p.year: p.value for p in a.points if p.value is not None} == {2023: 2615, 2024: 2833}
    assert "2023" in a.answer and "比较" in a.answer  # where the earlier year's figure comes from, said


def test_a_quoted_row_the_file_lacks_is_never_its_sibling(tmp_path):
    path = tmp_path / "某县人社局2012年政府信息公开工作年度报告.txt"
    path.write_text("某县人社局2012年政府信息公开工作年度报告\n一、概述\n附表二\n指标 | 单位 | 数量\n"
                    "8.不予公开总数 | 条 | 12\n其中（1）“国家秘密”数 | 条 | 9\n", encoding="utf-8")
    col = MemoryCollection([parsed_report(path)])
    assert ans(col, "某县人社局2012年因“商业秘密”不予公开的有多少件？").status == "not_reported"
    assert ans(col, "某县人社局2012年因“国家秘密”不予公开的有多少件？").value == 9


def test_the_order_a_difference_is_said_in(col):
    a = ans(col, "Difference in 行政许可 decisions between the Pingtan 管委会 2022 and 2023 reports (2022 minus 2023)?")
    expected = _value(col, "平潭综合实验区2022年行政许可多少件") - _value(col, "平潭综合实验区2023年行政许可多少件")
    assert a.status == "answered" and a.value == expected > 0


def test_at_least_one_is_a_bound_not_the_lowest_asked(pingtan_2024):
    a = ans(pingtan_2024, "Rank the 2024 Pingtan department reports by disclosure rate ((予以公开+部分公开)/（七）总计), "
                          "top 3 please — only departments that handled at least one request.")
    values = [p.value for p in a.points]
    assert a.status == "answered" and values == sorted(values, reverse=True) and len(values) == 3


def test_a_formula_after_a_colon_with_a_total_named_by_its_word_alone(col):
    a = ans(col, "Huai'an 2024 administrative reconsideration 'correction rate': 结果纠正 / (总计 − 尚未审结). what is it?")
    corrected = _value(col, "淮安市2024年行政复议结果纠正几件")
    concluded = _value(col, "淮安市2024年行政复议总计几件") - _value(col, "淮安市2024年行政复议尚未审结几件")
    assert a.status == "answered" and a.value == pytest.approx(corrected / concluded * 100)


def test_a_change_stated_in_a_claim_to_check_is_no_change_asked(col):
    a = ans(col, "The Shanghai govt general office says it accepted 859 requests in 2019, down 12.3%. "
                 "Is 859 right per its own table?")
    assert a.status == "answered" and a.unit != "%"
    assert a.value == _value(col, "上海市人民政府办公厅2019年本年新收政府信息公开申请数量是多少？")


@pytest.mark.parametrize("q", ["Huai'an 2024 admin reconsideration outcomes — upheld / corrected / other / still pending?",
                               "For Huai'an city 2024, reconsiderations: upheld, corrected, other, pending"])
def test_an_english_list_by_slashes_or_commas_with_other_among_its_items(col, q):
    a = ans(col, q)
    assert a.status == "answered" and [p.value for p in a.points] == [
        _value(col, f"淮安市2024年行政复议{w}几件") for w in ("结果维持", "结果纠正", "其他结果", "尚未审结")]


def test_break_a_figure_down_into_its_sub_categories(col):
    a = ans(col, "Break down the Pingtan 管委会's 2024 'could not be provided' (无法提供) figure into its three sub-categories")
    chinese = ans(col, "平潭综合实验区2024年无法提供的三种情形分别是多少")
    assert a.status == "answered" and [p.value for p in a.points] == [p.value for p in chinese.points]


def test_a_column_glossed_in_brackets_keeps_the_row_it_is_said_of(pingtan_2024):
    a = ans(pingtan_2024, "How many currently valid normative documents (现行有效件数) does the Pingtan 管委会办公室 list in 2024?")
    assert a.status == "answered"
    assert a.value == _value(pingtan_2024, "平潭综合实验区管委会办公室2024年行政规范性文件现行有效件数")


def test_departments_asked_and_only_the_place_s_own_figure_found_is_no_answer(tmp_path):
    path = tmp_path / "信丰县人民政府2013年政府信息公开工作年度报告.txt"
    path.write_text("信丰县人民政府2013年政府信息公开工作年度报告\n一、概述\n2013年全县主动公开政府信息2347条。\n"
                    "附表一\n指标 | 单位 | 数量\n主动公开信息数 | 条 | 2347\n", encoding="utf-8")
    other = tmp_path / "武汉市人力资源和社会保障局2013年政府信息公开工作年度报告.txt"
    other.write_text("武汉市人力资源和社会保障局2013年政府信息公开工作年度报告\n一、概述\n附表一\n指标 | 单位 | 数量\n"
                     "主动公开信息数 | 条 | 900\n", encoding="utf-8")
    col = MemoryCollection([parsed_report(path), parsed_report(other)])
    a = ans(col, "How many items did Xinfeng County's county-level departments (县直各单位) proactively disclose in 2013?")
    assert a.status != "answered"  # (the county's 2347 is not its departments')


def test_each_named_figure_s_sub_items_and_a_figure_broken_down(col):
    a = ans(col, "淮安24年不予处理细分下？")
    chinese = ans(col, "淮安市2024年不予处理的五种情形分别是多少")
    assert a.status == "answered" and [p.value for p in a.points] == [p.value for p in chinese.points]
    both = ans(col, "淮安市2024年，不予处理5个细项和无法提供3个细项分别是多少")
    assert both.status == "answered" and len(both.points) >= 8


def test_a_share_of_a_whole_with_a_part_left_out_is_never_the_share_of_the_whole(col):
    a = ans(col, "Huai'an 2024: leaving out the pending ones, what share of the court cases were upheld?")
    whole = ans(col, "Huai'an 2024: what share of the court cases were upheld?")
    assert whole.status == "answered" and (a.status != "answered" or a.value != whole.value)
