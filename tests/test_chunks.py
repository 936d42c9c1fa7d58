"""Chunks follow sections, stay short, overlap a little; every table row is one chunk with its values."""
from __future__ import annotations

import re

import pytest

from corpus import read_report
from corpus.records import Fact, Location, Passage, Report, Section, Table
from index.chunks import BLANK, MAX_CHARS, UNREADABLE, index_text, make_chunks, section_slices
from tests.conftest import INDEX_SAMPLE, REAL, SEED


@pytest.fixture(scope="module")
def reports():
    files = [*sorted(SEED.iterdir()), *(REAL / name for name in INDEX_SAMPLE), REAL / "平潭综合实验区_2012.txt"]
    return [read_report(path) for path in files]


def handmade_report(passages: list[str] = (), cells=(("13", "", None),), units=("件", "件", "件")) -> Report:
    """A report with one section of ``passages`` and one table row of ``cells`` (None: unreadable)."""
    section = ("三、依申请公开情况",)
    columns = (("数量",), ("金额（万元）",), ("其他",))
    table = Table(id="t1", title="附表 统计", section=section, rows=(("受理申请总数",),), columns=columns,
                  cells=tuple(tuple(row) for row in cells), where=Location(page=2))
    facts = []
    for c, raw in enumerate(cells[0]):
        value = None if not raw else float(raw) * (10000 if c == 1 else 1)
        facts.append(Fact(report_id="r1", agency="某机关", year=2024, table="t1", table_title=table.title,
                          section=section, row=("受理申请总数",), column=columns[c], key=None, value=value,
                          unit=units[c], raw=raw or "", blank=raw == "", unreadable=raw is None))
    return Report(id="r1", title="某机关2024年报告", agency="某机关", year=2024, path="x.txt", format="txt",
                  content_hash="h", sections=(Section(section, tuple(Passage(p, section) for p in passages)),),
                  tables=(table,), facts=tuple(facts), figures=(), checks=())


def test_passage_chunks_never_cross_a_section(reports):
    for report in reports:
        sections = {s.path: s for s in report.sections}
        for chunk in make_chunks(report):
            if chunk.kind != "passage":
                continue
            own = ["".join(p.text.split()) for p in sections[chunk.section].passages]
            for line in chunk.text.split("\n"):  # a line: sentences of one passage (spaces between them dropped)
                assert any("".join(line.split()) in text for text in own), (report.path, chunk.id, line[:40])


def test_chunks_stay_short_and_cover_every_sentence(reports):
    for report in reports:
        chunks = make_chunks(report)
        assert all(len(c.text) <= MAX_CHARS for c in chunks if c.kind == "passage")
        by_section: dict[tuple, str] = {}
        for c in chunks:
            by_section[c.section] = by_section.get(c.section, "") + c.text
        for section in report.sections:
            for passage in section.passages:
                for sentence in re.findall(r"[^。！？；;!?]{1,200}[。！？；;!?]", passage.text):
                    assert sentence.strip() in by_section[section.path], (report.path, sentence[:40])


def test_chunks_carry_report_agency_year_and_stable_unique_ids(reports):
    for report in reports:
        chunks = make_chunks(report)
        assert [c.id for c in chunks] == [f"{report.id}:{n}" for n in range(len(chunks))]
        assert {(c.report_id, c.agency, c.year) for c in chunks} == {(report.id, report.agency, report.year)}
        assert make_chunks(report) == chunks


def test_long_sections_overlap_at_sentence_ends():
    sentences = [f"第{i}句说明了本机关的第{i}项工作情况，内容较为详细。" for i in range(40)]
    slices = section_slices(Section(("一、总体情况",), (Passage("".join(sentences), ("一、总体情况",)),)))
    assert len(slices) > 2
    for (first, _), (second, _) in zip(slices, slices[1:]):
        assert first.endswith("。") and second.endswith("。")
        assert second.split("。")[0] + "。" in first  # the next slice repeats the last sentence


def test_a_sentence_without_punctuation_is_cut_hard():
    slices = section_slices(Section(("一",), (Passage("字" * 1000, ("一",)),)))
    assert [len(text) for text, _ in slices] == [300, 300, 300, 100]


def test_one_chunk_per_table_row_with_every_value(reports):
    for report in reports:
        rows = [c for c in make_chunks(report) if c.kind == "row"]
        assert len(rows) == sum(len(t.rows) for t in report.tables)
        chunks = iter(rows)
        for table in report.tables:
            for r, row in enumerate(table.rows):
                chunk = next(chunks)
                assert (chunk.table, chunk.row, chunk.section) == (table.id, row, table.section)
                assert all(label in chunk.text for label in row)
                for raw in table.cells[r]:
                    shown = UNREADABLE if raw is None else (" ".join(raw.split()) or BLANK)
                    assert shown in chunk.text


def test_row_text_units_blank_and_unreadable():
    chunk = make_chunks(handmade_report(cells=(("13", "", None),)))[-1]
    assert chunk.text == f"附表 统计｜受理申请总数｜数量：13件；金额（万元）：{BLANK}；其他：{UNREADABLE}"
    assert chunk.page == 2
    # a value printed in 万元 is not in base units: no unit is added to it
    chunk = make_chunks(handmade_report(cells=(("13", "1.5", "2"),), units=("件", "元", "件")))[-1]
    assert "金额（万元）：1.5；" in chunk.text and "其他：2件" in chunk.text


def test_index_text_names_agency_year_and_section():
    report = handmade_report(passages=["本年共受理申请13件。"])
    passage, row = make_chunks(report)
    assert index_text(passage) == "某机关 2024年｜三、依申请公开情况\n本年共受理申请13件。"
    assert index_text(row).startswith("某机关 2024年｜三、依申请公开情况\n附表 统计｜")
