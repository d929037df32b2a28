"""The client's address, believing ``X-Forwarded-For`` only from the proxies ``TRUSTED_PROXIES`` lists.

Written with the standard ``ipaddress`` module rather than django-ipware: ipware matches trusted proxies by string
prefix, and this needs networks (``172.28.0.0/24``). The header is read from the right: each hop a trusted proxy
added is skipped, and the first address no trusted proxy owns is the client (whatever a client writes at the left
is never believed). Without a trusted proxy in front, ``REMOTE_ADDR`` is the client.
"""

from __future__ import annotations

import functools
import ipaddress

from django.conf import settings
from django.http import HttpRequest


@functools.cache
def _trusted(networks: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in networks)


def _address(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def request_client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request`` (``0.0.0.0`` when there is none)."""
    trusted = _trusted(tuple(settings.TRUSTED_PROXIES))
    peer = _address(request.META.get("REMOTE_ADDR", ""))
    if peer is None:
        return "0.0.0.0"  # noqa: S104 - no peer (a Unix socket): all such clients share one count
    if not any(peer in network for network in trusted):
        return str(peer)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break  # a malformed hop: nothing to its left can be believed
        if not any(address in network for network in trusted):
            return str(address)
        peer = address
    return str(peer)
