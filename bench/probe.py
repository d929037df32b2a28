"""Instruments loaded only by the benchmark server and worker (``bench.settings``, ``bench.worker_app``).

Per request type (the ``X-Bench-Op`` header the bench client sends, else method and path) and per task
name: how many ran, their SQL statements, the process's CPU (``time.process_time``: gunicorn sync
workers and Celery's pool children run one request or task at a time) and the CPU of the PostgreSQL
backend serving the connection, read from ``/proc/<backend pid>/stat`` before and after (a backend that
was opened during the request counts whole). Also how long the stock row lock was held: from the return of
the first statement that locks or updates a ``catalog_stock`` row to the end of that transaction's COMMIT.

Each process writes its figures as JSON into ``BENCH_PROBE_DIR`` when it exits; ``bench.harness`` adds
them up.
"""

from __future__ import annotations

import atexit
import json
import os
import time
from collections import defaultdict
from pathlib import Path

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

_HZ = os.sysconf("SC_CLK_TCK")
_stats: dict[str, list[float]] = defaultdict(lambda: [0, 0, 0.0, 0.0, 0])  # n, sql, cpu s, pg s, max sql
_lock_holds: list[float] = []
_lock_taken_at: float | None = None
_warming_up = False  # a request labelled "warmup …" is running: its lock holds are not recorded


def proc_cpu_seconds(pid: int) -> float:
    """CPU time of ``pid`` (nanoseconds on the CPU, from ``schedstat``; ``stat`` counts 10 ms ticks, too
    coarse for a request) plus that of the children it has waited for; 0 when it is gone."""
    try:
        with open(f"/proc/{pid}/schedstat", "rb") as schedstat:
            own = int(schedstat.read().split()[0]) / 1e9
        with open(f"/proc/{pid}/stat", "rb") as stat:
            fields = stat.read().rsplit(b")", 1)[1].split()
    except (OSError, IndexError, ValueError):
        return 0.0
    return own + (int(fields[13]) + int(fields[14])) / _HZ  # + cutime cstime


def _backend() -> tuple[int | None, float]:
    raw = connection.connection
    if raw is None or connection.vendor != "postgresql":
        return None, 0.0
    pid = raw.info.backend_pid
    return pid, proc_cpu_seconds(pid)


class _Counter:
    def __init__(self) -> None:
        self.queries = 0

    def __call__(self, execute, sql, params, many, context):
        global _lock_taken_at
        self.queries += 1
        result = execute(sql, params, many, context)
        # The lock is held from when the statement that takes it returns (waiting for it is not holding it).
        # A stock write that commits in the same message (``_allocate_rows_committing``) reports its own hold.
        if _lock_taken_at is None and '"catalog_stock"' in sql and "COMMIT" not in sql:
            head = sql.lstrip()[:6].upper()
            if head == "UPDATE" or (head == "SELECT" and "FOR UPDATE" in sql):
                _lock_taken_at = time.perf_counter()
        return result


_original_commit = BaseDatabaseWrapper._commit
_original_rollback = BaseDatabaseWrapper._rollback


def _hold(seconds: float) -> None:
    if not _warming_up:
        _lock_holds.append(seconds)


def _commit(self):
    global _lock_taken_at
    try:
        return _original_commit(self)
    finally:
        if _lock_taken_at is not None:
            _hold(time.perf_counter() - _lock_taken_at)
            _lock_taken_at = None


def _rollback(self):
    global _lock_taken_at
    try:
        return _original_rollback(self)
    finally:
        if _lock_taken_at is not None:
            _hold(time.perf_counter() - _lock_taken_at)
            _lock_taken_at = None


BaseDatabaseWrapper._commit = _commit  # type: ignore[method-assign]
BaseDatabaseWrapper._rollback = _rollback  # type: ignore[method-assign]


def _probe_committing_writes() -> None:
    """The stock write that commits in its own message returns its hold (PostgreSQL's clock at the row's
    write to this process reading the COMMIT's answer): an upper bound, which the probe records."""
    from shop.orders.services import stock

    original = getattr(stock, "_allocate_rows_committing", None)
    if original is None:  # a version of the shop without it (the bench measures older commits too)
        return

    def committing(rows, *, requested):
        global _lock_taken_at
        try:
            hold = original(rows, requested=requested)
        except Exception:
            # Refused under the lock: the row may stay locked until the ROLLBACK (counted from here, as before).
            _lock_taken_at = time.perf_counter()
            raise
        _hold(hold)
        return hold

    stock._allocate_rows_committing = committing


_probe_committing_writes()


class Measure:
    """Counts one unit of work (a request, a task) under ``label``."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.counter = _Counter()

    def __enter__(self) -> Measure:
        global _warming_up
        _warming_up = self.label.startswith("warmup")
        self.cpu = time.process_time()
        self.backend, self.backend_cpu = _backend()
        self.wrapper = connection.execute_wrapper(self.counter)
        self.wrapper.__enter__()
        return self

    def __exit__(self, *exc) -> None:
        self.wrapper.__exit__(*exc)
        cpu = time.process_time() - self.cpu
        backend, backend_cpu = _backend()
        pg = backend_cpu - (self.backend_cpu if backend == self.backend else 0.0) if backend else 0.0
        row = _stats[self.label]
        row[0] += 1
        row[1] += self.counter.queries
        row[2] += cpu
        row[3] += max(pg, 0.0)
        row[4] = max(row[4], self.counter.queries)


class ProbeMiddleware:
    """First in ``bench.settings.MIDDLEWARE``: measures every request."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        label = request.headers.get("X-Bench-Op") or f"{request.method} {request.path}"
        with Measure(label):
            return self.get_response(request)


def flush() -> None:
    """Write this process's figures to ``BENCH_PROBE_DIR/<pid>.json`` (rewritten whole: safe to call twice)."""
    folder = os.environ.get("BENCH_PROBE_DIR")
    if not folder or (not _stats and not _lock_holds):
        return
    path = Path(folder) / f"{os.getpid()}.json"
    path.write_text(json.dumps({"stats": dict(_stats), "lock_holds": _lock_holds}))


atexit.register(flush)
