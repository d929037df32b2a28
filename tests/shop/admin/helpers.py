"""What the admin tests share: which models are registered and which this suite must fill, a JPEG upload."""

from __future__ import annotations

import io

from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# Apps whose admin this suite owns: each of their registered models must have a row, so that
# its change page is really opened (other apps' models are opened when a row exists).
OWNED_APPS = {"accounts", "auth", "collection", "catalog", "core", "orders", "payments"}
REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def jpeg_upload(size=(320, 240), colour=(120, 90, 60)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="JPEG")
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")
