"""Deleting a post reaches comment_service through the outbox, with its HTTP stubbed here."""

from datetime import timedelta

import pytest
from django.utils import timezone

from board_service.posts import services
from board_service.posts.models import OutboxEvent
from board_service.tests.factories import as_user, make_post
from kingdom import outbox
from kingdom.http import UpstreamUnavailable

pytestmark = pytest.mark.django_db


class FakeResponse:
    def __init__(self, status_code: int):
        self.status_code = status_code
        self.text = ""


class FakeCommentService:
    """Stands in for ``internal_client("COMMENT_SERVICE_URL")``; records what it was sent."""

    def __init__(self, answer):
        self.answer = answer
        self.sent: list[tuple[str, dict]] = []

    def post(self, path, json):
        self.sent.append((path, json))
        if isinstance(self.answer, Exception):
            raise self.answer
        return FakeResponse(self.answer)


@pytest.fixture
def comment_service(monkeypatch):
    def install(answer):
        fake = FakeCommentService(answer)
        monkeypatch.setattr(outbox, "internal_client", lambda setting: fake)
        return fake

    return install


def delete_post(author, post):
    services.post_delete(user=as_user(author), post_id=post.pk)


def test_delete_delivers_right_after_commit(member, comment_service, django_capture_on_commit_callbacks):
    fake = comment_service(204)
    post = make_post(member)

    with django_capture_on_commit_callbacks(execute=True):
        delete_post(member, post)

    event = OutboxEvent.objects.get()
    assert event.delivered_at is not None
    assert event.attempts == 1
    assert fake.sent == [
        (
            "/api/comments/internal/target-deleted",
            {"event_id": str(event.id), "target_type": "post", "target_id": post.pk},
        )
    ]


def test_nothing_is_sent_before_commit(member, comment_service):
    fake = comment_service(204)

    delete_post(member, make_post(member))

    assert fake.sent == []
    assert OutboxEvent.objects.get().delivered_at is None


@pytest.mark.parametrize("failure", [UpstreamUnavailable("comments", "timed out"), 400])
def test_failed_delivery_stays_pending_with_backoff(member, comment_service, failure):
    comment_service(failure)
    delete_post(member, make_post(member))
    before = timezone.now()

    assert outbox.deliver_pending(OutboxEvent) == 0

    event = OutboxEvent.objects.get()
    assert event.delivered_at is None
    assert event.attempts == 1
    assert event.last_error
    assert event.next_attempt_at >= before + timedelta(seconds=2)
    # Not due yet: a second pass right away does not hammer the comment service.
    assert outbox.deliver_pending(OutboxEvent) == 0
    assert OutboxEvent.objects.get().attempts == 1


def test_a_pending_event_is_delivered_once_the_service_is_back(member, comment_service):
    comment_service(UpstreamUnavailable("comments", "unreachable"))
    delete_post(member, make_post(member, comment_count=1))
    outbox.deliver_pending(OutboxEvent)
    OutboxEvent.objects.update(next_attempt_at=timezone.now())  # the backoff has passed

    comment_service(204)
    assert outbox.deliver_pending(OutboxEvent) == 1

    event = OutboxEvent.objects.get()
    assert event.delivered_at is not None
    assert event.attempts == 2
    assert event.payload["target_type"] == "post"


def test_the_deliver_outbox_command_finds_the_boards_events(member, comment_service):
    from django.core.management import call_command

    fake = comment_service(204)
    delete_post(member, make_post(member))

    call_command("deliver_outbox")

    assert OutboxEvent.objects.get().delivered_at is not None
    assert len(fake.sent) == 1


def test_the_delivery_loop_touches_its_heartbeat_before_each_event(member, monkeypatch, tmp_path):
    from django.core.management import call_command

    heartbeat = tmp_path / "outbox-heartbeat"
    heartbeat_at_each_delivery = []

    class Receiver(FakeCommentService):
        def post(self, path, json):
            heartbeat_at_each_delivery.append(outbox.heartbeat_age(heartbeat))
            return super().post(path, json)

    receiver = Receiver(204)
    monkeypatch.setattr(outbox, "internal_client", lambda setting: receiver)
    delete_post(member, make_post(member))
    delete_post(member, make_post(member))

    call_command("deliver_outbox", heartbeat_file=heartbeat)

    assert len(receiver.sent) == 2
    # the file was there, fresh, when each delivery began
    assert len(heartbeat_at_each_delivery) == 2
    assert all(age is not None and age < 5 for age in heartbeat_at_each_delivery)


def test_the_heartbeat_check_passes_fresh_and_fails_stale_or_missing(tmp_path, monkeypatch):
    import os

    from django.core.management import CommandError, call_command

    heartbeat = tmp_path / "outbox-heartbeat"
    monkeypatch.setenv(outbox.HEARTBEAT_FILE_ENV, str(heartbeat))
    with pytest.raises(CommandError, match="not written its heartbeat"):
        call_command("check_outbox_heartbeat")

    outbox.heartbeat_touch(heartbeat)
    call_command("check_outbox_heartbeat", max_age=60)

    stale = heartbeat.stat().st_mtime - 61
    os.utime(heartbeat, (stale, stale))
    with pytest.raises(CommandError, match="61s old"):
        call_command("check_outbox_heartbeat", max_age=60)
