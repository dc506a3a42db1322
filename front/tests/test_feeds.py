"""RSS 2.0 / Atom feeds of deals and the board: what they ask, what they say, how they are cached."""

import pytest

from front.tests.fakes import page, problem
from front.tests.feedcheck import strict_atom, strict_rss
from front.tests.samples import author, deal, post

CATEGORIES = [{"slug": "food", "name": "식품"}]
SAVER = author(3, "알뜰이")
BOARD_CATEGORIES = [{"slug": "free", "name": "자유"}, {"slug": "tips", "name": "절약팁"}]


@pytest.fixture
def deals(fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/categories", CATEGORIES)
    fake_apis.add(
        "GET",
        "sharing",
        "/api/sharing/deals",
        page(
            [
                deal(2, title="농심 신라면 40봉", effective_price=23900, category=CATEGORIES[0]),
                deal(1, title="햇반 <24개> & 특가", created_at="2026-11-23T01:00Z", author=SAVER),
            ]
        ),
    )  # fmt: skip
    return fake_apis


def deal_calls(fake_apis):
    return fake_apis.calls_to("sharing", "/api/sharing/deals")


def test_the_deal_list_feed_takes_the_lists_filters_and_is_strict_rss(client, deals):
    response = client.get(
        "/feeds/deals.xml?q=신라면&category=food&store=쿠팡&max_price=30000&free_shipping=1&sort=price&page=3"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    entries = strict_rss(response.content)
    assert [e["link"] for e in entries] == ["http://testserver/deals/2", "http://testserver/deals/1"]
    assert entries[0]["title"] == "농심 신라면 40봉 — 23,900원"
    assert entries[1]["title"] == "햇반 <24개> & 특가 — 19,900원"  # escaped in the XML, intact when read
    (call,) = deal_calls(deals)
    assert call.params == {
        "q": "신라면", "category": "food", "store": "쿠팡", "max_price": 30000,
        "free_shipping": "true", "sort": "price", "page_size": 30,
    }  # fmt: skip
    xml = response.content.decode()
    assert "<title>절약왕국 최저가 · ‘신라면’ 검색 · 식품 · 쿠팡 · 무료배송</title>" in xml
    assert "<link>http://testserver/deals/?q=" in xml  # the page it mirrors, without ?page
    assert "page=3" not in xml
    assert "<category>식품</category>" in xml
    assert 'xmlns:dc="http://purl.org/dc/elements/1.1/">알뜰이</dc:creator>' in xml


def test_the_atom_twin_is_strict_atom(client, deals):
    response = client.get("/feeds/deals.atom?category=food")
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    entries = strict_atom(response.content)
    assert [e["link"] for e in entries] == ["http://testserver/deals/2", "http://testserver/deals/1"]
    assert "<name>알뜰이</name>" in response.content.decode()


def test_feeds_are_public_the_same_for_everyone_and_cacheable(client, deals, signed_in):
    signed_in()
    response = client.get("/feeds/deals/hot.xml")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    (call,) = deal_calls(deals)
    assert "Authorization" not in call.headers  # a member's feed is everyone's feed
    assert call.params == {"sort": "hot", "page_size": 30}
    assert deals.calls_to("notifications") == []  # no badge for a feed
    assert "<title>절약왕국 인기 핫딜</title>" in response.content.decode()


def test_anonymous_readers_get_the_feed_from_the_page_cache(client, deals, settings):
    settings.FRONT_PAGE_CACHE_SECONDS = 10
    settings.FRONT_ANONYMOUS_CACHE_SECONDS = 0
    first = client.get("/feeds/keyword/신라면.xml")
    second = client.get("/feeds/keyword/신라면.xml")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(deal_calls(deals)) == 1
    assert second["Cache-Control"].startswith("public, max-age=60")


def test_the_keyword_feed(client, deals):
    response = client.get("/feeds/keyword/%EC%8B%A0%EB%9D%BC%EB%A9%B4%2040%EB%B4%89.atom")
    strict_atom(response.content)
    assert deal_calls(deals)[0].params == {"q": "신라면 40봉", "sort": "new", "page_size": 30}
    assert "<title>절약왕국 최저가 · ‘신라면 40봉’</title>" in response.content.decode()
    assert client.get("/feeds/keyword/%20.xml").status_code == 404


def test_board_feeds_per_category(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/categories", page(BOARD_CATEGORIES))
    fake_apis.add(
        "GET", "board", "/api/board/posts", page([post(5, title="오늘 무지출", body="한 푼도\n안 썼어요")])
    )
    response = client.get("/feeds/board/tips.xml")
    entries = strict_rss(response.content)
    assert entries == [
        {"title": "오늘 무지출", "link": "http://testserver/board/5", "id": "http://testserver/board/5"}
    ]
    xml = response.content.decode()
    assert "<title>절약왕국 거지방 · 절약팁</title>" in xml
    assert "한 푼도&lt;br&gt;안 썼어요" in xml  # HTML in the description, escaped as XML
    assert fake_apis.calls_to("board", "/api/board/posts")[0].params == {
        "sort": "new",
        "category": "tips",
        "page_size": 30,
    }
    strict_atom(client.get("/feeds/board.atom").content)
    assert client.get("/feeds/board/nope.xml").status_code == 404


def test_a_filter_the_service_refuses_is_a_404_and_a_service_down_a_503(client, fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/categories", CATEGORIES)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", problem(400, "없는 카테고리", {"category": ["?"]}))
    assert client.get("/feeds/deals.xml?category=zzz").status_code == 404
    fake_apis.down("sharing")
    response = client.get("/feeds/deals.xml")
    assert response.status_code == 503  # a reader retries; an empty feed would be believed


def test_an_empty_list_is_still_a_valid_feed(client, fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([]))
    assert strict_rss(client.get("/feeds/deals/hot.xml").content) == []
    assert strict_atom(client.get("/feeds/deals/hot.atom").content) == []


# --- <link rel="alternate"> on the pages the feeds mirror -------------------------------------------


def alternates(html: str) -> list[str]:
    import re

    return re.findall(
        r'<link rel="alternate" type="application/(rss|atom)\+xml" title="[^"]+" href="([^"]+)">', html
    )


def test_the_deal_list_links_its_feed_with_the_same_filters(client, deals):
    deals.add("GET", "sharing", "/api/sharing/stores", [])
    html = client.get("/deals/?category=food&free_shipping=1&page=2").content.decode()
    assert alternates(html) == [
        ("rss", "/feeds/deals.xml?category=food&amp;free_shipping=1"),
        ("atom", "/feeds/deals.atom?category=food&amp;free_shipping=1"),
    ]
    html = client.get("/deals/?q=신라면").content.decode()
    assert alternates(html)[0] == ("rss", "/feeds/keyword/%EC%8B%A0%EB%9D%BC%EB%A9%B4.xml")
    html = client.get("/deals/?sort=hot").content.decode()
    assert alternates(html)[1] == ("atom", "/feeds/deals/hot.atom")


def test_home_search_and_board_link_their_feeds(client, fake_apis):
    for path in ("/api/sharing/deals", "/api/sharing/products"):
        fake_apis.add("GET", "sharing", path, page([]))
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    fake_apis.add("GET", "board", "/api/board/categories", page(BOARD_CATEGORIES))
    assert alternates(client.get("/").content.decode())[0] == ("rss", "/feeds/deals/hot.xml")
    assert alternates(client.get("/search?q=a/b").content.decode())[0] == ("rss", "/feeds/deals.xml?q=a%2Fb")
    assert alternates(client.get("/board/?category=tips").content.decode())[0] == (
        "rss",
        "/feeds/board/tips.xml",
    )
    assert alternates(client.get("/board/").content.decode())[1] == ("atom", "/feeds/board.atom")
    assert alternates(client.get("/board/?category=<x>").content.decode())[0] == ("rss", "/feeds/board.xml")
