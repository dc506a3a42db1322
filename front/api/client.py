"""Calls to the APIs for one browser request: tokens, forwarded IP, errors a page can show.

Every call goes through :class:`Api`. It sends the visitor's access token (refreshing it first
when it is about to expire, and once more after a 401), forwards the browser's IP in
``X-Forwarded-For`` (as far as our own proxies vouch for it) and its device id in ``X-Device-Id``
(front.web.device), and turns answers into either JSON, an :class:`ApiError` (a 4xx problem
the page can explain) or :class:`Unavailable` (the service is down, slow or failing).
"""

from __future__ import annotations

import hashlib
import json as jsonlib
import threading
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache as page_data_cache
from django.http import HttpRequest

from front.api import tokens
from front.web.device import device_id
from kingdom.addresses import client_address
from kingdom.http import ServiceClient, UpstreamUnavailable

#: service name -> the setting holding its base URL (docs/contracts.md#configuration, kingdom.settings)
SERVICE_URL_SETTINGS = {
    "auth": "AUTH_SERVICE_URL",
    "board": "BOARD_SERVICE_URL",
    "comments": "COMMENT_SERVICE_URL",
    "sharing": "SHARING_SERVICE_URL",
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
            client = _clients[key] = ServiceClient(
                base_url, timeout=settings.FRONT_API_TIMEOUT_SECONDS, pool_size=64, retry_reads=False
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


class ApiError(Exception):
    """A 4xx problem-details answer; ``errors`` maps field names to messages."""

    def __init__(self, service: str, status: int, problem: dict[str, Any], headers: dict | None = None):
        self.service = service
        self.status = status
        self.problem = problem
        self.detail: str = problem.get("detail") or problem.get("title") or ""
        self.errors: dict[str, list[str]] = problem.get("errors") or {}
        self.existing = problem.get("existing")
        self.retry_after = (headers or {}).get("Retry-After")
        super().__init__(f"{service} {status}: {self.detail}")


def _problem(response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {"status": response.status_code, "detail": ""}
    return body if isinstance(body, dict) else {"status": response.status_code, "detail": str(body)}


class Api:
    """The APIs as seen by one browser request (create one per request; threads may share it)."""

    def __init__(self, request: HttpRequest):
        self.request = request
        self._ip = client_ip(request)

    # --- verbs ---------------------------------------------------------------------------
    def get(self, service: str, path: str, params: dict | None = None, *, cache: int = 0, auth: bool = True):
        """GET JSON. ``cache`` seconds keeps an answer given *without a token* (an anonymous
        visitor, or ``auth=False`` for data that is the same for everyone) for everyone briefly."""
        params = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        sends_token = auth and tokens.SessionTokens(self.request).is_authenticated
        if cache and not sends_token:
            key = (
                "api:"
                + hashlib.sha256(f"{service}{path}?{urlencode(sorted(params.items()))}".encode()).hexdigest()
            )
            hit = page_data_cache.get(key)
            if hit is not None:
                return hit
            data = self.send("GET", service, path, params=params, auth=auth)
            page_data_cache.set(key, data, cache)
            return data
        return self.send("GET", service, path, params=params, auth=auth)

    def post(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("POST", service, path, json=json, auth=auth)

    def put(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("PUT", service, path, json=json, auth=auth)

    def patch(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("PATCH", service, path, json=json, auth=auth)

    def delete(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("DELETE", service, path, json=json, auth=auth)

    # --- the one place a request is sent ----------------------------------------------------
    def send(self, method: str, service: str, path: str, *, params=None, json=None, auth: bool = True):
        """Send one call; returns the JSON body (``None`` for 204) or raises ApiError/Unavailable."""
        session = tokens.SessionTokens(self.request)
        access = session.fresh_access() if auth else None
        response = self._send_once(method, service, path, params, json, access)
        if response.status_code == 401 and access:
            # The token expired or was revoked between our check and the call: refresh once.
            access = session.refresh(rejected=access)
            response = self._send_once(method, service, path, params, json, access)
        if response.status_code >= 400:
            raise ApiError(service, response.status_code, _problem(response), dict(response.headers))
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise Unavailable(service, "answered something that is not JSON") from exc

    def _send_once(self, method, service, path, params, json, access):
        headers = {"Accept": "application/json", "X-Forwarded-For": self._ip}
        device = device_id(self.request)
        if device:
            headers["X-Device-Id"] = device  # per-device sign-up/guest limits (front.web.device)
        if access:
            headers["Authorization"] = f"Bearer {access}"
        kwargs: dict[str, Any] = {"headers": headers}
        if params:
            kwargs["params"] = params
        if json is not None:
            kwargs["data"] = jsonlib.dumps(json, ensure_ascii=False).encode()
            headers["Content-Type"] = "application/json"
        try:
            return service_client(service).request(method, path, **kwargs)
        except UpstreamUnavailable as exc:
            raise Unavailable(service, exc.reason) from exc
