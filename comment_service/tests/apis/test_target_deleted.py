"""POST /api/comments/internal/target-deleted: a deleted post's or deal's comments leave the database."""

import uuid

import pytest

from comment_service.comments.models import AnonymousAlias, Comment
from comment_service.tests.api_calls import comment_on, created, thread_of

pytestmark = pytest.mark.django_db


def target_deleted(caller, target_id: int, target_type: str = "post", **overrides):
    payload = {"event_id": str(uuid.uuid4()), "target_type": target_type, "target_id": target_id, **overrides}
    return caller.client.post("/api/comments/internal/target-deleted", payload, format="json")


def test_a_deleted_targets_comments_are_removed_from_the_database(
    service, anon, member, other_member, neighbours
):
    neighbours.add_post(1)
    neighbours.add_post(2)
    top = created(comment_on(member, 1, anonymous=True))
    created(comment_on(other_member, 1, parent_id=top["id"]))
    created(comment_on(member, 2, "다른 글"))

    assert target_deleted(service, 1).status_code == 204

    assert not Comment.objects.filter(target_type="post", target_id=1).exists()
    assert not AnonymousAlias.objects.filter(thread__target_id=1).exists()
    assert thread_of(anon, 1)["count"] == 0
    assert [c["body"] for c in thread_of(anon, 2)["results"]] == ["다른 글"]


def test_only_that_target_type_is_touched(service, member, neighbours):
    neighbours.add_post(3)
    neighbours.add_deal(3)
    created(comment_on(member, 3, target_type="deal"))

    target_deleted(service, 3, "post")

    assert Comment.objects.filter(target_type="deal", target_id=3).exists()


def test_the_same_event_twice_is_fine(service, member, post):
    created(comment_on(member, post))
    event_id = str(uuid.uuid4())

    assert target_deleted(service, post, event_id=event_id).status_code == 204
    assert target_deleted(service, post, event_id=event_id).status_code == 204
    assert not Comment.objects.exists()


def test_a_target_that_never_had_comments_is_fine(service):
    assert target_deleted(service, 999).status_code == 204


def test_no_comment_lands_on_a_target_after_its_deletion_arrived(service, member, post):
    """A comment whose lookup raced with the deletion must not become an orphan."""
    created(comment_on(member, post))
    target_deleted(service, post)

    # the (fake) board still answers 200, as it might have a moment before the deletion
    response = comment_on(member, post)

    assert response.status_code == 404
    assert not Comment.objects.exists()


def test_user_tokens_may_not_call_it(member, staff, post):
    created(comment_on(member, post))
    assert target_deleted(member, post).status_code == 403
    assert target_deleted(staff, post).status_code == 403
    assert Comment.objects.exists()


def test_anonymous_callers_may_not_call_it(anon, member, post):
    created(comment_on(member, post))
    response = anon.post(
        "/api/comments/internal/target-deleted",
        {"event_id": "x", "target_type": "post", "target_id": post},
        format="json",
    )
    assert response.status_code == 401
    assert Comment.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "bad_field"),
    [
        ({"target_type": "user"}, "target_type"),
        ({"target_id": "abc"}, "target_id"),
        ({"event_id": ""}, "event_id"),
    ],
)
def test_bad_events_are_400(service, overrides, bad_field):
    payload = {"event_id": str(uuid.uuid4()), "target_type": "post", "target_id": 1, **overrides}
    response = service.client.post("/api/comments/internal/target-deleted", payload, format="json")
    assert response.status_code == 400
    assert bad_field in response.json()["errors"]
