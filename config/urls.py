from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.views import landing
from shop.checkout import urls as checkout_urls

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("welcome/", landing, name="landing"),
    path("", include("shop.core.urls")),
    path("", include("shop.core.graphql.urls")),
    path("", include("shop.payments.urls")),
    path("incubator/", include("incubator.urls")),
    path("ops/", include("shop.operations.urls")),
    path("designers/", include("incubator.urls_public")),
    path("", include("shop.accounts.urls")),
    path("", include("shop.checkout.urls")),
    path("", include((checkout_urls.order_urlpatterns, "orders"))),
    path("", include("shop.royalties.urls")),
    path("", include("shop.storefront.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
