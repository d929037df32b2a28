"""Thumbnail names and URLs for public images, computed without a query per image.

easy-thumbnails renders each alias of ``settings.THUMBNAIL_ALIASES`` once and records it in its
``Source``/``Thumbnail`` tables; asking it for ``thumbnailer[alias].url`` costs queries per image.
Its default namer is deterministic (``thumbs/<source name>.<options>.jpg``), so a list page computes
names in Python and learns which exist from ``thumbnail_ready_annotations`` on the query that
loads the images. An alias not rendered yet falls back to the public image itself (a product
photo or a relic's watermarked preview), never to a private original.

Rendering is ``shop.collection.imaging.thumbnails_generate``, called when a public image is saved.
"""

from __future__ import annotations

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.db.models import CharField, Exists, OuterRef, Value
from django.db.models.fields.files import FieldFile
from django.db.models.functions import Concat
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from easy_thumbnails import storage as thumbnail_storages
from easy_thumbnails.alias import aliases
from easy_thumbnails.files import get_thumbnailer
from easy_thumbnails.models import Thumbnail
from easy_thumbnails.utils import get_storage_hash

DEFAULT_ALIAS = "card"
_SENTINEL = "bashu-sentinel/source.jpg"


def thumbnail_alias_names() -> list[str]:
    """The project-wide aliases, smallest first (``small``, ``card``, ``large``)."""
    return sorted(settings.THUMBNAIL_ALIASES[""], key=lambda name: max(settings.THUMBNAIL_ALIASES[""][name]["size"]))


def thumbnail_alias_for_pixels(pixels: int | None) -> str:
    """The smallest alias whose box covers ``pixels`` on its longer side; the largest when none does."""
    if pixels is None:
        return DEFAULT_ALIAS
    names = thumbnail_alias_names()
    for name in names:
        if max(settings.THUMBNAIL_ALIASES[""][name]["size"]) >= pixels:
            return name
    return names[-1]


def _options(thumbnailer, alias: str) -> dict:
    options = aliases.get(alias, target=thumbnailer.alias_target)
    if not options:
        raise KeyError(alias)
    options["ALIAS"] = alias
    return options


@functools.cache
def _name_template(alias: str) -> tuple[str, str] | None:
    """(prefix, suffix) around the source name in the thumbnail name of ``alias``, or None when the
    namer does not keep the source name whole. Asking easy-thumbnails costs milliseconds per image;
    the template makes a page of 100 thumbnails cost microseconds."""
    thumbnailer = get_thumbnailer(_SENTINEL)
    prefix, found, suffix = thumbnailer.get_thumbnail_name(_options(thumbnailer, alias)).partition(_SENTINEL)
    return (prefix, suffix) if found else None


@receiver(setting_changed)
def _forget_name_templates(*, setting: str, **kwargs) -> None:
    if setting.startswith("THUMBNAIL_"):
        _name_template.cache_clear()


def thumbnail_name(*, fieldfile: FieldFile, alias: str) -> str:
    """The storage name easy-thumbnails gives (or gave) ``alias`` of ``fieldfile``; no query, no file access."""
    template = _name_template(alias)
    if template is not None and not getattr(fieldfile.field, "thumbnail_storage", None):
        prefix, suffix = template
        return f"{prefix}{fieldfile.name}{suffix}"
    thumbnailer = get_thumbnailer(fieldfile)
    return thumbnailer.get_thumbnail_name(_options(thumbnailer, alias))


def thumbnail_url(*, fieldfile: FieldFile, alias: str) -> str:
    if not getattr(fieldfile.field, "thumbnail_storage", None):
        return thumbnail_storages.thumbnail_default_storage.url(thumbnail_name(fieldfile=fieldfile, alias=alias))
    thumbnailer = get_thumbnailer(fieldfile)
    return thumbnailer.thumbnail_storage.url(thumbnailer.get_thumbnail_name(_options(thumbnailer, alias)))


def thumbnail_url_checked(*, fieldfile: FieldFile, alias: str) -> str:
    """The alias's URL when it was rendered, else the image's own URL. Costs easy-thumbnails' own
    queries: for single objects loaded without ``thumbnail_ready_annotations``."""
    thumbnailer = get_thumbnailer(fieldfile)
    existing = thumbnailer.get_existing_thumbnail(_options(thumbnailer, alias))
    return existing.url if existing is not None else fieldfile.url


def ready_attribute(alias: str) -> str:
    return f"thumbnail_ready_{alias}"


def thumbnail_ready_annotations(*, field: str) -> dict:
    """``{thumbnail_ready_<alias>: Exists(...)}`` for every alias, to annotate the query that loads
    images whose file is in ``field``: whether the alias was rendered, known without another query.

    With a namer that does not keep the source name inside the thumbnail name the existence cannot
    be expressed in SQL; then every alias counts as ready (``imaging.thumbnails_generate`` must have run).
    """
    storage_hash = _thumbnail_storage_hash()
    annotations = {}
    for alias in thumbnail_alias_names():
        template = _name_template(alias)
        if template is None:
            annotations[ready_attribute(alias)] = Value(True)
            continue
        prefix, suffix = template
        annotations[ready_attribute(alias)] = Exists(
            Thumbnail.objects.filter(
                storage_hash=storage_hash,
                name=Concat(Value(prefix), OuterRef(field), Value(suffix), output_field=CharField()),
            )
        )
    return annotations


def _thumbnail_storage_hash() -> str:
    """The hash easy-thumbnails files its thumbnails under for its storage. Its ``get_storage_hash`` loads a lazy
    storage only when ``_wrapped is None``, but Django marks an unloaded ``LazyObject`` with ``empty``: on the first
    request of each process it hashed the placeholder, matched no thumbnail and served full-size photos (issue 13,
    finding 8). So the storage is loaded here first."""
    storage = thumbnail_storages.thumbnail_default_storage
    if isinstance(storage, LazyObject) and storage._wrapped is empty:
        storage._setup()
    return get_storage_hash(storage)


def image_url(*, instance, field: str, alias: str) -> str | None:
    """The URL of ``alias`` of the public file in ``instance.<field>``: the thumbnail when rendered,
    else the file itself; None when there is no file."""
    fieldfile = getattr(instance, field)
    if not fieldfile:
        return None
    ready = getattr(instance, ready_attribute(alias), None)
    if ready is None:
        return thumbnail_url_checked(fieldfile=fieldfile, alias=alias)
    return thumbnail_url(fieldfile=fieldfile, alias=alias) if ready else fieldfile.url
