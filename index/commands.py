"""``reportqa ingest`` and ``reportqa reports``: the collection's commands, over ``index.ingest``."""
from __future__ import annotations

import os
import sys
from typing import Optional, Sequence

from corpus.errors import ReportQAError
from corpus.summary import display_width
from index.ingest import ingest, missing_metadata
from index.settings import Settings


def ingest_command(paths: Sequence[str], settings: Settings, rebuild: bool = False, agency: Optional[str] = None,
                   year: Optional[int] = None) -> int:
    """``reportqa ingest``: ingest with a progress bar, one line per failed file, one per report
    that lacks an agency, a year or its tables (with the fix) and per metadata correction; returns
    the exit status: 0 when every file was ingested or skipped, 1 when some file failed (the others
    are still in). ``agency``/``year`` file the reports under them (``--agency``/``--year``).
    """
    try:
        result = ingest(paths, settings, rebuild=rebuild, progress=sys.stderr.isatty(), agency=agency, year=year)
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path, reason in result.failed:
        print(f"failed: {reason}" if str(path) in reason else f"failed: {path}: {reason}", file=sys.stderr)
    for path, warning in result.warnings:
        print(f"warning: {path}: {warning}", file=sys.stderr)
    for path, note in result.notes:
        print(f"note: {path}: {note}", file=sys.stderr)
    t = result.timings
    if result.stale:
        print(f"warning: {len(result.stale)} reports of the collection were read by another version of the report "
              f"reader and stay unusable until their files are ingested again (e.g. {result.stale[0]}), or "
              f"`reportqa ingest --rebuild PATH`", file=sys.stderr)
    print(f"{len(result.added)} reports added, {len(result.reread)} read anew (new reader or --agency/--year), "
          f"{len(result.skipped)} skipped (already in), "
          f"{len(result.alternates) + len(result.replaced)} recorded as alternate copies, "
          f"{len(result.failed)} failed; the collection holds {result.reports} reports, {result.chunks} chunks "
          f"({' '.join(f'{k} {v:.1f}s' for k, v in t.items())})")
    return 1 if result.failed else 0


def reports_command(settings: Settings) -> int:
    """``reportqa reports``: one line per report (agency, year, file, tables, facts, failed checks)."""
    from index.collection import open_collection

    try:
        summaries = open_collection(settings).reports()
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    rows = [("agency", "year", "file", "tables", "facts", "failed checks")]
    missing = []
    for s in sorted(summaries, key=lambda s: (s.agency, s.year or 0, s.path)):
        lacks = missing_metadata(s.agency, s.year, s.tables)
        mark = f" [!{len(missing) + 1}]" if lacks else ""
        if lacks:
            missing.append((s.path, lacks))
        rows.append((s.agency or "?", str(s.year or "?"), os.path.basename(s.path) + mark, str(s.tables),
                     str(s.facts), str(s.failed_checks)))
        rows.extend(("", "", f"  alternate: {os.path.basename(a)}", "", "", "") for a in s.alternates)
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (w - display_width(cell)) for cell, w in zip(row, widths)).rstrip())
    for n, (path, lacks) in enumerate(missing, 1):
        for lack in lacks:
            print(f"[!{n}] {path}: {lack}")
    print(f"{len(summaries)} reports in {settings.home}" + (f", {len(missing)} lacking an agency, a year or "
                                                           "their tables (marked [!])" if missing else ""))
    return 0
