"""Chinese word segmentation for BM25: jieba with the domain dictionary, fast to start.

jieba's prefix dictionary (about 500,000 entries) takes about a second to load, which would eat
half of ``reportqa ask``'s start-up budget. So the dictionary, with the domain terms of
``data/dictionary.txt`` already added, is kept once in a small SQLite file under the cache folder
(``<REPORTQA_HOME>/cache/jieba-<hash>.sqlite``). Ingest loads it whole into memory (fast cutting
of long texts); a question looks up only the few words it needs (``for_queries=True``): the same
dictionary and the same algorithm, so a question is cut exactly as the documents were, in
milliseconds instead of a second.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import sqlite3
import tempfile
import threading
import unicodedata
from pathlib import Path
from typing import Optional

import jieba

DICTIONARY = Path(__file__).parent / "data" / "dictionary.txt"

jieba.setLogLevel(logging.WARNING)


def dictionary_hash(dictionary: Optional[Path] = DICTIONARY) -> str:
    """A short hash of the domain dictionary and the jieba version: what decides how text is cut.

    The manifest records it; an index cut with another dictionary is refused.
    """
    digest = hashlib.sha256(f"jieba {jieba.__version__}\n".encode())
    if dictionary is not None:
        digest.update(Path(dictionary).read_bytes())
    return digest.hexdigest()[:16]


def default_cache_dir() -> Path:
    """Where the prepared dictionary lives when no collection folder is given: the system temp folder."""
    return Path(tempfile.gettempdir()) / "reportqa-cache"


class _LookupFreq:
    """jieba's ``FREQ`` mapping, answered word by word from the SQLite file (memoised)."""

    def __init__(self, path: Path) -> None:
        self._db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self._memo: dict[str, Optional[int]] = {}
        self._lock = threading.Lock()

    def get(self, word: str, default=None):
        try:
            value = self._memo[word]
        except KeyError:
            with self._lock:
                row = self._db.execute("SELECT n FROM freq WHERE word = ?", (word,)).fetchone()
            value = self._memo[word] = row[0] if row else None
        return default if value is None else value

    def __contains__(self, word: str) -> bool:
        return self.get(word) is not None

    def __getitem__(self, word: str) -> int:
        value = self.get(word)
        if value is None:
            raise KeyError(word)
        return value


class Segmenter:
    """jieba with the domain dictionary, loaded once on first use and kept on this object.

    ``cut(text)`` gives jieba's words; ``tokens(text)`` gives the BM25 tokens (search-engine cut,
    NFKC and lower case, punctuation and spaces dropped, numbers kept). ``dictionary=None`` cuts
    with jieba's own dictionary only (to show what the domain dictionary changes).
    """

    def __init__(self, cache_dir: Optional[Path] = None, *, dictionary: Optional[Path] = DICTIONARY,
                 for_queries: bool = False) -> None:
        self.cache_dir = Path(cache_dir) if cache_dir is not None else default_cache_dir()
        self.dictionary = Path(dictionary) if dictionary is not None else None
        self.hash = dictionary_hash(self.dictionary)
        self.for_queries = for_queries
        self._tokenizer: Optional[jieba.Tokenizer] = None
        self._lock = threading.Lock()

    @property
    def prepared_path(self) -> Path:
        """The SQLite file holding this dictionary's prefix table."""
        return self.cache_dir / f"jieba-{self.hash}.sqlite"

    @property
    def tokenizer(self) -> jieba.Tokenizer:
        """The jieba.Tokenizer (not jieba's global one), initialised on first use."""
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    self._tokenizer = self._load()
        return self._tokenizer

    def prepare(self) -> Path:
        """Make sure the prepared dictionary file exists (built once, about 3 s); returns its path."""
        path = self.prepared_path
        if not path.is_file():
            self._build()
        return path

    def cut(self, text: str) -> list[str]:
        """jieba's precise cut of ``text`` (HMM on), words as printed."""
        return self.tokenizer.lcut(text)

    def tokens(self, text: str) -> list[str]:
        """The BM25 tokens of ``text``: search-engine cut (long terms and their parts), no punctuation."""
        text = unicodedata.normalize("NFKC", text).lower()
        return [t for t in self.tokenizer.cut_for_search(text) if any(ch.isalnum() for ch in t)]

    # ---------------------------------------------------------------- loading

    def _load(self) -> jieba.Tokenizer:
        path = self.prepared_path
        for _ in range(2):
            if not path.is_file():
                self._copy_shared()
            if not path.is_file():
                try:
                    return self._build()
                except OSError:
                    return self._fresh_tokenizer()  # no writable cache: cut without one, just slower
            try:
                return self._from_prepared(path)
            except sqlite3.DatabaseError:  # a damaged cache file: take or build another
                path.unlink(missing_ok=True)
        return self._build()

    def _from_prepared(self, path: Path) -> jieba.Tokenizer:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (total,) = db.execute("SELECT value FROM meta WHERE key = 'total'").fetchone()
            freq = _LookupFreq(path) if self.for_queries else dict(db.execute("SELECT word, n FROM freq"))
        finally:
            db.close()
        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, int(total), True
        return tokenizer

    def _copy_shared(self) -> None:
        """Take the prepared file from the shared temp cache when another data folder built it already."""
        shared = default_cache_dir() / self.prepared_path.name
        if shared == self.prepared_path or not shared.is_file():
            return
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".jieba-", suffix=".sqlite")
            os.close(fd)
            shutil.copyfile(shared, tmp)
            os.replace(tmp, self.prepared_path)
        except OSError:
            pass

    def _fresh_tokenizer(self) -> jieba.Tokenizer:
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()  # jieba keeps its own cache of its dictionary in the temp folder
        if self.dictionary is not None:
            tokenizer.load_userdict(str(self.dictionary))
        return tokenizer

    def _build(self) -> jieba.Tokenizer:
        """Build the tokenizer from jieba's dictionary plus ours, and write the prepared file atomically."""
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        tokenizer = self._fresh_tokenizer()
        fd, tmp = tempfile.mkstemp(dir=self.cache_dir, prefix=".jieba-", suffix=".sqlite")
        os.close(fd)
        try:
            db = sqlite3.connect(tmp)
            db.execute("CREATE TABLE freq (word TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID")
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.executemany("INSERT INTO freq VALUES (?, ?)", tokenizer.FREQ.items())
            db.executemany("INSERT INTO meta VALUES (?, ?)",
                           [("total", str(tokenizer.total)), ("dictionary_hash", self.hash)])
            db.commit()
            db.close()
            shared = default_cache_dir() / self.prepared_path.name
            if shared != self.prepared_path and not shared.exists():
                try:  # other data folders (tests, a second home) start from it
                    shared.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(tmp, shared.with_suffix(".tmp"))
                    os.replace(shared.with_suffix(".tmp"), shared)
                except OSError:
                    pass
            os.replace(tmp, self.prepared_path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        if self.for_queries:
            return self._from_prepared(self.prepared_path)
        return tokenizer
