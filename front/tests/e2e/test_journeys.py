"""What people do on the site, end to end in Chromium, at a phone and a desktop size."""

from __future__ import annotations

import base64
import json
import pickle
import re

import redis
import requests
from playwright.sync_api import expect

from front.tests.e2e.conftest import PASSWORD, add_comment, join_as_guest, signup, unique, write_post


def test_a_guest_joins_posts_and_comments(open_page, shot):
    page = open_page()
    page.goto("/")
    page.get_by_role("link", name="닉네임으로 참여").first.click()
    nickname = join_as_guest(page)
    expect(page.get_by_role("navigation", name="계정")).to_contain_text(nickname)

    title = f"무지출 챌린지 {unique('d')}"
    post_id = write_post(page, title=title, body="오늘은 도시락 싸왔어요\nhttps://example.com/recipe")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.locator(".post-body a")).to_have_attribute("rel", "nofollow ugc noopener")
    shot(page, "post")

    add_comment(page, "내일도 화이팅!", anonymous=True)
    comment = page.locator(".comment").first
    expect(comment).to_contain_text("내일도 화이팅!")
    expect(comment.locator(".comment-author")).to_contain_text("익명")
    assert page.url.endswith(f"/board/{post_id}#comment-" + comment.get_attribute("id").split("-")[1])
    shot(page, "commented")

    page.goto("/board/")
    expect(page.get_by_role("link", name=re.compile(re.escape(title)))).to_be_visible()


def test_a_spending_confession_is_judged_and_ranked(open_page, shot):
    confessor = open_page()
    who = signup(confessor)
    title = f"치킨 시켰어요 {unique('c')}"
    write_post(confessor, title=f"{title} (점심)", body="김밥", kind="spending", amount=3000)
    post_id = write_post(confessor, title=title, body="참지 못했습니다", kind="spending", amount=1000)
    expect(confessor.locator(".amount")).to_contain_text("1,000원")

    judge = open_page()
    signup(judge)
    judge.goto(f"/board/{post_id}")
    judge.get_by_role("button", name=re.compile("^사치")).click()
    expect(judge.get_by_role("button", name=re.compile("^사치 1"))).to_have_attribute("aria-pressed", "true")
    shot(judge, "judged")
    judge.reload()  # the verdict was saved, not only drawn
    expect(judge.get_by_role("button", name=re.compile("^사치 1"))).to_be_visible()

    judge.goto("/board/ranking")
    expect(judge.get_by_role("table", name="월간 지출 랭킹")).to_contain_text(who["nickname"])
    expect(judge.locator(".king")).to_be_visible()
    shot(judge, "ranking")


def test_a_guest_upgrades_and_still_owns_their_post(open_page, shot):
    page = open_page()
    nickname = join_as_guest(page)
    title = f"첫 글 {unique('g')}"
    post_id = write_post(page, title=title, body="비회원으로 썼어요")

    page.goto("/me")
    page.get_by_role("link", name="회원으로 전환").click()
    page.get_by_label("아이디", exact=True).fill(unique("up"))
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="회원으로 전환하기").click()
    expect(page.locator(".messages")).to_contain_text("회원이 되었어요")
    expect(page.get_by_role("navigation", name="계정")).not_to_contain_text("비회원")

    expect(page.get_by_role("link", name=re.compile(re.escape(title)))).to_be_visible()  # "내 글"
    page.goto(f"/board/{post_id}")
    expect(page.get_by_role("link", name="수정")).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("^♥ 좋아요"))).to_be_visible()  # members may like
    shot(page, "upgraded")
    expect(page.locator("article.post")).to_contain_text(nickname)


def _session_entry(page, stack) -> tuple[redis.Redis, str]:
    """Where the front keeps this browser's session: the stack's Valkey, under the key Django's
    cache session engine and RedisCache give it (front.web.sessions, prefix ``front-sessions``)."""
    cookie = next(c for c in page.context.cookies() if c["name"] == "tk_session")
    return redis.Redis.from_url(
        stack.redis_url
    ), f"front-sessions:1:django.contrib.sessions.cache{cookie['value']}"


def read_session(page, stack) -> dict:
    """The front's server-side session of this browser."""
    valkey, key = _session_entry(page, stack)
    return pickle.loads(valkey.get(key))  # noqa: S301 - our own test stack's data


def write_session(page, stack, session: dict) -> None:
    valkey, key = _session_entry(page, stack)
    valkey.set(key, pickle.dumps(session, pickle.HIGHEST_PROTOCOL), keepttl=True)


def test_logout_revokes_the_refresh_token_at_auth(open_page, stack, shot):
    page = open_page()
    signup(page)
    refresh = read_session(page, stack)["tk_auth"]["refresh"]

    page.get_by_role("button", name="로그아웃").click()
    expect(page.locator(".messages")).to_contain_text("로그아웃했어요")
    expect(page.get_by_role("navigation", name="계정")).to_contain_text("로그인")
    shot(page, "logged-out")

    answer = requests.post(f"{stack.url('auth')}/api/auth/refresh", json={"refresh": refresh}, timeout=5)
    assert answer.status_code == 401, answer.text


def test_a_form_with_bad_input_comes_back_with_messages_and_what_was_typed(open_page, shot):
    page = open_page()
    page.goto("/signup")
    page.get_by_label("아이디", exact=True).fill("1x")
    page.get_by_label("닉네임", exact=True).fill("좋은닉네임")
    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD + "?")
    page.get_by_role("button", name="가입하기").click()
    expect(page.locator("#id_password2_error")).to_contain_text("비밀번호가 서로 달라요")
    expect(page.get_by_label("닉네임", exact=True)).to_have_value("좋은닉네임")
    shot(page, "mismatch")

    page.get_by_label("비밀번호", exact=True).fill(PASSWORD)
    page.get_by_label("비밀번호 확인").fill(PASSWORD)
    page.get_by_role("button", name="가입하기").click()
    expect(page.locator("#id_username_error")).to_contain_text("아이디")  # auth's own message
    expect(page.get_by_label("아이디", exact=True)).to_have_value("1x")
    expect(page.get_by_label("아이디", exact=True)).to_have_attribute("aria-invalid", "true")
    shot(page, "api-errors")


def test_the_home_page_stays_up_when_sharing_is_down(open_page, stack, shot):
    page = open_page()
    stack.stop("sharing")
    try:
        # An address no visitor opened before: a home page still in the anonymous page cache would
        # be served whole (stale-if-error), and this test is about the page rendered without sharing.
        response = page.goto(f"/?visit={unique('down')}")
        assert response.status == 200
        assert response.headers.get("x-page-cache") is None
        hot_deals = page.locator("section", has=page.get_by_role("heading", name="지금 뜨는 핫딜"))
        expect(hot_deals).to_contain_text("지금은 불러올 수 없어요")
        expect(
            page.locator("section", has=page.get_by_role("heading", name="거지방 인기글"))
        ).not_to_contain_text("지금은 불러올 수 없어요")
        shot(page, "sharing-down")
    finally:
        stack.start("sharing")


def test_everything_works_without_javascript(open_page, shot):
    author = open_page(javascript=False)
    signup(author)
    post_id = write_post(
        author, title=f"택시 탔어요 {unique('n')}", body="비가 와서…", kind="spending", amount=8000
    )

    judge = open_page(javascript=False)
    signup(judge)
    judge.goto(f"/board/{post_id}")
    judge.get_by_role("button", name=re.compile("^승인")).click()  # a plain form post and redirect
    expect(judge.get_by_role("button", name=re.compile("^승인 1"))).to_have_attribute("aria-pressed", "true")
    add_comment(judge, "이번만 승인!")
    expect(judge.locator(".comment").first).to_contain_text("이번만 승인!")
    judge.locator(".comment details summary", has_text="답글").first.click()
    judge.get_by_label("답글 쓰기").fill("고마워요")
    judge.get_by_role("button", name="답글 등록").click()
    expect(judge.locator(".replies")).to_contain_text("고마워요")
    shot(judge, "no-js")


def test_logging_in_from_a_post_comes_back_to_it(open_page, shot):
    writer = open_page()
    account = signup(writer)
    post_id = write_post(writer, title=f"절약 팁 {unique('t')}", body="텀블러 할인 받아요", kind="saving")
    writer.get_by_role("button", name="로그아웃").click()

    writer.goto(f"/board/{post_id}")
    writer.locator("#comments").get_by_role("link", name="로그인").click()
    writer.get_by_label("아이디", exact=True).fill(account["username"])
    writer.get_by_label("비밀번호", exact=True).fill(account["password"])
    writer.get_by_role("button", name="로그인").click()
    writer.wait_for_url(re.compile(rf"/board/{post_id}#comments$"))
    expect(writer.get_by_label("댓글 쓰기")).to_be_visible()
    shot(writer, "back-at-the-post")


def test_a_verdict_after_the_session_died_leads_to_the_login_page(open_page, stack, shot):
    author = open_page()
    signup(author)
    post_id = write_post(author, title=f"배달 시켰어요 {unique('x')}", body="…", kind="spending", amount=3000)

    judge = open_page()
    signup(judge)
    judge.goto(f"/board/{post_id}")
    # Meanwhile the session dies, as after a password change on another device: the refresh
    # token is revoked at auth and the access token has expired.
    session = read_session(judge, stack)
    requests.post(
        f"{stack.url('auth')}/api/auth/logout", json={"refresh": session["tk_auth"]["refresh"]}, timeout=5
    ).raise_for_status()
    header, _claims, signature = session["tk_auth"]["access"].split(".")
    expired = base64.urlsafe_b64encode(json.dumps({"exp": 1}).encode()).rstrip(b"=").decode()
    session["tk_auth"]["access"] = f"{header}.{expired}.{signature}"
    write_session(judge, stack, session)

    judge.get_by_role("button", name=re.compile("^사치")).click()  # sent by script
    judge.wait_for_url(re.compile(r"/login\?next="))
    expect(judge.locator(".messages")).to_contain_text("로그인이 만료되었어요")
    expect(judge.get_by_role("heading", level=1)).to_have_text("로그인")
    shot(judge, "login-again")
