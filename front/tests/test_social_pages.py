"""카카오 · 네이버 · Google login pages: the front redirects, hands the callback to auth, keeps tokens."""

from __future__ import annotations

import pytest

from front.tests.fakes import problem
from front.tests.samples import auth_answer, me, signup_required

PROVIDERS = {
    "providers": [
        {"provider": "kakao", "label": "카카오"},
        {"provider": "naver", "label": "네이버"},
        {"provider": "google", "label": "Google"},
    ]
}
AUTHORIZE = {"authorization_url": "https://kauth.kakao.com/oauth/authorize?state=s1", "flow": "signed-flow"}


@pytest.fixture
def providers(fake_apis):
    fake_apis.add("GET", "auth", "/api/auth/social/providers", PROVIDERS)
    return fake_apis


def start(client, fake_apis, provider="kakao", query="next=/board/3"):
    fake_apis.add("POST", "auth", f"/api/auth/social/{provider}/authorize", AUTHORIZE)
    response = client.get(f"/login/social/{provider}?{query}")
    assert response.status_code == 302
    return response


@pytest.mark.parametrize("path", ["/login", "/signup", "/enter"])
def test_entry_pages_show_the_configured_providers_in_their_own_words(client, providers, path):
    html = client.get(path).content.decode()
    assert 'class="social-button kakao"' in html
    assert "카카오 로그인" in html
    assert "네이버 로그인" in html
    assert "Google 계정으로 로그인" in html


def test_only_configured_providers_get_a_button(client, fake_apis):
    fake_apis.add(
        "GET", "auth", "/api/auth/social/providers", {"providers": [{"provider": "naver", "label": "네이버"}]}
    )
    html = client.get("/login").content.decode()
    assert "네이버 로그인" in html
    assert "카카오 로그인" not in html
    assert "Google 계정으로 로그인" not in html


def test_the_password_login_stays_when_auth_cannot_list_providers(client, fake_apis):
    fake_apis.down("auth")
    response = client.get("/login")
    assert response.status_code == 200
    assert "social-button" not in response.content.decode()
    assert 'name="password"' in response.content.decode()


def test_start_keeps_the_flow_in_the_session_and_sends_the_browser_to_the_provider(client, fake_apis):
    response = start(client, fake_apis)
    assert response["Location"] == AUTHORIZE["authorization_url"]
    assert client.session["tk_social_flow"] == {
        "provider": "kakao",
        "flow": "signed-flow",
        "intent": "login",
        "next": "/board/3",
    }


def test_start_never_returns_to_another_site(client, fake_apis):
    start(client, fake_apis, query="next=https://evil.example/")
    assert client.session["tk_social_flow"]["next"] == "/"


def test_an_unknown_provider_is_a_404(client, fake_apis):
    assert client.get("/login/social/facebook").status_code == 404
    fake_apis.add("POST", "auth", "/api/auth/social/naver/authorize", problem(404, "없음"))
    assert client.get("/login/social/naver").status_code == 404


def test_the_callback_hands_code_state_and_flow_to_auth_and_signs_in(client, fake_apis):
    start(client, fake_apis)
    fake_apis.add("POST", "auth", "/api/auth/social/kakao/login", {"status": "signed_in", **auth_answer(7)})
    response = client.get("/login/social/kakao/callback?code=c0de&state=s1")
    assert response["Location"] == "/board/3"
    sent = fake_apis.calls_to("auth", "/api/auth/social/kakao/login")[0].json
    assert sent == {"flow": "signed-flow", "state": "s1", "code": "c0de", "error": ""}
    assert client.session["tk_auth"]["user"]["id"] == 7
    assert "tk_social_flow" not in client.session


def test_a_first_sign_in_confirms_the_nickname_then_creates_the_member(client, fake_apis):
    start(client, fake_apis)
    fake_apis.add(
        "POST",
        "auth",
        "/api/auth/social/kakao/login",
        signup_required(proposed_nickname="카카오짠돌"),
    )
    assert client.get("/login/social/kakao/callback?code=c&state=s1")["Location"] == "/login/social/finish"
    page = client.get("/login/social/finish").content.decode()
    assert 'value="카카오짠돌"' in page
    assert "tk_auth" not in client.session

    fake_apis.add("POST", "auth", "/api/auth/social/signup", auth_answer(8, nickname="내가정함"), status=201)
    response = client.post("/login/social/finish", {"nickname": "내가정함"})
    assert response["Location"] == "/board/3"
    assert fake_apis.calls_to("auth", "/api/auth/social/signup")[0].json == {
        "signup_ticket": "t1",
        "nickname": "내가정함",
    }
    assert client.session["tk_auth"]["user"]["id"] == 8


def test_a_taken_nickname_comes_back_at_its_field(client, fake_apis):
    start(client, fake_apis)
    fake_apis.add(
        "POST",
        "auth",
        "/api/auth/social/kakao/login",
        signup_required(proposed_nickname="짠"),
    )
    client.get("/login/social/kakao/callback?code=c&state=s1")
    fake_apis.add(
        "POST",
        "auth",
        "/api/auth/social/signup",
        problem(400, "입력값", {"nickname": ["이미 사용 중인 닉네임입니다."]}),
    )
    response = client.post("/login/social/finish", {"nickname": "누군가"})
    assert response.status_code == 400
    assert "이미 사용 중인 닉네임입니다." in response.content.decode()
    assert "tk_auth" not in client.session


def test_a_callback_this_browser_did_not_start_is_refused_in_korean(client, fake_apis):
    response = client.get("/login/social/kakao/callback?code=c&state=s1")
    assert response.status_code == 400
    assert "이 브라우저에서 시작한 로그인이 아니거나" in response.content.decode()
    assert fake_apis.calls_to("auth", "/api/auth/social/kakao/login") == []


def test_auths_refusal_is_shown_and_nobody_is_signed_in(client, fake_apis):
    start(client, fake_apis)
    fake_apis.add(
        "POST",
        "auth",
        "/api/auth/social/kakao/login",
        problem(400, "카카오 로그인에 동의하지 않아 취소했어요."),
    )
    response = client.get("/login/social/kakao/callback?error=access_denied&state=s1")
    assert response.status_code == 400
    html = response.content.decode()
    assert "카카오 로그인에 동의하지 않아 취소했어요." in html
    assert "계정은 만들어지지 않았고" in html
    assert fake_apis.calls_to("auth", "/api/auth/social/kakao/login")[0].json["error"] == "access_denied"
    assert "tk_auth" not in client.session


def test_a_member_links_from_my_page_and_comes_back(client, fake_apis, signed_in):
    signed_in(user_id=3)
    start(client, fake_apis, provider="naver", query="intent=link&next=/me")
    assert client.session["tk_social_flow"]["intent"] == "link"
    fake_apis.add("POST", "auth", "/api/auth/social/naver/link", {"links": [], "has_password": True})
    response = client.get("/login/social/naver/callback?code=c&state=s1")
    assert response["Location"] == "/me"
    assert (
        fake_apis.calls_to("auth", "/api/auth/social/naver/link")[0]
        .headers["Authorization"]
        .startswith("Bearer ")
    )


def test_a_guest_upgrades_through_a_provider(client, fake_apis, signed_in):
    signed_in(user_id=5, role="guest", nickname="지나가던손")
    start(client, fake_apis, provider="google", query="intent=upgrade&next=/board/9")
    fake_apis.add("POST", "auth", "/api/auth/social/google/upgrade", auth_answer(5, "member", "지나가던손"))
    response = client.get("/login/social/google/callback?code=c&state=s1")
    assert response["Location"] == "/board/9"
    assert client.session["tk_auth"]["user"] == {"id": 5, "nickname": "지나가던손", "role": "member"}


def test_the_upgrade_page_offers_providers_to_a_guest(client, providers, signed_in):
    signed_in(user_id=5, role="guest")
    html = client.get("/upgrade").content.decode()
    assert "/login/social/kakao?intent=upgrade&amp;next=" in html


def test_my_page_lists_links_and_refuses_to_unlink_the_last_one(client, providers, signed_in):
    signed_in(user_id=3)
    providers.add("GET", "auth", "/api/auth/me", me(3))
    providers.add(
        "GET",
        "auth",
        "/api/auth/social/links",
        {"links": [{"provider": "kakao", "created_at": "2026-12-01T00:00:00Z"}], "has_password": False},
    )
    html = client.get("/me").content.decode()
    assert "카카오 연결 해제" in html
    assert "네이버 연결하기" in html
    assert "비밀번호 변경" not in html  # a provider-only member has no password to change

    providers.add(
        "DELETE",
        "auth",
        "/api/auth/social/kakao/link",
        problem(409, "카카오은(는) 지금 로그인할 수 있는 유일한 방법"),
    )
    response = client.post("/me/social/kakao/unlink", follow=True)
    assert "유일한 방법" in response.content.decode()


def test_the_nickname_page_without_a_pending_sign_in_sends_to_login(client, fake_apis):
    response = client.post("/login/social/finish", {"nickname": "누구"})
    assert response["Location"] == "/login"
    assert fake_apis.calls_to("auth", "/api/auth/social/signup") == []
