"""What every request goes through first: the body limit, and a URL no view should ever see.

``RequestBodyLimitMiddleware`` is the first middleware: its ``process_view`` runs before any other's (CSRF's reads
``request.POST``, which parses, and spools to disk, the whole multipart body), so an over-long body is refused with
413 from its declared ``Content-Length`` before a byte of it is read. The limit is ``REQUEST_BODY_MAX_BYTES`` for every
route (GraphQL, forms, webhooks); a view that takes uploads declares its own with :func:`request_body_limit`, and the
admin allows ``ADMIN_REQUEST_BODY_MAX_BYTES`` to signed-in staff (relic originals). A body without a length (chunked)
is never read by Django, so it cannot get past. The reverse proxy holds the same limits (``deploy/nginx.conf``).

``NotFoundPageMiddleware`` shows the shop's 404 page for an unknown product, relic or order even while ``DEBUG`` is on
(the demo), where Django would show its yellow debug page; an address no URL pattern matches keeps Django's debug
page under ``DEBUG`` (it lists the patterns, which is what a developer wants there).

``RequestHygieneMiddleware`` answers 400 to a path or query string holding a NUL character, which PostgreSQL refuses
to compare (it used to become a 500 wherever a URL part reached a query); form fields refuse it themselves.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.views.defaults import page_not_found


def request_body_limit(max_bytes: Callable[[], int]):
    """Give a view its own body limit (``max_bytes()`` is read per request, so settings overrides hold)."""

    def decorate(view):
        view.request_body_max_bytes = max_bytes
        return view

    return decorate


def _refusal(request, status: int, message: str, code: str) -> HttpResponse:
    wants_json = request.content_type == "application/json" or "json" in request.headers.get("Accept", "")
    if wants_json or request.path_info.startswith(("/graphql", "/webhooks/")):
        return JsonResponse({"errors": [{"message": message, "extensions": {"code": code}}]}, status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestBodyLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        try:
            length = int(declared)
        except ValueError:
            return _refusal(request, 400, "The Content-Length header is not a number.", "INVALID")
        if length <= settings.REQUEST_BODY_MAX_BYTES:
            return None
        limit = self.limit(request, view_func)
        if length > limit:
            return _refusal(request, 413, f"The request body is larger than {limit} bytes.", "REQUEST_TOO_LARGE")
        return None

    @staticmethod
    def limit(request, view_func) -> int:
        own = getattr(view_func, "request_body_max_bytes", None)
        if own is not None:
            return own()
        match = request.resolver_match
        if match is not None and match.app_name == "admin" and request.user.is_authenticated and request.user.is_staff:
            return settings.ADMIN_REQUEST_BODY_MAX_BYTES
        return settings.REQUEST_BODY_MAX_BYTES


class RequestHygieneMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info or "\x00" in request.META.get("QUERY_STRING", "") or _nul_in_query(request):
            return _refusal(request, 400, "The address holds a NUL character.", "INVALID")
        return self.get_response(request)


def _nul_in_query(request) -> bool:
    if "%00" not in request.META.get("QUERY_STRING", ""):
        return False
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class NotFoundPageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, Http404) and settings.DEBUG:
            return page_not_found(request, exception)
        return None
