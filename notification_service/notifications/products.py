"""Products live in sharing_service: a watch's product is checked against its public endpoint."""

from __future__ import annotations

from django.conf import settings
from rest_framework.exceptions import NotFound

from kingdom.http import ServiceClient, UpstreamUnavailable
from kingdom.problems import ServiceUnavailable

_clients: dict[str, ServiceClient] = {}


def _sharing() -> ServiceClient:
    base = settings.SHARING_SERVICE_URL
    if base not in _clients:
        _clients[base] = ServiceClient(base)
    return _clients[base]


def product_get(product_id: int) -> dict:
    """``{"id", "name"}`` of a product that exists (a merged product answers with the one it was
    merged into); a missing one is a 404 (as a comment's missing target is), sharing not
    answering a 503."""
    try:
        response = _sharing().get(f"/api/sharing/products/{product_id}")
    except UpstreamUnavailable as exc:
        raise ServiceUnavailable() from exc
    if response.status_code == 404:
        raise NotFound(f"{product_id}번 상품이 없습니다.")
    if response.status_code != 200:
        raise ServiceUnavailable()
    body = response.json()
    return {"id": int(body["id"]), "name": str(body["name"])}
