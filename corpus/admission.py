"""Which read files are reports: the least a file must hold to enter a collection.

A junk page, a text in the wrong encoding or someone's notes can be read without error; what
they lack is everything a report has. ``not_a_report(report)`` says so when a file has no agency,
no year, no table and no figure at all; one of them is enough to take it (a report whose title
names no agency still has its tables, an old report without tables still has its figures).
"""
from __future__ import annotations

from typing import Optional

from corpus.records import Report


def not_a_report(report: Report) -> Optional[str]:
    """Why ``report`` is no report (one line naming the file and the fix), or None when it has an
    agency, a year, a table or a figure."""
    if report.agency or report.year is not None or report.tables or report.facts or report.figures:
        return None
    return (f"{report.path}: not a report: no agency, no year, no table and no figure were found in it "
            "(a junk page, or text in an unreadable encoding?); kept out. If it is a report, "
            "`reportqa ingest --force --agency NAME --year YEAR FILE` takes it anyway")
