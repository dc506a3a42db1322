"""Rate limits that hold across processes and pods: counters live in the shared (database) cache.

Rates are configured per scope and role in ``settings.THROTTLE_RATES``, e.g.
``{"post_create": {"guest": "5/hour", "member": "30/hour"}}``; a role without an entry falls
back to ``"default"``, and a scope with no rate for the caller is not limited. Staff and
service callers are never limited. 429 answers carry ``Retry-After`` (kingdom.problems).
"""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from kingdom.addresses import client_address


class RoleScopedThrottle(SimpleRateThrottle):
    """Limit a view's writes per user (by id) or, for callers without a token, per client IP.

    A view sets ``throttle_scope = "post_create"``; only unsafe methods count unless the view
    sets ``throttle_safe_methods = True``.
    """

    scope_attr = "throttle_scope"
    exempt_roles = frozenset({"staff", "service"})

    def __init__(self):
        # Rates are resolved per request (they depend on the caller's role).
        pass

    def allow_request(self, request, view) -> bool:
        if request.method in ("GET", "HEAD", "OPTIONS") and not getattr(view, "throttle_safe_methods", False):
            return True
        self.scope = getattr(view, self.scope_attr, None)
        if not self.scope:
            return True
        role = getattr(request.user, "role", None) or "anonymous"
        if role in self.exempt_roles:
            return True
        rates = getattr(settings, "THROTTLE_RATES", {}).get(self.scope, {})
        self.rate = rates.get(role, rates.get("default"))
        if not self.rate:
            return True
        self.role = role
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request) -> str:
        return client_address(request)

    def get_cache_key(self, request, view) -> str:
        user = request.user
        ident = (
            f"user:{user.id}" if getattr(user, "id", None) is not None else f"ip:{self.get_ident(request)}"
        )
        return f"throttle:{self.scope}:{self.role}:{ident}"
