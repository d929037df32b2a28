"""Marked full-resolution renditions of a relic original: a visible mark naming who downloaded it and a hidden
one carrying the download's number, so a copy found in the wild leads back to one entry of the audit log.

The visible mark is a band across the bottom (drawn with Pillow, which has the CJK font, and laid over the
image by libvips). The hidden mark is a pattern of ±``AMPLITUDE`` levels in cells of ``cell`` px that spells 64
bits (the number and its CRC-32) in an 8 × 8 grid tiled over the whole picture: too faint to see, but it
survives JPEG re-encoding, and the museum, who holds the original, reads it
back by subtracting the original, averaging each cell over every repetition and splitting the cells
into two clusters (``hidden_mark_read``).
libvips streams the picture, so a 40-megapixel original is marked without holding it in memory.
"""

from __future__ import annotations

import io
import itertools
import zlib

import pyvips
from PIL import Image, ImageDraw

from shop.collection.imaging import _font, cjk_font_path

AMPLITUDE = 3  # grey levels: hard to see on a photograph, well above JPEG Q92's error on a cell mean
GRID = 8  # 8 × 8 cells = 64 bits
JPEG_QUALITY = 92


def _bits(number: int) -> list[int]:
    if not 0 <= number < 2**32:
        raise ValueError("the hidden mark carries a number below 2**32")
    raw = number.to_bytes(4, "big")
    word = int.from_bytes(raw + _check(raw), "big")
    return [(word >> (63 - position)) & 1 for position in range(64)]


def _number(bits: list[int]) -> int | None:
    word = 0
    for bit in bits:
        word = (word << 1) | bit
    raw = word.to_bytes(8, "big")
    return int.from_bytes(raw[:4], "big") if _check(raw[:4]) == raw[4:] else None


def _check(raw: bytes) -> bytes:
    # Salted: a plain CRC-32 of four 0xFF bytes is 0xFFFFFFFF, so a copy with every cell brighter would "read".
    return zlib.crc32(b"bashu-mark:" + raw).to_bytes(4, "big")


def cell_size(width: int, height: int) -> int:
    """Cells big enough that a repetition of the grid fits many times, small enough to repeat often."""
    return max(6, min(width, height) // 64)


def _upright_srgb(data: bytes) -> pyvips.Image:
    image = pyvips.Image.new_from_buffer(data, "", access="sequential").autorot()
    if image.hasalpha():
        image = image.flatten(background=[255, 255, 255])
    if image.interpretation != "srgb" or image.format != "uchar":
        image = image.colourspace("srgb").cast("uchar")
    if image.bands > 3:
        image = image.extract_band(0, n=3)
    return image


def _band(text: str, *, width: int) -> pyvips.Image:
    """The visible mark: ``text`` in white on a dark translucent band as wide as the picture."""
    size = max(14, width // 70)
    font = _font(size, cjk=cjk_font_path() is not None and any(ord(char) > 0x2FFF for char in text))
    probe = ImageDraw.Draw(Image.new("RGBA", (1, 1)))
    left, top, right, bottom = probe.textbbox((0, 0), text, font=font)
    while right - left > width - 2 * size and size > 8:  # a long name on a narrow picture: smaller type
        size -= 2
        font = _font(size, cjk=cjk_font_path() is not None and any(ord(char) > 0x2FFF for char in text))
        left, top, right, bottom = probe.textbbox((0, 0), text, font=font)
    pad = size // 2
    band = Image.new("RGBA", (width, bottom - top + 2 * pad), (20, 16, 12, 170))
    ImageDraw.Draw(band).text((pad - left, pad - top), text, font=font, fill=(255, 255, 255, 235))
    buffer = io.BytesIO()
    band.save(buffer, format="PNG")
    return pyvips.Image.new_from_buffer(buffer.getvalue(), "").copy(interpretation="srgb")


def marked_rendition(data: bytes, *, visible_text: str, number: int) -> bytes:
    """``data`` (an original) as a JPEG at full resolution, without metadata, carrying ``visible_text`` in a
    band at the bottom and ``number`` hidden in the pixels."""
    image = _upright_srgb(data)
    width, height = image.width, image.height
    cell = cell_size(width, height)
    bits = _bits(number)
    rows = [[AMPLITUDE if bits[row * GRID + column] else -AMPLITUDE for column in range(GRID)] for row in range(GRID)]
    tile = pyvips.Image.new_from_array(rows).zoom(cell, cell)
    across, down = -(-width // tile.width), -(-height // tile.height)
    pattern = tile.replicate(across, down).crop(0, 0, width, height)
    marked = (image.cast("float") + pattern).cast("uchar").copy(interpretation="srgb")
    band = _band(visible_text, width=width)
    marked = marked.composite2(band, "over", x=0, y=max(0, height - band.height)).extract_band(0, n=3)
    return marked.jpegsave_buffer(Q=JPEG_QUALITY, strip=True, optimize_coding=True)


def hidden_mark_read(marked: bytes, *, original: bytes) -> int | None:
    """The number hidden in ``marked`` (a full-size rendition of ``original``), or None when it does not read
    back (its check fails). The bottom eighth, where the visible band lies, is left out."""
    copy, source = _upright_srgb(marked), _upright_srgb(original)
    if (copy.width, copy.height) != (source.width, source.height):
        return None
    cell = cell_size(source.width, source.height)
    usable = (source.height * 7 // 8) // (cell * GRID) * (cell * GRID)
    columns = source.width // (cell * GRID) * (cell * GRID)
    if usable == 0 or columns == 0:
        return None
    difference = (copy.cast("float") - source.cast("float")).bandmean().crop(0, 0, columns, usable)
    cells = difference.shrink(cell, cell).tolist()
    sums = [0.0] * (GRID * GRID)
    for y, row in enumerate(cells):
        for x, value in enumerate(row):
            sums[(y % GRID) * GRID + (x % GRID)] += value
    # Not against zero: clipping near black and white (and a re-encoder's drift) shift every cell alike. The
    # cells fall into two clusters (the 0s and the 1s); the threshold is the middle of the widest gap between them.
    ordered = sorted(sums)
    _gap, threshold = max((high - low, (high + low) / 2) for low, high in itertools.pairwise(ordered))
    return _number([1 if total > threshold else 0 for total in sums])
