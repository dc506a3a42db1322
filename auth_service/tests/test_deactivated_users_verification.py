"""The other services' side of the deactivated-users list (kingdom.tokens): tokens issued before
an account's deactivation are refused, auth is asked once per interval, and an outage of auth
keeps the last list instead of logging anyone out. front/tests/e2e/test_hardening.py shows the
same on the running services."""

from __future__ import annotations

import time

import pytest
from rest_framework.test import APIRequestFactory

from auth_service.tests.http_stub import Received, http_stub
from kingdom import http, tokens
from kingdom.testing.keys import make_token
from kingdom.tokens import JWTAuthentication


class Auth:
    def __init__(self) -> None:
        self.up = True
        self.lists = 0
        self.deactivated: dict[int, float] = {}

    def answer(self, received: Received) -> tuple[int, object]:
        if received.path.endswith("/service-token"):
            return 200, {"access": make_token("board", role="service"), "expires_in": 600}
        self.lists += 1
        if not self.up:
            return 503, {}
        return 200, {"users": [{"id": i, "deactivated_at": at} for i, at in self.deactivated.items()]}


@pytest.fixture
def auth(settings, monkeypatch):
    state = Auth()
    with http_stub(state.answer) as base_url:
        settings.AUTH_SERVICE_URL = base_url
        settings.JWT_DENYLIST_SECONDS = 30
        monkeypatch.setattr(tokens, "_deactivated_users", tokens._DeactivatedUsers())
        monkeypatch.setattr(http, "_clients", {})
        yield state


def authenticate(token: str):
    request = APIRequestFactory().get("/api/board/posts", HTTP_AUTHORIZATION=f"Bearer {token}")
    return JWTAuthentication().authenticate(request)


def test_a_token_issued_before_the_deactivation_is_refused_a_later_one_is_not(auth):
    before = make_token(7)
    auth.deactivated = {7: time.time() + 1}
    with pytest.raises(tokens.exceptions.AuthenticationFailed):
        authenticate(before)

    assert authenticate(make_token(8))[0].id == 8  # someone else
    auth.deactivated = {7: time.time() - 60}  # deactivated, then reactivated and signed in again
    tokens._deactivated_users._fetched_at = float("-inf")
    assert authenticate(make_token(7))[0].id == 7


def test_auth_is_asked_once_per_interval_and_its_outage_keeps_the_last_list(auth):
    auth.deactivated = {7: time.time() + 1}
    token = make_token(7)
    for _ in range(5):
        with pytest.raises(tokens.exceptions.AuthenticationFailed):
            authenticate(token)
    assert auth.lists == 1

    auth.up = False
    tokens._deactivated_users._fetched_at = float("-inf")  # the interval has passed
    with pytest.raises(tokens.exceptions.AuthenticationFailed):
        authenticate(token)  # still refused: the last list stays in force
    asked = auth.lists
    assert asked > 1  # it did ask (kingdom.http retries a failed GET once)
    assert authenticate(make_token(8))[0].id == 8
    assert auth.lists == asked  # and waits an interval before asking a failing auth again


def test_zero_turns_the_pull_off(auth, settings):
    settings.JWT_DENYLIST_SECONDS = 0
    auth.deactivated = {7: time.time() + 1}
    assert authenticate(make_token(7))[0].id == 7
    assert auth.lists == 0
