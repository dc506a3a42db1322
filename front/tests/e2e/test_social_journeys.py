"""카카오 · 네이버 · Google login in Chromium against the loopback provider, every service real."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import psycopg2
import pytest
import requests
from playwright.sync_api import expect

from front.tests.e2e.conftest import PASSWORD, join_as_guest, signup, unique, write_post
from kingdom.devstack import SERVICES_BY_NAME

BUTTONS = {"kakao": "카카오 로그인", "naver": "네이버 로그인", "google": "Google 계정으로 로그인"}
LABELS = {"kakao": "카카오", "naver": "네이버", "google": "Google"}
ALL = list(BUTTONS)


def linked_accounts(stack, subject: str) -> int:
    """How many of our accounts the provider account signs in as (read from auth's database)."""
    with psycopg2.connect(stack.database_url_for(SERVICES_BY_NAME["auth"])) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM social_sociallink WHERE subject = %s", [subject])
        return cursor.fetchone()[0]


def consent(page, *, approve: bool = True) -> None:
    page.wait_for_url(re.compile(r"/(oauth|oauth2\.0|o/oauth2/v2)/(authorize|auth)\?"))
    page.get_by_role("button", name="동의하고 계속하기" if approve else "취소").click()


def account_nav(page):
    return page.get_by_role("navigation", name="계정")


def sign_in_with(page, provider: str, *, start: str = "/login") -> None:
    page.goto(start)
    page.get_by_role("link", name=BUTTONS[provider]).click()
    consent(page)


def log_out(page) -> None:
    page.get_by_role("button", name="로그아웃").click()
    expect(page.locator(".messages")).to_contain_text("로그아웃했어요")


@pytest.mark.parametrize("provider", ALL)
def test_a_new_visitor_signs_in_with_the_provider(open_page, oauth, stack, shot, provider):
    subject = unique("s")
    oauth.sign_in_as(provider, subject, nickname="알뜰 새내기!", email=f"{subject}@example.kr")
    page = open_page()
    page.goto("/login")
    button = page.get_by_role("link", name=BUTTONS[provider])
    expect(button).to_have_class(re.compile(provider))
    shot(page, "buttons")
    button.click()
    consent(page)

    # First time: the nickname proposed from the profile, made to fit our rules, may be changed.
    expect(page.get_by_role("heading", level=1)).to_have_text("닉네임 정하기")
    expect(page.get_by_label("닉네임", exact=True)).to_have_value(re.compile(r"^알뜰새내기\d*$"))
    assert linked_accounts(stack, subject) == 0
    nickname = unique("새")
    page.get_by_label("닉네임", exact=True).fill(nickname)
    shot(page, "finish")
    page.get_by_role("button", name="가입하기").click()
    expect(page.locator(".messages")).to_contain_text(f"가입을 환영해요, {nickname}님!")
    expect(account_nav(page)).to_contain_text(nickname)
    assert linked_accounts(stack, subject) == 1

    # Logout ends it like a password session; next time the provider signs them straight in.
    log_out(page)
    sign_in_with(page, provider)
    expect(page.locator(".messages")).to_contain_text(f"{nickname}님, {LABELS[provider]}로 로그인했어요.")
    expect(account_nav(page)).to_contain_text(nickname)
    assert linked_accounts(stack, subject) == 1


@pytest.mark.parametrize("provider", ALL)
def test_an_existing_member_links_then_signs_in_with_the_provider(open_page, oauth, shot, provider):
    page = open_page()
    account = signup(page)
    oauth.sign_in_as(provider, unique("m"), nickname="다른이름")
    page.goto("/me")
    page.get_by_role("link", name=f"{LABELS[provider]} 연결하기").click()
    consent(page)
    expect(page.locator(".messages")).to_contain_text(f"{LABELS[provider]} 계정을 연결했어요")
    expect(page.get_by_role("button", name=f"{LABELS[provider]} 연결 해제")).to_be_visible()
    shot(page, "linked")

    log_out(page)
    sign_in_with(page, provider)
    expect(account_nav(page)).to_contain_text(account["nickname"])


@pytest.mark.parametrize("provider", ALL)
def test_a_guest_upgrades_through_a_provider_keeping_their_post(open_page, oauth, shot, provider):
    page = open_page()
    nickname = join_as_guest(page)
    title = f"비회원 글 {unique('g')}"
    post_id = write_post(page, title=title, body="나중에 회원이 될 거예요")
    oauth.sign_in_as(provider, unique("u"))

    page.goto("/upgrade")
    page.get_by_role("link", name=BUTTONS[provider]).click()
    consent(page)
    expect(page.locator(".messages")).to_contain_text("회원이 되었어요")
    expect(account_nav(page)).not_to_contain_text("비회원")
    expect(account_nav(page)).to_contain_text(nickname)
    shot(page, "upgraded")

    page.goto(f"/board/{post_id}")
    expect(page.get_by_role("link", name="수정")).to_be_visible()
    expect(page.locator("article.post")).to_contain_text(nickname)

    log_out(page)
    sign_in_with(page, provider)
    page.goto(f"/board/{post_id}")
    expect(page.get_by_role("link", name="수정")).to_be_visible()


def test_unlink_but_never_the_last_way_to_sign_in(open_page, oauth, shot):
    page = open_page()
    oauth.sign_in_as("kakao", unique("k"))
    sign_in_with(page, "kakao")
    page.get_by_label("닉네임", exact=True).fill(unique("연결"))
    page.get_by_role("button", name="가입하기").click()
    page.goto("/me")
    expect(page.get_by_role("link", name="비밀번호 변경")).to_have_count(0)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="카카오 연결 해제").click()
    expect(page.locator(".messages")).to_contain_text("유일한 방법이라 해제할 수 없어요")

    oauth.sign_in_as("naver", unique("n"))
    page.get_by_role("link", name="네이버 연결하기").click()
    consent(page)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="카카오 연결 해제").click()
    expect(page.locator(".messages")).to_contain_text("카카오 계정 연결을 해제했어요")
    expect(page.get_by_role("link", name="카카오 연결하기")).to_be_visible()
    expect(page.get_by_role("button", name="네이버 연결 해제")).to_be_visible()
    shot(page, "unlinked")


# --- refusals: a clear Korean message, nobody signed in, no account -----------------------------


def _on_consent(oauth, provider: str, before_return):
    """A route on the consent form's POST: ``before_return(code)`` runs before the browser is sent back.

    (Playwright does not route the redirects a browser follows, so the code is caught here.)
    """

    def handle(route):
        if route.request.method != "POST":
            route.continue_()
            return
        answer = route.fetch(max_redirects=0)
        code = parse_qs(urlsplit(answer.headers["location"]).query)["code"][0]
        before_return(code)
        route.fulfill(response=answer)

    return handle


def _redeem_elsewhere(oauth, provider: str):
    """Someone else redeems the code before the browser arrives with it."""

    def redeem(code: str) -> None:
        client = oauth.providers[provider].client
        requests.post(
            oauth.url(provider, "token"),
            data={
                "grant_type": "authorization_code",
                "code": code,
                "redirect_uri": client.redirect_uris[0],
                "client_id": client.client_id,
                "client_secret": client.client_secret,
            },
            timeout=5,
        )

    return _on_consent(oauth, provider, redeem)


def _expire_first(oauth, provider: str):
    return _on_consent(oauth, provider, lambda code: oauth.expire_codes())


def _another_redirect_uri(oauth, provider: str):
    """The consent form is sent for a second address registered at the provider; auth redeems for its own."""
    client = oauth.providers[provider].client
    other = client.redirect_uris[0] + "?via=elsewhere"
    client.redirect_uris.append(other)

    def handle(route):
        if route.request.method != "POST":
            route.continue_()
            return
        form = {k: v[0] for k, v in parse_qs(route.request.post_data).items()}
        form["redirect_uri"] = other
        route.continue_(post_data=urlencode(form))

    return handle


REFUSALS = {
    "denied consent": ("kakao", "동의하지 않아 취소했어요"),
    "forged state": ("naver", "이 브라우저에서 시작한 것과 달라요"),
    "replayed code": ("kakao", "만료되었거나 이미 사용되었어요"),
    "mismatched redirect URI": ("naver", "만료되었거나 이미 사용되었어요"),
    "expired code": ("google", "만료되었거나 이미 사용되었어요"),
    "wrong audience": ("google", "믿을 수 없어 로그인하지 않았어요"),
    "wrong nonce": ("google", "믿을 수 없어 로그인하지 않았어요"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_a_refused_sign_in_says_why_in_korean_and_creates_nothing(open_page, oauth, stack, shot, case):
    provider, message = REFUSALS[case]
    subject = unique("x")
    oauth.sign_in_as(provider, subject)
    page = open_page()
    authorize = re.compile(rf"127\.0\.0\.1:{oauth.port}/{provider}/")
    if case == "replayed code":
        page.route(authorize, _redeem_elsewhere(oauth, provider))
    elif case == "expired code":
        page.route(authorize, _expire_first(oauth, provider))
    elif case == "mismatched redirect URI":
        page.route(authorize, _another_redirect_uri(oauth, provider))
    elif case == "wrong audience":
        oauth.providers["google"].id_token_overrides = {"aud": "someone-elses-app"}
    elif case == "wrong nonce":
        oauth.providers["google"].id_token_overrides = {"nonce": "another-sign-in"}
    try:
        page.goto("/login")
        page.get_by_role("link", name=BUTTONS[provider]).click()
        if case == "forged state":
            page.wait_for_url(re.compile(r"/authorize\?"))
            page.goto(f"/login/social/{provider}/callback?code=made-up&state=forged-state")
        else:
            consent(page, approve=case != "denied consent")
        expect(page.get_by_role("alert")).to_contain_text(message)
        expect(page.get_by_role("heading", level=1)).to_contain_text("로그인을 마치지 못했어요")
        shot(page, re.sub(r"\W+", "-", case))
        expect(account_nav(page)).to_contain_text("로그인")
        assert linked_accounts(stack, subject) == 0
    finally:
        oauth.providers["google"].id_token_overrides = {}
        if case == "mismatched redirect URI":
            oauth.providers[provider].client.redirect_uris[1:] = []


def test_a_callback_opened_again_later_is_refused_clearly(open_page, oauth):
    oauth.sign_in_as("kakao", unique("r"))
    page = open_page()
    sign_in_with(page, "kakao")
    expect(page.get_by_label("닉네임", exact=True)).to_be_visible()
    # The flow this browser started was used up by the first arrival.
    page.goto("/login/social/kakao/callback?code=old-code&state=old-state")
    expect(page.get_by_role("alert")).to_contain_text(
        "이 브라우저에서 시작한 로그인이 아니거나 시간이 지났어요"
    )


def test_log_in_to_continue_through_a_provider_comes_back_to_the_page(open_page, oauth, shot):
    oauth.sign_in_as("naver", unique("c"), nickname="계속하기")
    page = open_page()
    page.goto("/board/write")
    expect(page.locator(".messages")).to_contain_text("로그인이 필요해요")
    shot(page, "log-in-to-continue")
    page.get_by_role("link", name=BUTTONS["naver"]).click()
    consent(page)
    page.get_by_label("닉네임", exact=True).fill(unique("계속"))
    page.get_by_role("button", name="가입하기").click()
    page.wait_for_url(re.compile(r"/board/write$"))
    expect(page.get_by_label("제목")).to_be_visible()


def test_a_provider_email_of_an_existing_member_never_takes_the_account_over(open_page, oauth, stack, shot):
    owner = open_page()
    email = f"{unique('own')}@example.kr"
    owner.goto("/signup")
    account = {"username": unique("own"), "nickname": unique("주인")}
    owner.get_by_label("아이디", exact=True).fill(account["username"])
    owner.get_by_label("닉네임", exact=True).fill(account["nickname"])
    owner.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    owner.get_by_label("비밀번호 확인").fill(PASSWORD)
    owner.get_by_label("이메일 (선택)").fill(email)
    owner.get_by_role("button", name="가입하기").click()
    expect(account_nav(owner)).to_contain_text(account["nickname"])

    subject = unique("g")
    oauth.sign_in_as("google", subject, nickname="사칭", email=email.upper())
    stranger = open_page()
    sign_in_with(stranger, "google")
    expect(stranger.get_by_role("alert")).to_contain_text("아이디와 비밀번호로 로그인한 뒤")
    expect(account_nav(stranger)).to_contain_text("로그인")
    shot(stranger, "email-in-use")
    assert linked_accounts(stack, subject) == 0

    # The owner links from my page; from then on Google signs them in.
    owner.goto("/me")
    owner.get_by_role("link", name="Google 연결하기").click()
    consent(owner)
    log_out(owner)
    sign_in_with(owner, "google")
    expect(account_nav(owner)).to_contain_text(account["nickname"])
