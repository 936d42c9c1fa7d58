"""``reportqa ingest`` and ``reportqa reports``: add report files to the collection, list what it holds.

An ingest reads the files (a file whose bytes are already in the collection is skipped unread;
one that failed or was kept out is never recorded, so it is read again when given again),
merges copies of one report (same agency and year: the primary is chosen by the rules of
``index.copies``, the others are recorded as alternates, each named in the result with the reason,
and figures that copies give differently are recorded as conflicts), chunks, segments and embeds
only the reports that are new, and
writes a whole new generation of the collection (``index.store``): unchanged reports keep their
stored chunks, tokens and vectors. Nothing new means nothing written.

The manifest records the encoder that computed the vectors (``encoder``, e.g. the default model's
int8 ONNX graph). An ingest that embeds with another encoder (a collection built before ONNX
ingest, or by another quantisation) embeds every stored chunk again, saying so, rather than mix
vectors of two encoders in one index.

Every report records the fingerprint of the report reader that parsed it
(``store.reader_fingerprint``). After an upgrade of reportqa, the collection refuses to answer
until its reports are read anew: ingesting the same files again re-reads the reports that another
reader parsed (their bytes are unchanged, but they are not skipped) and replaces them; a chunk whose
indexed text is unchanged keeps its stored tokens and vector.
"""
from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import json
import os
import re
import shutil
import sys
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Optional, Sequence

import numpy as np

from corpus.errors import ReportQAError
from corpus.records import Report
from index import factsdb, store
from index.chunks import CHUNKING, index_text, make_chunks
from index.copies import Copy, merge
from index.settings import Settings

EMBED_BATCH = 32


@dataclass(frozen=True)
class IngestResult:
    """What one ingest did. Paths are as the files were given."""

    added: tuple[str, ...] = ()  # reports new to the collection (or better copies of one)
    skipped: tuple[str, ...] = ()  # content already in the collection
    alternates: tuple[str, ...] = ()  # other copies of a report in the collection, recorded as alternates
    replaced: tuple[str, ...] = ()  # stored copies that a better copy replaced (now alternates)
    reread: tuple[str, ...] = ()  # reports parsed by another reader version, read anew and replaced
    stale: tuple[str, ...] = ()  # reports still parsed by another reader version (files not given again)
    failed: tuple[tuple[str, str], ...] = ()  # (path, one-line reason)
    kept_out: tuple[tuple[str, str], ...] = ()  # (path, why it is no report): read, but not added (--force takes it)
    copies: tuple[tuple[str, str], ...] = ()  # (path, which copy is the primary and why): alternates and replacements
    conflicts: tuple[tuple[str, str], ...] = ()  # (primary's path, the figures copies give differently and the fix)
    chosen: tuple[str, ...] = ()  # files made the primary of their report by --primary
    warnings: tuple[tuple[str, str], ...] = ()  # (path, what is missing and the fix): no agency, year or table
    notes: tuple[tuple[str, str], ...] = ()  # (path, metadata read otherwise than written, and why)
    reports: int = 0  # reports in the collection afterwards
    chunks: int = 0  # chunks in the collection afterwards
    new_chunks: int = 0
    changed: bool = False  # a new generation was written
    timings: dict = field(default_factory=dict)  # seconds: parse, segment, embed, write


def ingest(paths: Sequence[str | Path], settings: Settings, rebuild: bool = False, progress: bool = True,
           embedder=None, agency: Optional[str] = None, year: Optional[int] = None,
           force: bool = False, primary: bool = False) -> IngestResult:
    """Add the report files under ``paths`` (files or folders) to the collection at ``settings.home``.

    ``rebuild`` starts a new collection from these files only (the old one stays live until the new
    one is complete). ``agency``/``year`` file the reports under that agency and year whatever
    they say (``reportqa ingest --agency NAME --year YEAR FILE``); a file already in the collection
    is read again and replaced. ``primary`` makes each file the primary copy of its report, a
    person's choice that settles the conflicts with its other copies (``reportqa ingest --primary
    FILE``). Raises ReportQAError for a missing path, an incompatible existing collection, or
    ``year`` given for several files, and StorageError when the data folder cannot be written
    (nothing changed); a file that cannot be read is reported in ``failed`` and the others are
    still ingested. Files are read in parallel, one reader process a core (``_read_ahead``), and
    taken in the order given.
    """
    if settings.store:  # the scale-out store (index.backend): the same reading, written through its writer
        from index.milvus_store import ingest_into_store

        return ingest_into_store(paths, settings, rebuild=rebuild, progress=progress, embedder=embedder,
                                 agency=agency, year=year, force=force, primary=primary)
    from corpus.files import iter_report_files
    from corpus.sandbox import read_report_bounded  # a worker process with memory and time limits

    files = list(iter_report_files([Path(p) for p in paths]))
    agency = " ".join((agency or "").split()) or None
    if year is not None and len(files) > 1:
        raise ReportQAError(f"--year {year} would file {len(files)} reports under one year: give one FILE with --year")
    overriding = agency is not None or year is not None or primary  # read again even when already in
    with store.writing(settings.home), locked(settings.home):
        previous = _previous(settings, rebuild)
        known = _known_hashes(previous)
        replacing: set[str] = set()
        chosen: set[str] = set()
        reports, skipped, failed, kept_out = [], [], [], []
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=reading_workers(), thread_name_prefix="reportqa-read") as pool:
            ahead = _read_ahead(pool, files, set() if overriding else known, read_report_bounded)
            for path in _bar(files, progress, "reading", "file"):
                try:
                    digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
                    if digest in known and not overriding:
                        skipped.append(str(path))
                        continue
                    report = read_file(path, ahead, agency, year, overriding, force, kept_out)
                    if report is None:
                        continue
                    if digest in known:
                        replacing.add(digest)  # filed anew under the agency/year given, or chosen
                    if primary:
                        chosen.add(digest)
                    known.add(digest)  # only now: a file refused or failed is never "already in"
                    reports.append(report)
                except Exception as exc:  # noqa: BLE001 - a reader's bug must not stop the other files
                    failed.append((str(path), read_failure(path, exc)))
        parse_seconds = time.perf_counter() - started
        result = _add(reports, settings, previous, progress, embedder, replacing, chosen)
    timings = {"parse": parse_seconds, **result.timings}
    warnings = tuple((r.path, w) for r in reports
                     for w in missing_metadata(r.agency, r.year, len(r.tables), _mentions_tables(r)))
    notes = tuple((r.path, c) for r in reports for c in r.corrections)
    return dataclasses.replace(result, skipped=tuple(skipped) + result.skipped, failed=tuple(failed),
                               kept_out=tuple(kept_out), timings=timings, warnings=tuple(kept_out) + warnings,
                               notes=notes)


# ---------------------------------------------------------------- reading files in parallel


def read_file(path: Path, ahead: dict[Path, Future], agency: Optional[str], year: Optional[int],
              overriding: bool, force: bool, kept_out: list) -> Optional[Report]:
    """One file's report (read ahead, else now in a bounded worker), with the agency/year given;
    None when it is no report (its reason appended to ``kept_out``; ``force`` takes it anyway).
    Raises what reading raises: ``read_failure`` says it in one line."""
    from corpus.admission import not_a_report
    from corpus.sandbox import read_report_bounded  # a worker process with memory and time limits

    report = ahead[path].result() if path in ahead else read_report_bounded(path)
    report = with_metadata(report, agency, year) if overriding else report
    if not force and (refusal := not_a_report(report)):
        kept_out.append((str(path), refusal))
        return None
    return report


def read_failure(path: Path, exc: Exception) -> str:
    """The one-line reason a file could not be read, for ``failed``."""
    if isinstance(exc, ReportQAError):
        return str(exc)
    if isinstance(exc, OSError):
        return f"{path}: cannot be read ({exc.strerror or exc})"
    return f"could not be read ({type(exc).__name__}: {exc})"


def reading_workers() -> int:
    """How many files are read at once: one a core this process may use."""
    return max(1, len(os.sched_getaffinity(0)))


def _read_ahead(pool: ThreadPoolExecutor, files: Sequence[Path], known: set[str], read) -> dict[Path, Future]:
    """Start reading every file whose bytes are not in ``known`` (the first of identical files only).

    Each reading is its own worker process (``corpus.sandbox``: memory and time limits), so a
    thread per core only waits on one: the files are parsed in parallel processes. Returns path ->
    future of its Report; ``future.result()`` raises what the reading raised, so the caller reports
    a failed file in input order and goes on with the others.
    """
    ahead: dict[Path, Future] = {}
    seen = set(known)
    for path in files:
        try:
            digest = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            continue  # reported when the caller reads it
        if digest not in seen:
            seen.add(digest)
            ahead[path] = pool.submit(read, path)
    return ahead


# ---------------------------------------------------------------- metadata given and metadata missing


def with_metadata(report: Report, agency: Optional[str] = None, year: Optional[int] = None) -> Report:
    """The report filed under ``agency`` and/or ``year`` (its facts and figures too), the change
    stated in its ``corrections``."""
    from corpus.places import place_agency

    notes = []
    if agency and agency != report.agency:
        notes.append(f"agency: given as {agency} on the command line (the report reads {report.agency or 'none'})")
    if year is not None and year != report.year:
        notes.append(f"year: given as {year} on the command line (the report reads {report.year or 'none'})")
    agency = agency or report.agency
    year = report.year if year is None else year
    return dataclasses.replace(
        report, agency=agency, year=year,
        facts=tuple(dataclasses.replace(f, agency=agency, year=year) for f in report.facts),
        figures=tuple(dataclasses.replace(f, agency=agency, year=year) for f in report.figures),
        region=place_agency(agency).region if agency != report.agency else report.region,
        corrections=report.corrections + tuple(notes))


NATIONAL_TABLES_FROM = 2019  # reports for 2019 on carry the national template's tables


def missing_metadata(agency: str, year: Optional[int], tables: int, mentions_tables: bool = False) -> list[str]:
    """What a report lacks for answering (no agency, no year, no table where its format has one),
    each with the fix."""
    out = []
    fix = "file it with `reportqa ingest --agency NAME --year YEAR FILE`"
    if not agency:
        out.append(f"no agency: neither the title, the text nor the file name names one; {fix}")
    if year is None:
        out.append(f"no year: neither the title, the first lines nor the file name give one; {fix}")
    if tables == 0 and ((year or 0) >= NATIONAL_TABLES_FROM or mentions_tables):
        why = (f"reports for {NATIONAL_TABLES_FROM} on carry the national tables" if (year or 0) >= NATIONAL_TABLES_FROM
               else "its text refers to a statistics table")
        out.append(f"no table read although {why}: its figures come from the prose only; ingest another copy "
                   "of the report (HTML, DOCX or a PDF with a text layer) if there is one")
    return out


def _mentions_tables(report: Report) -> bool:
    """Whether a section heading names a statistics table (统计表, 附表)."""
    return any(re.search(r"统计表|附表", " ".join(s.path)) for s in report.sections)


def add_reports(reports: Sequence[Report], settings: Settings, rebuild: bool = False, progress: bool = False,
                embedder=None) -> IngestResult:
    """Add already parsed reports to the collection (what ``ingest`` does after reading its files)."""
    with store.writing(settings.home), locked(settings.home):
        return _add(list(reports), settings, _previous(settings, rebuild), progress, embedder)


# ---------------------------------------------------------------- merging copies of one report


def _add(reports: list[Report], settings: Settings, previous: Optional[store.Generation], progress: bool,
         embedder, replacing: frozenset[str] | set[str] = frozenset(),
         chosen: frozenset[str] | set[str] = frozenset()) -> IngestResult:
    groups: dict[tuple, list[Copy]] = {}
    stale: dict[str, Copy] = {}  # content hash -> stored copy that this reading replaces (another reader, or re-filed)
    recorded: dict[str, dict] = {}  # content hash -> its stored alternate record
    fingerprint = store.reader_fingerprint()
    sequence = previous.manifest.get("sequence", 0) if previous else 0
    for entry in previous.entries if previous else ():
        copy = Copy.of_entry(entry)
        groups.setdefault(_key(entry["agency"], entry["year"], entry["content_hash"]), []).append(copy)
        if entry.get("reader") != fingerprint or entry["content_hash"] in replacing:
            stale[entry["content_hash"]] = copy
        recorded.update((a["content_hash"], a) for a in entry.get("alternates", ()))
    stored_hashes = _known_hashes(previous) - set(replacing)
    skipped = []
    for report in reports:
        if report.content_hash in stored_hashes:
            skipped.append(report.path)
            continue
        stored_hashes.add(report.content_hash)
        sequence += 1
        old = stale.pop(report.content_hash, None)
        earlier = old.entry if old is not None else recorded.get(report.content_hash)
        pick = sequence if report.content_hash in chosen else (old.chosen if old is not None else 0)
        report = dataclasses.replace(report, path=os.path.abspath(report.path))
        new = Copy.of_report(report, earlier.get("ingested", 0) if earlier else sequence, pick)
        if old is not None:  # the same bytes, read again: this reading replaces the stored one
            for versions in groups.values():
                if old in versions:
                    versions.remove(old)
            new.stale = old.entry
        groups.setdefault(_key(report.agency, report.year, report.content_hash), []).append(new)

    merged = merge(groups, previous, chosen, _entry)
    result = IngestResult(added=tuple(merged.added), skipped=tuple(skipped), alternates=tuple(merged.alternates),
                          replaced=tuple(merged.replaced), reread=tuple(merged.reread), copies=tuple(merged.copies),
                          conflicts=tuple(merged.conflicts), chosen=tuple(merged.chosen),
                          stale=tuple(sorted(e["path"] for e in merged.kept if e.get("reader") != fingerprint)))
    old_entries = {e["id"]: e for e in previous.entries} if previous else {}
    changed = bool(merged.fresh) or any(e != old_entries.get(e["id"]) for e in merged.kept)
    if not changed or not (merged.kept or merged.fresh):
        count = len(previous.entries) if previous else 0
        chunks = previous.manifest["counts"]["chunks"] if previous else 0
        return dataclasses.replace(result, reports=count, chunks=chunks)
    reusable = [v.stale for vs in groups.values() for v in vs if v.stale is not None]
    return _build_generation(settings, previous, merged.kept, merged.fresh, result, progress, embedder, reusable,
                             merged.figures, sequence)


# ---------------------------------------------------------------- writing a generation


def _build_generation(settings: Settings, previous: Optional[store.Generation], kept: list[dict],
                      fresh: list[tuple[Report, dict]], result: IngestResult, progress: bool,
                      embedder, reusable: Sequence[dict] = (), figures: Optional[dict] = None,
                      sequence: int = 0) -> IngestResult:
    """Chunk, segment and embed the fresh reports, then write and commit a generation with the kept ones.

    ``reusable``: stored entries that fresh reports replace; a fresh chunk with the indexed text of
    one of their chunks takes its stored tokens and vector instead of being cut and embedded again.
    ``figures``: content hash -> figures of the alternate copies (``alternates.json``);
    ``sequence``: the last ingest order given to a copy.
    """
    from index.segment import Segmenter

    started = time.perf_counter()
    segmenter = Segmenter(settings.home / "cache")
    chunks = {report.id: make_chunks(report) for report, _ in fresh}
    texts = [index_text(c) for report, _ in fresh for c in chunks[report.id]]
    old_vectors = _old_vectors(previous) if kept or reusable else None
    stored = _stored_chunks(previous, reusable)
    todo = [text for text in dict.fromkeys(texts) if text not in stored]
    cut = dict(zip(todo, (segmenter.tokens(text) for text in _bar(todo, progress, "segmenting", "chunk"))))
    tokens = [stored[text][0] if text in stored else cut[text] for text in texts]
    segmented = time.perf_counter()
    header = {k: previous.manifest.get(k) for k in ("model", "model_setting", "dimension", "encoder")} if previous else {}
    if todo or not header:
        if embedder is None:
            from index.model import load_embedder

            embedder = load_embedder(settings, "passage")
        if previous:
            store.check_embedder(previous.manifest, settings.home, embedder)
        encoder = getattr(embedder, "encoder", type(embedder).__name__)
        if old_vectors is not None and len(old_vectors) and header.get("encoder") != encoder:
            old_vectors = _reembed(previous, embedder, encoder, progress)
        header = {"model": embedder.name, "model_setting": settings.model, "dimension": int(embedder.dim),
                  "encoder": encoder}
    vectors = np.zeros((0, int(header["dimension"])), dtype=np.float32)
    if texts:
        new = dict(zip(todo, _embed(embedder, todo, progress))) if todo else {}
        vectors = np.stack([old_vectors[stored[text][1]] if text in stored else new[text] for text in texts])
    embedded = time.perf_counter()

    work = store.new_work_folder(settings.home)
    try:
        entries, all_tokens, parts = _write_chunks(work, previous, kept, fresh, chunks, tokens, vectors, old_vectors)
        store.kill_point("chunks")
        from index.bm25 import Bm25Index
        from index.vectors import VectorIndex

        VectorIndex.build(np.concatenate(parts) if parts else vectors, header["dimension"]).save(work / "vectors.faiss")
        store.kill_point("vectors")
        Bm25Index.build(all_tokens).save(work / "bm25")
        store.kill_point("bm25")
        factsdb.write_facts_db(work / "facts.sqlite", entries, [r for r, _ in fresh],
                             previous.folder / "facts.sqlite" if previous else None, tuple(e["id"] for e in kept))
        store.kill_point("facts")
        held = {a["content_hash"] for e in entries for a in e.get("alternates", ())}
        (work / "alternates.json").write_text(json.dumps(
            {h: f for h, f in sorted((figures or {}).items()) if h in held}, ensure_ascii=False), encoding="utf-8")
        manifest = {"format_version": store.FORMAT_VERSION, "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                    **header, "dictionary_hash": segmenter.hash, "chunking": CHUNKING,
                    "reader": store.reader_fingerprint(), "sequence": sequence,
                    "counts": {"reports": len(entries), "chunks": len(all_tokens)}, "reports": entries}
        store.commit(settings.home, work, manifest, previous)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    segmenter.prepare()  # so that the first question finds the dictionary ready
    timings = {"segment": segmented - started, "embed": embedded - segmented, "write": time.perf_counter() - embedded}
    return dataclasses.replace(result, reports=len(entries), chunks=len(all_tokens), new_chunks=len(todo),
                               changed=True, timings=timings)


def _embed(embedder, texts: list[str], progress: bool) -> np.ndarray:
    """The vectors of ``texts`` in their order, embedded shortest first in steps (for the progress bar).

    Sorting by length over all texts, not only inside one step, keeps each batch's padding small.
    """
    step = EMBED_BATCH * 8
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    vectors = np.zeros((len(texts), int(embedder.dim)), dtype=np.float32)
    bar = _bar(None, progress, "embedding", "chunk", total=len(texts))
    for start in range(0, len(order), step):
        rows = order[start: start + step]
        vectors[rows] = embedder.embed_passages([texts[i] for i in rows], batch_size=EMBED_BATCH)
        bar.update(len(rows))
    bar.close()
    return vectors


def _reembed(previous: store.Generation, embedder, encoder: str, progress: bool) -> np.ndarray:
    """Every chunk of ``previous`` embedded again by ``embedder``: its vectors came from another encoder
    (``manifest["encoder"]``), and vectors of two encoders are not mixed in one collection."""
    from index.records import Chunk

    count = previous.manifest["counts"]["chunks"]
    built = previous.manifest.get("encoder") or "an encoder it does not record (reportqa before ONNX ingest)"
    print(f"reportqa: the collection's {count} chunk vectors were computed by {built}; embedding them again "
          f"with {encoder} so that all vectors come from one encoder", file=sys.stderr)
    texts = []
    for line in previous.chunk_lines(0, count):
        data = json.loads(line)
        data.pop("tokens", None)
        texts.append(index_text(store.from_data(Chunk, data)))
    return _embed(embedder, texts, progress)


def _old_vectors(previous: store.Generation) -> np.ndarray:
    """The previous generation's chunk vectors, row ``i`` = chunk ``i``."""
    from index.vectors import VectorIndex

    return VectorIndex.load(previous.folder / "vectors.faiss").vectors


def _stored_chunks(previous: Optional[store.Generation], entries: Sequence[dict]) -> dict[str, tuple[list, int]]:
    """Indexed text -> (stored tokens, row of its vector) for the chunks of ``entries`` in ``previous``."""
    from index.records import Chunk

    stored: dict[str, tuple[list, int]] = {}
    for entry in entries:
        start, end = entry["chunks"]
        for row, line in enumerate(previous.chunk_lines(start, end), start):
            data = json.loads(line)
            tokens = data.pop("tokens")
            stored.setdefault(index_text(store.from_data(Chunk, data)), (tokens, row))
    return stored


def _write_chunks(work: Path, previous: Optional[store.Generation], kept: list[dict],
                  fresh: list[tuple[Report, dict]], chunks: dict, tokens: list, vectors: np.ndarray,
                  old_vectors: Optional[np.ndarray]):
    """Write chunks.jsonl, its offsets and reports/*.json; returns (entries, tokens, vector parts) in row order."""
    (work / "reports").mkdir()
    entries, all_tokens, parts, offsets = [], [], [], [0]
    old_entries = {e["id"]: e for e in previous.entries} if previous else {}
    with open(work / "chunks.jsonl", "wb") as out:
        def write(line: bytes) -> None:
            out.write(line + b"\n")
            offsets.append(offsets[-1] + len(line) + 1)

        for entry in kept:
            start, end = entry["chunks"]
            for line in previous.chunk_lines(start, end):
                write(line.encode("utf-8"))
                all_tokens.append(json.loads(line)["tokens"])
            parts.append(old_vectors[start:end])
            entries.append({**entry, "chunks": [len(all_tokens) - (end - start), len(all_tokens)]})
            name = store.report_file_name(entry["id"])
            if entry.get("alternates") == old_entries[entry["id"]].get("alternates"):
                os.link(previous.folder / "reports" / name, work / "reports" / name)
            else:
                data = previous.report_data(entry)
                data["alternates"] = [a["path"] for a in entry["alternates"]]
                (work / "reports" / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        row = 0
        for report, entry in fresh:
            start = len(all_tokens)
            for chunk in chunks[report.id]:
                data = {**store.to_data(chunk), "tokens": tokens[row]}
                write(json.dumps(data, ensure_ascii=False).encode("utf-8"))
                all_tokens.append(tokens[row])
                row += 1
            parts.append(vectors[row - len(chunks[report.id]): row])
            entries.append({**entry, "chunks": [start, len(all_tokens)]})
            (work / "reports" / store.report_file_name(report.id)).write_text(
                json.dumps(store.to_data(report), ensure_ascii=False), encoding="utf-8")
    np.save(work / "chunks.offsets.npy", np.asarray(offsets, dtype=np.int64), allow_pickle=False)
    return entries, all_tokens, parts


def _key(agency: str, year: Optional[int], content_hash: str) -> tuple:
    agency = "".join((agency or "").split())
    return (agency, year) if agency and year is not None else ("", content_hash)


def _entry(report: Report, alternates: list[dict]) -> dict:
    counts = Copy.of_report(report, 0).counts()
    return {"id": report.id, "title": report.title, "agency": report.agency, "year": report.year,
            "path": report.path, "format": report.format, "content_hash": report.content_hash,
            "tables": len(report.tables), "facts": len(report.facts),
            "failed_checks": counts["failed_checks"], "unreadable_cells": counts["unreadable_cells"],
            "keyed_facts": counts["keyed_facts"], "readable_facts": counts["readable_facts"],
            "alternates": alternates, "reader": store.reader_fingerprint()}


def _known_hashes(previous: Optional[store.Generation]) -> set[str]:
    """The content hashes of the collection's reports and their alternates (not those another reader parsed)."""
    hashes = set()
    fingerprint = store.reader_fingerprint()
    for entry in previous.entries if previous else ():
        if entry.get("reader") != fingerprint:
            continue
        hashes.add(entry["content_hash"])
        hashes.update(a["content_hash"] for a in entry.get("alternates", ()))
    return hashes


def _previous(settings: Settings, rebuild: bool) -> Optional[store.Generation]:
    """The live generation to add to (None for a first ingest or ``rebuild``); refuses a mismatched one."""
    if rebuild:
        return None
    try:
        previous = store.Generation.open(settings.home, reader=False)
    except store.NoCollection:
        return None
    store.check_model(previous.manifest, settings.home, settings.model)
    return previous


_HELD: dict[Path, list] = {}  # home -> [thread lock, depth]: the ingest locks this process holds
_HELD_GUARD = threading.Lock()


@contextmanager
def locked(home: Path) -> Iterator[None]:
    """Hold the data folder's ingest lock (one writer at a time; released by the OS if killed).

    Re-entrant within a thread (an upload holds it while it stores its file and ingests it);
    other threads of this process wait, as other processes do. Taking it clears what killed
    writers left: unfinished generation folders, files of uploads whose ingest never finished.
    """
    key = Path(os.path.abspath(home))
    with _HELD_GUARD:
        held = _HELD.setdefault(key, [threading.RLock(), 0])
    with held[0]:
        if held[1]:
            held[1] += 1
            try:
                yield
            finally:
                held[1] -= 1
            return
        home.mkdir(parents=True, exist_ok=True)
        with open(home / ".ingest.lock", "a+") as lock:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX)
            held[1] = 1
            try:
                for stale in (home / store.GENERATIONS).glob(".tmp-*"):  # left by a killed ingest
                    shutil.rmtree(stale, ignore_errors=True)
                from index.uploads import sweep_interrupted

                sweep_interrupted(home)  # files of uploads killed before their ingest finished
                yield
            finally:
                held[1] = 0
                fcntl.flock(lock.fileno(), fcntl.LOCK_UN)


def _bar(items, progress: bool, desc: str, unit: str, total: Optional[int] = None):
    from tqdm import tqdm

    return tqdm(items, desc=desc, unit=unit, total=total, disable=not progress, file=sys.stderr, leave=False)
