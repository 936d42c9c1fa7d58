"""Whether a generation's files are the ones written: size and sha256 of each, recorded in the manifest.

When a generation is committed (``index.store.commit``), every stored file (chunks, offsets,
vectors, BM25 arrays, facts.sqlite, alternates.json and each ``reports/<id>.json``) gets a
record ``{"size": bytes, "sha256": hex}`` under the manifest's ``files``. They are checked at
three speeds:

- at open, sizes only (``size_problems``: one ``stat`` a file, no reading);
- whenever a report's JSON is read in full (``index.store.Generation.report_data``), its hash;
- on ``reportqa check`` and by ``/api/health`` (``Verifier``), every hash. The health check
  re-hashes only the files whose ``stat`` changed since it last hashed them (an edit changes the
  file's ctime, which no tool sets back), so a server asked every few seconds reads nothing
  until a file changes.

A manifest written before hashes were recorded (``files`` maps a name to its size alone) is
still read: its sizes are checked and ``verify`` says that no hash is recorded.
"""
from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

BLOCK = 1 << 20  # bytes hashed at a time


@dataclass(frozen=True)
class FileState:
    """One file of a generation against its manifest record."""

    name: str  # relative to the generation folder, e.g. "reports/8c5e6a0f4b95.json"
    ok: bool
    problem: str = ""  # what is wrong (damaged) or what could not be checked (ok without a hash)


def sha256_of(path: Path) -> str:
    """The sha256 of a file's bytes, read a block at a time."""
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while block := f.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()


def record(path: Path) -> dict:
    """The manifest record of a file: ``{"size": bytes, "sha256": hex}``."""
    return {"size": path.stat().st_size, "sha256": sha256_of(path)}


def stored_files(folder: Path, names: tuple[str, ...]) -> list[str]:
    """The files under ``folder`` that ``names`` (files or folders, missing ones skipped) stand for,
    as sorted relative names."""
    found = []
    for name in names:
        path = folder / name
        if path.is_dir():
            found.extend(p.relative_to(folder).as_posix() for p in path.rglob("*") if p.is_file())
        elif path.is_file():
            found.append(name)
    return sorted(found)


def expected(entry) -> tuple[int, Optional[str]]:
    """(size, sha256 or None) of a manifest ``files`` value (a bare size in manifests before hashes)."""
    if isinstance(entry, dict):
        return int(entry["size"]), entry.get("sha256")
    return int(entry), None


def size_problem(folder: Path, name: str, entry) -> Optional[str]:
    """What is wrong with the size of one file (missing, or its size and the size recorded), or None."""
    size, _ = expected(entry)
    try:
        actual = (folder / name).stat().st_size
    except OSError:
        return "missing"
    return None if actual == size else f"{actual} bytes, expected {size}"


def size_problems(folder: Path, files: dict) -> list[FileState]:
    """The files whose size is not the size recorded (missing ones too): the cheap check at open."""
    states = []
    for name, entry in files.items():
        problem = size_problem(folder, name, entry)
        if problem:
            states.append(FileState(name, False, problem))
    return states


def hash_problem(data: bytes, entry) -> Optional[str]:
    """What is wrong with bytes read in full against their record (size or sha256), or None."""
    size, sha = expected(entry)
    if len(data) != size:
        return f"{len(data)} bytes, expected {size}"
    if sha and hashlib.sha256(data).hexdigest() != sha:
        return "its sha256 differs from the one recorded (same size: changed in place)"
    return None


class Verifier:
    """Hashes a generation's files against its manifest, remembering each file's ``stat`` at its
    last hashing so that a file unchanged since is not read again. Safe to share between threads."""

    def __init__(self, folder: Path, files: dict) -> None:
        self.folder = folder
        self.files = files
        self._seen: dict[str, tuple] = {}  # name -> (stat signature, FileState) of its last hashing
        self._lock = threading.Lock()

    def verify(self) -> list[FileState]:
        """Every file of the manifest, OK or damaged, in manifest order (hashed when changed since last time)."""
        with self._lock:
            return [self._state(name, entry) for name, entry in self.files.items()]

    def damaged(self) -> list[FileState]:
        """The damaged files only."""
        return [s for s in self.verify() if not s.ok]

    def _state(self, name: str, entry) -> FileState:
        path = self.folder / name
        size, sha = expected(entry)
        try:
            st = path.stat()
        except OSError:
            return FileState(name, False, "missing")
        signature = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)
        seen = self._seen.get(name)
        if seen is not None and seen[0] == signature:
            return seen[1]
        if st.st_size != size:
            state = FileState(name, False, f"{st.st_size} bytes, expected {size}")
        elif sha is None:
            state = FileState(name, True, "size as recorded; no hash recorded (written by an older reportqa)")
        else:
            try:
                same = sha256_of(path) == sha
            except OSError as exc:
                return FileState(name, False, f"unreadable ({exc.strerror or exc})")
            state = FileState(name, True) if same else FileState(
                name, False, "its sha256 differs from the one recorded (same size: changed in place)")
        self._seen[name] = (signature, state)
        return state

