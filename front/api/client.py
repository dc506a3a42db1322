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
import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache as page_data_cache
from django.http import HttpRequest

from front.api import tokens, transport
from front.api.transport import Unavailable, client_ip
from front.web.device import device_id
from kingdom.http import UpstreamUnavailable

#: the session's note that its visitor changed what the lists show, until then (:meth:`Api.everyones`)
CHANGED_LISTS_UNTIL = "changed_lists_until"


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
    def get(
        self,
        service: str,
        path: str,
        params: dict | None = None,
        *,
        cache: int = 0,
        auth: bool = True,
        refresh: bool = True,
    ):
        """GET JSON. ``cache`` seconds keeps an answer given *without a token* (an anonymous
        visitor, or ``auth=False`` for data that is the same for everyone) for everyone briefly.
        ``refresh=False``: never refresh the token (see :meth:`send`)."""
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
        return self.send("GET", service, path, params=params, auth=auth, refresh=refresh)

    def everyones(self, service: str, path: str, params: dict | None = None, *, own_after_change=False):
        """GET a list that is the same for everyone, asked without a token and shared
        ``FRONT_ANONYMOUS_CACHE_SECONDS`` by visitors and members alike.

        A member's own answer would differ only in what list rows never show (their like, vote
        or 스크랩), and asked with every member's token a list cost its API 5–6 ms of CPU per page
        instead of nothing (``perf/page_cpu.py --member``). With ``own_after_change``, someone who
        added, changed or removed a post or a deal in that time (:meth:`changed_lists`) asks with
        their token and unshared: the post they just wrote, or the deal they just deleted, shows as
        it now is rather than as the shared answer last saw it."""
        if own_after_change and self._changed_lists_recently():
            return self.get(service, path, params)
        return self.get(service, path, params, cache=settings.FRONT_ANONYMOUS_CACHE_SECONDS, auth=False)

    def changed_lists(self) -> None:
        """Note that this visitor just added, changed or removed something the lists show."""
        session = getattr(self.request, "session", None)
        if session is not None:
            session[CHANGED_LISTS_UNTIL] = time.time() + settings.FRONT_ANONYMOUS_CACHE_SECONDS

    def _changed_lists_recently(self) -> bool:
        session = getattr(self.request, "session", None)
        return session is not None and session.get(CHANGED_LISTS_UNTIL, 0) > time.time()

    def post(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("POST", service, path, json=json, auth=auth)

    def put(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("PUT", service, path, json=json, auth=auth)

    def patch(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("PATCH", service, path, json=json, auth=auth)

    def delete(self, service: str, path: str, json: Any = None, *, auth: bool = True):
        return self.send("DELETE", service, path, json=json, auth=auth)

    # --- the one place a request is sent ----------------------------------------------------
    def send(
        self, method: str, service: str, path: str, *, params=None, json=None, auth: bool = True, refresh=True
    ):
        """Send one call; returns the JSON body (``None`` for 204) or raises ApiError/Unavailable.

        ``refresh=False`` (a call beside the page's, in another thread: the header badge) sends the
        token only while it is valid and never refreshes it: a refresh refused there would clear
        the session under the page, which would then render as anonymous instead of sending the
        visitor to log in."""
        session = tokens.SessionTokens(self.request)
        access = (session.fresh_access() if refresh else session.usable_access()) if auth else None
        response = self._send_once(method, service, path, params, json, access)
        if response.status_code == 401 and access and refresh:
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
        if not getattr(settings, transport.SERVICE_URL_SETTINGS[service], ""):
            # an optional service (notifications) this deployment does not run: a notice, not a 500
            raise Unavailable(service, "not configured")
        try:
            return transport.service_client(service).request(method, path, **kwargs)
        except UpstreamUnavailable as exc:
            raise Unavailable(service, exc.reason) from exc
