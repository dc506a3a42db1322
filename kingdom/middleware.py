"""Middleware every service runs: probes before host checks, request context and access log."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

from kingdom import context
from kingdom.health import healthz, metrics, readyz
from kingdom.problems import problem_response

access_log = logging.getLogger("kingdom.access")

_PROBES = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}


class ProbeMiddleware:
    """Answer ``/healthz``, ``/readyz`` and ``/metrics`` before anything checks the Host header.

    Kubelets and Prometheus call pods by IP, which ``ALLOWED_HOSTS`` would rightly refuse for
    everything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        probe = _PROBES.get(request.path_info.rstrip("/"))
        if probe is not None and request.method in ("GET", "HEAD"):
            return probe(request)
        return self.get_response(request)


class RequestContextMiddleware:
    """Bind the request id and trace headers, refuse oversized bodies, log one JSON line.

    Also drops a trailing slash from ``/api/`` paths so that both spellings reach the same
    view without a redirect (docs/contracts.md#conventions).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        request_id = context.accept_request_id(request.headers.get("X-Request-ID"))
        trace = {name: request.headers[name] for name in context.TRACE_HEADERS if name in request.headers}
        request.request_id = request_id
        tokens = context.bind(request_id, trace)
        try:
            if request.path_info.startswith("/api/") and len(request.path_info) > 1:
                request.path_info = request.path_info.rstrip("/") or "/"
            response = self._too_large(request) or self.get_response(request)
            response["X-Request-ID"] = request_id
            access_log.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "request_id": request_id,
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 2),
                },
            )
            return response
        finally:
            context.unbind(tokens)

    @staticmethod
    def _too_large(request: HttpRequest) -> HttpResponse | None:
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.headers.get("Content-Length") or 0)
        except ValueError:
            return problem_response(400, "Bad Request", "Content-Length 헤더가 숫자가 아닙니다.")
        if limit is not None and length > limit:
            if page := getattr(settings, "REQUEST_TOO_LARGE_VIEW", None):
                return import_string(page)(request, length=length, limit=limit)  # the front's HTML
            return problem_response(
                413,
                "Content Too Large",
                f"요청 본문이 너무 큽니다: {length:,}바이트 (한도 {limit:,}바이트).",
            )
        return None
