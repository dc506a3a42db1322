"""POST /api/comments/internal/target-visibility: a post hidden pending review takes its thread along.

The owner (board) shows a hidden post only to its author and staff; its comments follow the
same rule, and come back when staff restore the post.
"""

import uuid
from datetime import UTC, datetime, timedelta

import pytest

from comment_service.tests.api_calls import comment_on, created, thread_of

pytestmark = pytest.mark.django_db

T0 = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def visibility(caller, target_id: int, hidden: bool, as_of: datetime = T0, target_type: str = "post"):
    payload = {
        "event_id": str(uuid.uuid4()),
        "target_type": target_type,
        "target_id": target_id,
        "hidden": hidden,
        "as_of": as_of.isoformat(),
    }
    return caller.client.post("/api/comments/internal/target-visibility", payload, format="json")


def bodies(client, target_id: int) -> list[str]:
    return [c["body"] for c in thread_of(client, target_id)["results"]]


@pytest.fixture
def hidden_post_thread(neighbours, member, other_member, service):
    """Post 1 by ``member`` with a comment by ``other_member``, then hidden by board."""
    neighbours.add_post(1, author_id=member.id)
    comment = created(comment_on(other_member, 1, "신고당한 글의 댓글"))
    assert visibility(service, 1, hidden=True).status_code == 204
    return comment


def test_a_hidden_posts_comments_leave_the_public_thread(hidden_post_thread, anon, other_member, guest):
    for client in (anon, other_member.client, guest.client):
        assert thread_of(client, 1)["count"] == 0
    assert anon.get(f"/api/comments/{hidden_post_thread['id']}").status_code == 404


def test_staff_and_the_posts_author_still_see_them(hidden_post_thread, staff, member):
    assert bodies(staff.client, 1) == ["신고당한 글의 댓글"]
    assert bodies(member.client, 1) == ["신고당한 글의 댓글"]
    assert member.client.get(f"/api/comments/{hidden_post_thread['id']}").status_code == 200


def test_restoring_the_post_brings_them_back(hidden_post_thread, service, anon):
    assert visibility(service, 1, hidden=False, as_of=T0 + timedelta(minutes=1)).status_code == 204
    assert bodies(anon, 1) == ["신고당한 글의 댓글"]


def test_an_older_change_arriving_late_is_ignored(hidden_post_thread, service, anon):
    assert visibility(service, 1, hidden=False, as_of=T0 - timedelta(minutes=1)).status_code == 204
    assert thread_of(anon, 1)["count"] == 0


def test_other_targets_are_untouched(hidden_post_thread, neighbours, member, anon):
    neighbours.add_post(2)
    created(comment_on(member, 2, "멀쩡한 글"))
    assert bodies(anon, 2) == ["멀쩡한 글"]


def test_hidden_before_its_first_comment_keeps_the_author_snapshot(neighbours, service, member, other_member):
    # The hide event can create the thread; the first comment after a restore still learns
    # the post's (anonymous) author from board, so 글쓴이 works.
    neighbours.add_post(3, author_id=member.id, anonymous=True)
    visibility(service, 3, hidden=True)
    visibility(service, 3, hidden=False, as_of=T0 + timedelta(minutes=1))

    comment = created(comment_on(member, 3, "제가 썼어요", anonymous=True))

    assert comment["anonymous_label"] == "글쓴이"


def test_only_service_tokens(member, staff, anon, neighbours):
    neighbours.add_post(4)
    for client in (member.client, staff.client, anon):
        payload = {
            "event_id": "x",
            "target_type": "post",
            "target_id": 4,
            "hidden": True,
            "as_of": T0.isoformat(),
        }
        assert client.post(
            "/api/comments/internal/target-visibility", payload, format="json"
        ).status_code in (
            401,
            403,
        )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"hidden": "yes"}, "hidden"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"target_type": "user"}, "target_type"),
        ({"target_id": "1"}, "target_id"),
    ],
)
def test_bad_events_are_field_errors(service, change, field):
    payload = {
        "event_id": "x",
        "target_type": "post",
        "target_id": 1,
        "hidden": True,
        "as_of": T0.isoformat(),
    }
    response = service.client.post(
        "/api/comments/internal/target-visibility", {**payload, **change}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()["errors"]
