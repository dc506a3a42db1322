"""Sessions on the server (front.web.sessions): logout ends every copy of the cookie; a store that
is down logs people out or says so (503), never a 500. The live test through the real front and
Valkey is front/tests/e2e/test_hardening.py."""

import pytest
from django.core.cache import caches
from django.test import Client

from front.tests.fakes import FakeResponse, page
from front.tests.samples import me
from kingdom.devstack import free_port


@pytest.fixture(autouse=True)
def server_sessions(settings):
    """The engine the front uses whenever REDIS_URL is set, on an in-process cache here."""
    settings.SESSION_ENGINE = "front.web.sessions"
    settings.SESSION_CACHE_ALIAS = "sessions"
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "sessions"},
    }
    caches["sessions"].clear()  # sessions of earlier tests (the store outlives a test's settings)


def _me_page(fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    fake_apis.add("GET", "auth", "/api/auth/me", me(1))


def _store_down(settings):
    """The sessions cache pointed at a Valkey/Redis address where nothing listens (as when it is down)."""
    settings.CACHES = {
        **settings.CACHES,
        "sessions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }


def test_the_cookie_carries_a_key_not_the_tokens(client, signed_in):
    answer = signed_in()
    cookie = client.cookies["tk_session"].value
    assert answer["access"] not in cookie
    assert answer["refresh"].split("-")[-1] not in cookie
    assert client.session["tk_auth"]["access"] == answer["access"]


def test_a_cookie_copied_before_logout_is_dead_after_it(client, fake_apis, signed_in):
    signed_in()
    copy = Client()
    copy.cookies["tk_session"] = client.cookies["tk_session"].value
    _me_page(fake_apis)
    assert copy.get("/me").status_code == 200  # the copy works while the session lives

    fake_apis.add("POST", "auth", "/api/auth/logout", FakeResponse(204))
    assert client.post("/logout").status_code == 302

    response = copy.get("/me")
    assert response.status_code == 302
    assert response["Location"].startswith("/login")
    posted = copy.post("/board/write", {"category": "free", "kind": "talk", "title": "t", "body": "b"})
    assert posted.status_code == 302
    assert posted["Location"].startswith("/login")
    assert [call for call in fake_apis.calls_to("board") if call.method == "POST"] == []


def test_the_session_key_changes_at_login(client, fake_apis, signed_in):
    # Fixation: a key planted in the visitor's browser before login must not become the session.
    session = client.session
    session["planted"] = True
    session.save()
    planted = session.session_key
    client.cookies["tk_session"] = planted

    signed_in()

    assert client.cookies["tk_session"].value != planted
    assert caches["sessions"].get("django.contrib.sessions.cache" + planted) is None


def test_a_store_that_cannot_be_written_at_login_is_a_503_page_not_a_500(client, fake_apis, settings):
    from front.tests.samples import auth_answer

    fake_apis.add("POST", "auth", "/api/auth/login", auth_answer())
    _store_down(settings)

    response = client.post("/login", {"username": "someone", "password": "pw-123456"})

    assert response.status_code == 503
    assert "잠시 응답하지 않아요" in response.content.decode()


def test_a_store_that_cannot_be_read_means_logged_out_not_a_500(client, fake_apis, signed_in, settings):
    signed_in()
    _store_down(settings)

    response = client.get("/me")

    assert response.status_code == 302
    assert response["Location"].startswith("/login")
    assert client.get("/").status_code in (200, 503)  # a page that needs no login still renders


def test_an_emptied_store_means_logged_out(client, fake_apis, signed_in):
    signed_in()
    caches["sessions"].clear()  # Valkey restarted without its data

    response = client.get("/me")

    assert response.status_code == 302
    assert response["Location"].startswith("/login")
