"""The benchmark's posts: written by the seeded members, the first one the busy thread."""

from io import StringIO

import pytest
from django.core.management import call_command

from board_service.posts.models import JUDGED_KINDS, Post
from kingdom.seeding import nickname

pytestmark = pytest.mark.django_db


def test_posts_are_seeded_by_the_members_with_amounts_where_judged():
    call_command(
        "seed_bench",
        "--posts=200",
        "--members=5",
        "--first-member=10",
        "--busy-thread=500",
        stdout=StringIO(),
    )

    posts = Post.objects.order_by("id")
    assert posts.count() == 200
    assert {p.author_id for p in posts} <= set(range(10, 15))
    assert all(p.author_nickname == nickname(p.author_id) for p in posts)
    assert all((p.amount is not None) == (p.kind in JUDGED_KINDS) for p in posts)
    assert posts.first().comment_count == 500
    assert Post.objects.filter(approved_at__isnull=False).exists()
