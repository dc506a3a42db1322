"""Issue 11, finding 3, against the running service: a link a browser reads as internal is refused
however it is spelled, on create and on edit (real auth and sharing under gunicorn, PostgreSQL)."""

from __future__ import annotations

import pytest
import requests

from kingdom.testing.live import live_stack
from sharing_service.tests.integration.test_deals_and_comments import deal_json, share_deal, signed_up_member

pytestmark = pytest.mark.integration

BYPASSES = [
    ("url", "http://１２７.０.０.１/"),
    ("url", "https://%62it.ly/abc"),
    ("url", "http://192.168.0.%31/"),
    ("url", "http://2130706433/"),
    ("url", "https://127.0.0.1\\.coupang.com/"),
    ("image_url", "https://127.0.0.1:9443/a.png"),
    ("image_url", "https://１６９．２５４．１６９．２５４/latest/meta-data"),
    ("image_url", "https://%31%36%39.254.169.254/latest/meta-data"),
    ("image_url", "https://[::ffff:127.0.0.1]/a.png"),
]


@pytest.fixture(scope="module")
def stack():
    with live_stack(["auth", "sharing"]) as running:
        yield running


@pytest.fixture(scope="module")
def member(stack):
    return signed_up_member(stack)


@pytest.mark.parametrize(("field", "value"), BYPASSES)
def test_creating_a_deal_with_a_disguised_internal_link_is_a_400(stack, member, field, value):
    before = member.get(stack.url("sharing") + "/api/sharing/deals?author=me", timeout=30).json()["count"]

    response = member.post(
        stack.url("sharing") + "/api/sharing/deals", json=deal_json(**{field: value}), timeout=30
    )

    assert response.status_code == 400, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    after = member.get(stack.url("sharing") + "/api/sharing/deals?author=me", timeout=30).json()["count"]
    assert after == before


@pytest.mark.parametrize(("field", "value"), BYPASSES)
def test_editing_a_deal_to_a_disguised_internal_link_is_a_400(stack, member, field, value):
    deal = share_deal(stack, member)

    response = member.patch(
        stack.url("sharing") + f"/api/sharing/deals/{deal['id']}", json={field: value}, timeout=30
    )

    assert response.status_code == 400, response.text
    assert field in response.json()["errors"]
    again = requests.get(stack.url("sharing") + f"/api/sharing/deals/{deal['id']}", timeout=30).json()
    assert again[field] == deal[field]
