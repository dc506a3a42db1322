"""The board's list: filters, Korean search, sorts, pagination, my posts, and a fixed query count."""

from datetime import timedelta

import pytest
from django.utils import timezone

from board_service.posts.models import Post, PostLike, PostVerdict
from board_service.tests.factories import make_post
from board_service.tests.problems import field_errors
from kingdom.testing.queries import SEARCH_STATISTICS, list_queries

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [post["id"] for post in response.json()["results"]]


def test_newest_first_by_default(anon, member):
    old = make_post(member, created_at=timezone.now() - timedelta(days=1))
    new = make_post(member)

    assert ids(anon.get("/api/board/posts")) == [new.pk, old.pk]


def test_filter_by_category_and_kind(anon, member):
    tip = make_post(member, category="saving-tips", kind="saving")
    confession = make_post(member, category="confession", kind="spending")
    make_post(member, category="free")

    assert ids(anon.get("/api/board/posts?category=saving-tips")) == [tip.pk]
    assert ids(anon.get("/api/board/posts?kind=spending")) == [confession.pk]
    assert ids(anon.get("/api/board/posts?category=confession&kind=saving")) == []


def test_unknown_filters_are_field_errors(anon):
    assert "category" in field_errors(anon.get("/api/board/posts?category=nope"))
    assert "kind" in field_errors(anon.get("/api/board/posts?kind=nope"))
    assert "sort" in field_errors(anon.get("/api/board/posts?sort=random"))
    assert "author" in field_errors(anon.get("/api/board/posts?author=42"))


def test_search_finds_korean_words_in_title_and_body(anon, member):
    in_title = make_post(member, title="배달음식 끊기 3일차", body="힘들다")
    in_body = make_post(member, title="오늘의 고백", body="결국 배달음식을 시켰습니다")
    make_post(member, title="도시락 인증", body="집밥 최고")

    assert set(ids(anon.get("/api/board/posts?q=배달음식"))) == {in_title.pk, in_body.pk}
    # Particles attached to the word still match (no stemming needed for substrings).
    assert ids(anon.get("/api/board/posts?q=배달음식을")) == [in_body.pk]
    assert ids(anon.get("/api/board/posts?q=도시락")) != []


def test_search_ignores_latin_case(anon, member):
    post = make_post(member, title="Netflix 해지했어요")

    assert ids(anon.get("/api/board/posts?q=netflix")) == [post.pk]


def test_top_sorts_by_likes_and_views_by_views(anon, member):
    liked = make_post(member, like_count=10, view_count=1)
    viewed = make_post(member, like_count=1, view_count=500)

    assert ids(anon.get("/api/board/posts?sort=top")) == [liked.pk, viewed.pk]
    assert ids(anon.get("/api/board/posts?sort=views")) == [viewed.pk, liked.pk]


def test_hot_weighs_engagement_against_age(anon, member):
    quiet_new = make_post(member)
    busy_day_old = make_post(member, like_count=30, comment_count=10)
    # The same engagement a week ago has long cooled off.
    busy_week_old = make_post(member, like_count=30, comment_count=10)
    Post.objects.filter(pk=busy_day_old.pk).update(hot_epoch=busy_day_old.hot_epoch - 86_400 / 45_000)
    Post.objects.filter(pk=busy_week_old.pk).update(hot_epoch=busy_week_old.hot_epoch - 7 * 86_400 / 45_000)
    # (the age term is fixed at creation; moving it back is what ageing a post means)

    assert ids(anon.get("/api/board/posts?sort=hot")) == [busy_day_old.pk, quiet_new.pk, busy_week_old.pk]


def test_hot_score_follows_counters_without_any_write_path_remembering(member):
    post = make_post(member)
    before = post.hot_score

    Post.objects.filter(pk=post.pk).update(like_count=3)
    post.refresh_from_db()

    assert post.hot_score == pytest.approx(before + 1.0)  # log10(1 + 3·3) = 1


def test_hidden_and_deleted_posts_are_not_listed(anon, member):
    listed = make_post(member)
    make_post(member, hidden_at=timezone.now())
    make_post(member, deleted_at=timezone.now())

    assert ids(anon.get("/api/board/posts")) == [listed.pk]


def test_pagination_envelope_and_page_size_cap(anon, member):
    for _ in range(3):
        make_post(member)

    body = anon.get("/api/board/posts?page_size=2").json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"] is not None
    assert body["previous"] is None
    assert len(anon.get("/api/board/posts?page=2&page_size=2").json()["results"]) == 1
    assert anon.get("/api/board/posts?page=9").status_code == 404


def test_anonymous_posts_hide_their_author_in_lists(anon, member, other_member, staff):
    make_post(member, anonymous=True)

    for client in (anon, other_member.client):
        post = client.get("/api/board/posts").json()["results"][0]
        assert post["author"] == {"id": None, "nickname": "익명", "role": None}
        assert post["is_mine"] is False
    mine = member.client.get("/api/board/posts").json()["results"][0]
    assert mine["is_mine"] is True
    assert mine["author"]["id"] == member.id
    assert staff.client.get("/api/board/posts").json()["results"][0]["author"]["id"] == member.id


def test_author_me_lists_my_posts_including_anonymous_and_hidden(member, other_member):
    named = make_post(member)
    secret = make_post(member, anonymous=True)
    hidden = make_post(member, hidden_at=timezone.now())
    make_post(member, deleted_at=timezone.now())
    make_post(other_member)

    assert set(ids(member.client.get("/api/board/posts?author=me"))) == {named.pk, secret.pk, hidden.pk}


def test_author_me_needs_a_token(anon):
    assert anon.get("/api/board/posts?author=me").status_code == 401


def test_service_tokens_cannot_read_public_lists(service):
    assert service.client.get("/api/board/posts").status_code == 403


def test_my_like_and_verdict_show_in_the_list(member, other_member):
    post = make_post(member, kind="spending")
    other_member.client.post(f"/api/board/posts/{post.pk}/like")
    other_member.client.post(f"/api/board/posts/{post.pk}/verdict", {"verdict": "luxury"}, format="json")

    theirs = other_member.client.get("/api/board/posts").json()["results"][0]
    mine = member.client.get("/api/board/posts").json()["results"][0]

    assert (theirs["liked_by_me"], theirs["my_verdict"]) == (True, "luxury")
    assert (mine["liked_by_me"], mine["my_verdict"]) == (False, None)
    assert theirs["verdicts"] == {"approve": 0, "luxury": 1}


# --- SQL queries per list request: the count query + one page query, whatever the page size ----

LIST_QUERIES = 2  # the page and, for a list longer than it, the count


@pytest.mark.parametrize("page_size", [1, 50])
@pytest.mark.parametrize(
    "query", ["", "&sort=hot&kind=spending", "&sort=top&category=confession", "&q=라떼", "&author=me"]
)
def test_list_query_count_is_fixed(django_assert_num_queries, member, other_member, page_size, query):
    for index in range(60):
        post = make_post(
            member if index % 2 else other_member,
            category="confession",
            kind="spending",
            title=f"라떼 {index}",
            anonymous=index % 3 == 0,
        )
        if index % 2 == 0:
            PostLike.objects.create(post=post, user_id=member.id)
            PostVerdict.objects.create(post=post, user_id=member.id, verdict="approve")

    # A category filter looks its slug up first (an unknown one is a 400, not an empty page); a
    # search reads its index's statistics (once per process every few minutes).
    rows = 30 if query == "&author=me" else 60
    lookups = ("category=" in query) + (SEARCH_STATISTICS if "q=" in query else 0)
    with django_assert_num_queries(list_queries(LIST_QUERIES - 1 + lookups, rows=rows, page_size=page_size)):
        response = member.client.get(f"/api/board/posts?page_size={page_size}{query}")

    assert response.status_code == 200
    assert len(response.json()["results"]) == min(page_size, 30 if query == "&author=me" else 60)


@pytest.mark.parametrize("page_size", [1, 50])
def test_anonymous_reader_list_query_count_is_fixed(django_assert_num_queries, anon, member, page_size):
    for _ in range(55):
        make_post(member)

    with django_assert_num_queries(LIST_QUERIES):
        response = anon.get(f"/api/board/posts?page_size={page_size}")

    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("page_size", [1, 50])
def test_category_list_query_count_is_fixed(django_assert_num_queries, anon, page_size):
    with django_assert_num_queries(list_queries(1, rows=5, page_size=page_size)):
        response = anon.get(f"/api/board/categories?page_size={page_size}")

    assert len(response.json()["results"]) == min(page_size, 5)
