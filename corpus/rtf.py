"""A report saved as Rich Text (.rtf: Word's or WPS's "save as RTF"): text, and tables as ``\\trowd …
\\cell … \\row``. ``read`` turns it into text with ``striprtf`` (the code page its header declares; a
table row becomes its cells joined by ``|``) and reads that with ``corpus.text``, each table row
written as a Markdown pipe row; the file's own bytes stay the report's identity (its content hash).
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from corpus.errors import ReportError
from corpus.files import content_hash
from corpus.records import Document

_CODEPAGE = re.compile(rb"\\ansicpg(\d+)")
_TABLE_ROW = re.compile(r"^(?:[^|\n]*\|){2,}\s*$")


def read(path: Path, data: bytes) -> Document:
    """Rich Text read as text, its table rows as Markdown pipe rows."""
    from striprtf.striprtf import rtf_to_text

    from corpus import text as text_reader

    page = _CODEPAGE.search(data[:4096])
    encoding = {"936": "gbk", "950": "big5", "65001": "utf-8"}.get(page.group(1).decode() if page else "",
                                                                  f"cp{page.group(1).decode()}" if page else "gbk")
    try:
        plain = rtf_to_text(data.decode("latin-1"), encoding=encoding, errors="replace")
    except (LookupError, ValueError, IndexError) as err:
        raise ReportError(f"{path}: the RTF cannot be read ({err}); save it as .docx or PDF") from None
    lines = ["|" + line.strip() if _TABLE_ROW.match(line) else line for line in plain.splitlines()]
    document = text_reader.read(path, "\n".join(lines).encode("utf-8"))
    return replace(document, format="rtf", content_hash=content_hash(data))
