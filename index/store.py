"""The collection on disk: one data folder, plain files, replaced atomically.

Layout of ``Settings.home``::

    CURRENT                      name of the live generation (replaced atomically)
    generations/<name>/
        manifest.json            format version, model, dimension, jieba dictionary hash, chunking,
                                 reader fingerprint, file sizes, every report (content hash, the
                                 fingerprint of the reader that parsed it, chunk range, alternates)
        chunks.jsonl             one chunk a line, with its BM25 tokens
        chunks.offsets.npy       byte offset of each line (read a chunk without reading the file)
        vectors.faiss            FAISS IndexFlatIP of the chunk vectors (faiss.write_index)
        bm25/                    bm25s' own save: params and vocabulary JSON, CSC arrays .npy
        facts.sqlite             tables reports, facts, figures, checks
        reports/<id>.json        each parsed report in full
        alternates.json          the figures of each alternate copy (``index.copies``), by meaning
    cache/                       the prepared jieba dictionary
    .ingest.lock                 held by the one ingest writing

An ingest writes a whole new generation into ``generations/.tmp-*``, fsyncs it, renames it into
place and only then points ``CURRENT`` at it (write a temporary file, fsync, ``os.replace``). A
process killed at any moment leaves the previous generation live and complete. No pickles.

Every stored file has its size and sha256 in the manifest (``index.integrity``): sizes are
checked at open, a report's hash whenever it is read, every hash by ``reportqa check``. A write
that fails for want of space or permission (``StorageError``) leaves the live generation as it was.
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import signal
import sys
import sqlite3
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, fields, is_dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Iterator, Literal, Optional, Union, get_args, get_origin, get_type_hints

import numpy as np

from corpus.errors import ReportQAError
from index import integrity
from index.records import Conflict

FORMAT_VERSION = 1
CURRENT = "CURRENT"
GENERATIONS = "generations"
CHECKED_FILES = ("chunks.jsonl", "chunks.offsets.npy", "vectors.faiss", "facts.sqlite", "bm25", "alternates.json",
                 "reports")
REBUILD = "run `reportqa ingest --rebuild PATH` (PATH: your report files or folders) to build it again"


READER_SOURCES = ("*.py", "data/**/*")  # under corpus/: what decides how a report file is parsed


class NoCollection(ReportQAError):
    """There is no collection in the data folder yet."""


class CollectionDamaged(ReportQAError):
    """A file of the collection is missing, unreadable, of another size or changed since it was written.

    ``reason`` names the file and what is wrong without the data folder's path (for HTTP answers).
    """

    def __init__(self, home: Path, reason: str) -> None:
        self.reason = reason
        super().__init__(f"the collection at {home} is damaged ({reason}): {REBUILD}")


FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
DENIED = (errno.EROFS, errno.EACCES, errno.EPERM)


class StorageError(ReportQAError):
    """The data folder cannot be written: the disk is full, read-only or not ours. Nothing was changed.

    ``full`` tells a full disk (HTTP 507) from a refused write (HTTP 503); ``reason`` says it
    without the data folder's path.
    """

    def __init__(self, home: Path, code: Optional[int], detail: str = "") -> None:
        self.errno = code
        self.full = code in FULL
        name = errno.errorcode.get(code or 0, "")
        what = detail or (os.strerror(code) if code else "write failed")
        if self.full:
            problem, fix = "the disk is full", "free some space (or set REPORTQA_HOME to a folder on another disk)"
        elif code == errno.EROFS:
            problem, fix = "the file system is read-only", "make it writable or set REPORTQA_HOME to a writable folder"
        elif code in (errno.EACCES, errno.EPERM):
            problem, fix = "no permission to write there", "make it writable or set REPORTQA_HOME to a writable folder"
        else:
            problem, fix = "it cannot be written", "check the disk"
        self.reason = f"the data directory cannot be written: {problem} ({what}{', ' + name if name else ''})"
        super().__init__(f"cannot write the collection at {home}: {problem} ({what}{', ' + name if name else ''}); "
                         f"nothing was changed, the collection is as it was. {fix[0].upper() + fix[1:]}, "
                         "then run the command again")


@contextmanager
def writing(home: Path) -> Iterator[None]:
    """Turn a failed write under ``home`` (no space, read-only, no permission, I/O error) into a
    ``StorageError`` with the fix; any other error passes unchanged.

    SQLite and FAISS report a full disk in their own words: those are told by the free space left.
    """
    try:
        yield
    except StorageError:
        raise
    except OSError as exc:
        if exc.errno in FULL + DENIED + (errno.EIO,):
            raise StorageError(home, exc.errno, exc.strerror or "") from None
        raise
    except (sqlite3.OperationalError, RuntimeError) as exc:
        text = str(exc).lower()
        if "readonly" in text or "read-only" in text:
            raise StorageError(home, errno.EROFS) from None
        if "disk is full" in text or "no space" in text or ("write" in text and _free_bytes(home) < 1 << 20):
            raise StorageError(home, errno.ENOSPC) from None
        raise


def _free_bytes(home: Path) -> int:
    try:
        return shutil.disk_usage(home if home.exists() else home.parent).free
    except OSError:
        return 1 << 40


@dataclass(frozen=True)
class ReportSummary:
    """One report of the collection, as ``reportqa reports`` lists it."""

    id: str
    title: str
    agency: str
    year: Optional[int]
    path: str
    format: str
    tables: int
    facts: int
    failed_checks: int
    alternates: tuple[str, ...] = ()
    content_hash: str = ""
    alternate_reasons: tuple[str, ...] = ()  # for each alternate, why this copy was kept over it
    chosen: bool = False  # a person chose this copy (`reportqa ingest --primary FILE`)
    conflicts: tuple[Conflict, ...] = ()  # figures an alternate copy gives differently, until a person chooses

    @classmethod
    def from_entry(cls, entry: dict) -> "ReportSummary":
        """The summary of one manifest ``reports`` entry."""
        names = {f.name for f in fields(cls)}
        data = {k: v for k, v in entry.items() if k in names}
        data["alternates"] = tuple(a["path"] for a in entry.get("alternates", ()))
        data["alternate_reasons"] = tuple(a.get("why", "") for a in entry.get("alternates", ()))
        data["chosen"] = bool(entry.get("chosen"))
        data["conflicts"] = tuple(Conflict(**c) for c in entry.get("conflicts", ()))
        return cls(**data)


# ---------------------------------------------------------------- records <-> JSON


def to_data(obj: Any) -> Any:
    """A record (frozen dataclass) as plain JSON-ready data; tuples become lists."""
    if is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_data(getattr(obj, f.name)) for f in fields(obj)}
    if isinstance(obj, (tuple, list)):
        return [to_data(x) for x in obj]
    return obj


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, Any]:
    return get_type_hints(cls)


def from_data(tp: Any, data: Any) -> Any:
    """Rebuild a value of type ``tp`` (a record type, tuple, Optional, …) from ``to_data`` output."""
    if data is None:
        return None
    if is_dataclass(tp):
        hints = _hints(tp)
        return tp(**{name: from_data(hints[name], value) for name, value in data.items() if name in hints})
    origin, args = get_origin(tp), get_args(tp)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(from_data(args[0], x) for x in data)
        return tuple(from_data(a, x) for a, x in zip(args, data))
    if origin is Union or type(tp).__name__ == "UnionType":
        options = [a for a in args if a is not type(None)]
        return from_data(options[0], data) if len(options) == 1 else data
    if origin is Literal or tp is Any:
        return data
    if tp is float and isinstance(data, int):
        return float(data)
    return data


def report_file_name(report_id: str) -> str:
    """The file name of a report's JSON: the id itself when it is a safe name."""
    return (report_id if re.fullmatch(r"[\w.-]+", report_id) else uuid.uuid5(uuid.NAMESPACE_URL, report_id).hex) + ".json"


# ---------------------------------------------------------------- the report reader's version


@lru_cache(maxsize=None)
def reader_fingerprint() -> str:
    """A hash of the report reader (the source of ``corpus/*.py`` and ``corpus/data/*``), once per process.

    Stored with every report, so that reports parsed by another version of the reader are known
    (about 1 ms: some 200 kB read and hashed).
    """
    import corpus

    return source_fingerprint(Path(corpus.__file__).resolve().parent)


def source_fingerprint(root: Path) -> str:
    """A hash of the files ``READER_SOURCES`` names under ``root``: their relative paths and bytes."""
    paths = sorted({p for pattern in READER_SOURCES for p in root.glob(pattern) if p.is_file()})
    digest = hashlib.sha256()
    for path in paths:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root).as_posix()}\0{len(data)}\0".encode("utf-8"))
        digest.update(data)
    return digest.hexdigest()[:16]


def stale_entries(manifest: dict) -> list[dict]:
    """The report entries parsed by another version of the report reader (or recorded before it was stored)."""
    current = reader_fingerprint()
    return [e for e in manifest["reports"] if e.get("reader") != current]


def check_reader(manifest: dict, home: Path) -> None:
    """Refuse a collection holding reports that another version of the report reader parsed.

    Their facts and chunks may differ from what this reportqa reads in the same files.
    """
    stale = stale_entries(manifest)
    if stale:
        shown = ", ".join(e["path"] for e in stale[:3]) + (f" and {len(stale) - 3} more" if len(stale) > 3 else "")
        raise ReportQAError(
            f"the collection at {home} holds {len(stale)} of {len(manifest['reports'])} reports read by another "
            f"version of reportqa's report reader ({shown}): run `reportqa ingest PATH` again with those files "
            f"to read them anew, or {REBUILD}")


# ---------------------------------------------------------------- reading


def current_generation(home: Path) -> Path:
    """The folder of the live generation. Raises NoCollection, or ReportQAError if the pointer is damaged.

    A missing or damaged ``CURRENT`` beside complete generations is not an empty home: the newest
    complete generation is taken (and named on stderr with the fix), so that no read-only command
    ever treats a damaged pointer as "no collection" and an ingest builds on that generation
    instead of discarding it.
    """
    named, what = _pointed_at(home)
    if named is not None:
        return named
    found = newest_complete_generation(home)
    if found is None:
        if not (home / CURRENT).is_file():
            raise NoCollection(f"no collection at {home}: run `reportqa ingest PATH` (report files or folders)")
        raise CollectionDamaged(home, f"{CURRENT} {what}")
    print(f"reportqa: the collection at {home} is damaged ({CURRENT} {what}); reading the newest complete "
          f"generation {found.name}. The next `reportqa ingest` points {CURRENT} at it again.", file=sys.stderr)
    return found


def pointer_damage(home: Path) -> Optional[str]:
    """Why ``CURRENT`` does not name the generation read (missing, or naming a missing folder), said
    without the server's path; None when it names a generation that exists or no generation exists."""
    named, what = _pointed_at(home)
    found = newest_complete_generation(home) if named is None else None
    if found is None:
        return None
    return (f"{CURRENT} {what}: the newest complete generation {found.name} is read; the next `reportqa ingest` "
            f"points {CURRENT} at it again")


def _pointed_at(home: Path) -> tuple[Optional[Path], str]:
    """The generation folder ``CURRENT`` names when it exists, else None and what is wrong with the
    pointer ("is missing", "names a missing folder 'g…'")."""
    pointer = home / CURRENT
    name = pointer.read_text(encoding="utf-8", errors="replace").strip() if pointer.is_file() else ""
    folder = home / GENERATIONS / name
    if name and "/" not in name and folder.is_dir():
        return folder, ""
    return None, "is missing" if not pointer.is_file() else f"names a missing folder {name!r}"


def newest_complete_generation(home: Path) -> Optional[Path]:
    """The newest generation folder whose manifest names itself and is readable JSON, or None."""
    root = home / GENERATIONS
    best = None
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        try:
            manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(manifest, dict) and manifest.get("generation") == folder.name:
            best = folder  # names are g<timestamp>-<random>: sorted order is age order
    return best


def read_manifest(folder: Path, sizes: bool = True) -> dict:
    """The manifest of a generation folder, checked: format version, dictionary, files present and
    of their recorded sizes (``sizes``; ``reportqa check`` hashes them instead).

    Raises ReportQAError saying how to rebuild when anything is missing, damaged or of another version.
    """
    from index.segment import dictionary_hash

    home = folder.parent.parent
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        version, reports, files = manifest["format_version"], manifest["reports"], manifest["files"]
        manifest["model"], manifest["dimension"], manifest["dictionary_hash"]
    except FileNotFoundError:
        raise CollectionDamaged(home, "manifest.json is missing") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise CollectionDamaged(home, f"manifest.json unreadable: {exc}") from None
    if version != FORMAT_VERSION:
        raise ReportQAError(f"the collection at {home} has format version {version}; this reportqa reads "
                            f"version {FORMAT_VERSION}: {REBUILD}")
    if manifest["dictionary_hash"] != dictionary_hash():
        raise ReportQAError(f"the collection at {home} was cut into words with another jieba dictionary "
                            f"({manifest['dictionary_hash']}, now {dictionary_hash()}): {REBUILD}")
    if not isinstance(files, dict):
        raise CollectionDamaged(home, "manifest.json has no file list")
    wrong = integrity.size_problems(folder, files) if sizes else []
    if wrong:
        more = f", and {len(wrong) - 1} more file(s)" if len(wrong) > 1 else ""
        raise CollectionDamaged(home, f"{wrong[0].name} is {wrong[0].problem}{more}; `reportqa check` lists them")
    if not isinstance(reports, list):
        raise CollectionDamaged(home, "manifest.json has no report list")
    return manifest


def check_model(manifest: dict, home: Path, model_setting: str) -> None:
    """Refuse a collection built with another embedding model than ``model_setting`` (REPORTQA_MODEL)."""
    built = manifest.get("model_setting", manifest["model"])
    if built != model_setting:
        raise ReportQAError(
            f"the collection at {home} was built with the embedding model {built!r}, but REPORTQA_MODEL is "
            f"{model_setting!r}: set REPORTQA_MODEL={built} or {REBUILD} with the new model")


def check_embedder(manifest: dict, home: Path, embedder) -> None:
    """Refuse an embedder whose name or dimension differs from the one that built the collection."""
    if embedder.name != manifest["model"] or int(embedder.dim) != int(manifest["dimension"]):
        raise ReportQAError(
            f"the collection at {home} holds {manifest['dimension']}-dimensional vectors of {manifest['model']!r}; "
            f"the model now configured is {embedder.name!r} ({embedder.dim} dimensions): {REBUILD}")


class Generation:
    """One committed generation folder, read lazily: manifest first, the indexes on first use."""

    def __init__(self, folder: Path, manifest: dict) -> None:
        self.folder = folder
        self.manifest = manifest
        self.entries: list[dict] = manifest["reports"]

    @classmethod
    def open(cls, home: Path, reader: bool = True) -> "Generation":
        """The live generation of ``home``, its manifest checked. Raises NoCollection or ReportQAError.

        ``reader``: also refuse reports parsed by another version of the report reader (an ingest,
        which reads them anew, opens without this check).
        """
        folder = current_generation(home)
        manifest = read_manifest(folder)
        if reader:
            check_reader(manifest, home)
        return cls(folder, manifest)

    def damaged(self, what: str) -> CollectionDamaged:
        """The error for a damaged file of this generation."""
        return CollectionDamaged(self.folder.parent.parent, what)

    @cached_property
    def verifier(self) -> integrity.Verifier:
        """Checks every file's hash against the manifest (re-hashing only files changed since)."""
        return integrity.Verifier(self.folder, self.manifest["files"])

    def damage(self) -> Optional[CollectionDamaged]:
        """The damage of this generation as one error (every file's hash checked), or None when whole."""
        bad = self.verifier.damaged()
        if not bad:
            return None
        more = f", and {len(bad) - 1} more file(s)" if len(bad) > 1 else ""
        return self.damaged(f"{bad[0].name}: {bad[0].problem}{more}; `reportqa check` lists them")

    @cached_property
    def offsets(self) -> np.ndarray:
        """Byte offsets of the chunk lines (one more than there are chunks)."""
        offsets = np.load(self.folder / "chunks.offsets.npy", allow_pickle=False)
        if len(offsets) != self.manifest["counts"]["chunks"] + 1:
            raise self.damaged("chunks.offsets.npy does not match the manifest")
        return offsets

    def chunk_lines(self, start: int, end: int) -> list[str]:
        """The JSON lines of chunks ``start`` to ``end`` (exclusive)."""
        if end <= start:
            return []
        offsets = self.offsets
        with open(self.folder / "chunks.jsonl", "rb") as f:
            f.seek(int(offsets[start]))
            blob = f.read(int(offsets[end] - offsets[start]))
        return blob.decode("utf-8").splitlines()

    def chunk_data(self, row: int) -> dict:
        """Chunk ``row`` as stored (the Chunk fields plus ``tokens``)."""
        try:
            return json.loads(self.chunk_lines(row, row + 1)[0])
        except (ValueError, IndexError) as exc:
            raise self.damaged(f"chunk {row} of chunks.jsonl unreadable: {exc}") from None

    def report_data(self, entry: dict) -> dict:
        """The stored JSON of one report entry (its hash checked against the manifest)."""
        return self.stored_json(f"reports/{report_file_name(entry['id'])}")

    def stored_json(self, name: str, default: Any = None) -> Any:
        """A JSON file of this generation, read in full and checked against its manifest record.

        ``default`` is returned for a file the manifest does not record (written by an older
        reportqa) when given; raises CollectionDamaged when it is missing, changed or unreadable.
        """
        if default is not None and name not in self.manifest["files"]:
            return default
        try:
            data = (self.folder / name).read_bytes()
        except OSError as exc:
            raise self.damaged(f"{name} unreadable: {exc.strerror or exc}") from None
        recorded = self.manifest["files"].get(name)
        problem = integrity.hash_problem(data, recorded) if recorded is not None else None
        if problem:
            raise self.damaged(f"{name}: {problem}")
        try:
            return json.loads(data.decode("utf-8"))
        except ValueError as exc:
            raise self.damaged(f"{name} unreadable: {exc}") from None

    def connect(self) -> sqlite3.Connection:
        """A read-only connection to facts.sqlite (the file never changes once committed)."""
        path = self.folder / "facts.sqlite"
        return sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True, check_same_thread=False)


# ---------------------------------------------------------------- writing


def kill_point(step: str) -> None:
    """Test hook: ``REPORTQA_TEST_KILL_AT=<step>`` SIGKILLs this process at that step of a commit."""
    if os.environ.get("REPORTQA_TEST_KILL_AT") == step:
        os.kill(os.getpid(), signal.SIGKILL)


def fsync_tree(folder: Path) -> None:
    """fsync every file and folder under ``folder`` (and the folder itself)."""
    for root, dirs, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        fsync_dir(Path(root))


def fsync_dir(folder: Path) -> None:
    """fsync a folder, so that renames inside it are durable."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def new_work_folder(home: Path) -> Path:
    """A fresh temporary folder for the next generation (under generations/, same file system)."""
    folder = home / GENERATIONS / f".tmp-{uuid.uuid4().hex[:12]}"
    folder.mkdir(parents=True)
    return folder


def commit(home: Path, work: Path, manifest: dict, previous: Optional["Generation"] = None) -> Path:
    """Make ``work`` (every file but the manifest written) the live generation; returns its folder.

    Records each file's size and sha256 in the manifest (a file hard-linked from the ``previous``
    generation keeps the record it had there: the same inode, not read again), writes it, fsyncs,
    renames the folder into place, switches ``CURRENT`` atomically and removes generations older
    than the one it replaces. A failure before the switch removes the new folder and leaves the
    live generation as it was.
    """
    manifest["files"] = {}
    for name in integrity.stored_files(work, CHECKED_FILES):
        path = work / name
        old = previous.manifest["files"].get(name) if previous is not None else None
        if isinstance(old, dict) and old.get("sha256") and _same_file(path, previous.folder / name):
            manifest["files"][name] = old
        else:
            manifest["files"][name] = integrity.record(path)
    name = time.strftime("g%Y%m%dT%H%M%S") + f"-{uuid.uuid4().hex[:6]}"
    manifest["generation"] = name
    (work / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    kill_point("manifest")
    fsync_tree(work)
    final = home / GENERATIONS / name
    os.rename(work, final)
    pointer = home / f".{CURRENT}.tmp"
    try:
        fsync_dir(final.parent)
        kill_point("renamed")
        previous = (home / CURRENT).read_text(encoding="utf-8").strip() if (home / CURRENT).is_file() else None
        with open(pointer, "w", encoding="utf-8") as f:
            f.write(name + "\n")
            f.flush()
            os.fsync(f.fileno())
        os.replace(pointer, home / CURRENT)
    except BaseException:  # not switched: the new generation is not live, and is not left behind
        shutil.rmtree(final, ignore_errors=True)
        pointer.unlink(missing_ok=True)
        raise
    fsync_dir(home)
    kill_point("switched")
    remove_old_generations(home, keep={name, previous})
    return final


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def remove_old_generations(home: Path, keep: set) -> None:
    """Delete generation folders not in ``keep`` and unfinished ``.tmp-*`` folders (call under the ingest lock).

    The generation just replaced is kept, so that a process still reading it lazily finds its files.
    """
    root = home / GENERATIONS
    for folder in root.iterdir() if root.is_dir() else ():
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
