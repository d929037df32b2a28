from __future__ import annotations

import shutil

import pytest
from django.conf import settings
from django.db import connection

from tests.factories import *  # noqa: F403 - register every factory's model for fixtures below
from tests.stripe_stub import StripeStub


def _skip_or_fail(reason: str) -> None:
    """Without a real service: skip on a laptop (the reason is printed), fail in CI."""
    if settings.RUNNING_IN_CI:
        pytest.fail(f"CI requires it: {reason}")
    pytest.skip(reason)


@pytest.fixture
def require_postgres():
    if connection.vendor != "postgresql":
        _skip_or_fail("needs PostgreSQL: set DATABASE_URL=postgres://...")


@pytest.fixture
def require_redis():
    if not settings.REDIS_URL:
        _skip_or_fail("needs Redis: set REDIS_URL=redis://...")
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        _skip_or_fail(f"Redis at REDIS_URL did not answer: {exc}")


@pytest.fixture(scope="session")
def _stripe_server():
    """The local Stripe stand-in (tests/stripe_stub), one server for the session; fixtures reset it."""
    stub = StripeStub().start()
    yield stub
    stub.stop()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Every test writes media into its own folder, public and private apart."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    from django.core.files.storage import storages

    storages["private"].location = settings.PRIVATE_MEDIA_ROOT
    storages["private"].base_location = settings.PRIVATE_MEDIA_ROOT
    yield
    shutil.rmtree(tmp_path, ignore_errors=True)
