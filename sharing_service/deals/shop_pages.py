"""Fetching a shop page's ``og:image`` for a deal's thumbnail, from the background worker only.

The server fetches a URL a member typed: the classic server-side request forgery. Every hop is
held to the host rule links obey (:func:`links.check_host`), and more, because a name is only a
name until it is resolved:

- the link and every redirect target (at most :data:`MAX_REDIRECTS`) are parsed as a browser
  would and checked before anything is sent;
- the name is resolved once, **every** address it resolves to is checked (a name answering one
  public and one internal address is refused), and the connection goes to that checked address
  (the name is sent only as ``Host`` and TLS server name), so a second DNS answer cannot swap in
  an internal address between the check and the connection (DNS rebinding);
- only ``text/html`` is read, at most :data:`MAX_PAGE_BYTES`, within :data:`TOTAL_SECONDS`;
- the ``og:image`` found must itself pass the link rules, since every reader's browser loads it.

``SHARING_TEST_ALLOW_LOOPBACK`` (tests only; a deploy check refuses it) lets 127.0.0.0/8 and ::1
through, so tests serve shop pages on loopback; nothing else internal ever passes.
"""

from __future__ import annotations

import codecs
import re
import socket
import time
from dataclasses import dataclass
from html.parser import HTMLParser

import ada_url
import urllib3
from django.conf import settings

from sharing_service.deals.links import RejectedLink, check_host, check_link

MAX_REDIRECTS = 3
MAX_PAGE_BYTES = 1_000_000
CONNECT_SECONDS = 3.0
READ_SECONDS = 5.0
TOTAL_SECONDS = 10.0
USER_AGENT = "ThriftKingdomBot/1.0 (+og:image thumbnails of shared deals)"
_REDIRECTS = (301, 302, 303, 307, 308)
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class FetchRefused(Exception):
    """The page may not or cannot be used (internal address, not HTML, too big): do not retry."""


class FetchFailed(Exception):
    """The page could not be read this time (timeout, connection refused, 5xx): worth a retry."""


@dataclass(frozen=True)
class ShopPage:
    url: str  # after redirects
    html: str


def allow_loopback() -> bool:
    return bool(getattr(settings, "SHARING_TEST_ALLOW_LOOPBACK", False))


def checked_url(url: str) -> ada_url.URL:
    """``url`` as a browser parses it, when the host rules allow fetching it; else FetchRefused."""
    try:
        check_link(url, allow_blocked_hosts=True, allow_loopback=allow_loopback())
    except RejectedLink as exc:
        raise FetchRefused(str(exc)) from exc
    return ada_url.URL(url.strip())


def resolved_address(host: str, port: int) -> str:
    """One address of ``host`` to connect to, after checking every address the name resolves to."""
    literal = host[1:-1] if host.startswith("[") else host
    try:
        infos = socket.getaddrinfo(literal, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(f"{host} does not resolve: {exc}") from exc
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise FetchFailed(f"{host} has no address")
    for address in addresses:
        try:
            check_host(address, allow_loopback=allow_loopback())
        except RejectedLink as exc:
            raise FetchRefused(f"{host} resolves to {address}, which is not public") from exc
    return addresses[0]


def fetch_shop_page(url: str) -> ShopPage:
    """GET a shop page under the rules in this module's docstring."""
    deadline = time.monotonic() + TOTAL_SECONDS
    for _ in range(MAX_REDIRECTS + 1):
        target = checked_url(url)
        response = _request(target, deadline)
        try:
            if response.status in _REDIRECTS:
                location = response.headers.get("Location")
                if not location:
                    raise FetchRefused(f"a {response.status} without Location")
                try:
                    url = ada_url.join_url(target.href, location)
                except ValueError as exc:
                    raise FetchRefused(f"a redirect to an unreadable address: {location[:200]}") from exc
                continue
            if response.status >= 500 or response.status == 429:
                raise FetchFailed(f"the shop answered {response.status}")
            if response.status != 200:
                raise FetchRefused(f"the shop answered {response.status}")
            content_type = response.headers.get("Content-Type", "")
            if content_type.split(";", 1)[0].strip().lower() not in _HTML_TYPES:
                raise FetchRefused(f"not a web page ({content_type[:100]})")
            body = _read_limited(response, deadline)
            return ShopPage(url=target.href, html=_decode(body, content_type))
        finally:
            response.release_conn()
    raise FetchRefused(f"more than {MAX_REDIRECTS} redirects")


def _request(target: ada_url.URL, deadline: float):
    host = target.hostname
    https = target.protocol == "https:"
    port = int(target.port) if target.port else (443 if https else 80)
    address = resolved_address(host, port)
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchFailed("out of time")
    timeout = urllib3.Timeout(connect=min(CONNECT_SECONDS, remaining), read=min(READ_SECONDS, remaining))
    server_name = host[1:-1] if host.startswith("[") else host
    if https:
        pool = urllib3.HTTPSConnectionPool(
            address,
            port,
            server_hostname=server_name,
            assert_hostname=server_name,
            cert_reqs="CERT_REQUIRED",
            timeout=timeout,
            retries=False,
        )
    else:
        pool = urllib3.HTTPConnectionPool(address, port, timeout=timeout, retries=False)
    path = (target.pathname or "/") + target.search
    try:
        return pool.urlopen(
            "GET",
            path,
            headers={
                "Host": target.host,
                "User-Agent": USER_AGENT,
                "Accept": "text/html,application/xhtml+xml",
                "Accept-Encoding": "identity",
                "Accept-Language": "ko-KR,ko;q=0.9",
            },
            redirect=False,
            retries=False,
            preload_content=False,
            assert_same_host=False,
        )
    except urllib3.exceptions.SSLError as exc:
        raise FetchRefused(f"TLS failed: {exc}") from exc
    except urllib3.exceptions.HTTPError as exc:
        raise FetchFailed(str(exc)) from exc


def _read_limited(response, deadline: float) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > MAX_PAGE_BYTES:
        raise FetchRefused(f"the page is {declared} bytes")
    chunks, size = [], 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise FetchFailed("the page took too long")
            chunk = response.read(65536)
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > MAX_PAGE_BYTES:
                raise FetchRefused(f"the page is over {MAX_PAGE_BYTES} bytes")
            if b"</head" in chunk.lower():
                break  # every tag we read is in the head
    except urllib3.exceptions.HTTPError as exc:
        raise FetchFailed(str(exc)) from exc
    return b"".join(chunks)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([a-zA-Z0-9_-]+)""", re.IGNORECASE)


def _decode(body: bytes, content_type: str) -> str:
    """Korean shops still serve EUC-KR: the header's charset, else the page's meta, else UTF-8."""
    match = re.search(r"charset=([a-zA-Z0-9_-]+)", content_type) or _META_CHARSET.search(body[:4096])
    charset = match.group(1) if match else "utf-8"
    if isinstance(charset, bytes):
        charset = charset.decode("ascii")
    try:
        codecs.lookup(charset)
    except LookupError:
        charset = "utf-8"
    return body.decode(charset, errors="replace")


# Preference: the page's own declared picture first, then the Twitter card's.
_IMAGE_PROPERTIES = ("og:image:secure_url", "og:image", "og:image:url", "twitter:image", "twitter:image:src")


class _MetaImages(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        if tag != "meta":
            return
        values = {name.lower(): (value or "") for name, value in attrs}
        key = (values.get("property") or values.get("name") or "").strip().lower()
        content = values.get("content", "").strip()
        if key in _IMAGE_PROPERTIES and content and key not in self.found:
            self.found[key] = content


def og_image_of(page: ShopPage) -> str:
    """The page's ``og:image`` (or Twitter card image) as an absolute link readers may load, or ''."""
    parser = _MetaImages()
    parser.feed(page.html)
    for key in _IMAGE_PROPERTIES:
        if key not in parser.found:
            continue
        try:
            image = ada_url.join_url(page.url, parser.found[key])
            return check_link(image, allow_blocked_hosts=True)
        except (ValueError, RejectedLink):
            continue
    return ""
