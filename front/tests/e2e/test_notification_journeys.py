"""알림 in Chromium on the live stack (issue 12): a keyword alert lights the header badge, fills the
inbox and sends a mail whose one-click unsubscribe works; a reply reaches an anonymous commenter
without unmasking them; a price watch fires when a cheaper deal is shared.

These journeys need notification_service and its worker (``process_events --loop``), which the
session's ``stack`` does not run: this module starts a stack of its own with them (and comments'
outbox worker, which retries a delivery the request could not make), its SMTP sink
``stack.mail`` a real aiosmtpd server on loopback. Everything the worker does arrives
asynchronously, so every wait is event-driven and generous (a loaded machine), never a blind sleep.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from front.tests.e2e.conftest import CHROMIUM, E2E_ENV, add_comment, signup, unique, write_post
from front.tests.e2e.test_deal_journeys import share_deal, store_url
from front.tests.e2e.test_feed_journeys import person, token
from kingdom.devstack import free_port
from kingdom.testing.live import eventually, live_stack

#: what the worker's matching, mail and the front's 10-second badge may take on a busy machine
PATIENCE = 60


@pytest.fixture(scope="module")
def stack():
    """The session stack's services plus notification_service, its worker and an SMTP sink."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `bash scripts/install_browser.sh`")
    # Mails link to the front (FRONT_PUBLIC_URL): fix its port first.
    front_port = free_port()
    env = {**E2E_ENV, "FRONT_PUBLIC_URL": f"http://127.0.0.1:{front_port}"}
    names = ["auth", "board", "comments", "sharing", "notifications", "front"]
    # Not sharing's worker: it would fetch the shared (made-up coupang) shop pages from the internet
    # for thumbnails; deal events are delivered on commit all the same.
    workers = ("notifications", "comments")
    with live_stack(names, extra_env=env, ports={"front": front_port}, workers=workers) as running:
        yield running


def path_of(url: str) -> str:
    return urlsplit(url).path


def inbox_row(page, text: str):
    """Reload the inbox until a notification containing ``text`` is listed; return its row."""
    row = page.locator(".notification", has_text=text)

    def listed() -> bool:
        page.goto("/notifications")
        return row.count() > 0

    assert eventually(listed, timeout=PATIENCE, interval=2), f"no notification with {text!r} in the inbox"
    return row


def test_a_keyword_alert_lights_the_badge_fills_the_inbox_and_mails_with_one_click_unsubscribe(
    open_page, stack, shot
):
    watcher = person(open_page)
    signup(watcher)
    word = token()
    watcher.goto("/alerts")
    watcher.get_by_role("link", name="새 알림 만들기").click()
    watcher.get_by_label("알림 받을 단어").fill(word)
    watcher.get_by_role("button", name="알림 만들기").click()
    expect(watcher).to_have_url(re.compile(r"/alerts$"))
    expect(watcher.locator(".alert-row")).to_contain_text(word)

    address = f"{unique('a')}@example.com"
    watcher.goto("/me/notifications")
    alerts_by = watcher.get_by_role("group", name="핫딜 알림 (키워드)")
    alerts_by.get_by_label("이메일", exact=True).check()
    watcher.get_by_role("group", name="이메일 받는 방법").get_by_label("바로 보내기").check()
    watcher.get_by_label("받을 이메일 주소").fill(address)
    watcher.get_by_role("button", name="저장").click()
    expect(watcher.locator(".messages")).to_contain_text("알림 설정을 저장했어요")
    expect(alerts_by.get_by_label("이메일", exact=True)).to_be_checked()  # saved, not only drawn
    watcher.goto("/deals/")
    expect(watcher.locator(".bell .unread")).to_have_count(0)

    sharer = person(open_page)
    signup(sharer)
    title = f"햇반 {word} 24개"
    share_deal(sharer, title=title, product=f"햇반 {unique('p')}", url=store_url(), price=19900)
    expect(sharer).to_have_url(re.compile(r"/deals/\d+$"))
    deal_path = path_of(sharer.url)

    # The badge: the worker matches the alert, the front reuses a count up to 10 s per person.
    badge = watcher.locator(".bell .unread")

    def badge_shown() -> bool:
        watcher.reload()
        return badge.count() > 0

    assert eventually(badge_shown, timeout=PATIENCE, interval=2), "no unread badge in the header"
    expect(badge).to_have_text("1")
    expect(watcher.get_by_label("안 읽은 알림 1개")).to_be_visible()
    shot(watcher, "badge")

    watcher.locator(".bell").click()
    expect(watcher).to_have_url(re.compile(r"/notifications$"))
    expect(watcher.locator("h2.inbox-day")).to_have_text(["오늘"])
    today = watcher.locator("h2.inbox-day + .rows .notification")
    expect(today).to_have_count(1)
    expect(today).to_contain_text(f"핫딜 알림 ‘{word}’: {title} — 19,900원")
    expect(today).to_have_class(re.compile(r"\bunread-row\b"))
    shot(watcher, "inbox")
    today.get_by_role("button").click()  # marks it read on the way to the deal
    expect(watcher).to_have_url(re.compile(re.escape(deal_path) + "$"))
    expect(watcher.get_by_role("heading", level=1)).to_have_text(title)
    expect(watcher.locator(".bell .unread")).to_have_count(0)

    # The mail, through real SMTP: one, to the address given, with RFC 8058's headers.
    def mails() -> list:
        return [mail for mail in stack.mail.messages() if address in str(mail["To"])]

    assert eventually(mails, timeout=PATIENCE, interval=1), "no mail reached the SMTP sink"
    [mail] = mails()
    assert word in str(mail["Subject"])
    assert stack.url("front") + deal_path in mail.get_content()
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = re.fullmatch(r"<(.+)>", str(mail["List-Unsubscribe"]).strip()).group(1)
    assert unsubscribe.startswith(stack.url("front") + "/notifications/unsubscribe/")
    assert unsubscribe in mail.get_content()

    # Opened from the mail (a browser without the member's cookies): the page asks, one click does it.
    reader = person(open_page)
    reader.goto(unsubscribe)
    expect(reader.get_by_role("heading", level=1)).to_have_text("이메일 수신 거부")
    reader.get_by_role("button", name="수신 거부").click()
    expect(reader.locator("p[role=status]")).to_contain_text("이제 이 주소로 알림 메일을 보내지 않아요")
    shot(reader, "unsubscribed")

    watcher.goto("/me/notifications")
    alerts_by = watcher.get_by_role("group", name="핫딜 알림 (키워드)")
    expect(alerts_by.get_by_label("이메일", exact=True)).not_to_be_checked()
    expect(alerts_by.get_by_label("사이트", exact=True)).to_be_checked()


def test_a_reply_reaches_an_anonymous_commenter_who_stays_anonymous(open_page, shot):
    author = person(open_page)
    writer = signup(author)
    title = f"무지출 7일째 {unique('r')}"
    post_id = write_post(author, title=title, body="도시락 싸서 다녀요")

    commenter = person(open_page)
    anonymous = signup(commenter)
    commenter.goto(f"/board/{post_id}")
    add_comment(commenter, "저도 도전해요", anonymous=True)
    mine = commenter.locator(".comment", has_text="저도 도전해요").first
    expect(mine.locator(".comment-author").first).to_contain_text("익명")
    comment_id = mine.get_attribute("id")

    author.goto(f"/board/{post_id}")
    theirs = author.locator(f"#{comment_id}")
    expect(theirs.locator(".comment-author").first).to_contain_text("익명")
    theirs.locator("summary", has_text="답글").click()
    theirs.get_by_label("답글 쓰기").fill("같이 해요!")
    theirs.get_by_role("button", name="답글 등록").click()
    expect(author.locator(f"#{comment_id} .replies")).to_contain_text("같이 해요!")

    reply = inbox_row(commenter, "내 댓글에 답글을 남겼습니다")
    expect(reply).to_have_count(1)
    expect(reply).to_contain_text(
        f"{writer['nickname']}님이 ‘{title}’의 내 댓글에 답글을 남겼습니다: “같이 해요!”"
    )
    shot(commenter, "reply-notification")
    reply.get_by_role("button").click()
    expect(commenter).to_have_url(re.compile(rf"/board/{post_id}#comment-\d+$"))
    expect(commenter.locator(f"#{comment_id} .replies")).to_contain_text("같이 해요!")

    # The post's author was told of the comment, by "익명" only, and the thread still hides who it was.
    told = inbox_row(author, f"내 글 ‘{title}’에 댓글을 남겼습니다")
    expect(told).to_contain_text(f"익명님이 내 글 ‘{title}’에 댓글을 남겼습니다: “저도 도전해요”")
    expect(author.locator("main")).not_to_contain_text(anonymous["nickname"])
    author.goto(f"/board/{post_id}")
    expect(author.locator(f"#{comment_id} .comment-author").first).to_contain_text("익명")
    expect(author.locator("main")).not_to_contain_text(anonymous["nickname"])
    shot(author, "thread-still-anonymous")


def test_a_price_watch_fires_when_a_cheaper_deal_is_shared(open_page, shot):
    sharer = person(open_page)
    signup(sharer)
    product = f"신라면 120g 40봉 {token()}"
    first = f"신라면 특가 {unique('t')}"
    share_deal(sharer, title=first, product=product, url=store_url(), price=28000, shipping=2500)
    expect(sharer).to_have_url(re.compile(r"/deals/\d+$"))
    sharer.locator(".deal-facts").get_by_role("link", name=product).click()
    expect(sharer.get_by_role("heading", level=1)).to_have_text(product)
    product_path = path_of(sharer.url)

    watcher = person(open_page)
    signup(watcher)
    watcher.goto(product_path)
    expect(watcher.locator(".lowest-now")).to_contain_text("30,500원")  # 28,000 + 2,500 shipping
    watcher.get_by_label("이 가격 아래로 떨어지면 알려 주세요 (원, 배송비 포함)").fill("25000")
    watcher.get_by_role("button", name="가격 알림 받기").click()
    watching = watcher.locator("#watch .watching")
    expect(watching).to_contain_text("지켜보는 중")
    expect(watching).to_contain_text("25,000원보다 싸지면 알려 드려요.")
    shot(watcher, "watching")

    cheaper = f"신라면 반값 {unique('t')}"
    share_deal(sharer, title=cheaper, product=product, url=store_url(), price=23900)
    expect(sharer).to_have_url(re.compile(r"/deals/\d+$"))
    cheaper_path = path_of(sharer.url)

    fired = inbox_row(watcher, "목표가 25,000원보다 쌉니다")
    expect(fired).to_have_count(1)
    expect(fired).to_contain_text(f"{product} 23,900원! 목표가 25,000원보다 쌉니다: {cheaper}")
    shot(watcher, "price-watch-notification")
    fired.get_by_role("button").click()
    expect(watcher).to_have_url(re.compile(re.escape(cheaper_path) + "$"))

    watcher.goto(product_path)
    expect(watcher.locator(".lowest-now")).to_contain_text("23,900원")
    expect(watcher.locator("#watch .watching")).to_contain_text("알림 보냄")
