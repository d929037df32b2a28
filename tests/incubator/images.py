"""Real image files, crafted with Pillow (or by hand where Pillow refuses to write them)."""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image


def png_bytes(size=(64, 48), color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format="PNG")
    return out.getvalue()


def webp_bytes(size=(40, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(out, format="WEBP")
    return out.getvalue()


def gif_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("P", (20, 20)).save(out, format="GIF")
    return out.getvalue()


GPS_LATITUDE = 29.5630  # Chongqing


def jpeg_bytes(size=(80, 60), *, with_gps: bool = False) -> bytes:
    image = Image.new("RGB", size, (120, 90, 40))
    out = io.BytesIO()
    if with_gps:
        exif = Image.Exif()
        exif[0x010F] = "PhoneMaker"  # Make
        gps = {1: "N", 2: (29.0, 33.0, 46.8), 3: "E", 4: (106.0, 33.0, 0.0)}
        exif[0x8825] = gps
        image.save(out, format="JPEG", exif=exif.tobytes())
    else:
        image.save(out, format="JPEG")
    return out.getvalue()


def truncated_jpeg_bytes() -> bytes:
    whole = jpeg_bytes(size=(400, 300))
    return whole[: len(whole) // 2]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_bomb_bytes(width: int = 50_000, height: int = 50_000) -> bytes:
    """A few hundred bytes declaring width × height 1-bit pixels: decoding it would need gigabytes."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    body = zlib.compress(row * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


def png_over_limit_bytes() -> bytes:
    """A real, fully decodable PNG just over 40 megapixels (8000 × 5001), small on disk."""
    out = io.BytesIO()
    Image.new("1", (8000, 5001)).save(out, format="PNG")
    return out.getvalue()
