"""The shop's URLs plus the benchmarks' yardsticks under /bench/ (``bench.settings`` only)."""

from django.urls import include, path

from bench import yardsticks

urlpatterns = [
    path("bench/floor/", yardsticks.floor),
    path("bench/catalog.json", yardsticks.catalog_json),
    path("", include("config.urls")),
]
