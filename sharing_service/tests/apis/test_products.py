"""Products: the lowest price anyone shared, its deals by effective price, and its price history."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kingdom.testing.queries import SEARCH_STATISTICS, list_queries
from sharing_service.deals import products
from sharing_service.deals.models import Deal, PriceRecord, Product

pytestmark = pytest.mark.django_db


def test_the_product_list_shows_each_products_lowest_active_deal(anon, member, other_member, share):
    share(member, product_name="닌텐도 스위치 2", price=640_000, original_price=None, shipping_fee=0)
    cheaper = share(
        other_member, product_name="닌텐도 스위치2", price=600_000, original_price=None, shipping_fee=3_000
    )

    body = anon.get("/api/sharing/products").json()

    assert body["count"] == 1
    product = body["results"][0]
    assert product["name"] == "닌텐도 스위치 2"
    assert product["deal_count"] == 2
    assert product["lowest_deal"]["id"] == cheaper["id"]
    assert product["lowest_deal"]["effective_price"] == 603_000
    assert product["lowest_ever_price"] == 603_000


def test_an_ended_deal_is_not_the_current_lowest_but_stays_the_lowest_ever(anon, member, share):
    cheap = share(member, product_name="다이슨 에어랩", price=500_000, original_price=None)
    dear = share(member, product_name="다이슨 에어랩", price=550_000, original_price=None)
    member.client.post(f"/api/sharing/deals/{cheap['id']}/expire", {}, format="json")

    product = anon.get("/api/sharing/products").json()["results"][0]

    assert product["lowest_deal"]["id"] == dear["id"]
    assert product["lowest_deal"]["is_lowest_ever"] is False
    assert product["lowest_ever_price"] == 500_000
    assert product["deal_count"] == 1


def test_the_lowest_ever_badge(anon, member, share):
    first = share(member, product_name="햇반 24개", price=20_000, original_price=None)
    second = share(member, product_name="햇반 24개", price=18_000, original_price=None)

    assert anon.get(f"/api/sharing/deals/{first['id']}").json()["is_lowest_ever"] is False
    assert anon.get(f"/api/sharing/deals/{second['id']}").json()["is_lowest_ever"] is True


def test_deleting_the_cheaper_deal_gives_the_badge_back_and_drops_its_price(anon, member, share):
    cheaper = share(member, product_name="햇반 36개", price=18_000, original_price=None)
    dearer = share(member, product_name="햇반 36개", price=20_000, original_price=None)
    share(member, product_name="햇반 36개", price=22_000, original_price=None)  # history stays real
    assert anon.get(f"/api/sharing/deals/{dearer['id']}").json()["is_lowest_ever"] is False

    member.client.delete(f"/api/sharing/deals/{cheaper['id']}")

    assert anon.get(f"/api/sharing/deals/{dearer['id']}").json()["is_lowest_ever"] is True
    product = anon.get(f"/api/sharing/products/{dearer['product']['id']}").json()
    assert product["lowest_ever_price"] == 20_000
    assert product["price_history"] == [
        {"date": timezone.localdate().isoformat(), "lowest_effective_price": 20_000}
    ]


def test_the_badge_needs_real_history_two_deals_or_two_weeks(anon, member, share, settings):
    settings.SHARING_LOWEST_EVER_MIN_DAYS = 14
    first = share(member, product_name="햇반 12개", price=9_000, original_price=None)
    assert first["is_lowest_ever"] is False  # one deal shared once is not a history
    assert anon.get(f"/api/sharing/products/{first['product']['id']}").json()["has_price_history"] is False

    second = share(member, product_name="햇반 12개", price=8_000, original_price=None)
    assert second["is_lowest_ever"] is True
    assert anon.get(f"/api/sharing/products/{first['product']['id']}").json()["has_price_history"] is True
    assert anon.get(f"/api/sharing/deals/{first['id']}").json()["is_lowest_ever"] is False

    alone = share(member, product_name="라면 5개", price=4_000, original_price=None)
    PriceRecord.objects.filter(deal_id=alone["id"]).update(recorded_at=timezone.now() - timedelta(days=13))
    products.product_refresh(Product.objects.get(pk=alone["product"]["id"]))
    assert anon.get(f"/api/sharing/deals/{alone['id']}").json()["is_lowest_ever"] is False
    PriceRecord.objects.filter(deal_id=alone["id"]).update(recorded_at=timezone.now() - timedelta(days=15))
    products.product_refresh(Product.objects.get(pk=alone["product"]["id"]))
    assert anon.get(f"/api/sharing/deals/{alone['id']}").json()["is_lowest_ever"] is True


def test_an_ended_deal_loses_the_badge(anon, member, share):
    share(member, product_name="햇반 30개", price=30_000, original_price=None)
    lowest = share(member, product_name="햇반 30개", price=25_000, original_price=None)
    assert lowest["is_lowest_ever"] is True

    member.client.post(f"/api/sharing/deals/{lowest['id']}/expire", {"status": "sold_out"}, format="json")

    assert anon.get(f"/api/sharing/deals/{lowest['id']}").json()["is_lowest_ever"] is False


def test_a_same_day_price_fix_replaces_the_shared_price(anon, member, share):
    typo = share(member, product_name="햇반 48개", price=2_500, original_price=None)
    other = share(member, product_name="햇반 48개", price=26_000, original_price=None)

    member.client.patch(f"/api/sharing/deals/{typo['id']}", {"price": 25_000}, format="json")

    assert anon.get(f"/api/sharing/deals/{typo['id']}").json()["is_lowest_ever"] is True
    assert anon.get(f"/api/sharing/deals/{other['id']}").json()["is_lowest_ever"] is False
    product = anon.get(f"/api/sharing/products/{typo['product']['id']}").json()
    assert product["lowest_ever_price"] == 25_000
    assert product["price_history"][-1]["lowest_effective_price"] == 25_000


def test_a_price_change_on_a_later_day_keeps_the_earlier_price_in_the_history(anon, member, share):
    deal = share(member, product_name="햇반 12개", price=10_000, original_price=None)
    two_days_ago = timezone.now() - timedelta(days=2)
    PriceRecord.objects.filter(deal_id=deal["id"]).update(recorded_at=two_days_ago)

    member.client.patch(f"/api/sharing/deals/{deal['id']}", {"price": 12_000}, format="json")

    body = anon.get(f"/api/sharing/products/{deal['product']['id']}").json()
    assert [point["lowest_effective_price"] for point in body["price_history"]] == [10_000, 12_000]
    assert body["lowest_ever_price"] == 10_000
    assert anon.get(f"/api/sharing/deals/{deal['id']}").json()["is_lowest_ever"] is False


def test_a_hidden_deals_price_leaves_the_lowest_and_the_history(anon, member, share, caller_factory):
    hidden = share(member, product_name="햇반 6개", price=3_000, original_price=None)
    shown = share(member, product_name="햇반 6개", price=6_000, original_price=None)
    share(member, product_name="햇반 6개", price=6_500, original_price=None)
    for _ in range(5):
        caller_factory("member").client.post(
            f"/api/sharing/deals/{hidden['id']}/report", {"reason": "wrong_price"}, format="json"
        )

    body = anon.get(f"/api/sharing/products/{shown['product']['id']}").json()
    assert body["lowest_ever_price"] == 6_000
    assert [point["lowest_effective_price"] for point in body["price_history"]] == [6_000]
    assert body["history_deal_count"] == 2
    assert anon.get(f"/api/sharing/deals/{shown['id']}").json()["is_lowest_ever"] is True


def test_a_product_whose_only_deal_is_hidden_is_not_found(anon, member, share, caller_factory):
    spam = share(member, product_name="광고 문구 상품", price=1_000, original_price=None)
    for _ in range(5):
        caller_factory("member").client.post(
            f"/api/sharing/deals/{spam['id']}/report", {"reason": "spam"}, format="json"
        )

    assert anon.get(f"/api/sharing/products/{spam['product']['id']}").status_code == 404
    assert anon.get("/api/sharing/products").json()["count"] == 0


def test_product_search_and_category(anon, member, share):
    share(member, product_name="농심 신라면 40봉", category="food")
    share(member, product_name="LG 그램 16", category="digital")

    assert [p["name"] for p in anon.get("/api/sharing/products?q=라면").json()["results"]] == [
        "농심 신라면 40봉"
    ]
    assert [p["name"] for p in anon.get("/api/sharing/products?q=그램").json()["results"]] == ["LG 그램 16"]
    assert [p["name"] for p in anon.get("/api/sharing/products?category=food").json()["results"]] == [
        "농심 신라면 40봉"
    ]


def test_product_detail_lists_active_deals_by_effective_price_and_daily_history(anon, member, share):
    a = share(member, product_name="에어팟 4", price=150_000, original_price=None, shipping_fee=5_000)
    b = share(member, product_name="에어팟 4", price=152_000, original_price=None, shipping_fee=0)
    c = share(member, product_name="에어팟 4", price=170_000, original_price=None, shipping_fee=0)
    member.client.post(f"/api/sharing/deals/{c['id']}/expire", {}, format="json")
    # an earlier day's share, for the chart
    two_days_ago = timezone.now() - timedelta(days=2)
    PriceRecord.objects.filter(deal_id=c["id"]).update(recorded_at=two_days_ago)
    Deal.objects.filter(pk=c["id"]).update(created_at=two_days_ago)

    body = anon.get(f"/api/sharing/products/{a['product']['id']}").json()

    assert [deal["id"] for deal in body["deals"]] == [b["id"], a["id"]]  # 152,000 before 155,000
    assert body["lowest_deal"]["id"] == b["id"]
    assert body["deal_count"] == 2
    seoul_today = timezone.localdate()
    seoul_then = timezone.localtime(two_days_ago).date()
    assert body["price_history"] == [
        {"date": seoul_then.isoformat(), "lowest_effective_price": 170_000},
        {"date": seoul_today.isoformat(), "lowest_effective_price": 152_000},
    ]


def test_an_unknown_product_is_a_404(anon):
    assert anon.get("/api/sharing/products/424242").status_code == 404


@pytest.fixture
def several_products(member, caller_factory, share):
    voter = caller_factory("member")
    for number in range(6):
        deal = share(
            member, product_name=f"상품 {number % 4}", price=1_000 * (number + 1), original_price=None
        )
        voter.client.post(f"/api/sharing/deals/{deal['id']}/vote", {"value": 1}, format="json")
    return voter


@pytest.mark.parametrize("page_size", [1, 50])
@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("query", ["", "q=상품", "category=digital"])
def test_the_product_list_takes_three_queries_whatever_the_page_size(
    several_products, anon, django_assert_num_queries, page_size, logged_in, query
):
    client = several_products.client if logged_in else anon
    # the page and its lowest deals, and the count for a list longer than the page (a search
    # also reads its index's statistics, once per process every few minutes)
    searches = SEARCH_STATISTICS if "q=" in query else 0
    with django_assert_num_queries(list_queries(2 + searches, rows=4, page_size=page_size)):
        response = client.get(f"/api/sharing/products?page_size={page_size}&{query}")
    assert len(response.json()["results"]) == min(page_size, 4)


def test_the_product_detail_takes_a_fixed_number_of_queries(
    several_products, anon, django_assert_num_queries
):
    product_id = anon.get("/api/sharing/products").json()["results"][0]["id"]
    with django_assert_num_queries(3):  # product + its deals + its history
        anon.get(f"/api/sharing/products/{product_id}")


def test_categories_and_stores(anon, member, share):
    share(member, url="https://www.coupang.com/vp/1")
    share(member, url="https://www.coupang.com/vp/2")
    share(member, url="https://www.gmarket.co.kr/item/1")
    ended = share(member, url="https://www.11st.co.kr/p/1")
    member.client.post(f"/api/sharing/deals/{ended['id']}/expire", {}, format="json")

    categories = anon.get("/api/sharing/categories").json()
    assert [c["name"] for c in categories] == [
        "디지털/가전",
        "식품",
        "생활용품",
        "패션",
        "뷰티",
        "여행/문화",
        "상품권/쿠폰",
        "기타",
    ]
    assert anon.get("/api/sharing/stores").json() == [
        {"name": "쿠팡", "active_deal_count": 2},
        {"name": "G마켓", "active_deal_count": 1},
    ]
