"""Deep-zoom tiles of relic images: IIIF Image API 3, level 0 (a static tile pyramid and its ``info.json``),
the museum world's standard, written once per image by libvips' ``dzsave`` and viewed with OpenSeadragon.

libvips streams the image through the pyramid (``access="sequential"``), so a 40-megapixel photograph is tiled
without holding its pixels in memory; ``bench/tiles.py`` measures time and peak memory. The tiles are written to
a temporary folder and then copied into the storage of their kind (public media for the watermarked preview, the
private storage for the original), so local disks and S3-compatible stores work alike.

Part of the collection's image pipeline (with ``imaging``); ``services.relic_image_tiles_generate`` runs it.
"""

from __future__ import annotations

import json
import os
import tempfile
import uuid
from dataclasses import dataclass
from pathlib import Path

import pyvips
from django.core.files import File
from django.core.files.storage import Storage, default_storage

from shop.collection.models import RelicImage, RelicImageTiles, TileSetKind
from shop.core.storage import private_storage

TILE_SIZE = 512
TILE_SUFFIX = ".jpg[Q=85,strip]"  # strip: no metadata in any tile
# dzsave writes this into info.json; the id a viewer needs depends on who serves the tiles, so pages build their own.
_ID_PLACEHOLDER = "https://tiles.invalid"
_IIIF_CONTEXT = "http://iiif.io/api/image/3/context.json"


def tiles_storage(kind: str) -> Storage:
    """Where tiles of ``kind`` live: public media for the preview, the private storage for the original."""
    return default_storage if kind == TileSetKind.PREVIEW else private_storage


@dataclass(frozen=True, slots=True)
class TilePyramid:
    """What ``tiles_write`` stored: the folder, the image size, the pyramid and how many files."""

    path: str
    width: int
    height: int
    tile_size: int
    scale_factors: list[int]
    tile_count: int


def _source(data: bytes) -> pyvips.Image:
    """The stored image, upright, flattened on white and 8-bit sRGB (as the preview pipeline makes it)."""
    image = pyvips.Image.new_from_buffer(data, "", access="sequential")
    image = image.autorot()
    if image.hasalpha():
        image = image.flatten(background=[255, 255, 255])
    if image.interpretation != "srgb" or image.format != "uchar":
        image = image.colourspace("srgb").cast("uchar")
    if image.bands > 3:
        image = image.extract_band(0, n=3)
    return image


def tiles_write(*, data: bytes, kind: str) -> TilePyramid:
    """Tile the image in ``data`` and store every file under a fresh, unguessable folder of the storage of
    ``kind``. Nothing is recorded in the database: the caller does that once every file is stored."""
    storage = tiles_storage(kind)
    folder = f"tiles/{uuid.uuid4().hex}" if kind == TileSetKind.PREVIEW else f"relics/tiles/{uuid.uuid4().hex}"
    with tempfile.TemporaryDirectory(prefix="bashu-tiles-") as scratch:
        _source(data).dzsave(
            os.path.join(scratch, "t"),
            layout="iiif3",
            tile_size=TILE_SIZE,
            overlap=0,
            suffix=TILE_SUFFIX,
            id=_ID_PLACEHOLDER,
        )
        root = Path(scratch) / "t"
        info = json.loads((root / "info.json").read_text())
        count = 0
        for file in sorted(root.rglob("*")):
            if not file.is_file():
                continue
            name = f"{folder}/{file.relative_to(root).as_posix()}"
            with file.open("rb") as handle:
                stored = storage.save(name, File(handle, name=file.name))
            if stored != name:  # a store that renames would break the IIIF paths: refuse rather than serve holes
                raise RuntimeError(f"the storage renamed {name} to {stored}")
            count += 1
    tiles = info["tiles"][0]
    return TilePyramid(
        path=folder,
        width=int(info["width"]),
        height=int(info["height"]),
        tile_size=int(tiles["width"]),
        scale_factors=[int(factor) for factor in tiles["scaleFactors"]],
        tile_count=count,
    )


def tiles_delete(*, path: str, kind: str) -> None:
    """Remove a stored tile folder (a tile set that lost a race, or whose image is gone)."""
    storage = tiles_storage(kind)

    def walk(folder: str) -> None:
        try:
            folders, files = storage.listdir(folder)
        except (FileNotFoundError, OSError):
            return
        for name in files:
            storage.delete(f"{folder}/{name}")
        for name in folders:
            walk(f"{folder}/{name}")

    walk(path)


def tiles_info(tiles: RelicImageTiles, *, base_url: str) -> dict:
    """The IIIF Image API 3 ``info.json`` of a tile set, with ``id`` the URL its tiles are served under."""
    return {
        "@context": _IIIF_CONTEXT,
        "id": base_url.rstrip("/"),
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level0",
        "width": tiles.width,
        "height": tiles.height,
        "tiles": [{"width": tiles.tile_size, "scaleFactors": tiles.scale_factors}],
    }


def tiles_public_base_url(tiles: RelicImageTiles) -> str:
    """The public URL of a preview tile set's folder (the media storage's own URL, local or S3)."""
    if tiles.kind != TileSetKind.PREVIEW:
        raise ValueError("only preview tiles have a public URL")
    return default_storage.url(tiles.path)


def image_bytes(image: RelicImage, *, kind: str) -> bytes:
    fieldfile = image.preview if kind == TileSetKind.PREVIEW else image.original
    with fieldfile.open("rb") as stored:
        return stored.read()
