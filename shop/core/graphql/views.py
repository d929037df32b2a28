from __future__ import annotations

import logging

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import ExecutionResult, GraphQLError
from graphql.error import GraphQLSyntaxError

from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.documents import PreparedDocumentsMixin, document_parse
from shop.core.graphql.errors import camel_field
from shop.core.graphql.limits import query_cost

MAX_QUERY_BYTES = 20_000
INTERNAL_ERROR = "INTERNAL_ERROR"

logger = logging.getLogger(__name__)


class _Csrf(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


@method_decorator(csrf_exempt, name="dispatch")
class ShopGraphQLView(PreparedDocumentsMixin, GraphQLView):
    """The one GraphQL endpoint.

    CSRF: a bearer-token request carries no ambient credential, so it is exempt; a request
    riding on the session cookie must pass Django's CSRF check like any form post.
    Limits: over-long, over-deep or over-costly documents are refused before execution.
    Documents are parsed and validated once per process (``documents.PreparedDocumentsMixin``).
    """

    def dispatch(self, request, *args, **kwargs):
        needs_csrf = (
            request.method == "POST"
            and not getattr(request, "bearer_authenticated", False)
            and request.user.is_authenticated
        )
        if needs_csrf and _Csrf(lambda r: None).process_view(request, None, (), {}) is not None:
            return self._csrf_failure()
        return super().dispatch(request, *args, **kwargs)

    @classmethod
    def can_display_graphiql(cls, request, data) -> bool:
        """GraphiQL in a browser while DEBUG is on (decided per request, so tests and settings overrides hold)."""
        return settings.DEBUG and super().can_display_graphiql(request, data)

    def _csrf_failure(self):
        from django.http import JsonResponse

        return JsonResponse(
            {"errors": [{"message": "CSRF token missing or incorrect.", "extensions": {"code": "PERMISSION_DENIED"}}]},
            status=403,
        )

    @staticmethod
    def format_error(error) -> dict:
        """Every error carries ``extensions.code``: the domain code of an ``ApplicationError`` raised by a
        resolver, INVALID for a document or variable the schema refuses, INTERNAL_ERROR (message hidden
        unless DEBUG, logged) for a bug."""
        if isinstance(error, HttpError):  # a malformed request: bad JSON, no query, wrong method
            return {"message": str(error), "extensions": {"code": ErrorCode.INVALID.value}}
        if not isinstance(error, GraphQLError):
            logger.error("GraphQL error outside execution: %r", error)
            return {"message": "Internal error.", "extensions": {"code": INTERNAL_ERROR}}
        formatted = dict(error.formatted)
        extensions = dict(formatted.get("extensions") or {})
        original = error.original_error
        if isinstance(original, ApplicationError):
            formatted["message"] = original.message
            extensions["code"] = original.code
            if original.field:
                extensions["field"] = camel_field(original.field)
        elif "code" not in extensions:
            if original is None or isinstance(original, GraphQLError):
                extensions["code"] = ErrorCode.INVALID.value
            else:
                logger.error("GraphQL resolver failed", exc_info=original)
                extensions["code"] = INTERNAL_ERROR
                if not settings.DEBUG:
                    formatted["message"] = "Internal error."
        formatted["extensions"] = extensions
        return formatted

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if query and len(query.encode()) > MAX_QUERY_BYTES:
            return ExecutionResult(errors=[_limit_error(f"The query is longer than {MAX_QUERY_BYTES} bytes.")])
        if query:
            try:
                document = document_parse(query)
            except GraphQLSyntaxError:
                document = None  # let graphene report the syntax error as usual
            if document is not None:
                cost, depth = query_cost(
                    document, variables=variables if isinstance(variables, dict) else {}, operation_name=operation_name
                )
                if depth > settings.GRAPHQL_MAX_DEPTH:
                    return ExecutionResult(
                        errors=[
                            _limit_error(f"The query is {depth} levels deep; at most {settings.GRAPHQL_MAX_DEPTH}.")
                        ]
                    )
                if cost > settings.GRAPHQL_MAX_COST:
                    return ExecutionResult(
                        errors=[_limit_error(f"The query would cost {cost}; at most {settings.GRAPHQL_MAX_COST}.")]
                    )
        return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)


def _limit_error(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "QUERY_TOO_COMPLEX"})
