"""Deals with pictures, at a phone's size (390×844) in Chromium on the live stack: thumbnails in the
list and on the page (the shop page's og:image found by sharing's real worker command), a neutral
placeholder for a picture that fails, link-preview tags, and the share button."""

from __future__ import annotations

import base64
import re

import pytest
from playwright.sync_api import expect

from front.tests.e2e.conftest import signup, unique
from front.tests.e2e.test_deal_journeys import share_deal, store_url
from kingdom.testing.live import run_management_command
from sharing_service.tests.shop.server import shop_on_loopback

pytestmark = pytest.mark.parametrize("viewport", ["phone"], indirect=True)

# The picture the shop page's og:image names; the browser is served it by a route (no internet here).
PICTURE_HOST = "https://img.shop.example/"
PICTURE = (
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    b'<rect width="100" height="100" fill="#e0523f"/>'
    b'<circle cx="50" cy="50" r="30" fill="#fff3d6"/><text x="50" y="58" font-size="22" text-anchor="middle"'
    b' fill="#e0523f">40</text></svg>'
)


def serve_pictures(page) -> None:
    page.context.route(
        PICTURE_HOST + "**",
        lambda route: route.fulfill(status=200, content_type="image/svg+xml", body=PICTURE),
    )
    page.context.route("https://img.gone.example/**", lambda route: route.fulfill(status=404, body=b""))


def pixels_apart(page, first: bytes, second: bytes) -> tuple[int, int]:
    """(pixels whose colour differs visibly, count only) of two same-size PNGs, compared in ``page``."""
    return tuple(
        page.evaluate(
            """async ([a, b]) => {
              const load = (src) => new Promise((ok, no) => {
                const img = new Image();
                img.onload = () => ok(img);
                img.onerror = no;
                img.src = src;
              });
              const read = (img) => {
                const c = document.createElement("canvas");
                c.width = img.width;
                c.height = img.height;
                const g = c.getContext("2d");
                g.drawImage(img, 0, 0);
                return g.getImageData(0, 0, c.width, c.height).data;
              };
              const [p, q] = (await Promise.all([load(a), load(b)])).map(read);
              let count = 0, largest = 0;
              for (let i = 0; i < p.length; i += 4) {
                let d = 0;
                for (let k = 0; k < 3; k++) d = Math.max(d, Math.abs(p[i + k] - q[i + k]));
                if (d > 24) count++;
                largest = Math.max(largest, d);
              }
              return [count, largest];
            }""",
            ["data:image/png;base64," + base64.b64encode(png).decode() for png in (first, second)],
        )
    )


def picture_loaded(img) -> bool:
    return img.evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_deal_without_an_image_shows_the_shop_pages_picture_in_the_list_and_on_its_page(
    open_page, stack, shot
):
    page = open_page()
    serve_pictures(page)
    signup(page)
    title = f"신라면 40봉 {unique('t')}"
    with shop_on_loopback() as shop:
        share_deal(
            page,
            title=title,
            product=f"신라면 {unique('p')}",
            url=f"http://127.0.0.1:{shop.server_port}/item",
            price=23900,
        )
        expect(page).to_have_url(re.compile(r"/deals/\d+$"))
        expect(page.locator(".thumb.large img")).to_have_count(0)  # not yet: the worker has not run
        run_management_command(stack, "sharing", "deliver_outbox")

    page.reload()
    picture = page.locator(".thumb.large img")
    expect(picture).to_have_attribute("src", PICTURE_HOST + "sinramyun.jpg")
    assert picture_loaded(picture)
    shot(page, "deal-with-thumbnail")

    page.goto("/deals/")
    row = page.locator(".deal-row", has_text=title)
    thumb = row.locator(".thumb img")
    expect(thumb).to_be_visible()
    assert picture_loaded(thumb)
    box = row.locator(".thumb").bounding_box()
    assert 60 <= box["width"] <= 80  # a square beside the title
    assert box["width"] == box["height"]
    shot(page, "deal-list")


@pytest.mark.parametrize("javascript", [True, False])
def test_a_picture_that_fails_leaves_a_neutral_placeholder(open_page, shot, javascript):
    author = open_page()
    signup(author)
    share_deal(
        author, title=f"그림 없음 {unique('t')}", product=f"휴지 {unique('p')}", url=store_url(), price=9900
    )
    expect(author).to_have_url(re.compile(r"/deals/\d+$"))
    without_picture = author.url
    share_deal(
        author, title=f"깨진 그림 {unique('t')}", product=f"휴지 {unique('p')}", url=store_url(), price=9900
    )
    author.get_by_role("link", name="수정").click()
    author.get_by_label("이미지 주소").fill("https://img.gone.example/x.jpg")
    author.get_by_role("button", name="고치기").click()
    expect(author).to_have_url(re.compile(r"/deals/\d+$"))
    broken_picture = author.url

    reader = open_page(javascript=javascript)
    serve_pictures(reader)
    reader.goto(without_picture)
    expect(reader.locator(".thumb.large img")).to_have_count(0)
    placeholder = reader.locator(".thumb.large").screenshot(animations="disabled")

    reader.goto(broken_picture)
    img = reader.locator(".thumb.large img")
    expect(img).to_have_attribute("src" if not javascript else "class", re.compile("gone|broken"))
    if javascript:
        expect(img).to_be_hidden()
    # pixel for pixel the box of a deal that has no picture: no broken-image icon, no alt text
    seen = reader.locator(".thumb.large").screenshot(animations="disabled")
    visibly_different, _ = pixels_apart(author, seen, placeholder)  # compared in a page that runs scripts
    assert visibly_different == 0
    shot(reader, "broken-picture" + ("" if javascript else "-no-js"))


def test_the_deal_page_has_link_preview_tags_and_a_share_button(open_page, stack):
    page = open_page()
    signup(page)
    title = f"햇반 24개 {unique('t')}"
    share_deal(page, title=title, product=f"햇반 {unique('p')}", url=store_url(), price=19900)
    deal_url = page.url
    meta = page.locator('meta[property="og:title"]')
    expect(meta).to_have_attribute("content", title)
    expect(page.locator('meta[property="og:url"]')).to_have_attribute("content", deal_url)
    expect(page.locator('meta[property="product:price:amount"]')).to_have_attribute("content", "19900")

    # a phone with a share sheet: the Web Share API gets the title and the address
    sharer = open_page()
    sharer.add_init_script(
        "navigator.share = (data) => { window.__shared = data; return Promise.resolve(); };"
    )
    sharer.goto(deal_url)
    sharer.get_by_role("button", name="공유하기").click()
    assert sharer.evaluate("window.__shared") == {"title": title, "url": deal_url}

    # a browser without one: the link is copied
    copier = open_page()
    copier.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack.url("front"))
    copier.add_init_script("delete Navigator.prototype.share;")
    copier.goto(deal_url)
    copier.get_by_role("button", name="공유하기").click()
    expect(copier.locator(".share-status")).to_have_text("링크를 복사했어요.")
    assert copier.evaluate("navigator.clipboard.readText()") == deal_url
