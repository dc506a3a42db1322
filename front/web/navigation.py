"""Where to send a visitor: the login page that returns them, safe "next" targets."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _


def login_url(request: HttpRequest, next_path: str | None = None) -> str:
    """The login page, returning to ``next_path`` (default: this page) afterwards."""
    target = next_path or (
        request.get_full_path() if request.method == "GET" else request.META.get("HTTP_REFERER", "/")
    )
    return f"{reverse('accounts:login')}?{urlencode({'next': safe_next(request, target)})}"


def safe_next(request: HttpRequest, candidate: str | None, default: str = "/") -> str:
    """``candidate`` when it is a path on this site, else ``default`` (no open redirects)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def login_required(view=None, *, member: bool = False):
    """Send visitors without a session (or, with ``member=True``, guests) to log in first."""

    def decorate(func):
        @wraps(func)
        def wrapper(request, *args, **kwargs):
            viewer = request.viewer
            if not viewer.is_authenticated:
                messages.info(request, _("로그인이 필요해요."))
                return redirect(login_url(request))
            if member and not viewer.is_member:
                messages.info(request, _("회원만 할 수 있어요. 회원으로 전환하면 쓴 글은 그대로 남아요."))
                back = safe_next(request, request.get_full_path())
                return redirect(f"{reverse('accounts:upgrade')}?{urlencode({'next': back})}")
            return func(request, *args, **kwargs)

        return wrapper

    return decorate(view) if view is not None else decorate
