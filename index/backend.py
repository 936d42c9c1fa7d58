"""The collection as ``qa`` reads it and as an ingest writes it: one interface, two stores.

``Backend`` is everything the answering path asks of a collection: the reports (summaries and
full parsed reports), facts and prose figures by agency, year, canonical key or report, and hybrid
search whose agency/year/report filters apply before ranking. ``BackendWriter`` is how reports get
in: ``known`` (which files are in already, by content hash) and ``add`` (a batch of parsed reports
with their chunks, BM25 tokens and vectors, as ``index_reports`` makes them).

The two stores, chosen by ``Settings.store`` (``REPORTQA_STORE``):

- the embedded default (unset): generation folders in ``REPORTQA_HOME`` (``index.store``), read by
  ``index.collection.Collection`` and written by ``LocalWriter`` (each ``add`` commits a new
  generation through ``index.ingest``);
- scale-out (``milvus:///file.db`` or ``milvus://host:19530``): chunks, vectors and BM25 in Milvus
  (``index.milvus_chunks``), reports and facts in an SQL database (``index.sql_facts``,
  ``REPORTQA_FACTS_URL``), both read and written by ``index.milvus_store.MilvusCollection``.

``open_collection(settings)`` (``index.collection``) opens the configured ``Backend``;
``open_writer(settings)`` its writer; ``ingest_files`` reads files into any writer (what
``reportqa ingest`` does on the scale-out store).

Writing a batch (``BackendWriter.add``), for an ingest of one's own (e.g. a Ray pipeline)::

    writer = open_writer(settings)
    reports = [r for r in parsed if r.content_hash not in writer.known(r.content_hash for r in parsed)]
    indexed, encoding = index_reports(reports, settings)   # chunk, cut, embed (any worker)
    result = writer.add(indexed, encoding)                 # merge copies, write, commit

``add`` is idempotent by content hash (a report already written is skipped, one half-written by a
killed run is written again whole), keeps one report per agency and year (the better copy; the
others recorded as its alternates) and returns an ``index.ingest.IngestResult``.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Optional, Protocol, Sequence, runtime_checkable

import numpy as np

from corpus.errors import ReportQAError
from corpus.records import Fact, Figure, Report
from index.records import Chunk, Hit
from index.settings import Settings
from index.store import ReportSummary

if TYPE_CHECKING:
    from index.ingest import IngestResult
    from index.search import Mode


@runtime_checkable
class Backend(Protocol):
    """What the answering path asks of a collection; ``index.collection.Collection`` and
    ``index.milvus_store.MilvusCollection`` both provide it."""

    settings: Settings

    def reports(self) -> list[ReportSummary]:
        """Every report: id, title, agency, year, file, format, tables, facts, failed checks, alternates."""

    def report(self, report_id: str) -> Report:
        """The full parsed report. Raises KeyError for an unknown id."""

    def agencies(self) -> list[str]:
        """The agencies the collection holds reports of, sorted."""

    def agency_years(self) -> dict[str, list[int]]:
        """Each agency the collection holds reports of -> the years it holds, sorted."""

    def reports_of(self, agencies: Optional[Iterable[str]] = None,
                   years: Optional[Iterable[int]] = None) -> list[ReportSummary]:
        """The reports of these agencies and years (None or empty: any), by agency then year: a look-up,
        so the answering path never lists every report."""

    def report_info(self, report_id: str) -> ReportSummary:
        """The summary of one report. Raises KeyError for an unknown id."""

    def facts(self, *, agency: Optional[str] = None, year: Optional[int] = None, key: Optional[str] = None,
              report_id: Optional[str] = None) -> list[Fact]:
        """Table facts matching every filter given (exact agency, year, canonical key, report id), in report order."""

    def figures(self, *, agency: Optional[str] = None, year: Optional[int] = None,
                report_id: Optional[str] = None) -> list[Figure]:
        """Prose figures matching every filter given, in report order."""

    def search(self, query: str, k: int = 5, *, agency: Optional[str] = None, year: Optional[int] = None,
               report_id: Optional[str] = None, mode: "Mode" = "hybrid") -> list[Hit]:
        """The ``k`` best chunks for ``query`` among the chunks of the reports the filters keep (filters
        apply before ranking), best first; ``mode``: hybrid (convex fusion), rrf, bm25 or dense."""

    def is_current(self) -> bool:
        """Whether nothing was ingested since this collection was opened (else: open it again)."""

    def warm(self) -> None:
        """Load what the first question would load (indexes, the query embedder, connections)."""


@dataclass(frozen=True, eq=False)
class IndexedReport:
    """One parsed report ready to write: its chunks, each chunk's BM25 tokens and unit vector (row i = chunk i)."""

    report: Report
    chunks: tuple[Chunk, ...]
    tokens: tuple[tuple[str, ...], ...]
    vectors: np.ndarray  # (len(chunks), dimension) float32, L2-normalised

    def __post_init__(self) -> None:
        if not (len(self.chunks) == len(self.tokens) == len(self.vectors)):
            raise ValueError(f"report {self.report.id}: {len(self.chunks)} chunks, {len(self.tokens)} token lists "
                             f"and {len(self.vectors)} vectors: one of each per chunk")


@dataclass(frozen=True)
class Encoding:
    """The embedding model that computed a batch's vectors (a store refuses vectors of another)."""

    model: str  # the embedder's name
    model_setting: str  # REPORTQA_MODEL as set
    dimension: int
    encoder: str  # e.g. the ONNX graph that computed them

    @classmethod
    def of(cls, embedder, settings: Settings) -> "Encoding":
        """The encoding of ``embedder`` configured by ``settings``."""
        return cls(embedder.name, settings.model, int(embedder.dim),
                   getattr(embedder, "encoder", type(embedder).__name__))


@runtime_checkable
class BackendWriter(Protocol):
    """How reports are added to a collection."""

    def known(self, content_hashes: Iterable[str]) -> set[str]:
        """Which of these file hashes the collection holds already (as a report or an alternate copy),
        parsed by this version of the report reader: files to skip."""

    def add(self, reports: Sequence[IndexedReport], encoding: Encoding, progress: bool = False) -> "IngestResult":
        """Write a batch: each report with its chunks, tokens and vectors, one report per agency and year
        (a better copy replaces the stored one, the others become its alternates); already-known
        content is skipped. Raises ReportQAError when ``encoding`` is not the collection's model."""


def index_reports(reports: Sequence[Report], settings: Settings, embedder=None, segmenter=None,
                  progress: bool = False) -> tuple[list[IndexedReport], Encoding]:
    """Chunk, cut into BM25 tokens and embed ``reports`` (what a writer's ``add`` takes).

    ``embedder`` defaults to the configured passage embedder, ``segmenter`` to jieba with the
    domain dictionary. Returns the indexed reports in order and the encoding of their vectors.
    """
    from index.chunks import index_text, make_chunks
    from index.ingest import _embed
    from index.segment import Segmenter

    if embedder is None:
        from index.model import load_embedder

        embedder = load_embedder(settings, "passage")
    segmenter = segmenter or Segmenter(settings.home / "cache")
    chunks = [make_chunks(report) for report in reports]
    texts = [index_text(c) for cs in chunks for c in cs]
    tokens = [tuple(segmenter.tokens(text)) for text in texts]
    vectors = _embed(embedder, texts, progress) if texts else np.zeros((0, int(embedder.dim)), np.float32)
    out, row = [], 0
    for report, cs in zip(reports, chunks):
        out.append(IndexedReport(report, tuple(cs), tuple(tokens[row:row + len(cs)]), vectors[row:row + len(cs)]))
        row += len(cs)
    return out, Encoding.of(embedder, settings)


# ---------------------------------------------------------------- the embedded store's writer


class _GivenVectors:
    """An embedder answering with the vectors a batch brings (by chunk text), so that ``index.ingest``
    writes them instead of embedding again; a text it lacks (a stored chunk embedded anew) is
    embedded by the configured model."""

    def __init__(self, reports: Sequence[IndexedReport], encoding: Encoding, settings: Settings) -> None:
        from index.chunks import index_text

        self.name, self.dim, self.encoder = encoding.model, encoding.dimension, encoding.encoder
        self.settings = settings
        self.vectors = {index_text(c): v for r in reports for c, v in zip(r.chunks, r.vectors)}

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        missing = [t for t in texts if t not in self.vectors]
        if missing:
            from index.model import load_embedder

            model = load_embedder(self.settings, "passage")
            if (model.name, int(model.dim)) != (self.name, self.dim):
                raise ReportQAError(f"the batch's vectors come from {self.name!r} but REPORTQA_MODEL loads "
                                    f"{model.name!r}: set REPORTQA_MODEL to the model that embedded the batch")
            self.vectors.update(zip(missing, model.embed_passages(missing, batch_size=batch_size)))
        return np.stack([self.vectors[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)


class LocalWriter:
    """The embedded store's writer: each ``add`` commits one new generation folder (``index.ingest``)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    def known(self, content_hashes: Iterable[str]) -> set[str]:
        """The hashes among ``content_hashes`` of files in the live generation (reports and alternates)."""
        from index.ingest import _known_hashes, _previous

        try:
            return _known_hashes(_previous(self.settings, False)) & set(content_hashes)
        except ReportQAError:
            return set()

    def add(self, reports: Sequence[IndexedReport], encoding: Encoding, progress: bool = False) -> "IngestResult":
        """Add the batch through ``index.ingest.add_reports``, with the batch's own vectors."""
        from index.ingest import add_reports

        return add_reports([r.report for r in reports], self.settings, progress=progress,
                           embedder=_GivenVectors(reports, encoding, self.settings))


def open_writer(settings: Optional[Settings] = None) -> BackendWriter:
    """The writer of the configured store (``Settings.store``)."""
    settings = settings or Settings.from_env()
    if not settings.store:
        return LocalWriter(settings)
    from index.milvus_store import MilvusCollection

    return MilvusCollection.open(settings)


# ---------------------------------------------------------------- files into a writer


def ingest_files(paths: Sequence, settings: Settings, writer: BackendWriter, *, progress: bool = True,
                 embedder=None, agency: Optional[str] = None, year: Optional[int] = None,
                 force: bool = False, primary: bool = False) -> "IngestResult":
    """``reportqa ingest`` into ``writer``: read the files (in parallel, sandboxed), skip the known ones,
    file them under ``agency``/``year`` if given, index them and add them in one batch (``primary``:
    each file made the primary copy of its report, a writer that takes ``chosen`` only).

    Returns the writer's ``IngestResult`` with the skipped, failed and kept-out files and the warnings
    and notes added. Raises ReportQAError as ``index.ingest.ingest`` does.
    """
    import dataclasses
    import hashlib
    import time
    from concurrent.futures import ThreadPoolExecutor
    from pathlib import Path

    from corpus.files import iter_report_files
    from corpus.sandbox import read_report_bounded
    from index.ingest import (_bar, _mentions_tables, _read_ahead, missing_metadata, read_failure, read_file,
                              reading_workers)

    files = list(iter_report_files([Path(p) for p in paths]))
    agency = " ".join((agency or "").split()) or None
    if year is not None and len(files) > 1:
        raise ReportQAError(f"--year {year} would file {len(files)} reports under one year: give one FILE with --year")
    overriding = agency is not None or year is not None or primary  # read again even when already in
    hashes = {}
    for path in files:
        try:
            hashes[path] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            pass
    known = set() if overriding else writer.known(hashes.values())
    reports, skipped, failed, kept_out = [], [], [], []
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=reading_workers(), thread_name_prefix="reportqa-read") as pool:
        ahead = _read_ahead(pool, files, known, read_report_bounded)
        for path in _bar(files, progress, "reading", "file"):
            try:
                if path not in hashes:
                    Path(path).read_bytes()  # raises the OSError reported below
                if hashes[path] in known:
                    skipped.append(str(path))
                    continue
                known.add(hashes[path])
                report = read_file(path, ahead, agency, year, overriding, force, kept_out)
                if report is not None:
                    reports.append(report)
            except Exception as exc:  # noqa: BLE001 - a reader's bug must not stop the other files
                failed.append((str(path), read_failure(path, exc)))
    parsed = time.perf_counter()
    indexed, encoding = index_reports(reports, settings, embedder, progress=progress) if reports else ([], None)
    embedded = time.perf_counter()
    if encoding is None:  # nothing new: report what the collection holds
        result = writer.add([], Encoding("", settings.model, 0, ""), progress=progress)
    elif primary:
        result = writer.add(indexed, encoding, progress=progress, chosen=frozenset(r.content_hash for r in reports))
    else:
        result = writer.add(indexed, encoding, progress=progress)
    timings = {"parse": parsed - started, "index": embedded - parsed, "write": time.perf_counter() - embedded}
    warnings = tuple((r.path, w) for r in reports
                     for w in missing_metadata(r.agency, r.year, len(r.tables), _mentions_tables(r)))
    notes = tuple((r.path, c) for r in reports for c in r.corrections)
    return dataclasses.replace(result, skipped=tuple(skipped) + result.skipped, failed=tuple(failed) + result.failed,
                               kept_out=tuple(kept_out), timings=timings, warnings=tuple(kept_out) + warnings,
                               notes=notes)
