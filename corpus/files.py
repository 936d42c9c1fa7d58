"""Open a report file: pick its reader by extension, refuse bad input with a one-line error.

``load_document(path)`` is the one door from a file to a ``Document``. The readers
(``corpus.text``, ``corpus.html``, ``corpus.pdf``, ``corpus.docx``) are imported only when a file
of their kind is read, so that opening a text report never loads PDF or DOCX libraries.
"""
from __future__ import annotations

import hashlib
from importlib import import_module
from pathlib import Path
from typing import Iterable, Iterator, Union

from corpus.errors import ReportError
from corpus.records import Document

# extension -> reader module (each has ``read(path: Path, data: bytes) -> Document``)
READERS = {
    ".txt": "corpus.text",
    ".md": "corpus.text",
    ".html": "corpus.html",
    ".htm": "corpus.html",
    ".pdf": "corpus.pdf",
    ".docx": "corpus.docx",
}
SKIPPED_NAMES = {"MANIFEST.tsv"}


def content_hash(data: bytes) -> str:
    """The sha256 hex digest of a file's raw bytes: the report's identity."""
    return hashlib.sha256(data).hexdigest()


def load_document(path: Union[str, Path]) -> Document:
    """Read one report file into a Document, with the reader its extension names.

    Raises ReportError (one line: the file, what is wrong, what to do) for a missing file, a
    folder, an unknown extension, an empty file or binary junk given as text; the readers raise
    it for what only they can see (an encrypted or scanned PDF, a broken DOCX …).
    """
    path = Path(path)
    if not path.exists():
        raise ReportError(f"{path}: no such file; check the path")
    if path.is_dir():
        raise ReportError(f"{path}: is a folder; give a report file, or use a command that "
                          "reads folders")
    module = READERS.get(path.suffix.lower())
    if module is None:
        known = ", ".join(sorted(READERS))
        raise ReportError(f"{path}: unknown file type '{path.suffix or '(none)'}'; "
                          f"reportqa reads {known}")
    try:
        data = path.read_bytes()
    except OSError as err:
        raise ReportError(f"{path}: cannot be read ({err.strerror}); check its permissions") from None
    if not data.strip():
        raise ReportError(f"{path}: empty file ({len(data)} bytes); give a report with content")
    if module == "corpus.text" and b"\x00" in data[:4096] and not data.startswith(
            (b"\xff\xfe", b"\xfe\xff")):
        raise ReportError(f"{path}: binary data (NUL bytes), not a text report; give the "
                          "report as UTF-8/GBK text, .html, .pdf or .docx")
    return import_module(module).read(path, data)


def iter_report_files(paths: Iterable[Union[str, Path]]) -> Iterator[Path]:
    """Expand folders into the report files inside them (sorted, recursive, known extensions
    only, hidden files and MANIFEST.tsv skipped); a path that is not a folder is given as is,
    so that ``load_document`` can say what is wrong with it."""
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            yield path
            continue
        for found in sorted(path.rglob("*")):
            relative = found.relative_to(path).parts
            if (found.is_file() and found.suffix.lower() in READERS
                    and found.name not in SKIPPED_NAMES
                    and not any(part.startswith(".") for part in relative)):
                yield found
