"""Mail through a real SMTP server on loopback: immediate mails, the daily digest, one-click
unsubscribe headers (RFC 8058), and a relay that is down."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from notification_service.notifications import mail
from notification_service.notifications.mail import unsubscribe_user_id
from notification_service.notifications.models import Notification, Preference
from notification_service.tests.factories import comment_created, deliver
from notification_service.tests.mailbox import mailbox  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def wants_mail(user_id: int, mode: str = "immediate") -> None:
    Preference.objects.create(
        user_id=user_id, channels={"comment": "email"}, email_mode=mode, email=f"u{user_id}@example.kr"
    )


def test_an_immediate_mail_arrives_with_a_one_click_unsubscribe(mailbox, settings):  # noqa: F811
    settings.FRONT_PUBLIC_URL = "https://thrift.example.kr"
    wants_mail(1)
    deliver("comment.created", comment_created(target_author_id=1, target_title="배달 끊기 30일"))
    call_command("process_events")  # the worker's pass: events, then mail
    (message,) = mailbox.messages
    assert message["To"] == "u1@example.kr"
    assert "배달 끊기 30일" in message["Subject"]
    body = message.get_content()
    assert "https://thrift.example.kr/board/31#comment-" in body
    link = message["List-Unsubscribe"].strip().strip("<>")
    assert link.startswith("https://thrift.example.kr/notifications/unsubscribe/")
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe_user_id(link.rsplit("/", 1)[1]) == 1
    assert Notification.objects.get().email_state == "sent"
    call_command("process_events")
    assert len(mailbox.messages) == 1  # sent once


def test_site_only_kinds_and_digest_members_get_no_immediate_mail(mailbox):  # noqa: F811
    Preference.objects.create(user_id=2, email="u2@example.kr")  # every kind: site
    wants_mail(3, mode="digest")
    deliver("comment.created", comment_created(target_author_id=2))
    deliver("comment.created", comment_created(target_author_id=3))
    assert mail.send_immediate() == 0
    assert mailbox.messages == []


def test_the_daily_digest_goes_once_a_day_after_its_hour(mailbox, settings):  # noqa: F811
    settings.NOTIFY_DIGEST_HOUR = 8
    wants_mail(4, mode="digest")
    for title in ("첫 글", "둘째 글"):
        deliver("comment.created", comment_created(target_author_id=4, target_title=title))
    assert mail.send_digests(now=datetime(2026, 12, 2, 7, 59, tzinfo=SEOUL)) == 0
    assert mail.send_digests(now=datetime(2026, 12, 2, 8, 1, tzinfo=SEOUL)) == 1
    (digest,) = mailbox.messages
    assert "알림 2건" in digest["Subject"]
    assert "첫 글" in digest.get_content()
    assert "둘째 글" in digest.get_content()
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    deliver("comment.created", comment_created(target_author_id=4, target_title="셋째 글"))
    assert mail.send_digests(now=datetime(2026, 12, 2, 20, 0, tzinfo=SEOUL)) == 0  # today's went out
    assert mail.send_digests(now=datetime(2026, 12, 3, 8, 0, tzinfo=SEOUL)) == 1
    assert "셋째 글" in mailbox.messages[1].get_content()


def test_a_relay_that_is_down_keeps_the_mail_pending_for_the_next_pass(settings, mailbox):  # noqa: F811
    from kingdom.devstack import free_port

    wants_mail(5)
    deliver("comment.created", comment_created(target_author_id=5))
    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nobody listens there
    call_command("process_events")  # logs a warning, does not crash
    assert Notification.objects.get().email_state == "pending"
    settings.EMAIL_PORT = working_port
    call_command("process_events")
    assert len(mailbox.messages) == 1
    assert Notification.objects.get().email_state == "sent"
