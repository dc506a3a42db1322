"""pytest fixtures for API tests: callers of every role with valid tokens.

Activate with ``pytest_plugins = ["kingdom.testing.plugin"]`` in a service's ``conftest.py``.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from kingdom.testing.keys import make_token

_ids = itertools.count(1001)


@dataclass
class Caller:
    """A user (or service) and an API client that sends its token."""

    id: int | None
    nickname: str
    role: str
    token: str
    client: APIClient

    @property
    def author(self) -> dict:
        return {"id": self.id, "nickname": self.nickname, "role": self.role}


def make_caller(role: str = "member", *, user_id: int | None = None, nickname: str | None = None) -> Caller:
    user_id = user_id if user_id is not None else next(_ids)
    subject = f"svc-{user_id}" if role == "service" else user_id
    nickname = nickname or f"{role}{user_id}"
    token = make_token(subject, role=role, nickname=nickname)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return Caller(None if role == "service" else user_id, nickname, role, token, client)


@pytest.fixture
def anon() -> APIClient:
    return APIClient()


@pytest.fixture
def member() -> Caller:
    return make_caller("member")


@pytest.fixture
def other_member() -> Caller:
    return make_caller("member")


@pytest.fixture
def guest() -> Caller:
    return make_caller("guest")


@pytest.fixture
def staff() -> Caller:
    return make_caller("staff")


@pytest.fixture
def service() -> Caller:
    return make_caller("service")


@pytest.fixture
def caller_factory():
    return make_caller


NOTIFICATION_SERVICE_TEST_URL = "http://notifications.test"


@pytest.fixture(autouse=True)
def _search_statistics_read_afresh():
    """Every test's first search reads its index's statistics (kingdom.search keeps them for
    minutes per process): a test that runs ANALYZE sees its own, and query counts do not depend
    on which test searched before."""
    from kingdom.search import forget_statistics

    forget_statistics()
    yield
    forget_statistics()


@pytest.fixture
def notifications_on(settings):
    """This service knows where notification_service is, so it publishes notification events
    (unset, as in every other unit test, it publishes none: kingdom.outbox.publish_notification)."""
    settings.NOTIFICATION_SERVICE_URL = NOTIFICATION_SERVICE_TEST_URL
    return settings


def notification_events(model) -> list[dict]:
    """The notification events stored in ``model``'s outbox, oldest first: ``{"kind", "payload"}``."""
    from kingdom.outbox import NOTIFICATION_EVENT

    return [event.payload for event in model.objects.filter(topic=NOTIFICATION_EVENT).order_by("created_at")]
