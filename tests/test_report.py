"""The whole corpus pipeline over the seed and every real report: national tables fully keyed,
identities checked against an independent recomputation, html/txt twins giving the same facts."""
from __future__ import annotations

import csv
import hashlib

import pytest

from corpus.records import CellRef, Document, Line, RawTable
from corpus.report import build_report
from corpus.template import PROACTIVE, REQUEST_COLUMNS, REQUESTS, REVIEW, national_keys, variant
from tests.conftest import REAL, SEED, parsed_document, parsed_report, real_files


def manifest() -> dict[str, dict[str, str]]:
    with open(REAL / "MANIFEST.tsv", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle, delimiter="\t")}


NATIONAL = [REAL / name for name, row in manifest().items() if row["format"] == "standard-2019"]
TWINS = [p for p in real_files(".txt") if p.with_suffix(".html").exists()]


def test_report_id_is_the_start_of_the_file_hash_and_stable():
    path = SEED / "上海市人力资源和社会保障局_2011.txt"
    first = build_report(parsed_document(path))
    again = build_report(parsed_document(path))
    assert first.id == hashlib.sha256(path.read_bytes()).hexdigest()[:12] == again.id
    assert first == again


def test_seed_report_in_one_call():
    report = parsed_report(SEED / "上海市人力资源和社会保障局_2011.txt")
    assert (report.agency, report.year, report.format) == ("上海市人力资源和社会保障局", 2011, "txt")
    assert [t.id for t in report.tables] == ["t1", "t2", "t3", "t4", "t5"]
    assert [t.title for t in report.tables][1] == "附表二 依申请公开政府信息情况统计"
    assert all(t.kind is None for t in report.tables)
    # one fact per 数量 cell (the 单位 column gives units, not facts)
    assert len(report.facts) == sum(len(t.rows) for t in report.tables)
    assert report.figures and all(f.report_id == report.id for f in report.figures)
    assert any(f.value == 1161000000 for f in report.figures)  # 11.61亿次


def test_a_document_without_tables_or_headings_still_makes_a_report():
    doc = Document(path="note.txt", format="txt", blocks=(Line("只有一段话。"), RawTable(grid=())), content_hash="ab" * 32)
    report = build_report(doc)
    assert (report.tables, report.facts, report.checks) == ((), (), ())
    assert report.sections[0].passages[0].text == "只有一段话。"
    assert report.title == "note"


def _expected_keys(doc: Document, keys_variant: str) -> set[str]:
    """The template's keys, less the rows the printed tables really lack (read from the raw grids)."""
    expected = set(national_keys(keys_variant))
    cells = " ".join(c or "" for b in doc.blocks if isinstance(b, RawTable) for row in b.grid for c in row)
    cells = "".join(cells.split())
    if "规章" not in cells:  # e.g. 社会事业局_2024 prints only a 规范性文件 row
        expected -= {k for k in expected if k.startswith("proactive.rules.")}
    if keys_variant == "2021" and "不补正" not in cells:  # a 2021 report with the old single （六） row
        expected = {k for k in expected if not k.startswith("requests.result.other_handling.")}
        expected |= {f"requests.result.other_handling.{c}" for c, _ in REQUEST_COLUMNS}
    return expected


@pytest.mark.parametrize("path", NATIONAL, ids=lambda p: p.name)
def test_all_three_national_tables_are_recovered_with_every_cell_keyed(path):
    report = parsed_report(path)
    kinds = {t.kind for t in report.tables}
    assert {PROACTIVE, REQUESTS, REVIEW} <= kinds
    keyed = [f.key for f in report.facts if f.key]
    assert len(keyed) == len(set(keyed)), "a canonical key given to two cells"
    expected = _expected_keys(parsed_document(path), variant(report.tables, report.year))
    assert set(keyed) == expected
    national_ids = {t.id for t in report.tables if t.kind}
    assert all(f.key for f in report.facts if f.table in national_ids)
    assert (variant(report.tables, report.year) == "2019") == (report.year <= 2020)


@pytest.mark.parametrize("path", NATIONAL, ids=lambda p: p.name)
def test_identities_hold_or_the_failing_check_is_reported(path):
    report = parsed_report(path)
    value = {f.key: f for f in report.facts if f.key}
    checks = {c.name: c for c in report.checks}
    recomputed = 0
    for column, _ in REQUEST_COLUMNS:
        cells = [value.get(f"requests.{row}.{column}") for row in ("new_received", "carried_over", "result.total",
                                                                    "carried_forward")]
        if any(c is None or c.value is None for c in cells):
            continue  # a lost or blank cell: nothing to recompute
        holds = abs(cells[0].value + cells[1].value - cells[2].value - cells[3].value) < 0.005
        label = cells[0].column[-1]
        assert checks[f"requests.identity[{label}]"].ok == holds
        recomputed += 1
    for group in ("reconsideration", "litigation_direct", "litigation_after_review"):
        cells = [value[f"review.{group}.{c}"] for c in ("upheld", "corrected", "other", "pending", "total")]
        if any(c.value is None for c in cells):
            continue
        holds = abs(sum(c.value for c in cells[:4]) - cells[4].value) < 0.005
        matching = [c for name, c in checks.items() if name.startswith("review.total[")
                    and set(c.cells) >= {CellRef(f.table, f.row, f.column, f.value) for f in cells}]
        assert len(matching) == 1 and matching[0].ok == holds
        recomputed += 1
    assert recomputed >= 2


def test_known_failures_are_reported_not_repaired():
    failed = {c.name for c in parsed_report(REAL / "淮安市洪泽区人民政府_2023.pdf").checks if not c.ok}
    assert failed == {"review.total[行政复议]", "review.total[行政诉讼 › 复议后起诉]"}
    # 行政审批局_2024 prints 结果维持 1 with 总计 0; 农业农村局_2023 put the 7 in the wrong row
    assert "review.total[行政复议]" in {c.name for c in parsed_report(REAL / "平潭综合实验区行政审批局_2024.html").checks
                                        if not c.ok}
    agri = {c.name for c in parsed_report(REAL / "平潭综合实验区农业农村局_2023.html").checks if not c.ok}
    assert "requests.row_total[一、本年新收政府信息公开申请数量]" in agri


@pytest.mark.parametrize("txt", TWINS, ids=lambda p: p.name)
def test_html_and_txt_twins_give_the_same_facts_except_cells_the_text_lost(txt):
    html_report, txt_report = parsed_report(txt.with_suffix(".html")), parsed_report(txt)
    assert (html_report.agency, html_report.year) == (txt_report.agency, txt_report.year)

    def by_meaning(report):
        return {f.key or (f.table_title, f.row, f.column): f for f in report.facts}

    html_facts, txt_facts = by_meaning(html_report), by_meaning(txt_report)
    assert html_facts.keys() == txt_facts.keys()
    for meaning, fact in txt_facts.items():
        if fact.unreadable:
            continue
        other = html_facts[meaning]
        assert (fact.value, fact.blank, fact.unit) == (other.value, other.blank, other.unit), meaning
    assert not any(f.unreadable for f in html_report.facts)


def test_every_real_report_parses():
    for path in real_files():
        report = parsed_report(path)
        assert report.title and report.agency and report.year, path.name
        assert report.sections, path.name
