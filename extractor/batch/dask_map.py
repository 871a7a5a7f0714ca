"""The extraction map on Dask: files in, one JSONL record per file out (``csp-extract map``).

:func:`map_paths` finds the files as ``ingest`` does (:func:`~extractor.batch.files.select_files`)
and hands each to a Dask cluster, a scheduler anywhere (``scheduler="tcp://10.0.0.5:8786"``) or
a :class:`distributed.LocalCluster` started here; nothing on the workers touches a database.
Each task (:func:`map_file`) hashes its file and runs :func:`~extractor.batch.jobs.extract_one`,
the function every ``ingest`` worker runs, in a :class:`~extractor.batch.workers.WorkerPool` of
one process kept by each Dask worker thread: the same extraction, the same per-file time
limit (``--timeout``), memory ceiling (``--max-memory``) and crash isolation as ``ingest``.
(A Dask worker started as a daemonic process, Dask's default under a nanny, may not start
processes: there the file is extracted in the worker thread itself, without the time limit;
``DASK_DISTRIBUTED__WORKER__DAEMON=False`` lifts that, and a LocalCluster started here sets it.)

Records are written in the order of the sorted file list, whichever worker finishes first (the
finished records wait on the workers for those before them, up to ``BACKLOG`` files), so that
``load`` stores the documents in the order ``ingest --workers 1`` does, and the same files
give the same records.  A file already recorded in the output folder with
the same bytes is not mapped again, so a stopped map is finished by running it again.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from pathlib import Path
from typing import Iterable, Iterator, TextIO

from ..about import KINDS
from ..settings import Settings, memory_limit
from ..store import unchanged
from . import records
from .files import select_files, sha256_file
from .jobs import FAILED, Job, Result, extract_one, refused_jobs
from .progress import Progress, Summary, _is_terminal

INSTALL = "pip install 'csp-extract[dask]'"
CONNECT_SECONDS = 10
# The LocalCluster map starts: worker processes that may start processes (the per-file extraction
# process: see the docstring); no profiler sampling the worker threads (they only wait on a pipe);
# the event-loop, system and memory monitors at 1-2 s instead of 20-500 ms (an idle two-worker
# cluster used 16% of a core with Dask's defaults, 2% with these; the extraction processes have
# their own memory ceiling)
LOCAL_CONFIG = {
    "distributed.worker.daemon": False,
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
}
BACKLOG = 1000  # tasks submitted and not yet written: finished ones wait on the workers (Dask spills them)


def map_paths(
    paths: Iterable[str | Path],
    out_dir: str | Path,
    scheduler: str | None = None,
    local_workers: int | None = None,
    password: str | None = None,
    timeout: float | None = None,
    max_memory: int | None = None,
    exclude: Iterable[str] = (),
    quiet: bool = False,
    debug: bool = False,
    out: TextIO | None = None,
    err: TextIO | None = None,
    client=None,
) -> Summary:
    """Extract files, folders and patterns on Dask into JSONL records in ``out_dir``.

    The cluster is ``client`` if given (its workers keep their extraction processes for the
    next map: ``client.run(close_pools)`` stops them), else the scheduler at ``scheduler``,
    else a LocalCluster of ``local_workers`` processes (default: one per core).  ``password``,
    ``timeout`` and ``max_memory`` mean what they mean to ``ingest``.  Failures are reported on
    ``err`` (tracebacks when ``debug``) and recorded, and the batch goes on; the closing summary
    goes to ``out`` unless ``quiet``.  Raises ValueError for a path that matches nothing, a
    scheduler that cannot be reached, or Dask not installed."""
    out, err = out if out is not None else sys.stdout, err if err is not None else sys.stderr
    started = time.perf_counter()
    selection = select_files(paths, exclude)
    if not selection.files and not selection.refused:
        raise ValueError(f"no report to map: {selection.line()}; name the files themselves to map them")
    done = records.mapped(out_dir)
    options = _options(password, timeout, max_memory)
    summary = Summary(left_out=selection.line())
    progress = Progress(len(selection.files) + len(selection.refused), err, enabled=not quiet and _is_terminal(err))
    with _Output(out_dir) as output, _cluster(client, scheduler, local_workers) as dask_client:
        for job in refused_jobs(selection.refused):
            _account(summary, output.write(records.from_job(job)), err, debug, progress)
        tasks = ((str(path), done.get(unchanged.path_text(path)), options) for path in selection.files)
        for path, record in _ordered(dask_client, tasks):
            _account(summary, output.write(record) if record else None, err, debug, progress)
        if client is None:  # no caller to map again on it: leave no extraction process behind
            with contextlib.suppress(Exception):
                dask_client.run(close_pools)
    progress.close()
    summary.seconds = time.perf_counter() - started
    if not quiet:
        print(summary.line() + (f"\nrecords: {output.path}" if output.path else ""), file=out)
    return summary


def _options(password, timeout, max_memory) -> dict:
    """The settings a worker builds its own :class:`Settings` from (its own models folder)."""
    options = {"password": password, "timeout": timeout, "max_memory": max_memory}
    options = {k: v for k, v in options.items() if v is not None}
    Settings(**options)  # bad values fail here, before any task is sent
    return options


def _account(summary: Summary, record: dict | None, err, debug: bool, progress: Progress) -> None:
    """Count one record in the summary (None: the file was mapped before) and report a failure."""
    progress.advance((record or {}).get("result") and record["result"].get("pages"))
    if record is None or record["status"] == "skipped":
        summary.skipped += 1
        return
    if record["status"] != "ok":
        summary.failed += 1
        summary.failures.append((record["path"], record["status"], record["message"] or ""))
        progress.close()
        print(f"{record['path']}: {record['status']}: {record['message']}", file=err)
        if debug and record.get("traceback"):
            print(record["traceback"], file=err)
        return
    summary.ok += 1
    summary.pages += record["result"].get("pages") or 0
    for kind in KINDS:
        summary.items[kind] += len(record["result"].get(kind) or [])


class _Output:
    """The records file of this run, created when the first record is written."""

    def __init__(self, folder: str | Path):
        self.folder, self.path, self.stream = Path(folder), None, None
        if self.folder.exists() and not self.folder.is_dir():
            raise ValueError(f"{folder}: a file, not a folder; give --out a folder (it is created if need be)")

    def __enter__(self) -> "_Output":
        return self

    def write(self, record: dict) -> dict:
        import json

        if self.stream is None:
            self.path = records.next_file(self.folder)
            self.stream = open(self.path, "x", encoding="utf-8")
        # ASCII with escapes: any string (even a lone surrogate) round-trips, as it would reach the writer
        self.stream.write(json.dumps(record) + "\n")
        self.stream.flush()  # a stopped map leaves whole records, and at most one line cut short
        return record

    def __exit__(self, *exc) -> None:
        if self.stream is not None:
            self.stream.close()


# ----------------------------------------------------------------------------- the cluster
@contextlib.contextmanager
def _cluster(client, scheduler: str | None, local_workers: int | None):
    """A Dask client: ``client`` itself, one connected to ``scheduler``, or one of a new
    LocalCluster (closed at the end) of ``local_workers`` single-threaded processes."""
    if client is not None:
        yield client
        return
    try:
        import dask
        from distributed import Client, LocalCluster
    except ImportError:
        raise ValueError(f"map runs on Dask, which is not installed; install it with {INSTALL}") from None
    if scheduler:
        with _connect(Client, scheduler) as connected:
            yield connected
        return
    with dask.config.set(LOCAL_CONFIG):
        n = local_workers or max(1, os.cpu_count() or 1)
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        with cluster, Client(cluster) as local:
            yield local


def _connect(Client, scheduler: str):
    try:
        return Client(scheduler, timeout=f"{CONNECT_SECONDS}s")
    except (OSError, TimeoutError) as e:
        raise ValueError(f"could not reach a Dask scheduler at {scheduler} within {CONNECT_SECONDS} s ({e}); "
                         "check the address (tcp://HOST:8786) and that `dask scheduler` runs there") from None


def _threads(client) -> int:
    """The cluster's worker threads (at least 1: tasks wait for workers that join later)."""
    try:
        return max(1, sum(client.nthreads().values()))
    except Exception:  # noqa: BLE001 - a scheduler that did not answer: ask again later
        return 1


def _ordered(client, tasks: Iterator[tuple], backlog: int = BACKLOG) -> Iterator[tuple[str, dict | None]]:
    """(path, record) for each task, in the order given.  Two tasks per worker thread run at
    once (the workers never wait for the scheduler; the threads are counted again every second,
    as workers join or leave); finished ones wait on the workers, not here, until those before
    them are written, up to ``backlog`` tasks, so that one slow file does not idle the other
    workers and memory stays bounded."""
    from distributed import wait

    tasks, pending, running = iter(tasks), deque(), set()
    threads = [_threads(client), time.monotonic()]  # the count, and when it was taken

    def top_up() -> None:
        if time.monotonic() - threads[1] > 1:
            threads[:] = [_threads(client), time.monotonic()]
        while len(running) < 2 * threads[0] and len(pending) < backlog:
            task = next(tasks, None)
            if task is None:
                return
            future = client.submit(map_file, *task, pure=False)
            pending.append((task[0], future))
            running.add(future)

    top_up()
    while pending:
        with contextlib.suppress(Exception):  # a cancelled or failed task: its outcome says so below
            wait(list(running), return_when="FIRST_COMPLETED")
        running.difference_update([future for future in running if future.done()])
        while pending and pending[0][1].done():
            path, future = pending.popleft()
            running.discard(future)  # done since the line above
            yield path, _outcome(path, future)
            future.release()
        top_up()


def _outcome(path: str, future) -> dict | None:
    """The task's record; a task Dask itself could not run (its worker died on it more than
    Dask allows, csp-extract missing on a worker) is recorded as failed, with the fix."""
    try:
        return future.result()
    except Exception as e:  # noqa: BLE001 - one file's failure never stops the batch
        message = (f"the Dask task failed ({type(e).__name__}: {e}); if its worker died, try "
                   "`csp-extract extract FILE --debug` on this file alone; otherwise check that every "
                   "worker has the same csp-extract installed")
        return records.from_result(Result(Path(path), None, FAILED, None, message), None)


# ----------------------------------------------------------------------------- on a worker
def map_file(path: str, known_sha256: str | None, options: dict) -> dict | None:
    """On a Dask worker: the record of one file, or None when it is the ``known_sha256`` bytes
    (recorded by an earlier map).  Never raises for a bad file: it is a failed record."""
    job = Job(Path(path), None, "extract")
    try:
        job.sha256, size = sha256_file(job.path), job.path.stat().st_size
    except OSError as e:
        message = f"cannot read the file ({e.strerror}); check its permissions (and that every worker sees it)"
        return records.from_result(Result(job.path, None, FAILED, None, message), None)
    if job.sha256 == known_sha256:
        return None
    return records.from_result(_extract(job, _settings(options)), size)


def _settings(options: dict) -> Settings:
    """This worker's settings: its own models folder, and a memory ceiling sized to its machine."""
    settings = Settings(**options)
    if settings.max_memory is None:
        import dataclasses

        settings = dataclasses.replace(settings, max_memory=memory_limit(settings, processes=os.cpu_count()))
    return settings


_POOLS: dict[tuple[int, Settings], object] = {}  # (thread, settings) -> WorkerPool
_BUSY: set[tuple[int, Settings]] = set()
_LOCK = threading.Lock()


def _extract(job: Job, settings: Settings) -> Result:
    """``extract_one`` in this thread's one-process WorkerPool (started on first use)."""
    if not _may_start_processes():  # no time limit here: see the module's docstring
        return extract_one(job, settings)
    from .workers import WorkerPool

    key = (threading.get_ident(), settings)
    with _LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = WorkerPool(1, settings, start_method="spawn")
        _BUSY.add(key)
    try:
        return list(pool.run([job]))[0]
    finally:
        with _LOCK:
            _BUSY.discard(key)


def _may_start_processes() -> bool:
    """False in a daemonic process (a Dask worker under a nanny, by default): it may not."""
    return not multiprocessing.current_process().daemon


def close_pools() -> int:
    """Stop the idle extraction processes of this Dask worker (run on every worker at the end of
    a map with ``Client.run``); returns how many."""
    with _LOCK:
        idle = [key for key in _POOLS if key not in _BUSY]
        pools = [_POOLS.pop(key) for key in idle]
    for pool in pools:
        pool.close()
    return len(pools)
