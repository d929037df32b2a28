from __future__ import annotations

from django.conf import settings


def broker_state() -> str:
    """'eager' in the embedded demo, else 'ok' or the connection error."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from kombu import Connection

    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=1) as conn:
            conn.ensure_connection(max_retries=1)
        return "ok"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


def cache_state() -> str:
    """'ok' when the shared cache answers a write and a read, else the error (a local cache is always 'ok')."""
    from django.core.cache import caches

    try:
        cache = caches["default"]
        cache.set("healthz", "1", 10)
        return "ok" if cache.get("healthz") == "1" else "error: no answer"
    except Exception as exc:
        return f"error: {type(exc).__name__}"


def worker_state() -> str:
    """'eager', or how many workers answered a ping within a second."""
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "eager"
    from celery import current_app

    try:
        replies = current_app.control.ping(timeout=1.0) or []
    except Exception as exc:
        return f"error: {type(exc).__name__}"
    return f"{len(replies)} up" if replies else "none"
