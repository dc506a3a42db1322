"""GET /api/comments: a target's thread (oldest first, replies inline) and my comments (newest first)."""

import pytest

from comment_service.comments.models import Comment
from comment_service.tests.api_calls import comment_on, created, thread_of

pytestmark = pytest.mark.django_db


def test_thread_lists_top_level_comments_oldest_first_with_their_replies(anon, member, other_member, post):
    first = created(comment_on(member, post, "첫 댓글"))
    second = created(comment_on(other_member, post, "둘째 댓글"))
    created(comment_on(other_member, post, "첫 댓글의 답글 1", parent_id=first["id"]))
    created(comment_on(member, post, "둘째의 답글", parent_id=second["id"]))
    created(comment_on(member, post, "첫 댓글의 답글 2", parent_id=first["id"]))

    thread = thread_of(anon, post)

    assert thread["count"] == 2
    assert [c["body"] for c in thread["results"]] == ["첫 댓글", "둘째 댓글"]
    assert [r["body"] for r in thread["results"][0]["replies"]] == ["첫 댓글의 답글 1", "첫 댓글의 답글 2"]
    assert [r["body"] for r in thread["results"][1]["replies"]] == ["둘째의 답글"]
    assert thread["results"][0]["replies"][0]["parent_id"] == first["id"]


def test_thread_paginates_top_level_comments_with_all_their_replies(anon, member, post):
    tops = [created(comment_on(member, post, f"댓글 {n}")) for n in range(3)]
    for n in range(4):
        created(comment_on(member, post, f"답글 {n}", parent_id=tops[0]["id"]))

    page_one = thread_of(anon, post, page_size=2)
    page_two = thread_of(anon, post, page_size=2, page=2)

    assert page_one["count"] == 3
    assert [c["body"] for c in page_one["results"]] == ["댓글 0", "댓글 1"]
    assert len(page_one["results"][0]["replies"]) == 4
    assert page_one["next"]
    assert page_one["previous"] is None
    assert [c["body"] for c in page_two["results"]] == ["댓글 2"]


def test_thread_only_holds_that_targets_comments(anon, member, neighbours):
    neighbours.add_post(1)
    neighbours.add_post(2)
    neighbours.add_deal(1)
    created(comment_on(member, 1, "글 1"))
    created(comment_on(member, 2, "글 2"))
    created(comment_on(member, 1, "딜 1", target_type="deal"))

    assert [c["body"] for c in thread_of(anon, 1)["results"]] == ["글 1"]
    assert [c["body"] for c in thread_of(anon, 1, target_type="deal")["results"]] == ["딜 1"]


def test_thread_of_a_target_without_comments_is_empty(anon):
    assert thread_of(anon, 123) == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("page_size", [5, 50])
@pytest.mark.parametrize("more", [0, 1])
def test_thread_costs_two_queries_or_three_with_more_than_a_page_whatever_the_page_size(
    anon, member, other_member, post, django_assert_num_queries, page_size, more
):
    for n in range(page_size + more):
        top = created(comment_on(member, post, f"댓글 {n}"))
        created(comment_on(other_member, post, "답글 a", parent_id=top["id"], anonymous=True))
        created(comment_on(member, post, "답글 b", parent_id=top["id"]))

    # the page of top-level comments (one row more says whether it is all), all their replies;
    # and the count only when there is more than the page
    with django_assert_num_queries(2 + more):
        thread = thread_of(anon, post, page_size=page_size)

    assert len(thread["results"]) == page_size
    assert all(len(c["replies"]) == 2 for c in thread["results"])
    assert thread["count"] == page_size + more
    assert (thread["next"] is not None) == bool(more)


def test_my_comments_are_newest_first_with_their_targets_including_anonymous_ones(
    member, other_member, neighbours
):
    neighbours.add_post(1)
    neighbours.add_deal(2)
    created(comment_on(member, 1, "오래된 댓글"))
    created(comment_on(other_member, 1, "남의 댓글"))
    created(comment_on(member, 2, "딜 댓글", target_type="deal", anonymous=True))

    response = member.client.get("/api/comments", {"author": "me"})

    assert response.status_code == 200
    results = response.json()["results"]
    assert [(c["body"], c["target_type"], c["target_id"]) for c in results] == [
        ("딜 댓글", "deal", 2),
        ("오래된 댓글", "post", 1),
    ]
    assert results[0]["anonymous"] is True
    assert results[0]["author"] == member.author  # my own anonymous comment shows me to me
    assert all(c["is_mine"] for c in results)


def test_my_comments_leave_out_deleted_ones(member, other_member, post):
    mine = created(comment_on(member, post, "지울 댓글"))
    created(comment_on(other_member, post, "답글", parent_id=mine["id"]))
    member.client.delete(f"/api/comments/{mine['id']}")

    assert member.client.get("/api/comments", {"author": "me"}).json()["count"] == 0


@pytest.mark.parametrize("page_size", [3, 30])
def test_my_comments_cost_two_queries_whatever_the_page_size(
    member, post, django_assert_num_queries, page_size
):
    for n in range(page_size):
        created(comment_on(member, post, f"댓글 {n}"))

    with django_assert_num_queries(1):  # the page, one row more: there is no other page to count
        response = member.client.get("/api/comments", {"author": "me", "page_size": page_size})

    assert len(response.json()["results"]) == page_size
    assert response.json()["count"] == page_size


def test_my_comments_need_a_token(anon):
    response = anon.get("/api/comments", {"author": "me"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("params", "bad_field"),
    [
        ({}, "target_type"),
        ({"target_type": "post"}, "target_id"),
        ({"target_id": 1}, "target_type"),
        ({"target_type": "board", "target_id": 1}, "target_type"),
        ({"target_type": "post", "target_id": "x"}, "target_id"),
        ({"target_type": "post", "target_id": -1}, "target_id"),
        ({"author": "someone"}, "author"),
    ],
)
def test_bad_list_filters_are_400(anon, params, bad_field):
    response = anon.get("/api/comments", params)
    assert response.status_code == 400
    assert bad_field in response.json()["errors"]


def test_page_past_the_end_is_404(anon, member, post):
    created(comment_on(member, post))
    assert anon.get("/api/comments", {"target_type": "post", "target_id": post, "page": 9}).status_code == 404


def test_hidden_comments_are_not_listed(anon, member, post):
    hidden = created(comment_on(member, post, "숨길 댓글"))
    created(comment_on(member, post, "보이는 댓글"))
    Comment.objects.filter(pk=hidden["id"]).update(is_hidden=True)

    assert [c["body"] for c in thread_of(anon, post)["results"]] == ["보이는 댓글"]
