"""GraphiQL works offline (issue 13, finding 8): it was a blank page without internet, its scripts coming from a CDN.
Chromium is cut off from everything but the live server; GraphiQL loads and runs a query."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from shop.catalog.models import Category

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.urls("tests.e2e.urls")]


def test_graphiql_loads_and_runs_a_query_without_internet(chromium_browser, live_server, settings):
    settings.DEBUG = True  # GraphiQL is offered only while DEBUG is on
    Category.objects.create(slug="offline-scarves", name_en="Scarves", name_zh="丝巾")
    context = chromium_browser.new_context(viewport={"width": 1280, "height": 900})
    elsewhere: list[str] = []

    def only_the_shop(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_shop)
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        page.goto(f"{live_server.url}/graphql/?query={quote('{ categories { slug } }')}")
        page.wait_for_selector(".graphiql-container")
        page.click(".graphiql-execute-button")
        page.wait_for_function("document.querySelector('.result-window').innerText.includes('offline-scarves')")
    finally:
        context.close()

    assert elsewhere == []
