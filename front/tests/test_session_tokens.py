"""Tokens live in the signed session and are refreshed before (or when) they expire."""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from front.api.tokens import SessionTokens
from front.tests.fakes import FakeResponse, page, problem
from front.tests.samples import auth_answer, jwt, me


def _me_page(fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    fake_apis.add("GET", "auth", "/api/auth/me", me(1))


def test_login_keeps_the_tokens_in_an_httponly_session_cookie(client, signed_in):
    signed_in()
    cookie = client.cookies["tk_session"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_a_token_about_to_expire_is_refreshed_before_the_call(client, fake_apis, signed_in):
    signed_in(expires_in=10)
    fresh = {"access": jwt(expires_in=900), "refresh": "rotated"}
    fake_apis.add("POST", "auth", "/api/auth/refresh", fresh)
    _me_page(fake_apis)
    response = client.get("/me")
    assert response.status_code == 200
    (refresh,) = fake_apis.calls_to("auth", "/api/auth/refresh")
    assert refresh.json["refresh"].startswith("refresh-1-")
    assert fake_apis.calls_to("board")[0].headers["Authorization"] == f"Bearer {fresh['access']}"
    # the rotated refresh token is the one kept for next time
    assert client.session["tk_auth"]["refresh"] == "rotated"


def test_a_401_triggers_one_refresh_and_a_retry(client, fake_apis, signed_in):
    signed_in()
    fresh = {"access": jwt(expires_in=900), "refresh": "rotated"}
    fake_apis.add("POST", "auth", "/api/auth/refresh", fresh)
    answers = iter([problem(401, "token expired"), page([])])
    fake_apis.add("GET", "board", "/api/board/posts", lambda call: next(answers))
    fake_apis.add("GET", "auth", "/api/auth/me", me(1))
    response = client.get("/me")
    assert response.status_code == 200
    assert len(fake_apis.calls_to("board")) == 2
    assert fake_apis.calls_to("board")[1].headers["Authorization"] == f"Bearer {fresh['access']}"


def test_a_refused_refresh_sends_the_visitor_to_log_in_and_back(client, fake_apis, signed_in):
    signed_in(expires_in=5)
    fake_apis.add("POST", "auth", "/api/auth/refresh", problem(401, "revoked"))
    _me_page(fake_apis)
    response = client.get("/me?tab=posts")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=%2Fme%3Ftab%3Dposts"
    assert "tk_auth" not in client.session


def test_logout_revokes_the_refresh_token_and_forgets_the_session(client, fake_apis, signed_in):
    answer = signed_in()
    fake_apis.add("POST", "auth", "/api/auth/logout", FakeResponse(204))
    response = client.post("/logout")
    assert response.status_code == 302
    (call,) = fake_apis.calls_to("auth", "/api/auth/logout")
    assert call.json == {"refresh": answer["refresh"]}
    assert "tk_auth" not in client.session


def test_pages_for_a_signed_in_visitor_are_never_stored_by_shared_caches(client, fake_apis, signed_in):
    signed_in()
    _me_page(fake_apis)
    response = client.get("/me")
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]


def test_pages_that_need_a_login_send_anonymous_visitors_to_log_in(client, fake_apis):
    response = client.get("/board/write")
    assert response.status_code == 302
    assert response["Location"] == "/login?next=%2Fboard%2Fwrite"


def test_login_returns_to_where_the_visitor_was_but_never_off_site(client, fake_apis):
    fake_apis.add("POST", "auth", "/api/auth/login", auth_answer())
    back = client.post("/login?next=/board/3", {"username": "a", "password": "b", "next": "/board/3"})
    assert back["Location"] == "/board/3"
    client.post("/logout")
    away = client.post("/login", {"username": "a", "password": "b", "next": "https://evil.example/"})
    assert away["Location"] == "/"


def test_logout_with_an_expired_access_token_revokes_the_live_refresh_token(client, fake_apis, signed_in):
    # Refreshing first would rotate the pair: auth would then revoke the stale token, and the
    # rotated one (still live) would outlast the logout.
    answer = signed_in(expires_in=5)
    fake_apis.add("POST", "auth", "/api/auth/refresh", {"access": jwt(expires_in=900), "refresh": "rotated"})
    fake_apis.add("POST", "auth", "/api/auth/logout", FakeResponse(204))
    client.post("/logout")
    assert fake_apis.calls_to("auth", "/api/auth/refresh") == []
    (call,) = fake_apis.calls_to("auth", "/api/auth/logout")
    assert call.json == {"refresh": answer["refresh"]}
    assert "Authorization" not in call.headers


def test_logout_while_auth_is_down_still_forgets_the_session_and_says_so(client, fake_apis, signed_in):
    signed_in()
    fake_apis.down("auth")
    response = client.post("/logout", follow=True)
    assert response.status_code == 200
    assert "tk_auth" not in client.session
    assert "인증 서비스에 알리지 못했지만" in response.content.decode()


def test_auth_down_during_a_refresh_keeps_the_session_and_the_page_explains(client, fake_apis, signed_in):
    answer = signed_in(expires_in=5)
    fake_apis.down("auth")
    _me_page(fake_apis)
    listing = client.get("/me")
    assert listing.status_code == 200  # sections show a notice; the page stays
    assert "지금은 불러올 수 없어요" in listing.content.decode()
    editing = client.get("/board/1/edit")
    assert editing.status_code == 503
    assert "잠시 응답하지 않아요" in editing.content.decode()
    # not logged out: once auth is back, the same refresh token still works
    assert client.session["tk_auth"]["refresh"] == answer["refresh"]


def test_visitors_refreshing_at_once_do_not_wait_for_each_other_while_auth_is_slow(fake_apis, rf):
    def slow_refresh(call):
        time.sleep(0.5)
        return {"access": jwt(expires_in=900), "refresh": f"rotated-{call.json['refresh']}"}

    fake_apis.add("POST", "auth", "/api/auth/refresh", slow_refresh)
    requests_, originals = [], []
    for user_id in (1, 2, 3):
        request = rf.get("/")
        request.session = {"tk_auth": auth_answer(user_id, expires_in=5)}
        requests_.append(request)
        originals.append(request.session["tk_auth"]["refresh"])
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=3) as pool:
        list(pool.map(lambda request: SessionTokens(request).fresh_access(), requests_))
    elapsed = time.monotonic() - started
    assert [r.session["tk_auth"]["refresh"] for r in requests_] == [f"rotated-{o}" for o in originals]
    assert elapsed < 1.2  # one after the other would take 1.5 s


def test_threads_of_one_page_refresh_the_session_once(fake_apis, rf):
    def slow_refresh(call):
        time.sleep(0.2)
        return {"access": jwt(expires_in=900), "refresh": "rotated"}

    fake_apis.add("POST", "auth", "/api/auth/refresh", slow_refresh)
    request = rf.get("/")
    request.session = {"tk_auth": auth_answer(expires_in=5)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        fresh = list(pool.map(lambda _: SessionTokens(request).fresh_access(), range(4)))
    assert len(set(fresh)) == 1
    assert len(fake_apis.calls_to("auth", "/api/auth/refresh")) == 1


def test_a_typed_logout_address_asks_first_and_logs_out_nobody(client, fake_apis, signed_in):
    signed_in()
    page_ = client.get("/logout")
    assert page_.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page_.content.decode()
    assert "tk_auth" in client.session  # a GET changes nothing
    assert fake_apis.calls_to("auth", "/api/auth/logout") == []


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "https:evil.example",
        "javascript:alert(1)",
        "http://testserver@evil.example/",
        " //evil.example",
    ],
)
def test_no_spelling_of_another_site_in_next_leads_off_site(client, fake_apis, target):
    fake_apis.add("POST", "auth", "/api/auth/guest", auth_answer(5, "guest", "손님"), status=201)
    response = client.post("/guest", {"nickname": "손님", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"
