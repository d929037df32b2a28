"""Root conftest: tests always run with DJANGO_ENV=test (no eager Celery, fast hashing)."""

import os

os.environ.setdefault("DJANGO_ENV", "test")
