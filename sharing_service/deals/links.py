"""Deal links: which URLs we accept, how two links are recognised as the same deal, which store sells it."""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import ada_url

# Query parameters that only say where a click came from; removing them never changes the page.
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid",
        "gclid",
        "gclsrc",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "_ga",
        "_gl",
        "ref_src",
        "spm",
        "scm",
        # 네이버 검색광고/쇼핑 유입 추적
        "napm",
        "nacn",
        "n_media",
        "n_query",
        "n_rank",
        "n_ad_group",
        "n_ad",
        "n_keyword",
        "n_keyword_id",
        "n_campaign_type",
        "n_ad_group_type",
        "n_match",
        # 쿠팡 유입 추적
        "src",
        "spec",
        "addtag",
        "ctag",
        "lptag",
        "itime",
        "wpcid",
        "wref",
        "wtime",
        "redirect",
        "traceid",
        "clickeventid",
        "isaddedcart",
        "sourcetype",
    }
)
TRACKING_PREFIXES = ("utm_",)

# Link shorteners and affiliate redirectors hide where a link goes and who earns from it
# (OzBargain, 뽐뿌 and meeco ban them); members must link the store page itself.
BLOCKED_HOSTS = frozenset(
    {
        "bit.ly",
        "tinyurl.com",
        "t.co",
        "goo.gl",
        "han.gl",
        "me2.do",
        "naver.me",
        "vo.la",
        "url.kr",
        "buly.kr",
        "link.coupang.com",
        "coupa.ng",
        "s.click.aliexpress.com",
        "a.aliexpress.com",
        "click.linksynergy.com",
        "amzn.to",
    }
)

# Well-known Korean (and popular overseas) stores by registrable domain; subdomains match too.
STORES_BY_DOMAIN = {
    "coupang.com": "쿠팡",
    "11st.co.kr": "11번가",
    "gmarket.co.kr": "G마켓",
    "auction.co.kr": "옥션",
    "ssg.com": "SSG",
    "smartstore.naver.com": "네이버 스마트스토어",
    "brand.naver.com": "네이버 브랜드스토어",
    "shopping.naver.com": "네이버쇼핑",
    "musinsa.com": "무신사",
    "ohou.se": "오늘의집",
    "kurly.com": "마켓컬리",
    "lotteon.com": "롯데ON",
    "tmon.co.kr": "티몬",
    "wemakeprice.com": "위메프",
    "interpark.com": "인터파크",
    "oliveyoung.co.kr": "올리브영",
    "29cm.co.kr": "29CM",
    "e-himart.co.kr": "롯데하이마트",
    "homeplus.co.kr": "홈플러스",
    "hmall.com": "현대Hmall",
    "cjonstyle.com": "CJ온스타일",
    "gsshop.com": "GS SHOP",
    "gift.kakao.com": "카카오톡 선물하기",
    "store.kakao.com": "카카오톡 스토어",
    "yes24.com": "예스24",
    "kyobobook.co.kr": "교보문고",
    "aladin.co.kr": "알라딘",
    "zigzag.kr": "지그재그",
    "a-bly.com": "에이블리",
    "danawa.com": "다나와",
    "aliexpress.com": "알리익스프레스",
    "temu.com": "테무",
    "amazon.com": "아마존",
    "costco.co.kr": "코스트코",
    "emart.com": "이마트",
}

MAX_URL_LENGTH = 2000
_IGNORED_HOST_PREFIXES = ("www.",)


class RejectedLink(ValueError):
    """The link is not one we accept; the message says why, in words a member can act on."""


INTERNAL_NETWORK_MESSAGE = "내부 네트워크 주소는 쓸 수 없습니다. 누구나 열 수 있는 인터넷 주소를 넣어 주세요."

# Names that only resolve inside someone's network (RFC 6761/6762/8375, Kubernetes' cluster.local).
_INTERNAL_NAME_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet")


def parse_as_browser(url: str) -> ada_url.URL:
    """``url`` parsed the way every reader's browser parses it (the WHATWG URL standard), or raise.

    What a link check must look at is the host a browser will actually contact, not the text
    typed: browsers percent-decode a host (``%62it.ly`` is bit.ly), map it through IDNA/UTS-46
    (full-width ``１２７.０.０.１`` is 127.0.0.1, ``ｂｉｔ．ｌｙ`` is bit.ly), read any host ending in a
    number as IPv4 (``0x7f.1``, ``2130706433``, ``127.1``) and treat a backslash as ``/``. ada (the
    parser Node.js uses) implements exactly that; the returned URL's ``hostname`` is canonical.
    """
    try:
        return ada_url.URL(url)
    except ValueError as exc:
        raise RejectedLink("올바른 링크가 아닙니다.") from exc


def check_host(host: str, *, allow_loopback: bool = False) -> None:
    """Refuse a host (as :func:`parse_as_browser` gives it, or a resolved address) that is not public.

    The one host rule for deal links, image addresses and the shop-page fetcher: loopback,
    private, link-local, shared, reserved and other non-global addresses (IPv4, IPv6, IPv4-mapped
    IPv6), ``localhost`` and names that only resolve inside a network. ``allow_loopback`` (tests
    only, see ``SHARING_FETCH_ALLOW_LOOPBACK``) lets 127.0.0.0/8 and ::1 through, nothing else.
    """
    host = host.lower()
    address = _ip_address(host)
    if address is None:
        name = host.rstrip(".")
        if name == "localhost" or name.endswith(_INTERNAL_NAME_SUFFIXES):
            raise RejectedLink(INTERNAL_NETWORK_MESSAGE)
        if not name or "." not in name:
            raise RejectedLink("링크의 주소(도메인)가 올바르지 않습니다.")
        return
    if allow_loopback and address.is_loopback:
        return
    if not address.is_global or address.is_multicast:
        raise RejectedLink(INTERNAL_NETWORK_MESSAGE)


def _ip_address(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address a host literal names (``[v6]`` or dotted IPv4, as browsers canonicalise), else None."""
    try:
        if host.startswith("[") and host.endswith("]"):
            address = ipaddress.IPv6Address(host[1:-1])
            return address.ipv4_mapped or address
        return ipaddress.ip_address(host)
    except ValueError:
        return None


def check_link(url: str, *, allow_blocked_hosts: bool = False, allow_loopback: bool = False) -> str:
    """Return ``url`` stripped of surrounding space when it is an acceptable web link, else raise.

    The checks read the link as a browser does (:func:`parse_as_browser`), so no spelling of a
    host gets past them that a browser would then open.
    """
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise RejectedLink(f"링크는 {MAX_URL_LENGTH}자 이하로 입력해 주세요.")
    if any(unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp") for ch in url):
        raise RejectedLink("링크에 공백이나 제어 문자가 있습니다.")
    if not url.lower().startswith(("http:", "https:")):
        raise RejectedLink("http:// 또는 https:// 로 시작하는 링크만 쓸 수 있습니다.")
    parsed = parse_as_browser(url)
    if parsed.protocol not in ("http:", "https:"):
        raise RejectedLink("http:// 또는 https:// 로 시작하는 링크만 쓸 수 있습니다.")
    if parsed.username or parsed.password:
        raise RejectedLink("아이디·비밀번호가 들어간 링크는 쓸 수 없습니다.")
    check_host(parsed.hostname, allow_loopback=allow_loopback)
    if not allow_blocked_hosts and _bare_host(parsed.hostname) in BLOCKED_HOSTS:
        raise RejectedLink(
            "단축 URL이나 제휴(추천인) 링크는 쓸 수 없습니다. 상품 페이지 주소를 직접 넣어 주세요."
        )
    return url


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in _IGNORED_HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def _browser_host(url: str) -> tuple[str, int | None, ada_url.URL | None]:
    """(canonical host, port, parsed URL) of a link, falling back to Python's reading when ada refuses."""
    try:
        parsed = ada_url.URL(url.strip())
    except ValueError:
        parts = urlsplit(url.strip())
        return (parts.hostname or "").lower(), parts.port, None
    return parsed.hostname, int(parsed.port) if parsed.port else None, parsed


def normalize_url(url: str) -> str:
    """The form two links to the same page share, for duplicate detection.

    http and https, the host's spelling (case, percent-escapes, full-width letters — as a browser
    reads it), ``www.``, default ports, tracking parameters, parameter order, fragments and trailing
    slashes make no difference; neither do a known store's mobile and desktop addresses
    (:data:`MOBILE_FORMS`). The path's case and every other parameter do.
    """
    host, port, parsed = _browser_host(url)
    host = _bare_host(host)
    path_and_query = urlsplit(parsed.href if parsed is not None else url.strip())
    path = re.sub(r"/{2,}", "/", path_and_query.path).rstrip("/")
    pairs = parse_qsl(path_and_query.query, keep_blank_values=True)
    host, path, pairs = _desktop_form(host, path, pairs)
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    query = sorted(
        (key, value)
        for key, value in pairs
        if key.lower() not in TRACKING_PARAMETERS and not key.lower().startswith(TRACKING_PREFIXES)
    )
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


# A store's app and mobile site share links to the same product under other addresses than its
# desktop site (the Coupang app shares m.coupang.com/vm/products/…). Stores whose mobile site only
# adds "m." (or "mobile.") to the host under the same path need no rule (_desktop_form strips it
# for every store in STORES_BY_DOMAIN); these are the ones that move the page. Each rule: the mobile host,
# the desktop host, a path rewrite (regular expression, replacement) or None, and query keys whose
# case the store ignores (G마켓 takes goodscode and goodsCode alike).
MOBILE_FORMS: tuple[tuple[str, str, tuple[str, str] | None, tuple[str, ...]], ...] = (
    ("m.coupang.com", "coupang.com", (r"^/vm/", "/vp/"), ()),
    ("m.11st.co.kr", "11st.co.kr", (r"^/products/m/", "/products/"), ()),
    ("mitem.gmarket.co.kr", "item.gmarket.co.kr", (r"^/item$", "/Item"), ("goodscode",)),
    ("item.gmarket.co.kr", "item.gmarket.co.kr", None, ("goodscode",)),
    ("mitem.auction.co.kr", "itempage3.auction.co.kr", (r"^/vip$", "/DetailView.aspx"), ("itemno",)),
    ("itempage3.auction.co.kr", "itempage3.auction.co.kr", None, ("itemno",)),
    ("m.smartstore.naver.com", "smartstore.naver.com", None, ()),
    ("m.brand.naver.com", "brand.naver.com", None, ()),
    ("m.ssg.com", "ssg.com", None, ()),
    ("m.musinsa.com", "musinsa.com", None, ()),
    ("m.kurly.com", "kurly.com", None, ()),
    ("m.lotteon.com", "lotteon.com", None, ()),
    ("m.oliveyoung.co.kr", "oliveyoung.co.kr", None, ()),
    ("m.gsshop.com", "gsshop.com", None, ()),
    ("m.hmall.com", "hmall.com", None, ()),
    ("m.yes24.com", "yes24.com", None, ()),
    ("m.kyobobook.co.kr", "kyobobook.co.kr", None, ()),
    ("m.aladin.co.kr", "aladin.co.kr", None, ()),
)


_MOBILE_PREFIXES = ("m.", "mobile.")


def _desktop_form(host: str, path: str, pairs: list[tuple[str, str]]):
    for mobile, desktop, rewrite, folded_keys in MOBILE_FORMS:
        if host != mobile:
            continue
        if rewrite is not None:
            path = re.sub(rewrite[0], rewrite[1], path, count=1, flags=re.IGNORECASE)
        pairs = [(key.lower() if key.lower() in folded_keys else key, value) for key, value in pairs]
        return desktop, path, pairs
    # Any other known store: its m./mobile. site under the same path is the same page.
    for prefix in _MOBILE_PREFIXES:
        rest = host[len(prefix) :]
        if host.startswith(prefix) and _known_store_domain(rest):
            return rest, path, pairs
    return host, path, pairs


def _known_store_domain(host: str) -> bool:
    labels = host.split(".")
    return any(".".join(labels[start:]) in STORES_BY_DOMAIN for start in range(len(labels) - 1))


def detect_store(url: str) -> str:
    """The store a link points to: a well-known store's Korean name, otherwise its domain."""
    host = _bare_host(_browser_host(url)[0])
    labels = host.split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in STORES_BY_DOMAIN:
            return STORES_BY_DOMAIN[candidate]
    return host[:50]


def normalize_product_name(name: str) -> str:
    """Fold case, width, spaces and punctuation: "Apple 에어팟 프로 2" == "apple 에어팟프로2!"."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())
