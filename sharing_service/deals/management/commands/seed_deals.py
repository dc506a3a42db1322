"""Fill the database with realistic fake deals for load tests: ``manage.py seed_deals --count 100000``.

Rows are written with ``bulk_create`` in batches and the derived columns (effective price,
discount, hot rank, search text, each product's lowest price) computed exactly as the services
compute them, so lists behave as they would with real data. Not for production databases.
"""

from __future__ import annotations

import random
import time
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from kingdom.seeding import nickname
from sharing_service.deals import ranking
from sharing_service.deals.links import STORES_BY_DOMAIN, normalize_product_name, normalize_url
from sharing_service.deals.models import Category, Deal, DealStatus, PriceRecord, Product

BRANDS = ["삼성", "LG", "애플", "농심", "오뚜기", "CJ", "다이슨", "나이키", "아디다스", "쿠쿠", "필립스"]
BRANDS += ["로지텍", "이니스프리", "설화수", "동원", "풀무원", "샤오미", "소니", "레노버", "hp"]
ITEMS = [
    ("digital", "노트북"),
    ("digital", "무선 이어폰"),
    ("digital", "모니터 27인치"),
    ("digital", "기계식 키보드"),
    ("food", "라면 40봉"),
    ("food", "즉석밥 24개"),
    ("food", "생수 2L 12병"),
    ("food", "커피 원두 1kg"),
    ("living", "물티슈 10팩"),
    ("living", "세탁세제 3L"),
    ("living", "화장지 30롤"),
    ("fashion", "운동화"),
    ("fashion", "경량 패딩"),
    ("beauty", "선크림"),
    ("beauty", "수분크림"),
    ("travel", "호텔 숙박권"),
    ("voucher", "편의점 상품권 1만원"),
    ("etc", "캠핑 의자"),
]
DOMAINS = [*list(STORES_BY_DOMAIN.items())[:14], ("example-shop.kr", "example-shop.kr")]


class Command(BaseCommand):
    help = "Create COUNT fake deals (with products and price records) for load testing."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1000)
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--products", type=int, default=0, help="default: count / 5")
        parser.add_argument("--seed", type=int, default=20261124)

    def handle(self, *args, count: int, batch: int, products: int, seed: int, **options):
        started = time.monotonic()
        rng = random.Random(seed)  # noqa: S311 - fake data, reproducible by seed
        self.create(rng, count=count, batch=batch, products=products or max(1, count // 5))
        with connection.cursor() as cursor:
            # as autovacuum would: statistics for the planner, visibility map for index-only counts
            # (VACUUM cannot run inside a transaction, e.g. a test's)
            vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            cursor.execute(f"{vacuum} deals_deal, deals_product, deals_pricerecord")
        self.stdout.write(self.style.SUCCESS(f"{count} deals in {time.monotonic() - started:.1f}s"))

    def create(
        self,
        rng: random.Random,
        *,
        count: int,
        batch: int,
        products: int,
        author_id=None,
        created_at=None,
        hidden_rate: float = 0.005,
    ):
        """Write ``count`` deals over ``products`` products; ``author_id(rng)`` and
        ``created_at(rng, now)`` choose who shared each and when (default: anyone, in 90 days);
        ``hidden_rate`` of them are hidden by staff."""
        self._hidden_rate = hidden_rate
        self._author_id = author_id or (lambda rng: rng.randrange(1, 5_000))
        self._created_at = created_at or (
            lambda rng, now: now - timedelta(seconds=rng.randrange(0, 90 * 86_400))
        )
        categories = {category.slug: category for category in Category.objects.all()}
        product_rows = self._products(rng, products, categories)
        now = timezone.now()
        created = 0
        while created < count:
            size = min(batch, count - created)
            with transaction.atomic():
                deals = Deal.objects.bulk_create(
                    [self._deal(rng, product_rows, now, created + i) for i in range(size)]
                )
                PriceRecord.objects.bulk_create(
                    [
                        PriceRecord(
                            product_id=deal.product_id,
                            deal=deal,
                            effective_price=deal.effective_price,
                            recorded_at=deal.created_at,
                        )
                        for deal in deals
                    ]
                )
            created += size
            self.stdout.write(f"{created}/{count} deals")
        self._refresh_products()

    def _products(self, rng: random.Random, count: int, categories: dict) -> list[Product]:
        existing = set(Product.objects.values_list("normalized_name", flat=True))
        rows = []
        for number in range(count):
            slug, item = rng.choice(ITEMS)
            name = f"{rng.choice(BRANDS)} {item} {number:05d}"
            normalized = normalize_product_name(name)
            if normalized in existing:
                continue
            rows.append(Product(name=name, normalized_name=normalized, category=categories[slug]))
        Product.objects.bulk_create(rows, batch_size=5000)
        return list(Product.objects.select_related("category").only("id", "name", "category__id"))

    def _deal(self, rng: random.Random, products: list[Product], now, number: int) -> Deal:
        # Every product gets a deal first (none is left empty), then they are drawn at random.
        product = products[number] if number < len(products) else rng.choice(products)
        domain, store = rng.choice(DOMAINS)
        original = rng.choice([None, rng.randrange(10_000, 2_000_000, 100)])
        price = rng.randrange(0, original or 1_500_000, 10) if rng.random() > 0.01 else 0
        shipping = rng.choice([0, 0, 0, 2_500, 3_000, 3_500])
        created_at = self._created_at(rng, now)
        roll = rng.random()
        status = DealStatus.ACTIVE
        if roll > 0.8:
            status = DealStatus.EXPIRED if roll < 0.95 else DealStatus.SOLD_OUT
        expires_at = None
        if rng.random() < 0.3:
            expires_at = created_at + timedelta(days=rng.randrange(1, 30))
        hot, cold = rng.randrange(0, 40), rng.randrange(0, 8)
        comments = rng.randrange(0, 30)
        url = f"https://www.{domain}/products/{number}?itemId={rng.randrange(10**6)}"
        title = f"{product.name} {price:,}원 특가"
        return Deal(
            product_id=product.id,
            category_id=product.category.id,
            title=title,
            price=price,
            original_price=original,
            shipping_fee=shipping,
            effective_price=ranking.effective_price(price, shipping),
            discount_percent=ranking.discount_percent(price, original),
            store=store,
            url=url,
            normalized_url=normalize_url(url),
            expires_at=expires_at,
            search_text=f"{title} {product.name} {store}",
            status=status,
            ended_at=created_at + timedelta(days=1) if status != DealStatus.ACTIVE else None,
            is_hidden=rng.random() < self._hidden_rate,
            score=hot - cold,
            hot_count=hot,
            cold_count=cold,
            hot_rank=ranking.hot_rank(hot - cold, comments, created_at),
            comment_count=comments,
            author_id=(author_id := self._author_id(rng)),
            author_nickname=nickname(author_id),
            author_role="member",
            created_at=created_at,
            updated_at=created_at,
        )

    def _refresh_products(self) -> None:
        """The same numbers services.product_refresh keeps, for every product in one statement."""
        with connection.cursor() as cursor:
            cursor.execute(
                """
                UPDATE deals_product AS p
                   SET lowest_ever_price = s.lowest, last_deal_at = s.last,
                       history_deal_count = s.deals, history_since = s.since
                  FROM (SELECT r.product_id,
                               MIN(r.effective_price) FILTER (WHERE NOT d.is_hidden) AS lowest,
                               COUNT(DISTINCT r.deal_id) FILTER (WHERE NOT d.is_hidden) AS deals,
                               MIN(r.recorded_at) FILTER (WHERE NOT d.is_hidden) AS since,
                               MAX(d.created_at) AS last
                          FROM deals_pricerecord r JOIN deals_deal d ON d.id = r.deal_id
                         GROUP BY r.product_id) AS s
                 WHERE s.product_id = p.id
                """
            )
            cursor.execute(
                "DELETE FROM deals_product p"
                " WHERE NOT EXISTS (SELECT 1 FROM deals_deal d WHERE d.product_id = p.id)"
            )
