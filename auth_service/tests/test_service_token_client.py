"""kingdom.http's service-token client, as the other services use it to call each other.

A stub server stands in for both auth (it issues numbered tokens) and the downstream service
(it accepts only the newest token, as one does after auth restarted with a rotated key).
"""

from __future__ import annotations

import pytest

from auth_service.tests.http_stub import Received, http_stub
from kingdom.http import ServiceClient, ServiceTokenProvider


class Neighbours:
    def __init__(self) -> None:
        self.issued = 0
        self.accepted_token: str | None = None  # None: accept the newest token issued
        self.downstream_calls: list[tuple[str, str]] = []

    def answer(self, received: Received) -> tuple[int, object]:
        if received.path == "/api/auth/service-token":
            self.issued += 1
            return 200, {"access": f"token-{self.issued}", "expires_in": 600}
        token = received.authorization.removeprefix("Bearer ")
        self.downstream_calls.append((received.method, token))
        accepted = token == (self.accepted_token or f"token-{self.issued}")
        return (200 if accepted else 401), {"ok": accepted}


@pytest.fixture
def neighbours():
    state = Neighbours()
    with http_stub(state.answer) as base_url:
        provider = ServiceTokenProvider(base_url, "board", "secret")
        yield state, ServiceClient(base_url, token_provider=provider)


def test_the_token_is_fetched_once_and_reused(neighbours):
    state, client = neighbours

    assert client.get("/api/comments/internal/a").status_code == 200
    assert client.get("/api/comments/internal/b").status_code == 200

    assert state.issued == 1
    assert [token for _, token in state.downstream_calls] == ["token-1", "token-1"]


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_refused_token_is_replaced_and_the_call_sent_once_more(neighbours, method):
    state, client = neighbours
    client.get("/warm-up")
    state.issued += 1  # auth restarted with a new key: the cached token-1 is no longer accepted

    response = client.request(method, "/api/comments/internal/target-deleted", json={"x": 1})

    assert response.status_code == 200
    assert state.downstream_calls[1:] == [(method, "token-1"), (method, "token-3")]


def test_a_downstream_that_keeps_refusing_is_asked_only_twice(neighbours):
    state, client = neighbours
    state.accepted_token = "nothing-we-will-ever-have"

    response = client.post("/api/comments/internal/target-deleted", json={})

    assert response.status_code == 401
    assert [token for _, token in state.downstream_calls] == ["token-1", "token-2"]


def test_a_client_without_a_token_provider_passes_a_401_through(neighbours):
    state, client = neighbours
    plain = ServiceClient(client.base_url)

    assert plain.get("/api/board/posts").status_code == 401
    assert len(state.downstream_calls) == 1
    assert state.issued == 0


def test_a_proxy_named_in_the_environment_is_not_used_between_services(neighbours, monkeypatch):
    state, client = neighbours
    # a proxy where nothing listens: a client that read the environment would fail to connect
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.setenv("NO_PROXY", "")

    response = client.get("/api/board/anything")

    assert response.status_code == 200
    assert state.downstream_calls == [("GET", "token-1")]
