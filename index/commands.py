"""``reportqa ingest``, ``reportqa reports``, ``reportqa facts`` and ``reportqa check``: the collection's commands."""
from __future__ import annotations

import json
import os
import sys
from typing import Optional, Sequence

from corpus.errors import ReportQAError
from corpus.summary import display_width
from index.ingest import ingest, missing_metadata
from index.settings import Settings


def ingest_command(paths: Sequence[str], settings: Settings, rebuild: bool = False, agency: Optional[str] = None,
                   year: Optional[int] = None, force: bool = False, primary: bool = False,
                   ray: Optional[str] = None) -> int:
    """``reportqa ingest``: ingest with a progress bar, one line per failed file, one per report
    that lacks an agency, a year or its tables (with the fix), per metadata correction, per copy
    recorded as an alternate or replaced (with the rule that decided) and per conflict between
    copies; returns the exit status: 0 when every file was ingested or skipped, 1 when some file
    failed (the others are still in) or the data folder cannot be written (nothing changed).
    ``agency``/``year`` file the reports under them (``--agency``/``--year``); ``primary`` makes
    each file the primary copy of its report (``--primary``). ``ray`` (``--ray [ADDRESS]``): the
    ingest as a Ray Data pipeline (``index.ray_ingest``) on the cluster at that address ("": here).
    """
    try:
        if ray is not None:
            from index.ray_ingest import ray_ingest

            result = ray_ingest(paths, settings, address=ray or None, rebuild=rebuild, force=force, agency=agency,
                                year=year, primary=primary, progress=sys.stderr.isatty())
        else:
            result = ingest(paths, settings, rebuild=rebuild, progress=sys.stderr.isatty(), agency=agency,
                            year=year, force=force, primary=primary)
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    for path, reason in result.failed:
        print(f"failed: {reason}" if str(path) in reason else f"failed: {path}: {reason}", file=sys.stderr)
    for path, warning in result.warnings:
        print(f"warning: {warning}" if str(path) in warning else f"warning: {path}: {warning}", file=sys.stderr)
    for path, note in result.notes:
        print(f"note: {path}: {note}", file=sys.stderr)
    from corpus.files import READERS, unread_files

    for path, fix in unread_files(paths):
        print(f"note: {path}: not read (reportqa reads {', '.join(sorted(READERS))}); {fix}", file=sys.stderr)
    for path, line in result.conflicts:
        print(f"conflict: {line}", file=sys.stderr)
    for _, line in result.copies:
        print(f"copy: {line}")
    for path in result.chosen:
        print(f"primary: {os.path.basename(path)} is now the primary copy of its report (your choice); "
              "its disagreements with the other copies are settled")
    t = result.timings
    if result.stale:
        print(f"warning: {len(result.stale)} reports of the collection were read by another version of the report "
              f"reader and stay unusable until their files are ingested again (e.g. {result.stale[0]}), or "
              f"`reportqa ingest --rebuild PATH`", file=sys.stderr)
    print(f"{len(result.added)} reports added, {len(result.reread)} read anew (new reader or --agency/--year), "
          f"{len(result.skipped)} skipped (already in), "
          f"{len(result.alternates) + len(result.replaced)} recorded as alternate copies, "
          + (f"{len(result.conflicts)} in conflict with another copy, " if result.conflicts else "")
          + (f"{len(result.kept_out)} kept out (no report), " if result.kept_out else "")
          + f"{len(result.failed)} failed; the collection holds {result.reports} reports, {result.chunks} chunks "
          f"({' '.join(f'{k} {v:.1f}s' for k, v in t.items())})")
    return 1 if result.failed else 0


def reports_command(settings: Settings, *, agency: Optional[str] = None, year: Optional[int] = None,
                    output: str = "text") -> int:
    """``reportqa reports``: one line per report (agency, year, file, tables, facts, failed checks), or
    ``output`` ``json`` (one object a line) or ``csv``; ``agency`` read as ``ask`` reads names. Returns the exit status."""
    from index.collection import open_collection
    from index.listing import agencies_named, fact_table, report_row, reports_csv

    try:
        collection = open_collection(settings)
        summaries = collection.reports()
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    names = agencies_named(collection.agencies(), agency)
    summaries = [s for s in summaries if (names is None or s.agency in names) and (year is None or s.year == year)]
    summaries.sort(key=lambda s: (s.agency, s.year or 0, s.path))
    if output in ("json", "csv"):
        table = fact_table(collection)
        rows = [report_row(s, table.report_url(s.id, s.path, s.alternates)) for s in summaries]
        if output == "csv":
            sys.stdout.write(reports_csv(rows))
        for row in rows if output == "json" else ():
            print(json.dumps(row, ensure_ascii=False))
        return 0
    rows = [("agency", "year", "file", "tables", "facts", "failed checks")]
    missing, conflicted = [], []
    for s in summaries:
        lacks = missing_metadata(s.agency, s.year, s.tables)
        mark = f" [!{len(missing) + 1}]" if lacks else ""
        if lacks:
            missing.append((s.path, lacks))
        chosen = " (chosen)" if s.chosen else ""
        rows.append((s.agency or "?", str(s.year or "?"), os.path.basename(s.path) + chosen + mark, f"{s.tables:,}",
                     f"{s.facts:,}", f"{s.failed_checks:,}"))
        rows.extend(("", "", f"  alternate: {os.path.basename(a)}", "", "", "") for a in s.alternates)
        if s.conflicts:
            conflicted.append(s)
            rows.append(("", "", f"  conflict: {len(s.conflicts)} figure(s) differ [c{len(conflicted)}]", "", "", ""))
    _print_columns(rows)
    for n, s in enumerate(conflicted, 1):
        for c in s.conflicts:
            print(f"[c{n}] {s.agency} {s.year or ''}: {c.label or c.meaning} is {_figure(c.value, c.unit)} in "
                  f"{os.path.basename(s.path)} (primary) and {_figure(c.copy_value, c.unit)} in "
                  f"{os.path.basename(c.copy)}")
        print(f"[c{n}] answers show both figures until you choose: `reportqa ingest --primary FILE`")
    why = [(s, a, r) for s in summaries for a, r in zip(s.alternates, s.alternate_reasons) if r]
    if why:
        print("primary copies (the rules are in docs/architecture.md, \"Which copy is the report\"):")
        for s, a, reason in why:
            print(f"  {os.path.basename(s.path)} over {os.path.basename(a)}: {reason}")
    for n, (path, lacks) in enumerate(missing, 1):
        for lack in lacks:
            print(f"[!{n}] {path}: {lack}")
    print(f"{len(summaries)} reports in {settings.home}" + (f", {len(missing)} lacking an agency, a year or "
                                                           "their tables (marked [!])" if missing else "")
          + (f", {len(conflicted)} with copies that disagree (marked [c])" if conflicted else ""))
    return 0


def _figure(value: float, unit: Optional[str]) -> str:
    from qa.amounts import fmt_figure

    return "".join(fmt_figure(value, unit))


def facts_command(settings: Settings, *, agency: Optional[str] = None, year: Optional[int] = None,
                  key: Optional[str] = None, text: Optional[str] = None, report_id: Optional[str] = None,
                  output: str = "text") -> int:
    """``reportqa facts``: the table facts matching the filters (as ``GET /api/facts`` filters them), as
    aligned text, JSON lines or CSV. Returns 0, or 1 when nothing matches or the collection is missing."""
    from index.collection import open_collection
    from index.listing import agencies_named, fact_table, facts_csv, key_matches
    from qa.amounts import fmt_figure

    try:
        collection = open_collection(settings)
        names = agencies_named(collection.agencies(), agency)
        every = fact_table(collection).rows()
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    key_ok = key_matches(key)
    found = [f for f in every if (names is None or f["agency"] in names) and (year is None or f["year"] == year)
             and (report_id is None or f["report_id"] == report_id) and (key is None or key_ok(f["key"]))
             and (not text or text in " › ".join(f["row"] + f["column"]) or text in f["table_title"])]
    if output == "csv":
        sys.stdout.write(facts_csv(found))
    elif output == "json":
        for fact in found:
            print(json.dumps(fact, ensure_ascii=False))
    else:
        rows = [("agency", "year", "key", "value", "unit", "row › column", "id")]
        for f in found:  # as the report prints it: 万元 where its table does, shares to two decimals
            value, unit = fmt_figure(f["value"], f["unit"], f["table_title"], *f["row"], *f["column"], f["raw"])
            if f["value"] is None:
                value = "(blank)" if f["blank"] else "(unreadable)" if f["unreadable"] else f["raw"]
            rows.append((f["agency"], str(f["year"] or "?"), f["key"] or "", value, unit,
                         " › ".join(f["row"] + f["column"])[:60], f["id"]))
        _print_columns(rows)
        print(f"{len(found):,} facts")
    if not found:
        print("no facts match: `reportqa reports` lists the agencies and years held", file=sys.stderr)
        return 1
    return 0


def _print_columns(rows: list[tuple[str, ...]]) -> None:
    """Rows as aligned columns (CJK characters counted two wide)."""
    widths = [max(display_width(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell + " " * (w - display_width(cell)) for cell, w in zip(row, widths)).rstrip())


def check_command(settings: Settings) -> int:
    """``reportqa check``: every file of the live generation hashed against the manifest, one line
    each (``OK`` or ``damaged`` with what is wrong), then a summary with the fix. Returns 0 when the
    collection is whole, 1 when anything is damaged or there is no collection."""
    from index import integrity, store

    home = settings.home
    try:
        folder = store.current_generation(home)
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    pointer = home / store.CURRENT
    damaged = []
    if not pointer.is_file() or pointer.read_text(encoding="utf-8", errors="replace").strip() != folder.name:
        damaged.append(integrity.FileState(store.CURRENT, False, f"does not name {folder.name}; the next "
                                           "`reportqa ingest` points it there again"))
    try:
        manifest = store.read_manifest(folder, sizes=False)  # every file is hashed below
    except store.CollectionDamaged as exc:
        print(f"{'damaged':8s} {exc.reason}")
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except ReportQAError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    states = integrity.Verifier(folder, manifest["files"]).verify()
    for state in [*damaged, *states]:
        print(f"{'OK' if state.ok else 'damaged':8s} {state.name}" + (f": {state.problem}" if state.problem else ""))
    damaged += [s for s in states if not s.ok]
    unhashed = sum(1 for s in states if s.ok and s.problem)
    if damaged:
        print(f"the collection at {home} (generation {folder.name}) is damaged: {len(damaged)} of {len(states)} "
              f"files. {store.REBUILD[0].upper() + store.REBUILD[1:]}", file=sys.stderr)
        return 1
    print(f"{len(states)} files of generation {folder.name} at {home} are as written"
          + (f" ({unhashed} checked by size only: rebuilt by an older reportqa)" if unhashed else ""))
    return 0
