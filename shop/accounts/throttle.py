"""How often someone may try a password, and who is slowed down when they guess wrong.

Three counts, on the ``ratelimit`` cache (``shop.core.cache.FailoverCache``: Redis, or this process's memory while
Redis is down, so sign-in never fails with it):

- attempts per client address (``SIGN_IN_RATE_PER_IP``, any email): one address trying many accounts;
- failures per account *and* client address: after ``SIGN_IN_LOCKOUT_AFTER`` wrong passwords that address is locked
  out of that account for ``SIGN_IN_LOCKOUT_SECONDS``, doubling with each further failure up to
  ``SIGN_IN_LOCKOUT_MAX_SECONDS``. The owner, elsewhere, is not locked out by someone else's guesses (the finding:
  five wrong passwords from anywhere locked the real owner out of web and API alike); a success clears the count;
- failures per account from anywhere, at most ``SIGN_IN_ACCOUNT_FAILURES_PER_HOUR`` (OWASP ASVS 2.2.1: no more than
  100 failed attempts an hour on one account). Only a guesser spread over many addresses reaches it.

The client address is ``shop.core.client_address.request_client_address`` (``TRUSTED_PROXIES``).
"""

from __future__ import annotations

import hashlib
import time

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from shop.core.client_address import request_client_address

WINDOW_SECONDS = 3600


def _cache():
    return caches[settings.RATELIMIT_USE_CACHE]


def _account(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:32]


def _keys(request: HttpRequest, email: str) -> tuple[str, str, str]:
    account = _account(email)
    pair = f"signin:fail:{account}:{request_client_address(request)}"
    return pair, f"{pair}:last", f"signin:fail:{account}"


def _incr(key: str) -> int:
    cache = _cache()
    if cache.add(key, 1, WINDOW_SECONDS):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls
        cache.set(key, 1, WINDOW_SECONDS)
        return 1


def lockout_seconds(failures: int) -> int:
    """How long the ``failures``-th wrong password locks its address out of the account (0: not yet)."""
    over = failures - settings.SIGN_IN_LOCKOUT_AFTER
    if over < 0:
        return 0
    return min(settings.SIGN_IN_LOCKOUT_SECONDS * 2 ** min(over, 20), settings.SIGN_IN_LOCKOUT_MAX_SECONDS)


def sign_in_wait(*, request: HttpRequest, email: str) -> int:
    """Seconds this client must wait before trying ``email`` again (0: go ahead). Counts the attempt against the
    client address's rate."""
    if is_ratelimited(
        request, group="sign-in:ip", key="ip", rate=settings.SIGN_IN_RATE_PER_IP, method=ALL, increment=True
    ):
        return 60
    pair, last, account = _keys(request, email)
    values = _cache().get_many([pair, last, account])
    if values.get(account, 0) >= settings.SIGN_IN_ACCOUNT_FAILURES_PER_HOUR:
        return WINDOW_SECONDS
    locked_for = lockout_seconds(values.get(pair, 0))
    remaining = values.get(last, 0) + locked_for - time.time()
    return max(int(remaining + 0.999), 0) if locked_for else 0


def sign_in_failed(*, request: HttpRequest, email: str) -> None:
    """Count a wrong password for this account from this client address, and for the account."""
    pair, last, account = _keys(request, email)
    _incr(pair)
    _cache().set(last, time.time(), WINDOW_SECONDS)
    _incr(account)


def sign_in_succeeded(*, request: HttpRequest, email: str) -> None:
    """The right password: this address starts afresh for this account."""
    pair, last, _ = _keys(request, email)
    cache = _cache()
    cache.delete(pair)
    cache.delete(last)


def register_rate_limited(*, request: HttpRequest) -> bool:
    """Count a registration from this client address; True when over ``ACCOUNT_REGISTER_RATE_PER_IP``."""
    return is_ratelimited(
        request, group="register:ip", key="ip", rate=settings.ACCOUNT_REGISTER_RATE_PER_IP, method=ALL, increment=True
    )
