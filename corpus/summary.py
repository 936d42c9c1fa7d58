"""What ``reportqa parse`` and ``reportqa stats`` print.

``parse``: per report a readable summary (title, agency, year, sections, tables with their
first rows, fact counts, failed checks) or, with ``--json``, one JSON object a line holding
every record (``dataclasses.asdict``). ``stats``: per file and in total, tables, cells (facts),
unreadable cells and checks passed/failed. A file that cannot be read gives one line
``error: FILE: message`` on stderr; the other files are still processed and the exit status
is 1 at the end.
"""
from __future__ import annotations

import json
import sys
import unicodedata
from dataclasses import asdict
from pathlib import Path
from typing import Iterator, TextIO

from corpus.errors import ReportQAError
from corpus.records import Report, Table

_ROWS_SHOWN = 3


def read_reports(paths: list[str], err: TextIO) -> Iterator[tuple[Path, Report]]:
    """Parse each file; a file that fails is reported on ``err`` (one line) and skipped."""
    from corpus import read_report
    from corpus.files import iter_report_files

    for path in iter_report_files(paths):
        try:
            yield path, read_report(path)
        except ReportQAError as exc:
            print(f"error: {path}: {_one_line(str(exc), str(path))}", file=err)
        except Exception as exc:  # a bug must not hide the other files' results
            print(f"error: {path}: could not be parsed ({type(exc).__name__}: {_one_line(str(exc), '')}); "
                  "please report this file", file=err)


def _one_line(message: str, path: str) -> str:
    """The message on one line, without repeating the file name the line already starts with."""
    message = " ".join(message.split())
    if path and message.startswith(path + ":"):
        message = message[len(path) + 1:].strip()
    return message or "unreadable"


def parse_command(paths: list[str], as_json: bool) -> int:
    """``reportqa parse``: print each report (summary or JSON). Returns the exit status:
    0 when every file was read, 1 when any failed."""
    failed = _Counter(sys.stderr)
    for _, report in read_reports(paths, failed):
        if as_json:
            print(json.dumps(asdict(report), ensure_ascii=False))
        else:
            print(describe(report))
    return 1 if failed.count else 0


def describe(report: Report) -> str:
    """A readable summary of one report."""
    lines = [
        report.title,
        f"  file: {report.path} ({report.format}), id {report.id}",
        f"  agency: {report.agency or '(unknown)'} · year: {report.year or '(unknown)'}",
        f"  sections ({len(report.sections)}):",
    ]
    lines += [f"    {' › '.join(s.path) or '(before the first heading)'} — {len(s.passages)} passages"
              for s in report.sections]
    lines.append(f"  tables ({len(report.tables)}):")
    for table in report.tables:
        lines += _describe_table(table)
    blank = sum(f.blank for f in report.facts)
    unreadable = sum(f.unreadable for f in report.facts)
    keyed = sum(f.key is not None for f in report.facts)
    lines.append(f"  facts: {len(report.facts)} cells ({keyed} with a canonical key, {blank} blank, "
                 f"{unreadable} unreadable); prose figures: {len(report.figures)}")
    failed = [c for c in report.checks if not c.ok]
    lines.append(f"  checks: {len(report.checks) - len(failed)} passed, {len(failed)} failed")
    lines += [f"    FAILED {c.name}: {c.detail}" for c in failed]
    return "\n".join(lines) + "\n"


def _describe_table(table: Table) -> list[str]:
    kind = f" [{table.kind}]" if table.kind else ""
    place = f" in {' › '.join(table.section)}" if table.section else ""
    lines = [f"    {table.id} {table.title}{kind}{place}: {len(table.rows)} rows × {len(table.columns)} columns"]
    leaves = [col[-1] if col else "?" for col in table.columns]
    if len(set(leaves)) < len(leaves):  # 结果维持 under three groups: name the group too
        leaves = [" › ".join(col[-2:]) if col else "?" for col in table.columns]
    for row, cells in list(zip(table.rows, table.cells))[:_ROWS_SHOWN]:
        values = "; ".join(f"{leaf} {'(unreadable)' if cell is None else cell or '(blank)'}"
                           for leaf, cell in zip(leaves, cells))
        lines.append(f"      {' › '.join(row) or '(row)'}: {values}")
    if len(table.rows) > _ROWS_SHOWN:
        lines.append(f"      … {len(table.rows) - _ROWS_SHOWN} more rows")
    return lines


def stats_command(folder: str) -> int:
    """``reportqa stats``: tables, cells, unreadable cells and checks per file and in total.
    Returns 1 when a file could not be read, else 0."""
    failed = _Counter(sys.stderr)
    header = f"{_fit('file', 48)} {'tables':>6} {'cells':>6} {'unread':>6} {'checks':>6} {'passed':>6} {'failed':>6}"
    print(header)
    totals = [0, 0, 0, 0, 0, 0]
    files = 0
    for path, report in read_reports([folder], failed):
        checks_ok = sum(c.ok for c in report.checks)
        row = [len(report.tables), len(report.facts), sum(f.unreadable for f in report.facts),
               len(report.checks), checks_ok, len(report.checks) - checks_ok]
        totals = [a + b for a, b in zip(totals, row)]
        files += 1
        print(f"{_fit(path.name, 48)} " + " ".join(f"{n:>6}" for n in row))
    print(f"{_fit(f'total ({files} files, {failed.count} not readable)', 48)} " + " ".join(f"{n:>6}" for n in totals))
    return 1 if failed.count else 0


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(name: str, width: int) -> str:
    """A file name cut or padded to ``width`` terminal columns (CJK characters take two)."""
    out, used = "", 0
    for ch in name:
        size = display_width(ch)
        if used + size > width - 1:
            return out + "…" + " " * (width - used - 1)
        out, used = out + ch, used + size
    return out + " " * (width - used)


class _Counter:
    """A stderr stand-in that counts the error lines written to it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.count = stream, 0

    def write(self, text: str) -> int:
        if text.startswith("error:"):
            self.count += 1
        return self.stream.write(text)

    def flush(self) -> None:
        self.stream.flush()
