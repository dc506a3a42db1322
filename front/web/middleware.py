"""Middleware of the front: security headers, the viewer on each request, expired sessions."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from front.api.client import ApiError
from front.api.tokens import SessionExpired, SessionTokens
from front.api.transport import Unavailable
from front.web import errors
from front.web.navigation import login_url

logger = logging.getLogger("front.api")


class SecurityHeadersMiddleware:
    """CSP with frame-ancestors, and headers Django's SecurityMiddleware leaves to us.

    Pages that show a signed-in visitor's data are ``Cache-Control: private, no-store`` so no
    shared cache (or the browser's back button on a shared computer) ever serves them to
    someone else; anonymous pages vary on the session cookie.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("X-Content-Type-Options", "nosniff")
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        content_type = response.get("Content-Type", "")
        if content_type.startswith("text/html"):
            viewer = getattr(request, "viewer", None)
            if viewer is not None and viewer.is_authenticated:
                response["Cache-Control"] = "private, no-store"
            else:
                response.setdefault("Cache-Control", "private, no-cache")
            response.setdefault("Vary", "Cookie")
        return response


class ViewerMiddleware:
    """Put ``request.viewer`` on every request; send an expired session to the login page.

    A page that calls an API outside ``gather()`` (an edit form loading its post, say) and
    meets a service that is down, or a refusal it does not handle, gets an HTML page with the
    reason instead of a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.viewer = SessionTokens(request).viewer
        response = self.get_response(request)
        if (
            response.status_code == 405
            and not response.streaming
            and not response.content
            and not request.path.startswith("/api/")
        ):
            return errors.method_not_allowed(request, response.get("Allow", ""))
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, SessionExpired):
            SessionTokens(request).clear()
            messages.info(request, _("로그인이 만료되었어요. 다시 로그인해 주세요."))
            return redirect(login_url(request))
        if isinstance(exception, Unavailable):
            logger.warning("page unavailable: %s", exception)
            return errors.service_unavailable(request)
        if isinstance(exception, ApiError) and 400 <= exception.status < 500:
            return errors.api_refused(request, exception)
        return None
