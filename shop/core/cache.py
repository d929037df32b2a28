"""A cache that survives the shared cache going away: rate limits and sign-in lockouts keep counting.

``FailoverCache`` forwards every call to the shared cache (Redis, ``OPTIONS["PRIMARY"]``); when that raises a
connection error it answers from this process's memory instead, and leaves Redis alone for ``RETRY_AFTER`` seconds
before trying again (a dead Redis then costs nothing per request). While Redis is down the counts are per process
(weaker limits, never a 500); they do not carry over when it comes back.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.core.cache.backends.base import BaseCache
from django.core.cache.backends.locmem import LocMemCache

logger = logging.getLogger(__name__)

try:  # the shared cache is Redis wherever REDIS_URL is set
    from redis.exceptions import RedisError
except ImportError:  # pragma: no cover - redis is a dependency
    RedisError = OSError  # type: ignore[assignment,misc]

UNREACHABLE = (RedisError, ConnectionError, OSError, TimeoutError)
RETRY_AFTER = 10.0


class FailoverCache(BaseCache):
    def __init__(self, location: str, params: dict) -> None:
        super().__init__(params)
        self._primary_alias = params.get("OPTIONS", {}).get("PRIMARY", "default")
        self._local = LocMemCache(f"failover-{location}", {"TIMEOUT": params.get("TIMEOUT", 300)})
        self._down_until = 0.0

    @property
    def degraded(self) -> bool:
        """True while calls go to this process's memory."""
        return time.monotonic() < self._down_until

    def _call(self, name: str, *args, **kwargs):
        if not self.degraded:
            try:
                return getattr(caches[self._primary_alias], name)(*args, **kwargs)
            except UNREACHABLE as exc:
                self._down_until = time.monotonic() + RETRY_AFTER
                logger.warning("shared cache unreachable (%s); counting in process memory", type(exc).__name__)
        return getattr(self._local, name)(*args, **kwargs)

    def add(self, key, value, timeout=300, version=None):  # type: ignore[override]
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=300, version=None):  # type: ignore[override]
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=300, version=None):  # type: ignore[override]
        return self._call("touch", key, timeout, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def clear(self):
        self._local.clear()
        return self._call("clear")
