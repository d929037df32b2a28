"""Absolute links for what leaves the site (emails, notifications): the worker has no request to ask."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def absolute_url(path_or_name: str, *args, **kwargs) -> str:
    """``SITE_URL`` + a path (``/orders/BC…/``) or a URL name reversed with ``args``/``kwargs``."""
    path = path_or_name if path_or_name.startswith("/") else reverse(path_or_name, args=args, kwargs=kwargs)
    return settings.SITE_URL.rstrip("/") + path
