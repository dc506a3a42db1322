"""Helpers for sharing_service tests: share deals through the API as a member would."""

from __future__ import annotations

import itertools

import pytest

_links = itertools.count(1)


def deal_payload(**overrides) -> dict:
    """A valid deal; each call links a different page unless ``url`` is given."""
    payload = {
        "title": "에어팟 프로 2세대 역대가",
        "product_name": "Apple 에어팟 프로 2",
        "price": 259_000,
        "original_price": 359_000,
        "shipping_fee": 0,
        "url": f"https://www.coupang.com/vp/products/{next(_links)}",
        "category": "digital",
        "description": "카드 할인 포함 가격입니다.",
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def share(db):
    """``share(caller, **fields)`` posts a deal and returns its JSON (asserting 201)."""

    def _share(caller, **overrides) -> dict:
        response = caller.client.post("/api/sharing/deals", deal_payload(**overrides), format="json")
        assert response.status_code == 201, response.content.decode()
        return response.json()

    return _share
