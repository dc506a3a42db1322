"""Lists made for phones, at 390×844 in Chromium on the live stack: folded filters, tabs that show
they scroll, 오늘의 핫딜 on home, ended deals greyed and sunk, the product chart on a small screen."""

from __future__ import annotations

import re
from datetime import timedelta

import psycopg2
import pytest
import requests
from playwright.sync_api import expect

from front.tests.e2e.conftest import PASSWORD, signup, unique
from front.tests.e2e.test_deal_journeys import share_deal, store_url
from kingdom.devstack import SERVICES_BY_NAME

pytestmark = pytest.mark.parametrize("viewport", ["phone"], indirect=True)

RED = "rgb(179, 38, 30)"  # --accent, the live price


def api_member(stack) -> requests.Session:
    name = unique("api")
    response = requests.post(
        stack.url("auth") + "/api/auth/signup",
        json={"username": name, "password": PASSWORD, "nickname": unique("짠")},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {response.json()['access']}"
    return session


def api_deal(stack, session, **fields) -> dict:
    body = {
        "title": unique("딜 "),
        "product_name": unique("상품 "),
        "price": 10_000,
        "url": store_url(),
        "category": "food",
        **fields,
    }
    response = session.post(stack.url("sharing") + "/api/sharing/deals", json=body, timeout=30)
    assert response.status_code == 201, response.text
    return response.json()


def sharing_sql(stack, sql: str, params) -> None:
    with psycopg2.connect(stack.database_url_for(SERVICES_BY_NAME["sharing"])) as conn, conn.cursor() as cur:
        cur.execute(sql, params)


@pytest.mark.parametrize("path", ["/deals/", "/board/"])
def test_the_filters_fold_so_the_list_starts_on_the_first_screen(open_page, shot, path):
    page = open_page()
    page.goto(path)
    form = page.locator("form[role=search]")
    box = form.bounding_box()
    assert box["height"] <= 130  # the search box and one control (it took 560 px unfolded)
    details = form.locator("details.filters")
    expect(details).not_to_have_attribute("open", re.compile(".*"))
    sort = page.get_by_label("정렬")
    expect(sort).to_be_hidden()
    shot(page, "folded")

    details.locator("summary").click()
    expect(sort).to_be_visible()
    sort.select_option(index=1)
    page.get_by_role("button", name="보기", exact=True).click()
    page.wait_for_load_state()
    expect(page.locator("details.filters")).to_have_attribute("open", "")  # a filter is set: it stays open
    expect(page.locator("details.filters summary .badge")).to_have_text("1")


def test_category_tabs_show_that_they_scroll(open_page):
    page = open_page()
    page.goto("/deals/")
    tabs = page.locator("ul.tabs")
    assert tabs.evaluate("el => el.scrollWidth > el.clientWidth")  # more categories than fit
    expect(tabs).to_have_attribute("data-scroll", "start")
    assert "gradient" in tabs.evaluate(
        "el => getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage"
    )

    tabs.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    expect(tabs).to_have_attribute("data-scroll", "end")

    no_script = open_page(javascript=False)
    no_script.goto("/deals/")
    masked = no_script.locator("ul.tabs").evaluate(
        "el => getComputedStyle(el).maskImage || getComputedStyle(el).webkitMaskImage"
    )
    assert "gradient" in masked  # the fade shows even without the script


def test_home_shows_todays_best_with_ended_deals_greyed_and_sunk(open_page, stack, shot):
    author = api_member(stack)
    # a category no other journey shares into, so the 더보기 list holds just these two
    live = api_deal(stack, author, title=unique("오늘 진행 "), category="travel")
    ended = api_deal(stack, author, title=unique("오늘 품절 "), category="travel")
    for _ in range(2):
        voter = api_member(stack)
        voter.post(
            stack.url("sharing") + f"/api/sharing/deals/{ended['id']}/vote", json={"value": 1}, timeout=30
        )
    author.post(
        stack.url("sharing") + f"/api/sharing/deals/{ended['id']}/expire",
        json={"status": "sold_out"},
        timeout=30,
    )

    page = open_page()
    signup(page)  # a session: never a stored anonymous page from before these deals
    page.goto("/")
    section = page.locator("section[aria-labelledby=best-today-title]")
    heading = section.get_by_role("link", name="오늘의 핫딜", exact=True)
    expect(heading).to_be_visible()
    assert heading.evaluate("el => getComputedStyle(el).color") != heading.evaluate(
        "el => getComputedStyle(el.closest('section')).color"
    )  # a heading that looks like a link
    rows = section.locator(".deal-row")
    expect(rows.first).to_be_visible()
    classes = rows.evaluate_all("rows => rows.map(row => row.classList.contains('ended'))")
    assert classes == sorted(classes)  # any ended deal listed comes after every live one
    shot(page, "home")

    section.get_by_role("link", name="오늘의 핫딜 더보기").click()
    expect(page).to_have_url(re.compile(r"sort=best.*period=day"))
    page.goto(page.url + "&category=travel")
    rows = page.locator(".deal-row")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text(live["title"])
    assert rows.nth(0).locator(".price").evaluate("el => getComputedStyle(el).color") == RED
    ended_row = rows.nth(1)  # two votes against none, but ended: it sinks below the live one
    expect(ended_row).to_contain_text(ended["title"])
    expect(ended_row).to_have_class(re.compile(r"\bended\b"))
    assert ended_row.locator(".price").evaluate("el => getComputedStyle(el).color") != RED
    expect(ended_row.locator(".badge.lowest")).to_have_count(0)
    shot(page, "ended-deals")


def test_the_lowest_ever_badge_needs_a_second_deal(open_page):
    page = open_page()
    signup(page)
    product = f"휴지 30롤 {unique('p')}"
    first = f"첫 딜 {unique('t')}"
    share_deal(page, title=first, product=product, url=store_url(), price=15900)
    expect(page.locator(".badge.lowest")).to_have_count(0)  # one deal is no history
    share_deal(page, title=f"더 싼 딜 {unique('t')}", product=product, url=store_url(), price=14900)
    expect(page.locator(".badge.lowest")).to_have_text("역대 최저가")


def test_the_product_chart_is_a_sentence_for_one_day_and_readable_for_more(open_page, stack, shot):
    author = api_member(stack)
    deal = api_deal(stack, author, product_name=unique("햇반 "), price=19_900)
    page = open_page()
    signup(page)  # a session: the reload below must not be a stored anonymous page
    page.goto(f"/deals/products/{deal['product']['id']}")
    expect(page.locator("svg.chart")).to_have_count(0)
    expect(page.locator(".chart-single")).to_contain_text("19,900원만 기록돼 있어요")

    sharing_sql(
        stack,
        "UPDATE deals_pricerecord SET recorded_at = recorded_at - %s WHERE deal_id = %s",
        [timedelta(days=3), deal["id"]],
    )
    author.patch(
        stack.url("sharing") + f"/api/sharing/deals/{deal['id']}", json={"price": 18_900}, timeout=30
    )
    page.reload()
    expect(page.locator("svg.chart circle")).to_have_count(2)
    for label in page.locator("svg.chart text.chart-label").all():
        assert label.bounding_box()["height"] >= 11  # CSS px on a 390 px screen
    shot(page, "product-chart")
