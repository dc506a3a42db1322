"""The load scenarios of ``make bench`` (issue: the original 500-user test), as locust users.

    locust -f perf/scenarios.py --headless --host http://127.0.0.1:8000 Ceiling
    locust -f perf/scenarios.py --headless --host http://127.0.0.1:8000 Reader         # the original test
    locust -f perf/scenarios.py --headless --host http://127.0.0.1:8000 Visitor Member  # people

What a run may address comes from the environment, written by ``perf/bench.py``:

- ``BENCH_POSTS``, ``BENCH_DEALS``, ``BENCH_PRODUCTS``: the id ranges seeded (``1-10000``);
- ``BENCH_SESSIONS``: a JSON file of signed-in members' front cookies (logged in before the run,
  as members returning to the site are, so the run measures pages and not password hashing);
- ``BENCH_THINK``: ``0`` for the original test (no pause), otherwise ``min-max`` seconds.

Every request is named by its page type (``home``, ``post``…), so the report gives one line per
page and not one per id.

Which post, deal or product a reader opens: as on a real board, most people open what the first
pages of the lists show — 80 % of detail views go to a fixed set of 200 ids (drawn once with a
seed), the rest to any id at random. Each process counts the answers the front served from its
page cache (``X-Page-Cache``) into ``BENCH_OUT/pagecache-<pid>.json`` for the report.

The users are locust's ``FastHttpUser`` (geventhttpclient), not ``HttpUser`` (requests): the
generator shares the machine's two cores with the stack it loads, and requests' client cost it
about four times the CPU per request (0.21 of the 1.86 cores busy during ``people``), taken from
the services under test. Cookies, redirects and form posts behave as a browser's do with either.
"""

from __future__ import annotations

import json
import os
import random
import re
import threading
import uuid
from collections import Counter

from locust import FastHttpUser, TaskSet, between, constant, events, task
from requests.cookies import create_cookie

SEARCHES = ["라면", "햇반", "노트북", "이어폰", "절약", "점심", "커피", "패딩"]
BOARD_CATEGORIES = ["free", "saving-tips", "no-spend", "confession", "may-i-buy"]
DEAL_SORTS = ["hot", "new", "price"]
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _id_range(name: str, default: str = "1-10") -> tuple[int, int]:
    low, _, high = os.environ.get(name, default).partition("-")
    return int(low), int(high or low)


HOT_SHARE = 0.8
HOT_IDS = 200


class Ids:
    """Ids to open: ``HOT_SHARE`` of picks among ``HOT_IDS`` popular ones, the rest from all."""

    def __init__(self, low: int, high: int, seed: int):
        self.low, self.high = low, high
        population = range(low, high + 1)
        self.popular = random.Random(seed).sample(population, min(HOT_IDS, len(population)))

    def pick(self) -> int:
        if random.random() < HOT_SHARE:
            return random.choice(self.popular)
        return random.randint(self.low, self.high)


POSTS = Ids(*_id_range("BENCH_POSTS"), seed=1)
DEALS = Ids(*_id_range("BENCH_DEALS"), seed=2)
PRODUCTS = Ids(*_id_range("BENCH_PRODUCTS"), seed=3)

_page_cache = Counter()


@events.request.add_listener
def _count_page_cache(request_type, name, response=None, exception=None, **kwargs):
    if response is not None and request_type == "GET":
        _page_cache[response.headers.get("X-Page-Cache", "rendered")] += 1


@events.quitting.add_listener
def _write_page_cache(environment, **kwargs):
    out = os.environ.get("BENCH_OUT")
    if out and _page_cache:
        with open(os.path.join(out, f"pagecache-{os.getpid()}.json"), "w", encoding="utf-8") as handle:
            json.dump(dict(_page_cache), handle)


def _think():
    spec = os.environ.get("BENCH_THINK", "1-3")
    if spec in ("", "0"):
        return constant(0)
    low, _, high = spec.partition("-")
    return between(float(low), float(high or low))


def _load_sessions() -> list[dict]:
    path = os.environ.get("BENCH_SESSIONS", "")
    if not path or not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


_sessions = _load_sessions()
_sessions_lock = threading.Lock()
_next_session = [0]


def _take_session() -> dict | None:
    with _sessions_lock:
        if not _sessions:
            return None
        # Spread locust processes over the pool: each starts at its own offset.
        index = (_next_session[0] + os.getpid()) % len(_sessions)
        _next_session[0] += 1
        return _sessions[index]


class Ceiling(FastHttpUser):
    """The same load against the front's trivial endpoint: what the stack can do at most."""

    wait_time = _think()

    @task
    def healthz(self):
        self.client.get("/healthz", name="healthz")


class ReadMix(TaskSet):
    """The anonymous read mix of the original test (weights 4/3/3/3/2/1/1)."""

    @task(4)
    def home(self):
        self.client.get("/", name="home")

    @task(3)
    def board_list(self):
        if random.random() < 0.3:
            self.client.get(f"/board/?category={random.choice(BOARD_CATEGORIES)}", name="board list")
        else:
            self.client.get("/board/", name="board list")

    @task(3)
    def post(self):
        self.client.get(f"/board/{POSTS.pick()}", name="post")

    @task(3)
    def deal_list(self):
        if random.random() < 0.3:
            self.client.get(f"/deals/?sort={random.choice(DEAL_SORTS)}", name="deal list")
        else:
            self.client.get("/deals/", name="deal list")

    @task(2)
    def deal(self):
        self.client.get(f"/deals/{DEALS.pick()}", name="deal")

    @task(1)
    def product(self):
        self.client.get(f"/deals/products/{PRODUCTS.pick()}", name="product")

    @task(1)
    def search(self):
        self.client.get(f"/search?q={random.choice(SEARCHES)}", name="search")


class Reader(FastHttpUser):
    """An anonymous visitor reading (the original test: no think time)."""

    wait_time = _think()
    tasks = [ReadMix]


class Visitor(FastHttpUser):
    """Scenario 3's anonymous majority (80 %)."""

    weight = 4
    wait_time = _think()
    tasks = [ReadMix]


class Member(FastHttpUser):
    """Scenario 3's signed-in members (20 %): they read like everyone and write now and then.

    Per 100 actions: 70 reads, then posts 3, comments 8, likes 7, verdicts 5, deal shares 1,
    votes 6 — a community where most people read and some talk back. Each write opens its page
    first; likes, verdicts and votes are sent as the browser's script sends them (``inline``).
    """

    weight = 1
    wait_time = _think()

    def on_start(self):
        session = _take_session()
        if session:
            for name, value in session["cookies"].items():
                self.client.cookiejar.set_cookie(create_cookie(name, value))
        self.signed_in = bool(session)

    # --- reads: the same pages, personalised (never served from the anonymous cache)
    @task(14)
    def home(self):
        self.client.get("/", name="home (member)")

    @task(12)
    def board_list(self):
        self.client.get("/board/", name="board list (member)")

    @task(14)
    def post(self):
        self.client.get(f"/board/{POSTS.pick()}", name="post (member)")

    @task(12)
    def deal_list(self):
        self.client.get("/deals/", name="deal list (member)")

    @task(10)
    def deal(self):
        self.client.get(f"/deals/{DEALS.pick()}", name="deal (member)")

    @task(4)
    def my_page(self):
        self.client.get("/me", name="my page")

    @task(4)
    def search(self):
        self.client.get(f"/search?q={random.choice(SEARCHES)}", name="search (member)")

    # --- writes, each through the form a person submits
    def _csrf(self, page: str, name: str) -> str | None:
        response = self.client.get(page, name=name)
        match = CSRF_INPUT.search(response.text)
        return match.group(1) if match else None

    def _submit(self, page: str, action: str, data: dict, name: str, page_name: str, *, inline=False):
        """Open ``page``, then send its form to ``action``.

        ``inline``: as ``site.js`` sends the forms marked ``data-enhance="inline"`` (like, 승인/사치,
        vote) from a browser that runs it — every phone browser — with ``X-Requested-With: fetch``
        and no redirect followed; the front answers the fragment that replaces the buttons, not a
        redirect to the whole page again.
        """
        token = self._csrf(page, page_name)
        if token is None:
            return
        data = {"csrfmiddlewaretoken": token, **data}
        headers = {"Referer": self.host + page}
        if inline:
            headers["X-Requested-With"] = "fetch"
        with self.client.post(
            action, data=data, name=name, headers=headers, allow_redirects=not inline, catch_response=True
        ) as response:
            if inline and response.status_code != 200:
                # site.js falls back to the plain form on a redirect (signed out) or an error
                response.failure(f"the inline form answered {response.status_code}")
            # A form answers with a redirect after success; a 200 means it came back with errors.
            elif response.status_code == 200 and "errorlist" in response.text:
                response.failure("the form came back with errors")

    @task(3)
    def write_post(self):
        suffix = uuid.uuid4().hex[:6]
        self._submit(
            "/board/write",
            "/board/write",
            {
                "category": "confession",
                "kind": "spending",
                "title": f"편의점 커피 샀어요 {suffix}",
                "body": "참았어야 했는데 결국 샀습니다. 내일은 텀블러에 타 갈게요.",
                "amount": str(random.randrange(1_000, 30_000, 100)),
            },
            "write post",
            "write form",
        )

    @task(8)
    def comment(self):
        post_id = POSTS.pick()
        page = f"/board/{post_id}"
        self._submit(
            page,
            "/comments/new",
            {
                "target_type": "post",
                "target_id": str(post_id),
                "body": "저도 그랬어요. 같이 아껴요!",
                "next": page,
            },
            "comment",
            "post (member)",
        )

    @task(7)
    def like(self):
        post_id = POSTS.pick()
        page = f"/board/{post_id}"
        self._submit(page, f"{page}/like", {}, "like", "post (member)", inline=True)

    @task(5)
    def verdict(self):
        post_id = POSTS.pick()
        page = f"/board/{post_id}"
        self._submit(
            page,
            f"{page}/verdict",
            {"verdict": random.choice(["approve", "luxury"])},
            "verdict",
            "post (member)",
            inline=True,
        )

    @task(1)
    def share_deal(self):
        suffix = uuid.uuid4().hex[:10]
        self._submit(
            "/deals/new",
            "/deals/new",
            {
                "title": f"오뚜기 진라면 매운맛 40개 {suffix[:4]}",
                "product_name": "오뚜기 진라면 매운맛 120g 40개",
                "url": f"https://www.coupang.com/vp/products/{int(suffix, 16) % 10**10}",
                "price": str(random.randrange(20_000, 30_000, 10)),
                "shipping_fee": "0",
                "category": "food",
            },
            "share deal",
            "share form",
        )

    @task(6)
    def vote(self):
        deal_id = DEALS.pick()
        page = f"/deals/{deal_id}"
        self._submit(
            page, f"{page}/vote", {"value": random.choice(["1", "-1"])}, "vote", "deal (member)", inline=True
        )
