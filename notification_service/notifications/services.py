"""Writes of the inbox and its settings: events received, read marks, preferences, unsubscribe.
Each service owns its transaction."""

from __future__ import annotations

import uuid

from django.core import signing
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import NotFound

from notification_service.notifications import mail, selectors
from notification_service.notifications.models import Channel, EmailState, Event, Notification, Preference


def event_receive(*, event_id: uuid.UUID, kind: str, payload: dict) -> tuple[Event, bool]:
    """Store an event once; returns it and whether it is new. Matching happens in the worker."""
    try:
        with transaction.atomic():
            return Event.objects.get_or_create(event_id=event_id, defaults={"kind": kind, "payload": payload})
    except IntegrityError:  # the same event arrived twice at once: the other request stored it
        return Event.objects.get(event_id=event_id), False


def forget_unread(user_ids) -> None:
    """Drop cached unread counts now and again after commit (a read in between cached the old one)."""
    keys = [selectors.unread_cache_key(user_id) for user_id in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def notification_mark_read(notification: Notification) -> None:
    with transaction.atomic():
        if notification.read_at is None:
            Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
                read_at=timezone.now()
            )
        forget_unread([notification.recipient_id])


def notifications_mark_all_read(user_id: int) -> int:
    with transaction.atomic():
        count = Notification.objects.filter(recipient_id=user_id, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        forget_unread([user_id])
    return count


def preference_update(user_id: int, *, channels: dict[str, str], email_mode: str, email: str) -> Preference:
    """Replace the user's settings. Kinds left out keep the default ("site"). Turning a kind's
    e-mail off (or removing the address) drops its mails not sent yet."""
    with transaction.atomic():
        pref, _ = Preference.objects.select_for_update().get_or_create(user_id=user_id)
        pref.channels = {kind: channel for kind, channel in channels.items() if channel != Channel.SITE}
        pref.email_mode = email_mode
        pref.email = email
        pref.save()
        _drop_unwanted_mail(pref)
    return pref


def _drop_unwanted_mail(pref: Preference) -> None:
    pending = Notification.objects.filter(recipient_id=pref.user_id, email_state=EmailState.PENDING)
    if pref.email:
        pending = pending.exclude(kind__in=[k for k, c in pref.channels.items() if c == Channel.EMAIL])
    pending.update(email_state=EmailState.NONE)


def unsubscribe(token: str) -> None:
    """One-click unsubscribe from a mail: every e-mail kind goes back to the site only."""
    try:
        user_id = mail.unsubscribe_user_id(token)
    except signing.BadSignature as exc:  # not a link we sent: nothing to unsubscribe from
        raise NotFound("수신 거부 링크를 찾을 수 없습니다. 메일의 링크를 그대로 열어 주세요.") from exc
    with transaction.atomic():
        pref = Preference.objects.select_for_update().filter(user_id=user_id).first()
        if pref is None:
            return
        pref.channels = {kind: c for kind, c in pref.channels.items() if c != Channel.EMAIL}
        pref.save(update_fields=["channels", "updated_at"])
        _drop_unwanted_mail(pref)
