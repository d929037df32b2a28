"""The Django admin: every registered model's pages open for a superuser, and nothing private shows."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from shop.collection.models import RelicImage
from shop.payments.models import Payment
from tests.shop.admin.helpers import OWNED_APPS, REGISTERED

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", REGISTERED, ids=lambda model: model._meta.label)
def test_admin_pages_open_for_a_superuser(superuser_client, superuser, one_of_everything, model, rf):
    opts = model._meta
    model_admin = admin.site._registry[model]
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")

    assert superuser_client.get(changelist).status_code == 200
    if model_admin.search_fields:
        assert superuser_client.get(changelist, {"q": "a"}).status_code == 200
    request = rf.get(changelist)
    request.user = superuser
    if model_admin.has_add_permission(request):
        assert superuser_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200

    obj = model._default_manager.first()
    if opts.app_label in OWNED_APPS:
        assert obj is not None, f"the fixture must create a {opts.label}"
    if obj is not None:
        change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert superuser_client.get(change).status_code == 200


def test_admin_never_shows_a_private_original_or_a_client_secret(superuser_client, one_of_everything):
    image = RelicImage.objects.get()
    relic_page = superuser_client.get(reverse("admin:collection_relic_change", args=[image.relic_id]))
    image_page = superuser_client.get(reverse("admin:collection_relicimage_change", args=[image.pk]))
    for page in (relic_page, image_page):
        assert image.original.name not in page.content.decode()
        assert "originals" not in page.content.decode()
    payment = Payment.objects.get()
    payment_page = superuser_client.get(reverse("admin:payments_payment_change", args=[payment.pk]))
    assert "cs_secret_value" not in payment_page.content.decode()
