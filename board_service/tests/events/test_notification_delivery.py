"""The ``notifications.event`` deliverer (kingdom.outbox): what notification_service is sent, and when
an attempt counts as delivered. Its HTTP is stubbed here; the live test is in notification_service."""

import pytest
from django.test import override_settings

from board_service.posts.models import OutboxEvent
from kingdom import outbox

pytestmark = pytest.mark.django_db


class FakeResponse:
    def __init__(self, status_code: int):
        self.status_code = status_code
        self.text = "problem"


class FakeNotificationService:
    def __init__(self, answer):
        self.answer = answer
        self.sent: list[tuple[str, str, dict]] = []

    def for_setting(self, setting):
        self.setting = setting
        return self

    def post(self, path, json):
        self.sent.append((self.setting, path, json))
        return FakeResponse(self.answer)


@pytest.fixture
def notification_service(monkeypatch):
    def install(answer):
        fake = FakeNotificationService(answer)
        monkeypatch.setattr(outbox, "internal_client", fake.for_setting)
        return fake

    return install


def publish():
    return outbox.publish_notification(
        OutboxEvent, "post.judged", {"post_id": 7, "title": "t", "author_id": 3, "outcome": "approved"}
    )


def test_an_unknown_kind_is_a_programming_error(notifications_on):
    with pytest.raises(ValueError, match="kind"):
        outbox.publish_notification(OutboxEvent, "post.liked", {})


def test_without_the_setting_nothing_is_stored():
    assert publish() is None
    assert not OutboxEvent.objects.exists()


@pytest.mark.parametrize("answer", [202, 200])  # 200: a repeat notification_service already has
def test_the_event_is_posted_with_the_rows_id(notifications_on, notification_service, answer):
    fake = notification_service(answer)
    event = publish()
    assert outbox.deliver_pending(OutboxEvent) == 1
    assert fake.sent == [
        (
            "NOTIFICATION_SERVICE_URL",
            "/api/notifications/internal/events",
            {
                "event_id": str(event.pk),
                "kind": "post.judged",
                "payload": {"post_id": 7, "title": "t", "author_id": 3, "outcome": "approved"},
            },
        )
    ]
    event.refresh_from_db()
    assert event.delivered_at is not None


@pytest.mark.parametrize("answer", [400, 401, 500, 503])
def test_any_other_answer_is_retried_later(notifications_on, notification_service, answer):
    notification_service(answer)
    event = publish()
    assert outbox.deliver_pending(OutboxEvent) == 0
    event.refresh_from_db()
    assert (event.delivered_at, event.attempts) == (None, 1)
    assert str(answer) in event.last_error


def test_an_event_left_when_the_service_was_removed_is_settled_unsent(notifications_on, notification_service):
    fake = notification_service(503)
    event = publish()
    with override_settings(NOTIFICATION_SERVICE_URL=""):
        assert outbox.deliver_pending(OutboxEvent) == 1
    assert fake.sent == []
    event.refresh_from_db()
    assert event.delivered_at is not None
