"""facts.sqlite: the facts, prose figures and checks of every report, for fast look-ups by agency,
year and canonical key (``Collection.facts``). Each row keeps the full record as JSON (``data``)."""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Optional

from corpus.records import Report
from index.store import to_data

FACTS_SCHEMA = """
CREATE TABLE reports (id TEXT PRIMARY KEY, title TEXT, agency TEXT, year INTEGER, path TEXT, format TEXT,
                      content_hash TEXT, tables INTEGER, facts INTEGER, failed_checks INTEGER, alternates TEXT);
CREATE TABLE facts (report_id TEXT, agency TEXT, year INTEGER, key TEXT, table_id TEXT, table_title TEXT,
                    row TEXT, col TEXT, value REAL, unit TEXT, raw TEXT, blank INTEGER, unreadable INTEGER,
                    data TEXT);
CREATE TABLE figures (report_id TEXT, agency TEXT, year INTEGER, key TEXT, noun TEXT, value REAL, unit TEXT,
                      raw TEXT, data TEXT);
CREATE TABLE checks (report_id TEXT, name TEXT, ok INTEGER, detail TEXT, data TEXT);
"""
FACTS_INDEXES = """
CREATE INDEX facts_by_key ON facts (key, agency, year);
CREATE INDEX facts_by_agency ON facts (agency, year);
CREATE INDEX facts_by_report ON facts (report_id);
CREATE INDEX figures_by_agency ON figures (agency, year);
CREATE INDEX figures_by_report ON figures (report_id);
CREATE INDEX checks_by_report ON checks (report_id);
"""


def write_facts_db(path: Path, entries: list[dict], new_reports: list[Report],
                   previous: Optional[Path] = None, kept_ids: tuple[str, ...] = ()) -> None:
    """Write facts.sqlite: every report entry, the rows of ``kept_ids`` copied from ``previous``, then new reports'."""
    db = sqlite3.connect(path)
    try:
        db.executescript(FACTS_SCHEMA)
        db.executemany("INSERT INTO reports VALUES (?,?,?,?,?,?,?,?,?,?,?)", [
            (e["id"], e["title"], e["agency"], e["year"], e["path"], e["format"], e["content_hash"], e["tables"],
             e["facts"], e["failed_checks"], json.dumps([a["path"] for a in e.get("alternates", ())],
                                                        ensure_ascii=False)) for e in entries])
        if previous is not None and kept_ids:
            db.execute("CREATE TEMP TABLE kept (id TEXT PRIMARY KEY)")
            db.executemany("INSERT INTO kept VALUES (?)", [(i,) for i in kept_ids])
            db.execute("ATTACH DATABASE ? AS old", (str(previous),))
            for table in ("facts", "figures", "checks"):
                db.execute(f"INSERT INTO {table} SELECT * FROM old.{table} WHERE report_id IN (SELECT id FROM kept)")
            db.commit()
            db.execute("DETACH DATABASE old")
        for report in new_reports:
            _insert_report_rows(db, report)
        db.executescript(FACTS_INDEXES)
        db.commit()
    finally:
        db.close()


def _insert_report_rows(db: sqlite3.Connection, report: Report) -> None:
    dumps = lambda obj: json.dumps(to_data(obj), ensure_ascii=False)  # noqa: E731
    db.executemany("INSERT INTO facts VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", [
        (f.report_id, f.agency, f.year, f.key, f.table, f.table_title, " › ".join(f.row), " › ".join(f.column),
         f.value, f.unit, f.raw, int(f.blank), int(f.unreadable), dumps(f)) for f in report.facts])
    db.executemany("INSERT INTO figures VALUES (?,?,?,?,?,?,?,?,?)", [
        (g.report_id, g.agency, g.year, g.key, g.noun, g.value, g.unit, g.raw, dumps(g)) for g in report.figures])
    db.executemany("INSERT INTO checks VALUES (?,?,?,?,?)", [
        (report.id, c.name, int(c.ok), c.detail, dumps(c)) for c in report.checks])
