"""Lists of facts and reports for the doors (the HTTP API and ``reportqa facts``/``reports``).

Datasette's conventions where they fit: a filtered list is sorted (``sort``, descending with
``desc``), cut into pages of ``size`` rows with a stable cursor (``next``: the sort key of the last
row given, so a page never repeats or skips a row however the pages are fetched), counted, and
faceted (agency, year, key with their counts).

Every fact has an id naming its cell, ``{report_id}.{table}.r{row}c{column}`` (row and column
index the table's data rows and columns, as ``GET /api/reports/{id}`` gives them), the report
view's anchor for it, and the page, section and source URL of its report.
"""
from __future__ import annotations

import base64
import binascii
import json
import re
import threading
import weakref
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Optional, Sequence

FACT_SORTS = ("natural", "agency", "year", "key", "value", "report_id", "id")
REPORT_SORTS = ("natural", "agency", "year", "title", "facts", "tables", "failed_checks", "id")
FACET_SIZE = 30
_FACT_ID = re.compile(r"^(?P<report>[0-9A-Za-z_-]+)\.(?P<table>t\d+)\.r(?P<row>\d+)c(?P<column>\d+)$")
_SOURCE_URL = re.compile(r"(?:原文链接|原文地址|来源链接|原文网址|Source URL)\s*[:：]\s*(https?://[^\s\"'<>）)]+)")


class BadCursor(ValueError):
    """A ``next`` token that this server did not write."""


@dataclass(frozen=True)
class Page:
    """One page of a sorted, filtered list: its rows, how many match in all, the cursor of the next page."""

    rows: tuple[dict, ...]
    count: int
    next: Optional[str]
    facets: dict[str, list[dict]]


# ---------------------------------------------------------------- ids


def fact_id(report_id: str, table: str, row: int, column: int) -> str:
    """The id of one table cell: ``{report_id}.{table}.r{row}c{column}``."""
    return f"{report_id}.{table}.r{row}c{column}"


def parse_fact_id(text: str) -> tuple[str, str, int, int]:
    """``(report_id, table, row, column)`` of a fact id. Raises ValueError for anything else."""
    found = _FACT_ID.match(text or "")
    if not found:
        raise ValueError(f"{text!r} is not a fact id (REPORT.tN.rRcC, e.g. b4a3df832f21.t3.r2c0): "
                         "GET /api/facts lists the facts with their ids")
    return found["report"], found["table"], int(found["row"]), int(found["column"])


def cell_anchor(report_id: str, table: str, row: int, column: int) -> str:
    """The page's link to the report view opened at this cell (the cell's element id is the part after ``cell=``)."""
    return f"/#report={report_id}&cell={table}.r{row}c{column}"


# ---------------------------------------------------------------- source URLs


def source_url(path: str) -> Optional[str]:
    """The URL a report file states it was taken from (原文链接 in crawled pages), else None."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(256 * 1024)
    except OSError:
        return None
    for encoding in ("utf-8", "gb18030"):
        text = head.decode(encoding, errors="ignore")
        found = _SOURCE_URL.search(text)
        if found:
            return found.group(1).rstrip(".,;，。；")
    return None


# ---------------------------------------------------------------- the collection's facts with their ids


class FactTable:
    """Every fact of one collection generation with its id, cell coordinates, page, section and source URL.

    Built on first use (each report read once) and kept per collection; safe to share between threads.
    """

    def __init__(self, collection) -> None:
        # Kept per collection in a WeakKeyDictionary (``fact_table``): a strong reference here would
        # keep every reloaded collection alive, its model, FAISS and BM25 with it.
        try:
            self.collection = weakref.proxy(collection)
        except TypeError:  # an object that takes no weak reference
            self.collection = collection
        self._lock = threading.Lock()
        self._rows: Optional[tuple[dict, ...]] = None
        self._by_id: dict[str, dict] = {}
        self._by_place: dict[tuple, dict] = {}
        self._urls: dict[str, Optional[str]] = {}

    def rows(self) -> tuple[dict, ...]:
        """Every fact as a plain dict (the Fact fields plus id, coordinates, page, line, source_url), in natural order."""
        with self._lock:
            if self._rows is None:
                rows: list[dict] = []
                for summary in sorted(self.collection.reports(), key=lambda s: (s.agency, s.year or 0, s.id)):
                    rows.extend(self._report_rows(summary))
                self._rows = tuple(rows)
                self._by_id = {r["id"]: r for r in rows}
                self._by_place = {(r["report_id"], r["table_title"], " › ".join(r["row"]), " › ".join(r["column"])): r
                                  for r in reversed(rows)}
            return self._rows

    def get(self, fid: str) -> Optional[dict]:
        """The fact with this id, or None."""
        self.rows()
        return self._by_id.get(fid)

    def at(self, report_id: str, table_title: str, row: str, column: str) -> Optional[dict]:
        """The fact of a report's cell named by table title and joined row and column paths, or None."""
        self.rows()
        return self._by_place.get((report_id, table_title, row, column))

    def report_url(self, report_id: str, path: str, alternates: Sequence[str] = ()) -> Optional[str]:
        """The source URL a report's file (else one of its alternate copies) states (cached)."""
        if report_id not in self._urls:
            self._urls[report_id] = next(filter(None, (source_url(p) for p in (path, *alternates))), None)
        return self._urls[report_id]

    def url_of(self, report_id: str) -> Optional[str]:
        """The source URL of a report of the collection by its id (None when it states none)."""
        self.rows()  # reads every report's source URL once
        return self._urls.get(report_id)

    def _report_rows(self, summary) -> list[dict]:
        from corpus.tables import unit_column

        report = self.collection.report(summary.id)
        url = self.report_url(report.id, report.path, report.alternates)
        places: dict[str, list[tuple[int, int]]] = {}
        for table in report.tables:
            skip = unit_column(table)
            places[table.id] = [(r, c) for r in range(len(table.rows)) for c in range(len(table.columns)) if c != skip]
        seen: Counter = Counter()
        out = []
        for fact in report.facts:
            spots = places.get(fact.table, [])
            n = seen[fact.table]
            seen[fact.table] += 1
            r, c = spots[n] if n < len(spots) else (n, 0)
            out.append({
                "id": fact_id(report.id, fact.table, r, c), "report_id": report.id, "agency": fact.agency,
                "year": fact.year, "table": fact.table, "table_title": fact.table_title, "section": list(fact.section),
                "row": list(fact.row), "column": list(fact.column), "row_index": r, "column_index": c,
                "key": fact.key, "value": fact.value, "unit": fact.unit, "raw": fact.raw, "blank": fact.blank,
                "unreadable": fact.unreadable, "approximate": fact.approximate, "page": fact.where.page,
                "line": fact.where.line, "source_url": url, "url": f"/api/facts/{fact_id(report.id, fact.table, r, c)}",
                "cell_url": cell_anchor(report.id, fact.table, r, c)})
        return out


_TABLES: "weakref.WeakKeyDictionary[Any, FactTable]" = weakref.WeakKeyDictionary()
_TABLES_LOCK = threading.Lock()


def fact_table(collection) -> FactTable:
    """The ``FactTable`` of a collection, made once and dropped with the collection."""
    with _TABLES_LOCK:
        table = _TABLES.get(collection)
        if table is None:
            table = _TABLES[collection] = FactTable(collection)
        return table


# ---------------------------------------------------------------- filters


def agencies_named(names: Sequence[str], given: Optional[str]) -> Optional[list[str]]:
    """The collection's agencies that ``given`` names, as ``reportqa ask`` reads names (short forms,
    pinyin, English, traditional characters), else every agency whose name contains it; None: no filter."""
    if not given or not given.strip():
        return None
    given = given.strip()
    if given in names:
        return [given]
    from qa.agencies import match_agencies

    matches = match_agencies(given, list(names))
    best = matches[0].score if matches else None
    named = {m.agency for m in matches if m.score >= best} if matches else set()
    return [n for n in names if given in n or n in named]


def key_matches(pattern: Optional[str]) -> Callable[[Optional[str]], bool]:
    """A test of canonical keys: ``review.`` or ``review`` (a prefix), ``review.%`` or ``*`` as wildcards."""
    if not pattern:
        return lambda key: True
    if "%" in pattern or "*" in pattern:
        regex = re.compile("^" + ".*".join(re.escape(p) for p in re.split(r"[%*]", pattern)) + "$")
        return lambda key: bool(key) and regex.match(key) is not None
    return lambda key: bool(key) and key.startswith(pattern)


# ---------------------------------------------------------------- sorting and pages


def _natural(row: dict) -> tuple:
    table = row.get("table") or "t0"
    return (row.get("agency") or "", row.get("year") or 0, row.get("report_id") or row.get("id") or "",
            int(table[1:]) if table[1:].isdigit() else 0, row.get("row_index") or 0, row.get("column_index") or 0)


def _sort_key(field: str) -> Callable[[dict], tuple]:
    if field == "natural":
        return lambda row: ((0, ""), _natural(row))

    def key(row: dict) -> tuple:
        value = row.get(field)
        # None first; numbers and text never compared with each other
        ordered = (0, "") if value is None else (1, value) if isinstance(value, (int, float)) else (2, str(value))
        return (ordered, _natural(row))
    return key


def _encode(key: tuple) -> str:
    return base64.urlsafe_b64encode(json.dumps(key, ensure_ascii=False).encode("utf-8")).decode("ascii").rstrip("=")


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def _decode(token: str) -> tuple:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise BadCursor(f"next={token!r} is not a cursor this server wrote: use the next of the page before") from None
    if not isinstance(data, list) or len(data) != 2:
        raise BadCursor(f"next={token!r} is not a cursor this server wrote: use the next of the page before")
    return _tuples(data)


def paginate(rows: Sequence[dict], *, sort: str = "natural", desc: bool = False, size: Optional[int] = None,
             after: Optional[str] = None, facets: Sequence[str] = ()) -> Page:
    """The page of ``rows`` sorted by ``sort`` after the cursor ``after``, ``size`` rows (None: all).

    Facets count ``facets`` fields over every row given. Raises BadCursor for a cursor not written here.
    """
    key = _sort_key(sort)
    keyed = sorted(((key(r), r) for r in rows), key=lambda pair: pair[0])
    keys = [k for k, _ in keyed]
    ordered = [r for _, r in keyed]
    if desc:
        keys.reverse()
        ordered.reverse()
    start = 0
    if after:
        cursor = _decode(after)
        try:
            if desc:
                start = len(keys) - bisect_left(keys[::-1], cursor)
            else:
                start = bisect_right(keys, cursor)
        except TypeError:
            raise BadCursor(f"next={after!r} was written for another sort: start again without next") from None
    end = len(ordered) if size is None else min(len(ordered), start + size)
    page = tuple(ordered[start:end])
    next_token = _encode(keys[end - 1]) if end < len(ordered) and end > start else None
    return Page(rows=page, count=len(rows), next=next_token, facets={f: facet(rows, f) for f in facets})


def facet(rows: Sequence[dict], field: str, size: int = FACET_SIZE) -> list[dict]:
    """The most common values of ``field`` with their counts, most common first (ties by value)."""
    counts = Counter(r.get(field) for r in rows)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
    return [{"value": value, "count": n} for value, n in ranked[:size]]


# ---------------------------------------------------------------- CSV


FACT_COLUMNS = ("id", "report_id", "agency", "year", "table", "table_title", "section", "row", "column",
                "row_index", "column_index", "key", "value", "unit", "raw", "blank", "unreadable", "page",
                "source_url")
REPORT_COLUMNS = ("id", "agency", "year", "title", "file", "format", "tables", "facts", "failed_checks",
                  "source_url")


def flat(value: Any) -> Any:
    """A list (a header path) as one cell: its parts joined with › ."""
    return " › ".join(str(v) for v in value) if isinstance(value, (list, tuple)) else value


def facts_csv(rows: Sequence[dict]) -> str:
    """Facts as CSV (``qa.spreadsheet``: BOM, integer counts, formula-looking text defused)."""
    from qa.spreadsheet import csv_text

    return csv_text(FACT_COLUMNS, ([flat(r.get(c)) for c in FACT_COLUMNS] for r in rows))


def reports_csv(rows: Sequence[dict]) -> str:
    """Reports as CSV, one a line."""
    from qa.spreadsheet import csv_text

    return csv_text(REPORT_COLUMNS, ([r.get(c) for c in REPORT_COLUMNS] for r in rows))


def csv_name(*parts: Optional[Any], default: str) -> str:
    """A descriptive CSV file name from the filters given (``平潭综合实验区_2024_review.total.csv``)."""
    words = [re.sub(r"[\\/:*?\"<>|%\s]+", "", str(p)).strip(".") for p in parts if p not in (None, "")]
    words = [w for w in words if w]
    return ("_".join(words) or default)[:150] + ".csv"


def ascii_file_name(name: str, kind: str) -> str:
    """An ASCII stand-in for the file name ``name``, for a client that reads only the plain ``filename=``
    of a Content-Disposition header: Chinese in pinyin (``平潭综合实验区_2024.csv`` ->
    ``pingtanzongheshiyanqu_2024.csv``), else ``reportqa-{kind}.csv`` when nothing readable is left."""
    from pypinyin import lazy_pinyin

    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    spelled = "".join(lazy_pinyin(stem))  # characters that are not Chinese come back as they were
    spelled = re.sub(r"_+", "_", re.sub(r"[^0-9A-Za-z._-]+", "_", spelled)).strip("._-")
    if not re.search(r"[0-9A-Za-z]", spelled):
        spelled = f"reportqa-{kind}"
    return spelled[:150] + (f".{suffix}" if suffix.isascii() and suffix.isalnum() else "")


def report_row(summary, url: Optional[str]) -> dict:
    """A report summary as the report lists give it: the file's name only, its URLs and its source URL."""
    from dataclasses import asdict

    data = asdict(summary)
    data["path"] = Path(summary.path).name
    data["file"] = Path(summary.path).name
    data["alternates"] = [Path(p).name for p in summary.alternates]
    data["url"] = f"/api/reports/{summary.id}"
    data["file_url"] = f"/api/reports/{summary.id}/file"
    data["source_url"] = url
    return data


# ---------------------------------------------------------------- answers: from a figure to its cell


def _cell_of(fact: dict) -> dict:
    return {"id": fact["id"], "report_id": fact["report_id"], "table": fact["table"],
            "row_index": fact["row_index"], "column_index": fact["column_index"], "key": fact["key"],
            "page": fact["page"], "url": fact["url"], "cell_url": fact["cell_url"]}


def cite_answer(data: dict, table: FactTable) -> dict:
    """An answer's JSON with ``cell`` (fact id, table id, row and column index, canonical key, URLs) added
    to every table ``source``: the answer's own, its inputs', its points' and its disagreeing figures'. Returns ``data`` (changed in place)."""

    def cite(source: Optional[dict], report: Optional[dict]) -> None:
        if not source or not report or source.get("kind") != "table":
            return
        fact = table.at(report.get("id", ""), source.get("table", ""), source.get("row", ""), source.get("column", ""))
        if fact is not None:
            source["cell"] = _cell_of(fact)

    cite(data.get("source"), data.get("report"))
    for item in [*(data.get("inputs") or ()), *(data.get("points") or ()), *(data.get("disagreeing") or ())]:
        cite(item.get("source"), item.get("report"))
    return data


ANSWER_COLUMNS = ("label", "agency", "year", "value", "unit", "status", "key", "report_id", "report_title",
                  "section", "table", "row", "column", "page", "quote", "fact_id", "source_url")


def answer_csv(data: dict, table: FactTable) -> tuple[str, str]:
    """An answer's figures as CSV and a file name for it: a series', list's or ranking's points, else a
    computed figure's inputs, else the figure itself. Returns ``(csv_text, file_name)``."""
    from qa.spreadsheet import csv_text

    def row(label: Any, value: Any, unit: Any, status: Any, key: Any, report: Optional[dict],
            source: Optional[dict]) -> list:
        report, source = report or {}, source or {}
        cell = source.get("cell") or {}
        url = table.url_of(report["id"]) if report.get("id") else None
        return [label, report.get("agency"), report.get("year"), value, unit, status, key or cell.get("key"),
                report.get("id"), report.get("title"), source.get("section"), source.get("table"), source.get("row"),
                source.get("column"), source.get("page"), source.get("quote"), cell.get("id"), url]

    if data.get("points"):
        rows = [row(p["label"], p["value"], p["unit"], p["status"], p.get("key"), p.get("report"), p.get("source"))
                for p in data["points"]]
    elif data.get("inputs"):
        rows = [row("", i["value"], i["unit"], "answered", None, i.get("report"), i.get("source"))
                for i in data["inputs"]]
    else:
        rows = [row(data.get("answer"), data.get("value"), data.get("unit"), data.get("status"), None,
                    data.get("report"), data.get("source"))]
    understood = data.get("understood") or {}
    agencies = understood.get("agencies") or []
    keys = understood.get("keys") or []
    name = csv_name(agencies[0] if len(agencies) == 1 else None, keys[0] if len(keys) == 1 else None,
                    default="answer")
    return csv_text(ANSWER_COLUMNS, rows), name
