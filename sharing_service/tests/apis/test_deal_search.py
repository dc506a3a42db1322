"""Deal and product search finds what people type: every word, any order, spacing-insensitive,
across the deal's title and its product's name — and 1–2 syllable words read an index."""

import pytest
from django.db import connection
from django.utils import timezone

from kingdom.tokens import AnonymousCaller
from sharing_service.deals.models import Category, Deal, Product
from sharing_service.deals.selectors import DealFilters, deal_list

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    return [deal["id"] for deal in response.json()["results"]]


@pytest.mark.parametrize("q", ["햇반 24개", "햇반24개", "24개 햇반", "햇반 210G", "CJ 햇반", "햇반 ２４개"])
def test_every_word_in_any_order_with_or_without_spaces(anon, member, share, q):
    hit = share(member, title="햇반 210g 24개 특가", product_name="CJ 햇반 210g")
    share(member, title="햇반 12개 + 24시간 배송", product_name="오뚜기밥", url="https://www.11st.co.kr/p/9")

    assert ids(anon.get("/api/sharing/deals", {"q": q})) == [hit["id"]]


def test_a_word_may_match_the_title_and_another_the_product_name(anon, member, share):
    hit = share(member, title="역대급 특가", product_name="농심 신라면 40봉")

    assert ids(anon.get("/api/sharing/deals", {"q": "특가 신라면"})) == [hit["id"]]
    assert ids(anon.get("/api/sharing/deals", {"q": "특가 진라면"})) == []


def test_products_are_found_the_same_way(anon, member, share):
    share(member, title="밥 특가", product_name="CJ 햇반 210g 24개")

    names = [p["name"] for p in anon.get("/api/sharing/products", {"q": "햇반24개"}).json()["results"]]

    assert names == ["CJ 햇반 210g 24개"]


def test_one_and_two_syllable_words_are_served_by_the_gram_index_at_a_realistic_size(member):
    # 20,000 active deals, one in a hundred about 라면 / 쌀; statistics as in production
    # (ANALYZE) and sequential scans allowed: the planner itself must prefer the index.
    category = Category.objects.order_by("id").first()
    product = Product.objects.create(name="잡화", normalized_name="잡화", category=category)
    topics = ["무선 이어폰 특가", "섬유유연제 대용량", "생수 2L 12병", "물티슈 캡형 10팩"]
    now = timezone.now()
    deals = []
    for i in range(20_000):
        title = f"{'신라면 40봉 · 쌀 10kg' if i % 100 == 0 else topics[i % 4]} #{i}"
        deals.append(
            Deal(
                product=product,
                category=category,
                title=title,
                search_text=f"{title} 잡화 쿠팡",
                price=10_000,
                effective_price=10_000,
                store="쿠팡",
                url=f"https://www.coupang.com/vp/products/{i}",
                normalized_url=f"coupang.com/vp/products/{i}",
                author_id=member.id,
                author_nickname=member.nickname,
                author_role="member",
                created_at=now,
            )
        )
    Deal.objects.bulk_create(deals, batch_size=2000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE deals_deal")

    for q in ("라면", "쌀", "신라면 40봉"):
        deals = deal_list(AnonymousCaller(), DealFilters(q=q))
        explained = deals[:20].explain()
        assert "deal_search_grams" in explained, explained
        assert "Seq Scan on deals_deal" not in explained, explained
        assert deals.count() == 200


def test_a_search_counts_its_matches_up_to_the_search_cap(anon, member, share, monkeypatch):
    # kingdom.pagination.SEARCH_MAX_COUNT: a common word must not make a search count every match
    monkeypatch.setattr("kingdom.pagination.SEARCH_MAX_COUNT", 2)
    for n in range(3):
        share(
            member, title=f"신라면 {n}", product_name=f"농심 신라면 {n}", url=f"https://www.11st.co.kr/p/{n}"
        )

    assert anon.get("/api/sharing/deals", {"q": "신라면", "page_size": 1}).json()["count"] == 2
    assert anon.get("/api/sharing/products", {"q": "신라면", "page_size": 1}).json()["count"] == 2
    assert anon.get("/api/sharing/deals", {"page_size": 1}).json()["count"] == 3
