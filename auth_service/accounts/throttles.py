"""Rate limits on the doors into accounts: login, signup, guest creation, service tokens.

Counters live in the default cache, which is the database cache (kingdom.settings), so every
gunicorn worker and every pod counts together. Rates come from ``settings.THROTTLE_RATES``
(read per request, so tests and operators can change them) as DRF rate strings, ``"10/min"``.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from kingdom.addresses import client_address


class _SettingsRateThrottle(SimpleRateThrottle):
    scope = ""

    def get_ident(self, request) -> str:
        return client_address(request)

    def get_rate(self) -> str | None:
        return settings.THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        # DRF resolves the rate once in __init__; resolve it per request instead.
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)


class ClientIpThrottle(_SettingsRateThrottle):
    """Per client IP (``X-Forwarded-For`` as far as ``NUM_PROXIES`` trusts it) for the view's scope.

    The view names the scope: ``ip_throttle_scope = "signup_ip"``.
    """

    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, "ip_throttle_scope", "")
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        return f"throttle:{self.scope}:{self.get_ident(request)}"


class DeviceThrottle(_SettingsRateThrottle):
    """Per client address *and device* (``X-Device-Id``, the front's per-browser cookie) for the
    view's ``device_throttle_scope``: people behind one shared mobile address count separately,
    while ``ClientIpThrottle``'s higher per-address ceiling bounds whoever drops the cookie.
    A caller without the header is one device per address."""

    def allow_request(self, request, view) -> bool:
        self.scope = getattr(view, "device_throttle_scope", "")
        return super().allow_request(request, view)

    def get_cache_key(self, request, view) -> str:
        device = request.headers.get("X-Device-Id", "")[:64]
        hashed = hashlib.sha256(device.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"throttle:{self.scope}:{self.get_ident(request)}:{hashed}"


class PasswordChangeThrottle(_SettingsRateThrottle):
    """Password-change attempts per account: a stolen access token must not guess the old password."""

    scope = "password_user"

    def get_cache_key(self, request, view) -> str | None:
        return f"throttle:{self.scope}:{request.user.pk}" if request.user.is_authenticated else None
