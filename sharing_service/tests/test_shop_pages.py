"""The og:image fetcher against a shop served on loopback: host rules on every hop, DNS answers
checked and connected to, size and time limits. Only name resolution is stubbed (no DNS here)."""

from __future__ import annotations

import socket

import pytest

from sharing_service.deals import shop_pages
from sharing_service.deals.shop_pages import FetchFailed, FetchRefused, ShopPage, fetch_shop_page, og_image_of
from sharing_service.tests.shop.server import shop_on_loopback


@pytest.fixture(scope="module")
def shop():
    with shop_on_loopback() as server:
        yield server


@pytest.fixture
def loopback_allowed(settings):
    settings.SHARING_TEST_ALLOW_LOOPBACK = True


def at(shop, path: str) -> str:
    return f"http://127.0.0.1:{shop.server_port}{path}"


def test_the_og_image_of_a_shop_page_is_found(shop, loopback_allowed):
    page = fetch_shop_page(at(shop, "/item"))
    assert og_image_of(page) == "https://img.shop.example/sinramyun.jpg"


def test_production_refuses_a_shop_on_loopback(shop, settings):
    settings.SHARING_TEST_ALLOW_LOOPBACK = False
    before = len(shop.hosts_seen)
    with pytest.raises(FetchRefused):
        fetch_shop_page(at(shop, "/item"))
    assert len(shop.hosts_seen) == before  # nothing was sent


def test_redirects_are_followed_and_each_target_is_checked_again(shop, loopback_allowed):
    assert og_image_of(fetch_shop_page(at(shop, "/redirect"))) == "https://img.shop.example/sinramyun.jpg"
    with pytest.raises(FetchRefused):
        fetch_shop_page(at(shop, "/redirect-internal"))
    with pytest.raises(FetchRefused):
        fetch_shop_page(at(shop, "/redirect-disguised"))  # full-width digits, percent-escaped: 192.168.0.1


def test_a_redirect_loop_ends(shop, loopback_allowed):
    with pytest.raises(FetchRefused, match="redirects"):
        fetch_shop_page(at(shop, "/redirect-loop"))


def test_only_web_pages_of_bounded_size_are_read(shop, loopback_allowed):
    with pytest.raises(FetchRefused, match="not a web page"):
        fetch_shop_page(at(shop, "/picture"))
    with pytest.raises(FetchRefused, match="bytes"):
        fetch_shop_page(at(shop, "/huge"))
    with pytest.raises(FetchRefused, match="bytes"):
        fetch_shop_page(at(shop, "/huge-declared"))


def test_a_slow_or_dripping_page_runs_out_of_time(shop, loopback_allowed, monkeypatch):
    monkeypatch.setattr(shop_pages, "READ_SECONDS", 0.5)
    with pytest.raises(FetchFailed):
        fetch_shop_page(at(shop, "/slow"))
    monkeypatch.setattr(shop_pages, "TOTAL_SECONDS", 1.0)
    with pytest.raises(FetchFailed):
        fetch_shop_page(at(shop, "/drip"))


def test_a_busy_shop_is_worth_a_retry_and_a_missing_page_is_not(shop, loopback_allowed):
    with pytest.raises(FetchFailed):
        fetch_shop_page(at(shop, "/broken"))
    with pytest.raises(FetchRefused):
        fetch_shop_page(at(shop, "/gone"))


def test_a_closed_port_is_worth_a_retry(loopback_allowed):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(FetchFailed):
        fetch_shop_page(f"http://127.0.0.1:{port}/item")


def test_an_image_the_link_rules_refuse_is_not_taken(shop, loopback_allowed):
    assert og_image_of(fetch_shop_page(at(shop, "/internal-image"))) == ""
    assert og_image_of(fetch_shop_page(at(shop, "/no-image"))) == ""


def test_a_korean_shop_page_in_euc_kr_is_read(shop, loopback_allowed):
    image = og_image_of(fetch_shop_page(at(shop, "/euc-kr")))
    assert image == "https://img.shop.example/%EC%83%81%ED%92%88.jpg"  # 상품, read from EUC-KR bytes


def fake_dns(answers: dict[str, list[str]]):
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host in answers:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port)) for address in answers[host]]
        return real(host, port, *args, **kwargs)

    return getaddrinfo


def test_the_connection_goes_to_the_checked_address_with_the_name_as_host(
    shop, loopback_allowed, monkeypatch
):
    monkeypatch.setattr(shop_pages.socket, "getaddrinfo", fake_dns({"shop.example.kr": ["127.0.0.1"]}))

    page = fetch_shop_page(f"http://shop.example.kr:{shop.server_port}/item")

    assert og_image_of(page) == "https://img.shop.example/sinramyun.jpg"
    assert shop.hosts_seen[-1] == f"shop.example.kr:{shop.server_port}"


@pytest.mark.parametrize(
    "answer",
    [["10.0.0.7"], ["169.254.169.254"], ["93.184.216.34", "192.168.0.1"], ["100.64.0.1"]],
)
def test_a_name_resolving_to_any_internal_address_is_refused_before_connecting(
    shop, loopback_allowed, monkeypatch, answer
):
    monkeypatch.setattr(shop_pages.socket, "getaddrinfo", fake_dns({"rebind.example.kr": answer}))
    before = len(shop.hosts_seen)
    with pytest.raises(FetchRefused, match="not public"):
        fetch_shop_page(f"http://rebind.example.kr:{shop.server_port}/item")
    assert len(shop.hosts_seen) == before


@pytest.mark.parametrize(
    ("html", "image"),
    [
        ('<meta property="og:image" content="/img/a.jpg">', "https://shop.example.kr/img/a.jpg"),
        (
            '<meta name="twitter:image" content="https://cdn.example.kr/t.jpg">',
            "https://cdn.example.kr/t.jpg",
        ),
        (
            '<meta property="og:image" content="http://cdn.example.kr/a.jpg">'
            '<meta property="og:image:secure_url" content="https://cdn.example.kr/a.jpg">',
            "https://cdn.example.kr/a.jpg",
        ),
        ('<meta property="og:image" content="javascript:alert(1)">', ""),
        ('<meta property="og:image" content="https://１２７.０.０.１/a.png">', ""),
        ("<p>no picture</p>", ""),
    ],
)
def test_the_page_picture_is_read_from_its_tags(html, image):
    assert og_image_of(ShopPage(url="https://shop.example.kr/p/1", html=html)) == image
