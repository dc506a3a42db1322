"""스크랩: members save posts (their own too), find them with saved=me, in constant queries."""

import pytest

from board_service.posts import services
from board_service.posts.models import PostBookmark
from board_service.tests.apis.test_post_list import LIST_QUERIES
from board_service.tests.factories import make_post
from kingdom.testing.queries import list_queries

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    return [post["id"] for post in response.json()["results"]]


def test_a_member_saves_and_forgets_a_post(member, other_member, anon):
    post = make_post(other_member)
    url = f"/api/board/posts/{post.pk}/bookmark"

    assert member.client.put(url).json() == {"saved": True}
    assert member.client.put(url).json() == {"saved": True}  # idempotent
    assert PostBookmark.objects.count() == 1
    mine = member.client.get(f"/api/board/posts/{post.pk}").json()
    assert mine["saved_by_me"] is True
    assert mine["saved_at"]
    assert other_member.client.get(f"/api/board/posts/{post.pk}").json()["saved_by_me"] is False
    assert anon.get(f"/api/board/posts/{post.pk}").json()["saved_by_me"] is False

    assert member.client.delete(url).json() == {"saved": False}
    assert member.client.delete(url).json() == {"saved": False}
    assert not PostBookmark.objects.exists()


def test_saved_me_lists_what_i_saved_latest_first(member, other_member):
    first, second, unsaved = make_post(other_member), make_post(member), make_post(other_member)
    member.client.put(f"/api/board/posts/{first.pk}/bookmark")
    member.client.put(f"/api/board/posts/{second.pk}/bookmark")  # one's own post may be saved

    assert ids(member.client.get("/api/board/posts?saved=me")) == [second.pk, first.pk]
    assert unsaved.pk not in ids(member.client.get("/api/board/posts?saved=me"))
    assert ids(other_member.client.get("/api/board/posts?saved=me")) == []


def test_only_members_save_posts_they_may_see(guest, anon, member, other_member):
    post = make_post(other_member)
    assert guest.client.put(f"/api/board/posts/{post.pk}/bookmark").status_code == 403
    assert anon.put(f"/api/board/posts/{post.pk}/bookmark").status_code == 401
    assert anon.get("/api/board/posts?saved=me").status_code == 401
    assert member.client.put("/api/board/posts/999999/bookmark").status_code == 404
    services.post_hide(post_id=post.pk)
    assert member.client.put(f"/api/board/posts/{post.pk}/bookmark").status_code == 404
    assert not PostBookmark.objects.exists()


def test_a_saved_post_that_is_hidden_or_deleted_leaves_the_list(member, other_member):
    hidden, deleted = make_post(other_member), make_post(other_member)
    for post in (hidden, deleted):
        member.client.put(f"/api/board/posts/{post.pk}/bookmark")
    services.post_hide(post_id=hidden.pk)
    other_member.client.delete(f"/api/board/posts/{deleted.pk}")
    assert ids(member.client.get("/api/board/posts?saved=me")) == []


@pytest.mark.parametrize("page_size", [1, 50])
def test_the_saved_list_query_count_is_fixed(member, other_member, django_assert_num_queries, page_size):
    for _ in range(4):
        member.client.put(f"/api/board/posts/{make_post(other_member).pk}/bookmark")
    with django_assert_num_queries(list_queries(LIST_QUERIES - 1, rows=4, page_size=page_size)):
        response = member.client.get(f"/api/board/posts?saved=me&page_size={page_size}")
    assert response.json()["count"] == 4
