"""The caller's address, as far as proxies we trust vouch for it — one rule for every service.

Each trusted proxy appends the address it saw to ``X-Forwarded-For``; entries left of theirs are
whatever the client claimed. So the address is the entry ``hops`` from the right (``NUM_PROXIES``
for the APIs: 1, the front or the gateway; ``TRUSTED_PROXY_COUNT`` for the front: 0 when served
directly), and only when the connection itself comes from a trusted proxy
(``FORWARDED_ALLOW_IPS``, the same list gunicorn trusts forwarded headers from: 127.0.0.1 by
default, ``*`` in the chart where only the mesh reaches a pod). A client that reaches an API port
directly from anywhere else is counted by its own connection address, whatever it writes.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _trusted_networks(spec: str) -> tuple:
    networks = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        if part == "*":
            return ("*",)
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            continue  # gunicorn ignores what it cannot parse as well
    return tuple(networks)


def is_trusted_proxy(address: str) -> bool:
    """Whether ``address`` (a connection's peer) is a proxy whose ``X-Forwarded-For`` we believe."""
    networks = _trusted_networks(settings.FORWARDED_ALLOW_IPS)
    if networks == ("*",):
        return True
    try:
        peer = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(peer in network for network in networks)


def client_address(request, *, hops: int | None = None) -> str:
    """The client's address for per-address limits and view counts (``hops``: trusted proxies,
    default the APIs' ``NUM_PROXIES``)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if hops is None:
        hops = settings.REST_FRAMEWORK.get("NUM_PROXIES") or 0
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if hops <= 0 or not forwarded or not is_trusted_proxy(remote):
        return remote
    addresses = [part.strip() for part in forwarded.split(",") if part.strip()]
    return addresses[-min(hops, len(addresses))] if addresses else remote
