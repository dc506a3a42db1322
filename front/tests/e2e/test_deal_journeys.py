"""최저가 공유 in Chromium on the live stack: share, vote, comment, compare, duplicates."""

from __future__ import annotations

import re
import uuid

import requests
from playwright.sync_api import expect

from front.deals.forms import ENDINGS, REPORT_REASONS, SORTS
from front.tests.e2e.conftest import add_comment, join_as_guest, signup, unique


def store_url() -> str:
    """A product page address no other run has shared (sharing refuses a second active deal)."""
    return f"https://www.coupang.com/vp/products/{uuid.uuid4().int % 10**10}"


def share_deal(page, *, title: str, product: str, url: str, price: int, shipping: int = 0) -> None:
    """Fill the share form from the deal list's button and send it."""
    page.goto("/deals/")
    page.get_by_role("link", name="최저가 공유하기").first.click()
    page.get_by_label("제목", exact=True).fill(title)
    page.get_by_label("상품명", exact=True).fill(product)
    page.get_by_label("카테고리", exact=True).select_option(index=0)
    page.get_by_label("구매 링크", exact=True).fill(url)
    page.get_by_label("판매가 (원)", exact=True).fill(str(price))
    page.get_by_label("정가 (원)", exact=True).fill(str(price * 2))
    page.get_by_label("배송비 (원)", exact=True).fill(str(shipping))
    page.get_by_label("설명", exact=True).fill("오늘까지만 이 가격\n쿠폰 없이도 됩니다")
    page.get_by_role("button", name="공유하기", exact=True).click()
    page.wait_for_load_state()


def test_a_shared_deal_is_voted_commented_and_compared_by_effective_price(open_page, shot):
    product = f"햇반 210g 24개 {unique('p')}"
    sharer = open_page()
    signup(sharer)
    title = f"햇반 특가 {unique('t')}"
    share_deal(sharer, title=title, product=product, url=store_url(), price=19900)
    expect(sharer).to_have_url(re.compile(r"/deals/\d+$"))
    deal_path = "/deals/" + sharer.url.rsplit("/", 1)[1]
    expect(sharer.get_by_role("heading", level=1)).to_have_text(title)
    expect(sharer.locator(".messages")).to_contain_text("딜을 공유했어요")
    buy = sharer.get_by_role("link", name=re.compile("구매하러 가기"))
    expect(buy).to_have_attribute("rel", "nofollow ugc noopener")
    expect(sharer.locator(".deal-facts")).to_contain_text("무료배송")
    shot(sharer, "shared")

    voter = open_page()
    signup(voter)
    # a dearer deal of the same product once shipping is counted: 18,500 + 3,000
    share_deal(
        voter,
        title=f"햇반 배송비 별도 {unique('t')}",
        product=product,
        url=store_url(),
        price=18500,
        shipping=3000,
    )
    voter.goto(deal_path)
    voter.get_by_role("button", name=re.compile("핫")).click()
    hot = voter.get_by_role("button", name=re.compile("핫 1"))
    expect(hot).to_have_attribute("aria-pressed", "true")
    voter.reload()  # saved, not only drawn
    expect(voter.get_by_role("button", name=re.compile("핫 1"))).to_have_attribute("aria-pressed", "true")
    add_comment(voter, "저도 샀어요, 배송 빨라요")
    expect(voter.locator(".comment").first).to_contain_text("저도 샀어요")
    shot(voter, "voted-commented")

    voter.goto("/deals/?sort=hot")
    expect(voter.get_by_role("link", name=re.compile(re.escape(title)))).to_be_visible()
    shot(voter, "hot-list")

    voter.goto(deal_path)
    voter.locator(".deal-facts").get_by_role("link").click()  # the product's name
    expect(voter.get_by_role("heading", level=1)).to_have_text(product)
    lowest = voter.locator(".lowest-now")
    expect(lowest).to_contain_text("19,900원")
    expect(lowest).to_contain_text(title)
    expect(voter.locator(".deal-row").first).to_contain_text(title)  # by effective price
    # both shared today: one day's lowest is a sentence, not a lone dot
    expect(voter.locator("svg.chart")).to_have_count(0)
    expect(voter.locator(".chart-single")).to_contain_text("19,900원")
    shot(voter, "product")


def test_a_duplicate_deal_is_refused_with_a_link_to_the_original(open_page, shot):
    page = open_page()
    signup(page)
    url = store_url()
    original = f"원래 딜 {unique('o')}"
    share_deal(page, title=original, product=f"라면 {unique('p')}", url=url, price=3900)
    expect(page).to_have_url(re.compile(r"/deals/\d+$"))
    original_path = "/deals/" + page.url.rsplit("/", 1)[1]

    other = open_page()
    signup(other)
    share_deal(other, title=f"같은 링크 {unique('d')}", product="라면", url=url + "?src=share", price=3900)
    expect(other.get_by_role("alert").first).to_contain_text("이미")
    expect(other.get_by_label("제목", exact=True)).to_have_value(re.compile("^같은 링크"))  # typed text kept
    shot(other, "duplicate")
    other.get_by_role("link", name="원래 딜 보러 가기").click()
    expect(other).to_have_url(re.compile(re.escape(original_path) + "$"))
    expect(other.get_by_role("heading", level=1)).to_have_text(original)


def test_a_guest_is_offered_the_upgrade_to_share(open_page):
    page = open_page()
    join_as_guest(page)
    page.goto("/deals/new")
    expect(page).to_have_url(re.compile(r"/upgrade\?next=%2Fdeals%2Fnew$"))
    expect(page.locator(".messages")).to_contain_text("회원만 할 수 있어요")


def test_the_author_marks_a_deal_sold_out_and_it_leaves_the_active_list(open_page, shot):
    page = open_page()
    signup(page)
    title = f"품절 예정 {unique('s')}"
    share_deal(page, title=title, product=f"휴지 {unique('p')}", url=store_url(), price=12900)
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="품절로 표시").click()
    expect(page.locator(".messages")).to_contain_text("품절로 표시했어요")
    expect(page.locator("article.deal")).to_contain_text("품절된 딜이에요.")
    expect(page.get_by_role("button", name="종료로 표시")).to_have_count(0)
    shot(page, "sold-out")

    page.goto("/deals/")
    expect(page.get_by_role("link", name=re.compile(re.escape(title)))).to_have_count(0)
    page.get_by_text("필터·정렬").click()
    page.get_by_label("종료된 딜도 보기").check()
    page.get_by_role("button", name="보기", exact=True).click()
    row = page.locator(".deal-row", has_text=title)
    expect(row.locator(".badge.ended")).to_have_text("품절")


def test_with_sharing_down_the_deal_pages_say_so_and_the_form_keeps_the_text(open_page, stack, shot):
    page = open_page()
    signup(page)
    page.goto("/deals/new")
    title = f"못 올린 딜 {unique('x')}"
    page.get_by_label("제목", exact=True).fill(title)
    page.get_by_label("상품명", exact=True).fill("우유 1L")
    page.get_by_label("카테고리", exact=True).select_option("food")
    page.get_by_label("구매 링크", exact=True).fill(store_url())
    page.get_by_label("판매가 (원)", exact=True).fill("2500")
    stack.stop("sharing")
    try:
        page.get_by_role("button", name="공유하기", exact=True).click()
        expect(page.locator(".form-errors")).to_contain_text("지금은 저장할 수 없어요")
        expect(page.get_by_label("제목", exact=True)).to_have_value(title)
        expect(page.get_by_label("카테고리", exact=True)).to_have_value("food")
        shot(page, "kept")

        response = page.goto("/deals/")
        assert response.status == 503
        expect(page.get_by_role("heading", level=1)).to_have_text("최저가 공유")
        expect(page.locator("main")).to_contain_text("지금은 불러올 수 없어요")
        response = page.goto("/deals/products/1")
        assert response.status == 503
        expect(page.locator("main")).to_contain_text("지금은 불러올 수 없어요")
        shot(page, "down")
    finally:
        stack.start("sharing")


def test_the_fronts_reasons_endings_and_sorts_are_the_ones_sharing_takes(stack):
    """The front keeps its own copy of sharing's choices (to label them in Korean); its OpenAPI says."""
    schema = requests.get(
        f"{stack.url('sharing')}/api/sharing/schema/",
        headers={"Accept": "application/vnd.oai.openapi+json"},
        timeout=10,
    ).json()

    def resolve(node: dict) -> dict:
        while "$ref" in node or "allOf" in node:  # a field with a default is allOf: [$ref]
            node = node["allOf"][0] if "allOf" in node else node
            node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]] if "$ref" in node else node
        return node

    def body_choices(path: str, field: str) -> set:
        body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        return set(resolve(resolve(body)["properties"][field])["enum"])

    def list_choices(name: str) -> set:
        [parameter] = [
            p for p in schema["paths"]["/api/sharing/deals"]["get"]["parameters"] if p["name"] == name
        ]
        return set(parameter["schema"]["enum"])

    assert {value for value, _ in REPORT_REASONS} == body_choices(
        "/api/sharing/deals/{deal_id}/report", "reason"
    )
    assert {value for value, _ in ENDINGS} == body_choices("/api/sharing/deals/{deal_id}/expire", "status")
    assert {value for value, _ in SORTS} == list_choices("sort")
    assert {"active", "all"} <= list_choices("status")  # the default list and "종료된 딜도 보기"
