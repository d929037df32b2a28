import io

import pytest
from PIL import Image

from incubator.errors import IncubatorErrorCode
from incubator.models import ImageFormat
from incubator.uploads import image_decode_base64, image_sanitise
from shop.core.errors import ApplicationError
from tests.incubator import images


def _refused(data) -> str:
    with pytest.raises(ApplicationError) as caught:
        image_sanitise(upload=data)
    return caught.value.code


def test_png_is_accepted_as_png_whatever_it_is_called():
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("holiday.jpg", images.png_bytes(), content_type="image/jpeg")
    clean = image_sanitise(upload=upload)
    assert clean.format == ImageFormat.PNG
    assert Image.open(io.BytesIO(clean.content)).format == "PNG"
    assert (clean.width, clean.height) == (64, 48)


def test_webp_is_accepted():
    assert image_sanitise(upload=images.webp_bytes()).format == ImageFormat.WEBP


def test_text_file_named_png_is_refused():
    assert _refused(b"just some words, not a picture\n" * 10) == IncubatorErrorCode.INVALID_IMAGE


def test_gif_is_refused():
    assert _refused(images.gif_bytes()) == IncubatorErrorCode.INVALID_IMAGE


def test_truncated_jpeg_is_refused():
    assert _refused(images.truncated_jpeg_bytes()) == IncubatorErrorCode.INVALID_IMAGE


def test_empty_file_is_refused():
    assert _refused(b"") == IncubatorErrorCode.INVALID_IMAGE


def test_decompression_bomb_is_refused_before_decoding():
    bomb = images.png_bomb_bytes()
    assert len(bomb) < 10_000
    assert _refused(bomb) == IncubatorErrorCode.IMAGE_TOO_LARGE


def test_image_just_over_40_megapixels_is_refused():
    assert _refused(images.png_over_limit_bytes()) == IncubatorErrorCode.IMAGE_TOO_LARGE


def test_file_over_the_byte_limit_is_refused(settings):
    settings.INCUBATOR_MAX_UPLOAD_BYTES = 1000
    data = images.png_bytes(size=(300, 300))
    noisy = io.BytesIO()
    Image.effect_noise((200, 200), 80).save(noisy, format="PNG")
    assert len(noisy.getvalue()) > 1000
    assert _refused(noisy.getvalue()) == IncubatorErrorCode.FILE_TOO_LARGE
    assert data  # a small file still passes the same limit
    settings.INCUBATOR_MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def test_jpeg_with_gps_exif_comes_out_without_exif():
    original = images.jpeg_bytes(with_gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the crafted file really has GPS
    clean = image_sanitise(upload=original)
    result = Image.open(io.BytesIO(clean.content))
    assert result.format == "JPEG"
    assert not result.getexif()
    assert "exif" not in result.info
    assert b"Exif" not in clean.content
    assert b"PhoneMaker" not in clean.content


def test_trailing_payload_after_the_image_is_dropped():
    clean = image_sanitise(upload=images.png_bytes() + b"<script>alert(1)</script>")
    assert b"<script>" not in clean.content


def test_base64_over_the_api_cap_is_refused(settings):
    settings.INCUBATOR_GRAPHQL_IMAGE_MAX_BYTES = 100
    import base64

    with pytest.raises(ApplicationError) as caught:
        image_decode_base64(data=base64.b64encode(b"x" * 500).decode())
    assert caught.value.code == IncubatorErrorCode.FILE_TOO_LARGE


def test_base64_that_is_not_base64_is_refused():
    with pytest.raises(ApplicationError) as caught:
        image_decode_base64(data="not base64 at all!!")
    assert caught.value.code == IncubatorErrorCode.INVALID_IMAGE
