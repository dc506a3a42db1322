"""The small things people hit, each found in a phone browser and checked there (and on desktop)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from front.tests.e2e.conftest import add_comment, join_as_guest, signup, unique, write_post


def test_the_delete_button_of_ones_own_comment_can_be_seen(open_page, shot):
    page = open_page()
    signup(page)
    write_post(page, title=f"댓글 지우기 {unique('c')}", body="본문")
    add_comment(page, "지울 댓글")

    delete = page.locator(".comment").first.get_by_role("button", name="삭제")
    expect(delete).to_be_visible()
    colour = delete.evaluate("button => getComputedStyle(button).color")
    assert colour not in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), colour  # the card is white
    shot(page, "comment")


def test_an_anonymous_author_sees_their_post_marked_anonymous(open_page, shot):
    page = open_page()
    who = signup(page)
    write_post(page, title=f"익명 고백 {unique('a')}", body="아무도 모르게", anonymous=True)

    meta = page.locator("article.post .meta").nth(1)
    expect(meta).to_contain_text(who["nickname"])  # the author sees who they are…
    expect(meta.locator(".anonymous-mine")).to_have_text("익명으로 게시됨")  # …and how others see it

    other = open_page()
    other.goto(page.url)
    expect(other.locator("article.post")).not_to_contain_text(who["nickname"])
    expect(other.locator("article.post .anonymous-mine")).to_have_count(0)


def test_a_guest_is_not_offered_anonymity_and_is_told_how_to_react(open_page, shot):
    page = open_page()
    join_as_guest(page)
    page.goto("/board/write")
    expect(page.get_by_label("익명으로 쓰기")).to_have_count(0)
    post_id = write_post(page, title=f"비회원 글 {unique('g')}", body="반가워요")

    reader = open_page()
    join_as_guest(reader)
    reader.goto(f"/board/{post_id}")
    hint = reader.locator("#reactions .reaction-hint")
    expect(hint).to_have_text("회원으로 전환하고 좋아요·판정하기")
    hint.get_by_role("link").click()
    expect(reader).to_have_url(re.compile(r"/upgrade\?next="))

    visitor = open_page()
    visitor.goto(f"/board/{post_id}")
    expect(visitor.locator("#reactions .reaction-hint")).to_have_text("로그인하고 좋아요·판정하기")
    shot(visitor, "hint")


def test_the_write_form_says_its_limits_and_counts_as_people_type(open_page, shot):
    page = open_page()
    signup(page)
    page.goto("/board/write")

    title = page.get_by_label("제목")
    expect(title).to_have_attribute("maxlength", "100")
    expect(page.get_by_label("내용")).to_have_attribute("maxlength", "10000")
    expect(page.locator("main")).to_contain_text("100자까지")
    expect(page.locator("main")).to_contain_text("10,000자까지")
    title.fill("오늘의 절약")
    expect(page.locator(".counter").first).to_have_text("6 / 100자")
    page.get_by_label("내용").fill("가" * 1234)
    expect(page.locator(".counter").nth(1)).to_have_text("1,234 / 10,000자")
    shot(page, "counting")


def test_a_body_over_the_size_limit_gets_a_korean_page(open_page, shot):
    page = open_page()
    signup(page)
    page.goto("/board/write")
    page.get_by_label("제목").fill("아주 긴 글")
    body = page.get_by_label("내용")
    body.evaluate("box => box.removeAttribute('maxlength')")
    body.evaluate("box => { box.value = '가'.repeat(400000); }")  # 1.2 MB of UTF-8 when sent
    page.get_by_role("button", name="올리기").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("보낸 내용이 너무 커요")
    expect(page.locator("main")).to_contain_text("10,000자")
    assert "Content Too Large" not in page.content()
    shot(page, "too-large")


def test_the_post_page_counts_replies_like_the_list(open_page, shot):
    page = open_page()
    signup(page)
    title = f"답글 세기 {unique('r')}"
    post_id = write_post(page, title=title, body="본문")
    add_comment(page, "첫 댓글")
    page.locator(".comment").first.locator("summary", has_text="답글").click()
    page.locator(".comment").first.get_by_label("답글 쓰기").fill("답글이에요")
    page.get_by_role("button", name="답글 등록").click()
    page.wait_for_url(re.compile(rf"/board/{post_id}"))

    expect(page.locator("#comments-title .comment-total")).to_have_text("2")
    page.goto(f"/board/?q={title}")
    expect(page.locator(".post-row", has_text=title).locator(".count")).to_have_text("[2]")


def test_deleting_a_comment_without_javascript_asks_first(open_page, shot):
    page = open_page(javascript=False)
    signup(page)
    post_id = write_post(page, title=f"JS 없이 {unique('n')}", body="본문")
    add_comment(page, "지울지 말지")

    page.locator(".comment").first.get_by_role("button", name="삭제").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("댓글을 삭제할까요?")
    shot(page, "confirm")
    page.get_by_role("link", name="취소").click()
    expect(page.locator(".comment").first).to_contain_text("지울지 말지")  # nothing happened yet

    page.locator(".comment").first.get_by_role("button", name="삭제").click()
    page.get_by_role("button", name="삭제").click()
    page.wait_for_url(re.compile(rf"/board/{post_id}"))
    expect(page.locator(".messages")).to_contain_text("댓글을 삭제했어요")
    expect(page.locator("#comments")).not_to_contain_text("지울지 말지")


def test_the_lists_open_without_the_trailing_slash(open_page):
    page = open_page()

    page.goto("/board")
    expect(page).to_have_url(re.compile(r"/board/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("거지방")
    page.goto("/deals?sort=hot")
    expect(page).to_have_url(re.compile(r"/deals/\?sort=hot$"))


def test_comments_and_posts_are_reported_with_a_reasons_list(open_page, shot):
    writer = open_page()
    signup(writer)
    post_id = write_post(writer, title=f"신고 대상 {unique('p')}", body="본문")
    add_comment(writer, "광고 댓글입니다 http://example.com")

    reader = open_page()
    signup(reader)
    reader.goto(f"/board/{post_id}")
    reader.locator(".comment").first.get_by_role("link", name="신고").click()
    expect(reader.get_by_role("heading", level=1)).to_have_text("댓글 신고")
    reader.get_by_label("신고 사유").select_option(label="스팸·광고")
    reader.get_by_label("자세한 내용").fill("같은 링크를 계속 올려요")
    shot(reader, "comment-report")
    reader.get_by_role("button", name="신고하기").click()
    reader.wait_for_url(re.compile(rf"/board/{post_id}#comment-\d+$"))
    expect(reader.locator(".messages")).to_contain_text("신고를 접수했어요")

    reader.locator("article.post").get_by_role("link", name="신고").click()
    expect(reader.get_by_label("신고 사유").locator("option")).to_contain_text(
        ["골라 주세요", "스팸·광고", "추천인·제휴 링크", "욕설·비방"]
    )
    reader.get_by_label("신고 사유").select_option(label="욕설·비방")
    reader.get_by_role("button", name="신고하기").click()
    reader.wait_for_url(re.compile(rf"/board/{post_id}$"))
    expect(reader.locator(".messages")).to_contain_text("신고를 접수했어요")


def admin_login(page, stack, service: str) -> str:
    admin = f"{stack.url(service)}/admin/{service}/"
    page.goto(admin)
    page.locator("#id_username").fill("admin")
    page.locator("#id_password").fill(stack.secrets["admin_password"])
    page.locator("input[type=submit]").click()
    page.wait_for_url(lambda url: "login" not in url)
    return admin


def test_staff_hide_a_post_in_admin_and_its_author_is_told_it_is_under_review(open_page, stack, shot):
    author = open_page()
    signup(author)
    title = f"검토될 글 {unique('h')}"
    post_id = write_post(author, title=title, body="신고가 많이 들어올 글")

    staff = open_page()
    admin = admin_login(staff, stack, "board")
    staff.goto(f"{admin}board/post/{post_id}/change/")
    page_text = staff.locator("#content").inner_text()
    for english in ("Author nickname", "Like count", "Hidden at", "Title:", "Kind"):
        assert english not in page_text
    expect(staff.locator("#content")).to_contain_text("작성자")
    expect(staff.locator("#content")).to_contain_text("수정 이력")
    staff.goto(f"{admin}board/post/?q={title}")
    staff.locator(f"input[name=_selected_action][value='{post_id}']").check()
    staff.locator("select[name=action]").select_option("hide_posts")
    staff.get_by_role("button", name=re.compile("실행|Go")).click()
    expect(staff.locator(".messagelist")).to_contain_text("숨겼습니다")

    author.goto(f"/board/{post_id}")
    expect(author.locator(".hidden-notice")).to_contain_text("검토 중 숨김")
    shot(author, "hidden")
    visitor = open_page()
    visitor.goto(f"/board/{post_id}")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("페이지를 찾을 수 없어요")


def test_the_comment_and_account_admins_speak_korean(open_page, stack):
    staff = open_page()
    admin = admin_login(staff, stack, "comments")
    staff.goto(f"{admin}comments/comment/")
    text = staff.locator("#content").inner_text()
    for english in ("Author nickname", "Target type", "Is hidden", "Is deleted", "Created at"):
        assert english not in text
    expect(staff.locator("#content")).to_contain_text("작성자")


def test_after_a_guest_upgrades_their_old_post_no_longer_says_guest(open_page, shot):
    page = open_page()
    join_as_guest(page)
    post_id = write_post(page, title=f"손님 시절 글 {unique('u')}", body="비회원으로 썼어요")
    expect(page.locator("article.post .meta").nth(1)).to_contain_text("(비회원)")

    page.goto("/me")
    page.get_by_role("link", name="회원으로 전환").click()
    page.get_by_label("아이디", exact=True).fill(unique("up"))
    page.get_by_label("비밀번호", exact=True).fill("Thrifty-pass-2026!")
    page.get_by_label("비밀번호 확인").fill("Thrifty-pass-2026!")
    page.get_by_role("button", name="회원으로 전환하기").click()
    expect(page.locator(".messages")).to_contain_text("회원이 되었어요")

    page.goto(f"/board/{post_id}")
    expect(page.locator("article.post .meta").nth(1)).not_to_contain_text("비회원")
    other = open_page()
    other.goto(f"/board/{post_id}")
    expect(other.locator("article.post .meta").nth(1)).not_to_contain_text("비회원")
    shot(other, "upgraded")
