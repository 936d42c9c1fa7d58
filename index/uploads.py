"""Uploaded report files: stored in the data folder, ingested, and never left there unrecorded.

An upload's bytes are kept as ``uploads/<sha256[:24]>/<name>`` (the client's file name, its last
component only), so that ``GET /api/reports/{id}/file`` gives the original back. Under the ingest
lock (``index.ingest.locked``: one writer at a time, across processes) an upload

1. clears what an interrupted upload left (as every ingest does when it takes the lock): a
   ``.pending`` marker names a file whose ingest did not finish (the process was killed); that
   file goes unless the live collection holds it (as a report or an alternate copy), then the marker;
2. writes its marker, then the file (under a temporary name, renamed when whole);
3. ingests the file;
4. removes the file when it did not become part of the collection (unreadable, no report, or
   bytes the collection already holds under another name), then the marker.

A write that fails for want of space or permission removes what it wrote and raises
``StorageError`` (nothing changed).
"""
from __future__ import annotations

import hashlib
import json
import os
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

from corpus.errors import ReportQAError
from index import store
from index.ingest import IngestResult, ingest, locked
from index.settings import Settings

UPLOADS = "uploads"
PENDING = ".pending"  # in an upload's folder while its file is being ingested: the file's name


@dataclass(frozen=True)
class Upload:
    """What became of one uploaded file."""

    path: Path  # where its bytes are (or were) kept
    result: IngestResult
    held: bool  # the collection holds the file now (a report or an alternate copy)
    refusal: Optional[str] = None  # why it is no report (unreadable, or kept out), with its name for the path


def ingest_upload(data: bytes, name: str, settings: Settings, embedder=None) -> Upload:
    """Store an uploaded file's bytes under ``settings.home`` and ingest them.

    ``name`` is the client's file name reduced to its last component. Returns the ``Upload``;
    raises StorageError when the data folder cannot be written (what was written is removed) and
    ReportQAError when the collection cannot be added to. The file is never left behind when it
    did not become part of the collection.
    """
    home = settings.home
    with store.writing(home), locked(home):  # taking the lock clears what killed uploads left
        folder = home / UPLOADS / hashlib.sha256(data).hexdigest()[:24]
        folder.mkdir(parents=True, exist_ok=True)
        earlier = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
        path = earlier[0] if earlier else folder / (name.lstrip(".") or "upload")
        marker = folder / PENDING
        created = not path.exists()
        try:
            if created:
                _write(marker, path.name.encode("utf-8"))  # before the file: a kill after this is cleared
                _write(path, data)
            result = ingest([path], settings, progress=False, embedder=embedder)
        except BaseException:
            if created:
                path.unlink(missing_ok=True)
            marker.unlink(missing_ok=True)
            _remove_if_empty(folder)
            raise
        held = _real(path) in held_paths(home)
        if created and not held:
            path.unlink(missing_ok=True)
        marker.unlink(missing_ok=True)
        _remove_if_empty(folder)
    refusals = [reason for _, reason in result.failed] + [reason for _, reason in result.kept_out]
    refusal = "; ".join(r.replace(str(path), name) for r in refusals) or None
    if refusal and name not in refusal:
        refusal = f"{name}: {refusal}"
    return Upload(path, result, held, refusal)


def sweep_interrupted(home: Path) -> list[Path]:
    """Remove the files of uploads whose ingest never finished (a ``.pending`` marker beside them)
    that the live collection does not hold, and the markers; returns the files removed. Call under
    the ingest lock."""
    markers = sorted((home / UPLOADS).glob(f"*/{PENDING}"))
    if not markers:
        return []
    held = held_paths(home)
    removed = []
    for marker in markers:
        folder = marker.parent
        leftovers = [p for p in folder.iterdir() if p.name.startswith(".") and p.name.endswith(".part")]
        try:
            named = folder / marker.read_text(encoding="utf-8").strip()
        except (OSError, ValueError):
            named = None
        for path in ([named] if named is not None and named.parent == folder else []) + leftovers:
            if path.is_file() and _real(path) not in held:
                path.unlink(missing_ok=True)
                removed.append(path)
        marker.unlink(missing_ok=True)
        _remove_if_empty(folder)
    return removed


def held_paths(home: Path) -> set[str]:
    """The real paths of every file the live collection holds: its reports' and their alternates'."""
    try:
        folder = store.current_generation(home)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (ReportQAError, OSError, ValueError):
        return set()
    paths = set()
    for entry in manifest.get("reports", ()):
        paths.add(_real(Path(entry["path"])))
        paths.update(_real(Path(a["path"])) for a in entry.get("alternates", ()))
    return paths


def upload_message(upload: Upload, name: str, reports: Sequence) -> tuple[list, str]:
    """The reports an upload added (summaries from ``reports``) and one message about it, which
    names files only, never a path of the server."""
    result = upload.result
    added_paths = {_real(Path(p)) for p in result.added + result.reread}
    added = [r for r in reports if _real(Path(r.path)) in added_paths]
    stored = _real(upload.path)
    if added:
        message = f"{name}: added as {added[0].agency} {added[0].year or ''}".rstrip()
    elif result.alternates:
        home_of = [r for r in reports if stored in {_real(Path(a)) for a in r.alternates}]
        copy_of = f" of {home_of[0].agency} {home_of[0].year or ''}".rstrip() if home_of else ""
        message = f"{name}: another copy{copy_of}, already in the collection; recorded as an alternate"
    else:
        message = f"{name}: nothing new (the same report is already in the collection)"
    notes = [line for _, line in result.copies] + [line for _, line in result.conflicts]
    if notes:
        message += ". " + ". ".join(line.replace(upload.path.name, name) for line in notes)
    return added, message


def _write(path: Path, data: bytes) -> None:
    """Write a file whole or not at all (a temporary name, fsynced, then renamed)."""
    part = path.parent / f".{uuid.uuid4().hex[:12]}.part"
    try:
        with open(part, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise


def _remove_if_empty(folder: Path) -> None:
    try:
        folder.rmdir()
    except OSError:  # not empty (an upload held there), or already gone
        pass


def _real(path: Path) -> str:
    return os.path.realpath(path)
