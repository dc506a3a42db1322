"""``post.judged`` and ``ranking.king``: the outbox rows the board stores for notification_service."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings

from board_service.posts import events
from board_service.posts.models import MonthlyKing, OutboxEvent
from board_service.tests.factories import make_post
from kingdom.outbox import NOTIFICATION_EVENT, on_every_pass
from kingdom.testing.plugin import notification_events

pytestmark = pytest.mark.django_db

SEOUL = ZoneInfo("Asia/Seoul")
NOV = datetime(2026, 11, 10, 12, 0, tzinfo=SEOUL)


def judge(caller, post, verdict="approve"):
    response = caller.client.post(f"/api/board/posts/{post.pk}/verdict", {"verdict": verdict}, format="json")
    assert response.status_code == 200, response.content


def unjudge(caller, post):
    assert caller.client.delete(f"/api/board/posts/{post.pk}/verdict").status_code == 200


def request_post(author, **kwargs):
    return make_post(author, kind="request", category="may-i-buy", title="에어팟 사도 될까요?", **kwargs)


def judged() -> list[dict]:
    return [e["payload"] for e in notification_events(OutboxEvent) if e["kind"] == "post.judged"]


def test_without_the_notification_service_nothing_is_published(member, caller_factory):
    post = request_post(member)
    for _ in range(3):
        judge(caller_factory("member"), post)
    assert not OutboxEvent.objects.filter(topic=NOTIFICATION_EVENT).exists()


def test_a_request_that_passes_is_published_once(notifications_on, member, caller_factory):
    post = request_post(member)
    voters = [caller_factory("member") for _ in range(5)]
    for voter in voters[:2]:
        judge(voter, post)
    assert judged() == []  # two ahead is not yet the margin of three
    judge(voters[2], post)
    assert judged() == [
        {"post_id": post.pk, "title": "에어팟 사도 될까요?", "author_id": member.id, "outcome": "approved"}
    ]
    # passing is sticky: losing and regaining the lead tells nobody again
    unjudge(voters[2], post)
    judge(voters[2], post)
    judge(voters[3], post)
    assert len(judged()) == 1


def test_a_request_judged_luxury_overall_is_published_once_and_may_still_pass(
    notifications_on, member, caller_factory
):
    post = request_post(member)
    voters = [caller_factory("member") for _ in range(9)]
    for voter in voters[:3]:
        judge(voter, post, "luxury")
    assert [p["outcome"] for p in judged()] == ["luxury"]
    post.refresh_from_db()
    assert post.luxury_at is not None
    assert post.approved_at is None
    unjudge(voters[0], post)
    judge(voters[0], post, "luxury")
    assert [p["outcome"] for p in judged()] == ["luxury"]  # sticky, like a pass
    for voter in voters[3:9]:
        judge(voter, post)  # 6 approvals against 3 luxuries
    assert [p["outcome"] for p in judged()] == ["luxury", "approved"]


def test_a_spending_confession_has_no_outcome(notifications_on, member, caller_factory):
    post = make_post(member, kind="spending", category="confession", amount=9_000)
    for _ in range(3):
        judge(caller_factory("member"), post)
    assert judged() == []


def confess(caller, amount):
    return make_post(caller, kind="spending", category="confession", amount=amount, created_at=NOV)


def test_the_months_king_is_decided_and_published_once(notifications_on, caller_factory):
    frugal, spender = caller_factory("member"), caller_factory("member")
    for amount in (1_000, 2_000, 3_000):
        confess(frugal, amount)
        confess(spender, amount * 10)

    assert events.monthly_king_decide(date(2026, 11, 1)).user_id == frugal.id
    assert events.monthly_king_decide(date(2026, 11, 1)) is None  # idempotent by month
    kings = [e["payload"] for e in notification_events(OutboxEvent) if e["kind"] == "ranking.king"]
    assert kings == [{"month": "2026-11", "user_id": frugal.id, "nickname": frugal.nickname}]


def test_a_month_nobody_qualified_in_is_recorded_without_an_event(notifications_on, member):
    confess(member, 1_000)
    decided = events.monthly_king_decide(date(2026, 11, 1))
    assert (decided.user_id, decided.nickname) == (None, "")
    assert not OutboxEvent.objects.exists()


def test_the_outbox_loop_decides_the_month_just_ended(notifications_on, caller_factory, monkeypatch):
    king = caller_factory("member")
    for amount in (100, 200, 300):
        confess(king, amount)
    monkeypatch.setattr(events, "_decided", set())
    monkeypatch.setattr(events.timezone, "now", lambda: datetime(2026, 12, 1, 0, 5, tzinfo=SEOUL))
    assert events.last_month() == date(2026, 11, 1)

    from kingdom.outbox import LOOP_TASKS, run_loop_tasks

    assert events.monthly_king_when_due in LOOP_TASKS  # registered by the app
    run_loop_tasks()
    run_loop_tasks()
    assert list(MonthlyKing.objects.values_list("month", "user_id")) == [(date(2026, 11, 1), king.id)]
    assert len(notification_events(OutboxEvent)) == 1


def test_before_the_month_ends_nothing_is_decided(notifications_on, caller_factory, monkeypatch):
    king = caller_factory("member")
    for amount in (100, 200, 300):
        confess(king, amount)
    monkeypatch.setattr(events, "_decided", set())
    monkeypatch.setattr(events.timezone, "now", lambda: datetime(2026, 11, 30, 23, 55, tzinfo=SEOUL))
    events.monthly_king_when_due()
    assert list(MonthlyKing.objects.values_list("month", flat=True)) == [date(2026, 10, 1)]
    assert not OutboxEvent.objects.exists()


@override_settings(NOTIFICATION_SERVICE_URL="")
def test_without_the_notification_service_no_month_is_decided(monkeypatch):
    monkeypatch.setattr(events, "_decided", set())
    events.monthly_king_when_due()
    assert not MonthlyKing.objects.exists()


def test_on_every_pass_registers_a_task_once():
    on_every_pass(events.monthly_king_when_due)
    from kingdom.outbox import LOOP_TASKS

    assert LOOP_TASKS.count(events.monthly_king_when_due) == 1
