from __future__ import annotations

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView
from graphql import ExecutionResult, GraphQLError, parse
from graphql.error import GraphQLSyntaxError

from shop.core.graphql.limits import query_cost

MAX_QUERY_BYTES = 20_000


class _Csrf(CsrfViewMiddleware):
    def _reject(self, request, reason):
        return reason


@method_decorator(csrf_exempt, name="dispatch")
class ShopGraphQLView(GraphQLView):
    """The one GraphQL endpoint.

    CSRF: a bearer-token request carries no ambient credential, so it is exempt; a request
    riding on the session cookie must pass Django's CSRF check like any form post.
    Limits: over-long, over-deep or over-costly documents are refused before execution.
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

    def _csrf_failure(self):
        from django.http import JsonResponse

        return JsonResponse(
            {"errors": [{"message": "CSRF token missing or incorrect.", "extensions": {"code": "PERMISSION_DENIED"}}]},
            status=403,
        )

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if query and len(query.encode()) > MAX_QUERY_BYTES:
            return ExecutionResult(errors=[_limit_error(f"The query is longer than {MAX_QUERY_BYTES} bytes.")])
        if query:
            try:
                document = parse(query)
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
