"""Short ways to call the comment API and read what it stored, shared by the test modules."""

from __future__ import annotations

from comment_service.comments.models import Comment, OutboxEvent
from kingdom.outbox import COMMENT_COUNT_CHANGED


def comment_on(caller, target_id: int, body: str = "좋은 글이네요", *, target_type: str = "post", **fields):
    """POST a comment as ``caller`` and return the response."""
    return caller.client.post(
        "/api/comments",
        {"target_type": target_type, "target_id": target_id, "body": body, **fields},
        format="json",
    )


def created(response) -> dict:
    assert response.status_code == 201, response.content
    return response.json()


def thread_of(client, target_id: int, target_type: str = "post", **params) -> dict:
    response = client.get("/api/comments", {"target_type": target_type, "target_id": target_id, **params})
    assert response.status_code == 200, response.content
    return response.json()


def count_events() -> list[dict]:
    return [
        event.payload
        for event in OutboxEvent.objects.filter(topic=COMMENT_COUNT_CHANGED).order_by("created_at")
    ]


def stored_bodies(target_id: int) -> list[str]:
    return list(Comment.objects.filter(target_id=target_id).order_by("id").values_list("body", flat=True))
