"""Whole pages for anonymous visitors, kept a few seconds in the shared cache.

Most traffic is people reading without a session: the home page, the lists, a popular post. For
them a page is the same for everyone, so the front renders it once per ``FRONT_PAGE_CACHE_SECONDS``
and serves the stored bytes to everyone else — no template rendering, no API call. The answer says
so in ``Cache-Control: public, max-age=…`` so that the Istio gateway or a CDN may keep it too.

What is never stored or served from here:

- a request carrying the session cookie or a flash message (a member, a guest, someone who just
  did something): their pages are personal and always rendered;
- anything but a ``GET``/``HEAD`` answered ``200`` with HTML (or a feed, kept
  ``FRONT_FEED_CACHE_SECONDS``), or an answer that sets a cookie (a
  page with a form sets the CSRF cookie) or says ``private``/``no-store`` itself;
- a page with a section whose service was unavailable: once the service is back, everyone must
  see it back, not a stored "cannot load". While it is down, a page that was stored before is
  served stale instead (``stale-if-error``: the whole page rather than one with a hole).

When an entry goes stale, one request renders it again (a short lock in the cache) while the others
keep getting the stale copy for up to ``FRONT_PAGE_STALE_SECONDS`` — a popular page never makes a
crowd of renders at the moment it expires (the same promise ``stale-while-revalidate`` makes to
shared caches).

A post, a deal or a product page is kept ``FRONT_PAGE_CACHE_DETAIL_SECONDS`` (30 s) instead: each is
opened by id from everywhere and changes less often than the lists, where freshness matters most
(``DETAIL_VIEWS``).

Each worker keeps the fresh pages it served last in its own memory too (``FRONT_PAGE_MEMORY_ENTRIES``,
Django's local-memory cache): a popular page is then served without a round trip to the shared
cache, which was most of a hit's CPU (0.25 of 0.8 ms, cProfile) and, under load, a wait for the
GIL after every socket read. A copy is kept only until the shared entry's own ``fresh_until``, so
it is the same page the shared cache would give; a stale page always goes to the shared cache,
where one request claims its render.

A page can ask to be told of the visits served from its stored copy (a post counts its views): it
sets ``response.page_cache_hit = ("dotted.path.to.function", {kwargs})`` and the function is called
as ``function(request, **kwargs)`` on every hit.
"""

from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.http import quote_etag
from django.utils.module_loading import import_string

from front.api.concurrent import page_health

logger = logging.getLogger("front.pagecache")

#: the pages kept FRONT_PAGE_CACHE_DETAIL_SECONDS (URL names)
DETAIL_VIEWS = frozenset({"board:detail", "deals:detail", "deals:product"})
#: what is stored: HTML pages, and the RSS/Atom feeds (front.feeds), kept FRONT_FEED_CACHE_SECONDS
STORED_TYPES = ("text/html", "application/rss+xml", "application/atom+xml")
FEEDS = "feeds"
#: the cache alias of each worker's own copies (front.config.settings, when FRONT_PAGE_MEMORY_ENTRIES)
MEMORY = "pages"
#: headers a stored page must not carry to another visitor's answer
_NOT_STORED = {"set-cookie", "x-request-id", "date", "content-length", "vary", "cache-control"}


def page_key(request: HttpRequest) -> str:
    """Where the page of this address is stored (one entry per path and query)."""
    return "page:" + hashlib.sha256(request.get_full_path().encode()).hexdigest()


def is_anonymous_visit(request: HttpRequest) -> bool:
    """A browser with no session and no flash message waiting: it sees what everyone sees."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and CookieStorage.cookie_name not in cookies


def _storable(response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith(STORED_TYPES)
        and not response.cookies
        and "private" not in response.get("Cache-Control", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous visitors' pages (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    @property
    def fresh_seconds(self) -> int:
        return settings.FRONT_PAGE_CACHE_SECONDS

    @property
    def stale_seconds(self) -> int:
        return settings.FRONT_PAGE_STALE_SECONDS

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cacheable = request.method in ("GET", "HEAD") and is_anonymous_visit(request)
        if self.fresh_seconds <= 0 or not cacheable:
            return self.get_response(request)
        key = page_key(request)
        now = time.time()
        entry = self._read(key, now)
        if entry is not None:
            if entry["fresh_until"] > now:
                return self._serve(request, entry, "hit")
            # Stale: exactly one request renders it again; everyone else keeps the stale copy.
            if not self._claim(key):
                return self._serve(request, entry, "stale")
        health = page_health()
        response = self.get_response(request)
        if _storable(response) and not health["degraded"]:
            fresh = self._fresh_seconds(request)
            self._store(key, response, now, fresh)
            self._advertise(response, fresh)
        elif entry is not None and (health["degraded"] or response.status_code >= 500):
            # stale-if-error: the page we have is whole; a render missing a section is not. The
            # render lock stays until it expires, so a failing service is not asked again at once.
            return self._serve(request, entry, "stale-if-error")
        return response

    def _fresh_seconds(self, request: HttpRequest) -> int:
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name in DETAIL_VIEWS:
            return settings.FRONT_PAGE_CACHE_DETAIL_SECONDS
        if match is not None and match.namespace == FEEDS:
            return settings.FRONT_FEED_CACHE_SECONDS
        return self.fresh_seconds

    # --- cache access: a cache that is down costs the page its speed, never the page itself -------
    @staticmethod
    def _memory():
        return caches[MEMORY] if MEMORY in settings.CACHES else None

    def _read(self, key: str, now: float) -> dict | None:
        memory = self._memory()
        if memory is not None:
            entry = memory.get(key)
            if entry is not None and entry["fresh_until"] > now:
                return entry
        try:
            entry = cache.get(key)
        except Exception:  # whichever backend: an error means "no entry", never a failed page
            logger.warning("page cache unreadable", exc_info=True)
            return None
        if entry is not None and entry["fresh_until"] > now:
            self._remember(key, entry, now)
        return entry

    def _remember(self, key: str, entry: dict, now: float) -> None:
        memory = self._memory()
        if memory is not None:
            memory.set(key, entry, timeout=entry["fresh_until"] - now)

    def _claim(self, key: str) -> bool:
        try:
            return cache.add(f"{key}:render", 1, timeout=10)
        except Exception:  # see _read
            return True

    def _store(self, key: str, response: HttpResponse, now: float, fresh: int) -> None:
        content = response.content
        etag = quote_etag(hashlib.blake2b(content, digest_size=16).hexdigest())
        response["ETag"] = etag
        entry = {
            "fresh_until": now + fresh,
            "fresh_seconds": fresh,
            "content": content,
            "headers": [(k, v) for k, v in response.items() if k.lower() not in _NOT_STORED],
            "hook": getattr(response, "page_cache_hit", None),
        }
        try:
            cache.set(key, entry, timeout=fresh + self.stale_seconds)
            cache.delete(f"{key}:render")
        except Exception:  # see _read
            logger.warning("page cache not written", exc_info=True)
            return
        self._remember(key, entry, now)

    # --- answers -----------------------------------------------------------------------------
    def _advertise(self, response: HttpResponse, fresh: int) -> None:
        response["Cache-Control"] = f"public, max-age={fresh}, stale-while-revalidate={self.stale_seconds}"
        patch_vary_headers(response, ("Cookie",))

    def _serve(self, request: HttpRequest, entry: dict, outcome: str) -> HttpResponse:
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"]:
            response[name] = value
        self._advertise(response, entry.get("fresh_seconds", self.fresh_seconds))
        response["X-Page-Cache"] = outcome
        hook = entry.get("hook")
        if hook is not None:
            path, kwargs = hook
            try:
                import_string(path)(request, **kwargs)
            except Exception:  # a view count must never cost the page
                logger.warning("page cache hit hook failed", exc_info=True)
        return response
