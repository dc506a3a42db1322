"""Deal links: which URLs we accept, how two links are recognised as the same deal, which store sells it."""

from __future__ import annotations

import ipaddress
import re
import socket
import unicodedata
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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


def check_link(url: str, *, allow_blocked_hosts: bool = False) -> str:
    """Return ``url`` stripped of surrounding space when it is an acceptable web link, else raise."""
    url = url.strip()
    if len(url) > MAX_URL_LENGTH:
        raise RejectedLink(f"링크는 {MAX_URL_LENGTH}자 이하로 입력해 주세요.")
    if any(unicodedata.category(ch) in ("Cc", "Zs", "Zl", "Zp") for ch in url):
        raise RejectedLink("링크에 공백이나 제어 문자가 있습니다.")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as exc:
        raise RejectedLink("올바른 링크가 아닙니다.") from exc
    if parts.scheme.lower() not in ("http", "https"):
        raise RejectedLink("http:// 또는 https:// 로 시작하는 링크만 쓸 수 있습니다.")
    host = (parts.hostname or "").lower()
    if not host or "." not in host:
        raise RejectedLink("링크의 주소(도메인)가 올바르지 않습니다.")
    if parts.username or parts.password:
        raise RejectedLink("아이디·비밀번호가 들어간 링크는 쓸 수 없습니다.")
    if _is_internal_host(host):
        raise RejectedLink(
            "내부 네트워크 주소는 쓸 수 없습니다. 누구나 열 수 있는 인터넷 주소를 넣어 주세요."
        )
    if not allow_blocked_hosts and _bare_host(host) in BLOCKED_HOSTS:
        raise RejectedLink(
            "단축 URL이나 제휴(추천인) 링크는 쓸 수 없습니다. 상품 페이지 주소를 직접 넣어 주세요."
        )
    return url


# Names that only resolve inside someone's network (RFC 6761/6762/8375, Kubernetes' cluster.local).
_INTERNAL_NAME_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa", ".intranet")


def _is_internal_host(host: str) -> bool:
    """A loopback, private, link-local or otherwise non-public address, however it is spelled.

    A deal's link and image are opened by every reader's browser: one pointing into the reader's
    own network (a router page, a cloud metadata address) is an attack, never a deal. Browsers
    read a host whose last label is a number as IPv4 ("0x7f.1" is 127.0.0.1), so those are
    parsed the same lenient way before the check.
    """
    host = host.rstrip(".")
    if host == "localhost" or host.endswith(_INTERNAL_NAME_SUFFIXES):
        return True
    last_label = host.rsplit(".", 1)[-1]
    if not re.fullmatch(r"(0x[0-9a-f]*|[0-9]+)", last_label):
        return False
    try:
        address = ipaddress.IPv4Address(socket.inet_aton(host))
    except OSError:
        return True  # a numeric host no browser can read as an address: refuse rather than guess
    return not address.is_global


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    for prefix in _IGNORED_HOST_PREFIXES:
        if host.startswith(prefix):
            host = host[len(prefix) :]
    return host


def normalize_url(url: str) -> str:
    """The form two links to the same page share, for duplicate detection.

    http and https, host case, ``www.``, default ports, tracking parameters, parameter order,
    fragments and trailing slashes make no difference; the path's case and every other
    parameter do.
    """
    parts = urlsplit(url.strip())
    host = _bare_host(parts.hostname or "")
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path).rstrip("/")
    query = sorted(
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if key.lower() not in TRACKING_PARAMETERS and not key.lower().startswith(TRACKING_PREFIXES)
    )
    return urlunsplit(("https", netloc, path, urlencode(query), ""))


def detect_store(url: str) -> str:
    """The store a link points to: a well-known store's Korean name, otherwise its domain."""
    host = _bare_host(urlsplit(url.strip()).hostname or "")
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
