"""Opening a post: views counted once per viewer per window, anonymity, tombstones, hidden posts."""

import pytest
from django.db import connection
from django.db.models import F
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from board_service.posts import services
from board_service.posts.models import Post
from board_service.tests.factories import make_post

pytestmark = pytest.mark.django_db


def views(post) -> int:
    return Post.objects.get(pk=post.pk).view_count


def test_detail_shows_every_field_the_front_uses(anon, member):
    post = make_post(member, kind="request", category="may-i-buy", amount=39_000)

    body = anon.get(f"/api/board/posts/{post.pk}").json()

    assert set(body) == {
        "id", "created_at", "updated_at", "author", "is_mine", "category", "kind", "title", "body", "amount",
        "anonymous", "like_count", "view_count", "comment_count", "verdicts", "approved", "liked_by_me",
        "my_verdict", "saved_by_me", "saved_at", "is_deleted", "amount_frozen", "edited_at", "is_hidden",
    }  # fmt: skip
    assert body["created_at"].endswith("+09:00")


def test_refreshing_does_not_inflate_views(member, other_member):
    post = make_post(member)

    for _ in range(3):
        response = other_member.client.get(f"/api/board/posts/{post.pk}")

    assert response.json()["view_count"] == 1
    assert views(post) == 1
    member.client.get(f"/api/board/posts/{post.pk}")
    assert views(post) == 2


def test_readers_without_a_token_count_once_per_client_ip(anon, member):
    post = make_post(member)

    anon.get(f"/api/board/posts/{post.pk}", HTTP_X_FORWARDED_FOR="203.0.113.7")
    anon.get(f"/api/board/posts/{post.pk}", HTTP_X_FORWARDED_FOR="203.0.113.7")
    anon.get(f"/api/board/posts/{post.pk}", HTTP_X_FORWARDED_FOR="198.51.100.2")

    assert views(post) == 2


@pytest.mark.parametrize(
    ("trusted", "expected"),
    [("10.0.0.1", 1), ("", 1), ("127.0.0.0/8", 3), ("*", 3)],
    ids=["another-proxy", "none", "our-network", "any"],
)
def test_claimed_addresses_count_only_from_a_trusted_proxy(anon, member, settings, trusted, expected):
    # The test client connects from 127.0.0.1: a direct caller unless FORWARDED_ALLOW_IPS covers it.
    settings.FORWARDED_ALLOW_IPS = trusted
    post = make_post(member)

    for claimed in ("203.0.113.7", "198.51.100.2", "192.0.2.9"):
        anon.get(f"/api/board/posts/{post.pk}", HTTP_X_FORWARDED_FOR=claimed)

    assert views(post) == expected


def test_a_viewer_counts_again_after_the_window(member, other_member):
    post = make_post(member)

    with override_settings(BOARD_VIEW_WINDOW_SECONDS=-1):  # every entry already expired
        other_member.client.get(f"/api/board/posts/{post.pk}")
        other_member.client.get(f"/api/board/posts/{post.pk}")

    assert views(post) == 2


def test_view_count_is_an_atomic_increment(member, other_member, monkeypatch):
    post = make_post(member)
    real_add = services.cache.add

    def add_while_other_workers_count(*args, **kwargs):
        # Between this request reading the post and counting its view, others count five.
        Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 5)
        return real_add(*args, **kwargs)

    monkeypatch.setattr(services.cache, "add", add_while_other_workers_count)
    other_member.client.get(f"/api/board/posts/{post.pk}")

    assert views(post) == 6


def test_anonymous_post_detail_hides_the_author_from_others_only(anon, member, staff):
    post = make_post(member, anonymous=True)

    assert anon.get(f"/api/board/posts/{post.pk}").json()["author"]["nickname"] == "익명"
    assert member.client.get(f"/api/board/posts/{post.pk}").json()["author"]["id"] == member.id
    assert staff.client.get(f"/api/board/posts/{post.pk}").json()["author"]["id"] == member.id


def test_unknown_post_is_404(anon):
    assert anon.get("/api/board/posts/999999").status_code == 404


def test_hidden_post_is_404_to_others_but_open_to_author_and_staff(anon, member, other_member, staff):
    post = make_post(member, hidden_at=timezone.now())

    assert anon.get(f"/api/board/posts/{post.pk}").status_code == 404
    assert other_member.client.get(f"/api/board/posts/{post.pk}").status_code == 404
    assert member.client.get(f"/api/board/posts/{post.pk}").status_code == 200
    assert staff.client.get(f"/api/board/posts/{post.pk}").status_code == 200


def test_soft_deleted_post_reads_as_a_tombstone(anon, member):
    post = make_post(member, kind="spending", title="비밀", body="내용", deleted_at=timezone.now())

    body = anon.get(f"/api/board/posts/{post.pk}").json()

    assert body["is_deleted"] is True
    assert body["title"] == "삭제된 게시물입니다"
    assert body["body"] == ""
    assert body["amount"] is None
    assert views(post) == 0


def cached_views(client, *views: tuple[int, str], **extra):
    """The front's batch of views it served from its page cache: (post id, visitor's address)."""
    body = {"views": [{"post": post_id, "address": address} for post_id, address in views]}
    return client.post("/api/board/posts/views", body, format="json", **extra)


def test_a_view_served_from_the_fronts_page_cache_counts_like_a_read(anon, member):
    post = make_post(member)

    first = cached_views(anon, (post.pk, "203.0.113.7"), (post.pk, "203.0.113.7"))
    anon.get(f"/api/board/posts/{post.pk}", HTTP_X_FORWARDED_FOR="203.0.113.7")  # the same viewer
    second = cached_views(anon, (post.pk, "198.51.100.2"))

    assert first.status_code == 200
    assert first.json() == {"counted": 1}
    assert second.json() == {"counted": 1}
    assert views(post) == 2


def test_one_batch_counts_many_posts_in_one_update(anon, member):
    posts = [make_post(member) for _ in range(3)]
    batch = [(post.pk, address) for post in posts for address in ("203.0.113.7", "198.51.100.2")]

    with CaptureQueriesContext(connection) as queries:
        answer = cached_views(anon, *batch, (posts[0].pk, "192.0.2.9"))

    assert answer.json() == {"counted": 7}
    assert [views(post) for post in posts] == [3, 2, 2]
    touching_posts = [q["sql"] for q in queries if Post._meta.db_table in q["sql"]]
    assert len(touching_posts) == 2  # the ids that may count, then one UPDATE


@pytest.mark.parametrize(
    ("trusted", "expected"),
    [("10.0.0.1", 1), ("", 1), ("127.0.0.0/8", 3), ("*", 3)],
    ids=["another-proxy", "none", "our-network", "any"],
)
def test_addresses_in_a_batch_count_only_from_a_trusted_proxy(anon, member, settings, trusted, expected):
    # The test client connects from 127.0.0.1: a direct caller unless FORWARDED_ALLOW_IPS covers it;
    # a direct caller's views are all its own, whatever it wrote.
    settings.FORWARDED_ALLOW_IPS = trusted
    post = make_post(member)

    cached_views(anon, *[(post.pk, claimed) for claimed in ("203.0.113.7", "198.51.100.2", "192.0.2.9")])

    assert views(post) == expected


def test_a_view_of_a_post_one_may_not_see_counts_nothing(anon, member):
    post = make_post(member)
    Post.objects.filter(pk=post.pk).update(hidden_at=timezone.now())

    answer = cached_views(anon, (post.pk, "203.0.113.7"), (999999, "203.0.113.7"))

    assert answer.status_code == 200
    assert answer.json() == {"counted": 0}
    assert views(post) == 0


def test_a_viewer_of_a_hidden_post_counts_once_it_is_shown(anon, member):
    post = make_post(member, hidden_at=timezone.now())

    answers = [cached_views(anon, (post.pk, "203.0.113.7")).json() for _ in range(2)]
    Post.objects.filter(pk=post.pk).update(hidden_at=None)  # shown again: the same viewer counts
    shown = cached_views(anon, (post.pk, "203.0.113.7"))

    assert answers == [{"counted": 0}, {"counted": 0}]
    assert shown.json() == {"counted": 1}
    assert views(post) == 1


def test_a_cached_view_of_a_deleted_post_counts_nothing(anon, member):
    post = make_post(member, deleted_at=timezone.now())

    assert cached_views(anon, (post.pk, "203.0.113.7")).json() == {"counted": 0}
    assert views(post) == 0


def test_a_viewer_seen_within_the_window_never_loads_the_post(anon, member):
    post = make_post(member)
    cached_views(anon, (post.pk, "203.0.113.7"))

    with CaptureQueriesContext(connection) as queries:
        again = cached_views(anon, (post.pk, "203.0.113.7"))

    assert again.json() == {"counted": 0}
    # only the window (the tests' cache is the database cache; Valkey in production)
    assert [q["sql"] for q in queries if Post._meta.db_table in q["sql"]] == []
    assert views(post) == 1


@pytest.mark.parametrize(
    "body",
    [
        lambda pk: {},
        lambda pk: {"views": []},
        lambda pk: {"views": [{"post": str(pk), "address": "203.0.113.7"}]},
        lambda pk: {"views": [{"post": pk, "address": "somewhere"}]},
        lambda pk: {"views": [{"post": pk}]},
        lambda pk: {"views": [{"post": pk, "address": "203.0.113.7"}, {"post": 0, "address": "203.0.113.7"}]},
        lambda pk: {"views": [{"post": pk, "address": f"203.0.113.{n % 250}"} for n in range(501)]},
    ],
    ids=["no-views", "empty", "id-as-text", "not-an-address", "no-address", "one-bad-view", "too-many"],
)
def test_a_malformed_batch_is_a_field_error_and_counts_nothing(anon, member, body):
    post = make_post(member)

    answer = anon.post("/api/board/posts/views", body(post.pk), format="json")

    assert answer.status_code == 400
    assert answer["Content-Type"].startswith("application/problem+json")
    assert views(post) == 0


def test_the_author_of_a_hidden_post_is_told_it_is_hidden(member, anon):
    post = make_post(member, hidden_at=timezone.now())
    listed = make_post(member)

    assert member.client.get(f"/api/board/posts/{post.pk}").json()["is_hidden"] is True
    assert member.client.get(f"/api/board/posts/{listed.pk}").json()["is_hidden"] is False
    assert anon.get(f"/api/board/posts/{post.pk}").status_code == 404
