"""HTTP calls between services: pooled keep-alive connections, timeouts, bounded retries.

Every call carries the current ``X-Request-ID`` and trace headers. Idempotent requests are
retried once on a connection error (a kept-alive connection closed as it was reused included) or
a 502/503/504; nothing is retried after a timeout on a write, nor, for a client made with
``retry_reads=False`` (the front's), after any read timeout. A client may give writes a longer
timeout than reads (``write_timeout``: the front's). A call with a service token that
answers 401 is sent once more with a fresh token. Failures surface as
:class:`UpstreamUnavailable`, which a view turns into a 503.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import requests
from django.conf import settings
from requests.adapters import HTTPAdapter
from urllib3.exceptions import ReadTimeoutError
from urllib3.util.retry import Retry

from kingdom.context import propagation_headers

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class UpstreamUnavailable(Exception):
    """The other service could not be reached, timed out, or answered with a server error."""

    def __init__(self, service: str, reason: str):
        super().__init__(f"{service}: {reason}")
        self.service = service
        self.reason = reason


class _RetryUnlessTimedOut(Retry):
    """urllib3's retry, except that a read that timed out is never sent again.

    urllib3 counts two failures as read errors: a read timeout (the service is working on it, or
    too slow: sending it again doubles the work) and a connection closed with nothing answered
    (``RemoteDisconnected``: a kept-alive connection the server closed as it was reused, when its
    keep-alive time ran out just then; no one read the request). Only the second is retried.
    """

    def increment(self, method=None, url=None, response=None, error=None, _pool=None, _stacktrace=None):
        if isinstance(error, ReadTimeoutError):
            raise error
        return super().increment(method, url, response, error, _pool, _stacktrace)


def _session(pool_size: int, retries: int, retry_reads: bool = True) -> requests.Session:
    session = requests.Session()
    # Calls between our services never go through a proxy from the environment, a ~/.netrc login
    # or a CA bundle named there: not reading them spares every call its environment and file
    # lookups (a fifth of requests' own CPU per call, measured on loopback).
    session.trust_env = False
    retry = (Retry if retry_reads else _RetryUnlessTimedOut)(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=0.1,
        status_forcelist=(502, 503, 504),
        allowed_methods=IDEMPOTENT_METHODS,
        raise_on_status=False,
        respect_retry_after_header=False,
    )
    adapter = HTTPAdapter(pool_connections=4, pool_maxsize=pool_size, max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class ServiceClient:
    """A client for one base URL; share one instance per process (it holds the connection pool)."""

    def __init__(
        self,
        base_url: str,
        *,
        timeout: float | None = None,
        write_timeout: float | None = None,
        retries: int = 1,
        pool_size: int = 16,
        token_provider: ServiceTokenProvider | None = None,
        retry_reads: bool = True,
    ):
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self.write_timeout = write_timeout  # for anything but GET/HEAD/OPTIONS; ``timeout`` if None
        self.token_provider = token_provider
        self._session = _session(pool_size, retries, retry_reads)

    def request(self, method: str, path: str, *, headers: dict[str, str] | None = None, **kwargs: Any):
        """Send a request; raise :class:`UpstreamUnavailable` on network failure or a 5xx answer."""
        url = f"{self.base_url}/{path.lstrip('/')}" if path else self.base_url
        response = self._send(method, url, headers, kwargs)
        if response.status_code == 401 and self.token_provider is not None:
            # Our cached service token is no longer accepted (auth restarted with a rotated key,
            # or the token was cut short): fetch a fresh one and try once more. Safe for writes
            # too, since a 401 means the request was refused before it did anything.
            self.token_provider.invalidate()
            response = self._send(method, url, headers, kwargs)
        if response.status_code >= 500:
            raise UpstreamUnavailable(self.base_url, f"answered {response.status_code}")
        return response

    def _send(self, method: str, url: str, headers: dict[str, str] | None, kwargs: dict[str, Any]):
        merged = propagation_headers()
        if self.token_provider is not None:
            merged["Authorization"] = f"Bearer {self.token_provider.token()}"
        merged.update(headers or {})
        timeout = self.timeout if self.timeout is not None else settings.UPSTREAM_TIMEOUT_SECONDS
        if self.write_timeout is not None and method not in READ_METHODS:
            timeout = self.write_timeout
        try:
            return self._session.request(method, url, headers=merged, timeout=timeout, **kwargs)
        except requests.Timeout as exc:
            raise UpstreamUnavailable(self.base_url, "timed out") from exc
        except requests.RequestException as exc:
            raise UpstreamUnavailable(self.base_url, f"unreachable ({exc.__class__.__name__})") from exc

    def get(self, path: str, **kwargs: Any):
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any):
        return self.request("POST", path, **kwargs)


class ServiceTokenProvider:
    """Fetches and caches a ``service`` token from auth_service by client credentials."""

    def __init__(self, auth_url: str, client_id: str, client_secret: str, *, timeout: float = 3.0):
        self._client = ServiceClient(auth_url, timeout=timeout, retries=1)
        self._credentials = {"client_id": client_id, "client_secret": client_secret}
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires_at = 0.0

    def token(self) -> str:
        with self._lock:
            if self._token is None or time.time() > self._expires_at - 30:
                response = self._client.post("/api/auth/service-token", json=self._credentials)
                if response.status_code != 200:
                    raise UpstreamUnavailable(
                        self._client.base_url, f"refused service token ({response.status_code})"
                    )
                body = response.json()
                self._token = body["access"]
                self._expires_at = time.time() + float(body.get("expires_in", 60))
            return self._token

    def invalidate(self) -> None:
        with self._lock:
            self._token = None


_clients: dict[str, ServiceClient] = {}
_clients_lock = threading.Lock()


def internal_client(service_url_setting: str) -> ServiceClient:
    """A process-wide client for another service's *internal* endpoints, with a service token.

    ``service_url_setting`` names the setting holding its base URL, e.g. ``"BOARD_SERVICE_URL"``.
    """
    base_url = getattr(settings, service_url_setting)
    key = f"{service_url_setting}|{base_url}"
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            provider = ServiceTokenProvider(
                settings.AUTH_SERVICE_URL, settings.SERVICE_CLIENT_ID, settings.SERVICE_CLIENT_SECRET
            )
            client = _clients[key] = ServiceClient(base_url, token_provider=provider)
        return client
