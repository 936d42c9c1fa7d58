"""``reportqa ingest --ray [ADDRESS] PATH…``: an ingest as a Ray Data pipeline.

    files ──driver: hash, skip known──▶ rows (path, hash)
          ──map (CPU tasks): read + parse in the sandbox, admission──▶ pickled Report | failure
          ──map_batches (actor pool; one GPU an actor when the cluster has GPUs): chunk, cut, embed──▶ IndexedReport
          ──driver: the configured store's BackendWriter.add, a batch at a time──▶ the collection

The driver lists the files and hashes them, asks the store's writer which hashes it holds already
(``BackendWriter.known``) and sends only the others down the pipeline, so a run that was killed
and started again goes on where it stopped: what the last run committed is skipped unread. The
write stays in the driver, one batch at a time: the writer merges copies of a report (one per
agency and year, ``index.copies``) against what is stored, and a batch is committed whole (the
embedded store: one generation; the scale-out store: one SQL transaction a report). Rows keep
their input order (``preserve_order``), so copies are merged in the order the files were given,
as a plain ingest merges them.

On a cluster the files must be readable by every worker at the same path (a shared or network
file system), and the workers need reportqa's dependencies installed; reportqa's own packages are
shipped with the job (``runtime_env`` ``py_modules``) when connecting to a running cluster.
"""
from __future__ import annotations

import dataclasses
import hashlib
import logging
import os
import pickle
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Callable, Iterable, Optional, Sequence

from corpus.errors import ReportQAError
from index.backend import Encoding, IndexedReport, open_writer
from index.ingest import IngestResult, _bar, _mentions_tables, missing_metadata, read_failure, read_file
from index.settings import Settings

INSTALL = "pip install 'reportqa[ray]'"
EMBED_REPORTS = 8  # reports an embedding actor takes at once (its texts are batched by length inside)
LOCAL_WRITE_BATCH = 64  # reports a write commits on the embedded store (each write is a new generation)
STORE_WRITE_BATCH = 16  # on the scale-out store (each report is its own commit; the batch is the progress step)
FLUSH_SECONDS = 30.0  # a partial batch is written when this long has passed since the last write
LOCAL_ADDRESSES = ("", "local")


def _ray():
    """Ray with its Data library, or an error saying how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401
    except ImportError as exc:
        raise ReportQAError(f"`reportqa ingest --ray` needs Ray with Ray Data ({exc}): {INSTALL} "
                            "(or pip install 'ray[data]'), or ingest without --ray") from None
    return ray


def looks_like_address(value: str) -> bool:
    """Whether ``value`` names a Ray cluster (``auto``, ``local``, ``ray://host:port``, ``host:port``)
    rather than a report file or folder."""
    if value in ("auto", "local") or value.startswith("ray://"):
        return True
    host, _, port = value.rpartition(":")
    return bool(host) and port.isdigit() and not os.path.exists(value)


# ---------------------------------------------------------------- the pipeline's stages (run on workers)


def parse_row(row: dict, force: bool = False) -> dict:
    """Read and parse one file in the sandbox (``corpus.sandbox``); a refused or failed file becomes
    its one-line reason. Returns the row with ``report`` (pickled Report, or empty), ``failed`` and
    ``kept_out``."""
    path = row["path"]
    out = {"order": row["order"], "path": path, "hash": row["hash"], "report": b"", "failed": "", "kept_out": ""}
    kept_out: list = []
    try:
        report = read_file(path, {}, None, None, False, force, kept_out)
        if report is None:
            out["kept_out"] = kept_out[0][1]
        else:
            out["report"] = pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # noqa: BLE001 - a reader's bug must not stop the other files
        out["failed"] = read_failure(path, exc)
    return out


class Indexer:
    """The embedding stage: one per actor, holding the passage embedder and jieba (loaded once).

    An actor given a GPU puts the default model's ONNX graph on it when onnxruntime has CUDA (the
    same graph, so the same encoder and vectors as on CPU); otherwise it embeds on CPU and says so
    in its rows' ``device``.
    """

    def __init__(self, settings: Settings) -> None:
        import ray

        from index.model import load_embedder
        from index.segment import Segmenter

        self.settings = settings
        self.embedder = load_embedder(settings, "passage")
        self.segmenter = Segmenter(settings.home / "cache")
        self.device = "cpu"
        if ray.get_gpu_ids():
            self.device = _onto_gpu(self.embedder)

    def __call__(self, batch: dict) -> dict:
        from index.backend import index_reports

        n = len(batch["order"])
        out = {name: list(batch[name]) for name in ("order", "path", "hash", "failed", "kept_out")}
        out["indexed"], out["device"] = [b""] * n, [self.device] * n
        todo = [i for i in range(n) if len(batch["report"][i])]
        reports = [pickle.loads(batch["report"][i]) for i in todo]
        try:
            indexed, encoding = index_reports(reports, self.settings, self.embedder, self.segmenter)
            done = list(zip(todo, indexed))
        except Exception:  # one report's trouble must not cost the batch: index them one at a time
            done, encoding = [], None
            for i, report in zip(todo, reports):
                try:
                    [item], encoding = index_reports([report], self.settings, self.embedder, self.segmenter)
                    done.append((i, item))
                except Exception as exc:
                    out["failed"][i] = f"{report.path}: could not be indexed ({type(exc).__name__}: {exc})"
        for i, item in done:
            out["indexed"][i] = pickle.dumps((item, encoding), protocol=pickle.HIGHEST_PROTOCOL)
        return out


def _onto_gpu(embedder) -> str:
    """Run ``embedder``'s ONNX session on CUDA where onnxruntime offers it; returns the device used."""
    session = getattr(embedder, "_session", None)  # index.onnx_model.OnnxEmbedder's session
    try:
        import onnxruntime

        if session is not None and "CUDAExecutionProvider" in onnxruntime.get_available_providers():
            session.set_providers(["CUDAExecutionProvider", "CPUExecutionProvider"])
            return "cuda"
    except Exception:  # no onnxruntime-gpu, or CUDA not usable: CPU it is
        pass
    return "cpu (a GPU was given, but the embedder has no CUDA path: pip install onnxruntime-gpu)"


def embed_options(resources: dict, embed_workers: Optional[int] = None) -> dict:
    """The embedding stage's resources on a cluster with ``resources`` (``ray.cluster_resources()``):
    one GPU an actor and one actor a GPU when it has GPUs, else ``embed_workers`` CPU actors (default:
    one for every four CPUs, at least one) of one CPU each."""
    gpus = int(resources.get("GPU", 0))
    if gpus:
        return {"num_gpus": 1, "num_cpus": 1, "concurrency": embed_workers or gpus}
    cpus = int(resources.get("CPU", 1))
    return {"num_cpus": 1, "concurrency": embed_workers or max(1, cpus // 4)}


def parse_options() -> dict:
    """The parse stage's resources: a CPU and the reading sandbox's memory bound a task (so that Ray
    schedules no more readings than memory holds, and keeps them apart from the embedding actors)."""
    from corpus import limits

    return {"num_cpus": 1, "memory": limits.current().memory_bytes}


# ---------------------------------------------------------------- the driver


def _hashes(files: Sequence[Path]) -> dict[Path, str | OSError]:
    """Each file's sha256 (or the OSError reading it raised), read by a few threads."""
    def digest(path: Path) -> str | OSError:
        try:
            h = hashlib.sha256()
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
            return h.hexdigest()
        except OSError as exc:
            return exc

    with ThreadPoolExecutor(max_workers=4, thread_name_prefix="reportqa-hash") as pool:
        return dict(zip(files, pool.map(digest, files)))


def _merge(total: Optional[IngestResult], part: IngestResult) -> IngestResult:
    """Two writes' results as one: lists joined, the collection's counts and stale reports from the later."""
    if total is None:
        return part
    joined = {f.name: getattr(total, f.name) + getattr(part, f.name) for f in dataclasses.fields(IngestResult)
              if isinstance(getattr(total, f.name), tuple) and f.name != "stale"}
    return dataclasses.replace(part, **joined, new_chunks=total.new_chunks + part.new_chunks,
                               changed=total.changed or part.changed)


def _start(ray, address: Optional[str], num_cpus: Optional[int]) -> bool:
    """Connect to ``address`` (None: $RAY_ADDRESS or a new local Ray; ``local``: a new local Ray);
    returns whether this call started Ray (and so should shut it down)."""
    if ray.is_initialized():
        return False
    local = address in LOCAL_ADDRESSES or (address is None and not os.environ.get("RAY_ADDRESS"))
    options = dict(include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    if local:
        ray.init(num_cpus=num_cpus, **options)
    else:
        import corpus
        import index
        import qa

        modules = [Path(m.__file__).parent for m in (corpus, index, qa)]  # reportqa's code, for the workers
        try:
            ray.init(address=address, runtime_env={"py_modules": [str(m) for m in modules]}, **options)
        except ConnectionError as exc:
            raise ReportQAError(f"cannot reach the Ray cluster at {address or os.environ.get('RAY_ADDRESS')} "
                                f"({exc}): start it (`ray start --head`) or give its address, e.g. "
                                "`reportqa ingest --ray ray://HEAD:10001 PATH`; `--ray local` starts Ray here") from None
    return True


def ray_ingest(paths: Sequence[str | Path], settings: Settings, *, address: Optional[str] = None,
               rebuild: bool = False, force: bool = False, progress: bool = True, agency: Optional[str] = None,
               year: Optional[int] = None, primary: bool = False,
               num_cpus: Optional[int] = None, embed_workers: Optional[int] = None,
               write_batch: Optional[int] = None, log: Optional[Callable[[str], None]] = None) -> IngestResult:
    """Ingest the report files under ``paths`` through a Ray Data pipeline into the configured store.

    ``address``: a Ray cluster (``auto``, ``ray://host:10001``, ``host:6379``); None uses $RAY_ADDRESS
    or starts Ray on this machine with ``num_cpus`` (default: every core). Files the store holds
    already (by content hash) are skipped unread. ``rebuild`` empties the scale-out store first (the
    embedded store rebuilds in one generation: ingest without --ray). ``write_batch``: reports a
    write takes. ``log`` gets the one-line summary (reports/s; default: printed to stderr).
    ``agency``, ``year`` and ``primary`` (one file's options) are refused.

    Returns the ``IngestResult`` of all writes together (``timings``: ``open``, ``hash``, ``pipeline`` (read,
    parse and embed, overlapping the writes) and ``write`` seconds). Raises ReportQAError for a
    missing Ray, an unreachable cluster, an unusable store, or --rebuild on the embedded store.
    """
    from corpus.files import iter_report_files

    if agency or year is not None or primary:
        raise ReportQAError("--agency, --year and --primary file or choose single reports: run them without --ray")
    ray = _ray()
    if log is None:
        log = lambda line: print(line, file=sys.stderr)  # noqa: E731
    if rebuild and not settings.store:
        raise ReportQAError("--rebuild with --ray: the embedded store rebuilds in one new generation, which a "
                            "resumable ingest does not make; run `reportqa ingest --rebuild PATH` without --ray, "
                            "or ingest --ray into a new, empty REPORTQA_HOME")
    files = list(iter_report_files([Path(p) for p in paths]))
    for path in files:
        if not path.exists():
            raise ReportQAError(f"{path}: no such file or folder; give report files or folders "
                                "(on a cluster: at a path every worker can read)")
    started = time.perf_counter()
    writer = open_writer(settings)
    if rebuild:
        writer.chunks.drop()
        writer.facts_db.clear()
    opened = time.perf_counter()
    hashes = _hashes(files)
    held = writer.known(h for h in hashes.values() if isinstance(h, str))
    skipped, failed, kept_out, todo, seen = [], [], [], [], set(held)
    for path in files:
        digest = hashes[path]
        if isinstance(digest, OSError):
            failed.append((str(path), read_failure(path, digest)))
        elif digest in seen:
            skipped.append(str(path))  # in the collection already, or the same bytes given twice
        else:
            seen.add(digest)
            todo.append({"order": len(todo), "path": str(path), "hash": digest})
    hashed = time.perf_counter()
    result = IngestResult(skipped=tuple(skipped), failed=tuple(failed))
    write_seconds, devices, cluster, warnings, notes = 0.0, set(), "", [], []
    if todo:
        stopping = _start(ray, address, num_cpus)
        try:
            resources = ray.cluster_resources()
            cluster = f"{int(resources.get('CPU', 0))} CPUs, {int(resources.get('GPU', 0))} GPUs"
            batch = write_batch or (STORE_WRITE_BATCH if settings.store else LOCAL_WRITE_BATCH)
            rows = _pipeline(ray, todo, settings, force, embed_options(resources, embed_workers))
            pending: list[IndexedReport] = []
            encoding, last = None, time.perf_counter()
            bar = _bar(None, progress, "ingest (ray)", "file", total=len(todo))
            for row in rows:
                bar.update(1)
                if row["failed"]:
                    failed.append((row["path"], row["failed"]))
                elif row["kept_out"]:
                    kept_out.append((row["path"], row["kept_out"]))
                elif len(row["indexed"]):
                    item, encoding = pickle.loads(row["indexed"])
                    pending.append(item)
                    devices.add(row["device"])
                    r = item.report
                    warnings += [(r.path, w) for w in missing_metadata(r.agency, r.year, len(r.tables),
                                                                       _mentions_tables(r))]
                    notes += [(r.path, c) for c in r.corrections]
                if pending and (len(pending) >= batch or time.perf_counter() - last >= FLUSH_SECONDS):
                    t = time.perf_counter()
                    result = _merge(result, writer.add(pending, encoding))
                    pending, last = [], time.perf_counter()
                    write_seconds += last - t
            if pending:
                t = time.perf_counter()
                result = _merge(result, writer.add(pending, encoding))
                write_seconds += time.perf_counter() - t
            bar.close()
        finally:
            if stopping:
                ray.shutdown()
    if not result.reports and not result.chunks:  # nothing written: the collection's counts as they are
        result = _merge(result, writer.add([], Encoding("", settings.model, 0, "")))
    total = time.perf_counter() - started
    written = len(result.added) + len(result.reread) + len(result.alternates)
    result = dataclasses.replace(result, failed=tuple(failed) + tuple(f for f in result.failed if f not in failed),
                                 kept_out=tuple(kept_out), warnings=tuple(kept_out) + tuple(warnings),
                                 notes=tuple(notes),
                                 timings={"open": opened - started, "hash": hashed - opened,
                                          "pipeline": total - (hashed - started) - write_seconds, "write": write_seconds})
    if todo:
        log(f"ray: {len(todo)} files through the pipeline on {cluster} (embedding on {', '.join(sorted(devices)) or '-'})"
            f" in {total:.1f} s: {written / total:.2f} reports/s, {len(failed)} failed, {len(kept_out)} kept out")
    return result


def _pipeline(ray, todo: list[dict], settings: Settings, force: bool, embed: dict) -> Iterable[dict]:
    """The rows of ``todo`` parsed and indexed, in input order, as the cluster finishes them."""
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True  # copies merged in the order given, as a plain ingest does
    context.enable_progress_bars = False  # the driver's own bar counts files written
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # its own progress lines and notices
    blocks = max(1, min(len(todo), 10_000))
    dataset = ray.data.from_items(todo, override_num_blocks=blocks)
    dataset = dataset.map(parse_row, fn_kwargs={"force": force}, **parse_options())
    embed = dict(embed)
    pool = ray.data.ActorPoolStrategy(size=embed.pop("concurrency"))
    dataset = dataset.map_batches(Indexer, fn_constructor_kwargs={"settings": settings}, batch_size=EMBED_REPORTS,
                                  batch_format="numpy", compute=pool, **embed)
    return dataset.iter_rows()
