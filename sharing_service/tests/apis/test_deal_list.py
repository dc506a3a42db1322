"""The deal board: filters, sorts, status computed at read time, and a fixed number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kingdom.testing.queries import SEARCH_STATISTICS, list_queries
from sharing_service.deals.models import Deal

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    return [deal["id"] for deal in response.json()["results"]]


def test_anyone_reads_the_list_newest_first_in_the_page_envelope(anon, member, share):
    first = share(member)
    second = share(member)

    response = anon.get("/api/sharing/deals")

    body = response.json()
    assert {"count", "next", "previous", "results"} <= body.keys()
    assert ids(response) == [second["id"], first["id"]]
    assert body["results"][0]["is_mine"] is False


def test_a_deal_past_its_expiry_time_is_expired_without_any_job(anon, member, share):
    deal = share(member, expires_at=(timezone.now() + timedelta(hours=1)).isoformat())
    Deal.objects.filter(pk=deal["id"]).update(expires_at=timezone.now() - timedelta(minutes=1))

    assert ids(anon.get("/api/sharing/deals")) == []
    assert ids(anon.get("/api/sharing/deals?status=expired")) == [deal["id"]]
    assert anon.get(f"/api/sharing/deals/{deal['id']}").json()["status"] == "expired"


def test_status_filter(anon, member, share):
    active = share(member)
    ended = share(member)
    sold_out = share(member)
    member.client.post(f"/api/sharing/deals/{ended['id']}/expire", {}, format="json")
    member.client.post(f"/api/sharing/deals/{sold_out['id']}/expire", {"status": "sold_out"}, format="json")

    assert ids(anon.get("/api/sharing/deals")) == [active["id"]]
    assert ids(anon.get("/api/sharing/deals?status=active")) == [active["id"]]
    assert ids(anon.get("/api/sharing/deals?status=expired")) == [ended["id"]]
    assert ids(anon.get("/api/sharing/deals?status=sold_out")) == [sold_out["id"]]
    assert set(ids(anon.get("/api/sharing/deals?status=all"))) == {active["id"], ended["id"], sold_out["id"]}


def test_filters_by_category_store_price_and_shipping(anon, member, share):
    coupang = share(member, category="digital", price=10_000, original_price=None, shipping_fee=0)
    food = share(
        member,
        category="food",
        price=20_000,
        original_price=None,
        shipping_fee=3_000,
        url="https://www.kurly.com/goods/1",
    )

    assert ids(anon.get("/api/sharing/deals?category=food")) == [food["id"]]
    assert ids(anon.get("/api/sharing/deals?store=쿠팡")) == [coupang["id"]]
    assert ids(anon.get("/api/sharing/deals?store=마켓컬리")) == [food["id"]]
    assert ids(anon.get("/api/sharing/deals?min_price=15000")) == [food["id"]]
    assert ids(anon.get("/api/sharing/deals?max_price=15000")) == [coupang["id"]]
    # price range filters on the effective price (price + shipping): 23,000 here
    assert ids(anon.get("/api/sharing/deals?min_price=21000&max_price=23000")) == [food["id"]]
    assert ids(anon.get("/api/sharing/deals?free_shipping=true")) == [coupang["id"]]
    assert ids(anon.get("/api/sharing/deals?free_shipping=false")) == [food["id"]]
    assert ids(anon.get("/api/sharing/deals?category=nope")) == []


def test_text_search_matches_korean_substrings_of_title_product_and_store(anon, member, share):
    airpods = share(member, title="에어팟 특가", product_name="Apple 에어팟 프로 2")
    ramen = share(
        member, title="신라면 40봉 최저가", product_name="농심 신라면", url="https://www.11st.co.kr/p/1"
    )

    assert ids(anon.get("/api/sharing/deals?q=라면")) == [ramen["id"]]
    assert ids(anon.get("/api/sharing/deals?q=APPLE")) == [airpods["id"]]  # product name, any case
    assert ids(anon.get("/api/sharing/deals?q=11번")) == [ramen["id"]]  # store
    assert ids(anon.get("/api/sharing/deals?q=없는상품")) == []


def test_sorts_by_price_discount_and_hot(anon, member, other_member, caller_factory, share):
    cheap = share(member, price=5_000, original_price=10_000, shipping_fee=3_000)  # 8,000 / 50%
    mid = share(member, price=7_000, original_price=None, shipping_fee=0)  # 7,000 / none
    pricey = share(member, price=9_000, original_price=30_000, shipping_fee=0)  # 9,000 / 70%
    for _ in range(3):
        caller_factory("member").client.post(
            f"/api/sharing/deals/{mid['id']}/vote", {"value": 1}, format="json"
        )
    other_member.client.post(f"/api/sharing/deals/{pricey['id']}/vote", {"value": -1}, format="json")

    assert ids(anon.get("/api/sharing/deals?sort=price")) == [mid["id"], cheap["id"], pricey["id"]]
    assert ids(anon.get("/api/sharing/deals?sort=discount")) == [pricey["id"], cheap["id"], mid["id"]]
    assert ids(anon.get("/api/sharing/deals?sort=hot")) == [mid["id"], cheap["id"], pricey["id"]]


def test_hot_list_decays_with_age_and_leaves_out_ended_deals(anon, member, caller_factory, share):
    old = share(member)
    new = share(member)
    ended = share(member)
    for _ in range(5):
        voter = caller_factory("member")
        voter.client.post(f"/api/sharing/deals/{old['id']}/vote", {"value": 1}, format="json")
        voter.client.post(f"/api/sharing/deals/{ended['id']}/vote", {"value": 1}, format="json")
    member.client.post(f"/api/sharing/deals/{ended['id']}/expire", {}, format="json")

    assert ids(anon.get("/api/sharing/deals?sort=hot")) == [old["id"], new["id"]]

    # Two days later five votes are not enough to stay above a fresh deal with no votes.
    from sharing_service.deals import ranking

    two_days_ago = timezone.now() - timedelta(days=2)
    Deal.objects.filter(pk=old["id"]).update(
        created_at=two_days_ago, hot_rank=ranking.hot_rank(5, 0, two_days_ago)
    )
    # listing ended deals too, they sink below every live one
    assert ids(anon.get("/api/sharing/deals?sort=hot&status=all")) == [new["id"], old["id"], ended["id"]]


def test_author_me_lists_my_deals_in_every_state(member, other_member, share):
    mine_active = share(member)
    mine_ended = share(member)
    share(other_member)
    member.client.post(f"/api/sharing/deals/{mine_ended['id']}/expire", {}, format="json")

    assert set(ids(member.client.get("/api/sharing/deals?author=me"))) == {
        mine_active["id"],
        mine_ended["id"],
    }
    assert ids(member.client.get("/api/sharing/deals?author=me&status=active")) == [mine_active["id"]]


def test_author_me_needs_a_token(anon):
    assert anon.get("/api/sharing/deals?author=me").status_code == 401


@pytest.mark.parametrize(
    "query",
    [
        "sort=popular",
        "period=week",
        "status=deleted",
        "min_price=-1",
        "min_price=abc",
        "min_price=5000&max_price=1000",
        "free_shipping=maybe",
        "author=someone",
        "q=" + "가" * 200,
        "page_size=abc",
    ],
)
def test_bad_list_parameters_are_400s_naming_the_parameter(anon, query):
    response = anon.get(f"/api/sharing/deals?{query}")
    if query.startswith("page_size"):
        assert response.status_code == 200  # DRF falls back to the default page size
        return
    assert response.status_code == 400
    assert response.json()["errors"]


def test_my_vote_shows_in_lists(member, other_member, share):
    deal = share(member)
    other_member.client.post(f"/api/sharing/deals/{deal['id']}/vote", {"value": -1}, format="json")

    mine = other_member.client.get("/api/sharing/deals").json()["results"][0]
    theirs = member.client.get("/api/sharing/deals").json()["results"][0]

    assert mine["my_vote"] == -1
    assert theirs["my_vote"] is None
    assert theirs["score"] == -1


@pytest.fixture
def busy_board(member, caller_factory, share):
    """Deals with votes, several products and stores, so that N+1 queries would show."""
    voters = [caller_factory("member") for _ in range(2)]
    for number in range(6):
        deal = share(
            member,
            product_name=f"상품 {number % 3}",
            url=f"https://www.{['coupang.com', '11st.co.kr', 'ssg.com'][number % 3]}/p/{number}",
            category=["digital", "food"][number % 2],
        )
        for voter in voters:
            voter.client.post(f"/api/sharing/deals/{deal['id']}/vote", {"value": 1}, format="json")
    return voters[0]


LIST_QUERIES = [
    "",
    "sort=hot",
    "sort=hot&status=all",
    "sort=best&period=day&status=all",
    "sort=price",
    "sort=discount",
    "status=all",
    "category=food&free_shipping=true",
    "q=상품&min_price=1000",
    "store=쿠팡",
]


@pytest.mark.parametrize("page_size", [1, 50])
@pytest.mark.parametrize("logged_in", [False, True])
@pytest.mark.parametrize("query", LIST_QUERIES)
def test_the_deal_list_takes_two_queries_whatever_the_page_size(
    busy_board, anon, django_assert_num_queries, page_size, logged_in, query
):
    client = busy_board.client if logged_in else anon
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/sharing/deals?page_size={page_size}&{query}")
    assert response.status_code == 200
    body = response.json()
    assert len(body["results"]) == min(page_size, body["count"])
    # the page (product, category and my vote joined in), and the count for a longer list; a
    # search also reads its index's statistics, once per process every few minutes
    searches = SEARCH_STATISTICS if "q=" in query else 0
    assert len(queries) == list_queries(1 + searches, rows=body["count"], page_size=page_size)


def test_my_deals_take_two_queries(busy_board, member, django_assert_num_queries):
    for page_size in (1, 50):
        with django_assert_num_queries(list_queries(1, rows=6, page_size=page_size)):
            response = member.client.get(f"/api/sharing/deals?author=me&page_size={page_size}")
        assert response.json()["count"] == 6


def test_the_best_of_the_day_ranks_by_votes_and_sinks_ended_deals(anon, member, caller_factory, share):
    quiet = share(member)
    loved = share(member)
    ended = share(member)
    yesterday = share(member)
    for deal, votes in ((loved, 3), (ended, 5), (yesterday, 9), (quiet, 1)):
        for _ in range(votes):
            caller_factory("member").client.post(
                f"/api/sharing/deals/{deal['id']}/vote", {"value": 1}, format="json"
            )
    member.client.post(f"/api/sharing/deals/{ended['id']}/expire", {}, format="json")
    Deal.objects.filter(pk=yesterday["id"]).update(created_at=timezone.now() - timedelta(hours=25))

    assert ids(anon.get("/api/sharing/deals?sort=best&period=day")) == [loved["id"], quiet["id"]]
    assert ids(anon.get("/api/sharing/deals?sort=best&period=day&status=all")) == [
        loved["id"],
        quiet["id"],
        ended["id"],
    ]
    assert ids(anon.get("/api/sharing/deals?sort=best&status=all"))[0] == yesterday["id"]
