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
