"""Small deal things people hit, at a phone's size (390×844) in Chromium on the live stack: the
Coupang app's link is a duplicate, 품절 is called 품절, "[쿠팡] …" is not prefixed twice, and a
merged product's old address leads to the kept one."""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import expect

from front.tests.e2e.conftest import signup, unique
from front.tests.e2e.test_deal_journeys import share_deal, store_url
from kingdom.testing.live import run_management_command

pytestmark = pytest.mark.parametrize("viewport", ["phone"], indirect=True)


def test_what_the_coupang_app_shares_is_refused_as_a_duplicate(open_page):
    number = uuid.uuid4().int % 10**10
    first = open_page()
    signup(first)
    title = f"원래 딜 {unique('t')}"
    share_deal(
        first,
        title=title,
        product=f"햇반 {unique('p')}",
        url=f"https://www.coupang.com/vp/products/{number}?itemId=7&vendorItemId=8",
        price=19900,
    )

    second = open_page()
    signup(second)
    app_link = f"https://m.coupang.com/vm/products/{number}?vendorItemId=8&itemId=7&src=1139000&spec=10799999"
    share_deal(second, title=f"앱에서 공유 {unique('t')}", product="햇반", url=app_link, price=19900)
    expect(second.get_by_role("alert").first).to_contain_text("이미")
    second.get_by_role("link", name="원래 딜 보러 가기").click()
    expect(second.get_by_role("heading", level=1)).to_have_text(title)


def test_sold_out_is_called_sold_out_by_the_author_and_by_a_reporter(open_page):
    author = open_page()
    signup(author)
    share_deal(
        author, title=f"품절 직전 {unique('t')}", product=f"휴지 {unique('p')}", url=store_url(), price=9900
    )
    deal_url = author.url

    reporter = open_page()
    signup(reporter)
    reporter.goto(deal_url)
    asked = []
    reporter.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    reporter.get_by_role("button", name="품절 신고").click()
    expect(reporter.locator(".messages")).to_contain_text("품절 신고를 접수했어요")
    assert asked == ["품절 신고를 할까요? 신고가 모이면 품절로 표시돼요."]

    author.goto(deal_url)
    asked.clear()
    author.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    author.get_by_role("button", name="품절로 표시").click()
    expect(author.locator(".messages")).to_have_text("품절로 표시했어요.")
    assert asked == ["이 딜을 품절로 표시할까요?"]


def test_a_title_that_names_its_store_is_shown_once(open_page):
    page = open_page()
    signup(page)
    title = f"[쿠팡] 비비고 만두 {unique('t')}"
    share_deal(page, title=title, product=f"만두 {unique('p')}", url=store_url(), price=12900)
    page.goto("/deals/")
    row = page.locator(".deal-row", has_text=title)
    expect(row.locator(".row-title")).to_have_text(re.compile(r"^\[쿠팡\] 비비고 만두"))
    assert "[쿠팡] [쿠팡]" not in row.inner_text()


def test_a_merged_products_old_address_leads_to_the_kept_product(open_page, stack):
    page = open_page()
    signup(page)
    old_name, kept_name = f"갤탭 S10 {unique('a')}", f"갤럭시 탭 S10 {unique('b')}"
    share_deal(page, title=f"탭 특가 {unique('t')}", product=old_name, url=store_url(), price=900000)
    page.locator(".deal-facts").get_by_role("link").click()
    old_url = page.url
    old_id = int(old_url.rsplit("/", 1)[1])
    share_deal(page, title=f"탭 특가 {unique('t')}", product=kept_name, url=store_url(), price=880000)
    page.locator(".deal-facts").get_by_role("link").click()
    kept_id = int(page.url.rsplit("/", 1)[1])

    run_management_command(
        stack,
        "sharing",
        "shell",
        "-c",
        "from sharing_service.deals import products; from sharing_service.deals.models import Product; "
        f"products.product_merge(Product.objects.get(pk={kept_id}), [Product.objects.get(pk={old_id})], "
        f"name={old_name!r})",
    )

    page.goto(old_url)
    expect(page).to_have_url(re.compile(rf"/deals/products/{kept_id}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(old_name)  # the name staff chose to keep
    expect(page.locator(".deal-row")).to_have_count(2)
