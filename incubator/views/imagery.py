"""Relic imagery in the portal: the relic library and a relic's page (deep zoom, licence terms, the high-resolution
download), the original's tiles (streamed only to those who may zoom originals) and the download audit log."""

from __future__ import annotations

import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseForbidden, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from incubator import selectors, services
from incubator.forms import RelicDownloadForm, RelicLibraryFilterForm
from shop.collection import selectors as collection
from shop.collection.models import RelicImage, TileSetKind
from shop.collection.tiles import tiles_info, tiles_public_base_url, tiles_storage
from shop.core.errors import ApplicationError, ErrorCode
from shop.core.forms import add_application_error

# The requests an IIIF level-0 viewer makes of a static tile set, and nothing else (no "..", no other file).
_TILE_PATH = re.compile(r"^(full|\d{1,6},\d{1,6},\d{1,6},\d{1,6})/\d{1,6},\d{1,6}/0/default\.jpg$")


def _may_browse(user) -> bool:
    return selectors.user_is_designer(user) or selectors.user_is_curator(user) or selectors.staff_museum(user)


@login_required
def relic_library(request):
    if not _may_browse(request.user):
        return redirect("incubator:signup")
    form = RelicLibraryFilterForm(request.GET or None, periods=selectors.relic_library_periods())
    if form.is_bound:
        form.is_valid()  # errors are shown; only the valid fields filter
    relics = selectors.relic_library(**form.filters()) if form.is_bound else selectors.relic_library()
    page = Paginator(relics, 24).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "incubator/relic_library.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "profile": selectors.designer_profile_for(user=request.user),
        },
    )


def _zoom_sources(request, relic) -> dict[int, str]:
    """Per preview image, the IIIF tile source its viewer opens (JSON): the original's tiles for those who may
    zoom originals, else the watermarked preview's public tiles. Images not tiled yet have none."""
    image_ids = [image.pk for image in relic.preview_images]
    sources: dict[int, str] = {}
    if selectors.user_may_zoom_original(user=request.user, relic=relic):
        for image_id, tiles in collection.relic_image_tiles(image_ids=image_ids, kind=TileSetKind.ORIGINAL).items():
            base = request.build_absolute_uri(reverse("incubator:original_tiles", args=[image_id]))
            sources[image_id] = json.dumps(tiles_info(tiles, base_url=base))
    for image_id, tiles in collection.relic_image_tiles(image_ids=image_ids, kind=TileSetKind.PREVIEW).items():
        if image_id not in sources:
            base = request.build_absolute_uri(tiles_public_base_url(tiles))
            sources[image_id] = json.dumps(tiles_info(tiles, base_url=base))
    return sources


@login_required
def relic_detail(request, slug: str):
    if not _may_browse(request.user):
        return redirect("incubator:signup")
    relic = selectors.relic_library_get(slug=slug)
    if relic is None:
        raise Http404
    submissions = selectors.download_submissions(user=request.user, relic=relic)
    zoom = _zoom_sources(request, relic)
    return render(
        request,
        "incubator/relic_detail.html",
        {
            "relic": relic,
            "images": [(image, zoom.get(image.pk)) for image in relic.preview_images],
            "originals": selectors.user_may_zoom_original(user=request.user, relic=relic),
            # One form per image, each with its own element ids.
            "downloads": [
                (
                    image,
                    RelicDownloadForm(
                        submissions=submissions,
                        initial={"submission": submissions.first()},
                        auto_id=f"id_%s_{image.pk}",
                    ),
                )
                for image in relic.preview_images
            ],
            "may_download": submissions.exists(),
            "is_designer": selectors.designer_profile_for(user=request.user) is not None,
            "profile": selectors.designer_profile_for(user=request.user),
        },
    )


def original_tiles(request, image_id: int, path: str = "info.json"):
    """A tile (or the info.json) of a relic original's private tile set, to those who may zoom originals;
    404 to everyone else, for unknown images and for any path a level-0 viewer would not ask for."""
    tiles = collection.relic_image_original_tiles(image_id=image_id)
    if tiles is None or not selectors.user_may_zoom_original(user=request.user, relic=tiles.image.relic):
        raise Http404
    if path == "info.json":
        base = request.build_absolute_uri(reverse("incubator:original_tiles", args=[image_id]))
        response = JsonResponse(tiles_info(tiles, base_url=base))
    else:
        if not _TILE_PATH.match(path):
            raise Http404
        storage = tiles_storage(TileSetKind.ORIGINAL)
        name = f"{tiles.path}/{path}"
        if not storage.exists(name):
            raise Http404
        response = FileResponse(storage.open(name, "rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def relic_image_download(request, image_id: int):
    image = RelicImage.objects.select_related("relic__museum").filter(pk=image_id).first()
    if image is None:
        raise Http404
    submissions = selectors.download_submissions(user=request.user, relic=image.relic)
    form = RelicDownloadForm(request.POST, submissions=submissions)
    submission = form.cleaned_data["submission"] if form.is_valid() else None
    try:
        record, content = services.relic_image_download(
            actor=request.user, image=image, submission=submission, purpose=form.data.get("purpose", "")
        )
    except ApplicationError as exc:
        if exc.code == ErrorCode.PERMISSION_DENIED:
            return HttpResponseForbidden(exc.message)
        add_application_error(form, exc)
        messages.error(request, exc.message)
        return redirect("incubator:relic_detail", slug=image.relic.slug)
    response = HttpResponse(content, content_type="image/jpeg")
    response["Content-Disposition"] = f'attachment; filename="{image.relic.slug}-{record.mark}.jpg"'
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def download_log(request):
    if not (selectors.user_is_curator(request.user) or selectors.staff_museum(request.user)):
        return HttpResponseForbidden(_("Curators and museum staff only."))
    page = Paginator(selectors.download_log_visible(user=request.user), 50).get_page(request.GET.get("page"))
    return render(
        request, "incubator/download_log.html", {"page": page, "museum": selectors.staff_museum(request.user)}
    )
