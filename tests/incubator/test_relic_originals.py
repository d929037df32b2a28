"""Relic originals: designers zoom them and download them in high resolution, marked and logged; nobody else
gets an original, a download or the audit log, whatever id, token or path they try."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from incubator import services
from incubator.downloads import DownloadLogIsAppendOnly, RelicImageDownload
from incubator.models import SubmissionState
from shop.collection.marking import hidden_mark_read
from shop.collection.models import RelicImageTiles, TileSetKind
from shop.collection.services import relic_image_add, relic_image_tiles_generate
from tests.incubator.factories import designer_user, make_draft

pytestmark = pytest.mark.django_db


def _photo() -> bytes:
    picture = Image.new("RGB", (1400, 900), (140, 100, 60))
    for x in range(0, 1400, 70):
        picture.paste((60, 80, 110), (x, 0, x + 25, 900))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def relic_image(world):
    """A photograph of the jointly held relic (kept by Sichuan), with its tiles made."""
    image = relic_image_add(
        relic=world.joint_licence.relic,
        image_file=SimpleUploadedFile("p.png", _photo(), content_type="image/png"),
        alt_en="Bronze",
        credit_line="© Sichuan Museum",
    )
    relic_image_tiles_generate(relic_image_id=image.pk)
    return image


@pytest.fixture
def draft(world):
    return make_draft(world)  # by world.designer, using the joint licence


def _download(client, user, image, submission):
    if user is not None:
        client.force_login(user)
    return client.post(
        reverse("incubator:relic_image_download", args=[image.pk]),
        {"submission": submission.pk, "purpose": "pattern study"},
    )


def test_designer_downloads_the_original_marked_visibly_and_invisibly_and_it_is_logged(
    client, world, relic_image, draft
):
    response = _download(client, world.designer, relic_image, draft)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"].startswith("attachment;")
    content = response.content
    picture = Image.open(io.BytesIO(content))
    assert picture.size == (1400, 900)  # full resolution, not the 1600-px-capped preview's scale
    record = RelicImageDownload.objects.get()
    assert (record.designer, record.image, record.submission) == (world.designer, relic_image, draft)
    assert record.purpose == "pattern study"
    assert f"designer #{world.designer.pk}" in record.visible_mark and str(record.mark) in record.visible_mark
    with relic_image.original.open("rb") as stored:
        assert hidden_mark_read(content, original=stored.read()) == record.mark
    # The visible band at the bottom: dark, unlike the photograph's brown there.
    assert sum(picture.getpixel((5, 895))) < 150


def test_the_download_log_never_changes(world, relic_image, draft):
    record, _ = services.relic_image_download(actor=world.designer, image=relic_image, submission=draft)
    record.purpose = "edited"
    with pytest.raises(DownloadLogIsAppendOnly):
        record.save()
    with pytest.raises(DownloadLogIsAppendOnly):
        record.delete()


@pytest.mark.parametrize(
    "who", ["anonymous", "shopper", "other_designer", "chongqing_staff", "sichuan_staff", "curator"]
)
def test_nobody_else_can_download_an_original(client, world, relic_image, draft, who):
    user = None if who == "anonymous" else getattr(world, who)
    response = _download(client, user, relic_image, draft)
    assert response.status_code in (302, 403)
    if who == "anonymous":
        assert "/sign-in/" in response["Location"] or "login" in response["Location"]
    assert response.get("Content-Type", "") != "image/jpeg"
    assert not RelicImageDownload.objects.exists()


def test_a_designer_cannot_download_for_a_submission_that_does_not_use_the_relic(client, world, relic_image):
    other = make_draft(world, licence=world.solo_licence)
    assert _download(client, world.designer, relic_image, other).status_code == 403
    assert not RelicImageDownload.objects.exists()


def test_a_withdrawn_submission_gives_no_download(client, world, relic_image, draft):
    services.submission_withdraw(submission=draft, actor=world.designer)
    draft.refresh_from_db()
    assert draft.state == SubmissionState.WITHDRAWN
    assert _download(client, world.designer, relic_image, draft).status_code == 403
    assert not RelicImageDownload.objects.exists()


def test_guessed_ids_give_nothing(client, world, relic_image, draft):
    stranger = designer_user()
    assert _download(client, stranger, relic_image, draft).status_code == 403  # someone else's submission
    client.force_login(world.designer)
    missing = reverse("incubator:relic_image_download", args=[relic_image.pk + 1000])
    assert client.post(missing, {"submission": draft.pk}).status_code == 404
    assert (
        client.post(
            reverse("incubator:relic_image_download", args=[relic_image.pk]), {"submission": 99_999}
        ).status_code
        == 403
    )
    assert not RelicImageDownload.objects.exists()


def test_the_audit_log_is_for_curators_and_the_owning_museum_only(client, world, relic_image, draft):
    services.relic_image_download(actor=world.designer, image=relic_image, submission=draft)
    record = RelicImageDownload.objects.get()
    url = reverse("incubator:download_log")
    for user in (world.curator, world.sichuan_staff):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200 and str(record.mark) in response.content.decode()
    client.force_login(world.chongqing_staff)  # the other museum: the page shows none of Sichuan's downloads
    response = client.get(url)
    assert response.status_code == 200 and str(record.mark) not in response.content.decode()
    for user in (world.shopper, world.other_designer, world.designer):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def _tile_urls(image):
    tiles = RelicImageTiles.objects.get(image=image, kind=TileSetKind.ORIGINAL)
    return [
        reverse("incubator:original_tiles", args=[image.pk]),
        reverse("incubator:original_tile", args=[image.pk, "info.json"]),
        reverse("incubator:original_tile", args=[image.pk, "0,0,512,512/512,512/0/default.jpg"]),
        reverse(
            "incubator:original_tile", args=[image.pk, f"full/{tiles.width // 4},{tiles.height // 4}/0/default.jpg"]
        ),
    ]


def test_designers_zoom_the_original_tiles(client, world, relic_image):
    client.force_login(world.other_designer)  # any designer with a profile zooms
    info, _info_json, tile, whole = (client.get(url) for url in _tile_urls(relic_image))
    assert info.status_code == 200 and info.json()["width"] == 1400
    assert info.json()["id"].endswith(reverse("incubator:original_tiles", args=[relic_image.pk]).rstrip("/"))
    assert tile.status_code == 200 and tile["Content-Type"] == "image/jpeg"
    assert b"".join(tile.streaming_content)[:2] == b"\xff\xd8"
    assert whole.status_code == 200


@pytest.mark.parametrize("who", ["anonymous", "shopper", "chongqing_staff"])
def test_original_tiles_are_hidden_from_everyone_else(client, world, relic_image, who):
    if who != "anonymous":
        client.force_login(getattr(world, who))
    for url in _tile_urls(relic_image):
        assert client.get(url).status_code == 404


def test_original_tiles_refuse_guessed_images_and_paths(client, world, relic_image):
    client.force_login(world.designer)
    assert client.get(reverse("incubator:original_tiles", args=[relic_image.pk + 1000])).status_code == 404
    base = reverse("incubator:original_tiles", args=[relic_image.pk])
    for path in [
        "../../originals/x.png",
        "0,0,512,512/512,512/0/default.png",
        "vips-properties.xml",
        "%2e%2e/info.json",
    ]:
        assert client.get(base + path).status_code == 404


def test_the_original_has_no_url_and_no_media_path_serves_it(client, relic_image, settings):
    from pathlib import Path

    with pytest.raises(ValueError):
        relic_image.original.url  # noqa: B018 - the private storage refuses to make one
    assert not (Path(settings.MEDIA_ROOT) / relic_image.original.name).exists()
    original_tiles = RelicImageTiles.objects.get(image=relic_image, kind=TileSetKind.ORIGINAL)
    assert not (Path(settings.MEDIA_ROOT) / original_tiles.path).exists()
    for guess in (f"/media/{relic_image.original.name}", f"/media/{original_tiles.path}/info.json"):
        assert client.get(guess).status_code == 404
