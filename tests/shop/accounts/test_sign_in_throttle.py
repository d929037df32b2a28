"""Sign-in limits (issue 13, finding 5): a lockout per account *and* client address with a growing wait, the client
address from trusted proxies only, and sign-in that keeps working, still limited, when Redis is down."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.urls import reverse

from shop.accounts import throttle
from shop.core.client_address import request_client_address
from tests.factories import UserFactory
from tests.shop.core.graphql.client import graphql_post

pytestmark = pytest.mark.django_db

TOKEN = """mutation($email: String!, $password: String!) { tokenCreate(email: $email, password: $password) {
  token errors { code } } }"""
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_counts():
    caches["ratelimit"].clear()
    yield
    caches["ratelimit"].clear()


def gql(client, query, variables, **extra):
    status, body = graphql_post(client, query, variables, **extra)
    assert status == 200, body
    return body


def _token(client, password, address):
    result = gql(client, TOKEN, {"email": "owner@example.com", "password": password}, REMOTE_ADDR=address)
    return result["data"]["tokenCreate"]


def test_a_guesser_locks_out_only_their_own_address(client):
    """The finding: five wrong passwords a minute, from anywhere, locked the real owner out of web and API."""
    UserFactory(email="owner@example.com")
    guesses = [_token(client, "guess", "203.0.113.9")["errors"][0]["code"] for _ in range(6)]

    assert guesses == ["INVALID_CREDENTIALS"] * 5 + ["RATE_LIMITED"]
    # Even the right password from the guesser's address is refused: it learns nothing.
    assert _token(client, PASSWORD, "203.0.113.9")["errors"] == [{"code": "RATE_LIMITED"}]
    # The owner, elsewhere, signs in by API and on the page.
    assert _token(client, PASSWORD, "198.51.100.7")["token"]
    page = Client().post(
        reverse("accounts:sign-in"), {"email": "owner@example.com", "password": PASSWORD}, REMOTE_ADDR="198.51.100.8"
    )
    assert page.status_code == 302


def test_the_wait_doubles_with_each_further_failure_up_to_the_maximum(settings):
    settings.SIGN_IN_LOCKOUT_AFTER, settings.SIGN_IN_LOCKOUT_SECONDS, settings.SIGN_IN_LOCKOUT_MAX_SECONDS = 5, 30, 900

    assert [throttle.lockout_seconds(n) for n in (4, 5, 6, 7, 9, 40)] == [0, 30, 60, 120, 480, 900]


def test_the_lockout_lifts_after_its_time_and_comes_back_longer(client, monkeypatch):
    UserFactory(email="owner@example.com")
    now = [1_000_000.0]
    monkeypatch.setattr(throttle.time, "time", lambda: now[0])
    for _ in range(5):
        _token(client, "guess", "203.0.113.9")
    assert _token(client, PASSWORD, "203.0.113.9")["errors"] == [{"code": "RATE_LIMITED"}]

    now[0] += 31
    assert _token(client, "guess", "203.0.113.9")["errors"] == [{"code": "INVALID_CREDENTIALS"}]  # 6th failure
    now[0] += 31
    assert _token(client, PASSWORD, "203.0.113.9")["errors"] == [{"code": "RATE_LIMITED"}]  # now 60 s
    now[0] += 30
    assert _token(client, PASSWORD, "203.0.113.9")["token"]


def test_a_success_clears_the_count(client):
    UserFactory(email="owner@example.com")
    for _ in range(4):
        _token(client, "typo", "198.51.100.7")
    assert _token(client, PASSWORD, "198.51.100.7")["token"]

    assert [_token(client, "typo", "198.51.100.7")["errors"][0]["code"] for _ in range(5)] == [
        "INVALID_CREDENTIALS"
    ] * 5


def test_failures_from_many_addresses_are_capped_per_account(client, settings):
    """OWASP ASVS 2.2.1: no more than 100 failed attempts an hour on one account (here 3)."""
    settings.SIGN_IN_ACCOUNT_FAILURES_PER_HOUR = 3
    UserFactory(email="owner@example.com")
    codes = [_token(client, "guess", f"203.0.113.{i}")["errors"][0]["code"] for i in range(1, 5)]

    assert codes == ["INVALID_CREDENTIALS"] * 3 + ["RATE_LIMITED"]


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(settings):
    factory = RequestFactory()
    spoofed = factory.get("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert request_client_address(spoofed) == "203.0.113.9"

    settings.TRUSTED_PROXIES = ["172.28.0.0/24"]
    proxied = factory.get("/", REMOTE_ADDR="172.28.0.10", HTTP_X_FORWARDED_FOR="1.1.1.1, 198.51.100.7")
    assert request_client_address(proxied) == "198.51.100.7"  # what the client wrote on the left is not believed
    chained = factory.get("/", REMOTE_ADDR="172.28.0.10", HTTP_X_FORWARDED_FOR="198.51.100.7, 172.28.0.11")
    assert request_client_address(chained) == "198.51.100.7"
    garbage = factory.get("/", REMOTE_ADDR="172.28.0.10", HTTP_X_FORWARDED_FOR="198.51.100.7, not-an-ip")
    assert request_client_address(garbage) == "172.28.0.10"


def test_behind_the_trusted_proxy_each_client_is_counted_apart(client, settings):
    settings.TRUSTED_PROXIES = ["172.28.0.10"]
    UserFactory(email="owner@example.com")
    for _ in range(5):
        gql(
            client,
            TOKEN,
            {"email": "owner@example.com", "password": "guess"},
            REMOTE_ADDR="172.28.0.10",
            HTTP_X_FORWARDED_FOR="203.0.113.9",
        )

    owner = gql(
        client,
        TOKEN,
        {"email": "owner@example.com", "password": PASSWORD},
        REMOTE_ADDR="172.28.0.10",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )["data"]["tokenCreate"]
    assert owner["token"]


@pytest.fixture
def redis_down(settings):
    """The shared cache points at a port where nothing listens, as when Redis is down."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    caches["ratelimit"]._down_until = 0.0
    yield
    caches["ratelimit"]._down_until = 0.0


def test_with_redis_down_sign_in_works_and_is_still_limited(client, redis_down):
    """The finding: sign-in answered 500 and tokenCreate INTERNAL_ERROR when Redis was down."""
    UserFactory(email="owner@example.com")

    page = client.post(reverse("accounts:sign-in"), {"email": "owner@example.com", "password": PASSWORD})
    assert page.status_code == 302
    assert _token(client, PASSWORD, "198.51.100.7")["token"]
    guesses = [_token(client, "guess", "203.0.113.9")["errors"][0]["code"] for _ in range(6)]
    assert guesses[-1] == "RATE_LIMITED"
    assert caches["ratelimit"].degraded
