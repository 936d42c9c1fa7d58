"""The error every stage raises for a problem a person can act on."""
from __future__ import annotations


class ReportQAError(Exception):
    """A problem with a clear one-line message (name the file or cell, and the fix)."""


class ReportError(ReportQAError):
    """A report file that cannot be read: empty, binary junk, encrypted, scanned, unknown type."""
