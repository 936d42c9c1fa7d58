"""CSV that spreadsheets open safely and correctly: the one writer of every CSV the doors return.

- UTF-8 with a BOM, so that Excel on a Chinese Windows does not read the text as mojibake;
- counts that are whole numbers written as integers (``23``, not ``23.0``), booleans as ``true``/``false``;
- every text cell that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return: OWASP's CSV-injection rule) prefixed with ``'``, since report text,
  titles and file names come from files anyone can upload.
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Sequence

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value: Any) -> Any:
    """One value as it should stand in a spreadsheet cell (see the module docstring)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return int(value) if value.is_integer() else value
    if isinstance(value, int):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """The CSV document (BOM first) of ``header`` and ``rows``, every cell passed through ``cell``."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([cell(h) for h in header])
    for row in rows:
        writer.writerow([cell(v) for v in row])
    return BOM + out.getvalue()
