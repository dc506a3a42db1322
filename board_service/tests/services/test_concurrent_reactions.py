"""Counters stay equal to the rows behind them when members react at the same moment."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from board_service.posts import services
from board_service.posts.models import Post, PostLike, PostVerdict
from board_service.tests.factories import as_user, make_post
from kingdom.testing.plugin import make_caller

# serialized_rollback: the flush after this test must not take the seeded categories with it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def at_once(work, callers):
    def run(caller):
        try:
            work(caller)  # each service locks the post in its own transaction
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(callers)) as pool:
        list(pool.map(run, callers))


def test_simultaneous_likes_and_verdicts_keep_their_tallies(member):
    post = make_post(member, kind="request", category="may-i-buy")
    fans = [make_caller("member") for _ in range(8)]

    def like_and_approve(caller):
        services.post_like(user=as_user(caller), post_id=post.pk)
        services.post_judge(user=as_user(caller), post_id=post.pk, verdict="approve")

    at_once(like_and_approve, fans)

    post = Post.objects.get(pk=post.pk)
    assert post.like_count == PostLike.objects.filter(post=post).count() == 8
    assert post.approve_count == PostVerdict.objects.filter(post=post, verdict="approve").count() == 8
    assert post.approved_at is not None
