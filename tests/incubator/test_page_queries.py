"""The portal's list pages run a fixed number of queries however many relics, downloads or products they show."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from PIL import Image

from incubator import services
from shop.collection.services import relic_image_add
from tests.factories import LicenceFactory, RelicFactory
from tests.incubator.factories import make_draft, make_launched

pytestmark = pytest.mark.django_db


def _photo() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (120, 90, 60)).save(out, format="PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


def _queries(user, url: str) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    client.get(url)  # thumbnails and session bookkeeping happen once
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_relics(world, count: int) -> None:
    for _ in range(count):
        licence = LicenceFactory(relic=RelicFactory(museum=world.sichuan), categories=[world.category])
        relic_image_add(relic=licence.relic, image_file=_photo(), alt_en="x", credit_line="© x")


def _more_downloads(world, count: int) -> None:
    image = relic_image_add(relic=world.joint_licence.relic, image_file=_photo(), alt_en="x", credit_line="© x")
    draft = make_draft(world)
    for _ in range(count):
        services.relic_image_download(actor=world.designer, image=image, submission=draft)


@pytest.mark.parametrize(
    ("who", "url", "grow"),
    [
        ("designer", "/incubator/relics/", _more_relics),
        ("designer", "/incubator/submissions/new/", _more_relics),
        ("curator", "/incubator/downloads/", _more_downloads),
        ("sichuan_staff", "/incubator/downloads/", _more_downloads),
    ],
    ids=["library", "editor", "downloads-curator", "downloads-museum"],
)
def test_portal_list_pages_do_not_run_a_query_per_item(world, who, url, grow):
    user = getattr(world, who)
    grow(world, 1)
    few = _queries(user, url)
    grow(world, 6)
    assert _queries(user, url) == few


def test_designer_page_does_not_run_a_query_per_product(world):
    launched = make_launched(world)
    services.submission_publish(submission=launched, actor=world.curator)
    url = f"/designers/{world.designer.designer_profile.slug}/"
    few = _queries(None, url)
    for _ in range(3):
        more = make_launched(world)
        services.submission_publish(submission=more, actor=world.curator)
    assert _queries(None, url) == few
