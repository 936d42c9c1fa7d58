"""The scale-out collection: chunks in Milvus (``index.milvus_chunks``), reports and facts in an SQL
database (``index.sql_facts``). One ``MilvusCollection`` is both the ``Backend`` the answering path
reads and the ``BackendWriter`` an ingest writes through (``index.backend``).

Nothing here holds the whole collection in memory: a report list, a report, the facts of an agency,
year and key are each one SQL query; a search is a few Milvus searches under a filter expression.
Hybrid search fuses BM25 and dense scores exactly as the embedded store does (``index.search``):
each retriever keeps its best ``DEPTH`` chunks among those the filters allow, and the union is
scored by both (a chunk only one retriever kept gets its other score from Milvus too: its stored
vector, or a BM25 search restricted to those ids), so the two stores rank alike.

Writing a report (``add``): delete any chunks of the reports it replaces and of itself (a run killed
half-way left them), insert its chunks, then commit its SQL rows in one transaction: the SQL commit
is what makes it part of the collection, so a killed ingest started again writes it whole again.
"""
from __future__ import annotations

import dataclasses
import json
import os
import sys
import threading
from functools import cached_property, lru_cache
from typing import Iterable, Optional, Sequence

import numpy as np

from corpus.errors import ReportQAError
from corpus.records import Fact, Figure, Report
from index import store
from index.backend import Encoding, IndexedReport
from index.chunks import CHUNKING
from index.ingest import IngestResult, _bar, _entry
from index.milvus_chunks import ChunkIndex, MilvusLocation, filter_expression, token_text
from index.records import Chunk, Hit
from index.search import DEPTH, Mode, chinese_share, convex_fusion, reciprocal_rank_fusion
from index.settings import Settings
from index.sql_facts import FactsDatabase
from index.store import ReportSummary


def open_milvus_collection(settings: Settings, *, auto_ingest: bool = True, embedder=None) -> "MilvusCollection":
    """The scale-out collection ``settings.store`` names, checked for reading.

    With no report in it yet and ``auto_ingest``, the bundled seed report is ingested first (as the
    embedded store does). Raises store.NoCollection (empty, ``auto_ingest=False``) or ReportQAError
    (another model, dictionary or reader version; a missing Milvus collection; an unreachable server).
    """
    collection = MilvusCollection.open(settings, embedder=embedder)
    if collection.facts_db.counts()[0] == 0:
        if not auto_ingest:
            raise store.NoCollection(f"no collection in {settings.store} yet: run `reportqa ingest PATH` "
                                     "(report files or folders)")
        from corpus import BUNDLED_REPORTS
        from index.backend import ingest_files

        print(f"reportqa: no collection in {settings.store} yet; ingesting the bundled report(s)", file=sys.stderr)
        result = ingest_files([BUNDLED_REPORTS], settings, collection, progress=False, embedder=embedder)
        if result.failed:
            raise ReportQAError(f"the bundled report could not be ingested: {result.failed[0][1]}")
    collection.check(check_model=embedder is None)
    return collection


def ingest_into_store(paths: Sequence, settings: Settings, *, rebuild: bool = False, progress: bool = True,
                      embedder=None, agency: Optional[str] = None, year: Optional[int] = None,
                      force: bool = False, primary: bool = False) -> IngestResult:
    """``reportqa ingest`` on the scale-out store: ``rebuild`` empties it first (not atomically: Milvus
    and the SQL database are emptied, then filled)."""
    from index.backend import ingest_files

    collection = MilvusCollection.open(settings, embedder=embedder)
    if rebuild:
        collection.chunks.drop()
        collection.facts_db.clear()
    return ingest_files(paths, settings, collection, progress=progress, embedder=embedder, agency=agency,
                        year=year, force=force, primary=primary)


class MilvusCollection:
    """Reports, facts and hybrid search over Milvus and an SQL database; also their writer. Thread-safe."""

    def __init__(self, settings: Settings, location: MilvusLocation, facts_db: FactsDatabase, chunks: ChunkIndex,
                 embedder=None) -> None:
        self.settings = settings
        self.location = location
        self.facts_db = facts_db
        self.chunks = chunks
        self._embedder = embedder
        self._warm = False
        self._lock = threading.RLock()
        self._version = facts_db.version()
        self.query_vector = lru_cache(maxsize=256)(self._embed_query)

    @classmethod
    def open(cls, settings: Settings, embedder=None) -> "MilvusCollection":
        """The collection ``settings.store`` names (no check: see ``check``); the SQL tables are created if missing."""
        location = MilvusLocation.parse(settings.store or "", settings.home, settings.facts_url)
        return cls(settings, location, FactsDatabase(location.facts_url), ChunkIndex(location), embedder)

    def check(self, check_model: bool = True) -> None:
        """Refuse a collection built with another model, jieba dictionary or report reader, or whose
        Milvus collection is missing or of another dimension; each message says how to rebuild."""
        from index.segment import dictionary_hash

        meta, where = self.facts_db.meta(), self.settings.store
        rebuild = "run `reportqa ingest --rebuild PATH` (PATH: your report files or folders) to build it again"
        if check_model and meta.get("model_setting") not in (None, self.settings.model):
            raise ReportQAError(f"the collection in {where} was built with the embedding model "
                                f"{meta['model_setting']!r}, but REPORTQA_MODEL is {self.settings.model!r}: set "
                                f"REPORTQA_MODEL={meta['model_setting']} or {rebuild} with the new model")
        if meta.get("dictionary_hash") not in (None, dictionary_hash()):
            raise ReportQAError(f"the collection in {where} was cut into words with another jieba dictionary: "
                                f"{rebuild}")
        stale, total, paths = self.facts_db.count_stale(store.reader_fingerprint())
        if stale:
            raise ReportQAError(f"the collection in {where} holds {stale} of {total} reports read by another version "
                                f"of reportqa's report reader ({', '.join(paths)}): run `reportqa ingest PATH` again "
                                f"with those files to read them anew, or {rebuild}")
        dim = self.chunks.dimension()
        if total and dim != meta.get("dimension"):
            what = "is missing" if dim is None else f"holds {dim}-dimensional vectors, not {meta.get('dimension')}"
            raise ReportQAError(f"the collection in {where} is damaged (the Milvus collection "
                                f"{self.location.collection!r} {what}; the reports are in {self.facts_db.shown}): "
                                f"{rebuild}")

    # ---------------------------------------------------------------- reports and facts

    def reports(self) -> list[ReportSummary]:
        """Every report: id, title, agency, year, file, format, tables, facts, failed checks, alternates."""
        return [ReportSummary.from_entry(e) for e in self.facts_db.entries()]

    def report(self, report_id: str) -> Report:
        """The full parsed report. Raises KeyError for an unknown id."""
        return store.from_data(Report, self.facts_db.report_data(report_id))

    def agencies(self) -> list[str]:
        """The agencies the collection holds reports of, sorted."""
        return self.facts_db.agencies()

    def agency_years(self) -> dict[str, list[int]]:
        """Each agency the collection holds reports of -> the years it holds, sorted."""
        return self.facts_db.agency_years()

    def reports_of(self, agencies=None, years=None) -> list[ReportSummary]:
        """The reports of these agencies and years (None or empty: any), by agency then year."""
        found = [ReportSummary.from_entry(e) for e in self.facts_db.entries(agencies=agencies, years=years)]
        return sorted(found, key=lambda r: (r.agency, r.year or 0))

    def report_info(self, report_id: str) -> ReportSummary:
        """The summary of one report. Raises KeyError for an unknown id."""
        found = self.facts_db.entries(report_id=report_id)
        if not found:
            raise KeyError(report_id)
        return ReportSummary.from_entry(found[0])

    def facts(self, *, agency: Optional[str] = None, year: Optional[int] = None, key: Optional[str] = None,
              report_id: Optional[str] = None) -> list[Fact]:
        """Table facts matching every filter given (exact agency, year, canonical key, report id), in report order."""
        rows = self.facts_db.rows("facts", {"agency": agency, "year": year, "key": key, "report_id": report_id})
        return [store.from_data(Fact, json.loads(data)) for data in rows]

    def figures(self, *, agency: Optional[str] = None, year: Optional[int] = None,
                report_id: Optional[str] = None) -> list[Figure]:
        """Prose figures matching every filter given, in report order."""
        rows = self.facts_db.rows("figures", {"agency": agency, "year": year, "report_id": report_id})
        return [store.from_data(Figure, json.loads(data)) for data in rows]

    def is_current(self) -> bool:
        """Whether nothing was written to the collection since it was opened."""
        return self.facts_db.version() == self._version

    # ---------------------------------------------------------------- search

    @cached_property
    def segmenter(self):
        """jieba with the domain dictionary, in its fast look-up mode for short queries."""
        from index.segment import Segmenter

        return Segmenter(self.settings.home / "cache", for_queries=True)

    @cached_property
    def embedder(self):
        """The query embedder, checked against the model that embedded the collection."""
        embedder = self._embedder
        if embedder is None:
            from index.model import load_embedder

            embedder = load_embedder(self.settings, "query", warm=self._warm)
        meta = self.facts_db.meta()
        if meta.get("model") not in (None, embedder.name) or meta.get("dimension") not in (None, int(embedder.dim)):
            raise ReportQAError(f"the collection in {self.settings.store} holds {meta['dimension']}-dimensional "
                                f"vectors of {meta['model']!r}; the model now configured is {embedder.name!r}: run "
                                "`reportqa ingest --rebuild PATH` to build it again with it")
        return embedder

    def _embed_query(self, query: str) -> np.ndarray:
        with self._lock:
            vector = self.embedder.embed_query(query)
        vector.setflags(write=False)
        return vector

    def warm(self) -> None:
        """Connect, and load the query embedder and the dictionary now (a server does it at start)."""
        self._warm = True
        self.segmenter.tokens("预热")
        self.query_vector("预热")
        self.chunks.exists()

    def search(self, query: str, k: int = 5, *, agency: Optional[str] = None, year: Optional[int] = None,
               report_id: Optional[str] = None, mode: Mode = "hybrid") -> list[Hit]:
        """The ``k`` chunks that best match ``query`` among the reports matching the filters, best first.

        The filters are a Milvus filter expression, applied before ranking. ``mode`` as the embedded
        store's (``index.search``): hybrid (convex fusion), rrf, bm25 or dense.
        """
        if k <= 0 or not query.strip() or not self.chunks.searchable:
            return []
        depth, expr = max(DEPTH, k), filter_expression(agency, year, report_id)
        tokens = self.segmenter.tokens(query) if mode != "dense" else []
        # Twice the depth, then cut in the embedded store's order (score, then row): chunks tied at
        # the cut are kept as there, so that both stores keep the same candidates.
        bm25 = self.chunks.bm25(tokens, 2 * depth, expr) if mode != "dense" else []
        vector = self.query_vector(query) if mode != "bm25" else None
        dense = self.chunks.dense(vector, 2 * depth, expr) if mode != "bm25" else []
        data = {cid: text for cid, _, text in (*bm25, *dense)}
        order = self.facts_db.order(cid.rpartition(":")[0] for cid in data)
        place = lambda cid: _chunk_order(cid, order)  # noqa: E731
        bm25, dense = ([hit for hit in sorted(found, key=lambda h: (-h[1], place(h[0])))][:depth]
                       for found in (bm25, dense))
        if mode in ("bm25", "dense"):
            found = bm25 if mode == "bm25" else dense
            return [Hit(_chunk(data[cid]), score, rank if mode == "bm25" else None, rank if mode == "dense" else None)
                    for rank, (cid, score, _) in enumerate(found[:k], start=1)]
        ids = sorted({cid for cid, _, _ in (*bm25, *dense)}, key=place)
        row = {cid: i for i, cid in enumerate(ids)}
        bm25_rank = {cid: rank for rank, (cid, _, _) in enumerate(bm25, start=1)}
        dense_rank = {cid: rank for rank, (cid, _, _) in enumerate(dense, start=1)}
        if mode == "rrf":
            lists = [np.array([row[c] for c, _, _ in found], dtype=np.int64) for found in (bm25, dense)]
            return [Hit(_chunk(data[ids[r]]), score, ranks[0], ranks[1])
                    for r, score, ranks in reciprocal_rank_fusion(lists, k)]
        bm25_score = {cid: score for cid, score, _ in bm25}
        missing = [cid for cid in ids if cid not in bm25_score]
        if missing and tokens:  # their BM25 scores, from a search restricted to them
            bm25_score.update((cid, s) for cid, s, _ in self.chunks.bm25(tokens, len(missing),
                                                                          filter_expression(ids=missing)))
        cosine = {cid: score for cid, score, _ in dense}
        stored = self.chunks.vectors([cid for cid in ids if cid not in cosine])
        cosine.update((cid, float(v @ vector)) for cid, v in stored.items())
        rows = np.arange(len(ids))
        fused = convex_fusion(rows, np.array([bm25_score.get(c, 0.0) for c in ids], dtype=np.float64),
                              np.array([cosine[c] for c in ids], dtype=np.float64), chinese_share(query))
        order = np.lexsort((rows, -fused))[:k]
        return [Hit(_chunk(data[ids[i]]), float(fused[i]), bm25_rank.get(ids[i]), dense_rank.get(ids[i]))
                for i in order.tolist()]

    # ---------------------------------------------------------------- writing

    def known(self, content_hashes: Iterable[str]) -> set[str]:
        """Which of these file hashes the collection holds (as a report or an alternate) as this reader parsed them."""
        return self.facts_db.known(content_hashes, reader=store.reader_fingerprint())

    def add(self, reports: Sequence[IndexedReport], encoding: Encoding, progress: bool = False,
            chosen: frozenset[str] = frozenset()) -> IngestResult:
        """Write a batch of indexed reports (see ``index.backend.BackendWriter.add``); ``chosen``: content
        hashes a person made the primary copy of their report (``reportqa ingest --primary``)."""
        result = {name: [] for name in ("added", "skipped", "alternates", "replaced", "reread", "copies",
                                        "conflicts", "chosen")}
        new_chunks = 0
        if reports:
            self._adopt(encoding)
        sequence = int(self.facts_db.meta().get("sequence", 0))
        for item in _bar(reports, progress, "writing", "report"):
            sequence += 1
            plan = self._merge(item, sequence, item.report.content_hash in chosen)
            for name in ("copies", "conflicts", "chosen"):
                result[name].extend(getattr(plan, name))
            if plan.action == "skip":
                result["skipped"].append(item.report.path)
                continue
            if plan.action == "alternate":
                result["alternates"].append(plan.report.path)
                continue
            self._write(item, plan)
            new_chunks += len(item.chunks)
            result["reread" if plan.stale is not None else "added"].append(plan.report.path)
            result["replaced"].extend(e["path"] for e in plan.removed
                                      if plan.stale is None or e["id"] != plan.stale["id"])
        if reports:
            self.facts_db.set_meta({"sequence": sequence})
        self.chunks.flush()
        self._version = self.facts_db.version()  # this object reads what it wrote
        count, chunks = self.facts_db.counts()
        stale, _, paths = self.facts_db.count_stale(store.reader_fingerprint())
        return IngestResult(**{k: tuple(v) for k, v in result.items()}, stale=tuple(paths) if stale else (),
                            reports=count, chunks=chunks, new_chunks=new_chunks,
                            changed=bool(result["added"] or result["reread"] or result["alternates"]))

    def _adopt(self, encoding: Encoding) -> None:
        """Record the batch's model as the collection's (the first batch), or refuse another model."""
        from index.segment import dictionary_hash

        meta = self.facts_db.meta()
        if meta.get("model") is None:
            self.facts_db.set_meta({"model": encoding.model, "model_setting": encoding.model_setting,
                                    "dimension": encoding.dimension, "encoder": encoding.encoder,
                                    "dictionary_hash": dictionary_hash(), "chunking": CHUNKING,
                                    "milvus_collection": self.location.collection})
            meta = self.facts_db.meta()
        if (meta["model"], meta["dimension"], meta.get("encoder")) != (encoding.model, encoding.dimension,
                                                                       encoding.encoder):
            raise ReportQAError(f"the collection in {self.settings.store} holds vectors of {meta['model']!r} "
                                f"({meta['dimension']} dimensions, {meta.get('encoder')}); this batch's come from "
                                f"{encoding.model!r} ({encoding.dimension}, {encoding.encoder}): embed with the "
                                "collection's model, or run `reportqa ingest --rebuild PATH` to start again")
        self.chunks.create(int(meta["dimension"]))

    def _merge(self, item: IndexedReport, sequence: int, chosen: bool) -> "_Plan":
        """What a new report does, by the rules of ``index.copies``: skipped (in already), recorded as
        the alternate of the stored primary of its agency and year (done here), or written as the
        primary, replacing the stored one."""
        from index.copies import Copy, alternate_records, conflict_data, conflict_line, disagreements, primary_of

        report = dataclasses.replace(item.report, path=os.path.abspath(item.report.path))
        holder = self.facts_db.holder(report.content_hash)
        if holder is not None and holder["reader"] == store.reader_fingerprint() and not chosen and (
                holder["content_hash"] != report.content_hash
                or (holder["agency"], holder["year"]) == (report.agency, report.year)):
            return _Plan("skip", report)  # in already (itself or an alternate), parsed by this reader, filed the same
        stale = holder if holder is not None and holder["content_hash"] == report.content_hash else None
        new = Copy.of_report(report, (stale or {}).get("ingested") or sequence,
                             sequence if chosen else (stale or {}).get("chosen", 0))
        new.stale = stale  # the same file read anew (another reader, filed otherwise, or chosen)
        same = [e for e in (self.facts_db.entries(agency=report.agency, year=report.year)
                            if report.agency and report.year is not None else ())
                if stale is None or e["id"] != stale["id"]]
        versions = [new, *(Copy.of_entry(e) for e in same)]
        best = primary_of(versions)
        others = [v for v in versions if v is not best]
        alts = alternate_records(best, others, settle=best is new and chosen)
        mine = self._figures(best)
        figures, conflicts = {}, []
        for alt in alts:
            found = next((self._figures(v) for v in others if v.content_hash == alt["content_hash"]), None)
            found = found if found is not None else self.facts_db.alternate_figures(alt["content_hash"])
            if found is not None:
                figures[alt["content_hash"]] = found
                if not alt.get("settled"):
                    conflicts.extend(disagreements(mine, found, alt["path"]))
        extra = {"alternates": alts, "conflicts": [conflict_data(c) for c in conflicts]}
        where = f"{report.agency} {report.year or ''}".rstrip()
        copies = [(v.path, f"{os.path.basename(v.path)}: " + (
            f"recorded as an alternate copy of {where}; the primary is {os.path.basename(best.path)}"
            if v.report is not None else f"replaced as the primary of {where} by {os.path.basename(best.path)}; "
            "kept as an alternate copy")) for v in others]
        told = dict(copies=copies, conflicts=[(best.path, conflict_line(best.path, report.agency, report.year,
                                                                        conflicts))] if conflicts else [],
                    chosen=[best.path] if best is new and chosen else [])
        if best is not new:
            self.facts_db.update_entry({**best.entry, **extra}, figures)
            if stale is not None:  # the re-read copy lost to another stored copy
                self.chunks.delete_reports([stale["id"]])
                self.facts_db.remove_reports([stale["id"]])
            return _Plan("alternate", report, **told)
        report = dataclasses.replace(report, alternates=tuple(a["path"] for a in alts))
        entry = {**_entry(report, alts), **extra, "ingested": new.ingested, "chosen": new.chosen}
        return _Plan("write", report, stale, ([stale] if stale is not None else []) + same, entry, figures, **told)

    def _figures(self, copy) -> dict:
        """The figures of a copy (``index.copies.figures_of``): read now, or a stored primary's."""
        from index.copies import figures_of

        if copy.report is not None:
            return figures_of(copy.report.facts)
        return figures_of(self.facts(report_id=copy.entry["id"]))

    def _write(self, item: IndexedReport, plan: "_Plan") -> None:
        """Replace the chunks of the reports replaced (and of this one) by this report's, then commit its SQL rows."""
        report = plan.report
        # Delete by filter only where there is something to delete (a filter delete scans the
        # collection on milvus-lite: once a report, it made a 10,000-report ingest quadratic): the
        # reports replaced, and this one's own chunks where a killed run left some (its first chunk,
        # inserted first, is there).
        gone = [e["id"] for e in plan.removed]
        if report.id not in gone and item.chunks and self.chunks.holds(item.chunks[0].id):
            gone.append(report.id)
        self.chunks.delete_reports(gone)
        self.chunks.insert([{"id": chunk.id, "report_id": report.id, "agency": report.agency or "",
                             "year": -1 if report.year is None else int(report.year), "tokens": token_text(tokens),
                             "vector": np.asarray(vector, dtype=np.float32).tolist(),
                             "data": json.dumps(store.to_data(chunk), ensure_ascii=False)}
                            for chunk, tokens, vector in zip(item.chunks, item.tokens, item.vectors)])
        self.facts_db.write_report(plan.entry, report, len(item.chunks), [e["id"] for e in plan.removed],
                                   plan.figures)


@dataclasses.dataclass(frozen=True)
class _Plan:
    """What ``add`` does with one report: skip it, record it as an alternate, or write it."""

    action: str  # "skip", "alternate" or "write"
    report: Report
    stale: Optional[dict] = None  # the stored entry of the same file that this reading replaces
    removed: list = dataclasses.field(default_factory=list)  # stored entries it replaces
    entry: dict = dataclasses.field(default_factory=dict)  # its entry, when written
    figures: dict = dataclasses.field(default_factory=dict)  # content hash -> figures of its alternates
    copies: list = dataclasses.field(default_factory=list)  # (path, what became of the copy)
    conflicts: list = dataclasses.field(default_factory=list)  # (primary's path, the figures copies give differently)
    chosen: list = dataclasses.field(default_factory=list)  # paths made primary by a person's choice


def _chunk(data: str) -> Chunk:
    return store.from_data(Chunk, json.loads(data))


def _chunk_order(chunk_id: str, reports: dict[str, int]) -> tuple[int, str, int]:
    """A chunk's row as the embedded store numbers them (reports in collection order, chunks ``report:n``
    in report order): equal fused scores rank the earlier row first there and here."""
    report, _, n = chunk_id.rpartition(":")
    return (reports.get(report, 1 << 62), report, int(n) if n.isdigit() else 0)
