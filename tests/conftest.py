from __future__ import annotations

import shutil
import socket
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.utils.functional import empty

from shop.core.storage import private_storage
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


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local stand-in of the S3 API (moto's server, real HTTP) for the real boto3 and django-storages."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


@pytest.fixture
def s3_media(s3_endpoint, settings):
    """Both storages on fresh buckets, as config/settings.py builds them from MEDIA_S3_*."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    public, private = f"media-{uuid.uuid4().hex[:12]}", f"private-{uuid.uuid4().hex[:12]}"
    for bucket in (public, private):
        client.create_bucket(Bucket=bucket)
    credentials = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}
    common = {**credentials, "endpoint_url": s3_endpoint, "file_overwrite": False}
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": public, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "shop.core.storage.PrivateS3Storage",
            "OPTIONS": {**common, "bucket_name": private, "default_acl": "private"},
        },
    }
    private_storage._wrapped = empty  # file fields look the private storage up again
    yield {"client": client, "public": public, "private": private, "endpoint": s3_endpoint}
    private_storage._wrapped = empty
