"""The attempt right after commit, made by the process's relay thread (``OUTBOX_DELIVERY=background``).

These tests commit for real (a transactional database): the relay thread has a connection of its
own, which sees only committed rows. The comment service is stubbed at ``internal_client``.
"""

import threading

import pytest

from board_service.posts import services
from board_service.posts.models import OutboxEvent
from board_service.tests.factories import as_user, make_post
from kingdom import outbox

# serialized_rollback: the categories the migrations create are there again for the next test.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


class Response:
    status_code = 204
    text = ""


class GatedCommentService:
    """Answers 204 once ``gate`` is opened; records the thread each delivery ran on."""

    def __init__(self):
        self.gate = threading.Event()
        self.threads: list[str] = []

    def post(self, path, json):
        self.threads.append(threading.current_thread().name)
        assert self.gate.wait(10), "the test never opened the gate"
        return Response()


@pytest.fixture
def receiver(monkeypatch, settings):
    settings.OUTBOX_DELIVERY = outbox.BACKGROUND
    fake = GatedCommentService()
    monkeypatch.setattr(outbox, "internal_client", lambda setting: fake)
    yield fake
    fake.gate.set()
    outbox.relay.stop()  # and its connection closed: the test database can be dropped


def test_the_write_answers_before_the_receiver_does(member, receiver):
    post = make_post(member)

    services.post_delete(user=as_user(member), post_id=post.pk)  # commits; the receiver is held

    assert OutboxEvent.objects.get().delivered_at is None
    receiver.gate.set()
    assert outbox.relay.wait_idle()
    assert OutboxEvent.objects.get().delivered_at is not None
    assert receiver.threads == ["outbox-relay"]


def test_writes_while_the_relay_is_busy_are_delivered_in_its_next_round(member, receiver):
    posts = [make_post(member) for _ in range(3)]

    for post in posts:
        services.post_delete(user=as_user(member), post_id=post.pk)
    receiver.gate.set()

    assert outbox.relay.wait_idle()
    assert OutboxEvent.objects.filter(delivered_at__isnull=True).count() == 0
    assert OutboxEvent.objects.count() == 3
    assert set(receiver.threads) == {"outbox-relay"}


def test_a_failed_attempt_is_left_to_the_loop_with_its_backoff(member, monkeypatch, settings):
    settings.OUTBOX_DELIVERY = outbox.BACKGROUND

    class Down:
        def post(self, path, json):
            raise outbox.UpstreamUnavailable("comments", "unreachable")

    monkeypatch.setattr(outbox, "internal_client", lambda setting: Down())
    services.post_delete(user=as_user(member), post_id=make_post(member).pk)

    outbox.relay.stop()
    event = OutboxEvent.objects.get()
    assert event.delivered_at is None
    assert event.attempts == 1
    assert "unreachable" in event.last_error


def test_a_stopping_worker_lets_the_relay_finish_its_round(member, receiver):
    services.post_delete(user=as_user(member), post_id=make_post(member).pk)
    receiver.gate.set()

    outbox.relay.stop()  # what gunicorn's worker_exit does (kingdom.gunicorn)

    assert OutboxEvent.objects.get().delivered_at is not None
