from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpResponseBadRequest
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import DocumentNode, ExecutionResult, GraphQLError, VariableDefinitionNode, parse
from graphql.error import GraphQLSyntaxError

from shop.core.errors import ApplicationError, ErrorCode
from shop.core.graphql.errors import camel_field
from shop.core.graphql.limits import document_analyse

MAX_QUERY_BYTES = 20_000
# Tokens the parser reads at most: a 20 kB document of one-letter fields stays under it, a token flood does not.
MAX_QUERY_TOKENS = 10_000
INTERNAL_ERROR = "INTERNAL_ERROR"

logger = logging.getLogger(__name__)


class _Csrf(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


@method_decorator(csrf_exempt, name="dispatch")
class ShopGraphQLView(GraphQLView):
    """The one GraphQL endpoint.

    CSRF: a bearer-token request carries no ambient credential, so it is exempt; a request
    riding on the session cookie must pass Django's CSRF check like any form post.
    Limits: over-long, over-deep or over-costly documents are refused before validation and execution
    (``shop.core.graphql.limits``); a request body that is not a GraphQL request is a 400 with a JSON error.
    Flow per request: parameters checked → document parsed → limits analysed (per document, cacheable) and
    checked against the variables → graphene validates and executes.
    """

    # GraphiQL from vendored files (shop/core/static/core/graphiql/), not graphene-django's CDN template.
    graphiql_template = "core/graphiql.html"

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
            if original is None or isinstance(original, GraphQLError) or not error.path:
                # No path: the document or a variable was refused before execution (a coercion error keeps the
                # scalar's ValueError as its original error); that is bad input, not a bug.
                extensions["code"] = ErrorCode.INVALID.value
                variable = error.nodes[0] if error.nodes else None
                if isinstance(variable, VariableDefinitionNode):
                    extensions["field"] = variable.variable.name.value
            else:
                logger.error("GraphQL resolver failed", exc_info=original)
                extensions["code"] = INTERNAL_ERROR
                if not settings.DEBUG:
                    formatted["message"] = "Internal error."
        formatted["extensions"] = extensions
        return formatted

    @staticmethod
    def get_graphql_params(request, data):
        """graphene's reading of the request, refusing what is not a GraphQL request (a 400 with a JSON error):
        ``query`` and ``operationName`` are strings, ``variables`` an object."""
        if not hasattr(data, "get"):
            raise HttpError(HttpResponseBadRequest("The body must be a JSON object."))
        query, variables, operation_name, id_ = GraphQLView.get_graphql_params(request, data)
        if query is not None and not isinstance(query, str):
            raise HttpError(HttpResponseBadRequest("`query` must be a string."))
        if variables is not None and not isinstance(variables, dict):
            raise HttpError(HttpResponseBadRequest("`variables` must be an object."))
        if operation_name is not None and not isinstance(operation_name, str):
            raise HttpError(HttpResponseBadRequest("`operationName` must be a string."))
        return query, variables, operation_name, id_

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if query:
            refusal = self.limits_refusal(query, variables=variables, operation_name=operation_name)
            if refusal is not None:
                return ExecutionResult(errors=[refusal])
        return super().execute_graphql_request(request, data, query, variables, operation_name, show_graphiql)

    def limits_refusal(self, query: str, *, variables, operation_name) -> GraphQLError | None:
        """QUERY_TOO_COMPLEX when the document is over a limit; None when it may run (a syntax error is left
        for graphene to report)."""
        if len(query.encode("utf-8", "surrogatepass")) > MAX_QUERY_BYTES:
            return _limit_error(f"The query is longer than {MAX_QUERY_BYTES} bytes.")
        try:
            document = parse(query, max_tokens=MAX_QUERY_TOKENS)
        except GraphQLSyntaxError as exc:
            if "tokens" in exc.message:
                return _limit_error(f"The query has more than {MAX_QUERY_TOKENS} tokens.")
            return None
        message = self.document_analysis(document).limits_refusal(variables=variables, operation_name=operation_name)
        return _limit_error(message) if message else None

    def document_analysis(self, document: DocumentNode):
        """The limits' analysis of ``document`` (depends on the document alone: a document cache may keep it)."""
        return document_analyse(document, schema=self.schema.graphql_schema)


def _limit_error(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"code": "QUERY_TOO_COMPLEX"})
