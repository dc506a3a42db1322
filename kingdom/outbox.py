"""Transactional outbox: events stored with the change that caused them, delivered until acknowledged.

A service that deletes a post or deal writes an :class:`OutboxEvent` row in the same
transaction, so the event exists exactly when the deletion does. After commit one delivery
attempt is made at once — by default on the process's relay thread (:class:`Relay`), so the
request that published answers without waiting for the receivers (``OUTBOX_DELIVERY``);
``manage.py deliver_outbox --loop`` (a Deployment in the chart) retries whatever is left with
exponential backoff, so an event outlives any outage of its receiver and of the process that
published it. Receivers must be idempotent: an event may arrive more than once.

The loop proves it is alive by touching a heartbeat file (``OUTBOX_HEARTBEAT_FILE``) before
every pass and every event; ``manage.py check_outbox_heartbeat`` fails once that file is older
than its limit, so a loop stuck in a delivery is restarted (the chart's livenessProbe).
"""

from __future__ import annotations

import logging
import os
import threading
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections, models, transaction
from django.utils import timezone

from kingdom.http import UpstreamUnavailable, internal_client
from kingdom.targets import TARGET_OWNERS

logger = logging.getLogger("kingdom.outbox")

MAX_BACKOFF = timedelta(minutes=10)
#: environment variable naming the delivery loop's heartbeat file (unset: no heartbeat)
HEARTBEAT_FILE_ENV = "OUTBOX_HEARTBEAT_FILE"

#: topic -> function that delivers one event's payload or raises
DELIVERERS: dict[str, Callable[[OutboxEvent], None]] = {}
#: functions the delivery loop calls once per pass, before delivering (``on_every_pass``)
LOOP_TASKS: list[Callable[[], None]] = []


class OutboxEvent(models.Model):
    """Abstract; a publishing service declares ``class OutboxEvent(kingdom.outbox.OutboxEvent)``."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    topic = models.CharField(max_length=100)
    payload = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    last_error = models.TextField(blank=True)

    class Meta:
        abstract = True
        ordering = ["created_at"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="%(app_label)s_outbox_pending",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]

    def __str__(self) -> str:
        state = "delivered" if self.delivered_at else f"pending ({self.attempts} attempts)"
        return f"{self.topic} {self.payload} — {state}"


def publish(model: type[OutboxEvent], topic: str, payload: dict) -> OutboxEvent:
    """Store an event inside the caller's transaction and try to deliver it right after commit."""
    if topic not in DELIVERERS:
        raise ValueError(f"No deliverer registered for topic {topic!r}.")
    event = model.objects.create(topic=topic, payload=payload)
    transaction.on_commit(lambda: deliver_after_commit(model))
    return event


#: ``OUTBOX_DELIVERY`` values: on the relay thread (the default), or before the request answers
BACKGROUND, INLINE = "background", "inline"
#: events one attempt right after commit takes at a time (the loop takes the rest)
AFTER_COMMIT_LIMIT = 10


def deliver_after_commit(model: type[OutboxEvent]) -> None:
    """The attempt right after a publishing transaction commits (``publish``'s on_commit hook).

    ``OUTBOX_DELIVERY=background`` hands it to this process's :class:`Relay`; ``inline`` makes it
    here, before the request answers (unit tests: their transaction is never committed, so no
    other thread could see the event).
    """
    if getattr(settings, "OUTBOX_DELIVERY", BACKGROUND) == INLINE:
        deliver_pending(model, limit=AFTER_COMMIT_LIMIT)
    else:
        relay.kick(model)


class Relay:
    """One thread per process that delivers what this process just published.

    A write used to answer only after its events had reached every receiver: a comment waited
    for board's count and for notification_service, each under the same load as the write. The
    request now only wakes this thread. Kicks that arrive while it works are folded into its next
    round, so a burst of writes costs one round per table, not one per write. The thread starts
    on the first kick (after gunicorn forked the worker); a worker that stops lets it finish the
    round in hand (:meth:`stop`, gunicorn's ``worker_exit``). Whatever it leaves undone stays
    pending and ``deliver_outbox --loop`` delivers it (an event may arrive twice; receivers are
    idempotent).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._due: set[type[OutboxEvent]] = set()
        self._busy = False
        self._stopping = False
        self._thread: threading.Thread | None = None

    def kick(self, model: type[OutboxEvent]) -> None:
        """Have ``model``'s due events delivered soon, on the relay thread."""
        with self._lock:
            self._due.add(model)
            if self._thread is None or not self._thread.is_alive():
                self._stopping = False
                self._thread = threading.Thread(target=self._run, name="outbox-relay", daemon=True)
                self._thread.start()
            self._changed.notify_all()

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until nothing is due or being delivered; False if ``timeout`` passed first."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._due or self._busy:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return False
                self._changed.wait(remaining)
        return True

    def stop(self, timeout: float = 10.0) -> None:
        """Deliver what is due, then end the thread (its database connection closed); a later
        kick starts a new one."""
        with self._lock:
            thread, self._stopping = self._thread, True
            self._changed.notify_all()
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        try:
            while True:
                with self._lock:
                    while not self._due and not self._stopping:
                        self._changed.wait()
                    if not self._due:
                        return
                    models, self._due, self._busy = self._due, set(), True
                try:
                    for model in models:
                        self._deliver(model)
                finally:
                    with self._lock:
                        self._busy = False
                        self._changed.notify_all()
        finally:
            connections.close_all()  # this thread's own connection

    @staticmethod
    def _deliver(model: type[OutboxEvent]) -> None:
        # The thread's own database connection, kept between rounds as a request thread keeps
        # its own (CONN_MAX_AGE), and replaced when it is too old or broken.
        close_old_connections()
        try:
            while deliver_pending(model, limit=AFTER_COMMIT_LIMIT) == AFTER_COMMIT_LIMIT:
                pass
        except Exception as exc:  # e.g. the database is down: the loop delivers later
            logger.warning("outbox relay failed", extra={"table": model._meta.db_table, "error": str(exc)})


relay = Relay()


def deliver_pending(
    model: type[OutboxEvent], *, limit: int = 100, before_each: Callable[[], None] | None = None
) -> int:
    """Deliver due events, oldest first; returns how many were delivered. Safe to run concurrently.

    ``before_each`` runs before every delivery attempt (the loop's heartbeat).
    """
    delivered = 0
    now = timezone.now()
    with transaction.atomic():
        due = list(
            model.objects.select_for_update(skip_locked=True)
            .filter(delivered_at__isnull=True, next_attempt_at__lte=now)
            .order_by("created_at")[:limit]
        )
        for event in due:
            if before_each is not None:
                before_each()
            try:
                DELIVERERS[event.topic](event)
            except Exception as exc:  # a failed delivery is recorded and retried, never raised
                event.attempts += 1
                event.last_error = str(exc)[:2000]
                backoff = min(timedelta(seconds=2 ** min(event.attempts, 10)), MAX_BACKOFF)
                event.next_attempt_at = timezone.now() + backoff
                event.save(update_fields=["attempts", "last_error", "next_attempt_at"])
                logger.warning(
                    "outbox delivery failed",
                    extra={"event_id": str(event.id), "topic": event.topic, "error": str(exc)},
                )
            else:
                event.attempts += 1
                event.delivered_at = timezone.now()
                event.last_error = ""
                event.save(update_fields=["attempts", "delivered_at", "last_error"])
                delivered += 1
    return delivered


def on_every_pass(task: Callable[[], None]) -> Callable[[], None]:
    """Have ``deliver_outbox --loop`` call ``task`` once per pass (a service's AppConfig.ready).

    For events that are due at a time rather than caused by a request (the month's 거지왕): the
    task decides cheaply whether anything is due and publishes it like any other event. It must
    be idempotent (several workers may run it at once) and quick when nothing is due.
    """
    if task not in LOOP_TASKS:
        LOOP_TASKS.append(task)
    return task


def run_loop_tasks() -> None:
    """Run every registered pass task; one that fails is logged and tried again next pass."""
    for task in LOOP_TASKS:
        try:
            task()
        except Exception as exc:  # the loop must go on delivering whatever a task does
            logger.warning("outbox loop task failed", extra={"task": task.__qualname__, "error": str(exc)})


# --- the delivery loop's liveness ------------------------------------------------------------


def heartbeat_path() -> Path | None:
    """The heartbeat file named by ``OUTBOX_HEARTBEAT_FILE``, or None when there is none."""
    value = os.environ.get(HEARTBEAT_FILE_ENV, "").strip()
    return Path(value) if value else None


def heartbeat_touch(path: Path) -> None:
    """Record that the loop is alive now (the file's modification time)."""
    path.touch(exist_ok=True)
    os.utime(path)


def heartbeat_age(path: Path) -> float | None:
    """Seconds since the loop last touched ``path``; None when it never did."""
    try:
        return max(0.0, time.time() - path.stat().st_mtime)
    except FileNotFoundError:
        return None


# --- the events the platform has ------------------------------------------------------------

#: board/sharing -> comments: a post or deal is gone; payload {"target_type", "target_id"}
TARGET_DELETED = "comments.target_deleted"
#: board/sharing -> comments: a post or deal was hidden pending review, or restored; payload
#: {"target_type", "target_id", "hidden", "as_of"} (ISO time; older updates are ignored)
TARGET_VISIBILITY_CHANGED = "comments.target_visibility_changed"
#: comments -> board/sharing: a target's visible comment count; payload
#: {"target_type", "target_id", "count", "as_of"} (ISO time; older updates are ignored)
COMMENT_COUNT_CHANGED = "targets.comment_count_changed"


def _post_to_comments(path: str, event: OutboxEvent) -> None:
    response = internal_client("COMMENT_SERVICE_URL").post(
        path, json={"event_id": str(event.id), **event.payload}
    )
    if response.status_code not in (200, 202, 204):
        raise UpstreamUnavailable("comments", f"answered {response.status_code}: {response.text[:200]}")


def _deliver_target_deleted(event: OutboxEvent) -> None:
    """Tell comment_service that a post or deal is gone, so its comments go too."""
    _post_to_comments("/api/comments/internal/target-deleted", event)


def _deliver_target_visibility(event: OutboxEvent) -> None:
    """Tell comment_service that a post or deal was hidden or restored, so its thread follows."""
    _post_to_comments("/api/comments/internal/target-visibility", event)


def _deliver_comment_count(event: OutboxEvent) -> None:
    """Tell the target's owner how many comments it has, for its lists and hot ranking."""
    owner = TARGET_OWNERS[event.payload["target_type"]]
    response = internal_client(owner.url_setting).request(
        "PUT",
        owner.comment_count_path.format(id=event.payload["target_id"]),
        json={"count": event.payload["count"], "as_of": event.payload["as_of"]},
    )
    # 404: the target is gone, and its comments go with it; nothing left to count.
    if response.status_code not in (200, 202, 204, 404):
        raise UpstreamUnavailable(
            owner.url_setting, f"answered {response.status_code}: {response.text[:200]}"
        )


#: board/comments/sharing -> notifications: something people may want to hear of happened; payload
#: {"kind": "deal.changed" | "comment.created" | "post.judged" | "ranking.king", "payload": {...}}
#: (docs/contracts.md § Events). Delivered with the outbox row's id as the event id, so a
#: retried delivery is recognised by notification_service and notifies nobody twice.
NOTIFICATION_EVENT = "notifications.event"
NOTIFICATION_KINDS = ("deal.changed", "comment.created", "post.judged", "ranking.king")
NOTIFICATION_EVENTS_PATH = "/api/notifications/internal/events"


def notifications_enabled() -> bool:
    """Whether this service was told where notification_service is (``NOTIFICATION_SERVICE_URL``)."""
    return bool(getattr(settings, "NOTIFICATION_SERVICE_URL", ""))


def publish_notification(model: type[OutboxEvent], kind: str, payload: dict) -> OutboxEvent | None:
    """Publish a notification event with the change that caused it (inside the caller's transaction).

    Without ``NOTIFICATION_SERVICE_URL`` nothing is stored: a deployment (or a test stack) that
    runs no notification_service must not collect events nobody will ever receive. Events of
    changes made while it was unset are not sent later.
    """
    if kind not in NOTIFICATION_KINDS:
        raise ValueError(f"Unknown notification event kind {kind!r}.")
    if not notifications_enabled():
        return None
    return publish(model, NOTIFICATION_EVENT, {"kind": kind, "payload": payload})


def _deliver_notification(event: OutboxEvent) -> None:
    """Hand one event to notification_service: 202 stored, 200 a repeat it already has."""
    if not notifications_enabled():
        # notification_service was taken out of this deployment after the event was stored:
        # nobody will ever take it, so it is settled here rather than retried forever.
        logger.warning(
            "notification event dropped: NOTIFICATION_SERVICE_URL is not set",
            extra={"event_id": str(event.id), "kind": event.payload.get("kind")},
        )
        return
    response = internal_client("NOTIFICATION_SERVICE_URL").post(
        NOTIFICATION_EVENTS_PATH,
        json={"event_id": str(event.id), "kind": event.payload["kind"], "payload": event.payload["payload"]},
    )
    if response.status_code not in (200, 201, 202, 204):
        raise UpstreamUnavailable("notifications", f"answered {response.status_code}: {response.text[:200]}")


DELIVERERS[TARGET_DELETED] = _deliver_target_deleted
DELIVERERS[COMMENT_COUNT_CHANGED] = _deliver_comment_count
DELIVERERS[TARGET_VISIBILITY_CHANGED] = _deliver_target_visibility
DELIVERERS[NOTIFICATION_EVENT] = _deliver_notification
