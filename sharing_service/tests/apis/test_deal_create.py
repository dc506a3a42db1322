"""Sharing a deal: who may, what is derived, what bad input gets back, duplicates."""

import pytest

from sharing_service.deals.models import Deal, PriceRecord, Product
from sharing_service.tests.conftest import deal_payload

pytestmark = pytest.mark.django_db


def test_a_member_shares_a_deal_and_sees_what_was_derived(member, share):
    deal = share(member, price=259_000, original_price=359_000, shipping_fee=3_000)

    assert deal["title"] == "에어팟 프로 2세대 역대가"
    assert deal["product"]["name"] == "Apple 에어팟 프로 2"
    assert deal["effective_price"] == 262_000
    assert deal["discount_percent"] == 27  # (359000-259000)/359000 = 27.8% -> rounded down
    assert deal["store"] == "쿠팡"
    assert deal["category"] == {"slug": "digital", "name": "디지털/가전"}
    assert deal["status"] == "active"
    assert deal["score"] == 0
    assert deal["my_vote"] is None
    assert deal["is_lowest_ever"] is False  # the product's first deal: no price history yet
    assert deal["is_mine"] is True
    assert deal["author"] == member.author
    assert deal["created_at"].endswith("+09:00")


def test_a_free_giveaway_with_free_shipping(member, share):
    deal = share(member, price=0, original_price=None, shipping_fee=0)
    assert deal["is_free"] is True
    assert deal["is_free_shipping"] is True
    assert deal["effective_price"] == 0
    assert deal["discount_percent"] is None


def test_a_store_given_by_the_member_wins_over_detection(member, share):
    deal = share(member, store="동네마트", url="https://www.coupang.com/vp/products/777")
    assert deal["store"] == "동네마트"


def test_an_unknown_store_domain_is_shown_as_the_domain(member, share):
    deal = share(member, url="https://www.tinyshop.kr/item/3")
    assert deal["store"] == "tinyshop.kr"


def test_all_optional_fields_are_kept(member, share):
    deal = share(
        member,
        coupon_code="WELCOME10",
        image_url="https://img.example.com/a.jpg",
    )
    assert deal["coupon_code"] == "WELCOME10"
    assert deal["image_url"] == "https://img.example.com/a.jpg"
    assert deal["description"] == "카드 할인 포함 가격입니다."


def test_expiry_within_a_year_is_kept(member, share):
    from datetime import timedelta

    from django.utils import timezone

    expires = (timezone.now() + timedelta(days=3)).isoformat()
    deal = share(member, expires_at=expires)
    assert deal["expires_at"] is not None
    assert deal["status"] == "active"


def test_a_guest_cannot_share_deals(guest):
    response = guest.client.post("/api/sharing/deals", deal_payload(), format="json")
    assert response.status_code == 403
    assert "회원" in response.json()["detail"]
    assert not Deal.objects.exists()


def test_an_anonymous_caller_must_log_in(anon):
    response = anon.post("/api/sharing/deals", deal_payload(), format="json")
    assert response.status_code == 401


def test_a_service_token_is_refused_on_public_endpoints(service):
    response = service.client.post("/api/sharing/deals", deal_payload(), format="json")
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"price": -1}, "price"),
        ({"price": "abc"}, "price"),
        ({"price": 12.5}, "price"),
        ({"price": 10_000_000_000}, "price"),
        ({"original_price": 1000, "price": 2000}, "original_price"),
        ({"shipping_fee": -3000}, "shipping_fee"),
        ({"url": "javascript:alert(1)"}, "url"),
        ({"url": "ftp://files.example.com/deal"}, "url"),
        ({"url": "https://shop.com/" + "a" * 3000}, "url"),
        ({"url": "https://bit.ly/xyz"}, "url"),
        ({"image_url": "javascript:alert(1)"}, "image_url"),
        ({"image_url": "https://169.254.169.254/latest/meta-data"}, "image_url"),
        ({"image_url": "http://192.168.0.1/router.png"}, "image_url"),
        ({"url": "https://127.0.0.1:8004/admin/sharing/"}, "url"),
        # spellings a browser normalises (issue 11, finding 3)
        ({"url": "http://１２７.０.０.１/"}, "url"),
        ({"url": "https://%62it.ly/xyz"}, "url"),
        ({"url": "http://192.168.0.%31/"}, "url"),
        ({"image_url": "https://１２７.０.０.１:9443/a.png"}, "image_url"),
        ({"image_url": "https://%31%36%39.254.169.254/latest/meta-data"}, "image_url"),
        ({"image_url": "https://2130706433/a.png"}, "image_url"),
        ({"title": "가" * 500}, "title"),
        ({"title": ""}, "title"),
        ({"product_name": "p" * 500}, "product_name"),
        ({"product_name": "!!!"}, "product_name"),
        ({"description": "d" * 6000}, "description"),
        ({"coupon_code": "c" * 100}, "coupon_code"),
        ({"store": "s" * 100}, "store"),
        ({"expires_at": "2020-01-01T00:00:00+09:00"}, "expires_at"),
        ({"expires_at": "2199-01-01T00:00:00+09:00"}, "expires_at"),
        ({"expires_at": "not a date"}, "expires_at"),
        ({"category": "weapons"}, "category"),
    ],
)
def test_bad_input_is_a_400_with_a_field_message_and_nothing_saved(member, overrides, field):
    response = member.client.post("/api/sharing/deals", deal_payload(**overrides), format="json")

    assert response.status_code == 400, response.content.decode()
    assert response["Content-Type"] == "application/problem+json"
    errors = response.json()["errors"]
    assert field in errors, errors
    assert all(isinstance(message, str) and message for message in errors[field])
    assert not Deal.objects.exists()
    assert not Product.objects.exists()
    assert not PriceRecord.objects.exists()


def test_missing_required_fields_are_named(member):
    response = member.client.post("/api/sharing/deals", {}, format="json")
    assert response.status_code == 400
    assert {"title", "product_name", "price", "url", "category"} <= response.json()["errors"].keys()


def test_a_body_that_is_not_json_is_a_400(member):
    response = member.client.post("/api/sharing/deals", "{not json", content_type="application/json")
    assert response.status_code == 400


def test_the_same_page_while_active_is_a_409_pointing_at_the_existing_deal(member, other_member, share):
    first = share(member, url="https://www.coupang.com/vp/products/42?itemId=7")

    response = other_member.client.post(
        "/api/sharing/deals",
        deal_payload(url="http://COUPANG.com/vp/products/42/?utm_source=kakao&itemId=7#top", price=1000),
        format="json",
    )

    assert response.status_code == 409
    body = response.json()
    assert body["existing"]["id"] == first["id"]
    assert body["existing"]["url"] == first["url"]
    assert body["existing"]["is_mine"] is False
    assert Deal.objects.count() == 1


def test_the_same_page_may_be_shared_again_once_the_old_deal_ended(member, other_member, share):
    first = share(member, url="https://www.coupang.com/vp/products/43")
    member.client.post(f"/api/sharing/deals/{first['id']}/expire", {}, format="json")

    second = share(other_member, url="https://coupang.com/vp/products/43")

    assert second["id"] != first["id"]


def test_deals_with_the_same_folded_product_name_share_one_product(member, other_member, share):
    first = share(member, product_name="Apple 에어팟 프로 2")
    second = share(other_member, product_name="apple 에어팟프로2")
    assert first["product"]["id"] == second["product"]["id"]
    assert first["product"]["name"] == "Apple 에어팟 프로 2"


def test_a_shared_link_with_a_percent_escaped_host_duplicates_the_plain_one(member, other_member, share):
    share(member, url="https://www.coupang.com/vp/products/42")
    response = other_member.client.post(
        "/api/sharing/deals", deal_payload(url="https://%63oupang.com/vp/products/42"), format="json"
    )
    assert response.status_code == 409, response.content.decode()


def test_what_the_coupang_app_shares_duplicates_the_desktop_link(member, other_member, share):
    first = share(member, url="https://www.coupang.com/vp/products/7335597976?vendorItemId=2")
    response = other_member.client.post(
        "/api/sharing/deals",
        deal_payload(url="https://m.coupang.com/vm/products/7335597976?vendorItemId=2&src=1139000"),
        format="json",
    )
    assert response.status_code == 409, response.content.decode()
    assert response.json()["existing"]["id"] == first["id"]
