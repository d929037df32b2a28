"""The audit log of high-resolution downloads of relic originals (a model; ``incubator.models`` imports it).

Every download is written here before its file leaves the server: who, which image, when, and why (the
submission that uses the relic's licence, and the designer's note). Rows never change and are never removed:
``save()`` refuses an update, ``delete()`` refuses, and on PostgreSQL a trigger refuses both whatever the client.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shop.collection.models import RelicImage


class DownloadLogIsAppendOnly(Exception):
    """Raised when code tries to change or remove a download record."""


class RelicImageDownload(models.Model):
    """One high-resolution download of a relic original, with the marks it carries: the visible one names the
    designer and ``mark``, the hidden one carries ``mark`` (random, so marks say nothing about how many exist)."""

    token = models.UUIDField(_("token"), default=uuid.uuid4, unique=True, editable=False)
    mark = models.PositiveIntegerField(_("mark"), unique=True)
    designer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("designer"), on_delete=models.PROTECT, related_name="relic_downloads"
    )
    image = models.ForeignKey(RelicImage, verbose_name=_("image"), on_delete=models.PROTECT, related_name="downloads")
    submission = models.ForeignKey(
        "incubator.Submission", verbose_name=_("submission"), on_delete=models.PROTECT, related_name="relic_downloads"
    )
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    visible_mark = models.CharField(_("visible mark"), max_length=300)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("relic image download")
        verbose_name_plural = _("relic image downloads")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"download {self.pk} of relic image {self.image_id} by {self.designer_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise DownloadLogIsAppendOnly("A download record never changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise DownloadLogIsAppendOnly("A download record is never removed.")
