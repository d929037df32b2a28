"""Issue 13, finding 6: curators saw a designer's payout account (IBAN) in the admin, which the API shows only to
the designer."""

from __future__ import annotations

from django.test import Client

from incubator.models import DesignerProfile

IBAN = "CN12 3456 7890 1234 5678"


def test_curators_do_not_see_a_designers_payout_account_in_the_admin(world):
    profile = DesignerProfile.objects.get(user=world.designer)
    profile.payout_details = IBAN
    profile.save()
    client = Client()
    client.force_login(world.curator)

    page = client.get(f"/admin/incubator/designerprofile/{profile.pk}/change/")
    listing = client.get("/admin/incubator/designerprofile/", {"q": "CN12"})

    assert page.status_code == 200
    assert IBAN not in page.content.decode()
    assert IBAN not in listing.content.decode()
    assert profile.display_name in page.content.decode()
