"""corpus: turn report files into typed ``Report`` records (sections, passages, tables, facts, checks).

The pipeline, one function a step::

    files.load_document(path)   -> Document   (txt/html/pdf/docx readers: lines and raw grids)
    report.build_report(doc)    -> Report     (sections, tables, facts, figures, checks)

``read_report(path)`` does both.
"""
from __future__ import annotations

from pathlib import Path

from corpus.records import Report

BUNDLED_REPORTS = Path(__file__).parent / "reports"


def read_report(path: str | Path) -> Report:
    """Read one report file into a ``Report``.

    Raises ``corpus.files.ReportError`` with a one-line message naming the file and the problem.
    """
    from corpus.files import load_document
    from corpus.report import build_report

    return build_report(load_document(Path(path)))
