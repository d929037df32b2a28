from __future__ import annotations

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.http import require_GET

from shop.core.health import broker_state, worker_state


@require_GET
def healthz(request):
    """200 with the state of database, broker and worker; 503 when the database is down."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:
        database = f"error: {type(exc).__name__}"
    body = {"database": database, "broker": broker_state(), "worker": worker_state()}
    return JsonResponse(body, status=200 if database == "ok" else 503)
