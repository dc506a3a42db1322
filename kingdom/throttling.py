"""Rate limits, one mechanism for every service: counters in the shared cache (kingdom.settings:
Valkey, else the database cache), so every gunicorn worker and every pod counts together.

Rates: ``settings.THROTTLE_RATES = {scope: {role: rate}}`` with DRF rate strings (``"10/min"``); a
role without an entry falls back to ``"default"``, and a scope with no rate for the caller is not
limited. Each service builds it with :func:`kingdom.settings.throttle_rates` from the environment
variables ``RATE_<SERVICE>_<SCOPE>[_<ROLE>]`` (docs/contracts.md#rate-limits). Rates are read per
request, so tests and operators can change them. 429 answers carry ``Retry-After``
(kingdom.problems).

What a counter counts is the throttle class's choice; the client address is always
:func:`kingdom.addresses.client_address` (``X-Forwarded-For`` only as far as trusted proxies vouch):

- :class:`RoleScopedThrottle` — writes per user id (per address without a token), per role;
  staff and service callers are never limited. The view sets ``throttle_scope``.
- :class:`AddressThrottle` — every request per client address (``ip_throttle_scope``).
- :class:`DeviceThrottle` — per address *and* device (``device_throttle_scope``).
- :class:`AccountThrottle` — per signed-in account (``account_throttle_scope``).
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from kingdom.addresses import client_address

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def rate_for(scope: str, role: str) -> str | None:
    """The configured rate of ``scope`` for a caller of ``role`` (``None``: not limited)."""
    rates = getattr(settings, "THROTTLE_RATES", {}).get(scope) or {}
    return rates.get(role, rates.get("default"))


class ScopedThrottle(SimpleRateThrottle):
    """The one mechanism: a scope named by the view (or the class), the caller's role, a rate from
    ``THROTTLE_RATES``, a counter key from :meth:`identity`. Subclasses only say what they count."""

    #: the view attribute naming the scope; the class's own ``scope`` when the view has none
    scope_attr = "throttle_scope"
    #: roles never limited
    exempt_roles: frozenset[str] = frozenset()
    #: whether GET/HEAD/OPTIONS count (a view may say ``throttle_safe_methods = True``)
    count_safe_methods = True

    def __init__(self):
        # DRF resolves the rate once in __init__; here it depends on the request (scope, role).
        pass

    def allow_request(self, request, view) -> bool:
        if request.method in SAFE_METHODS and not (
            self.count_safe_methods or getattr(view, "throttle_safe_methods", False)
        ):
            return True
        self.scope = getattr(view, self.scope_attr, None) or type(self).scope
        if not self.scope:
            return True
        self.role = getattr(getattr(request, "user", None), "role", None) or "anonymous"
        if self.role in self.exempt_roles:
            return True
        self.rate = rate_for(self.scope, self.role)
        if not self.rate:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request) -> str:
        return client_address(request)

    def identity(self, request) -> str | None:
        """What this throttle counts for the request (``None``: nothing to count)."""
        raise NotImplementedError

    def get_cache_key(self, request, view) -> str | None:
        identity = self.identity(request)
        return None if identity is None else f"throttle:{self.scope}:{identity}"


class RoleScopedThrottle(ScopedThrottle):
    """A view's writes per user (by id) or, for callers without a token, per client address; the
    role is part of the key (a guest who becomes a member starts a member's count)."""

    exempt_roles = frozenset({"staff", "service"})
    count_safe_methods = False

    def identity(self, request) -> str:
        user_id = getattr(request.user, "id", None)
        return (
            f"{self.role}:user:{user_id}"
            if user_id is not None
            else f"{self.role}:ip:{self.get_ident(request)}"
        )


class AddressThrottle(ScopedThrottle):
    """Every request per client address for the view's ``ip_throttle_scope``, whoever is signed in."""

    scope_attr = "ip_throttle_scope"

    def identity(self, request) -> str:
        return self.get_ident(request)


class DeviceThrottle(ScopedThrottle):
    """Per client address *and device* (``X-Device-Id``, the front's per-browser cookie) for the
    view's ``device_throttle_scope``: people behind one shared mobile address count separately,
    while an :class:`AddressThrottle`'s higher per-address ceiling bounds whoever drops the cookie.
    A caller without the header is one device per address."""

    scope_attr = "device_throttle_scope"

    def identity(self, request) -> str:
        device = request.headers.get("X-Device-Id", "")[:64]
        hashed = hashlib.sha256(device.encode("utf-8", "surrogatepass")).hexdigest()[:32]
        return f"{self.get_ident(request)}:{hashed}"


class AccountThrottle(ScopedThrottle):
    """Per signed-in account for the view's ``account_throttle_scope`` (e.g. password changes: a
    stolen access token must not guess the old password); callers without one are not counted."""

    scope_attr = "account_throttle_scope"

    def identity(self, request) -> str | None:
        return str(request.user.pk) if request.user.is_authenticated else None
