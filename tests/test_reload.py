"""A reloaded collection frees the old one: the answering state must not keep its collection alive
(a server reloads after every upload and every CLI ingest into the home it serves)."""
from __future__ import annotations

import gc
import weakref

import numpy as np
import pytest

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


def test_the_answering_state_keeps_the_last_reports_used_and_lists_none(sample_settings, monkeypatch):
    import qa.plan

    monkeypatch.setattr(qa.plan, "REPORTS_KEPT", 1)
    col = open_collection(sample_settings, embedder=FakeEmbedder(32))
    held = [(r.agency, r.year) for r in col.reports() if r.agency and r.year and r.tables]
    assert len(held) >= 2
    for agency, year in held:
        assert answer(f"{agency}{year}年收到多少政府信息公开申请？", col).status != "not_understood"
    st = state_of(col)
    assert not hasattr(st, "infos")  # reports are looked up in the collection, never listed per process
    assert len(st._reports) == len(st._cands) == 1  # only the last report used stays parsed


def test_twenty_reloads_do_not_grow_memory(sample_settings):
    _use_once(sample_settings)
    gc.collect()
    after_one = _rss_kib()
    for _ in range(20):
        _use_once(sample_settings)
    gc.collect()
    grown = _rss_kib() - after_one
    assert grown < 40 * 1024, f"RSS grew by {grown} KiB over 20 reloads"


# ---------------------------------------------------------------- uploads to a server

AGENCY_MARKS = "甲乙丙丁戊己庚辛壬癸"


def _variant(number: int) -> tuple[str, bytes]:
    """The seed report filed under another agency: (agency, file bytes)."""
    from tests.conftest import SEED

    agency = f"上海市测试{AGENCY_MARKS[number // 10]}{AGENCY_MARKS[number % 10]}局"
    text = next(SEED.glob("*.txt")).read_text(encoding="utf-8")
    return agency, text.replace("上海市人力资源和社会保障局", agency).encode("utf-8")


_UPLOADING_FAKE_SERVER = """
import gc, json, sys
from pathlib import Path
from index.collection import Collection
from index.settings import Settings
from tests.served import FAKE_MODEL, served
from tests.test_reload import _rss_kib, _variant

def main():
    home, first, last = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    with served(home, token="t") as client:
        for number in range(first, last + 1):
            agency, data = _variant(number)
            res = client.post("/api/reports", files={"file": (agency + "_2011.txt", data)},
                              headers={"Authorization": "Bearer t"})
            assert res.status_code == 200 and res.json()["added"], res.text
        for number in range(last + 1):  # every report answered: each one's answering state built
            answer = client.post("/api/ask", json={"question": _variant(number)[0] + "2011年电子邮件申请数是多少？"})
            assert answer.json()["status"] == "answered", answer.text
        reports = client.get("/api/health").json()["reports"]
        gc.collect()
        alive = sum(1 for o in gc.get_objects() if isinstance(o, Collection))
        print(json.dumps({"rss": _rss_kib(), "alive": alive, "reports": reports}))

if __name__ == "__main__":
    main()
"""


def _serve_and_upload(home, first: int, last: int, script) -> dict:
    """Run a server over ``home`` in a process of its own, upload the variants ``first``..``last``, ask
    of every report; its RSS (KiB), the Collection objects alive and the reports held."""
    import json
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, str(script), str(home), str(first), str(last)], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_thirteen_uploads_cost_a_server_no_more_than_the_reports_they_add(tmp_path):
    """Each upload reloads the collection: the old ones are freed. A server that took 13 uploads
    holds about the memory of one that took one upload into a home already holding the other 12
    (the growth left is the reports' own, which both hold: ~2.5 MiB a small report)."""
    from index.ingest import ingest
    from index.settings import Settings
    from tests.conftest import SEED
    from tests.served import FAKE_MODEL

    script = tmp_path / "uploading_server.py"
    script.write_text(_UPLOADING_FAKE_SERVER, encoding="utf-8")
    uploaded, held = tmp_path / "uploaded" / "home", tmp_path / "held" / "home"
    ingest([SEED], Settings(home=uploaded, model=FAKE_MODEL), progress=False)
    files = tmp_path / "held" / "files"
    files.mkdir(parents=True)
    for number in range(12):
        agency, data = _variant(number)
        (files / f"{agency}_2011.txt").write_bytes(data)
    ingest([SEED, files], Settings(home=held, model=FAKE_MODEL), progress=False)
    after_thirteen = _serve_and_upload(uploaded, 0, 12, script)
    after_one = _serve_and_upload(held, 12, 12, script)
    assert after_thirteen["reports"] == after_one["reports"] == 14
    assert after_thirteen["alive"] <= 2, after_thirteen  # the one served, and at most the one before
    grown = after_thirteen["rss"] - after_one["rss"]
    assert grown < 24 * 1024, f"13 uploads: {after_thirteen['rss']} KiB; 1 upload over the same reports: {after_one['rss']} KiB"


def test_passage_batches_give_back_onnxruntimes_arena():
    """The warm query session embeds uploads too: its CPU arena must not keep the memory of the largest
    passage batch (it did: +630 MiB held for good after one 42-passage upload)."""
    from index.onnx_model import OnnxEmbedder

    class Session:  # records the run options of each run
        def __init__(self):
            self.options = []

        def run(self, outputs, feeds, run_options=None):
            self.options.append(run_options)
            return [np.zeros((feeds["input_ids"].shape[0], 4), dtype=np.float32)]

    embedder = OnnxEmbedder.__new__(OnnxEmbedder)
    embedder.__dict__.update(_session=Session(), _tokenizer=_Tokenizer(), _pad=1, dim=4)
    embedder._shrink_arena = object()
    embedder.embed_passages([str(i) * (i + 1) for i in range(7)], batch_size=3)
    assert embedder._session.options == [None, None, embedder._shrink_arena]  # the last batch shrinks the arena
    embedder.embed_query("问")
    assert embedder._session.options[-1] is None  # queries keep it


class _Tokenizer:
    class _Encoding:
        def __init__(self, text):
            self.ids = [2] * len(text)

    def encode(self, text):
        return self._Encoding(text)

    def encode_batch(self, texts):
        return [self._Encoding(t) for t in texts]


_UPLOADING_SERVER = """
import gc, json, sys
from pathlib import Path
from fastapi.testclient import TestClient
import server
from index.onnx_model import OnnxQueryEmbedder
from index.settings import Settings
from tests.test_reload import _rss_kib

def main():
    text = Path(sys.argv[2]).read_text(encoding="utf-8")
    with TestClient(server.create_app(Settings(home=Path(sys.argv[1])))) as client:
        assert isinstance(client.app.state.query_embedder, OnnxQueryEmbedder)
        for _ in range(3):
            client.post("/api/ask", json={"question": "平潭综合实验区2011年行政复议总计多少件？"})
        gc.collect()
        rss = [_rss_kib()]
        for agency in ("平潭综合实验区甲局", "平潭综合实验区乙局", "平潭综合实验区丙局"):
            res = client.post("/api/reports", headers={"Authorization": "Bearer t"}, files={
                "file": (f"{agency}_2019.txt", text.replace("平潭综合实验区", agency).encode("utf-8"))})
            assert res.status_code == 200 and res.json()["added"], res.text
            gc.collect()
            rss.append(_rss_kib())
    print(json.dumps(rss))

if __name__ == "__main__":
    main()
"""


@pytest.mark.slow
def test_uploads_through_the_onnx_model_leave_memory_where_it_was(home, tmp_path):
    """With the real model, in a server process of its own: memory after each of three uploads of a
    42-passage report stays within a small bound of the memory before the first (onnxruntime's
    arena kept the largest batch's +630 MiB for good)."""
    import json
    import os
    import subprocess
    import sys

    from index.ingest import ingest
    from index.model import ensure_model
    from index.settings import Settings
    from tests.conftest import REAL, ROOT

    settings = Settings(home=home)
    ensure_model(settings)  # once per machine
    ingest([REAL / "平潭综合实验区_2011.txt"], settings, progress=False)
    script = tmp_path / "uploading_server.py"
    script.write_text(_UPLOADING_SERVER, encoding="utf-8")
    env = dict(os.environ, REPORTQA_TOKEN="t", PYTHONPATH=str(ROOT))
    env.pop("REPORTQA_MODEL", None)
    done = subprocess.run([sys.executable, str(script), str(home), str(REAL / "平潭综合实验区_2019.txt")],
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    rss = json.loads(done.stdout.strip().splitlines()[-1])
    grown = max(rss[1:]) - rss[0]
    assert grown < 200 * 1024, f"server RSS grew by {grown} KiB over three uploads: {rss} KiB"
