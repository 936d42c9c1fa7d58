"""``build_report(Document) -> Report``: the corpus pipeline in one function.

metadata -> sections (passages, and where each table stands) -> tables (header paths,
national kind) -> facts (one per cell) -> prose figures -> checks. Each step is a plain call
into the module that owns it.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Optional

from corpus.checks import report_checks
from corpus.corrections import corrected
from corpus.facts import table_facts
from corpus.figures import figures_of
from corpus.metadata import read_metadata
from corpus.records import Document, Fact, Figure, RawTable, Report, Section, Table
from corpus.sections import outline
from corpus.tables import read_tables
from corpus.template import table_kind


def report_id(content_hash: str) -> str:
    """The stable id of a report: the first 12 hex digits of its file's sha256."""
    return content_hash[:12]


def build_report(doc: Document) -> Report:
    """Turn a read ``Document`` into a ``Report`` with sections, tables, facts, figures and checks.

    Never raises for odd content: a table that cannot be read gives no facts, a report whose
    title names nothing gets agency "" and year None (file-name fallbacks aside).
    """
    rid = report_id(doc.content_hash)
    meta = read_metadata(doc)
    shape = outline(doc, meta.title)

    tables: list[Table] = []
    raw_tables = [block for block in doc.blocks if isinstance(block, RawTable)]
    for raw, (section, title) in zip(raw_tables, shape.table_places):
        for table in read_tables(raw, len(tables) + 1, title, section):
            tables.append(replace(table, kind=table_kind(table)))

    facts: list[Fact] = []
    for table in tables:
        facts += table_facts(table, rid, meta.agency, meta.year)
    # A table read in pieces (a page break, a scan) fits each piece to the whole template: a key one
    # piece cannot place but another piece reads is that piece's figure, not also an unreadable cell.
    read = {f.key for f in facts if f.key and not f.unreadable}
    facts = [f for f in facts if not (f.unreadable and f.key in read)]
    facts = corrected(facts, shape.sections)  # a correction notice (更正说明) appended to the report

    figures = _prose_figures(shape.sections, rid, meta.agency, meta.year)
    checks = report_checks(tables, facts, figures)
    return Report(
        id=rid, title=meta.title, agency=meta.agency, year=meta.year, path=doc.path, format=doc.format,
        content_hash=doc.content_hash, sections=tuple(shape.sections), tables=tuple(tables),
        facts=tuple(facts), figures=tuple(figures), checks=tuple(checks),
        region=meta.region, corrections=meta.corrections,
    )


def _prose_figures(sections: list[Section], rid: str, agency: str, year: Optional[int]) -> list[Figure]:
    """Figures stated in the passages, each with its passage's section and place."""
    figures: list[Figure] = []
    for section in sections:
        for passage in section.passages:
            figures += figures_of(rid, agency, year, passage.section, passage.text, passage.where)
    return figures
