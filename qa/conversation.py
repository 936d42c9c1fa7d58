"""Follow-ups: the question a new one is read against, from the questions asked before it.

``reportqa chat`` keeps the last understood ``Question``; the HTTP API is stateless, so a client
sends the earlier questions (``history``) and they are understood in turn, each filling in what
it leaves out (agency, year, metric) from the one before.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Optional, Sequence

from qa.question import Question, understand

HISTORY_KEPT = 10  # earlier questions a follow-up is read against


def follow_up_context(history: Sequence[str], agencies: Sequence[str]) -> Optional[Question]:
    """The context for the next question of a conversation: the last ``HISTORY_KEPT`` questions of
    ``history`` (oldest first) understood in turn. Returns None for an empty history."""
    kept = tuple(h.strip() for h in history if h.strip())[-HISTORY_KEPT:]
    return _context(kept, tuple(agencies)) if kept else None


@lru_cache(maxsize=2048)
def _context(history: tuple[str, ...], agencies: tuple[str, ...]) -> Question:
    # Cached per prefix: a growing conversation costs one ``understand`` a question.
    previous = _context(history[:-1], agencies) if len(history) > 1 else None
    return understand(history[-1], list(agencies), context=previous)
