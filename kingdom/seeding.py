"""The benchmark data set, seeded by every service into its own database: ``manage.py seed_bench``.

``make bench`` runs the command in each service with the same sizes and seed, so that the four
databases describe one community: members ``1..members`` of auth (ids counted from the first id auth
gives them, passed on as ``--first-member``), posts and deals written by them, comments on both.
Each service's command is a :class:`SeedCommand` that writes its own tables with ``bulk_create``
in batches (a million rows in minutes) and computes derived columns as its services do. Not for
production databases: it refuses to run on one that holds more than its own seeded rows unless
``--append`` is given.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils import timezone

#: words the seeded texts are made of, so that searches such as "라면" or "절약" find something
WORDS = [
    "라면",
    "햇반",
    "커피",
    "점심",
    "편의점",
    "배달",
    "택시",
    "텀블러",
    "도시락",
    "가계부",
    "절약",
    "무지출",
    "적금",
    "쿠폰",
    "할인",
    "특가",
    "노트북",
    "이어폰",
    "패딩",
    "운동화",
    "선크림",
    "생수",
    "세제",
    "화장지",
    "마트",
    "장보기",
    "카페",
    "구독",
    "해지",
    "중고",
    "당근",
]


@dataclass(frozen=True)
class Sizes:
    members: int
    first_member: int
    posts: int
    comments: int
    deals: int
    products: int
    days: int
    #: the post (id 1) and deal (id 1) given this many comments, for "a post with 500 comments"
    busy_thread: int

    def member_id(self, rng: random.Random) -> int:
        return self.first_member + rng.randrange(self.members)

    def moment(self, rng: random.Random, now: datetime) -> datetime:
        """A time in the last ``days``, more of them recent (as on a live board)."""
        age = rng.random() ** 2 * self.days * 86_400
        return now - timedelta(seconds=age)


def nickname(member_id: int) -> str:
    """The seeded member's nickname, derived from the id so every service writes the same one."""
    return f"절약러{member_id}"


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


class SeedCommand(BaseCommand):
    """Base of each service's ``seed_bench``: shared options, timing, and statistics afterwards."""

    help = "Seed the benchmark data set into this service's database (see kingdom.seeding)."
    #: models whose tables get VACUUM ANALYZE afterwards, as autovacuum would before real traffic
    models: tuple = ()

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=1_000)
        parser.add_argument("--first-member", type=int, default=1, help="auth's id of the first member")
        parser.add_argument("--posts", type=int, default=10_000)
        parser.add_argument("--comments", type=int, default=50_000)
        parser.add_argument("--deals", type=int, default=5_000)
        parser.add_argument("--products", type=int, default=1_000)
        parser.add_argument("--days", type=int, default=90)
        parser.add_argument("--busy-thread", type=int, default=500)
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=20261201)

    def handle(self, *args, **options):
        started = time.monotonic()
        sizes = Sizes(
            **{
                name: options[name]
                for name in ("members", "first_member", "posts", "comments", "deals", "products", "days")
            },
            busy_thread=options["busy_thread"],
        )
        rng = random.Random(options["seed"])  # noqa: S311 - fake data, reproducible by seed
        self.batch = options["batch"]
        summary = self.seed(rng, sizes, timezone.now())
        if self.models:
            tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in self.models)
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there
                vacuum = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
                cursor.execute(f"{vacuum} {tables}")
        self.stdout.write(f"{summary} in {time.monotonic() - started:.1f}s")

    def seed(self, rng: random.Random, sizes: Sizes, now: datetime) -> str:
        """Write the rows; return a one-line summary."""
        raise NotImplementedError

    def in_batches(self, model, rows):
        """``bulk_create`` an iterable of unsaved instances, ``--batch`` at a time; return the count."""
        count = 0
        chunk = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= self.batch:
                model.objects.bulk_create(chunk)
                count += len(chunk)
                self.stdout.write(f"  {model.__name__}: {count}")
                chunk = []
        if chunk:
            model.objects.bulk_create(chunk)
            count += len(chunk)
        return count
