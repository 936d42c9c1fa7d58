"""The collection ``qa`` asks: reports, facts, figures and hybrid search over what was ingested.

``open_collection()`` reads only the manifest (a few milliseconds); the SQLite facts, the FAISS
and BM25 indexes and the query embedder load on first use. A first use with no collection yet
ingests the bundled seed report.
"""
from __future__ import annotations

import sys
import threading
from functools import cached_property
from typing import Optional

import numpy as np

from corpus.errors import ReportQAError
from corpus.records import Fact, Figure, Report
from index import store
from index.records import Hit
from index.search import Mode, Searcher
from index.settings import Settings
from index.store import ReportSummary

__all__ = ["Collection", "ReportSummary", "open_collection"]


def open_collection(settings: Optional[Settings] = None, *, auto_ingest: bool = True,
                    embedder=None) -> "Collection":
    """The collection at ``settings.home`` (default: from the environment).

    With no collection there yet and ``auto_ingest``, the bundled seed report is ingested first
    (one line on stderr says so). ``embedder`` replaces the configured model (tests use a fake).
    Raises ReportQAError when the collection is missing (``auto_ingest=False``), damaged or built
    with another model; the message says how to rebuild.
    """
    settings = settings or Settings.from_env()
    if settings.store:  # the scale-out store (index.backend): Milvus and an SQL database
        from index.milvus_store import open_milvus_collection

        return open_milvus_collection(settings, auto_ingest=auto_ingest, embedder=embedder)
    try:
        generation = store.Generation.open(settings.home)
    except store.NoCollection:
        if not auto_ingest:
            raise
        from corpus import BUNDLED_REPORTS
        from index.ingest import ingest

        print(f"reportqa: no collection at {settings.home} yet; ingesting the bundled report(s)", file=sys.stderr)
        result = ingest([BUNDLED_REPORTS], settings, progress=False, embedder=embedder)
        if result.failed:
            raise ReportQAError(f"the bundled report could not be ingested: {result.failed[0][1]}")
        generation = store.Generation.open(settings.home)
    if embedder is None:
        store.check_model(generation.manifest, settings.home, settings.model)
    return Collection(settings, generation, embedder)


class Collection:
    """One generation of the collection, read lazily. Safe to share between threads."""

    def __init__(self, settings: Settings, generation: store.Generation, embedder=None) -> None:
        self.settings = settings
        self.generation = generation
        self.manifest = generation.manifest
        self.searcher = Searcher(generation, settings, embedder)
        self._entries = {e["id"]: e for e in generation.entries}
        self._db_lock = threading.Lock()

    # ---------------------------------------------------------------- reports

    def reports(self) -> list[ReportSummary]:
        """Every report: id, title, agency, year, file, format, tables, facts, failed checks, alternates."""
        return [ReportSummary.from_entry(e) for e in self.generation.entries]

    def report(self, report_id: str) -> Report:
        """The full parsed report. Raises KeyError for an unknown id."""
        entry = self._entries[report_id]
        return store.from_data(Report, self.generation.report_data(entry))

    def agencies(self) -> list[str]:
        """The agencies the collection holds reports of, sorted."""
        return sorted(self._by_agency)

    def agency_years(self) -> dict[str, list[int]]:
        """Each agency the collection holds reports of -> the years it holds, sorted."""
        return {a: sorted({r.year for r in held if r.year}) for a, held in self._by_agency.items()}

    def reports_of(self, agencies=None, years=None) -> list[ReportSummary]:
        """The reports of these agencies and years (None or empty: any), by agency then year."""
        held = (r for a in agencies for r in self._by_agency.get(a, ())) if agencies else self._summaries.values()
        wanted = set(years or ())
        return sorted((r for r in held if not wanted or r.year in wanted), key=lambda r: (r.agency, r.year or 0))

    def report_info(self, report_id: str) -> ReportSummary:
        """The summary of one report. Raises KeyError for an unknown id."""
        return self._summaries[report_id]

    @cached_property
    def _summaries(self) -> dict[str, ReportSummary]:
        return {e["id"]: ReportSummary.from_entry(e) for e in self.generation.entries}

    @cached_property
    def _by_agency(self) -> dict[str, list[ReportSummary]]:
        by_agency: dict[str, list[ReportSummary]] = {}
        for summary in self._summaries.values():
            if summary.agency:
                by_agency.setdefault(summary.agency, []).append(summary)
        return by_agency

    # ---------------------------------------------------------------- facts

    @cached_property
    def _db(self):
        return self.generation.connect()

    def _query(self, table: str, filters: dict) -> list[str]:
        clauses = [f"{column} = ?" for column, value in filters.items() if value is not None]
        values = [value for value in filters.values() if value is not None]
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        with self._db_lock:
            try:
                rows = self._db.execute(f"SELECT data FROM {table}{where} ORDER BY rowid", values).fetchall()
            except Exception as exc:  # sqlite3.DatabaseError: a damaged file
                raise self.generation.damaged(f"facts.sqlite unreadable: {exc}") from None
        return [row[0] for row in rows]

    def facts(self, *, agency: Optional[str] = None, year: Optional[int] = None, key: Optional[str] = None,
              report_id: Optional[str] = None) -> list[Fact]:
        """Table facts matching every filter given (exact agency, year, canonical key, report id), in report order."""
        import json

        rows = self._query("facts", {"agency": agency, "year": year, "key": key, "report_id": report_id})
        return [store.from_data(Fact, json.loads(data)) for data in rows]

    def figures(self, *, agency: Optional[str] = None, year: Optional[int] = None,
                report_id: Optional[str] = None) -> list[Figure]:
        """Prose figures matching every filter given, in report order."""
        import json

        rows = self._query("figures", {"agency": agency, "year": year, "report_id": report_id})
        return [store.from_data(Figure, json.loads(data)) for data in rows]

    # ---------------------------------------------------------------- search

    @cached_property
    def _columns(self) -> dict[str, np.ndarray]:
        """The reports as numpy columns (agency, year, id, chunk range), to filter thousands of reports at once."""
        entries = self.generation.entries
        return {"agency": np.array([e["agency"] or "" for e in entries], dtype=object),
                "year": np.array([-1 if e["year"] is None else e["year"] for e in entries], dtype=np.int64),
                "id": np.array([e["id"] for e in entries], dtype=object),
                "range": np.array([e["chunks"] for e in entries], dtype=np.int64).reshape(-1, 2)}

    def rows(self, *, agency: Optional[str] = None, year: Optional[int] = None,
             report_id: Optional[str] = None) -> Optional[np.ndarray]:
        """The chunk rows of the reports matching the filters (None: no filter, every row)."""
        if agency is None and year is None and report_id is None:
            return None
        columns = self._columns
        keep = np.ones(len(columns["year"]), dtype=bool)
        for name, value in (("agency", agency), ("year", year), ("id", report_id)):
            if value is not None:
                keep &= columns[name] == value
        ranges = columns["range"][keep]
        if not len(ranges):
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([np.arange(start, end, dtype=np.int64) for start, end in ranges.tolist()])

    def search(self, query: str, k: int = 5, *, agency: Optional[str] = None, year: Optional[int] = None,
               report_id: Optional[str] = None, mode: Mode = "hybrid") -> list[Hit]:
        """The ``k`` chunks that best match ``query`` among the reports matching the filters, best first.

        BM25 and dense scores fused (``index.search``; ``mode`` picks one alone, or RRF, to compare).
        Filters apply before ranking. Raises ReportQAError if an index file is damaged.
        """
        rows = self.rows(agency=agency, year=year, report_id=report_id)
        found = self.searcher.search(query, k, rows, mode)
        return [Hit(chunk=self.searcher.chunk(row), score=score, bm25_rank=b, dense_rank=d)
                for row, score, b, d in found]

    def is_current(self) -> bool:
        """Whether this is still the live generation (a long-running process re-opens when it is not)."""
        try:
            return store.current_generation(self.settings.home) == self.generation.folder
        except ReportQAError:
            return False

    def warm(self) -> None:
        """Load the indexes, the query embedder and the facts database now (e.g. at server start)."""
        self.searcher.warm()
        with self._db_lock:
            self._db.execute("SELECT count(*) FROM facts").fetchone()
