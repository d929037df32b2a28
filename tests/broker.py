"""Point this process's Celery app at another broker for a block (a dead one, to test outages)."""

from __future__ import annotations

import contextlib

from worker.app import app

DEAD_BROKER = "redis://127.0.0.1:6390/0"  # nothing listens there


@contextlib.contextmanager
def broker_url(url: str):
    """Point this process's Celery app (the web side) at ``url``; a worker process keeps its own broker."""
    previous = app.conf.broker_url

    def switch(to: str) -> None:
        # Forget the cached pools; kombu keeps one pool per URL, so switching back reuses the live one.
        app.conf.broker_url = app.conf.broker_write_url = to
        app._pool = None
        app.amqp._producer_pool = None

    switch(url)
    try:
        yield
    finally:
        switch(previous)
