"""Read an untrusted report file in a worker process with a memory and a time limit.

The readers check their own limits (``corpus.limits``), but a parser library can still be led
into something slow or large that no check foresaw. ``read_report_bounded(path)`` therefore reads
the file in a child process whose address space is capped (``RLIMIT_AS``: the child's size at
start plus ``Limits.memory_bytes``) and which is killed after ``Limits.seconds``: whatever the
file does, the caller gets a ``Report`` or a one-line ``ReportError`` and carries on with the next
file; an ingest or the server is never taken down.

Children are forked from multiprocessing's fork server (a clean process that has imported the
readers once), so a child starts in milliseconds and never inherits the threads, models or open
indexes of the process that asks (the server).
"""
from __future__ import annotations

import multiprocessing
import resource
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Optional, Union

from corpus import limits
from corpus.errors import ReportError
from corpus.limits import Limits
from corpus.records import Report

PRELOAD = ["corpus.report", "corpus.files", "corpus.text", "corpus.html", "corpus.docx", "corpus.pdf"]


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)  # no effect once the fork server runs
    return context


def read_report_bounded(path: Union[str, Path], bounds: Optional[Limits] = None) -> Report:
    """Read one report file into a ``Report`` in a worker process within ``bounds`` (default: the
    limits in force, ``corpus.limits.LIMITS``).

    Raises ReportError (one line, naming the file and the limit) when the file cannot be read,
    is over a reader's limit, or its reading needs more memory or time than ``bounds`` allows.
    """
    bounds = bounds or limits.current()
    receiver, sender = multiprocessing.Pipe(duplex=False)
    worker = _context().Process(target=_work, args=(str(path), bounds, sender), daemon=True)
    worker.start()
    sender.close()
    try:
        if not receiver.poll(bounds.seconds):
            raise ReportError(f"{path}: the reading took over {bounds.seconds:g} s, the limit "
                              "(corpus.limits.MAX_SECONDS); the file is too large or malformed for a report: "
                              "give the report itself")
        try:
            kind, value = receiver.recv()
        except (EOFError, OSError):  # the worker died without an answer: killed for memory, or crashed
            worker.join(5)
            raise _died(str(path), worker.exitcode, bounds) from None
    finally:
        if worker.is_alive():
            worker.kill()
        worker.join(5)
        receiver.close()
    if kind == "report":
        return value
    raise ReportError(value)


def _died(name: str, code: Optional[int], bounds: Limits) -> ReportError:
    if code is None or code < 0 or code == 1:
        return ReportError(f"{name}: the reading stopped (exit {code}); it likely needed more than "
                           f"{bounds.memory_bytes // limits.MiB:,} MB of memory (corpus.limits.MAX_MEMORY_BYTES); "
                           "give the report itself, not an archive or a scan of hundreds of pages")
    return ReportError(f"{name}: the reader's worker process ended without a result (exit {code})")


def _work(path: str, bounds: Limits, sender: Connection) -> None:
    """In the worker: cap the memory, set the limits, read, send ("report", Report) or
    ("error", one-line message)."""
    limits.LIMITS = bounds
    try:
        _cap_memory(bounds.memory_bytes)
        resource.setrlimit(resource.RLIMIT_CPU, (int(bounds.seconds) + 5, int(bounds.seconds) + 10))
        from corpus import read_report

        result = ("report", read_report(path))
    except ReportError as error:
        result = ("error", str(error))
    except MemoryError:
        result = ("error", f"{path}: the reading needed more than {bounds.memory_bytes // limits.MiB:,} MB of "
                           "memory (corpus.limits.MAX_MEMORY_BYTES); give the report itself")
    except RecursionError:
        result = ("error", f"{path}: nested too deep to read (a recursion limit was reached); "
                           "save the report again from its site or editor")
    except Exception as error:  # a reader's bug: one line, and the other files go on
        where = traceback.extract_tb(error.__traceback__)[-1]
        result = ("error", f"{path}: could not be read ({type(error).__name__}: {error} at "
                           f"{Path(where.filename).name}:{where.lineno}); please report this file")
    try:
        sender.send(result)
    except MemoryError:
        sender.send(("error", f"{path}: the report read is too large to hand back "
                              "(corpus.limits.MAX_MEMORY_BYTES)"))
    finally:
        sender.close()


def _cap_memory(extra: int) -> None:
    """Cap the process's address space at its present size plus ``extra`` bytes."""
    size = 0
    try:
        with open("/proc/self/statm") as statm:
            size = int(statm.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        pass
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = size + extra
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
