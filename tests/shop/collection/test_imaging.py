"""Relic and product imagery: private originals, watermarked public previews, no EXIF, thumbnails made once."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from easy_thumbnails.files import get_thumbnailer
from easy_thumbnails.models import Thumbnail
from PIL import Image, ImageChops, ImageStat

from shop.catalog.services import product_image_add
from shop.collection.errors import CollectionErrorCode
from shop.collection.models import RelicImage
from shop.collection.services import relic_image_add
from shop.core.errors import ApplicationError
from tests.conftest import _skip_or_fail
from tests.factories import ProductFactory, RelicFactory

pytestmark = pytest.mark.django_db

EXIF_ARTIST = 0x013B
EXIF_MAKE = 0x010F


def _striped_image(size: tuple[int, int]) -> Image.Image:
    """A plain mid-grey picture with a few bands, so a watermark stands out against it."""
    image = Image.new("RGB", size, (120, 110, 100))
    for x in range(0, size[0], 200):
        image.paste((90, 80, 70), (x, 0, x + 40, size[1]))
    return image


def _jpeg_with_exif(size: tuple[int, int] = (2400, 1800)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[EXIF_ARTIST] = "Museum photographer"
    exif[EXIF_MAKE] = "SecretCam"
    buffer = io.BytesIO()
    _striped_image(size).save(buffer, format="JPEG", quality=95, exif=exif.tobytes())
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


def _add(relic, upload=None) -> RelicImage:
    return relic_image_add(
        relic=relic,
        image_file=upload or _jpeg_with_exif(),
        alt_en="A bronze vessel",
        alt_zh="青铜器",
        credit_line="Photo © Sichuan Museum",
        rights_statement="NoC-CR",
    )


def test_relic_image_original_is_kept_in_private_storage_outside_media_root():
    image = _add(RelicFactory())

    original_path = Path(image.original.path).resolve()
    media_root = Path(settings.MEDIA_ROOT).resolve()
    assert original_path.is_file()
    assert original_path.is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
    assert not original_path.is_relative_to(media_root)
    # Nothing under the public media path carries the original's name.
    assert not (media_root / image.original.name).exists()
    # The preview, by contrast, is public media.
    assert Path(image.preview.path).resolve().is_relative_to(media_root)


def test_relic_image_original_bytes_are_untouched():
    upload = _jpeg_with_exif()
    image = _add(RelicFactory(), upload)
    upload.seek(0)
    with image.original.open("rb") as stored:
        assert stored.read() == upload.read()
    assert (image.width, image.height) == (2400, 1800)


def test_relic_preview_is_a_jpeg_at_most_1600_px_without_exif():
    image = _add(RelicFactory())

    with Image.open(image.preview.path) as preview:
        assert preview.format == "JPEG"
        assert max(preview.size) == 1600
        assert preview.size == (1600, 1200)
        assert len(preview.getexif()) == 0
        assert "exif" not in preview.info
    raw = Path(image.preview.path).read_bytes()
    assert b"SecretCam" not in raw
    assert b"Exif" not in raw


def test_relic_preview_name_is_unguessable_and_not_the_upload_name():
    first = _add(RelicFactory())
    second = _add(RelicFactory())
    assert "photo" not in first.preview.name
    assert first.preview.name != second.preview.name
    assert len(Path(first.preview.name).stem) == 32  # a uuid4 hex


def test_relic_preview_carries_a_visible_watermark():
    source = _striped_image((1200, 900))
    buffer = io.BytesIO()
    source.save(buffer, format="PNG")
    image = _add(RelicFactory(), SimpleUploadedFile("plain.png", buffer.getvalue(), content_type="image/png"))

    with Image.open(image.preview.path) as preview:
        difference = ImageChops.difference(preview.convert("RGB"), source)
    # JPEG noise alone stays within a few levels; the watermark changes many pixels by far more.
    strongly_changed = sum(difference.convert("L").point(lambda v: 255 if v > 40 else 0).histogram()[255:])
    assert strongly_changed > 0.01 * 1200 * 900
    # The corner mark sits on a dark band in the bottom-right corner.
    corner = difference.crop((900, 840, 1190, 890))
    assert max(ImageStat.Stat(corner).mean) > 20


def test_relic_image_thumbnails_exist_after_add():
    image = _add(RelicFactory())
    aliases = settings.THUMBNAIL_ALIASES[""]

    thumbnails = Thumbnail.objects.filter(source__name=image.preview.name)
    assert thumbnails.count() == len(aliases)
    thumbnailer = get_thumbnailer(image.preview)
    for alias in aliases:
        cached = thumbnailer.get_existing_thumbnail(aliases[alias] | {"ALIAS": alias})
        assert cached is not None, alias
        assert Path(cached.path).is_file()
        with Image.open(cached.path) as thumb:
            assert max(thumb.size) <= max(aliases[alias]["size"])


def test_relic_image_add_refuses_a_file_that_is_not_an_image():
    relic = RelicFactory()
    with pytest.raises(ApplicationError) as caught:
        _add(relic, SimpleUploadedFile("evil.jpg", b"<?php echo 1; ?>", content_type="image/jpeg"))
    assert caught.value.code == CollectionErrorCode.INVALID
    assert caught.value.field == "image"
    assert not RelicImage.objects.exists()
    assert not any(Path(settings.PRIVATE_MEDIA_ROOT).rglob("*.*"))


def test_relic_image_add_refuses_missing_credit_line_and_writes_nothing():
    relic = RelicFactory()
    with pytest.raises(ApplicationError) as caught:
        relic_image_add(relic=relic, image_file=_jpeg_with_exif(), alt_en="x", credit_line=" ")
    assert caught.value.field == "credit_line"
    assert not RelicImage.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_relic_image_add_applies_exif_orientation_before_stripping_it():
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = io.BytesIO()
    _striped_image((800, 400)).save(buffer, format="JPEG", exif=exif.tobytes())
    image = _add(RelicFactory(), SimpleUploadedFile("turned.jpg", buffer.getvalue(), content_type="image/jpeg"))
    with Image.open(image.preview.path) as preview:
        assert preview.size == (400, 800)


def test_product_image_is_reencoded_without_exif_and_thumbnailed():
    product = ProductFactory()
    image = product_image_add(product=product, image_file=_jpeg_with_exif((2600, 1300)), alt_en="Mug")

    with Image.open(image.image.path) as stored:
        assert stored.format == "JPEG"
        assert stored.size == (2000, 1000)
        assert len(stored.getexif()) == 0
    assert b"SecretCam" not in Path(image.image.path).read_bytes()
    assert (image.width, image.height) == (2000, 1000)
    assert Thumbnail.objects.filter(source__name=image.image.name).count() == len(settings.THUMBNAIL_ALIASES[""])


def test_product_image_add_refuses_a_truncated_image():
    product = ProductFactory()
    data = _jpeg_with_exif().read()
    with pytest.raises(ApplicationError) as caught:
        product_image_add(
            product=product, image_file=SimpleUploadedFile("cut.jpg", data[: len(data) // 3]), alt_en="Mug"
        )
    assert caught.value.field == "image"
    assert not product.images.exists()


def test_watermark_works_without_any_cjk_font(monkeypatch, settings):
    from shop.collection import imaging

    settings.SHOP_WATERMARK_CJK_FONT = ""
    monkeypatch.setattr(imaging, "_CJK_FONT_CANDIDATES", ())
    imaging.cjk_font_path.cache_clear()
    imaging._font.cache_clear()
    try:
        text = imaging.watermark_text(museum_name_en="Sichuan Museum", museum_name_zh="四川博物院")
        assert text == "BASHU CREATIVE · Sichuan Museum"
        source = _striped_image((900, 600))
        marked = imaging.relic_preview_image(source, museum_name_en="Sichuan Museum", museum_name_zh="四川博物院")
        assert marked.size == (900, 600)
        assert ImageChops.difference(marked, source).getbbox() is not None
    finally:
        imaging.cjk_font_path.cache_clear()
        imaging._font.cache_clear()


def test_watermark_draws_chinese_when_a_cjk_font_is_installed():
    from shop.collection import imaging

    if imaging.cjk_font_path() is None:
        _skip_or_fail("no CJK font here (apt-get install fonts-wqy-microhei); the Latin-only path is tested above")
    text = imaging.watermark_text(museum_name_en="Sichuan Museum", museum_name_zh="四川博物院")
    assert text.startswith("两城两馆 · BASHU CREATIVE")
    assert "四川博物院" in text


@pytest.mark.django_db
def test_rendered_thumbnails_count_as_ready_even_before_the_thumbnail_storage_was_first_used():
    from django.utils.functional import empty
    from easy_thumbnails import storage as thumbnail_storages

    from shop.catalog.models import ProductImage
    from shop.collection import imagery
    from tests.factories import ProductFactory
    from tests.shop.catalog.graphql.imagery_factories import product_image_create

    image = product_image_create(product=ProductFactory())
    thumbnail_storages.thumbnail_default_storage._wrapped = empty  # as in a process that just started

    row = ProductImage.objects.annotate(**imagery.thumbnail_ready_annotations(field="image")).get(pk=image.pk)

    assert row.thumbnail_ready_card is True
    assert imagery.image_url(instance=row, field="image", alias="card").endswith(".480x480_q85_crop-smart.jpg")
