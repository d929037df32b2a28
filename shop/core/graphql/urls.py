from django.conf import settings
from django.urls import path

from shop.core.graphql.views import ShopGraphQLView

urlpatterns = [
    path("graphql/", ShopGraphQLView.as_view(graphiql=settings.DEBUG), name="graphql"),
]
