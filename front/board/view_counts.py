"""Views of post pages served from the page cache, sent to board in batches.

A post page served from the anonymous page cache (front.web.pagecache) never asked board for the
post, so its view is reported on the side. Sent one call per visit, a popular cached page cost
board a request for every visit — in ``make bench``'s original test one board call for every five
pages served. Instead each worker process keeps the views it served and sends them together in one
``POST /api/board/posts/views`` every ``FRONT_VIEW_BATCH_SECONDS``, or as soon as
``FRONT_VIEW_BATCH_SIZE`` are waiting, from a thread no page waits on. Board counts each view as it
counts a read: once per visitor's address per window.

What may be lost, as a view count may be under trouble: the views waiting in a process that is
killed (a worker that stops normally sends them first), views beyond ``MAX_WAITING`` while board
cannot take them, and a batch board refused or could not answer (logged, never retried: a pile of
retries would land on a service already in trouble).
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import threading

from django.conf import settings

from front.api import transport
from kingdom.http import UpstreamUnavailable

logger = logging.getLogger("front.board.view_counts")

PATH = "/api/board/posts/views"
#: views one call may carry (board's limit)
MAX_BATCH = 500
#: views kept waiting at most; more are dropped (board is not taking them)
MAX_WAITING = 10 * MAX_BATCH


class ViewBatch:
    """The views this process served from the page cache and has not sent yet."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: list[dict] = []
        self._due = threading.Event()
        self._sender: threading.Thread | None = None
        self._sender_pid: int | None = None

    def add(self, post_id: int, address: str) -> None:
        """Count one view of a cached post page by the visitor at ``address``; sent later."""
        with self._lock:
            if len(self._waiting) >= MAX_WAITING:
                logger.warning("cached view dropped: %d views already waiting for board", len(self._waiting))
                return
            self._waiting.append({"post": post_id, "address": address})
            full = len(self._waiting) >= min(settings.FRONT_VIEW_BATCH_SIZE, MAX_BATCH)
            self._start_sender()
        if full:
            self._due.set()

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)

    def send(self) -> int:
        """Send every view waiting now, in the caller's thread; returns how many were sent."""
        sent = 0
        while True:
            with self._lock:
                batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            if not batch:
                return sent
            self._post(batch)
            sent += len(batch)

    # --- the sender thread, one per process (started by the first view, again after a fork) ---
    def _start_sender(self) -> None:
        if self._sender is not None and self._sender.is_alive() and self._sender_pid == os.getpid():
            return
        if self._sender_pid is None:
            atexit.register(self.send)  # a worker that stops normally sends what it holds
        self._sender_pid = os.getpid()
        self._sender = threading.Thread(target=self._run, name="cached-view-sender", daemon=True)
        self._sender.start()

    def _run(self) -> None:
        while True:
            self._due.wait(settings.FRONT_VIEW_BATCH_SECONDS)
            self._due.clear()
            try:
                self.send()
            except Exception:  # the sender must outlive any one batch
                logger.exception("cached views not sent")

    def _post(self, batch: list[dict]) -> None:
        body = json.dumps({"views": batch}, ensure_ascii=False).encode()
        headers = {"Accept": "application/json", "Content-Type": "application/json"}
        try:
            response = transport.service_client("board").request("POST", PATH, headers=headers, data=body)
        except UpstreamUnavailable as exc:
            logger.warning("%d cached views lost: board %s", len(batch), exc.reason)
            return
        if response.status_code >= 400:
            logger.warning("%d cached views refused by board: %s", len(batch), response.status_code)


#: the process's batch (front.board.views.count_cached_view adds to it)
batch = ViewBatch()
