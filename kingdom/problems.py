"""RFC 9457 problem details for every error an API returns.

DRF exceptions go through :func:`exception_handler`; Django's own 400/403/404/500 handlers
(unknown URLs, CSRF, crashes) go through the ``handler*`` views, which the URLconf of every
service installs with :func:`kingdom.urls.install_problem_handlers`.

A database that cannot be reached (stopped, restarting, failing over) is a 503 with
``Retry-After`` from both paths, never a 500: the request did nothing, and asking again soon
is the right thing to do. So is the shared cache (Valkey) when it cannot be reached: rate limits
and lockouts live there, and a request they cannot be checked for is not let through.
"""

from __future__ import annotations

import logging
import sys
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from redis.exceptions import ConnectionError as CacheConnectionError
from redis.exceptions import TimeoutError as CacheTimeoutError
from rest_framework import exceptions, status
from rest_framework.views import set_rollback

from kingdom.text import wait_phrase

logger = logging.getLogger("kingdom.problems")

PROBLEM_CONTENT_TYPE = "application/problem+json"
_TYPE_BASE = "tag:thrift-kingdom,2026:problem/"
#: errors meaning "the database is not there right now" (connection refused, lost, shut down)
DATABASE_UNAVAILABLE_ERRORS = (OperationalError, InterfaceError)
#: errors meaning "the shared cache is not there right now" (redis-py, behind Django's RedisCache)
CACHE_UNAVAILABLE_ERRORS = (CacheConnectionError, CacheTimeoutError)
DATABASE_RETRY_AFTER_SECONDS = 5


def problem_type(slug: str) -> str:
    """The ``type`` URI for a problem kind, e.g. ``problem_type("validation")``."""
    return _TYPE_BASE + slug


def problem_response(
    status_code: int,
    title: str | None = None,
    detail: str = "",
    *,
    type_slug: str | None = None,
    errors: dict[str, list[str]] | None = None,
    headers: dict[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JsonResponse:
    """Build a problem-details response; ``extra`` adds members such as ``existing`` for a 409."""
    body: dict[str, Any] = {
        "type": problem_type(type_slug) if type_slug else "about:blank",
        "title": title or HTTPStatus(status_code).phrase,
        "status": status_code,
        "detail": detail or HTTPStatus(status_code).description,
    }
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    response = JsonResponse(
        body, status=status_code, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False}
    )
    for name, value in (headers or {}).items():
        response[name] = value
    return response


class Conflict(exceptions.APIException):
    """409: the request duplicates something that exists; ``existing`` may carry it."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = "이미 존재합니다."
    default_code = "conflict"

    def __init__(self, detail: str | None = None, *, existing: Any = None, slug: str = "conflict"):
        super().__init__(detail)
        self.existing = existing
        self.slug = slug


class ServiceUnavailable(exceptions.APIException):
    """503: a service this request depends on did not answer in time."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "잠시 후 다시 시도해 주세요. 연결된 서비스가 응답하지 않습니다."
    default_code = "dependency_unavailable"


def database_unavailable(exc: BaseException) -> JsonResponse:
    """503 problem details for a database (or the shared cache) that cannot be reached; logged
    without a traceback."""
    if isinstance(exc, CACHE_UNAVAILABLE_ERRORS):
        logger.warning(
            "shared cache unavailable", extra={"error": str(exc).splitlines()[0] if str(exc) else ""}
        )
        return problem_response(
            503,
            "Service Unavailable",
            "잠시 요청을 처리할 수 없습니다. 잠시 후 다시 시도해 주세요.",
            type_slug="cache_unavailable",
            headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
        )
    logger.warning("database unavailable", extra={"error": str(exc).splitlines()[0] if str(exc) else ""})
    return problem_response(
        503,
        "Service Unavailable",
        "데이터베이스에 잠시 연결할 수 없습니다. 잠시 후 다시 시도해 주세요.",
        type_slug="database_unavailable",
        headers={"Retry-After": str(DATABASE_RETRY_AFTER_SECONDS)},
    )


def _flatten(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"field": ["message", ...]}`` (dotted for nesting)."""
    errors: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if name == "non_field_errors" or (prefix == "" and key == "non_field_errors"):
                name = "non_field_errors"
            for field, messages in _flatten(value, name).items():
                errors.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, (dict, list)):
                for field, messages in _flatten(item, f"{prefix}.{index}" if prefix else str(index)).items():
                    errors.setdefault(field, []).extend(messages)
            else:
                errors.setdefault(prefix or "non_field_errors", []).append(str(item))
    else:
        errors.setdefault(prefix or "non_field_errors", []).append(str(detail))
    return errors


def exception_handler(exc: Exception, context: dict[str, Any]) -> JsonResponse | None:
    """DRF ``EXCEPTION_HANDLER``: every API error as problem details; crashes stay 500 handlers'."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        set_rollback()
        return problem_response(413, "Content Too Large", "요청 본문이 너무 큽니다.")
    elif isinstance(exc, SuspiciousOperation):
        set_rollback()
        return problem_response(400, detail="요청을 처리할 수 없습니다.")
    elif isinstance(exc, DATABASE_UNAVAILABLE_ERRORS + CACHE_UNAVAILABLE_ERRORS):
        set_rollback()
        return database_unavailable(exc)
    if not isinstance(exc, exceptions.APIException):
        return None

    set_rollback()
    headers: dict[str, str] = {}
    auth_header = getattr(exc, "auth_header", None)
    if auth_header:
        headers["WWW-Authenticate"] = auth_header
    if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
        headers["Retry-After"] = str(max(1, int(exc.wait + 0.999)))

    if isinstance(exc, exceptions.ValidationError):
        return problem_response(
            400,
            "Validation failed",
            "입력값을 확인해 주세요.",
            type_slug="validation",
            errors=_flatten(exc.detail),
            headers=headers,
        )
    if isinstance(exc, exceptions.ParseError):
        return problem_response(
            400, "Malformed request", str(exc.detail), type_slug="malformed", headers=headers
        )
    if isinstance(exc, exceptions.Throttled):
        detail = "요청이 너무 많습니다. 잠시 후 다시 시도해 주세요."
        if exc.wait is not None:
            detail += f" ({wait_phrase(headers['Retry-After'])} 후)"
        return problem_response(429, "Too Many Requests", detail, type_slug="throttled", headers=headers)

    extra = None
    if isinstance(exc, Conflict) and exc.existing is not None:
        extra = {"existing": exc.existing}
    detail = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
    slug = getattr(exc, "slug", None) or getattr(exc, "default_code", None)
    return problem_response(
        exc.status_code,
        HTTPStatus(exc.status_code).phrase,
        detail,
        type_slug=slug,
        headers=headers,
        extra=extra,
    )


# --- Django-level handlers (URLs no view matched, CSRF failures, crashes) -------------------


def bad_request(request, exception=None):
    return problem_response(400, detail="요청을 처리할 수 없습니다.")


def permission_denied(request, exception=None):
    return problem_response(403, detail="이 작업을 할 권한이 없습니다.")


def not_found(request, exception=None):
    return problem_response(404, detail=f"{request.path} 에 해당하는 리소스가 없습니다.")


def server_error(request):
    # Django calls this inside its ``except`` block: the exception is still at hand.
    exc = sys.exc_info()[1]
    if isinstance(exc, DATABASE_UNAVAILABLE_ERRORS + CACHE_UNAVAILABLE_ERRORS):  # a middleware, the admin…
        return database_unavailable(exc)
    logger.error("unhandled error", extra={"path": request.path})
    return problem_response(500, detail="서버에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.")


def csrf_failure(request, reason=""):
    return problem_response(403, "CSRF check failed", "보안 토큰이 맞지 않습니다. 페이지를 새로 고쳐 주세요.")
