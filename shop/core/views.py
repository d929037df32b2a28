from __future__ import annotations

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from shop.core.health import broker_state, cache_state, worker_state
from shop.core.outbox import outbox_backlog


@require_GET
def healthz(request):
    """The state of database, cache, broker, worker and the outbox; 200 only when all is well, else 503 so that a
    load balancer or monitor sees a degraded shop (the page still answers: it never depends on what it reports).

    Degraded: the database, the shared cache or the broker does not answer, no worker answers a ping, or outbox
    messages are overdue (sent ``OUTBOX_REDELIVER_AFTER_SECONDS`` ago and not done) or given up."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:
        database = f"error: {type(exc).__name__}"
    body: dict = {"database": database, "cache": cache_state(), "broker": broker_state(), "worker": worker_state()}
    if database == "ok":
        body["outbox"] = outbox_backlog()
    if caches["ratelimit"].degraded:
        body["rate_limits"] = "per process (shared cache down)"
    healthy = (
        database == "ok"
        and body["cache"] == "ok"
        and body["broker"] in ("ok", "eager")
        and (body["worker"] == "eager" or body["worker"].endswith(" up"))
        and not body["outbox"]["overdue"]
        and not body["outbox"]["failed"]
    )
    body["status"] = "ok" if healthy else "degraded"
    return JsonResponse(body, status=200 if healthy else 503)
