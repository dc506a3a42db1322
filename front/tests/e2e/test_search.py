"""Search in Chromium finds what people type: every word, any order, with or without spaces."""

from __future__ import annotations

from urllib.parse import quote

from playwright.sync_api import expect

from front.tests.e2e.conftest import signup, unique, write_post
from front.tests.e2e.test_deal_journeys import share_deal, store_url


def test_search_finds_hetbahn_however_it_is_typed(open_page, shot):
    page = open_page()
    signup(page)
    tag = unique("s")
    share_deal(
        page, title=f"햇반 210g 24개 {tag}", product=f"CJ 햇반 210g {tag}", url=store_url(), price=19_900
    )
    write_post(page, title=f"햇반 210g 24개 쟁였어요 {tag}", body="한 달은 버틴다")

    for typed in (f"햇반24개 {tag}", f"{tag} 24개 햇반", f"햇반 ２４개 {tag}"):
        page.goto("/search")
        page.get_by_label("검색어").fill(typed)
        page.get_by_role("button", name="검색", exact=True).click()
        expect(page.locator("#search-deals").locator("xpath=..")).to_contain_text(f"햇반 210g 24개 {tag}")
        expect(page.locator("#search-posts").locator("xpath=..")).to_contain_text(f"쟁였어요 {tag}")
    shot(page, "search")

    # The lists' own q filters use the same search; a missing word finds nothing.
    page.goto(f"/deals/?q={quote(f'햇반24개 {tag}')}")
    expect(page.locator("main")).to_contain_text(f"햇반 210g 24개 {tag}")
    page.goto(f"/board/?q={quote(f'24개햇반 {tag}')}")
    expect(page.locator("main")).to_contain_text("찾는 글이 없어요")  # "24개햇반" is not in the text
    page.goto(f"/board/?q={quote(f'쟁였어요 햇반 {tag}')}")
    expect(page.locator("main")).to_contain_text(f"쟁였어요 {tag}")
