"""The visitor's tokens, kept in the signed session cookie and refreshed before they expire.

The session holds ``{"access", "refresh", "user": {"id", "nickname", "role"}}`` from auth's
login/signup/guest answers. The front reads the access token's ``exp`` only to know when to
refresh; it never trusts the claims for access control (the APIs verify every token).
"""

from __future__ import annotations

import base64
import hashlib
import json
import threading
import time
import weakref
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest

from front.api import transport
from front.api.transport import Unavailable, client_ip
from kingdom.http import UpstreamUnavailable
from kingdom.roles import RoleFlags

SESSION_KEY = "tk_auth"
#: refresh this many seconds before the access token's expiry, so a page's calls do not race it
REFRESH_MARGIN_SECONDS = 30
#: two requests of one browser may refresh at once; the second reuses the first's new pair
_RECENT_REFRESH_SECONDS = 60

# One lock per refresh token, not one for the process: while auth is slow, one visitor's
# refresh must not queue everyone else's behind it.
_refresh_locks: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
_refresh_locks_guard = threading.Lock()


def _refresh_lock(refresh_token: str) -> threading.Lock:
    key = hashlib.sha256(refresh_token.encode()).hexdigest()
    with _refresh_locks_guard:
        lock = _refresh_locks.get(key)
        if lock is None:
            lock = _refresh_locks[key] = threading.Lock()
        return lock


class SessionExpired(Exception):
    """The refresh token no longer works (expired, revoked, rotated): log in again."""


@dataclass(frozen=True)
class Viewer(RoleFlags):
    """Who is looking at the page, as far as the front knows (for showing, never for deciding)."""

    id: int | None = None
    nickname: str = ""
    role: str | None = None

    @property
    def is_authenticated(self) -> bool:
        return self.id is not None


ANONYMOUS = Viewer()


def token_expiry(token: str) -> float:
    """The ``exp`` claim of a JWT, read without verification (0 when unreadable)."""
    try:
        payload = token.split(".")[1]
        claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
        return float(claims.get("exp", 0))
    except (IndexError, ValueError, TypeError):
        return 0.0


class SessionTokens:
    """Read and update the tokens in ``request.session``."""

    def __init__(self, request: HttpRequest):
        self.request = request

    @property
    def data(self) -> dict[str, Any] | None:
        return self.request.session.get(SESSION_KEY)

    @property
    def is_authenticated(self) -> bool:
        return bool(self.data)

    @property
    def viewer(self) -> Viewer:
        data = self.data
        if not data:
            return ANONYMOUS
        user = data.get("user") or {}
        return Viewer(id=user.get("id"), nickname=user.get("nickname", ""), role=user.get("role"))

    @property
    def refresh_token(self) -> str | None:
        data = self.data
        return data.get("refresh") if data else None

    def store(self, body: dict[str, Any]) -> None:
        """Keep what auth answered to login/signup/guest/upgrade (``user`` may be absent on refresh)."""
        previous = self.data or {}
        user = body.get("user") or previous.get("user") or {}
        if (previous.get("user") or {}).get("id") != user.get("id"):
            # a new identity gets a new session (no fixation of a pre-login cookie)
            self.request.session.cycle_key()
        self.request.session[SESSION_KEY] = {
            "access": body["access"],
            "refresh": body.get("refresh") or previous.get("refresh"),
            "user": {"id": user.get("id"), "nickname": user.get("nickname", ""), "role": user.get("role")},
        }

    def update_user(self, **fields: Any) -> None:
        data = dict(self.data or {})
        if data:
            data["user"] = {**data["user"], **fields}
            self.request.session[SESSION_KEY] = data

    def clear(self) -> None:
        self.request.session.pop(SESSION_KEY, None)

    def usable_access(self) -> str | None:
        """The access token while it is not about to expire, never refreshed: for a call on the
        side (the header badge) that must leave refreshing, and its refusal, to the page's own calls."""
        data = self.data
        if not data or token_expiry(data["access"]) - time.time() < REFRESH_MARGIN_SECONDS:
            return None
        return data["access"]

    def fresh_access(self) -> str | None:
        """The access token, refreshed first when it expires within the margin."""
        data = self.data
        if not data:
            return None
        if token_expiry(data["access"]) - time.time() < REFRESH_MARGIN_SECONDS:
            return self.refresh(rejected=data["access"])
        return data["access"]

    def refresh(self, *, rejected: str | None = None) -> str:
        """Trade the refresh token for a new pair (auth rotates it); raise SessionExpired if refused."""
        data = self.data
        if not data:
            raise SessionExpired
        with _refresh_lock(data["refresh"]):
            data = self.data
            if not data:
                raise SessionExpired
            if rejected is not None and data["access"] != rejected:
                return data["access"]  # another thread of this request refreshed already
            old_refresh = data["refresh"]
            recent_key = "refreshed:" + hashlib.sha256(old_refresh.encode()).hexdigest()
            body = cache.get(recent_key)
            if body is None:
                try:
                    response = transport.service_client("auth").request(
                        "POST",
                        "/api/auth/refresh",
                        json={"refresh": old_refresh},
                        headers={"X-Forwarded-For": client_ip(self.request)},
                    )
                except UpstreamUnavailable as exc:
                    raise Unavailable("auth", exc.reason) from exc
                if response.status_code != 200:
                    self.clear()
                    raise SessionExpired
                body = response.json()
                cache.set(recent_key, body, _RECENT_REFRESH_SECONDS)
            self.store(body)
            return body["access"]
