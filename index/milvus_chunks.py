"""The chunks of a scale-out collection in one Milvus collection: dense vectors, BM25, agency and year.

One entity per chunk: its id (``report:n``), report id, agency and year (scalar fields, so that
a search's filter is a Milvus filter expression applied before ranking), the chunk as JSON, its
unit vector (``FLOAT_VECTOR``, inner product) and its BM25 tokens. BM25 is Milvus' own: a ``BM25``
function turns the ``tokens`` text into a sparse vector and Milvus keeps the collection's
statistics (document frequencies, average length) as reports are added, which a client-made
sparse vector could not without a global pass. The tokens are reportqa's own jieba cut with the
domain dictionary (``index.segment``), joined by spaces; the field's analyzer only splits them
again at the spaces (``whitespace`` on a Milvus server, ``standard`` on milvus-lite, which has no
``whitespace`` tokenizer and splits the same tokens the same way), so documents and questions are
cut exactly as in the embedded store, and BM25 scores are Lucene's (k1 1.5, b 0.75) as bm25s'.

Measured on four real reports (176 chunks, 8 queries): the top 10 by BM25 were identical to the
embedded store's for 8 of 8 queries this way (Milvus' scores are bm25s' times k1 + 1, Lucene's
older numerator: the same order, and the same fused scores, which are normalised). Milvus' own
``jieba`` analyzer over the chunk text, with the domain dictionary given as its word list, gave
identical top 10s for 2 of 8 (66 of 80 chunks in common), and milvus-lite's adds those words to
the process's global jieba dictionary one by one.

Where the collection is (``MilvusLocation``): ``milvus:///path/to/file.db`` is a milvus-lite folder
in this process (one process at a time); ``milvus://host:19530`` a Milvus server. ``?collection=NAME``
names the Milvus collection (default ``reportqa_chunks``).
"""
from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Optional, Sequence
from urllib.parse import parse_qs

import numpy as np

from corpus.errors import ReportQAError
from index.sql_facts import INSTALL

log = logging.getLogger(__name__)

DEFAULT_COLLECTION = "reportqa_chunks"
MAX_VARCHAR = 65_535  # Milvus' longest VARCHAR, in bytes
INSERT_BATCH = 1_000
_NOT_WORD = re.compile(r"\W")


def token_text(tokens: Sequence[str]) -> str:
    """BM25 tokens as the text of the ``tokens`` field: joined by spaces, each kept one word for both
    analyzers (``12.3%`` becomes ``12_3_``: the standard tokenizer would split it in two, changing
    document lengths and so every score)."""
    return " ".join(_NOT_WORD.sub("_", token) for token in tokens)


def _pymilvus():
    try:
        import pymilvus
    except ImportError:
        raise ReportQAError(f"REPORTQA_STORE=milvus://… needs pymilvus (and milvus-lite for a .db file): "
                            f"{INSTALL}") from None
    return pymilvus


@dataclass(frozen=True)
class MilvusLocation:
    """Where a scale-out collection lives: the Milvus URI, the collection name and the facts database URL."""

    store: str  # REPORTQA_STORE as given
    uri: str  # what MilvusClient takes: a milvus-lite path ending in .db, or http://host:port
    lite: bool
    collection: str
    facts_url: str

    @classmethod
    def parse(cls, store: str, home: Path, facts_url: Optional[str] = None) -> "MilvusLocation":
        """Read ``REPORTQA_STORE`` (``milvus:///abs/file.db``, ``milvus://./rel.db``, ``milvus://host:19530``).

        The facts database defaults to an SQLite file beside a milvus-lite folder (``file.facts.sqlite``)
        or in ``home`` for a server. Raises ReportQAError for any other form, with the forms it reads.
        """
        forms = "REPORTQA_STORE=milvus:///path/to/milvus.db (milvus-lite) or milvus://host:19530 (a Milvus server)"
        if not store.startswith("milvus://"):
            raise ReportQAError(f"REPORTQA_STORE={store!r} is not a store reportqa knows: use {forms}, or unset it "
                                "for the collection in REPORTQA_HOME")
        rest, _, query = store[len("milvus://"):].partition("?")
        collection = (parse_qs(query).get("collection") or [DEFAULT_COLLECTION])[0]
        head = rest.split("/", 1)[0]
        lite = rest.startswith(("/", ".", "~")) or head.endswith(".db")
        if lite:
            path = Path(rest).expanduser().resolve()
            if path.suffix != ".db":
                raise ReportQAError(f"REPORTQA_STORE={store!r}: a milvus-lite store is a path ending in .db "
                                    f"(e.g. milvus://{path.with_suffix('.db')})")
            uri = str(path)
            default_facts = f"sqlite:///{path.with_suffix('.facts.sqlite')}"
        else:
            if not head or rest.strip("/") != head:
                raise ReportQAError(f"REPORTQA_STORE={store!r}: expected {forms}")
            uri = f"http://{head if ':' in head else head + ':19530'}"
            default_facts = f"sqlite:///{Path(home).expanduser().resolve() / 'facts.sqlite'}"
        return cls(store, uri, lite, collection, facts_url or default_facts)


def filter_expression(agency: Optional[str] = None, year: Optional[int] = None, report_id: Optional[str] = None,
                      ids: Optional[Sequence[str]] = None) -> str:
    """A Milvus boolean expression keeping the chunks that match every filter given ("" keeps all)."""
    quote = lambda value: json.dumps(str(value), ensure_ascii=False)  # noqa: E731 ("…" with \" and \\ escaped)
    parts = []
    if agency is not None:
        parts.append(f"agency == {quote(agency)}")
    if year is not None:
        parts.append(f"year == {int(year)}")
    if report_id is not None:
        parts.append(f"report_id == {quote(report_id)}")
    if ids is not None:
        parts.append(f"id in [{', '.join(quote(i) for i in ids)}]")
    return " and ".join(parts)


class ChunkIndex:
    """One Milvus collection of chunks: written by report, searched by vector or BM25 under a filter."""

    def __init__(self, location: MilvusLocation) -> None:
        self.location = location
        self.name = location.collection

    @cached_property
    def client(self):
        """The MilvusClient (a milvus-lite server in this process for a .db folder)."""
        pymilvus = _pymilvus()
        try:
            return pymilvus.MilvusClient(uri=self.location.uri)
        except Exception as exc:  # lite: another process holds the folder; server: unreachable
            text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            if self.location.lite and "lock" in text.lower():
                raise ReportQAError(f"the milvus-lite store {self.location.uri} is open in another process ({text}): "
                                    "milvus-lite serves one process at a time; stop the other reportqa (server or "
                                    "ingest) or run a Milvus server (REPORTQA_STORE=milvus://host:19530)") from None
            raise ReportQAError(f"cannot reach Milvus at {self.location.uri} ({text}): check REPORTQA_STORE and that "
                                "the server is running") from None

    def exists(self) -> bool:
        """Whether the Milvus collection has been created."""
        return bool(self.client.has_collection(self.name))

    @cached_property
    def searchable(self) -> bool:
        """Whether there is a collection to search: loaded into memory once per process (a collection
        opened by another process is "released" until loaded; loading a loaded one returns at once)."""
        if not self.exists():
            return False
        try:
            self.client.load_collection(self.name)
        except Exception as exc:
            # milvus-lite writes each segment's index beside it in place (no temporary file and rename):
            # a process killed while saving one leaves it torn, and every later load fails on it. The
            # indexes are derived from the segments, so they are removed and built again from them.
            if not (self.location.lite and self._drop_index_files()):
                raise
            log.warning("milvus-lite could not load %s (%s): its index files were removed and are built again "
                        "from the stored chunks", self.name, str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            self.client.load_collection(self.name)
        return True

    def _drop_index_files(self) -> int:
        """Remove this collection's milvus-lite index files (``partitions/*/indexes/*``); how many there were."""
        files = list((Path(self.location.uri) / "collections" / self.name).glob("partitions/*/indexes/*"))
        for path in files:
            path.unlink(missing_ok=True)
        return len(files)

    def dimension(self) -> Optional[int]:
        """The dimension of the stored vectors (None when there is no collection yet)."""
        if not self.exists():
            return None
        for field in self.client.describe_collection(self.name)["fields"]:
            if field["name"] == "vector":
                return int(field["params"]["dim"])
        return None

    def create(self, dim: int) -> None:
        """Create the collection and its indexes for ``dim``-dimensional vectors (nothing if it exists)."""
        if self.exists():
            return
        pymilvus = _pymilvus()
        DataType, Function, FunctionType = pymilvus.DataType, pymilvus.Function, pymilvus.FunctionType
        schema = self.client.create_schema(auto_id=False, description="reportqa chunks")
        schema.add_field("id", DataType.VARCHAR, is_primary=True, max_length=512)
        schema.add_field("report_id", DataType.VARCHAR, max_length=256)
        schema.add_field("agency", DataType.VARCHAR, max_length=1024)
        schema.add_field("year", DataType.INT64)  # -1: the report states no year
        schema.add_field("tokens", DataType.VARCHAR, max_length=MAX_VARCHAR, enable_analyzer=True,
                         analyzer_params={"tokenizer": "standard" if self.location.lite else "whitespace"})
        schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=int(dim))
        schema.add_field("data", DataType.VARCHAR, max_length=MAX_VARCHAR)
        schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["tokens"],
                                     output_field_names=["sparse"]))
        index = self.client.prepare_index_params()
        # Exact search on milvus-lite (a laptop's collection); HNSW on a server (approximate: its recall
        # against flat is the scale benchmark's to measure).
        if self.location.lite:
            index.add_index("vector", index_type="FLAT", metric_type="IP")
        else:
            index.add_index("vector", index_type="HNSW", metric_type="IP", params={"M": 16, "efConstruction": 200})
        index.add_index("sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25",
                        params={"bm25_k1": 1.5, "bm25_b": 0.75})
        for name in ("report_id", "agency", "year"):
            index.add_index(name, index_type="INVERTED")
        # The indexes apart and not waited for: pymilvus' wait polls every 0.5 s per index (2.5 s here),
        # through a call milvus-lite does not implement; loading waits for them where it must.
        self.client.create_collection(self.name, schema=schema, consistency_level="Strong")
        self.client.create_index(self.name, index, sync=False)
        self.client.load_collection(self.name)
        self.__dict__["searchable"] = True

    def drop(self) -> None:
        """Delete the collection and every chunk in it."""
        if self.exists():
            self.client.drop_collection(self.name)
        self.__dict__.pop("searchable", None)

    def insert(self, rows: Sequence[dict]) -> None:
        """Insert chunk entities (id, report_id, agency, year, tokens, vector, data)."""
        for row in rows:
            for name in ("tokens", "data"):
                if len(row[name].encode("utf-8")) > MAX_VARCHAR:
                    raise ReportQAError(f"chunk {row['id']} is too long for Milvus ({name}: over {MAX_VARCHAR} bytes): "
                                        "report it as a reportqa bug with the report file")
        for start in range(0, len(rows), INSERT_BATCH):
            self.client.insert(self.name, list(rows[start:start + INSERT_BATCH]))

    def holds(self, chunk_id: str) -> bool:
        """Whether a chunk of this id is stored (a look-up by primary key, no scan; loads the collection)."""
        return self.searchable and bool(self.client.get(self.name, ids=[chunk_id], output_fields=["id"]))

    def delete_reports(self, report_ids: Sequence[str]) -> None:
        """Delete every chunk of these reports (nothing for ids without chunks)."""
        ids = list(dict.fromkeys(report_ids))
        if ids and self.exists():
            quoted = ", ".join(json.dumps(i, ensure_ascii=False) for i in ids)
            self.client.delete(self.name, filter=f"report_id in [{quoted}]")

    def flush(self) -> None:
        """Make what was written durable (sealed segments on disk)."""
        if self.exists():
            self.client.flush(self.name)

    def dense(self, vector: np.ndarray, limit: int, expr: str) -> list[tuple[str, float, str]]:
        """The ``limit`` chunks with the highest inner product with ``vector`` among those ``expr`` keeps:
        [(id, cosine, chunk JSON)], best first."""
        if not self.searchable:
            return []
        found = self.client.search(self.name, data=[np.asarray(vector, dtype=np.float32).tolist()],
                                   anns_field="vector", limit=limit, filter=expr, output_fields=["data"],
                                   search_params={"metric_type": "IP", "params": {"ef": max(64, limit)}})
        return [(hit["id"], float(hit["distance"]), hit["entity"]["data"]) for hit in found[0]]

    def bm25(self, tokens: Sequence[str], limit: int, expr: str) -> list[tuple[str, float, str]]:
        """The ``limit`` chunks with the highest BM25 score for the query ``tokens`` among those ``expr``
        keeps, chunks without a query token left out: [(id, score, chunk JSON)], best first."""
        if not tokens or not self.searchable:
            return []
        found = self.client.search(self.name, data=[token_text(tokens)], anns_field="sparse", limit=limit,
                                   filter=expr, output_fields=["data"], search_params={"metric_type": "BM25"})
        # milvus-lite reports a BM25 score as a negative distance, a Milvus server as the score itself.
        hits = [(hit["id"], abs(float(hit["distance"])), hit["entity"]["data"]) for hit in found[0]]
        return [hit for hit in hits if hit[1] > 0]

    def vectors(self, ids: Sequence[str]) -> dict[str, np.ndarray]:
        """The stored vectors of the chunks ``ids``."""
        if not ids or not self.searchable:
            return {}
        rows = self.client.query(self.name, filter=filter_expression(ids=list(ids)), output_fields=["vector"])
        return {row["id"]: np.asarray(row["vector"], dtype=np.float32) for row in rows}
