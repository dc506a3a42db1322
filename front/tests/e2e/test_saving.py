"""스크랩 / 찜 at a phone's size (390×844) in Chromium on the live stack: one tap saves a deal or a
post without a reload (and works without JavaScript), my page lists both, and a saved deal that
ended says so."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from front.tests.e2e.conftest import signup, unique, write_post
from front.tests.e2e.test_deal_journeys import share_deal, store_url

pytestmark = pytest.mark.parametrize("viewport", ["phone"], indirect=True)


def test_a_member_saves_deals_and_posts_and_finds_them_on_their_page(open_page, shot):
    author = open_page()
    signup(author)
    deal_title = f"휴지 30롤 {unique('t')}"
    share_deal(author, title=deal_title, product=f"휴지 {unique('p')}", url=store_url(), price=15900)
    expect(author).to_have_url(re.compile(r"/deals/\d+$"))
    deal_url = author.url
    post_title = f"무지출 7일째 {unique('t')}"
    write_post(author, title=post_title, body="도시락 싸서 다녀요")
    post_url = author.url

    reader = open_page()
    signup(reader)
    reader.goto(deal_url)
    reader.evaluate("window.__samePage = true")
    reader.get_by_role("button", name="☆ 스크랩").click()
    expect(reader.get_by_role("button", name="★ 스크랩됨")).to_have_attribute("aria-pressed", "true")
    assert reader.evaluate("window.__samePage === true")  # one tap, no reload
    reader.reload()
    expect(reader.get_by_role("button", name="★ 스크랩됨")).to_be_visible()  # saved, not only drawn

    # without JavaScript the same button is a plain form
    plain = reader.context.browser.new_context(
        base_url=deal_url.split("/deals/")[0],
        java_script_enabled=False,
        **{"viewport": {"width": 390, "height": 844}},
    )
    plain.add_cookies(reader.context.cookies())
    no_js = plain.new_page()
    no_js.goto(post_url)
    no_js.get_by_role("button", name="☆ 스크랩").click()
    expect(no_js.locator(".messages")).to_contain_text("스크랩했어요")
    expect(no_js.get_by_role("button", name="★ 스크랩됨")).to_be_visible()
    plain.close()

    author.goto(deal_url)
    author.once("dialog", lambda dialog: dialog.accept())
    author.get_by_role("button", name="품절로 표시").click()
    expect(author.locator("article.deal")).to_contain_text("품절된 딜이에요.")

    reader.goto("/me?tab=saved")
    saved = reader.locator(".saved-items")
    expect(saved.locator(".row")).to_have_count(2)
    titles = saved.locator(".row-title").all_inner_texts()
    assert post_title in titles[0]  # the latest saved first
    assert deal_title in titles[1]
    ended = saved.locator(".deal-row", has_text=deal_title)
    expect(ended.locator(".badge.ended")).to_have_text("품절")
    expect(reader.locator(".notice")).to_contain_text("스크랩한 딜 중 1개가 종료됐어요.")
    shot(reader, "saved")

    reader.goto(deal_url)
    reader.get_by_role("button", name="★ 스크랩됨").click()
    expect(reader.get_by_role("button", name="☆ 스크랩")).to_be_visible()
    reader.goto("/me?tab=saved")
    expect(reader.locator(".saved-items .row")).to_have_count(1)


def test_visitors_are_invited_to_log_in_to_save(open_page):
    author = open_page()
    signup(author)
    share_deal(
        author, title=f"라면 {unique('t')}", product=f"라면 {unique('p')}", url=store_url(), price=3900
    )
    deal_url = author.url

    visitor = open_page()
    visitor.goto(deal_url)
    visitor.get_by_role("link", name="로그인하고 스크랩하기").click()
    expect(visitor).to_have_url(re.compile(r"/login\?next=/deals/\d+$"))
