"""Moderators in Django admin: find deals, expire, hide and restore them, merge products."""

import pytest

from kingdom import outbox
from sharing_service.deals.models import Category, Deal, OutboxEvent, PriceRecord, Product, Report

pytestmark = pytest.mark.django_db

DEALS = "/admin/sharing/deals/deal/"
PRODUCTS = "/admin/sharing/deals/product/"


def run_action(admin_client, url, action, ids):
    return admin_client.post(url, {"action": action, "_selected_action": [str(i) for i in ids]}, follow=True)


def merge(admin_client, ids, *, keep: int, name: str):
    """Confirm the merge page: which product stays and which name it keeps."""
    return admin_client.post(
        PRODUCTS,
        {
            "action": "merge_products",
            "_selected_action": [str(i) for i in ids],
            "apply": "합치기",
            "keep": str(keep),
            "name": name,
        },
        follow=True,
    )


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
    # the comment service hears of each change of visibility, so the thread follows the deal
    visibility = OutboxEvent.objects.filter(topic=outbox.TARGET_VISIBILITY_CHANGED).order_by("created_at")
    assert [event.payload["hidden"] for event in visibility] == [True, False, True]


def test_merging_products_moves_deals_and_price_history_to_the_first_product(
    admin_client, member, anon, share
):
    kept = share(member, product_name="갤럭시 S25", price=900_000, original_price=None)
    moved = share(member, product_name="삼성 갤럭시S25 256GB", price=850_000, original_price=None)

    ids = [kept["product"]["id"], moved["product"]["id"]]
    asked = run_action(admin_client, PRODUCTS, "merge_products", ids)
    assert "남길 상품" in asked.content.decode()  # staff confirm which product and name stay
    assert Product.objects.filter(pk=moved["product"]["id"]).exists()  # nothing merged yet
    merge(admin_client, ids, keep=kept["product"]["id"], name="갤럭시 S25")

    product_id = kept["product"]["id"]
    assert not Product.objects.filter(pk=moved["product"]["id"]).exists()
    assert Deal.objects.get(pk=moved["id"]).product_id == product_id
    assert PriceRecord.objects.filter(product_id=product_id).count() == 2
    body = anon.get(f"/api/sharing/products/{product_id}").json()
    assert body["lowest_ever_price"] == 850_000
    assert [d["id"] for d in body["deals"]] == [moved["id"], kept["id"]]
    # the moved deal is now found by the kept product's name too
    assert anon.get("/api/sharing/deals?q=갤럭시 S25").json()["count"] == 2


def _change_form_data(admin_client, deal_id: int, **changes) -> dict:
    form = admin_client.get(f"{DEALS}{deal_id}/change/").context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    if data.get("expires_at"):
        data["expires_at"] = form["expires_at"].value().strftime("%Y-%m-%d %H:%M:%S")
    data.update({f"reports-{key}": value for key, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))})
    data.update(changes)
    return data


def test_a_staff_price_fix_in_admin_updates_the_derived_prices_and_the_history(
    admin_client, member, anon, share
):
    deal = share(
        member, product_name="로지텍 MX 마스터 3S", price=99_000, original_price=139_000, shipping_fee=0
    )

    response = admin_client.post(
        f"{DEALS}{deal['id']}/change/",
        _change_form_data(admin_client, deal["id"], price=89_000, shipping_fee=3_000),
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    body = anon.get(f"/api/sharing/deals/{deal['id']}").json()
    assert (body["price"], body["effective_price"], body["discount_percent"]) == (89_000, 92_000, 35)
    assert PriceRecord.objects.get(deal_id=deal["id"]).effective_price == 92_000  # same-day correction
    assert anon.get(f"/api/sharing/products/{deal['product']['id']}").json()["lowest_ever_price"] == 92_000


def test_admin_edits_obey_the_link_rules_and_duplicate_protection(admin_client, member, share):
    first = share(member, url="https://www.11st.co.kr/products/1")
    second = share(member)
    change = f"{DEALS}{second['id']}/change/"

    for bad in ("ftp://files.example.com/a", "https://10.0.0.5/admin", "https://11st.co.kr/products/1/"):
        response = admin_client.post(change, _change_form_data(admin_client, second["id"], url=bad))
        assert response.status_code == 200, bad  # the form again, with the error
        assert "url" in response.context["adminform"].form.errors, bad
    assert Deal.objects.get(pk=second["id"]).url == second["url"]
    assert Deal.objects.get(pk=first["id"]).url == first["url"]


def test_deleting_deals_in_admin_removes_their_comments_through_the_outbox(admin_client, member, share):
    one, two, three = share(member), share(member), share(member)

    admin_client.post(f"{DEALS}{one['id']}/delete/", {"post": "yes"})
    admin_client.post(
        DEALS, {"action": "delete_selected", "_selected_action": [two["id"], three["id"]], "post": "yes"}
    )

    assert not Deal.objects.exists()
    targets = sorted(
        event.payload["target_id"] for event in OutboxEvent.objects.filter(topic=outbox.TARGET_DELETED)
    )
    assert targets == sorted([one["id"], two["id"], three["id"]])


def test_deals_are_not_added_in_admin(admin_client):
    assert admin_client.get(DEALS + "add/").status_code == 403


def _digital() -> int:
    return Category.objects.get(slug="digital").pk


def test_renaming_a_product_in_admin_makes_its_deals_findable_by_the_new_name(
    admin_client, member, anon, share
):
    deal = share(member, product_name="갤탭 S10", category="digital")
    product_id = deal["product"]["id"]

    response = admin_client.post(
        f"{PRODUCTS}{product_id}/change/", {"name": "갤럭시 탭 S10", "category": _digital()}
    )

    assert response.status_code == 302
    assert [d["id"] for d in anon.get("/api/sharing/deals?q=갤럭시 탭").json()["results"]] == [deal["id"]]
    later = share(member, product_name="갤럭시탭 s10")
    assert later["product"]["id"] == product_id


def test_moving_a_product_to_another_category_in_admin_goes_through_its_service(
    admin_client, member, anon, share
):
    deal = share(member, product_name="무선 청소기", category="digital")
    product_id = deal["product"]["id"]
    other = Category.objects.exclude(slug="digital").first()

    response = admin_client.post(
        f"{PRODUCTS}{product_id}/change/", {"name": "무선 청소기", "category": other.pk}
    )

    assert response.status_code == 302
    product = anon.get(f"/api/sharing/products/{product_id}").json()
    assert product["category"] == {"slug": other.slug, "name": other.name}
    assert product["name"] == "무선 청소기"
    assert anon.get(f"/api/sharing/deals/{deal['id']}").json()["category"]["slug"] == "digital"


def test_a_product_cannot_be_renamed_onto_another_one(admin_client, member, share):
    one = share(member, product_name="버즈 3")
    share(member, product_name="버즈 3 프로")

    response = admin_client.post(
        f"{PRODUCTS}{one['product']['id']}/change/", {"name": "버즈3 프로", "category": _digital()}
    )

    assert response.status_code == 200
    assert "합쳐" in str(response.context["adminform"].form.errors["name"])
    assert Product.objects.get(pk=one["product"]["id"]).name == "버즈 3"


def test_restoring_a_deal_whose_page_is_shared_again_is_refused(
    admin_client, member, other_member, anon, share
):
    hidden = share(member, url="https://www.gmarket.co.kr/item/77")
    run_action(admin_client, DEALS, "hide_deals", [hidden["id"]])
    again = share(other_member, url="https://gmarket.co.kr/item/77")

    response = run_action(admin_client, DEALS, "restore_deals", [hidden["id"]])

    assert "복구하지 않았습니다" in response.content.decode()
    assert Deal.objects.get(pk=hidden["id"]).is_hidden is True
    assert [d["id"] for d in anon.get("/api/sharing/deals").json()["results"]] == [again["id"]]


def test_after_a_restore_members_may_report_the_deal_anew(admin_client, member, caller_factory, share):
    deal = share(member)
    reporters = [caller_factory("member") for _ in range(5)]
    said_over = reporters[0].client.post(
        f"/api/sharing/deals/{deal['id']}/report", {"reason": "sold_out"}, format="json"
    )
    assert said_over.status_code == 201
    for reporter in reporters:
        reporter.client.post(f"/api/sharing/deals/{deal['id']}/report", {"reason": "spam"}, format="json")
    run_action(admin_client, DEALS, "restore_deals", [deal["id"]])

    again = reporters[0].client.post(
        f"/api/sharing/deals/{deal['id']}/report", {"reason": "spam"}, format="json"
    )
    over = reporters[0].client.post(
        f"/api/sharing/deals/{deal['id']}/expire", {"status": "sold_out"}, format="json"
    )

    assert (again.status_code, over.status_code) == (201, 200)
    restored = Deal.objects.get(pk=deal["id"])
    assert (restored.report_count, restored.expire_report_count) == (1, 1)
    twice = reporters[0].client.post(
        f"/api/sharing/deals/{deal['id']}/report", {"reason": "referral"}, format="json"
    )
    assert twice.status_code == 409  # still once per member while the reports are open


def test_staff_choose_the_product_and_the_name_a_merge_keeps(admin_client, member, anon, share):
    first = share(member, product_name="갤탭S10 울트라", price=1_500_000, original_price=None)
    second = share(member, product_name="갤럭시 탭 S10 Ultra", price=1_400_000, original_price=None)
    ids = [first["product"]["id"], second["product"]["id"]]

    response = merge(admin_client, ids, keep=second["product"]["id"], name="갤럭시 탭 S10 Ultra")

    assert "합쳤습니다" in response.content.decode()
    kept = Product.objects.get()
    assert kept.pk == second["product"]["id"]
    assert kept.name == "갤럭시 탭 S10 Ultra"
    # the merged product's old address leads to the kept one, for good
    old = anon.get(f"/api/sharing/products/{first['product']['id']}")
    assert old.status_code == 301
    assert old["Location"] == f"/api/sharing/products/{kept.pk}"
    assert old.json() == {"merged_into": kept.pk}


def test_the_kept_product_may_take_the_other_ones_name(admin_client, member, anon, share):
    first = share(member, product_name="에어팟 프로2", price=300_000, original_price=None)
    second = share(member, product_name="Apple AirPods Pro 2", price=290_000, original_price=None)
    ids = [first["product"]["id"], second["product"]["id"]]

    merge(admin_client, ids, keep=first["product"]["id"], name="Apple AirPods Pro 2")

    kept = Product.objects.get()
    assert (kept.pk, kept.name) == (first["product"]["id"], "Apple AirPods Pro 2")
    assert anon.get("/api/sharing/deals?q=AirPods").json()["count"] == 2
    later = share(member, product_name="apple airpods pro 2", price=280_000, original_price=None)
    assert later["product"]["id"] == kept.pk  # later deals with that name join it


def test_merging_twice_keeps_every_old_address_leading_to_the_last_product(admin_client, member, anon, share):
    a = share(member, product_name="신라면 20봉", price=15_000, original_price=None)
    b = share(member, product_name="농심 신라면 20개", price=14_000, original_price=None)
    c = share(member, product_name="신라면 멀티팩 20", price=13_000, original_price=None)
    merge(
        admin_client,
        [a["product"]["id"], b["product"]["id"]],
        keep=b["product"]["id"],
        name="농심 신라면 20개",
    )
    merge(
        admin_client,
        [b["product"]["id"], c["product"]["id"]],
        keep=c["product"]["id"],
        name="신라면 멀티팩 20",
    )

    for old in (a, b):
        response = anon.get(f"/api/sharing/products/{old['product']['id']}")
        assert response.status_code == 301
        assert response["Location"] == f"/api/sharing/products/{c['product']['id']}"
    assert anon.get("/api/sharing/products/999999").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("url", "http://１２７.０.０.１/"),
        ("url", "https://%62it.ly/abc"),
        ("image_url", "https://%31%36%39.254.169.254/latest/meta-data"),
        ("image_url", "https://127.1:9443/a.png"),
    ],
)
def test_a_staff_edit_cannot_bring_in_a_disguised_internal_link(admin_client, member, share, field, value):
    deal = share(member)
    response = admin_client.post(
        f"{DEALS}{deal['id']}/change/", _change_form_data(admin_client, deal["id"], **{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert getattr(Deal.objects.get(pk=deal["id"]), field) == deal[field]
