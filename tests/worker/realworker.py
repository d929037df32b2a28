"""Run a real ``celery -A worker worker`` against the test database and Redis.

The subprocess gets the test database's name (pytest-django's ``test_<name>``), the same
Redis, and a file-based email backend writing into a folder the test reads. Tests using it
must be ``transaction=True`` so the worker sees committed rows.
"""

from __future__ import annotations

import contextlib
import email
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@contextlib.contextmanager
def celery_worker(mail_dir: Path, *, log_path: Path, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen]:
    """A worker subprocess for the duration of the block; its log goes to ``log_path``; ``env`` adds to its
    environment (e.g. the test's ``PRIVATE_MEDIA_ROOT``)."""
    from worker.app import app

    app.control.purge()  # messages left over from an earlier run name rows that are gone
    env = {
        **os.environ,
        "DJANGO_ENV": "development",  # not "test": that forces the in-memory email backend
        "DJANGO_DEBUG": "false",
        "DATABASE_URL": _database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(mail_dir),
        **(env or {}),
    }
    command = [
        str(Path(sys.executable).parent / "celery"),
        "-A",
        "worker",
        "worker",
        "--pool=solo",
        "--without-mingle",
        "--without-gossip",
        "--loglevel=INFO",
    ]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            _wait_until_ready(log_path, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def _wait_until_ready(log_path: Path, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"celery worker exited early:\n{log_path.read_text(errors='replace')}")
        if b"ready." in log_path.read_bytes():
            return
        time.sleep(0.2)
    raise RuntimeError(f"celery worker not ready after {timeout}s:\n{log_path.read_text(errors='replace')}")


def sent_emails(mail_dir: Path) -> list[email.message.Message]:
    """Every email the worker wrote (the file backend appends messages separated by a line of dashes)."""
    messages = []
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.exists() else []:
        for chunk in path.read_text(errors="replace").split("-" * 79):
            if chunk.strip():
                messages.append(email.message_from_string(chunk.strip()))
    return messages


def subjects(mail_dir: Path) -> list[str]:
    from email.header import decode_header, make_header

    return [str(make_header(decode_header(m["Subject"] or ""))) for m in sent_emails(mail_dir)]


def wait_for(predicate, *, timeout: float = 60, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.25)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")
