"""Rate limits: guests tighter than members, counted in the shared database cache."""

import pytest
from django.db import connection
from django.test import override_settings

from board_service.posts.models import Post
from board_service.tests.factories import make_post

pytestmark = pytest.mark.django_db

POST = {"category": "free", "title": "안녕", "body": "반갑습니다"}


def test_guests_get_five_posts_an_hour_members_more(guest, member):
    for _ in range(5):
        assert guest.client.post("/api/board/posts", POST, format="json").status_code == 201
    refused = guest.client.post("/api/board/posts", POST, format="json")

    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert Post.objects.filter(author_id=guest.id).count() == 5
    for _ in range(6):
        assert member.client.post("/api/board/posts", POST, format="json").status_code == 201


def test_post_counters_live_in_the_shared_database_cache(guest):
    guest.client.post("/api/board/posts", POST, format="json")

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM kingdom_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any(f"throttle:board_post_write:guest:user:{guest.id}" in key for key in keys)


@override_settings(THROTTLE_RATES={"board_reaction": {"member": "2/minute"}})
def test_likes_and_verdicts_share_a_per_minute_limit(member, other_member):
    post = make_post(member, kind="spending")

    assert other_member.client.post(f"/api/board/posts/{post.pk}/like").status_code == 200
    assert other_member.client.delete(f"/api/board/posts/{post.pk}/like").status_code == 200
    refused = other_member.client.post(
        f"/api/board/posts/{post.pk}/verdict", {"verdict": "approve"}, format="json"
    )
    assert refused.status_code == 429


@override_settings(THROTTLE_RATES={"board_report": {"member": "1/minute"}})
def test_reports_are_limited(member, other_member):
    first, second = make_post(member), make_post(member)

    assert (
        other_member.client.post(
            f"/api/board/posts/{first.pk}/report", {"reason": "스팸"}, format="json"
        ).status_code
        == 201
    )
    assert (
        other_member.client.post(
            f"/api/board/posts/{second.pk}/report", {"reason": "스팸"}, format="json"
        ).status_code
        == 429
    )


def test_reading_is_not_limited(anon, member):
    post = make_post(member)

    for _ in range(10):
        assert anon.get(f"/api/board/posts/{post.pk}").status_code == 200
