"""What every call to an API needs below the page's view of it: the process-wide HTTP client of
each API, the browser's address, and :class:`Unavailable`.

Both :mod:`front.api.client` (a page's calls) and :mod:`front.api.tokens` (refreshing the
visitor's tokens with auth) send through here, so neither imports the other's internals and a
test stubs the APIs in one place (``front.api.transport.service_client``).
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.http import HttpRequest

from kingdom.addresses import client_address
from kingdom.http import ServiceClient

#: service name -> the setting holding its base URL (docs/contracts.md#configuration, kingdom.settings)
SERVICE_URL_SETTINGS = {
    "auth": "AUTH_SERVICE_URL",
    "board": "BOARD_SERVICE_URL",
    "comments": "COMMENT_SERVICE_URL",
    "sharing": "SHARING_SERVICE_URL",
    "notifications": "NOTIFICATION_SERVICE_URL",
}

_clients: dict[str, ServiceClient] = {}
_clients_lock = threading.Lock()


def service_client(service: str) -> ServiceClient:
    """The process-wide client of one API (it holds the keep-alive connection pool)."""
    base_url = getattr(settings, SERVICE_URL_SETTINGS[service])
    key = f"{service}|{base_url}"
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            # As many kept-alive connections as calls can be under way at once in this process
            # (request threads x sections): a full pool drops a connection and opens a new one.
            # A page's call that timed out is not sent again (refused connections and 502-504
            # still are): under load that doubled the work of a service already too slow
            # (`make bench`: 1,164 such retries a minute) and made the page wait two timeouts.
            # A write waits longer than a page's section (FRONT_API_WRITE_TIMEOUT_SECONDS).
            client = _clients[key] = ServiceClient(
                base_url,
                timeout=settings.FRONT_API_TIMEOUT_SECONDS,
                write_timeout=settings.FRONT_API_WRITE_TIMEOUT_SECONDS,
                pool_size=64,
                retry_reads=False,
            )
        return client


def client_ip(request: HttpRequest) -> str:
    """The browser's address as far as the front's own proxies vouch for it (kingdom.addresses).

    ``TRUSTED_PROXY_COUNT`` (``NUM_PROXIES``; 0 when the front is served directly, as ``make run``
    does; 1 in the chart: the Istio gateway): with none, the connection's own address, and
    whatever a browser writes in ``X-Forwarded-For`` is ignored.
    """
    return client_address(request, hops=settings.TRUSTED_PROXY_COUNT)


class Unavailable(Exception):
    """An API could not answer (network error, timeout or 5xx): show a notice, keep the page."""

    def __init__(self, service: str, reason: str = ""):
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason
