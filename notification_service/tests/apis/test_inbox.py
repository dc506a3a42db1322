"""The inbox: my notifications newest first, the unread count, read marks; guests too."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notification_service.tests.factories import comment_created, deliver

pytestmark = pytest.mark.django_db

INBOX = "/api/notifications/inbox"


def notify(recipient_id: int, n: int = 1) -> None:
    for _ in range(n):
        deliver("comment.created", comment_created(target_author_id=recipient_id))


def test_my_inbox_lists_my_notifications_newest_first_in_the_house_page(member, other_member):
    notify(member.id, 3)
    notify(other_member.id)
    page = member.client.get(INBOX).json()
    assert set(page) == {"count", "next", "previous", "results"}
    assert page["count"] == 3
    first = page["results"][0]
    assert set(first) == {"id", "kind", "message", "link", "created_at", "read"}
    assert first["kind"] == "comment"
    assert first["read"] is False
    ids = [n["id"] for n in page["results"]]
    assert ids == sorted(ids, reverse=True)


def test_reading_one_and_all_moves_the_unread_count(member, other_member):
    notify(member.id, 3)
    assert member.client.get(f"{INBOX}/unread-count").json() == {"unread": 3}
    first = member.client.get(INBOX).json()["results"][0]["id"]
    assert other_member.client.post(f"{INBOX}/{first}/read").status_code == 404
    assert member.client.post(f"{INBOX}/{first}/read").status_code == 204
    assert member.client.post(f"{INBOX}/{first}/read").status_code == 204  # again: still fine
    assert member.client.get(f"{INBOX}/unread-count").json() == {"unread": 2}
    assert member.client.get(f"{INBOX}?unread=true").json()["count"] == 2
    assert member.client.post(f"{INBOX}/read-all").status_code == 204
    assert member.client.get(f"{INBOX}/unread-count").json() == {"unread": 0}
    assert member.client.get(f"{INBOX}?unread=true").json()["count"] == 0


def test_a_new_notification_shows_in_the_count_at_once(member):
    assert member.client.get(f"{INBOX}/unread-count").json() == {"unread": 0}
    notify(member.id)
    assert member.client.get(f"{INBOX}/unread-count").json() == {"unread": 1}


def test_the_unread_count_is_one_query_and_then_cached(member):
    notify(member.id)
    with CaptureQueriesContext(connection) as ctx:
        member.client.get(f"{INBOX}/unread-count")
        member.client.get(f"{INBOX}/unread-count")
    counts = [q["sql"] for q in ctx.captured_queries if "notifications_notification" in q["sql"]]
    assert len(counts) == 1


def test_the_inbox_costs_the_same_queries_for_1_or_20_notifications(member):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert member.client.get(INBOX).status_code == 200
        return len(ctx.captured_queries)

    notify(member.id)
    one = queries()
    notify(member.id, 19)
    assert queries() == one


def test_guests_read_their_inbox_and_nobody_without_a_token(guest, anon, service):
    notify(guest.id)
    assert guest.client.get(INBOX).json()["count"] == 1
    assert anon.get(INBOX).status_code == 401
    assert service.client.get(INBOX).status_code == 403


@pytest.mark.parametrize("query", ["unread=maybe", "unread=", "page=0", "page=x", "page=99"])
def test_bad_inbox_queries_are_clear_4xx(member, query):
    response = member.client.get(f"{INBOX}?{query}")
    assert response.status_code in (400, 404)
    assert response["Content-Type"] == "application/problem+json"
