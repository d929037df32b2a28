"""The benchmarks' shared harness: the real gunicorn server and Celery worker against PostgreSQL and Redis,
an HTTP client that labels its requests, and CPU time per operation read from ``/proc``.

Wall times on a shared 2-core machine move with everyone else's load; CPU time per operation barely does.
So every figure is CPU: of the server processes (gunicorn master and workers), of the worker (Celery's
main process and pool children) and of this database's PostgreSQL backends (processes titled
``postgres: <user> <database> …``, autovacuum of the database included, sampled every 20 ms so that
short-lived backends are caught). Throughput and latency percentiles are printed beside them for
completeness. ``bench.probe`` adds, per request type and task, the SQL statements, app CPU, backend CPU
and stock-lock hold times.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from bench.probe import proc_cpu_seconds

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = defaultdict(list)
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    parent = int(stat.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            tree[parent].append(int(entry))
    return tree


def tree_cpu_seconds(root: int) -> float:
    """CPU of ``root`` and every live descendant (children that exited are in their parent's cutime)."""
    tree, total, todo = _children(), 0.0, [root]
    while todo:
        pid = todo.pop()
        total += proc_cpu_seconds(pid)
        todo.extend(tree.get(pid, ()))
    return total


class BackendSampler:
    """CPU of the PostgreSQL backends of one database, sampled every ``interval`` seconds.

    A backend's CPU is cumulative, so the last sample of each backend counts; a backend that lives
    shorter than one interval can be missed, and the CPU a backend spends after its last sample is
    (at most ``interval`` of it). Persistent connections make both nil."""

    def __init__(self, database: str, interval: float = 0.02) -> None:
        self.marker = f" {database} ".encode()
        self.interval = interval
        self.seen: dict[int, float] = {}
        self.ours: dict[int, bool] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _is_ours(self, pid: int) -> bool:
        if pid not in self.ours:
            try:
                with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                    title = cmdline.read()
            except OSError:
                title = b""
            self.ours[pid] = title.startswith(b"postgres: ") and self.marker in title
        return self.ours[pid]

    def sample(self) -> None:
        for entry in os.listdir("/proc"):
            if entry.isdigit() and self._is_ours(int(entry)):
                cpu = proc_cpu_seconds(int(entry))
                if cpu:
                    self.seen[int(entry)] = max(cpu, self.seen.get(int(entry), 0.0))

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def total(self) -> float:
        self.sample()
        return sum(self.seen.values())

    def __enter__(self) -> BackendSampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class CpuSnapshot:
    app: float
    worker: float
    pg: float

    def __sub__(self, other: CpuSnapshot) -> CpuSnapshot:
        return CpuSnapshot(self.app - other.app, self.worker - other.worker, self.pg - other.pg)

    @property
    def total(self) -> float:
        return self.app + self.worker + self.pg


class Stack:
    """gunicorn (``workers`` sync processes) and, with ``worker_processes``, a Celery worker, both on
    ``bench.settings``; the backends of ``database`` sampled. Use as a context manager; after it exits,
    :meth:`probe` has every process's per-request and per-task figures."""

    def __init__(self, *, database: str, workers: int = 2, worker_processes: int = 0, env: dict | None = None):
        self.probe_dir = tempfile.mkdtemp(prefix="bench-probe-")
        self.port = free_port()
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DJANGO_ENV": os.environ.get("DJANGO_ENV", "development"),
            "DJANGO_DEBUG": "false",
            "DJANGO_LOG_LEVEL": "ERROR",
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "PAYMENT_GATEWAY": "dummy",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "BENCH_PROBE_DIR": self.probe_dir,
            **(env or {}),
        }
        self.workers, self.worker_processes = workers, worker_processes
        self.sampler = BackendSampler(database)
        self.server: subprocess.Popen | None = None
        self.worker: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Stack:
        self.sampler.__enter__()
        command = [
            str(BIN / "gunicorn"),
            "config.wsgi",
            f"--bind=127.0.0.1:{self.port}",
            f"--workers={self.workers}",
            "--config=python:bench.gunicorn_conf",
            "--log-level=warning",
            "--backlog=2048",
        ]
        self.server = subprocess.Popen(command, cwd=ROOT, env=self.env)  # noqa: S603
        if self.worker_processes:
            command = [
                str(BIN / "celery"),
                "-A",
                "bench.worker_app",
                "worker",
                "--loglevel=WARNING",
                f"--concurrency={self.worker_processes}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ]
            self.worker = subprocess.Popen(command, cwd=ROOT, env=self.env)  # noqa: S603
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.server.poll() is not None:
                sys.exit("gunicorn exited during start-up")
            try:
                status, _ = request(self.base_url, "GET", "/bench/floor/", op="warmup")
                if status == 200:
                    break
            except OSError:
                time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")
        # Every gunicorn worker imports the app lazily on its first request: warm them all.
        for _ in range(self.workers * 4):
            request(self.base_url, "GET", "/bench/floor/", op="warmup")
        if self.worker is not None:
            from worker.app import app

            while time.monotonic() < deadline:
                if app.control.ping(timeout=0.5):
                    return
            sys.exit("the Celery worker did not start")

    def cpu(self) -> CpuSnapshot:
        return CpuSnapshot(
            app=tree_cpu_seconds(self.server.pid),
            worker=tree_cpu_seconds(self.worker.pid) if self.worker else 0.0,
            pg=self.sampler.total(),
        )

    def __exit__(self, *exc) -> None:
        for process in (self.server, self.worker):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in (self.server, self.worker):
            if process is not None:
                try:
                    process.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    process.kill()
        self.sampler.__exit__(*exc)

    def probe(self) -> Probe:
        probe = Probe()
        for path in Path(self.probe_dir).glob("*.json"):
            data = json.loads(path.read_text())
            for label, (count, queries, cpu, pg, most) in data["stats"].items():
                row = probe.stats.setdefault(label, [0, 0, 0.0, 0.0, 0])
                row[0] += count
                row[1] += queries
                row[2] += cpu
                row[3] += pg
                row[4] = max(row[4], most)
            probe.lock_holds += data["lock_holds"]
        return probe


@dataclass
class Probe:
    stats: dict[str, list] = field(default_factory=dict)  # label → n, SQL, app CPU s, PG CPU s, max SQL
    lock_holds: list[float] = field(default_factory=list)

    def per_op(self, label: str) -> tuple[int, float, float, float, int]:
        """(count, SQL per op, app CPU ms per op, PostgreSQL CPU ms per op, most SQL in one op)."""
        count, queries, cpu, pg, most = self.stats.get(label, [0, 0, 0.0, 0.0, 0])
        if not count:
            return 0, 0.0, 0.0, 0.0, 0
        return count, queries / count, cpu * 1000 / count, pg * 1000 / count, most


def request(
    base_url: str,
    method: str,
    path: str,
    *,
    op: str,
    body: bytes | None = None,
    headers: dict | None = None,
    timeout: float = 120,
) -> tuple[int, bytes]:
    """One HTTP request labelled ``op`` for the probe; (status, body)."""
    host, port = base_url.removeprefix("http://").split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"X-Bench-Op": op, **(headers or {})})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


class Session:
    """A shopper: cookies (session, CSRF) kept between requests, latencies recorded per op."""

    def __init__(self, base_url: str, latencies: dict[str, list[float]], *, prefix: str = "") -> None:
        self.base_url = base_url
        self.prefix = prefix  # "warmup " keeps warm-up requests out of the measured request types
        self.cookies: dict[str, str] = {}
        self.latencies = latencies

    def _send(self, method: str, path: str, *, op: str, body: bytes | None, headers: dict) -> tuple[int, bytes]:
        op = self.prefix + op
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        host, port = self.base_url.removeprefix("http://").split(":")
        conn = http.client.HTTPConnection(host, int(port), timeout=120)
        began = time.perf_counter()
        try:
            conn.request(method, path, body=body, headers={"X-Bench-Op": op, **headers})
            response = conn.getresponse()
            data = response.read()
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
        finally:
            conn.close()
        self.latencies.setdefault(op, []).append(time.perf_counter() - began)
        return response.status, data

    def graphql(
        self, op: str, query: str, variables: dict | None = None, *, headers: dict | None = None
    ) -> tuple[int, dict]:
        body = json.dumps({"query": query, "variables": variables or {}}).encode()
        headers = {"Content-Type": "application/json", "Accept-Language": "en", **(headers or {})}
        status, data = self._send("POST", "/graphql/", op=op, body=body, headers=headers)
        try:
            return status, json.loads(data)
        except ValueError:
            return status, {}

    def get(self, path: str, *, op: str) -> tuple[int, bytes]:
        return self._send("GET", path, op=op, body=None, headers={"Accept-Language": "en"})

    def post_form(self, path: str, fields: dict, *, op: str) -> tuple[int, bytes]:
        fields = {**fields, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Referer": self.base_url + path,
            "Accept-Language": "en",
        }
        return self._send("POST", path, op=op, body=urlencode(fields).encode(), headers=headers)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def print_ops(probe: Probe, latencies: dict[str, list[float]], labels: list[str]) -> None:
    """One line per request type or task: SQL, app and PostgreSQL CPU per op, latency percentiles."""
    print(
        f"{'request type / task':<34}{'n':>6}{'SQL':>7}{'max':>5}{'app ms':>9}{'PG ms':>8}"
        f"{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
    )
    for label in labels:
        count, queries, app, pg, most = probe.per_op(label)
        if not count and label not in latencies:
            continue
        times = latencies.get(label, [])
        cells = "".join(f"{percentile(times, q) * 1000:>9.0f}" for q in (0.5, 0.95, 0.99)) if times else ""
        print(f"{label:<34}{count:>6}{queries:>7.1f}{most:>5}{app:>9.1f}{pg:>8.1f}{cells}")


def unique() -> str:
    return uuid.uuid4().hex[:10]
