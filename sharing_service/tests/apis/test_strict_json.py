"""Request bodies are JSON with the types the API documents: "5" is not a price (kingdom.fields)."""

import pytest

from sharing_service.deals.models import Deal, Report, Vote
from sharing_service.tests.conftest import deal_payload

pytestmark = pytest.mark.django_db

WRONG_TYPES = [
    ("price", "5"),
    ("price", True),
    ("price", 5.5),
    ("original_price", "359000"),
    ("shipping_fee", "0"),
    ("shipping_fee", False),
    ("title", 12345),
    ("title", ["에어팟"]),
    ("product_name", 7),
    ("store", 5),
    ("coupon_code", 1234),
    ("description", {"text": "설명"}),
    ("url", 1),
    ("image_url", 1),
]


@pytest.mark.parametrize(("field", "value"), WRONG_TYPES)
def test_a_new_deal_with_a_value_of_the_wrong_json_type_is_a_400(member, field, value):
    response = member.client.post("/api/sharing/deals", deal_payload(**{field: value}), format="json")

    assert response.status_code == 400, response.content.decode()
    assert response["Content-Type"] == "application/problem+json"
    assert field in response.json()["errors"]
    assert not Deal.objects.exists()


@pytest.mark.parametrize(("field", "value"), WRONG_TYPES)
def test_an_edit_with_a_value_of_the_wrong_json_type_is_a_400(member, share, field, value):
    deal = share(member)
    response = member.client.patch(f"/api/sharing/deals/{deal['id']}", {field: value}, format="json")

    assert response.status_code == 400, response.content.decode()
    assert field in response.json()["errors"]
    assert member.client.get(f"/api/sharing/deals/{deal['id']}").json() == deal  # nothing changed


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u3164\u3164\u3164"])
def test_a_title_of_only_invisible_characters_is_a_400(member, text):
    response = member.client.post("/api/sharing/deals", deal_payload(title=text), format="json")

    assert response.status_code == 400
    assert "title" in response.json()["errors"]


def test_the_same_deal_with_json_numbers_is_shared(member):
    response = member.client.post(
        "/api/sharing/deals", deal_payload(price=5, original_price=None, shipping_fee=0), format="json"
    )
    assert response.status_code == 201, response.content.decode()
    assert response.json()["price"] == 5


@pytest.mark.parametrize("value", ["1", "-1", True, 1.0])
def test_a_vote_is_the_number_1_or_minus_1_not_a_string(member, other_member, share, value):
    deal = share(member)
    response = other_member.client.post(
        f"/api/sharing/deals/{deal['id']}/vote", {"value": value}, format="json"
    )

    assert response.status_code == 400, response.content.decode()
    assert "value" in response.json()["errors"]
    assert not Vote.objects.exists()


def test_a_report_detail_is_a_string(member, other_member, share):
    deal = share(member)
    response = other_member.client.post(
        f"/api/sharing/deals/{deal['id']}/report", {"reason": "spam", "detail": 5}, format="json"
    )

    assert response.status_code == 400
    assert "detail" in response.json()["errors"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("count", ["7", True, 7.5])
def test_an_internal_comment_count_is_a_json_integer(service, member, share, count):
    deal = share(member)
    response = service.client.put(
        f"/api/sharing/internal/deals/{deal['id']}/comment-count",
        {"count": count, "as_of": "2026-11-24T10:00:00+00:00"},
        format="json",
    )

    assert response.status_code == 400, response.content.decode()
    assert Deal.objects.get(pk=deal["id"]).comment_count == 0
