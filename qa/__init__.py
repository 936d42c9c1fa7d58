"""qa: turn a question into an answer with its figure, source, evidence and checks.

One entry point: ``qa.answer(question, collection, ...) -> Answer``. The CLI (``qa.cli``) and
the HTTP API (``server.py``) call exactly that and only translate errors.
"""
from __future__ import annotations

from qa.records import Answer

__all__ = ["Answer", "answer"]


def answer(question: str, collection, *, agency: str | None = None, year: int | None = None,
           context=None) -> Answer:
    """Answer one question from the collection. See ``qa.answering.answer``."""
    from qa.answering import answer as _answer

    return _answer(question, collection, agency=agency, year=year, context=context)
