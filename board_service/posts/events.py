"""The board's notification events: ``post.judged`` and ``ranking.king``, each payload built here.

Both go through the outbox (``kingdom.outbox.publish_notification``) in the transaction of the
change that decided them, so notification_service hears of each exactly when it happened.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from board_service.posts.models import MonthlyKing, OutboxEvent, Post
from board_service.posts.selectors import ranking_king, ranking_rows
from kingdom import outbox
from kingdom.timezones import SEOUL

APPROVED, LUXURY = "approved", "luxury"


def post_judged_payload(post: Post, outcome: str) -> dict:
    return {"post_id": post.pk, "title": post.title, "author_id": post.author_id, "outcome": outcome}


def publish_post_judged(post: Post, outcome: str) -> None:
    """A 사도 될까요? request reached its outcome (call inside the verdict's transaction)."""
    outbox.publish_notification(OutboxEvent, "post.judged", post_judged_payload(post, outcome))


def ranking_king_payload(month: date, king: dict) -> dict:
    return {"month": f"{month:%Y-%m}", "user_id": king["author_id"], "nickname": king["nickname"] or ""}


def last_month(now=None) -> date:
    """The first day of the month before this one in Asia/Seoul (the board's calendar)."""
    today = timezone.localtime(now or timezone.now(), SEOUL).date()
    return (today.replace(day=1) - timedelta(days=1)).replace(day=1)


def monthly_king_decide(month: date) -> MonthlyKing | None:
    """Decide ``month``'s 거지왕 once and publish ``ranking.king`` with it; None if already decided.

    Idempotent by month: the row's unique month makes a second decision (another worker, a
    restart) a no-op. A month nobody qualified in is recorded too, with no event.
    """
    with transaction.atomic():
        if MonthlyKing.objects.filter(month=month).exists():
            return None
        king = ranking_king(ranking_rows(month=month))
        try:
            with transaction.atomic():
                decided = MonthlyKing.objects.create(
                    month=month,
                    user_id=king["author_id"] if king else None,
                    nickname=(king["nickname"] or "")[:50] if king else "",
                )
        except IntegrityError:  # another worker decided it a moment ago
            return None
        if king is not None:
            outbox.publish_notification(OutboxEvent, "ranking.king", ranking_king_payload(month, king))
        return decided


_decided: set[date] = set()


def monthly_king_when_due() -> None:
    """Once the month is over, its 거지왕 is decided (the outbox loop calls this every pass).

    Cheap when nothing is due: after the first decision this process asks nothing until the next
    month ends. Without notification_service nothing is decided (nobody would be told).
    """
    if not outbox.notifications_enabled():
        return
    month = last_month()
    if month in _decided:
        return
    monthly_king_decide(month)
    _decided.add(month)
