"""Feeds on the live stack: the keyword feed lists a deal just shared and reads as strict RSS/Atom."""

from __future__ import annotations

import uuid
from urllib.parse import quote, urlsplit

import requests
from playwright.sync_api import expect

from front.tests.e2e.conftest import signup
from front.tests.e2e.test_deal_journeys import share_deal, store_url
from front.tests.feedcheck import strict_atom, strict_rss


def token() -> str:
    """A word no other run's deal contains (letters only: matched like the deal search)."""
    return "zq" + "".join(chr(ord("a") + int(c, 16) % 26) for c in uuid.uuid4().hex[:8])


def person(open_page):
    """A new person's page, patient: signing up on a busy machine can take several seconds."""
    page = open_page()
    page.set_default_timeout(30_000)
    return page


def urlparse_path(url: str) -> str:
    return urlsplit(url).path


def test_the_keyword_feed_lists_the_deal_and_reads_as_strict_rss_and_atom(open_page, stack):
    sharer = person(open_page)
    signup(sharer)
    word = token()
    title = f"햇반 {word} 24개"
    share_deal(sharer, title=title, product=f"햇반 {word}", url=store_url(), price=19900)
    deal_url = stack.url("front") + urlparse_path(sharer.url)

    sharer.goto(f"/deals/?q={quote(word)}")
    feeds = sharer.locator('link[rel="alternate"]')
    expect(feeds).to_have_count(2)
    rss_href = feeds.first.get_attribute("href")
    assert rss_href == f"/feeds/keyword/{word}.xml"
    rss = requests.get(stack.url("front") + rss_href, timeout=10)
    assert rss.headers["Content-Type"] == "application/rss+xml; charset=utf-8"
    assert [entry["link"] for entry in strict_rss(rss.content)] == [deal_url]
    atom = requests.get(stack.url("front") + feeds.nth(1).get_attribute("href"), timeout=10)
    entries = strict_atom(atom.content)
    assert [entry["link"] for entry in entries] == [deal_url]
    assert entries[0]["title"] == f"{title} — 19,900원"
