"""Moderators in Django admin: find deals, expire, hide and restore them, merge products."""

import pytest

from sharing_service.deals.models import Deal, PriceRecord, Product, Report

pytestmark = pytest.mark.django_db

DEALS = "/admin/sharing/deals/deal/"
PRODUCTS = "/admin/sharing/deals/product/"


def run_action(admin_client, url, action, ids):
    return admin_client.post(url, {"action": action, "_selected_action": [str(i) for i in ids]}, follow=True)


def test_staff_find_deals_by_store_product_status_and_reports(admin_client, member, other_member, share):
    coupang = share(member, product_name="쿠팡 상품")
    share(member, product_name="지마켓 상품", url="https://www.gmarket.co.kr/item/1")
    other_member.client.post(f"/api/sharing/deals/{coupang['id']}/report", {"reason": "spam"}, format="json")

    for query in ("?store=쿠팡", "?q=쿠팡", "?status__exact=active", "?reported=yes", "?is_hidden__exact=0"):
        response = admin_client.get(DEALS + query)
        assert response.status_code == 200, query
    assert "쿠팡 상품" in admin_client.get(DEALS + "?reported=yes").content.decode()
    assert "지마켓 상품" not in admin_client.get(DEALS + "?reported=yes").content.decode()
    assert admin_client.get(f"{DEALS}{coupang['id']}/change/").status_code == 200


def test_expire_hide_and_restore_actions(admin_client, member, caller_factory, anon, share):
    deal = share(member)
    for _ in range(5):
        caller_factory("member").client.post(
            f"/api/sharing/deals/{deal['id']}/report", {"reason": "spam"}, format="json"
        )
    assert Deal.objects.get(pk=deal["id"]).is_hidden is True

    run_action(admin_client, DEALS, "restore_deals", [deal["id"]])
    restored = Deal.objects.get(pk=deal["id"])
    assert (restored.is_hidden, restored.status, restored.report_count) == (False, "active", 0)
    assert not Report.objects.filter(deal=restored, is_resolved=False).exists()
    assert anon.get(f"/api/sharing/deals/{deal['id']}").status_code == 200

    run_action(admin_client, DEALS, "expire_deals", [deal["id"]])
    assert Deal.objects.get(pk=deal["id"]).status == "expired"

    run_action(admin_client, DEALS, "hide_deals", [deal["id"]])
    assert anon.get(f"/api/sharing/deals/{deal['id']}").status_code == 404


def test_merging_products_moves_deals_and_price_history_to_the_first_product(
    admin_client, member, anon, share
):
    kept = share(member, product_name="갤럭시 S25", price=900_000, original_price=None)
    moved = share(member, product_name="삼성 갤럭시S25 256GB", price=850_000, original_price=None)

    run_action(admin_client, PRODUCTS, "merge_products", [kept["product"]["id"], moved["product"]["id"]])

    product_id = kept["product"]["id"]
    assert not Product.objects.filter(pk=moved["product"]["id"]).exists()
    assert Deal.objects.get(pk=moved["id"]).product_id == product_id
    assert PriceRecord.objects.filter(product_id=product_id).count() == 2
    body = anon.get(f"/api/sharing/products/{product_id}").json()
    assert body["lowest_ever_price"] == 850_000
    assert [d["id"] for d in body["deals"]] == [moved["id"], kept["id"]]
    # the moved deal is now found by the kept product's name too
    assert anon.get("/api/sharing/deals?q=갤럭시 S25").json()["count"] == 2
