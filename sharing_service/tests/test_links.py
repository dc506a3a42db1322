"""Which links a member may share, when two links are the same deal, and which store sells it."""

import pytest

from sharing_service.deals.links import (
    RejectedLink,
    check_host,
    check_link,
    detect_store,
    normalize_product_name,
    normalize_url,
)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("HTTPS://WWW.Coupang.com/vp/products/1", "https://coupang.com/vp/products/1"),
        ("http://coupang.com/vp/products/1", "https://coupang.com/vp/products/1"),
        ("https://coupang.com/vp/products/1/", "https://coupang.com/vp/products/1"),
        ("https://coupang.com/vp/products/1#reviews", "https://coupang.com/vp/products/1"),
        ("https://coupang.com:443/vp/products/1", "https://coupang.com/vp/products/1"),
        (
            "https://coupang.com/vp/products/1?itemId=5&utm_source=x&utm_campaign=y&fbclid=abc&gclid=d",
            "https://coupang.com/vp/products/1?itemId=5",
        ),
        ("https://a.com/p?b=2&a=1", "https://a.com/p?a=1&b=2"),
        (
            "https://smartstore.naver.com/shop/products/9?NaPm=ct%3Dabc",
            "https://smartstore.naver.com/shop/products/9",
        ),
        # a host spelled the ways a browser reads as the same host
        ("https://%63oupang.com/vp/products/1", "https://coupang.com/vp/products/1"),
        ("https://ｃｏｕｐａｎｇ．ｃｏｍ/vp/products/1", "https://coupang.com/vp/products/1"),
        ("https://coupang.com./vp/products/1", "https://coupang.com/vp/products/1"),
        ("https://bücher.de/a", "https://xn--bcher-kva.de/a"),
        # what a store's app or mobile site shares is the desktop page's deal
        (
            "https://m.coupang.com/vm/products/7335597976?itemId=1&vendorItemId=2&src=1139000",
            "https://www.coupang.com/vp/products/7335597976?itemId=1&vendorItemId=2",
        ),
        ("https://m.11st.co.kr/products/m/4120151120", "https://www.11st.co.kr/products/4120151120"),
        (
            "http://mitem.gmarket.co.kr/Item?goodscode=2371234567",
            "https://item.gmarket.co.kr/Item?goodsCode=2371234567",
        ),
        (
            "http://mitem.auction.co.kr/vip?itemno=C123456789",
            "https://itempage3.auction.co.kr/DetailView.aspx?itemno=C123456789",
        ),
        ("https://m.smartstore.naver.com/shop/products/9", "https://smartstore.naver.com/shop/products/9"),
        ("https://m.brand.naver.com/cj/products/5", "https://brand.naver.com/cj/products/5"),
        ("https://m.ssg.com/item/itemView.ssg?itemId=1", "https://www.ssg.com/item/itemView.ssg?itemId=1"),
        ("https://m.kurly.com/goods/5000", "https://www.kurly.com/goods/5000"),
        # every other known store: its m./mobile. site under the same path
        ("https://m.tmon.co.kr/deal/123", "https://www.tmon.co.kr/deal/123"),
        ("https://mobile.gsshop.com/prd/prd.gs?prdid=1", "https://www.gsshop.com/prd/prd.gs?prdid=1"),
        ("https://m.29cm.co.kr/product/7", "https://www.29cm.co.kr/product/7"),
        (
            "https://m.aladin.co.kr/shop/wproduct.aspx?ItemId=9",
            "https://www.aladin.co.kr/shop/wproduct.aspx?ItemId=9",
        ),
    ],
)
def test_links_to_the_same_page_normalize_alike(first, second):
    assert normalize_url(first) == normalize_url(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("https://coupang.com/vp/products/1", "https://coupang.com/vp/products/2"),
        ("https://coupang.com/vp/products/1?itemId=5", "https://coupang.com/vp/products/1?itemId=6"),
        ("https://shop.com/Item", "https://shop.com/item"),
        ("https://coupang.com:8443/vp", "https://coupang.com/vp"),
        ("https://m.coupang.com/vm/products/1", "https://www.coupang.com/vp/products/2"),
        ("https://m.coupang.com/vm/search?q=a", "https://www.coupang.com/vm/search?q=a"),
        ("https://m.example.com/vm/products/1", "https://www.example.com/vp/products/1"),
        ("https://m.tinyshop.kr/item/1", "https://tinyshop.kr/item/1"),  # not a store we know
        ("https://m.tmon.co.kr/deal/1", "https://www.tmon.co.kr/deal/2"),
    ],
)
def test_links_to_different_pages_stay_different(first, second):
    assert normalize_url(first) != normalize_url(second)


@pytest.mark.parametrize(
    ("url", "store"),
    [
        ("https://www.coupang.com/vp/products/1", "쿠팡"),
        ("https://m.coupang.com/vm/products/1", "쿠팡"),
        ("https://www.11st.co.kr/products/1", "11번가"),
        ("https://item.gmarket.co.kr/Item?goodscode=1", "G마켓"),
        ("https://itempage3.auction.co.kr/DetailView.aspx?itemno=1", "옥션"),
        ("https://www.ssg.com/item/itemView.ssg?itemId=1", "SSG"),
        ("https://smartstore.naver.com/abc/products/1", "네이버 스마트스토어"),
        ("https://www.musinsa.com/app/goods/1", "무신사"),
        ("https://ohou.se/productions/1", "오늘의집"),
        ("https://www.kurly.com/goods/1", "마켓컬리"),
        ("https://shop.example.co.kr/item/1", "shop.example.co.kr"),
        ("https://www.example.com/item/1", "example.com"),
    ],
)
def test_store_is_detected_from_the_domain(url, store):
    assert detect_store(url) == store


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "ftp://files.example.com/a.zip",
        "data:text/html,<b>x</b>",
        "https://",
        "https://localhost/x",
        "https://user:pw@shop.com/x",
        "https://shop.com/a b",
        "https://bit.ly/abc",
        "https://link.coupang.com/a/xyz",
        "https://shop.com/" + "a" * 2000,
        "https://shop.com:99999/x",
        # shorteners however the host is spelled: percent-escaped, full-width, upper case, trailing dot
        "https://%62it.ly/abc",
        "https://ｂｉｔ．ｌｙ/abc",
        "https://BIT.LY./abc",
        "https://%6Eaver.me/x",
        "https://link.%63oupang.com/a/xyz",
        "https://bit%2Ely/abc",
        "https://1.2.3.256/",  # ends in a number but no address: a browser refuses it too
        "https://0x100000000/",
    ],
)
def test_unacceptable_links_are_rejected_with_a_reason(url):
    with pytest.raises(RejectedLink) as error:
        check_link(url)
    assert str(error.value)


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/x.png",
        "http://localhost.localdomain.localhost/a",
        "https://169.254.169.254/latest/meta-data",
        "https://10.0.0.1/a",
        "https://192.168.0.1/admin",
        "https://0x7f.1/a",  # browsers read this as 127.0.0.1
        "https://0177.0.0.1/a",
        "https://sharing.thrift-kingdom.svc.cluster.local/api",
        "https://nas.local/photo.jpg",
        "https://metadata.google.internal/computeMetadata",
        # every spelling a browser reads as an address into the reader's network
        "http://１２７.０.０.１/",  # full-width digits
        "http://192.168.0.%31/",  # a percent-escaped digit
        "https://127.0.0.1:9443/x.png",
        "http://2130706433/",  # one decimal number
        "http://127.1/",  # a short form
        "http://0x7f000001/",
        "http://0/",
        "https://%31%32%37.0.0.1/",
        "https://１６９．２５４．１６９．２５４/latest/meta-data",
        "https://169.254.169.254./latest",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped IPv6
        "http://[::ffff:a9fe:a9fe]/",
        "http://[fd00::1]/",
        "http://[fe80::1]/",
        "https://100.64.0.1/",  # carrier-grade NAT
        "https://127.0.0.1\\.shop.com/",  # a browser reads \\ as / : the host is 127.0.0.1
        "https://LOCALHOST/x",
        "https://localhost./x",
        "https://%6Cocalhost/x",
        "https://ｌｏｃａｌｈｏｓｔ/x",
        "https://nas.%6Cocal/x",
        "https://router.lan./x",
    ],
)
def test_links_into_a_readers_own_network_are_rejected_even_for_images(url):
    with pytest.raises(RejectedLink) as error:
        check_link(url, allow_blocked_hosts=True)
    assert "내부 네트워크" in str(error.value)


def test_public_addresses_are_still_links():
    assert check_link("https://8.8.8.8/a") == "https://8.8.8.8/a"
    assert check_link("https://shop.co.kr/item/1") == "https://shop.co.kr/item/1"
    assert check_link("  https://%73hop.co.kr/item/1 ") == "https://%73hop.co.kr/item/1"
    assert check_link("https://[2606:4700:4700::1111]/") == "https://[2606:4700:4700::1111]/"
    # an internationalised name is a name, not an address
    assert check_link("https://쿠팡.한국/item") == "https://쿠팡.한국/item"


@pytest.mark.parametrize(
    "host",
    ["127.0.0.1", "::1", "10.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "[fd00::1]", "0.0.0.0"],  # noqa: S104
)
def test_the_host_rule_refuses_resolved_internal_addresses(host):
    with pytest.raises(RejectedLink):
        check_host(host)


def test_loopback_may_be_let_through_for_tests_but_nothing_else():
    check_host("127.0.0.1", allow_loopback=True)
    check_host("::1", allow_loopback=True)
    for host in ("10.0.0.1", "169.254.169.254", "192.168.0.1", "localhost"):
        with pytest.raises(RejectedLink):
            check_host(host, allow_loopback=True)


@pytest.mark.parametrize(
    ("url", "store"),
    [
        ("https://%63oupang.com/vp/products/1", "쿠팡"),
        ("https://ＷＷＷ．ｃｏｕｐａｎｇ．ｃｏｍ/vp/products/1", "쿠팡"),
        ("https://mitem.gmarket.co.kr/Item?goodscode=1", "G마켓"),
    ],
)
def test_store_is_detected_from_the_host_a_browser_reads(url, store):
    assert detect_store(url) == store


def test_product_names_fold_case_spaces_and_punctuation():
    assert normalize_product_name("Apple 에어팟 프로 2") == normalize_product_name("apple  에어팟프로-2!")
    assert normalize_product_name("ＡＰＰＬＥ") == normalize_product_name("apple")
    assert normalize_product_name("에어팟 프로") != normalize_product_name("에어팟 맥스")
