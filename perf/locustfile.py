"""Load run for sharing_service's read paths: the deal board (filters, sorts) and the product list.

    locust -f perf/locustfile.py --headless -u 20 -r 10 -t 60s --host http://127.0.0.1:<port>

Anonymous readers, as most traffic is; see perf/README.md ("Deal list at 100k deals").
"""

from __future__ import annotations

import random

from locust import HttpUser, between, events, task

CATEGORIES = ["digital", "food", "living", "fashion", "beauty", "travel", "voucher", "etc"]
STORES = ["쿠팡", "11번가", "G마켓", "SSG", "무신사", "마켓컬리"]
SEARCHES = ["라면", "노트북", "이어폰", "삼성", "패딩", "선크림", "00123"]
SORTS = ["new", "hot", "price", "discount"]

# Every request of an endpoint, whatever its filters, for one p95 per endpoint at the end.
_timings: dict[str, list[float]] = {"deal list": [], "product list": []}


@events.request.add_listener
def _record(name, response_time, exception, **kwargs):
    if exception is None:
        _timings["deal list" if name.startswith("/deals") else "product list"].append(response_time)


@events.quitting.add_listener
def _summarize(environment, **kwargs):
    for endpoint, times in _timings.items():
        if times:
            times.sort()
            p50, p95 = times[len(times) // 2], times[min(len(times) - 1, int(len(times) * 0.95))]
            print(f"{endpoint}: {len(times)} requests, p50 {p50:.0f} ms, p95 {p95:.0f} ms")


class DealBoardReader(HttpUser):
    wait_time = between(0.1, 0.5)

    @task(6)
    def deal_list_sorted(self):
        sort = random.choice(SORTS)
        self.client.get(f"/api/sharing/deals?sort={sort}", name=f"/deals?sort={sort}")

    @task(3)
    def deal_list_by_category(self):
        self.client.get(
            f"/api/sharing/deals?category={random.choice(CATEGORIES)}&sort={random.choice(SORTS)}",
            name="/deals?category=&sort=",
        )

    @task(2)
    def deal_list_by_store_free_shipping(self):
        self.client.get(
            f"/api/sharing/deals?store={random.choice(STORES)}&free_shipping=true",
            name="/deals?store=&free_shipping=true",
        )

    @task(2)
    def deal_list_price_range(self):
        low = random.randrange(0, 500_000, 10_000)
        self.client.get(
            f"/api/sharing/deals?min_price={low}&max_price={low + 100_000}&sort=price",
            name="/deals?min_price=&max_price=&sort=price",
        )

    @task(3)
    def deal_search(self):
        self.client.get(f"/api/sharing/deals?q={random.choice(SEARCHES)}", name="/deals?q=")

    @task(1)
    def deal_list_all_statuses_page_50(self):
        self.client.get(
            f"/api/sharing/deals?status=all&page_size=50&page={random.randint(1, 20)}",
            name="/deals?status=all&page_size=50&page=",
        )

    @task(3)
    def product_list(self):
        self.client.get("/api/sharing/products", name="/products")

    @task(2)
    def product_search(self):
        self.client.get(
            f"/api/sharing/products?q={random.choice(SEARCHES)}&category={random.choice(CATEGORIES)}",
            name="/products?q=&category=",
        )
