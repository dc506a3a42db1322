"""Simultaneous writes to one thread: numbers never collide and published counts stay exact."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from comment_service.comments import services
from comment_service.comments.models import AnonymousAlias, Comment
from comment_service.comments.targets import Target
from comment_service.tests.api_calls import count_events
from kingdom.tokens import TokenUser

WRITERS = 8


@pytest.fixture
def existing_post(monkeypatch, settings, closed_port_url):
    """Every target exists (board is not what these tests are about); count deliveries go nowhere."""
    settings.AUTH_SERVICE_URL = settings.BOARD_SERVICE_URL = closed_port_url
    monkeypatch.setattr(
        services, "target_fetch", lambda target_type, target_id: Target(target_type, target_id, 1, False)
    )


def run_at_once(work, count: int) -> list[BaseException]:
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def worker(index: int):
        try:
            barrier.wait()
            work(index)
        except BaseException as exc:  # reported by the test, not lost in a thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return errors


@pytest.mark.django_db(transaction=True)
def test_simultaneous_anonymous_authors_get_distinct_consecutive_numbers(existing_post):
    def comment(index: int):
        user = TokenUser(id=9000 + index, nickname=f"u{index}", role="member", claims={})
        services.comment_create(user=user, target_type="post", target_id=1, body="동시에", anonymous=True)

    assert run_at_once(comment, WRITERS) == []

    numbers = sorted(Comment.objects.values_list("anonymous_number", flat=True))
    assert numbers == list(range(1, WRITERS + 1))
    assert AnonymousAlias.objects.count() == WRITERS


@pytest.mark.django_db(transaction=True)
def test_one_author_writing_twice_at_once_keeps_one_number(existing_post):
    user = TokenUser(id=4321, nickname="성급한사람", role="guest", claims={})

    def comment(index: int):
        services.comment_create(user=user, target_type="post", target_id=2, body="두 번", anonymous=True)

    assert run_at_once(comment, 4) == []

    assert set(Comment.objects.values_list("anonymous_number", flat=True)) == {1}


@pytest.mark.django_db(transaction=True)
def test_simultaneous_comments_publish_every_count_once(existing_post):
    def comment(index: int):
        user = TokenUser(id=7000 + index, nickname=f"u{index}", role="member", claims={})
        services.comment_create(user=user, target_type="post", target_id=3, body="카운트")

    assert run_at_once(comment, WRITERS) == []

    assert sorted(event["count"] for event in count_events()) == list(range(1, WRITERS + 1))
