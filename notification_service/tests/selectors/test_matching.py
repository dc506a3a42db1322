"""Matching reads: served by their indexes (EXPLAIN, sequential scans off) in a constant number
of queries, whatever the number of alerts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from notification_service.notifications import alerts, selectors
from notification_service.tests.factories import deal

pytestmark = pytest.mark.django_db


def plan(queryset, *tables: str) -> str:
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
        # With a handful of rows a sequential scan is cheapest; forbid it to see what indexes serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


def a_deal(**overrides) -> selectors.Deal:
    return selectors.Deal.from_payload(deal(**overrides))


def test_substrings_are_every_piece_up_to_the_longest_term():
    assert selectors.substrings("신라면") == sorted({"신", "라", "면", "신라", "라면", "신라면"})
    assert max(len(s) for s in selectors.substrings("가" * 100)) == selectors.TERM_MAX


def test_the_longest_term_is_the_key_and_a_very_long_word_still_matches_exactly():
    alert = alerts.alert_create(1, {"keywords": "신라면 40봉 농심"})
    assert (alert.terms, alert.key_term) == (["신라면", "40봉", "농심"], "신라면")
    long_word = "가나다라마바사아자차" * 5  # 50 characters: the key is its first 40
    long_alert = alerts.alert_create(2, {"keywords": long_word})
    assert long_alert.key_term == long_word[: selectors.TERM_MAX]
    assert [a.id for a in selectors.alerts_matching(a_deal(search_text=long_word + "세트"))] == [
        long_alert.id
    ]
    assert selectors.alerts_matching(a_deal(search_text=long_word[:45])) == []


def test_a_deal_looks_its_alerts_up_by_the_key_term_index():
    from notification_service.notifications.alerts import alert_fill
    from notification_service.notifications.models import Alert

    alerts.alert_create(1, {"keywords": "신라면"})
    others = []
    for owner in range(2, 3000):  # alerts with words of their own, as thousands of members have
        others.append(alert := Alert(owner_id=owner))
        alert_fill(alert, {"keywords": chr(0xAC00 + owner) + chr(0xAC00 + owner * 3 % 11000) + "세트"})
    Alert.objects.bulk_create(others)
    assert "alert_key_term" in plan(selectors.alert_candidates(a_deal()), "notifications_alert")


def test_matching_is_one_query_for_1_or_30_matching_alerts():
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            selectors.alerts_matching(a_deal())
        return len(ctx.captured_queries)

    alerts.alert_create(1, {"keywords": "신라면"})
    assert queries() == 1
    for owner in range(102, 131):
        alerts.alert_create(owner, {"keywords": "신라면 40봉"})
    assert queries() == 1
    assert len(selectors.alerts_matching(a_deal())) == 30


def test_the_inbox_unread_count_and_watches_use_their_indexes():
    from django.utils import timezone

    from notification_service.notifications.models import Notification, PriceWatch
    from notification_service.tests.factories import comment_created, deliver, receive

    for _ in range(5):
        deliver("comment.created", comment_created(target_author_id=1))
    events = [receive("ranking.king", {"month": "2026-11", "user_id": 1, "nickname": ""}) for _ in range(40)]
    now = timezone.now()
    Notification.objects.bulk_create(  # 2,000 read ones, 40 of them user 1's
        Notification(event=e, recipient_id=1 + r, kind="reply", subject=f"x:{i}:{r}", read_at=now)
        for i, e in enumerate(events)
        for r in range(50)
    )
    assert "notification_inbox" in plan(selectors.inbox(1), "notifications_notification")
    unread = Notification.objects.filter(recipient_id=1, read_at__isnull=True)
    assert "notification_unread" in plan(unread, "notifications_notification")
    watches = PriceWatch.objects.filter(product_id=77, target_price__gt=20_000)
    assert "watch_product_target" in plan(watches)
