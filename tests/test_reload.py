"""A reloaded collection frees the old one: the answering state must not keep its collection alive
(a server reloads after every upload and every CLI ingest into the home it serves)."""
from __future__ import annotations

import gc
import weakref

from index.collection import open_collection
from index.model import FakeEmbedder
from qa import answer
from qa.plan import state_of


def _rss_kib() -> int:
    with open("/proc/self/status", encoding="ascii") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))


def _use_once(settings) -> weakref.ref:
    col = open_collection(settings, embedder=FakeEmbedder(32))
    ans = answer("平潭综合实验区2024年收到多少政府信息公开申请？", col)
    assert ans.status == "answered"
    col.search("行政复议", 5)  # loads the vector and BM25 indexes too
    assert state_of(col) is state_of(col)  # cached while the collection lives
    return weakref.ref(col)


def test_a_dropped_collection_is_freed_with_its_answering_state(sample_settings):
    ref = _use_once(sample_settings)
    gc.collect()
    assert ref() is None


def test_twenty_reloads_do_not_grow_memory(sample_settings):
    _use_once(sample_settings)
    gc.collect()
    after_one = _rss_kib()
    for _ in range(20):
        _use_once(sample_settings)
    gc.collect()
    grown = _rss_kib() - after_one
    assert grown < 40 * 1024, f"RSS grew by {grown} KiB over 20 reloads"
