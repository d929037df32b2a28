"""Uploaded images are hostile until proven otherwise.

``image_sanitise`` decides by content alone (the name, extension and declared content type
are ignored): only JPEG, PNG or WebP that Pillow can fully decode, at most
``INCUBATOR_MAX_UPLOAD_BYTES`` and ``INCUBATOR_MAX_IMAGE_PIXELS``; the picture is rotated
upright and re-encoded from its pixels, so EXIF (GPS included), ICC, XMP and text chunks are
gone, and so is anything appended to or hidden in the file.
"""

from __future__ import annotations

import base64
import binascii
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from PIL import Image, ImageOps, UnidentifiedImageError

from incubator.errors import IncubatorErrorCode
from incubator.models import ImageFormat
from shop.core.errors import ApplicationError

_ALLOWED = {"JPEG": ImageFormat.JPEG, "PNG": ImageFormat.PNG, "WEBP": ImageFormat.WEBP}


@dataclass(frozen=True, slots=True)
class SanitisedImage:
    content: bytes
    format: ImageFormat
    width: int
    height: int


def _invalid(message: str, field: str) -> ApplicationError:
    return ApplicationError(message, code=IncubatorErrorCode.INVALID_IMAGE, field=field)


def _read_capped(upload, *, field: str) -> bytes:
    """All the bytes of ``upload`` (bytes or a file), refusing past the limit without reading it all."""
    limit = settings.INCUBATOR_MAX_UPLOAD_BYTES
    too_large = ApplicationError(
        f"The file is larger than {limit // (1024 * 1024)} MB.", code=IncubatorErrorCode.FILE_TOO_LARGE, field=field
    )
    if isinstance(upload, bytes | bytearray):
        if len(upload) > limit:
            raise too_large
        return bytes(upload)
    if getattr(upload, "size", None) is not None and upload.size > limit:
        raise too_large
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_large
    return data


def image_sanitise(*, upload, field: str = "image") -> SanitisedImage:
    """Check ``upload`` (bytes or a file) by content and re-encode it; raise ``INVALID_IMAGE``,
    ``FILE_TOO_LARGE`` or ``IMAGE_TOO_LARGE`` otherwise. Nothing is written anywhere."""
    data = _read_capped(upload, field=field)
    if not data:
        raise _invalid("The file is empty.", field)
    max_pixels = settings.INCUBATOR_MAX_IMAGE_PIXELS
    too_many_pixels = ApplicationError(
        f"The image has more than {max_pixels // 1_000_000} megapixels.",
        code=IncubatorErrorCode.IMAGE_TOO_LARGE,
        field=field,
    )
    with warnings.catch_warnings():
        # Pillow's own bomb check warns before it errors: both are refusals here.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            kind = probe.format
            # The header alone tells the size: refuse a bomb before decoding a single pixel.
            if probe.width * probe.height > max_pixels:
                raise too_many_pixels
            if kind not in _ALLOWED:
                raise _invalid("Only JPEG, PNG or WebP images are accepted.", field)
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()  # a truncated or corrupt stream fails here
            image = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise too_many_pixels from None
        except ApplicationError:
            raise
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
            raise _invalid("The file is not a readable JPEG, PNG or WebP image.", field) from exc
    image_format = _ALLOWED[kind]
    return SanitisedImage(
        content=_encode(image, image_format), format=image_format, width=image.width, height=image.height
    )


def _encode(image: Image.Image, image_format: ImageFormat) -> bytes:
    """Re-encode from pixels only: no metadata travels (``info`` is emptied, nothing is passed on)."""
    if image_format == ImageFormat.JPEG:
        image = image.convert("RGB") if image.mode not in ("RGB", "L") else image
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "transparency" in image.info or image.mode in ("P", "PA") else "RGB")
    image.info = {}
    out = io.BytesIO()
    if image_format == ImageFormat.JPEG:
        image.save(out, format="JPEG", quality=90, optimize=True)
    elif image_format == ImageFormat.PNG:
        image.save(out, format="PNG", optimize=True)
    else:
        image.save(out, format="WEBP", quality=90)
    return out.getvalue()


def image_decode_base64(*, data: str, field: str = "image") -> bytes:
    """The bytes of a base64 string (an optional ``data:...;base64,`` prefix is ignored), capped at
    ``INCUBATOR_GRAPHQL_IMAGE_MAX_BYTES``: larger files go through the portal's multipart form."""
    limit = settings.INCUBATOR_GRAPHQL_IMAGE_MAX_BYTES
    if "," in data[:100] and data[:100].lstrip().startswith("data:"):
        data = data.split(",", 1)[1]
    if len(data) > (limit * 4) // 3 + 8:
        raise ApplicationError(
            f"Images sent through the API may be at most {limit // 1024} KB; use the portal for larger files.",
            code=IncubatorErrorCode.FILE_TOO_LARGE,
            field=field,
        )
    try:
        raw = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        raise _invalid("The image is not valid base64.", field) from None
    if len(raw) > limit:
        raise ApplicationError(
            f"Images sent through the API may be at most {limit // 1024} KB.",
            code=IncubatorErrorCode.FILE_TOO_LARGE,
            field=field,
        )
    return raw
