"""Liveness, readiness and metrics: every service answers all three (docs/contracts.md#every-service)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse, JsonResponse
from django_prometheus.exports import ExportToDjangoView

from kingdom.problems import problem_response

logger = logging.getLogger("kingdom.health")


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Touches no dependency, so a slow database never restarts pods."""
    return JsonResponse({"status": "ok"})


def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: every configured database answers ``SELECT 1``; otherwise 503."""
    for alias, config in settings.DATABASES.items():
        if config.get("ENGINE", "dummy").endswith("dummy"):  # a service without a database (the front)
            continue
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as exc:  # any driver error means "not ready", never a crash
            logger.warning("database not ready", extra={"database": alias, "error": str(exc)})
            return problem_response(503, "Not ready", f"Database '{alias}' is not reachable.")
    return JsonResponse({"status": "ready"})


def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus text format (multi-process aware when ``PROMETHEUS_MULTIPROC_DIR`` is set)."""
    return ExportToDjangoView(request)
