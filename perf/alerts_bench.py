"""How long does matching one new deal against 10,000 saved keyword alerts take?

    .venv/bin/python perf/alerts_bench.py --alerts 10000 --deals 200

Creates the database ``perf_notifications`` on ``PERF_POSTGRES_URL`` (default
postgresql://postgres@127.0.0.1:5432), migrates notification_service into it, saves ``--alerts``
alerts of 1,000 members (one to three words from a Korean shopping vocabulary, some with a
category, store, price cap, free shipping or score), then times
``selectors.alerts_matching`` — the worker's whole matching query plus the exact word test — for
``--deals`` deals built from the same vocabulary, and ``EXPLAIN ANALYZE`` of one. Drops the
database afterwards (``--keep`` keeps it). Not run in CI; figures in notification_service/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

#: words people put in alerts and in deal titles
WORDS = [
    "신라면",
    "진라면",
    "짜파게티",
    "햇반",
    "오뚜기",
    "비비고",
    "만두",
    "김치",
    "생수",
    "삼다수",
    "제주",
    "우유",
    "두유",
    "커피",
    "맥심",
    "카누",
    "스타벅스",
    "원두",
    "라면",
    "컵라면",
    "참치",
    "스팸",
    "햄",
    "계란",
    "닭가슴살",
    "쌀",
    "20kg",
    "10kg",
    "현미",
    "견과",
    "아몬드",
    "과자",
    "초코",
    "빼빼로",
    "휴지",
    "물티슈",
    "세제",
    "섬유유연제",
    "샴푸",
    "치약",
    "칫솔",
    "기저귀",
    "분유",
    "생리대",
    "마스크",
    "에어팟",
    "갤럭시",
    "아이폰",
    "충전기",
    "케이블",
    "usb",
    "모니터",
    "키보드",
    "마우스",
    "ssd",
    "노트북",
    "태블릿",
    "이어폰",
    "청소기",
    "공기청정기",
    "선풍기",
    "전기장판",
    "패딩",
    "운동화",
    "나이키",
    "아디다스",
    "양말",
    "티셔츠",
    "쿠폰",
    "무배",
    "특가",
    "최저가",
    "역대가",
    "40봉",
    "24개",
    "30롤",
    "2l",
    "500ml",
    "1+1",
    "대용량",
    "묶음",
    "세트",
    "정품",
    "국내산",
    "냉동",
    "할인",
]
STORES = ["쿠팡", "G마켓", "11번가", "옥션", "네이버", "SSG", "컬리", "위메프"]
CATEGORIES = ["food", "living", "digital", "fashion", "etc"]


def setup_django(server: str) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "notification_service.config.settings",
            "DATABASE_URL": f"{server.rstrip('/')}/perf_notifications",
            "SECRET_KEY": "perf-only-not-secret",
            "LOG_LEVEL": "WARNING",
        }
    )
    import django

    django.setup()


def seed(count: int, rng: random.Random) -> None:
    from notification_service.notifications.alerts import alert_fill
    from notification_service.notifications.models import Alert

    alerts = []
    for i in range(count):
        data = {"keywords": " ".join(rng.sample(WORDS, rng.choice((1, 1, 2, 2, 3))))}
        if rng.random() < 0.3:
            data["category"] = rng.choice(CATEGORIES)
        if rng.random() < 0.2:
            data["store"] = rng.choice(STORES)
        if rng.random() < 0.4:
            data["max_price"] = rng.choice((10_000, 20_000, 30_000, 50_000, 100_000))
        if rng.random() < 0.1:
            data["free_shipping_only"] = True
        if rng.random() < 0.2:
            data["min_score"] = rng.choice((5, 10, 20))
        alert = Alert(owner_id=1 + i % 1000)
        alert_fill(alert, data)
        alerts.append(alert)
    Alert.objects.bulk_create(alerts, batch_size=2000)


def deals(count: int, rng: random.Random):
    from kingdom.search import fold_text
    from notification_service.notifications.selectors import Deal

    for i in range(count):
        title = " ".join(rng.sample(WORDS, 5))
        store = rng.choice(STORES)
        price = rng.randrange(3_000, 120_000, 100)
        yield Deal(
            id=10_000_000 + i,
            author_id=999_999,
            title=title,
            product_id=None,
            category=rng.choice(CATEGORIES),
            store=store,
            effective_price=price,
            free_shipping=rng.random() < 0.6,
            score=rng.randrange(0, 30),
            hot=False,
            status="active",
            folded_text=fold_text(f"{title} {title.split()[0]} {store}"),
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--alerts", type=int, default=10_000)
    parser.add_argument("--deals", type=int, default=200)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    server = os.environ.get("PERF_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
    from kingdom.devstack import drop_database, ensure_database

    ensure_database(server, "perf_notifications", recreate=True)
    try:
        setup_django(server)
        from django.core.management import call_command
        from django.db import connection

        from notification_service.notifications.selectors import alerts_matching

        call_command("migrate", verbosity=0)
        rng = random.Random(12)
        started = time.perf_counter()
        seed(args.alerts, rng)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE notifications_alert")
        print(f"seeded {args.alerts:,} alerts in {time.perf_counter() - started:.1f}s")
        sample = list(deals(args.deals, rng))
        alerts_matching(sample[0])  # warm the connection and the plan
        timings, matched = [], []
        for deal in sample:
            started = time.perf_counter()
            matched.append(len(alerts_matching(deal)))
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        p95 = timings[int(len(timings) * 0.95) - 1]
        print(
            f"{args.deals} deals against {args.alerts:,} alerts: median {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms; matched alerts per deal: "
            f"median {statistics.median(matched):.0f}, max {max(matched)}"
        )
        from notification_service.notifications.models import Alert
        from notification_service.notifications.selectors import substrings

        keys = substrings(sample[1].folded_text)
        plan = Alert.objects.filter(key_term__in=keys).explain(analyze=True)
        plan = re.sub(r"'\{[^}]*\}'", "'{…}'", plan)
        print(f"EXPLAIN ANALYZE of the key-term lookup alone ({len(keys):,} substrings):\n" + plan)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            drop_database(server, "perf_notifications")


if __name__ == "__main__":
    sys.exit(main())
