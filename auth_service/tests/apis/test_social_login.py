"""Kakao, Naver and Google sign-in against a real loopback provider: the flows and every refusal."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.test import APIClient

from auth_service.accounts.models import Role, User
from auth_service.accounts.services import user_deactivate
from auth_service.social.models import SocialLink
from auth_service.tests.accounts import PASSWORD, client_for, guest, member, unique_name
from auth_service.tests.social_flow import consent, redirect_uri

pytestmark = pytest.mark.django_db
ALL = ["kakao", "naver", "google"]


def anon() -> APIClient:
    client = APIClient()
    client.default_format = "json"
    return client


def as_user(access: str) -> APIClient:
    client = client_for(access)
    client.default_format = "json"
    return client


def start(provider: str, client: APIClient | None = None) -> tuple[str, str]:
    answer = (client or anon()).post(f"/api/auth/social/{provider}/authorize")
    assert answer.status_code == 200, answer.content
    return answer.json()["authorization_url"], answer.json()["flow"]


def callback(provider: str, *, approve: bool = True) -> dict:
    """Start, consent; the body the front sends to login/link/upgrade."""
    url, flow = start(provider)
    return {"flow": flow, **consent(url, approve=approve)}


def login(provider: str, body: dict, client: APIClient | None = None):
    return (client or anon()).post(f"/api/auth/social/{provider}/login", body, format="json")


def sign_up(
    provider: str, oauth, *, subject: str | None = None, nickname: str = "카카오짠돌", email: str = ""
):
    oauth.sign_in_as(provider, subject or unique_name("4"), nickname=nickname, email=email)
    answer = login(provider, callback(provider))
    assert answer.status_code == 200, answer.content
    assert answer.json()["status"] == "signup_required"
    created = anon().post(
        "/api/auth/social/signup",
        {"signup_ticket": answer.json()["signup_ticket"], "nickname": answer.json()["proposed_nickname"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    return created.json()


def assert_refused(answer, status: int, slug: str) -> dict:
    assert answer.status_code == status, answer.content
    assert answer["Content-Type"] == "application/problem+json"
    body = answer.json()
    assert body["type"].endswith(f"/{slug}")
    return body


# --- what the front shows --------------------------------------------------------------------


def test_only_configured_providers_are_listed(oauth, settings):
    settings.SOCIAL_PROVIDERS = {"naver": settings.SOCIAL_PROVIDERS["naver"]}
    answer = anon().get("/api/auth/social/providers")
    assert answer.json() == {"providers": [{"provider": "naver", "label": "네이버"}]}
    assert anon().post("/api/auth/social/kakao/authorize").status_code == 404


@pytest.mark.parametrize("provider", ALL)
def test_authorize_url_carries_pkce_state_and_the_configured_redirect(oauth, provider):
    url, _flow = start(provider)
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert url.startswith(oauth.url(provider, "authorize"))
    assert query["redirect_uri"] == redirect_uri(provider)
    assert query["client_id"] == oauth.providers[provider].client.client_id
    assert query["response_type"] == "code"
    assert query["code_challenge_method"] == "S256"
    assert len(query["code_challenge"]) == 43
    assert len(query["state"]) >= 32
    assert ("nonce" in query) == (provider == "google")


# --- first sign-in, then again -----------------------------------------------------------------


@pytest.mark.parametrize("provider", ALL)
def test_first_sign_in_proposes_a_nickname_then_creates_a_member_without_password(oauth, provider):
    subject = unique_name("77")
    oauth.sign_in_as(provider, subject, nickname="알뜰 살림꾼!", email=f"{subject}@example.kr")
    answer = login(provider, callback(provider))
    assert answer.json()["status"] == "signup_required"
    assert answer.json()["proposed_nickname"] == "알뜰살림꾼"  # our rules: no spaces or symbols
    assert not User.objects.filter(social_links__subject=subject).exists()

    created = anon().post(
        "/api/auth/social/signup",
        {"signup_ticket": answer.json()["signup_ticket"], "nickname": unique_name("내이름")},
        format="json",
    )
    assert created.status_code == 201, created.content
    user = User.objects.get(pk=created.json()["user"]["id"])
    assert user.role == Role.MEMBER
    assert not user.has_usable_password()
    assert user.email == f"{subject}@example.kr"
    assert SocialLink.objects.get(user=user).subject == subject
    me = as_user(created.json()["access"]).get("/api/auth/me")
    assert me.json()["nickname"] == user.nickname

    again = login(provider, callback(provider))
    assert again.json()["status"] == "signed_in"
    assert again.json()["user"]["id"] == user.pk
    assert anon().post("/api/auth/refresh", {"refresh": again.json()["refresh"]}).status_code == 200


def test_the_signup_ticket_makes_one_account_only(oauth):
    oauth.sign_in_as("kakao", unique_name("5"), nickname="한번만")
    ticket = login("kakao", callback("kakao")).json()["signup_ticket"]
    first = anon().post("/api/auth/social/signup", {"signup_ticket": ticket, "nickname": unique_name("첫")})
    second = anon().post("/api/auth/social/signup", {"signup_ticket": ticket, "nickname": unique_name("둘")})
    assert first.status_code == 201
    assert_refused(second, 409, "social_already_linked")
    assert User.objects.filter(nickname__startswith="둘").count() == 0


def test_the_finishing_page_refuses_a_taken_or_unruly_nickname(oauth):
    taken, _ = member()
    oauth.sign_in_as("naver", unique_name("n"), nickname="닉")
    ticket = login("naver", callback("naver")).json()["signup_ticket"]
    for nickname, message in [(taken.nickname, "이미 사용 중인 닉네임"), ("익명왕", "쓸 수 없는 닉네임")]:
        answer = anon().post("/api/auth/social/signup", {"signup_ticket": ticket, "nickname": nickname})
        body = assert_refused(answer, 400, "validation")
        assert message in body["errors"]["nickname"][0]
    assert not SocialLink.objects.filter(provider="naver", user__nickname="익명왕").exists()


def test_a_forged_signup_ticket_is_refused(oauth):
    answer = anon().post("/api/auth/social/signup", {"signup_ticket": "made.up", "nickname": "위조범"})
    assert_refused(answer, 400, "social_signup_expired")
    assert not User.objects.filter(nickname="위조범").exists()


# --- an existing member's e-mail never takes over --------------------------------------------


@pytest.mark.parametrize("provider", ALL)
def test_a_provider_email_of_an_existing_member_is_refused_until_they_link(oauth, provider):
    owner, _ = member(email=f"{unique_name('own')}@example.kr")
    subject = unique_name("9")
    oauth.sign_in_as(provider, subject, nickname="사칭", email=owner.email.upper())
    refused = login(provider, callback(provider))
    body = assert_refused(refused, 409, "social_email_in_use")
    assert "로그인한 뒤" in body["detail"]
    assert not SocialLink.objects.filter(subject=subject).exists()
    assert User.objects.filter(email__iexact=owner.email).count() == 1

    # The owner logs in the usual way and links; from then on the provider signs them in.
    access = (
        anon().post("/api/auth/login", {"username": owner.username, "password": PASSWORD}).json()["access"]
    )
    linked = as_user(access).post(f"/api/auth/social/{provider}/link", callback(provider), format="json")
    assert linked.status_code == 200, linked.content
    assert [link["provider"] for link in linked.json()["links"]] == [provider]
    signed_in = login(provider, callback(provider))
    assert signed_in.json()["status"] == "signed_in"
    assert signed_in.json()["user"]["id"] == owner.pk


# --- link and unlink ---------------------------------------------------------------------------


def test_a_provider_account_signs_in_as_one_member_only(oauth):
    first, first_tokens = member()
    second, second_tokens = member()
    oauth.sign_in_as("google", unique_name("g"))
    assert (
        as_user(first_tokens.access).post("/api/auth/social/google/link", callback("google")).status_code
        == 200
    )
    refused = as_user(second_tokens.access).post("/api/auth/social/google/link", callback("google"))
    assert_refused(refused, 409, "social_already_linked")
    assert SocialLink.objects.get(provider="google", user__in=[first, second]).user == first


def test_unlink_keeps_the_last_way_to_sign_in(oauth):
    created = sign_up("kakao", oauth)
    client = as_user(created["access"])
    refused = client.delete("/api/auth/social/kakao/link")
    assert "유일한 방법" in assert_refused(refused, 409, "social_last_sign_in")["detail"]

    oauth.sign_in_as("naver", unique_name("n"))
    assert client.post("/api/auth/social/naver/link", callback("naver")).status_code == 200
    assert client.delete("/api/auth/social/kakao/link").status_code == 204
    links = client.get("/api/auth/social/links").json()
    assert [link["provider"] for link in links["links"]] == ["naver"]
    assert links["has_password"] is False
    assert_refused(client.delete("/api/auth/social/naver/link"), 409, "social_last_sign_in")


def test_a_member_with_a_password_may_unlink_their_only_link(oauth):
    user, tokens = member()
    client = as_user(tokens.access)
    oauth.sign_in_as("naver", unique_name("n"))
    client.post("/api/auth/social/naver/link", callback("naver"))
    assert client.delete("/api/auth/social/naver/link").status_code == 204
    assert not SocialLink.objects.filter(user=user).exists()
    assert_refused(client.delete("/api/auth/social/naver/link"), 404, "not_found")


def test_links_need_a_token(oauth):
    assert anon().get("/api/auth/social/links").status_code == 401
    assert anon().post("/api/auth/social/kakao/link", callback("kakao")).status_code == 401


# --- guests ------------------------------------------------------------------------------------


@pytest.mark.parametrize("provider", ALL)
def test_a_guest_upgrades_through_a_provider_keeping_their_id(oauth, provider):
    user, tokens = guest()
    oauth.sign_in_as(provider, unique_name("up"), email=f"{unique_name('g')}@example.kr")
    answer = as_user(tokens.access).post(f"/api/auth/social/{provider}/upgrade", callback(provider))
    assert answer.status_code == 200, answer.content
    assert answer.json()["user"]["id"] == user.pk
    assert answer.json()["user"]["role"] == "member"
    assert anon().post("/api/auth/refresh", {"refresh": tokens.refresh}).status_code == 401
    signed_in = login(provider, callback(provider))
    assert signed_in.json()["user"]["id"] == user.pk


def test_a_member_cannot_use_the_guest_upgrade(oauth):
    _, tokens = member()
    answer = as_user(tokens.access).post("/api/auth/social/kakao/upgrade", callback("kakao"))
    assert answer.status_code == 403


# --- refusals: each with a clear problem and no account ------------------------------------------


def _no_account_for(subject: str) -> bool:
    return not SocialLink.objects.filter(subject=subject).exists()


@pytest.mark.parametrize("provider", ALL)
def test_denied_consent(oauth, provider):
    subject = unique_name("d")
    oauth.sign_in_as(provider, subject)
    body = callback(provider, approve=False)
    assert body["error"] == "access_denied"
    refused = assert_refused(login(provider, body), 400, "social_access_denied")
    assert "동의하지 않아" in refused["detail"]
    assert _no_account_for(subject)


@pytest.mark.parametrize("provider", ALL)
def test_forged_state(oauth, provider):
    subject = unique_name("f")
    oauth.sign_in_as(provider, subject)
    body = callback(provider)
    assert_refused(login(provider, {**body, "state": "someone-elses-state"}), 400, "social_state_mismatch")
    # Another browser's flow with this callback: the same refusal.
    _url, other_flow = start(provider)
    assert_refused(login(provider, {**body, "flow": other_flow}), 400, "social_state_mismatch")
    assert_refused(login(provider, {**body, "flow": body["flow"] + "x"}), 400, "social_state_mismatch")
    assert _no_account_for(subject)


@pytest.mark.parametrize("provider", ALL)
def test_replayed_code(oauth, provider):
    created = sign_up(provider, oauth)
    body = callback(provider)
    assert login(provider, body).json()["user"]["id"] == created["user"]["id"]
    refused = assert_refused(login(provider, body), 400, "social_code_rejected")
    assert "이미 사용" in refused["detail"]


@pytest.mark.parametrize("provider", ALL)
def test_mismatched_redirect_uri(oauth, provider):
    subject = unique_name("r")
    oauth.sign_in_as(provider, subject)
    url, flow = start(provider)
    # A code issued for another registered address than the one auth redeems it for.
    elsewhere = url.replace("login%2Fsocial", "elsewhere").replace(
        f"%2F{provider}%2Fcallback", f"%2F{provider}"
    )
    assert elsewhere != url
    body = {"flow": flow, **consent(elsewhere)}
    assert_refused(login(provider, body), 400, "social_code_rejected")
    assert _no_account_for(subject)


@pytest.mark.parametrize("provider", ALL)
def test_expired_code(oauth, provider):
    subject = unique_name("e")
    oauth.sign_in_as(provider, subject)
    body = callback(provider)
    oauth.expire_codes()
    assert_refused(login(provider, body), 400, "social_code_rejected")
    assert _no_account_for(subject)


def test_expired_flow(oauth, settings):
    body = callback("kakao")
    settings.SOCIAL_FLOW_MAX_AGE_SECONDS = -1
    assert_refused(login("kakao", body), 400, "social_flow_expired")


@pytest.mark.parametrize(
    ("claims", "why"),
    [
        ({"aud": "someone-elses-app"}, "wrong audience"),
        ({"nonce": "another-sign-in"}, "wrong nonce"),
        ({"iss": "https://accounts.example.com"}, "wrong issuer"),
        ({"exp": 1_000_000_000}, "expired"),
    ],
)
def test_google_id_token_must_be_for_us_and_this_sign_in(oauth, claims, why):
    subject = unique_name("t")
    oauth.sign_in_as("google", subject)
    oauth.providers["google"].id_token_overrides = claims
    refused = assert_refused(login("google", callback("google")), 400, "social_id_token_invalid")
    assert "믿을 수 없어" in refused["detail"], why
    assert _no_account_for(subject)


def test_the_code_is_redeemed_with_the_pkce_verifier_and_the_same_redirect_uri(oauth):
    sign_up("kakao", oauth)
    redeemed = oauth.token_requests[-1]
    assert redeemed["grant_type"] == "authorization_code"
    assert redeemed["redirect_uri"] == redirect_uri("kakao")
    assert len(redeemed["code_verifier"]) == 64  # the loopback checked it against the S256 challenge


def test_a_provider_that_is_down_is_a_503(oauth, settings):
    body = callback("naver")
    settings.SOCIAL_PROVIDERS["naver"]["token_url"] = "http://127.0.0.1:9/oauth2.0/token"
    assert_refused(login("naver", body), 503, "social_provider_unavailable")


# --- the same rules as password members --------------------------------------------------------


def test_a_deactivated_member_cannot_sign_in_with_a_provider(oauth):
    created = sign_up("kakao", oauth)
    user_deactivate(User.objects.get(pk=created["user"]["id"]))
    assert_refused(login("kakao", callback("kakao")), 403, "account_inactive")
    assert anon().post("/api/auth/refresh", {"refresh": created["refresh"]}).status_code == 401


def test_a_locked_username_is_locked_for_its_provider_too(oauth, settings):
    user, tokens = member()
    oauth.sign_in_as("naver", unique_name("l"))
    as_user(tokens.access).post("/api/auth/social/naver/link", callback("naver"))
    for _ in range(settings.LOGIN_LOCKOUT_FAILURES):
        anon().post("/api/auth/login", {"username": user.username, "password": "wrong-password-1"})
    locked = anon().post("/api/auth/login", {"username": user.username, "password": PASSWORD})
    assert locked.json()["type"].endswith("account_locked")  # even the right password, from here
    answer = login("naver", callback("naver"))
    assert_refused(answer, 429, "account_locked")
    assert int(answer["Retry-After"]) > 0


def test_logout_ends_a_social_session(oauth):
    created = sign_up("google", oauth)
    assert anon().post("/api/auth/logout", {"refresh": created["refresh"]}).status_code == 204
    assert anon().post("/api/auth/refresh", {"refresh": created["refresh"]}).status_code == 401


# --- Kakao's optional OpenID Connect -------------------------------------------------------------


@pytest.fixture
def kakao_oidc(oauth, settings):
    from auth_service.tests.social_flow import social_settings

    settings.SOCIAL_PROVIDERS = social_settings(oauth, kakao_oidc=True)
    return oauth


def test_kakao_with_openid_connect_reads_the_id_token(kakao_oidc):
    url, _flow = start("kakao")
    query = parse_qs(urlsplit(url).query)
    assert "openid" in query["scope"][0].split()
    assert "nonce" in query
    subject = unique_name("ko")
    kakao_oidc.sign_in_as("kakao", subject, nickname="카카오오픈")
    answer = login("kakao", callback("kakao"))
    assert answer.json()["status"] == "signup_required"
    assert answer.json()["proposed_nickname"] == "카카오오픈"


@pytest.mark.parametrize(
    "claims", [{"aud": "another-kakao-app"}, {"nonce": "x"}, {"iss": "https://kauth.example"}]
)
def test_kakao_id_token_for_someone_else_is_refused(kakao_oidc, claims):
    subject = unique_name("kx")
    kakao_oidc.sign_in_as("kakao", subject)
    kakao_oidc.providers["kakao"].id_token_overrides = claims
    assert_refused(login("kakao", callback("kakao")), 400, "social_id_token_invalid")
    assert not SocialLink.objects.filter(subject=subject).exists()


def test_my_links_are_read_in_constant_queries(oauth, django_assert_num_queries):
    created = sign_up("kakao", oauth)
    client = as_user(created["access"])
    for provider in ("naver", "google"):
        oauth.sign_in_as(provider, unique_name("q"))
        client.post(f"/api/auth/social/{provider}/link", callback(provider))
    with django_assert_num_queries(2):  # the live account, its links
        answer = client.get("/api/auth/social/links")
    assert [link["provider"] for link in answer.json()["links"]] == ["kakao", "naver", "google"]


def test_a_google_key_rotation_is_followed_and_a_forged_signature_refused(oauth):
    created = sign_up("google", oauth)  # auth now holds the current JWKS
    key, published = oauth.key, oauth.published
    try:
        oauth.rotate_key()
        rotated = login("google", callback("google"))
        assert rotated.json()["user"]["id"] == created["user"]["id"]

        oauth.sign_with_an_unpublished_key()
        assert_refused(login("google", callback("google")), 400, "social_id_token_invalid")
    finally:
        oauth.key, oauth.published = key, published
