"""E-mail: an immediate mail per notification or one daily digest, through Django's e-mail framework
(SMTP from the environment), each with a one-click unsubscribe (RFC 8058)."""

from __future__ import annotations

import logging
from datetime import datetime, time

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.utils import timezone

from kingdom.timezones import SEOUL
from notification_service.notifications.models import EmailMode, EmailState, Notification, Preference

logger = logging.getLogger("notifications.mail")

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
#: notifications in one digest at most (the rest are listed on the site)
DIGEST_MAX = 50


def unsubscribe_token(user_id: int) -> str:
    """A signed, unguessable token meaning "stop e-mailing user ``user_id``"."""
    return signing.dumps({"u": user_id}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_user_id(token: str) -> int:
    """The user a token names; raises :class:`django.core.signing.BadSignature` when forged."""
    value = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(value, dict) or not isinstance(value.get("u"), int):
        raise signing.BadSignature("not an unsubscribe token")
    return value["u"]


def _message(pref: Preference, subject: str, lines: list[str]) -> EmailMessage:
    unsubscribe = f"{settings.FRONT_PUBLIC_URL}/notifications/unsubscribe/{unsubscribe_token(pref.user_id)}"
    body = "\n".join(
        [
            *lines,
            "",
            f"알림 모두 보기: {settings.FRONT_PUBLIC_URL}/notifications",
            f"메일 알림 그만 받기: {unsubscribe}",
            "",
            "— 절약왕국",
        ]
    )
    return EmailMessage(
        subject=subject,
        body=body,
        to=[pref.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def _line(notification: Notification) -> str:
    return f"· {notification.message}\n  {settings.FRONT_PUBLIC_URL}{notification.link}"


def _mark_sent(ids: list[int]) -> None:
    Notification.objects.filter(id__in=ids).update(email_state=EmailState.SENT, emailed_at=timezone.now())


def send_immediate(*, limit: int = 100) -> int:
    """Send one mail per pending notification of users in immediate mode; returns how many were sent.
    An SMTP failure leaves the rest pending for the next pass."""
    pending = list(Notification.objects.filter(email_state=EmailState.PENDING).order_by("id")[: limit * 2])
    if not pending:
        return 0
    prefs = {
        p.user_id: p
        for p in Preference.objects.filter(
            user_id__in={n.recipient_id for n in pending}, email_mode=EmailMode.IMMEDIATE
        ).exclude(email="")
    }
    sent = 0
    with get_connection() as connection:
        for notification in pending:
            pref = prefs.get(notification.recipient_id)
            if pref is None or sent >= limit:
                continue
            message = _message(pref, f"[절약왕국] {notification.message[:60]}", [_line(notification)])
            message.connection = connection
            try:
                message.send()
            except OSError as exc:
                logger.warning("mail not sent", extra={"notification": notification.id, "error": str(exc)})
                break
            _mark_sent([notification.id])
            sent += 1
    return sent


def digest_due_since(now: datetime) -> datetime | None:
    """The start of today's digest window (Seoul, ``NOTIFY_DIGEST_HOUR``), or None before it."""
    local = now.astimezone(SEOUL)
    start = datetime.combine(local.date(), time(settings.NOTIFY_DIGEST_HOUR), tzinfo=SEOUL)
    return start if local >= start else None


def send_digests(*, now: datetime | None = None) -> int:
    """Once a day per member in digest mode: one mail with what is pending; returns mails sent."""
    now = now or timezone.now()
    since = digest_due_since(now)
    if since is None:
        return 0
    due = list(
        Preference.objects.filter(email_mode=EmailMode.DIGEST)
        .exclude(email="")
        .exclude(last_digest_at__gte=since)
        .filter(
            user_id__in=Notification.objects.filter(email_state=EmailState.PENDING).values("recipient_id")
        )
    )
    if not due:
        return 0
    sent = 0
    with get_connection() as connection:
        for pref in due:
            with transaction.atomic():
                pref = Preference.objects.select_for_update(skip_locked=True).filter(pk=pref.pk).first()
                if pref is None or (pref.last_digest_at and pref.last_digest_at >= since):
                    continue
                items = list(
                    Notification.objects.filter(
                        recipient_id=pref.user_id, email_state=EmailState.PENDING
                    ).order_by("-created_at", "-id")[:DIGEST_MAX]
                )
                day = now.astimezone(SEOUL)
                message = _message(
                    pref,
                    f"[절약왕국] {day.month}월 {day.day}일 알림 {len(items)}건",
                    [_line(n) for n in items],
                )
                message.connection = connection
                try:
                    message.send()
                except OSError as exc:
                    logger.warning("digest not sent", extra={"user": pref.user_id, "error": str(exc)})
                    return sent
                # everything pending is covered by this digest (the oldest beyond DIGEST_MAX too)
                Notification.objects.filter(recipient_id=pref.user_id, email_state=EmailState.PENDING).update(
                    email_state=EmailState.SENT, emailed_at=timezone.now()
                )
                pref.last_digest_at = now
                pref.save(update_fields=["last_digest_at"])
                sent += 1
    return sent
