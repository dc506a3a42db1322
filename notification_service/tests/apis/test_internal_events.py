"""Events in: service token only; stored once (202, a repeat 200); validated per kind; no fan-out
in the request (the worker does it)."""

from __future__ import annotations

import uuid

import pytest

from notification_service.notifications.models import Event, Notification
from notification_service.tests.factories import comment_created, deal

pytestmark = pytest.mark.django_db

URL = "/api/notifications/internal/events"


def test_an_event_is_stored_once_and_processed_later(service):
    body = {"event_id": str(uuid.uuid4()), "kind": "comment.created", "payload": comment_created()}
    first = service.client.post(URL, body, format="json")
    assert first.status_code == 202, first.content
    assert first.json() == {"event_id": body["event_id"], "duplicate": False}
    again = service.client.post(URL, body, format="json")
    assert again.status_code == 200
    assert again.json()["duplicate"] is True
    assert Event.objects.count() == 1
    assert Notification.objects.count() == 0  # matching is the worker's, never the request's


def test_a_deal_event_is_accepted_as_the_contract_shapes_it(service):
    body = {
        "event_id": str(uuid.uuid4()),
        "kind": "deal.changed",
        "payload": {"deal": deal(), "reason": "voted"},
    }
    assert service.client.post(URL, body, format="json").status_code == 202


@pytest.mark.parametrize(
    "body",
    [
        {"event_id": "not-a-uuid", "kind": "comment.created", "payload": {}},
        {"event_id": str(uuid.uuid4()), "kind": "deal.deleted", "payload": {}},
        {"event_id": str(uuid.uuid4()), "kind": "post.judged", "payload": {"post_id": 1}},
        {"event_id": str(uuid.uuid4()), "kind": "post.judged", "payload": ["x"]},
        {
            "event_id": str(uuid.uuid4()),
            "kind": "ranking.king",
            "payload": {"month": "2026-13", "user_id": 1},
        },
    ],
)
def test_a_malformed_event_is_a_400(service, body):
    response = service.client.post(URL, body, format="json")
    assert response.status_code == 400, response.content
    assert Event.objects.count() == 0


def test_only_services_may_deliver_events(member, staff, anon):
    body = {"event_id": str(uuid.uuid4()), "kind": "comment.created", "payload": comment_created()}
    assert member.client.post(URL, body, format="json").status_code == 403
    assert staff.client.post(URL, body, format="json").status_code == 403
    assert anon.post(URL, body, format="json").status_code == 401
