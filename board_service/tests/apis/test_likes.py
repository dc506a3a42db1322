"""Likes: members only, once each, toggled idempotently, never on one's own post."""

import pytest
from django.utils import timezone

from board_service.posts.models import Post, PostLike
from board_service.tests.factories import make_post

pytestmark = pytest.mark.django_db


def like_count(post) -> int:
    return Post.objects.get(pk=post.pk).like_count


def test_like_twice_counts_once_and_unlike_twice_is_harmless(member, other_member):
    post = make_post(member)
    url = f"/api/board/posts/{post.pk}/like"

    assert other_member.client.post(url).json() == {"liked": True, "like_count": 1}
    assert other_member.client.post(url).json() == {"liked": True, "like_count": 1}
    assert PostLike.objects.count() == 1
    assert other_member.client.delete(url).json() == {"liked": False, "like_count": 0}
    assert other_member.client.delete(url).json() == {"liked": False, "like_count": 0}
    assert like_count(post) == 0


def test_like_count_matches_the_likes(member, caller_factory):
    post = make_post(member)
    fans = [caller_factory("member") for _ in range(3)]

    for fan in fans:
        fan.client.post(f"/api/board/posts/{post.pk}/like")
    fans[0].client.delete(f"/api/board/posts/{post.pk}/like")

    assert like_count(post) == PostLike.objects.filter(post=post).count() == 2


def test_no_liking_ones_own_post(member):
    post = make_post(member)

    assert member.client.post(f"/api/board/posts/{post.pk}/like").status_code == 403
    assert like_count(post) == 0


def test_guests_anonymous_callers_and_services_cannot_like(member, guest, anon, service):
    post = make_post(member)
    url = f"/api/board/posts/{post.pk}/like"

    assert guest.client.post(url).status_code == 403
    assert anon.post(url).status_code == 401
    assert service.client.post(url).status_code == 403
    assert like_count(post) == 0


def test_liking_a_missing_hidden_or_deleted_post_is_404(member, other_member):
    hidden = make_post(member, hidden_at=timezone.now())
    deleted = make_post(member, deleted_at=timezone.now())

    for post_id in (999_999, hidden.pk, deleted.pk):
        assert other_member.client.post(f"/api/board/posts/{post_id}/like").status_code == 404
