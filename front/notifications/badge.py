"""The unread badge in the header of every signed-in page, without making any page slower.

- **Anonymous visitors: nothing.** Their pages are the same for everyone and come from the whole-page
  cache (front.web.pagecache); they never ask notification_service.
- **Signed in: one count per person, kept** ``FRONT_NOTIFICATION_BADGE_SECONDS`` (10 s) in the shared
  cache. When it is not there, :class:`NotificationBadgeMiddleware` asks
  ``GET /api/notifications/inbox/unread-count`` in the shared thread pool as the request starts, so
  the call runs while the view asks its own services; the header waits for it at most
  ``FRONT_NOTIFICATION_BADGE_WAIT_SECONDS`` (0.25 s) more when it is drawn. Late or failed: this page
  has no badge, the next one shows it.
- **Never a refresh.** The badge's call carries the access token only while it is valid
  (``Api.get(refresh=False)``); a token about to expire is refreshed by the page's own calls, and
  that page goes without a count it does not have yet.
- **Service down: no badge, and no waiting.** After a failure (network, timeout, 5xx) this process
  asks nobody for ``FRONT_NOTIFICATION_BADGE_PAUSE_SECONDS`` (30 s); pages render as if there were no
  notifications.

The count is not kept in the session: a session saved for a badge could write back tokens another
request of the same browser has just rotated. Reading or marking notifications forgets the
person's count (:func:`forget`), so the next page shows the new one.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from front.api import Api, ApiError, Unavailable
from front.api.concurrent import submit
from front.api.tokens import SessionTokens
from front.notifications.calls import UNREAD_COUNT

logger = logging.getLogger("front.notifications")

#: requests that draw no header (or must not spend a call): APIs, files, feeds, a mail's unsubscribe link
SKIPPED_PATHS = ("/api/", "/static/", "/feeds/", "/notifications/unsubscribe/")
#: the badge says "99+" beyond this
MOST_SHOWN = 99

_paused_until = 0.0


class Badge:
    """The viewer's unread count for this page: known, on its way (a future), or none."""

    def __init__(self, count: int | None = None, future: Future | None = None):
        self._count = count
        self._future = future

    @cached_property
    def count(self) -> int | None:
        if self._future is None:
            return self._count
        try:
            return self._future.result(timeout=settings.FRONT_NOTIFICATION_BADGE_WAIT_SECONDS)
        except FutureTimeout:
            logger.info("unread count too late for this page")
            return None

    @property
    def label(self) -> str:
        count = self.count or 0
        return f"{MOST_SHOWN}+" if count > MOST_SHOWN else str(count)


NO_BADGE = Badge()


def _key(user_id: int) -> str:
    return f"notifications:unread:{user_id}"


def _cached(key: str) -> int | None:
    try:
        return cache.get(key)
    except Exception:  # a cache that is down costs the badge its shortcut, never the page
        logger.warning("badge cache unreadable", exc_info=True)
        return None


def _remember(key: str, count: int | None) -> None:
    try:
        if count is None:
            cache.delete(key)
        else:
            cache.set(key, count, settings.FRONT_NOTIFICATION_BADGE_SECONDS)
    except Exception:  # see _cached
        logger.warning("badge cache not written", exc_info=True)


def _ask(api: Api, key: str) -> int | None:
    """In a worker thread: the count from notification_service, remembered; None when it failed."""
    global _paused_until
    try:
        answer = api.get("notifications", UNREAD_COUNT, refresh=False)
        count = max(0, int(answer["unread"]))
    except Unavailable as exc:
        _paused_until = time.monotonic() + settings.FRONT_NOTIFICATION_BADGE_PAUSE_SECONDS
        logger.warning("no badge, notification_service unavailable: %s", exc)
        return None
    except (ApiError, KeyError, TypeError, ValueError) as exc:
        logger.info("no badge: %r", exc)
        return None
    _remember(key, count)
    return count


def start(request: HttpRequest) -> Badge:
    """The badge of this request: from the cache, or asked now (answered while the view works)."""
    viewer = getattr(request, "viewer", None)
    if (
        request.method != "GET"
        or viewer is None
        or not viewer.is_authenticated
        or request.headers.get("X-Requested-With") == "fetch"  # a fragment, no header
        or request.path.startswith(SKIPPED_PATHS)
    ):
        return NO_BADGE
    key = _key(viewer.id)
    count = _cached(key)
    if count is not None:
        return Badge(count)
    if time.monotonic() < _paused_until or SessionTokens(request).usable_access() is None:
        return NO_BADGE  # the service is resting, or the token needs the refresh the page will make
    api = Api(request)
    return Badge(future=submit(lambda: _ask(api, key)))


def forget(request: HttpRequest, count: int | None = None) -> None:
    """After a change to the viewer's notifications: keep ``count``, or ask again on the next page."""
    viewer = request.viewer
    if viewer.is_authenticated:
        _remember(_key(viewer.id), count)


class NotificationBadgeMiddleware:
    """Start the viewer's badge as the request begins (after ``ViewerMiddleware``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        request.notification_badge = start(request)
        return self.get_response(request)


def badge_context(request: HttpRequest) -> dict:
    """Template context: ``notification_badge`` (``.count`` is None when there is nothing to show)."""
    return {"notification_badge": getattr(request, "notification_badge", NO_BADGE)}
