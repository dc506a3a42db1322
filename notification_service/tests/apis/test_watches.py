"""Price watches: the product is checked against sharing (its HTTP answer stubbed here; the live
test asks the real sharing), the target must be a positive price."""

from __future__ import annotations

import pytest

from kingdom.http import ServiceClient, UpstreamUnavailable

pytestmark = pytest.mark.django_db

URL = "/api/notifications/watches"


class FakeResponse:
    def __init__(self, status_code: int, body: dict | None = None):
        self.status_code = status_code
        self._body = body or {}

    def json(self):
        return self._body


@pytest.fixture
def sharing(monkeypatch):
    """sharing's public product endpoint: product 77 exists, 5 was merged into 77, others do not."""
    calls = []

    def get(self, path, **kwargs):
        calls.append(path)
        if path.endswith("/products/77") or path.endswith("/products/5"):
            return FakeResponse(200, {"id": 77, "name": "농심 신라면 120g 40봉", "deals": []})
        if path.endswith("/products/66"):
            raise UpstreamUnavailable("sharing", "timed out")
        return FakeResponse(404, {"status": 404})

    monkeypatch.setattr(ServiceClient, "get", get)
    return calls


def test_a_member_watches_a_product_and_sees_it_filtered_by_product(member, sharing):
    response = member.client.post(URL, {"product": 77, "target_price": 25_000}, format="json")
    assert response.status_code == 201, response.content
    watch = response.json()
    assert watch["product"] == {"id": 77, "name": "농심 신라면 120g 40봉"}
    assert (watch["target_price"], watch["fired_at"]) == (25_000, None)
    assert sharing == ["/api/sharing/products/77"]
    assert member.client.get(f"{URL}?product=77").json()["count"] == 1
    assert member.client.get(f"{URL}?product=78").json()["count"] == 0


def test_a_merged_product_is_watched_as_the_one_it_became(member, sharing):
    assert (
        member.client.post(URL, {"product": 5, "target_price": 1}, format="json").json()["product"]["id"]
        == 77
    )


def test_a_product_that_does_not_exist_is_a_404_as_a_missing_comment_target_is(member, sharing):
    response = member.client.post(URL, {"product": 999, "target_price": 25_000}, format="json")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "999번 상품이 없습니다."


@pytest.mark.parametrize("price", [0, -1, "25000", None, 1.5])
def test_a_target_price_that_is_not_a_positive_number_is_a_400(member, sharing, price):
    response = member.client.post(URL, {"product": 77, "target_price": price}, format="json")
    assert response.status_code == 400
    assert "target_price" in response.json()["errors"]
    assert sharing == []  # nothing asked of sharing for an invalid request


def test_sharing_not_answering_is_a_503_and_the_same_product_twice_a_409(member, sharing):
    assert member.client.post(URL, {"product": 66, "target_price": 1}, format="json").status_code == 503
    assert member.client.post(URL, {"product": 77, "target_price": 1}, format="json").status_code == 201
    again = member.client.post(URL, {"product": 77, "target_price": 2}, format="json")
    assert again.status_code == 409
    assert "existing" in again.json()


def test_only_the_owner_deletes_a_watch_and_guests_cannot_watch(member, other_member, guest, sharing):
    watch = member.client.post(URL, {"product": 77, "target_price": 25_000}, format="json").json()
    assert other_member.client.delete(f"{URL}/{watch['id']}").status_code == 404
    assert member.client.delete(f"{URL}/{watch['id']}").status_code == 204
    assert guest.client.post(URL, {"product": 77, "target_price": 1}, format="json").status_code == 403


@pytest.mark.parametrize("query", ["product=", "product=x", "product=0"])
def test_a_product_filter_that_is_not_a_product_id_is_a_400(member, query):
    response = member.client.get(f"{URL}?{query}")
    assert response.status_code == 400
    assert "product" in response.json()["errors"]
