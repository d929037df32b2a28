"""Every string of the portal, review and approvals pages is translated: each page is rendered in Chinese while
every gettext call is watched, and any English msgid that comes back untranslated fails the test."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.utils import translation

from tests.incubator.pages import portal_pages

pytestmark = pytest.mark.django_db

# Strings that read the same in both languages.
SAME_IN_BOTH = {"SKU", "EN", "Bashu Creative", "WebP", "JPEG", "PNG"}
LATIN = re.compile(r"[A-Za-z]{2,}")


def _untranslated_during(render) -> set[str]:
    """The English msgids that gettext, ngettext and pgettext returned unchanged while ``render`` ran."""
    missing: set[str] = set()
    trans = translation._trans
    originals = {name: getattr(trans, name) for name in ("gettext", "ngettext", "pgettext", "npgettext")}

    def check(msgid: str, result: str) -> None:
        if result == msgid and LATIN.search(msgid) and msgid not in SAME_IN_BOTH:
            missing.add(msgid)

    def gettext(message):
        result = originals["gettext"](message)
        check(message, result)
        return result

    def ngettext(singular, plural, number):
        result = originals["ngettext"](singular, plural, number)
        check(singular if number == 1 else plural, result)
        return result

    def pgettext(context, message):
        result = originals["pgettext"](context, message)
        check(message, result)
        return result

    def npgettext(context, singular, plural, number):
        result = originals["npgettext"](context, singular, plural, number)
        check(singular if number == 1 else plural, result)
        return result

    for name, function in (
        ("gettext", gettext),
        ("ngettext", ngettext),
        ("pgettext", pgettext),
        ("npgettext", npgettext),
    ):
        setattr(trans, name, function)
    try:
        render()
    finally:
        for name, function in originals.items():
            setattr(trans, name, function)
    return missing


def test_every_portal_page_is_wholly_chinese(world):
    missing: dict[str, set[str]] = {}
    for page in portal_pages(world):
        client = Client(headers={"accept-language": "zh-hans"})
        if page.who:
            client.force_login(getattr(world, page.who))

        def render(client=client, page=page):
            response = client.get(page.url)
            assert response.status_code == 200, (page.name, response.status_code)

        found = _untranslated_during(render)
        if found:
            missing[page.name] = found
    assert not missing, "untranslated:\n" + "\n".join(f"{name}: {sorted(ids)}" for name, ids in missing.items())
