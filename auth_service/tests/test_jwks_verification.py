"""The other services' verification through auth's JWKS (``JWT_JWKS_URL``, kingdom.tokens).

The stub serves the document auth's own ``jwks_document()`` builds, so a rotation here is the
README's rotation (new ``JWT_PRIVATE_KEY``, old key in ``JWT_PREVIOUS_PUBLIC_KEYS``).
tests/integration checks the same path against a running auth server.
"""

from __future__ import annotations

import threading
import time

import pytest

from auth_service.accounts.keys import jwks_document
from auth_service.tests.http_stub import Received, http_stub
from kingdom import tokens
from kingdom.testing.keys import TEST_KEYS, KeyPair, make_token
from kingdom.tokens import InvalidToken, verify_token


class Auth:
    """auth_service as the verifiers see it: its JWKS, up or down."""

    def __init__(self) -> None:
        self.up = True
        self.delay = 0.0
        self.requests = 0

    def answer(self, received: Received) -> tuple[int, object]:
        self.requests += 1
        time.sleep(self.delay)
        return (200, jwks_document()) if self.up else (503, {})


@pytest.fixture
def auth(settings, monkeypatch):
    state = Auth()
    with http_stub(state.answer) as base_url:
        settings.SIMPLE_JWT = {
            **settings.SIMPLE_JWT,
            "VERIFYING_KEY": "",
            "JWK_URL": f"{base_url}/api/auth/jwks.json",
        }
        monkeypatch.setattr(tokens, "_jwks_cache", tokens._JwksCache())
        yield state


def _rotate(settings, new: KeyPair) -> None:
    settings.JWT_PREVIOUS_PUBLIC_KEYS = TEST_KEYS.public_pem
    settings.JWT_PRIVATE_KEY = new.private_pem


def test_tokens_verify_with_the_published_key_fetched_once(auth):
    assert verify_token(make_token(7))["sub"] == "7"
    assert verify_token(make_token(8))["sub"] == "8"
    assert auth.requests == 1


def test_after_a_rotation_the_new_kid_is_fetched_and_old_tokens_keep_working(auth, settings, monkeypatch):
    before = make_token(7)
    verify_token(before)
    new = KeyPair()
    _rotate(settings, new)
    monkeypatch.setattr(tokens._jwks_cache, "min_refetch_interval", 0.0)

    assert verify_token(make_token(8, keys=new))["sub"] == "8"
    assert verify_token(before)["sub"] == "7"
    assert auth.requests == 2


def test_made_up_kids_do_not_send_every_request_to_auth(auth):
    verify_token(make_token(7))
    stranger = KeyPair()
    strangers = [make_token(7, keys=stranger) for _ in range(3)]

    for token in strangers:
        with pytest.raises(InvalidToken):
            verify_token(token)

    assert auth.requests == 1


def test_while_auth_is_down_requests_do_not_wait_on_it_and_it_is_asked_again_later(auth):
    auth.up = False
    token = make_token(7)
    with pytest.raises(InvalidToken):
        verify_token(token)
    asked_at_first = auth.requests  # the client retries a 503 once

    started = time.monotonic()
    for _ in range(5):
        with pytest.raises(InvalidToken):
            verify_token(token)
    assert time.monotonic() - started < 0.5
    assert auth.requests == asked_at_first

    auth.up = True
    tokens._jwks_cache._attempted_at -= tokens._jwks_cache.min_refetch_interval + 1
    assert verify_token(token)["sub"] == "7"


def test_known_keys_keep_verifying_when_auth_goes_down(auth):
    token = make_token(7)
    verify_token(token)
    auth.up = False
    tokens._jwks_cache._attempted_at -= tokens._jwks_cache.refresh_after + 1

    assert verify_token(token)["sub"] == "7"
    assert verify_token(make_token(8))["sub"] == "8"


def test_many_requests_at_once_share_one_fetch(auth):
    auth.delay = 0.3
    results: list[str] = []

    def verify(user_id: int) -> None:
        results.append(verify_token(make_token(user_id))["sub"])

    threads = [threading.Thread(target=verify, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == sorted(str(n) for n in range(8))
    assert auth.requests == 1
