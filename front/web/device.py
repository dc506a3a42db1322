"""A per-device cookie, so that sign-up and guest limits count people, not shared addresses.

Korean mobile carriers put thousands of phones behind one address: a limit of ten sign-ups an
hour per address refuses the eleventh stranger. The front gives each browser a random id in a
signed cookie (``tk_device``, HttpOnly, a year) when it first posts an account form, and sends
it to auth as ``X-Device-Id``; auth limits sign-ups and guests per address *and device* tightly,
and per address alone only at a much higher ceiling (auth_service/README.md "Abuse limits").
Throwing the cookie away gets a new id, so the ceiling is what bounds a script; an honest phone
behind a busy address is no longer refused for its neighbours.

The cookie is set on answers to POSTs only, never on a page the anonymous page cache could keep.
"""

from __future__ import annotations

import functools
import secrets

from django.http import HttpRequest

DEVICE_COOKIE = "tk_device"
_SALT = "front.device"
_MAX_AGE = 365 * 24 * 3600


def device_id(request: HttpRequest) -> str:
    """This browser's id: from its signed cookie, or the one given in this request; "" if none."""
    given = getattr(request, "_device_id", None)
    if given:
        return given
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=_SALT, max_age=_MAX_AGE) or ""


def issues_device_cookie(view):
    """A view whose POSTs create accounts: the browser gets an id first if it has none."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method != "POST" or device_id(request):
            return view(request, *args, **kwargs)
        request._device_id = secrets.token_urlsafe(16)
        response = view(request, *args, **kwargs)
        response.set_signed_cookie(
            DEVICE_COOKIE,
            request._device_id,
            salt=_SALT,
            max_age=_MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure() or _secure_cookies(),
        )
        return response

    return wrapper


def _secure_cookies() -> bool:
    from django.conf import settings

    return settings.SESSION_COOKIE_SECURE
