"""Title, agency and year: from titles, first lines, file names; the agency rule against MANIFEST."""
from __future__ import annotations

import csv

import pytest

from corpus.metadata import file_name_agency_year, governed_area, read_metadata, title_agency_year
from corpus.records import Document, Line
from tests.conftest import REAL, SEED, parsed_document, real_files


@pytest.mark.parametrize("title,agency,year", [
    ("2011年上海市人力资源和社会保障局政府信息公开工作年度报告", "上海市人力资源和社会保障局", 2011),
    ("平潭综合实验区2023年度政府信息公开工作年度报告", "平潭综合实验区", 2023),
    ("平潭综合实验区管委会2014年度政府信息公开工作年度报告", "平潭综合实验区管委会", 2014),
    ("洪泽区人民政府 2023 年政府信息公开工作年度报告", "洪泽区人民政府", 2023),
    ("平潭综合实验区地方税务局2013年信息公开年度报告", "平潭综合实验区地方税务局", 2013),
    ("平潭综合实验区综合执法与应急管理局 2023年政府信息公开工作年度报告", "平潭综合实验区综合执法与应急管理局", 2023),
    ("二〇一一年某市教育局政府信息公开工作年度报告", "某市教育局", 2011),
    ("关于某县人民政府二○一二年度政务公开工作的报告", "某县人民政府", 2012),
    ("政府信息公开工作年度报告", "", None),
    ("　　　　某市财政局２０２４年度政府信息公开工作年度报告", "某市财政局", 2024),  # full-width digits
])
def test_title_agency_year(title, agency, year):
    assert title_agency_year(title) == (agency, year)


def test_a_governing_committee_is_named_by_its_area_and_its_departments_keep_their_name():
    assert governed_area("平潭综合实验区管委会") == "平潭综合实验区"
    assert governed_area("平潭综合实验区管理委员会") == "平潭综合实验区"
    assert governed_area("平潭综合实验区管委会办公室") == "平潭综合实验区管委会办公室"
    assert governed_area("上海市人民政府办公厅") == "上海市人民政府办公厅"


def test_file_name_fallback():
    assert file_name_agency_year("/x/淮安市洪泽区人民政府_2023.pdf") == ("淮安市洪泽区人民政府", 2023)
    assert file_name_agency_year("report.pdf") == ("", None)


def doc(path: str, *lines: str, hint: str = "") -> Document:
    return Document(path=path, format="txt", blocks=tuple(Line(t) for t in lines), content_hash="0" * 64,
                    title_hint=hint)


def test_title_from_first_lines_when_the_hint_names_nothing():
    meta = read_metadata(doc("a.pdf", "洪泽区人民政府", "2023 年政府信息公开工作年度报告", "本报告由……编制。",
                             hint="政府信息公开工作年度报告"))
    assert (meta.title, meta.agency, meta.year) == ("洪泽区人民政府2023年政府信息公开工作年度报告", "洪泽区人民政府", 2023)


def test_a_heading_is_never_an_agency_and_a_hard_wrapped_title_stands_alone(tmp_path):
    # "二、主动公开政府信息情况" names a section, not a body: the file name's agency stands
    meta = read_metadata(doc("仪陇县2012年政府信息公开年报.txt", "正文第一段。", "二、主动公开政府信息情况"))
    assert meta.agency == "仪陇县人民政府" or meta.agency.startswith("仪陇县")
    # pdftotext's page-width text: the title line is as long as a wrapped line, yet ends its paragraph
    from corpus.files import load_document
    from corpus.report import build_report

    body = "本报告主要根据《中华人民共和国政府信息公开条例》以及本县各部门的政府信息公开年度报告编制，现公布2012年度年" * 4
    wrapped = [body[i:i + 33] for i in range(0, len(body), 33)]
    path = tmp_path / "report.txt"
    path.write_text("\n".join([" 仪陇县人民政府2012年政府信息公开工作年度报告", *wrapped, "    一、概述", *wrapped]), encoding="utf-8")
    report = build_report(load_document(path))
    assert (report.agency, report.year) == ("仪陇县人民政府", 2012)


def test_a_file_name_naming_the_same_body_more_fully_wins():
    meta = read_metadata(doc("淮安市洪泽区人民政府_2023.pdf", "洪泽区人民政府", "2023 年政府信息公开工作年度报告"))
    assert meta.agency == "淮安市洪泽区人民政府"


def test_page_title_hint_is_cut_at_the_site_name():
    meta = read_metadata(doc("x.html", "正文第一段。",
                             hint="平潭综合实验区2024年度政府信息公开工作年度报告_政府信息公开年报_平潭综合实验区党工委管委会"))
    assert meta.title == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert (meta.agency, meta.year) == ("平潭综合实验区", 2024)


def test_nothing_named_falls_back_to_the_file_name_and_first_lines():
    meta = read_metadata(doc("某局_2016.txt", "工作总结", "统计期限自2016年1月1日至12月31日。"))
    assert (meta.agency, meta.year) == ("某局", 2016)
    meta = read_metadata(doc("notes.txt", "工作总结", "统计期限自2016年1月1日至12月31日。"))
    assert (meta.agency, meta.year) == ("", 2016)


def test_seed_metadata():
    meta = read_metadata(parsed_document(SEED / "上海市人力资源和社会保障局_2011.txt"))
    assert (meta.title, meta.agency, meta.year) == ("2011年上海市人力资源和社会保障局政府信息公开工作年度报告",
                                                 "上海市人力资源和社会保障局", 2011)
    assert meta.region == ("上海市",) and meta.corrections == ()


def manifest() -> dict[str, dict[str, str]]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name)
def test_agency_and_year_of_every_real_report_match_the_manifest(path):
    expected = manifest()[path.name]
    meta = read_metadata(parsed_document(path))
    assert meta.year == int(expected["year"])
    # the one rule: a 管委会 is filed under its area (MANIFEST writes 平潭综合实验区管委会)
    assert meta.agency == governed_area(expected["agency"])


# ---------------------------------------------------------------- metadata from anywhere in the report

from corpus.places import correct_agency, gazetteer, place_agency  # noqa: E402
from tests.metadata_variants import unknown_agency_variants, variants  # noqa: E402


def read_file(path):
    from corpus.files import load_document

    return read_metadata(load_document(path))


@pytest.mark.parametrize("path", real_files(), ids=lambda p: p.name)
def test_every_rendering_of_a_real_report_gives_its_agency_and_year(path, tmp_path):
    """Title over two or three lines, 正文 first, # heading, labels, page header, a short form in
    the title, the agency only in the file name, a neutral file name: the same agency and year."""
    for variant in variants(path, tmp_path):
        meta = read_file(variant.path)
        assert (meta.agency, meta.year) == (variant.agency, variant.year), (variant.kind, meta)
        assert not meta.agency.startswith(("正文", "#", "标题")), variant.kind
        if variant.typo:  # the misspelt place is corrected, and the correction is stated
            assert any(variant.typo in c for c in meta.corrections), (variant.kind, meta.corrections)
        elif variant.kind != "short_form_in_title":
            assert not any("one character off" in c for c in meta.corrections), (variant.kind, meta.corrections)


@pytest.mark.parametrize("path", [p for p in real_files() if "平潭" in p.name], ids=lambda p: p.name)
def test_an_unseen_agency_is_filed_under_its_own_name(path, tmp_path):
    """The zone's name replaced by other real divisions (a neutral or the old file name, the raw
    page): filed under the new name, never the old one, never a "corrected" neighbour (泗阳/沭阳)."""
    found = list(unknown_agency_variants(path, tmp_path))
    assert found
    for variant in found:
        meta = read_file(variant.path)
        assert meta.agency == variant.agency and meta.year == variant.year, (variant.kind, meta)
        assert "平潭" not in meta.agency
        assert not any("one character off" in c for c in meta.corrections)


@pytest.mark.parametrize("name,expected", [
    ("/x/淮安市洪泽区人民政府_2024.pdf", ("淮安市洪泽区人民政府", 2024)),
    ("/x/XX县人民政府2023年政府信息公开工作年度报告.pdf", ("XX县人民政府", 2023)),
    ("/x/2022_平潭综合实验区公安局.html", ("平潭综合实验区公安局", 2022)),
    ("/x/淮安市人民政府_2024(1).pdf", ("淮安市人民政府", 2024)),
    ("/x/report_001.md", ("", None)),
    ("/x/report_2024.md", ("", None)),
    ("/x/政府信息公开工作年度报告_2024.pdf", ("", None)),
    ("/x/正文_2024.md", ("", None)),
])
def test_file_names_name_an_agency_or_nothing(name, expected):
    assert file_name_agency_year(name) == expected


@pytest.mark.parametrize("lines", [
    ("正文", "2024 年上海市科学技术委员会政府信息公开工作", "年度报告", "本报告……"),
    ("# 2024年上海市科学技术委员会政府信息公开工作年度报告", "本报告……"),
    ("标题：2024年上海市科学技术委员会政府信息公开工作年度报告", "来源：上海市科学技术委员会", "本报告……"),
    ("**上海市科学技术委员会**", "**2024年政府信息公开工作年度报告**", "本报告……"),
    ("2024年市科委政府信息公开工作年度报告", "上海市科学技术委员会（以下简称市科委）根据《条例》编制本报告。"),
    ("2024年政府信息公开工作年度报告", "本报告由……编制。", "六、其他需要报告的事项", "无。",
     "上海市科学技术委员会", "2025年1月20日"),
    ("2024年政府信息公开工作年度报告", "结合上海市科学技术委员会（以下简称“我委”）工作实际，编制本报告。"),
])
def test_title_and_full_name_from_anywhere_in_the_report(lines):
    meta = read_metadata(doc("report_001.md", *lines))
    assert (meta.agency, meta.year) == ("上海市科学技术委员会", 2024)
    assert meta.region == ("上海市",)


TITLE = "平潭综合实验区2024年政府信息公开工作年度报告"


@pytest.mark.parametrize("label", ["标题：", "标题:", "标题： ", "标  题：", "标\u3000题：", "题目：", "文章标题：",
                                   "文件标题：", "【标题】", "【标题】：", "[标题]", "［标题］", "〔标题〕", "【 标 题 】",
                                   "[文章标题] "])
def test_a_label_before_the_title_is_no_part_of_it(label):
    meta = read_metadata(doc("report_001.txt", label + TITLE, "本报告……"))
    assert (meta.title, meta.agency, meta.year) == (TITLE, "平潭综合实验区", 2024)
    hinted = read_metadata(doc("report_001.html", "本报告……", hint=label + TITLE + "_平潭综合实验区党工委管委会"))
    assert (hinted.title, hinted.agency) == (TITLE, "平潭综合实验区")


def test_a_labelled_title_in_a_text_file_is_read_without_its_label(tmp_path):
    from corpus import read_report

    body = (REAL / "平潭综合实验区_2024.txt").read_text(encoding="utf-8").split("====================\n", 1)[1]
    for label in ("【标题】", "文章标题：", "[标题]"):
        path = tmp_path / "x.txt"
        path.write_text(label + TITLE + "\n" + body, encoding="utf-8")
        report = read_report(path)
        assert (report.agency, report.year, report.title) == ("平潭综合实验区", 2024, TITLE), label


def test_words_like_a_label_inside_a_title_are_kept():
    title = "关于标题党治理的2024年政府信息公开工作年度报告"
    assert read_metadata(doc("report_001.txt", title, "本报告……")).title == title


def test_a_neutral_file_name_and_no_name_in_the_text_give_no_agency():
    meta = read_metadata(doc("report_001.md", "正文", "2024年度政府信息公开工作年度报告", "本报告……"))
    assert (meta.agency, meta.year) == ("", 2024)


def test_a_misspelt_place_is_corrected_and_the_correction_stated():
    meta = read_metadata(doc("report_001.md", "淮按市洪泽区人民政府", "2024年政府信息公开工作年度报告", "本报告……"))
    assert meta.agency == "淮安市洪泽区人民政府"
    assert meta.region == ("江苏省", "淮安市", "洪泽区")
    assert meta.corrections and "淮按市 read as 淮安市" in meta.corrections[0]


# ---------------------------------------------------------------- the gazetteer


def test_agencies_are_placed_county_city_province():
    assert place_agency("沭阳县人民政府").region == ("江苏省", "宿迁市", "沭阳县")
    assert place_agency("江苏沭阳县人民政府").region == ("江苏省", "宿迁市", "沭阳县")
    assert place_agency("平潭综合实验区管委会").region == ("福建省", "福州市", "平潭县")
    assert place_agency("上海市科学技术委员会").region == ("上海市",)
    assert place_agency("襄樊市人民政府").region == ("湖北省", "襄阳市")  # a former name
    assert place_agency("朝阳区人民政府").region == ()  # in Beijing and in Changchun: not guessed
    assert place_agency("北京市朝阳区人民政府").region == ("北京市", "朝阳区")
    assert place_agency("市场监督管理局").region == ()


def test_one_character_off_needs_evidence_and_a_single_division():
    assert correct_agency("淮按市洪泽区人民政府").name == "淮安市洪泽区人民政府"  # 洪泽区 lies in 淮安市
    assert correct_agency("淮安市洪择区人民政府").name == "淮安市洪泽区人民政府"
    assert correct_agency("洪择区人民政府", "洪泽区位于淮安市。洪泽区……").name == "洪泽区人民政府"
    assert correct_agency("洪择区人民政府").corrections == ()  # only the sound: no guess
    assert correct_agency("平谭综合实验区", "平潭综合实验区……").name == "平潭综合实验区"
    assert correct_agency("宿迁市泗阳县人民政府", "沭阳县").corrections == ()  # a real county stays
    assert correct_agency("高新区管委会").corrections == ()
    # a scan that misreads one character everywhere (儋 as 修): the province the text names picks the city
    assert correct_agency("修州市人民政府", "修州市人民政府……海南省……修州市修州市").name == "儋州市人民政府"
    assert correct_agency("修州市人民政府", "修州市人民政府……修州市").corrections == ()  # nothing picks one
    # a rare character OCR left out (秭归县 read 归县), found by the city the text names around it
    dropped = correct_agency("归县人民政府", "2024年，归县人民政府坚持……省委省政府、宜昌市委市政府关于……")
    assert dropped.name == "秭归县人民政府" and "归县 read as 秭归县" in dropped.corrections[0]
    assert correct_agency("归县人民政府", "归县人民政府……归县").corrections == ()


def test_the_division_table_is_the_one_jionlp_ships():
    """data/divisions.tsv is cut from the installed jionlp (rebuild: python -m corpus.places)."""
    from corpus.places import DATA, _jionlp_dictionary, build_table

    shipped = DATA.read_text(encoding="utf-8").splitlines()
    assert shipped[1:] == build_table(_jionlp_dictionary())[1:]
    assert len(gazetteer().divisions) > 3000


# ---------------------------------------------------------------- ingest: warnings and overrides


def test_ingest_warns_of_missing_metadata_and_the_override_files_it(tmp_path, capsys):
    from index.collection import open_collection
    from index.commands import reports_command
    from index.ingest import ingest
    from index.settings import Settings

    settings = Settings(home=tmp_path / "home", model="reportqa/fake-bigram")
    source = REAL / "平潭综合实验区行政审批局_2024.html"
    report = tmp_path / "report_001.html"  # a neutral name, the agency's name taken out of the page
    text = source.read_text(encoding="utf-8")
    for name in ("平潭综合实验区行政审批局", "平潭综合实验区", "行政审批局"):
        text = text.replace(name, "")
    report.write_text(text, encoding="utf-8")
    result = ingest([report], settings, progress=False)
    assert [w for _, w in result.warnings if w.startswith("no agency")], result.warnings
    assert any("--agency NAME --year YEAR" in w for _, w in result.warnings)
    assert reports_command(settings) == 0
    out = capsys.readouterr().out
    assert "[!1]" in out and "no agency" in out

    result = ingest([report], settings, progress=False, agency="宿迁市沭阳县人民政府", year=2024)
    assert result.reread == (str(report),) and not [w for _, w in result.warnings if "agency" in w]
    collection = open_collection(settings)
    (summary,) = collection.reports()
    assert (summary.agency, summary.year) == ("宿迁市沭阳县人民政府", 2024)
    filed = collection.report(summary.id)
    assert filed.region == ("江苏省", "宿迁市", "沭阳县")
    assert any("given as 宿迁市沭阳县人民政府" in c for c in filed.corrections)
    assert filed.facts and {(f.agency, f.year) for f in filed.facts} == {("宿迁市沭阳县人民政府", 2024)}


from hypothesis import given, settings as hypothesis_settings, strategies as st  # noqa: E402

_WORDS = st.sampled_from(["平潭", "谭", "淮安", "按", "市", "区", "县", "人民政府", "管委会", "局", "2024", "年度", "年",
                          "政府信息公开工作", "报告", "正文", "# ", "标题：", "（以下简称“我局”）", "\n", " ", "。"])


@hypothesis_settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=25).map("".join), st.lists(_WORDS, max_size=6).map("".join))
def test_any_text_gives_metadata_and_never_furniture_as_the_agency(text, name):
    meta = read_metadata(doc(f"{name.strip() or 'x'}.md", *text.split("\n")))
    assert not meta.agency.startswith(("正文", "#", "标题"))
    assert meta.year is None or 1900 <= meta.year <= 2199
    placing = correct_agency(text.replace("\n", ""), text, name)
    assert len(placing.corrections) <= len(placing.places)


def test_an_account_or_site_name_beside_the_title_is_not_the_agency():
    """A WeChat article's title and saved file name start with the account ("三都发布｜…"); a page's
    title may end with the site's name ("… | 某某网")."""
    name = "/x/某某发布｜某某县人民政府2012年政府信息公开工作年度报告.html"
    assert file_name_agency_year(name) == ("某某县人民政府", 2012)
    for title in ("某某发布｜某某县人民政府2012年政府信息公开工作年度报告", "某某县人民政府2012年政府信息公开工作年度报告 | 某某网"):
        meta = read_metadata(doc("a.html", title, "一、总体情况", "本机关认真落实。"))
        assert (meta.agency, meta.year) == ("某某县人民政府", 2012), title


def test_the_reports_own_title_naming_the_body_in_full_wins_over_the_pages():
    # the page's <title> says 海甸街道…; the report's own title line 海口市美兰区海甸街道办事处…: the same body, in full
    meta = read_metadata(doc("book1.htm", "海甸街道2022年度政府信息公开工作年度报告",
                             "海口市美兰区海甸街道办事处2022年度政府信息公开工作年度报告", "本报告系根据……编制。",
                             hint="海甸街道2022年度政府信息公开工作年度报告"))
    assert (meta.agency, meta.year) == ("海口市美兰区海甸街道办事处", 2022)


def test_a_zone_titled_by_its_short_name_is_filed_under_the_full_name_that_compiled_the_report(tmp_path):
    """"绵阳高新区2024年度…" with "本报告…由绵阳高新技术产业开发区管理委员会编制" in the body: filed under
    the zone's full name (its 管委会 is named by the area it governs), the correction stated."""
    from corpus.files import load_document

    path = tmp_path / "index.html"
    path.write_text("<html><body><h1>绵阳高新区2024年度政府信息公开工作年度报告</h1>"
                    "<p>本报告根据《中华人民共和国政府信息公开条例》要求，由绵阳高新技术产业开发区管理委员会编制。</p>"
                    "<p>一、总体情况</p><p>2024年，绵阳高新区持续深化政府信息公开。</p></body></html>", encoding="utf-8")
    meta = read_metadata(load_document(path))
    assert (meta.agency, meta.year) == ("绵阳高新技术产业开发区", 2024)
    assert any("绵阳高新区" in c for c in meta.corrections)


@pytest.mark.parametrize("self_word", ["我办", "我局", "本机关"])
def test_a_title_naming_the_agency_by_its_word_for_itself_takes_the_signature(self_word):
    # "我办2024年度政府信息公开工作年度报告": the office's full name stands only in the signature
    meta = read_metadata(doc(f"{self_word}2024年度政府信息公开工作年度报告.pdf", self_word, "2024年度政府信息公开",
                             "工作年度报告", f"2024年，{self_word}坚持……", "六、其他需要报告的事项",
                             "2024年度本机关未收取信息处理费。", "丽水市人民政府办公室", "2025年1月27日"))
    assert (meta.agency, meta.year) == ("丽水市人民政府办公室", 2024)
