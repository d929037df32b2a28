"""pytest plugin (``-p config.pytest_env`` in pyproject): loaded before pytest-django reads the
settings, so every test run is ``DJANGO_ENV=test`` (no eager Celery, fast hashing, locmem email)."""

import os

os.environ.setdefault("DJANGO_ENV", "test")
