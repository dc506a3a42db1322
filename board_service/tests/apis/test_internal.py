"""Internal endpoints for comment_service: service tokens only; user tokens never."""

import math

import pytest
from django.utils import timezone

from board_service.posts.models import Post
from board_service.tests.factories import make_post

pytestmark = pytest.mark.django_db


def test_service_reads_a_posts_existence_and_owner(service, member):
    post = make_post(member, anonymous=True)

    response = service.client.get(f"/api/board/internal/posts/{post.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "id": post.pk,
        "title": post.title,  # for the comment's notification
        "author_id": member.id,
        "anonymous": True,
        "is_deleted": False,
    }


def test_missing_hidden_or_deleted_posts_are_404_to_services(service, member):
    hidden = make_post(member, hidden_at=timezone.now())
    deleted = make_post(member, deleted_at=timezone.now())

    for post_id in (999_999, hidden.pk, deleted.pk):
        assert service.client.get(f"/api/board/internal/posts/{post_id}").status_code == 404


@pytest.mark.parametrize("role", ["member", "staff", "guest"])
def test_user_tokens_are_refused_on_internal_endpoints(caller_factory, member, role):
    post = make_post(member)
    caller = caller_factory(role)

    assert caller.client.get(f"/api/board/internal/posts/{post.pk}").status_code == 403
    put = caller.client.put(
        f"/api/board/internal/posts/{post.pk}/comment-count",
        {"count": 9, "as_of": timezone.now().isoformat()},
        format="json",
    )
    assert put.status_code == 403
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_no_token_is_401_on_internal_endpoints(anon, member):
    post = make_post(member)

    assert anon.get(f"/api/board/internal/posts/{post.pk}").status_code == 401


def test_comment_count_updates_and_ignores_older_news(service, member):
    post = make_post(member)
    url = f"/api/board/internal/posts/{post.pk}/comment-count"
    newer, older = "2026-11-24T12:00:05+00:00", "2026-11-24T12:00:01+00:00"

    assert service.client.put(url, {"count": 3, "as_of": newer}, format="json").status_code == 204
    assert service.client.put(url, {"count": 1, "as_of": older}, format="json").status_code == 204

    post.refresh_from_db()
    assert post.comment_count == 3
    assert (
        service.client.put(url, {"count": 4, "as_of": "2026-11-24T12:00:09+00:00"}, format="json").status_code
        == 204
    )
    assert Post.objects.get(pk=post.pk).comment_count == 4


def test_comment_count_raises_the_hot_score(service, member):
    post = make_post(member)

    service.client.put(
        f"/api/board/internal/posts/{post.pk}/comment-count",
        {"count": 4, "as_of": timezone.now().isoformat()},
        format="json",
    )

    assert Post.objects.get(pk=post.pk).hot_score == pytest.approx(post.hot_score + math.log10(1 + 2 * 4))


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"count": -1, "as_of": "2026-11-24T12:00:00+00:00"}, "count"),
        ({"count": "3", "as_of": "2026-11-24T12:00:00+00:00"}, "count"),
        ({"count": 10**12, "as_of": "2026-11-24T12:00:00+00:00"}, "count"),
        ({"count": 3, "as_of": "yesterday"}, "as_of"),
        ({"as_of": "2026-11-24T12:00:00+00:00"}, "count"),
    ],
)
def test_bad_comment_count_updates_are_field_errors(service, member, payload, field):
    post = make_post(member)

    response = service.client.put(
        f"/api/board/internal/posts/{post.pk}/comment-count", payload, format="json"
    )

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Post.objects.get(pk=post.pk).comment_count == 0


def test_comment_count_for_an_unknown_post_is_404(service):
    response = service.client.put(
        "/api/board/internal/posts/999999/comment-count",
        {"count": 1, "as_of": "2026-11-24T12:00:00+00:00"},
        format="json",
    )

    assert response.status_code == 404
