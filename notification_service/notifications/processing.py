"""The worker's fan-out: one stored event in, the notifications it means out (never in a request).

Every write here is idempotent: a notification is unique per (event, recipient, kind) and per
(recipient, kind, subject), and rows are inserted with ``ON CONFLICT DO NOTHING``, so an event
processed twice, or delivered twice under two ids, tells nobody twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from notification_service.notifications import selectors, services
from notification_service.notifications.models import (
    Channel,
    DealSnapshot,
    EmailState,
    Event,
    EventKind,
    Kind,
    Notification,
    PriceWatch,
)

logger = logging.getLogger("notifications.processing")

#: an event that failed this many times is left for staff (admin: 받은 이벤트)
MAX_ATTEMPTS = 10
ANONYMOUS_NAME = "익명"
TITLE_MAX = 60


@dataclass(frozen=True)
class Draft:
    """A notification to create: who, what about, and what it says."""

    recipient_id: int
    kind: str
    subject: str
    message: str
    link: str


def _short(text: str, limit: int = TITLE_MAX) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _target_link(target_type: str, target_id: int) -> str:
    return f"/deals/{target_id}" if target_type == "deal" else f"/board/{target_id}"


# --- what each kind of event means -------------------------------------------------------------


def _comment_drafts(event: Event) -> list[Draft]:
    """A reply notifies the parent comment's author, a comment the target's author; never the
    commenter, never one person twice. An anonymous commenter is only ever "익명"."""
    p = event.payload
    author_id = p.get("author_id")
    title = _short(p.get("target_title") or "")
    excerpt = _short(p.get("excerpt") or "", 80)
    name = ANONYMOUS_NAME if p.get("anonymous") else _short(p.get("author_nickname") or "", 20)
    who = f"{name}님이 " if name else ""
    link = f"{_target_link(p['target_type'], p['target_id'])}#comment-{p['comment_id']}"
    subject = f"comment:{p['comment_id']}"
    drafts: list[Draft] = []
    parent_author = p.get("parent_author_id")
    if parent_author is not None and parent_author != author_id:
        drafts.append(
            Draft(
                parent_author,
                Kind.REPLY,
                subject,
                f"{who}‘{title}’의 내 댓글에 답글을 남겼습니다: “{excerpt}”",
                link,
            )
        )
    target_author = p.get("target_author_id")
    if target_author is not None and target_author not in (author_id, parent_author):
        mine = "내 핫딜" if p["target_type"] == "deal" else "내 글"
        drafts.append(
            Draft(
                target_author,
                Kind.COMMENT,
                subject,
                f"{who}{mine} ‘{title}’에 댓글을 남겼습니다: “{excerpt}”",
                link,
            )
        )
    return drafts


def _judged_drafts(event: Event) -> list[Draft]:
    p = event.payload
    title = _short(p["title"])
    link = f"/board/{p['post_id']}"
    subject = f"post:{p['post_id']}"
    if p["outcome"] == "approved":
        return [
            Draft(
                p["author_id"],
                Kind.REQUEST_PASSED,
                subject,
                f"지출품의서 통과! ‘{title}’ 요청이 승인되었습니다.",
                link,
            )
        ]
    return [
        Draft(p["author_id"], Kind.REQUEST_LUXURY, subject, f"‘{title}’ 요청이 사치로 판정되었습니다.", link)
    ]


def _king_drafts(event: Event) -> list[Draft]:
    p = event.payload
    year, month = str(p["month"]).split("-")
    message = f"축하합니다! {year}년 {int(month)}월의 거지왕으로 선정되었습니다."
    return [Draft(p["user_id"], Kind.MONTHLY_KING, f"month:{p['month']}", message, "/board/ranking")]


def _deal_drafts(event: Event) -> list[Draft]:
    """Derive from the deal's last snapshot: its author's hot/expired news, new alert matches
    (also an alert whose min_score a vote just reached) and newly satisfied price watches."""
    deal = selectors.Deal.from_payload(event.payload["deal"])
    reason = event.payload.get("reason")
    now = timezone.now()
    snapshot = DealSnapshot.objects.select_for_update().filter(deal_id=deal.id).first()
    if snapshot is None:
        snapshot = DealSnapshot(deal_id=deal.id)
    title = _short(deal.title)
    link = f"/deals/{deal.id}"
    subject = f"deal:{deal.id}"
    drafts: list[Draft] = []
    if deal.hot and not snapshot.hot and snapshot.hot_notified_at is None:
        drafts.append(
            Draft(
                deal.author_id,
                Kind.DEAL_HOT,
                subject,
                f"내 핫딜 ‘{title}’이(가) 인기 핫딜에 올랐습니다.",
                link,
            )
        )
        snapshot.hot_notified_at = now
    if reason == "expired" and deal.status == "expired" and snapshot.expired_notified_at is None:
        drafts.append(
            Draft(
                deal.author_id,
                Kind.DEAL_EXPIRED,
                subject,
                f"내 핫딜 ‘{title}’이(가) 커뮤니티 투표로 종료 표시되었습니다.",
                link,
            )
        )
        snapshot.expired_notified_at = now
    if deal.status == "active":
        price = f"{deal.effective_price:,}원"
        for alert in selectors.alerts_matching(deal):
            keywords = _short(alert.keywords, 30)
            drafts.append(
                Draft(alert.owner_id, Kind.ALERT, subject, f"핫딜 알림 ‘{keywords}’: {title} — {price}", link)
            )
        watches = selectors.watches_satisfied(deal)
        for watch in watches:
            product = _short(watch.product_name, 40)
            message = f"{product} {price}! 목표가 {watch.target_price:,}원보다 쌉니다: {title}"
            drafts.append(Draft(watch.owner_id, Kind.PRICE_WATCH, subject, message, link))
        PriceWatch.objects.filter(id__in=[w.id for w in watches]).update(fired_at=now)
    snapshot.author_id = deal.author_id
    snapshot.product_id = deal.product_id
    snapshot.title = deal.title[:300]
    snapshot.effective_price = deal.effective_price
    snapshot.score = deal.score
    snapshot.hot = deal.hot
    snapshot.status = deal.status[:20]
    snapshot.save()
    return drafts


FAN_OUT: dict[str, Callable[[Event], list[Draft]]] = {
    EventKind.DEAL_CHANGED: _deal_drafts,
    EventKind.COMMENT_CREATED: _comment_drafts,
    EventKind.POST_JUDGED: _judged_drafts,
    EventKind.RANKING_KING: _king_drafts,
}


def notify(event: Event, drafts: list[Draft]) -> list[int]:
    """Create the notifications ``drafts`` ask for, as each recipient's settings say (off: none;
    email: also a mail, when they gave an address). Returns the recipients (told now or before)."""
    preferences = selectors.preferences_of({d.recipient_id for d in drafts})
    rows = []
    for draft in drafts:
        pref = preferences[draft.recipient_id]
        channel = pref.channel(draft.kind)
        if channel == Channel.OFF:
            continue
        mail = EmailState.PENDING if channel == Channel.EMAIL and pref.email else EmailState.NONE
        rows.append(
            Notification(
                event=event,
                recipient_id=draft.recipient_id,
                kind=draft.kind,
                subject=draft.subject,
                message=draft.message[:300],
                link=draft.link[:200],
                email_state=mail,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    recipients = sorted({row.recipient_id for row in rows})
    services.forget_unread(recipients)
    return recipients


def process_event(event: Event) -> None:
    """Fan one event out, in one transaction; an anonymous commenter's id is not kept after."""
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=event.pk)
        if event.processed_at is not None:
            return
        notify(event, FAN_OUT[event.kind](event))
        if event.kind == EventKind.COMMENT_CREATED and event.payload.get("anonymous"):
            event.payload.pop("author_id", None)
        event.processed_at = timezone.now()
        event.attempts += 1
        event.last_error = ""
        event.save(update_fields=["payload", "processed_at", "attempts", "last_error"])


def process_pending(*, limit: int = 100, before_each: Callable[[], None] | None = None) -> int:
    """Process due events oldest first; returns how many were processed. A failing event is
    recorded and retried on later passes (up to :data:`MAX_ATTEMPTS`), never raised."""
    done = 0
    pending = list(
        Event.objects.filter(processed_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("id")[:limit]
    )
    for event in pending:
        if before_each is not None:
            before_each()
        try:
            process_event(event)
        except Exception as exc:  # recorded and retried, never raised
            Event.objects.filter(pk=event.pk).update(attempts=event.attempts + 1, last_error=str(exc)[:2000])
            logger.warning(
                "event processing failed", extra={"event_id": str(event.event_id), "error": str(exc)}
            )
        else:
            done += 1
    return done


def process_again(event_ids: list[int]) -> int:
    """Staff (admin): give failed events a fresh set of attempts and process them now."""
    Event.objects.filter(pk__in=event_ids, processed_at__isnull=True).update(attempts=0, last_error="")
    done = 0
    for event in Event.objects.filter(pk__in=event_ids, processed_at__isnull=True).order_by("id"):
        try:
            process_event(event)
        except Exception as exc:  # reported like the loop does
            Event.objects.filter(pk=event.pk).update(attempts=1, last_error=str(exc)[:2000])
        else:
            done += 1
    return done
