"""Reading one deal, editing and deleting it: the author or staff only; deletion reaches comments."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kingdom import outbox
from sharing_service.deals.models import Deal, OutboxEvent, PriceRecord, Product

pytestmark = pytest.mark.django_db


def test_anyone_reads_a_deal(anon, member, share):
    deal = share(member)
    response = anon.get(f"/api/sharing/deals/{deal['id']}/")  # with or without the trailing slash
    assert response.status_code == 200
    assert response.json()["title"] == deal["title"]


def test_an_unknown_deal_is_a_404(anon):
    response = anon.get("/api/sharing/deals/999999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


def test_the_author_edits_and_derived_fields_follow(member, share):
    deal = share(member, price=10_000, original_price=20_000, shipping_fee=0)

    response = member.client.patch(
        f"/api/sharing/deals/{deal['id']}",
        {"price": 8_000, "shipping_fee": 2_500, "title": "가격 더 내려감"},
        format="json",
    )

    assert response.status_code == 200, response.content.decode()
    body = response.json()
    assert body["title"] == "가격 더 내려감"
    assert body["effective_price"] == 10_500
    assert body["discount_percent"] == 60
    assert body["original_price"] == 20_000


def test_an_edit_cannot_put_the_original_price_below_the_price(member, share):
    deal = share(member, price=10_000, original_price=20_000)
    response = member.client.patch(f"/api/sharing/deals/{deal['id']}", {"price": 30_000}, format="json")
    assert response.status_code == 400
    assert "original_price" in response.json()["errors"]
    assert Deal.objects.get(pk=deal["id"]).price == 10_000


def test_changing_the_link_redetects_the_store(member, share):
    deal = share(member)
    response = member.client.patch(
        f"/api/sharing/deals/{deal['id']}", {"url": "https://www.musinsa.com/app/goods/1"}, format="json"
    )
    assert response.json()["store"] == "무신사"


def test_an_edit_to_a_link_another_active_deal_has_is_a_409(member, share):
    first = share(member, url="https://www.ssg.com/item/1")
    second = share(member)
    response = member.client.patch(
        f"/api/sharing/deals/{second['id']}", {"url": "https://ssg.com/item/1/"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["existing"]["id"] == first["id"]


def test_extending_an_expired_deal_whose_page_was_shared_again_is_a_409(member, other_member, share):
    old = share(member, url="https://www.ssg.com/item/9")
    Deal.objects.filter(pk=old["id"]).update(expires_at=timezone.now() - timedelta(hours=1))
    again = share(other_member, url="https://ssg.com/item/9")

    later = (timezone.now() + timedelta(days=1)).isoformat()
    response = member.client.patch(f"/api/sharing/deals/{old['id']}", {"expires_at": later}, format="json")

    assert response.status_code == 409
    assert response.json()["existing"]["id"] == again["id"]
    assert Deal.objects.get(pk=old["id"]).expires_at < timezone.now()  # nothing half-saved


def test_an_expired_deal_may_take_a_link_an_active_deal_has(member, other_member, share):
    share(member, url="https://www.ssg.com/item/10")
    ended = share(other_member)
    Deal.objects.filter(pk=ended["id"]).update(expires_at=timezone.now() - timedelta(hours=1))

    response = other_member.client.patch(
        f"/api/sharing/deals/{ended['id']}", {"url": "https://ssg.com/item/10"}, format="json"
    )

    assert response.status_code == 200, response.content.decode()
    assert response.json()["status"] == "expired"


def test_renaming_the_product_moves_the_deal_and_its_prices(member, share):
    deal = share(member, product_name="갤럭시 버즈3")
    response = member.client.patch(
        f"/api/sharing/deals/{deal['id']}", {"product_name": "갤럭시 버즈3 프로"}, format="json"
    )
    product_id = response.json()["product"]["id"]
    assert product_id != deal["product"]["id"]
    assert not Product.objects.filter(pk=deal["product"]["id"]).exists()  # left empty, so gone
    assert PriceRecord.objects.get(deal_id=deal["id"]).product_id == product_id


def test_another_member_may_not_edit_or_delete(member, other_member, share):
    deal = share(member)
    assert (
        other_member.client.patch(
            f"/api/sharing/deals/{deal['id']}", {"title": "내꺼"}, format="json"
        ).status_code
        == 403
    )
    assert other_member.client.delete(f"/api/sharing/deals/{deal['id']}").status_code == 403
    assert Deal.objects.get(pk=deal["id"]).title == deal["title"]


def test_staff_may_edit_and_delete_any_deal(member, staff, share):
    deal = share(member)
    assert (
        staff.client.patch(
            f"/api/sharing/deals/{deal['id']}", {"title": "운영자 수정"}, format="json"
        ).status_code
        == 200
    )
    assert staff.client.delete(f"/api/sharing/deals/{deal['id']}").status_code == 204
    assert not Deal.objects.filter(pk=deal["id"]).exists()


def test_deleting_a_deal_publishes_target_deleted_in_the_same_transaction(member, share):
    deal = share(member)

    response = member.client.delete(f"/api/sharing/deals/{deal['id']}")

    assert response.status_code == 204
    event = OutboxEvent.objects.get()
    assert event.topic == outbox.TARGET_DELETED
    assert event.payload == {"target_type": "deal", "target_id": deal["id"]}
    assert event.delivered_at is None  # delivered after commit, retried by deliver_outbox
    assert not Product.objects.filter(pk=deal["product"]["id"]).exists()


def test_a_failed_delete_publishes_nothing(other_member, member, share):
    deal = share(member)
    other_member.client.delete(f"/api/sharing/deals/{deal['id']}")
    assert not OutboxEvent.objects.exists()


def test_the_outbox_delivers_target_deleted_to_comments(member, share, monkeypatch):
    calls = []

    class FakeClient:
        def post(self, path, json):
            calls.append((path, json))

            class Answer:
                status_code = 204

            return Answer()

    monkeypatch.setattr(outbox, "internal_client", lambda setting: FakeClient())
    deal = share(member)
    member.client.delete(f"/api/sharing/deals/{deal['id']}")

    assert outbox.deliver_pending(OutboxEvent) == 1
    path, body = calls[0]
    assert path == "/api/comments/internal/target-deleted"
    assert body["target_type"] == "deal"
    assert body["target_id"] == deal["id"]
    assert OutboxEvent.objects.get().delivered_at is not None


def test_a_guest_cannot_edit(guest, member, share):
    deal = share(member)
    assert (
        guest.client.patch(f"/api/sharing/deals/{deal['id']}", {"title": "x"}, format="json").status_code
        == 403
    )


def test_reading_one_deal_is_one_query(member, other_member, share, django_assert_num_queries):
    deal = share(member)
    other_member.client.post(f"/api/sharing/deals/{deal['id']}/vote", {"value": 1}, format="json")
    with django_assert_num_queries(1):
        response = other_member.client.get(f"/api/sharing/deals/{deal['id']}")
    assert response.json()["my_vote"] == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "http://１２７.０.０.１/"),
        ("url", "https://%62it.ly/xyz"),
        ("url", "http://192.168.0.%31/"),
        ("image_url", "https://127.0.0.1:9443/a.png"),
        ("image_url", "https://１６９．２５４．１６９．２５４/latest/meta-data"),
        ("image_url", "http://0x7f.1/a.png"),
    ],
)
def test_an_edit_cannot_bring_in_a_link_a_browser_reads_as_internal(member, share, field, value):
    deal = share(member)
    response = member.client.patch(f"/api/sharing/deals/{deal['id']}", {field: value}, format="json")

    assert response.status_code == 400, response.content.decode()
    assert field in response.json()["errors"]
    assert Deal.objects.values_list(field, flat=True).get(pk=deal["id"]) == deal[field]
