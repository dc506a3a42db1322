"""URL patterns every service mounts: OpenAPI schema and docs, admin, problem-details handlers."""

from __future__ import annotations

from django.contrib import admin
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView


def service_urlpatterns(service: str, *, api: bool = True, with_admin: bool = True) -> list:
    """Schema at ``/api/<svc>/schema``, docs at ``/api/<svc>/docs``, admin at ``/admin/<svc>/``."""
    patterns = []
    if api:
        patterns += [
            path(f"api/{service}/schema", SpectacularAPIView.as_view(), name="schema"),
            path(f"api/{service}/docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
        ]
    if with_admin:
        admin.site.site_header = f"절약왕국 {service} 관리"
        admin.site.site_title = f"절약왕국 {service}"
        # The admin login refuses guessing like auth's API login does (lockout, delay, throttle).
        from kingdom.signin import GuardedAdminAuthenticationForm

        admin.site.login_form = GuardedAdminAuthenticationForm
        patterns.append(path(f"admin/{service}/", admin.site.urls))
    return patterns


def install_problem_handlers(urlconf_globals: dict) -> None:
    """Make unknown URLs, CSRF failures and crashes answer with problem details."""
    urlconf_globals.update(
        handler400="kingdom.problems.bad_request",
        handler403="kingdom.problems.permission_denied",
        handler404="kingdom.problems.not_found",
        handler500="kingdom.problems.server_error",
    )
