"""The 거지방 game cannot be cheated: a judged amount is frozen, edits are recorded and marked,
and the ranking counts each confession as first posted, deleted or not."""

from datetime import datetime

import pytest
from django.test import override_settings

from board_service.posts.models import Post, PostRevision
from board_service.tests.factories import make_post
from kingdom.timezones import SEOUL

pytestmark = pytest.mark.django_db

NOV = datetime(2026, 11, 10, 12, 0, tzinfo=SEOUL)


def judge(caller, post, verdict="approve"):
    response = caller.client.post(f"/api/board/posts/{post.pk}/verdict", {"verdict": verdict}, format="json")
    assert response.status_code == 200, response.content


def edit(caller, post, **changes):
    return caller.client.patch(f"/api/board/posts/{post.pk}", changes, format="json")


def confess(caller, amount, **kwargs):
    return make_post(caller, kind="spending", category="confession", amount=amount, created_at=NOV, **kwargs)


def ranking(client):
    response = client.get("/api/board/ranking?month=2026-11")
    assert response.status_code == 200, response.content
    return response.json()


@override_settings(BOARD_APPROVAL_MARGIN=1)
def test_an_approved_request_cannot_be_raised_to_ten_times_its_amount(member, other_member):
    post = make_post(member, kind="request", category="may-i-buy", amount=30_000)
    judge(other_member, post)

    response = edit(member, post, amount=300_000)

    assert response.status_code == 409
    problem = response.json()
    assert response["Content-Type"].startswith("application/problem+json")
    assert problem["type"].endswith("/amount-frozen")
    assert "금액" in problem["detail"]
    post.refresh_from_db()
    assert (post.amount, post.approved_at is not None) == (30_000, True)
    assert not PostRevision.objects.exists()


def test_a_judged_confession_cannot_shrink_even_after_the_verdicts_are_withdrawn(member, other_member):
    post = confess(member, 50_000)
    judge(other_member, post, "luxury")
    other_member.client.delete(f"/api/board/posts/{post.pk}/verdict")

    assert edit(member, post, amount=1).status_code == 409
    assert edit(member, post, title="그래도 바꿈", amount=1).status_code == 409  # nothing half-written
    post.refresh_from_db()
    assert (post.amount, post.title) == (50_000, "오늘도 아꼈다")


def test_staff_cannot_change_a_judged_amount_either(member, other_member, staff):
    post = confess(member, 50_000)
    judge(other_member, post)

    assert edit(staff, post, amount=1).status_code == 409


def test_the_text_of_a_judged_post_still_changes_marked_edited_with_history(member, other_member, anon):
    post = confess(member, 50_000, title="치킨", body="참지 못했다")
    judge(other_member, post)
    assert anon.get(f"/api/board/posts/{post.pk}").json()["edited_at"] is None

    response = edit(member, post, title="치킨 (반반)", body="참지 못했다. 반성합니다", amount=50_000)

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["amount"], body["amount_frozen"]) == ("치킨 (반반)", 50_000, True)
    assert body["edited_at"] is not None
    revision = PostRevision.objects.get(post=post)
    assert (revision.title, revision.body, revision.amount, revision.editor_id) == (
        "치킨",
        "참지 못했다",
        50_000,
        member.id,
    )


def test_an_unjudged_post_is_not_frozen_and_an_edit_that_changes_nothing_is_not_recorded(member):
    post = confess(member, 5000)
    assert member.client.get(f"/api/board/posts/{post.pk}").json()["amount_frozen"] is False

    assert edit(member, post, title=post.title, amount=5000).status_code == 200
    assert not PostRevision.objects.exists()
    assert Post.objects.get(pk=post.pk).edited_at is None

    assert edit(member, post, amount=4500).json()["amount"] == 4500


@override_settings(BOARD_KING_MIN_CONFESSIONS=1)
def test_the_ranking_counts_a_confession_as_first_posted(anon, member, other_member):
    post = confess(member, 50_000)
    confess(other_member, 10_000)

    assert edit(member, post, amount=1).status_code == 200  # not judged yet: allowed, but…

    body = ranking(anon)
    assert [(row["author"]["id"], row["total_amount"]) for row in body["results"]] == [
        (other_member.id, 10_000),
        (member.id, 50_000),
    ]
    assert body["king"]["author"]["id"] == other_member.id


@override_settings(BOARD_KING_MIN_CONFESSIONS=1)
def test_deleting_a_counted_confession_does_not_improve_the_rank(anon, member, other_member):
    expensive = confess(member, 50_000)
    confess(other_member, 10_000)

    assert member.client.delete(f"/api/board/posts/{expensive.pk}").status_code == 204

    expensive.refresh_from_db()  # kept as a tombstone, not erased
    assert expensive.is_deleted
    assert anon.get(f"/api/board/posts/{expensive.pk}").json()["amount"] is None
    rows = ranking(anon)["results"]
    assert [(row["author"]["id"], row["total_amount"], row["confession_count"]) for row in rows] == [
        (other_member.id, 10_000, 1),
        (member.id, 50_000, 1),
    ]


def test_members_who_cannot_be_king_come_after_those_who_can(anon, caller_factory):
    frugal, spender, newcomer = (caller_factory("member") for _ in range(3))
    for amount in (1000, 2000, 500):
        confess(frugal, amount)
    for amount in (50_000, 20_000, 9_000):
        confess(spender, amount)
    confess(newcomer, 100)

    body = ranking(anon)

    assert [(row["author"]["id"], row["qualifies"]) for row in body["results"]] == [
        (frugal.id, True),
        (spender.id, True),
        (newcomer.id, False),
    ]
    assert body["results"][0]["author"] == body["king"]["author"]
