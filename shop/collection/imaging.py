"""Image processing for relic and product imagery (Pillow), run once at upload, never per request.

``image_load`` checks an upload really is an image of a sane size; ``relic_preview_image``
turns a private original into the public preview (longest side ≤ 1600 px, tiled diagonal
watermark plus a corner mark) and ``jpeg_file`` encodes it as a JPEG without EXIF or other
metadata; ``product_photo_image`` does the same for product photos without the watermark; ``thumbnails_generate``
renders every ``THUMBNAIL_ALIASES`` thumbnail of a stored file so that pages only look them up.

The watermark is drawn with Pillow's built-in font (Latin only) unless a CJK font file is
found on the machine, in which case the Chinese programme name is drawn as well.
"""

from __future__ import annotations

import functools
import io
import math

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from easy_thumbnails.alias import aliases
from easy_thumbnails.files import get_thumbnailer
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from shop.collection.errors import CollectionErrorCode
from shop.core.errors import ApplicationError
from shop.core.fonts import CJK_FONT_CANDIDATES, cjk_font_files

PREVIEW_MAX_SIDE = 1600
PRODUCT_PHOTO_MAX_SIDE = 2000
AVATAR_MAX_SIDE = 480
JPEG_QUALITY = 85
# An upload larger than this many pixels is refused before it is decoded (decompression bombs).
MAX_SOURCE_PIXELS = 80_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "TIFF", "MPO"})

PROGRAMME_ZH = "两城两馆"
BRAND = "BASHU CREATIVE"
WATERMARK_ANGLE = 30  # degrees, counter-clockwise

_CJK_FONT_CANDIDATES = CJK_FONT_CANDIDATES  # one list (shop.core.fonts); tests replace it here


def _invalid(message: str) -> ApplicationError:
    return ApplicationError(message, code=CollectionErrorCode.INVALID, field="image")


def image_load(image_file) -> Image.Image:
    """Decode an uploaded file into a fully loaded RGB image, upright per its EXIF orientation.

    Raises ``ApplicationError`` (code INVALID, field ``image``) for anything that is not a
    JPEG/PNG/WebP/TIFF image, is truncated, or is too large to decode safely."""
    if image_file is None:
        raise ApplicationError("An image file is required.", code=CollectionErrorCode.REQUIRED, field="image")
    try:
        image_file.seek(0)
        with Image.open(image_file) as probe:
            if probe.format not in ACCEPTED_FORMATS:
                raise _invalid(f"Unsupported image format {probe.format}; use JPEG, PNG, WebP or TIFF.")
            if probe.width * probe.height > MAX_SOURCE_PIXELS:
                raise _invalid("The image is too large (more than 80 megapixels).")
            probe.verify()
        image_file.seek(0)
        with Image.open(image_file) as image:
            image.load()
            upright = ImageOps.exif_transpose(image)
    except ApplicationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise _invalid("The file is not a readable image.") from exc
    finally:
        image_file.seek(0)
    return _flatten_to_rgb(upright)


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    """RGB on white: transparency becomes paper white, palettes and CMYK become RGB."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _fit(image: Image.Image, max_side: int) -> Image.Image:
    if max(image.size) <= max_side:
        return image.copy()
    fitted = image.copy()
    fitted.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return fitted


def jpeg_bytes(image: Image.Image, *, quality: int = JPEG_QUALITY) -> bytes:
    """Encode as a progressive JPEG carrying no EXIF, XMP, ICC or comment: only pixels."""
    clean = Image.new("RGB", image.size)
    clean.paste(image.convert("RGB"))
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return buffer.getvalue()


@functools.cache
def cjk_font_path() -> str | None:
    """Path of a font that can draw Chinese, or None (the watermark then stays Latin-only)."""
    configured = getattr(settings, "SHOP_WATERMARK_CJK_FONT", "")
    return next(cjk_font_files(configured=configured, candidates=_CJK_FONT_CANDIDATES), None)


@functools.lru_cache(maxsize=64)
def _font(size: int, *, cjk: bool) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    path = cjk_font_path() if cjk else None
    if path:
        return ImageFont.truetype(path, size=size)
    return ImageFont.load_default(size=size)


def watermark_text(*, museum_name_en: str, museum_name_zh: str = "") -> str:
    """The tiled watermark line: Chinese programme name and museum name when a CJK font exists."""
    if cjk_font_path():
        return f"{PROGRAMME_ZH} · {BRAND} · {museum_name_zh or museum_name_en}"
    return f"{BRAND} · {museum_name_en}"


def watermark_apply(image: Image.Image, *, text: str, corner_text: str) -> Image.Image:
    """Tile ``text`` diagonally across the image (semi-transparent white with a dark halo, so it
    shows on light and dark areas) and put ``corner_text`` on a dark band in the bottom-right corner."""
    base = image.convert("RGBA")
    width, height = base.size
    font_size = max(14, round(min(width, height) / 22))
    use_cjk = any(ord(char) > 0x2FFF for char in text) and cjk_font_path() is not None
    font = _font(font_size, cjk=use_cjk)
    tile_text = f"{text}      "

    # Draw the text once, rotate that one tile, then stamp it on a diagonal lattice: rotating a
    # whole image-sized layer (or drawing text per tile) costs ten times more.
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), tile_text, font=font, stroke_width=1)
    step_x = max(right - left, 1)
    tile = Image.new("RGBA", (step_x, bottom - top), (0, 0, 0, 0))
    ImageDraw.Draw(tile).text(
        (-left, -top), tile_text, font=font, fill=(255, 255, 255, 92), stroke_width=1, stroke_fill=(0, 0, 0, 56)
    )
    step_y = max(int(tile.height * 3.2), font_size * 3)
    rotated = tile.rotate(WATERMARK_ANGLE, resample=Image.Resampling.BICUBIC, expand=True)
    angle = math.radians(WATERMARK_ANGLE)
    along = (math.cos(angle) * step_x, -math.sin(angle) * step_x)  # the text's direction
    across = (math.sin(angle) * step_y, math.cos(angle) * step_y)  # from one row to the next
    layer = Image.new("RGBA", (width, height), (0, 0, 0, 0))
    diagonal = math.hypot(width, height)
    rows, columns = math.ceil(diagonal / step_y / 2) + 1, math.ceil(diagonal / step_x / 2) + 1
    for j in range(-rows, rows + 1):
        shift = 0.5 * (j % 2)
        for i in range(-columns, columns + 1):
            centre_x = width / 2 + (i + shift) * along[0] + j * across[0]
            centre_y = height / 2 + (i + shift) * along[1] + j * across[1]
            _stamp(layer, rotated, round(centre_x - rotated.width / 2), round(centre_y - rotated.height / 2))
    marked = Image.alpha_composite(base, layer)

    # Corner mark: always legible, whatever the picture underneath.
    corner_font = _font(max(12, round(font_size * 0.8)), cjk=any(ord(c) > 0x2FFF for c in corner_text))
    corner = ImageDraw.Draw(marked)
    left, top, right, bottom = corner.textbbox((0, 0), corner_text, font=corner_font)
    pad = max(6, font_size // 3)
    box_w, box_h = right - left + 2 * pad, bottom - top + 2 * pad
    x0, y0 = width - box_w - pad, height - box_h - pad
    band_box = (x0, y0, x0 + box_w, y0 + box_h)
    band = Image.new("RGBA", (box_w, box_h), (20, 16, 12, 150))
    marked.alpha_composite(band, dest=band_box[:2])
    ImageDraw.Draw(marked).text(
        (x0 + pad - left, y0 + pad - top), corner_text, font=corner_font, fill=(255, 255, 255, 230)
    )
    return marked.convert("RGB")


def _stamp(layer: Image.Image, tile: Image.Image, x: int, y: int) -> None:
    """Alpha-composite ``tile`` onto ``layer`` at (x, y), clipped to the layer's bounds."""
    left, top = max(0, -x), max(0, -y)
    right, bottom = min(tile.width, layer.width - x), min(tile.height, layer.height - y)
    if left < right and top < bottom:
        layer.alpha_composite(tile, dest=(x + left, y + top), source=(left, top, right, bottom))


def relic_preview_image(image: Image.Image, *, museum_name_en: str, museum_name_zh: str = "") -> Image.Image:
    """The public preview of a relic photograph: at most 1600 px on its longest side, watermarked
    with the programme and museum names. Encode it with ``jpeg_file`` (which drops all metadata)."""
    fitted = _fit(image, PREVIEW_MAX_SIDE)
    return watermark_apply(
        fitted,
        text=watermark_text(museum_name_en=museum_name_en, museum_name_zh=museum_name_zh),
        corner_text=f"© {museum_name_en} · {BRAND} preview",
    )


def product_photo_image(image: Image.Image) -> Image.Image:
    """A product photograph as served: at most 2000 px on its longest side."""
    return _fit(image, PRODUCT_PHOTO_MAX_SIDE)


def avatar_image(image: Image.Image) -> Image.Image:
    """A person's picture as served (a designer's avatar): at most 480 px on its longest side."""
    return _fit(image, AVATAR_MAX_SIDE)


def jpeg_file(image: Image.Image) -> ContentFile:
    """``image`` as a JPEG file without EXIF or other metadata, ready to save into an ImageField."""
    return ContentFile(jpeg_bytes(image), name="image.jpg")


def original_bytes(image_file) -> ContentFile:
    """The upload's bytes, untouched (the museum's master copy, kept privately)."""
    image_file.seek(0)
    data = image_file.read()
    image_file.seek(0)
    return ContentFile(data, name="original")


def _reduced_source(picture: Image.Image, _source, size=(0, 0), **_options) -> Image.Image:
    """``picture`` box-reduced by the largest whole factor that keeps it at least twice the
    thumbnail's size: the thumbnail looks the same and is made several times faster."""
    target = max(size) if size else 0
    factor = max(1, min(picture.size) // (2 * target)) if target else 1
    return picture.reduce(factor) if factor > 1 else picture.copy()


def thumbnails_generate(fieldfile: FieldFile, *, source: Image.Image | None = None) -> None:
    """Render every project-wide thumbnail alias of a stored image now, so no request resizes.

    ``source``, the picture just encoded into ``fieldfile``, saves decoding the file again per alias."""
    thumbnailer = get_thumbnailer(fieldfile)
    if source is not None:
        thumbnailer.source_generators = [functools.partial(_reduced_source, source)]
    for alias, options in aliases.all(fieldfile, include_global=True).items():
        thumbnailer.get_thumbnail({**options, "ALIAS": alias})
