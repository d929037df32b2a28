from django.urls import path

from shop.core.graphql.views import ShopGraphQLView

# GraphiQL is offered only while DEBUG is on: see ShopGraphQLView.can_display_graphiql.
urlpatterns = [
    path("graphql/", ShopGraphQLView.as_view(graphiql=True), name="graphql"),
]
