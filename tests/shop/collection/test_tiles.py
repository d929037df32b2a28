"""Deep-zoom tiles: written once per relic image by the reaction to ``relic_image.added``, as an IIIF level-0
pyramid with its info.json, the preview's in public media and the original's in the private storage only."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from shop.collection.models import RelicImageTiles, TileSetKind
from shop.collection.services import relic_image_add, relic_image_tiles_generate
from shop.collection.tiles import tiles_info, tiles_public_base_url
from shop.core.storage import private_storage
from tests.factories import RelicFactory
from tests.outbox_helpers import outbox_pending, outbox_run

pytestmark = pytest.mark.django_db


def _upload(size=(2300, 1100)) -> SimpleUploadedFile:
    picture = Image.new("RGB", size, (150, 110, 60))
    for x in range(0, size[0], 97):
        picture.paste((30, 60, 90), (x, 0, x + 20, size[1]))
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


def _image():
    return relic_image_add(relic=RelicFactory(), image_file=_upload(), alt_en="A bronze", credit_line="© Museum")


def test_adding_a_relic_image_publishes_the_event_and_its_reaction_writes_both_tile_sets():
    image = _image()
    assert [m.task_name for m in outbox_pending(event="relic_image.added")] == [
        "worker.tasks.collection.relic_image_tiles_task"
    ]
    assert outbox_run(task_name="worker.tasks.collection.relic_image_tiles_task") == [2]
    kinds = {tiles.kind: tiles for tiles in RelicImageTiles.objects.filter(image=image)}
    assert set(kinds) == {TileSetKind.PREVIEW, TileSetKind.ORIGINAL}
    original = kinds[TileSetKind.ORIGINAL]
    assert (original.width, original.height) == (2300, 1100)
    assert original.scale_factors == [1, 2, 4, 8]
    assert kinds[TileSetKind.PREVIEW].width == 1600  # the watermarked preview, not the original


def test_original_tiles_are_in_the_private_storage_only_and_form_an_iiif_level0_pyramid(settings):
    image = _image()
    relic_image_tiles_generate(relic_image_id=image.pk)
    original = RelicImageTiles.objects.get(image=image, kind=TileSetKind.ORIGINAL)
    info = json.loads(private_storage.open(f"{original.path}/info.json").read())
    assert info["profile"] == "level0" and info["type"] == "ImageService3"
    assert not default_storage.exists(f"{original.path}/info.json")
    assert not list(Path(settings.MEDIA_ROOT).rglob("info.json")) or all(
        original.path not in str(found) for found in Path(settings.MEDIA_ROOT).rglob("info.json")
    )
    # The full-resolution tile at the top-left corner, as a level-0 client asks for it.
    with private_storage.open(f"{original.path}/0,0,512,512/512,512/0/default.jpg") as tile:
        decoded = Image.open(tile)
        assert decoded.format == "JPEG" and decoded.size == (512, 512)
    # The whole image at the smallest scale (8): 2300/8 → 288 px wide.
    assert private_storage.exists(f"{original.path}/full/288,138/0/default.jpg")
    assert original.tile_count > 20


def test_preview_tiles_are_public_and_their_info_names_the_media_url():
    image = _image()
    relic_image_tiles_generate(relic_image_id=image.pk)
    preview = RelicImageTiles.objects.get(image=image, kind=TileSetKind.PREVIEW)
    base = tiles_public_base_url(preview)
    assert base.startswith("/media/tiles/")
    info = tiles_info(preview, base_url=base)
    assert info["id"] == base and info["width"] == 1600
    assert default_storage.exists(f"{preview.path}/info.json")


def test_tile_generation_runs_once_however_often_the_reaction_runs():
    image = _image()
    assert relic_image_tiles_generate(relic_image_id=image.pk) == 2
    assert relic_image_tiles_generate(relic_image_id=image.pk) == 0
    assert RelicImageTiles.objects.filter(image=image).count() == 2
    assert relic_image_tiles_generate(relic_image_id=999_999) == 0


def test_tiles_go_to_s3_when_media_live_there(s3_media):
    image = _image()
    relic_image_tiles_generate(relic_image_id=image.pk)
    original = RelicImageTiles.objects.get(image=image, kind=TileSetKind.ORIGINAL)
    preview = RelicImageTiles.objects.get(image=image, kind=TileSetKind.PREVIEW)
    client = s3_media["client"]
    assert client.head_object(Bucket=s3_media["private"], Key=f"{original.path}/info.json")
    assert client.head_object(Bucket=s3_media["public"], Key=f"{preview.path}/info.json")
    listed = client.list_objects_v2(Bucket=s3_media["public"], Prefix=original.path)
    assert listed.get("KeyCount", 0) == 0  # no original tile in the public bucket
    assert tiles_public_base_url(preview).startswith(s3_media["endpoint"])


def test_the_relic_tiles_command_asks_again_for_images_without_tiles():
    from django.core.management import call_command

    from shop.core.models import OutboxMessage

    image = _image()
    OutboxMessage.objects.all().delete()  # an image stored before tiles existed: no event ever published
    call_command("relic_tiles", stdout=io.StringIO())
    assert outbox_run(task_name="worker.tasks.collection.relic_image_tiles_task") == [2]
    assert RelicImageTiles.objects.filter(image=image).count() == 2
    out = io.StringIO()
    call_command("relic_tiles", stdout=out)
    assert "of 0 relic image(s)" in out.getvalue()
