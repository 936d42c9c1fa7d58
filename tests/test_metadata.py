"""Title, agency and year: from titles, first lines, file names; the agency rule against MANIFEST."""
from __future__ import annotations

import csv

import pytest

from corpus.metadata import file_name_agency_year, governed_area, read_metadata, title_agency_year
from corpus.records import Document, Line
from tests.conftest import REAL, SEED, parsed_document, parsed_document, real_files


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
    assert meta == type(meta)("2011年上海市人力资源和社会保障局政府信息公开工作年度报告", "上海市人力资源和社会保障局", 2011)


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
