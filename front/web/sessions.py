"""Sessions kept on the server (the shared Valkey), so that logging out ends them everywhere.

The session holds the visitor's tokens (front.api.tokens). In a signed cookie, a copy taken
before logout kept working until its access token expired; here the cookie carries only a
random key, and logout deletes the entry behind it, so every copy of the cookie is dead.

``SESSION_ENGINE = "front.web.sessions"``: Django's cache engine on the ``sessions`` cache
(``REDIS_URL``), with what a cache that is down or was emptied means spelled out:

- reading fails or finds nothing: the visitor is logged out (an empty session), never a 500;
- writing or deleting fails: :class:`SessionStoreUnavailable`, which :class:`SessionMiddleware`
  (and ``ViewerMiddleware`` inside a view) answer with the 503 page, so a login that could not be
  kept says so instead of pretending.
"""

from __future__ import annotations

import logging

from django.contrib.sessions.backends.cache import SessionStore as CacheSessionStore
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from redis.exceptions import RedisError

from front.api.transport import Unavailable

logger = logging.getLogger("front.sessions")

#: what a cache backend raises when its server is away (redis-py's errors, sockets)
CACHE_ERRORS = (RedisError, OSError)


class SessionStoreUnavailable(Unavailable):
    """The session store could not be written: the page says the service is briefly unavailable."""

    def __init__(self, reason: str = ""):
        super().__init__("sessions", reason)


class SessionStore(CacheSessionStore):
    def load(self):
        try:
            return super().load()
        except CACHE_ERRORS as exc:  # Django's own load() already turns most into an empty session
            logger.warning("session store unreadable: %s", exc)
            self._session_key = None
            return {}

    def exists(self, session_key: str) -> bool:
        # Asked while choosing a new key (login, cycle_key): part of writing a session.
        try:
            return super().exists(session_key)
        except CACHE_ERRORS as exc:
            raise SessionStoreUnavailable(str(exc)) from exc

    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except CACHE_ERRORS as exc:
            raise SessionStoreUnavailable(str(exc)) from exc

    def delete(self, session_key: str | None = None) -> None:
        try:
            super().delete(session_key)
        except CACHE_ERRORS as exc:
            raise SessionStoreUnavailable(str(exc)) from exc


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, except that a session that cannot be saved is the 503 page, not a 500."""

    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except SessionStoreUnavailable as exc:
            from front.web import errors

            logger.warning("session not saved: %s", exc)
            return errors.service_unavailable(request)
