"""Follow-ups: the question a new one is read against, from the questions asked before it.

``reportqa chat`` keeps the last understood ``Question``; the HTTP API is stateless, so a client
sends the earlier questions (``history``) and they are understood in turn, each filling in what
it leaves out (agency, year, metric) from the one before. Context goes only into a question
shaped like a follow-up (``qa.follow_up``): input that says nothing the product knows (asdfgh,
an emoji) does not inherit the last question's metric, and does not break the chain either: the
question after it is read against the last one that was understood.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable, Mapping, Optional, Sequence

from qa.question import Question, understand
from qa.years import years_by_agency

HISTORY_KEPT = 10  # earlier questions a follow-up is read against


def follow_up_context(history: Sequence[str], agencies: Sequence[str],
                      agency_years: Optional[Mapping[str, Sequence[int]]] = None, *,
                      reports: Optional[Iterable] = None) -> Optional[Question]:
    """The context for the next question of a conversation: the last ``HISTORY_KEPT`` questions of
    ``history`` (oldest first) understood in turn. ``agency_years`` (agency -> years held), or the
    collection's ``reports`` (summaries with agency and year) it is read from, places relative
    years (去年) as ``qa.answering.answer`` does. Returns None for an empty history or one of which
    nothing was understood."""
    if agency_years is None and reports is not None:
        agency_years = years_by_agency(reports)
    kept = tuple(h.strip() for h in history if h.strip())[-HISTORY_KEPT:]
    years = tuple(sorted((a, tuple(sorted(ys))) for a, ys in agency_years.items())) if agency_years else ()
    return _context(kept, tuple(agencies), years) if kept else None


def next_context(previous: Optional[Question], understood: Question) -> Optional[Question]:
    """The context after a question: the question itself, unless nothing of it was understood
    (then the one before stays the context)."""
    if understood.not_understood and not understood.agencies and not understood.years:
        return previous
    return understood


@lru_cache(maxsize=2048)
def _context(history: tuple[str, ...], agencies: tuple[str, ...],
             years: tuple[tuple[str, tuple[int, ...]], ...]) -> Optional[Question]:
    # Cached per prefix: a growing conversation costs one ``understand`` a question.
    previous = _context(history[:-1], agencies, years) if len(history) > 1 else None
    q = understand(history[-1], list(agencies), context=previous, agency_years=dict(years) or None)
    return next_context(previous, q)
