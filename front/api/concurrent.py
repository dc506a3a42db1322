"""Ask several services at once for one page; a section whose service fails shows a notice.

    sections = gather({"deals": lambda: api.get("sharing", ...), "posts": lambda: api.get("board", ...)})
    sections["deals"].ok / .data / .unavailable / .error

Each call runs in a worker thread inside a copy of the request's context, so the request id
and trace headers (contextvars, see kingdom.context) travel with it.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from front.api.client import ApiError, Unavailable

logger = logging.getLogger("front.api")

#: shared by every request of the process (32 request threads, a page asks up to four things at once)
_executor = ThreadPoolExecutor(max_workers=64, thread_name_prefix="front-api")


#: for the request being answered: did a section go without its service? (see page_health)
_page_health: contextvars.ContextVar[dict | None] = contextvars.ContextVar("front_page_health", default=None)


def page_health() -> dict:
    """Start watching this request's sections; the dict says ``degraded`` once one was unavailable.

    The anonymous page cache asks, so that a page showing "cannot load" for a service that was
    down for a moment is never kept and shown to everyone after the service is back.
    """
    health = {"degraded": False}
    _page_health.set(health)
    return health


@dataclass
class Section:
    """One part of a page: its data, or why it has none."""

    data: Any = None
    unavailable: bool = False
    error: ApiError | None = None

    @property
    def ok(self) -> bool:
        return not self.unavailable and self.error is None

    @property
    def results(self) -> list:
        """``results`` of a paginated answer (or the answer itself when it is a list)."""
        if isinstance(self.data, dict):
            return self.data.get("results", [])
        return self.data or []


def run_section(call: Callable[[], Any]) -> Section:
    """Run one call and classify its outcome (also used directly for a single-section page)."""
    try:
        return Section(data=call())
    except Unavailable as exc:
        logger.warning("section unavailable: %s", exc)
        health = _page_health.get()
        if health is not None:  # the dict is shared with the request's thread: mark it there
            health["degraded"] = True
        return Section(unavailable=True)
    except ApiError as exc:
        return Section(error=exc)


def submit(call: Callable[[], Any]) -> Future:
    """Start ``call`` now in the shared pool, inside a copy of this request's context; the caller
    collects ``.result()`` later (the header badge: asked while the view asks its own services)."""
    return _executor.submit(contextvars.copy_context().run, call)


def gather(calls: dict[str, Callable[[], Any]]) -> dict[str, Section]:
    """Run ``calls`` concurrently; every key gets a :class:`Section`, whatever failed.

    Session-expiry (SessionExpired) propagates: the page must send the visitor to log in.
    """
    if len(calls) <= 1:
        return {name: run_section(call) for name, call in calls.items()}
    futures = {name: submit(lambda call=call: run_section(call)) for name, call in calls.items()}
    return {name: future.result() for name, future in futures.items()}
