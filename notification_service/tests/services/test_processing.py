"""Events in, notifications out: who is told what, once, on real PostgreSQL."""

from __future__ import annotations

import uuid

import pytest

from notification_service.notifications import alerts, processing
from notification_service.notifications.models import Event, Notification, Preference, PriceWatch
from notification_service.tests.factories import comment_created, deal, deal_changed, deliver, receive

pytestmark = pytest.mark.django_db


def told(recipient_id: int, kind: str | None = None) -> list[Notification]:
    queryset = Notification.objects.filter(recipient_id=recipient_id)
    if kind:
        queryset = queryset.filter(kind=kind)
    return list(queryset.order_by("id"))


def make_alert(owner_id: int = 100, **data) -> int:
    return alerts.alert_create(owner_id, {"keywords": "신라면", **data}).id


# --- comments ----------------------------------------------------------------------------------


def test_a_comment_tells_the_target_author_and_a_reply_tells_the_parent_author():
    deliver("comment.created", comment_created(author_id=2, target_author_id=1, parent_author_id=3))
    (comment,) = told(1)
    (reply,) = told(3)
    assert (comment.kind, reply.kind) == ("comment", "reply")
    assert comment.link.startswith("/board/31#comment-")
    assert "배달음식 끊은 지 30일" in reply.message
    assert "대단하세요!" in reply.message
    assert told(2) == []  # never the commenter


def test_one_person_who_wrote_both_the_post_and_the_parent_is_told_once():
    deliver("comment.created", comment_created(author_id=2, target_author_id=1, parent_author_id=1))
    assert [n.kind for n in told(1)] == ["reply"]


def test_replying_to_myself_on_my_own_post_tells_nobody():
    deliver("comment.created", comment_created(author_id=1, target_author_id=1, parent_author_id=1))
    assert Notification.objects.count() == 0


def test_an_anonymous_commenter_is_only_ever_익명_and_their_id_is_not_kept():
    event = deliver(
        "comment.created",
        comment_created(
            author_id=2, anonymous=True, author_nickname="진짜닉네임", target_type="deal", target_id=8
        ),
    )
    (notification,) = told(1)
    assert notification.message.startswith("익명님이 내 핫딜")
    assert "진짜닉네임" not in notification.message
    assert notification.link.startswith("/deals/8#comment-")
    assert "author_id" not in event.payload


def test_a_reply_reaches_an_anonymous_commenter_without_naming_anyone():
    """The parent's author was anonymous: only comments knows who they are, and tells us by id."""
    deliver("comment.created", comment_created(author_id=5, parent_author_id=4, target_author_id=None))
    (reply,) = told(4)
    assert reply.kind == "reply"


# --- board -----------------------------------------------------------------------------------


def test_a_judged_request_tells_its_author_passed_or_luxury():
    deliver("post.judged", {"post_id": 7, "title": "에어팟 살까요?", "author_id": 11, "outcome": "approved"})
    deliver("post.judged", {"post_id": 8, "title": "명품백 살까요?", "author_id": 11, "outcome": "luxury"})
    assert [(n.kind, n.link) for n in told(11)] == [
        ("request_passed", "/board/7"),
        ("request_luxury", "/board/8"),
    ]
    assert "지출품의서 통과" in told(11)[0].message


def test_the_months_king_is_told_once_even_when_the_month_is_published_twice():
    payload = {"month": "2026-11", "user_id": 12, "nickname": "짠돌이"}
    deliver("ranking.king", payload)
    deliver("ranking.king", payload)  # a second event id for the same month
    (king,) = told(12)
    assert king.kind == "monthly_king"
    assert "2026년 11월" in king.message


# --- deals: the author -------------------------------------------------------------------------


def test_my_deal_reaching_the_hot_list_tells_me_once():
    data = deal(author_id=20)
    deal_changed(data)
    deal_changed({**data, "score": 30, "hot": True}, "voted")
    deal_changed({**data, "score": 2, "hot": False}, "voted")
    deal_changed({**data, "score": 31, "hot": True}, "voted")
    assert [n.kind for n in told(20)] == ["deal_hot"]


def test_my_deal_marked_expired_by_the_community_tells_me():
    data = deal(author_id=21)
    deal_changed(data)
    deal_changed({**data, "status": "expired"}, "expired")
    (expired,) = told(21)
    assert expired.kind == "deal_expired"
    assert expired.link == f"/deals/{data['id']}"


# --- deals: keyword alerts -------------------------------------------------------------------


def test_an_alert_matches_words_as_search_does_in_any_order_and_spacing():
    make_alert(100, keywords="신라면 40봉")
    make_alert(101, keywords="40봉신라면")  # folded terms: 40봉신라면 is one term, not in the text
    make_alert(102, keywords="라면")
    make_alert(103, keywords="짜파게티")
    make_alert(104, keywords="ＳＨＩＮ라면")  # full-width letters fold; "shin" is not in the text
    deal_changed(deal(title="농심 신라면120g 40봉"))
    assert [len(told(u, "alert")) for u in (100, 101, 102, 103, 104)] == [1, 0, 1, 0, 0]


def test_every_condition_of_an_alert_must_hold():
    conditions = {
        200: {},
        201: {"category": "electronics"},
        202: {"store": "G마켓"},
        203: {"store": "쿠팡"},
        204: {"max_price": 20_000},
        205: {"max_price": 23_900},
        206: {"free_shipping_only": True},
    }
    for owner, extra in conditions.items():
        make_alert(owner, **extra)
    deal_changed(deal(effective_price=23_900, free_shipping=True))
    deal_changed(deal(effective_price=23_900, free_shipping=False, shipping_fee=2500))
    counts = {owner: len(told(owner, "alert")) for owner in conditions}
    assert counts == {200: 2, 201: 0, 202: 0, 203: 2, 204: 0, 205: 2, 206: 1}


def test_an_alert_fires_once_per_deal_and_also_when_a_vote_makes_it_hot_enough():
    make_alert(300)
    make_alert(301, min_score=10)
    data = deal()
    deal_changed(data)
    assert (len(told(300, "alert")), len(told(301, "alert"))) == (1, 0)
    deal_changed({**data, "score": 5}, "voted")
    deal_changed({**data, "score": 12}, "voted")
    deal_changed({**data, "score": 15}, "voted")
    deal_changed({**data, "title": "농심 신라면 40봉 가격 수정"}, "updated")
    assert (len(told(300, "alert")), len(told(301, "alert"))) == (1, 1)


def test_two_alerts_of_one_member_matching_one_deal_tell_them_once():
    make_alert(310, keywords="신라면")
    make_alert(310, keywords="40봉")
    deal_changed(deal())
    assert len(told(310, "alert")) == 1


def test_the_author_of_a_deal_is_not_alerted_about_their_own_deal_nor_about_an_expired_one():
    make_alert(320)
    deal_changed(deal(author_id=320))
    deal_changed(deal(status="expired"), "expired")
    assert told(320) == []


# --- deals: price watches -----------------------------------------------------------------------


def test_a_price_watch_fires_when_a_deal_for_the_product_drops_below_the_target_once_per_deal():
    watch = alerts.watch_create(400, product_id=77, product_name="농심 신라면 120g 40봉", target_price=25_000)
    alerts.watch_create(401, product_id=77, product_name="농심 신라면 120g 40봉", target_price=20_000)
    alerts.watch_create(402, product_id=78, product_name="다른 상품", target_price=99_000)
    data = deal(effective_price=24_000)
    deal_changed(data)
    deal_changed({**data, "effective_price": 23_000}, "updated")
    deal_changed(deal(effective_price=25_000))  # not below
    assert [len(told(u, "price_watch")) for u in (400, 401, 402)] == [1, 0, 0]
    assert "목표가 25,000원" in told(400)[0].message
    watch.refresh_from_db()
    assert watch.fired_at is not None
    deal_changed(deal(effective_price=19_000))  # another, cheaper deal: told again
    assert [len(told(u, "price_watch")) for u in (400, 401)] == [2, 1]
    assert PriceWatch.objects.count() == 3


# --- idempotency and preferences ----------------------------------------------------------------


def test_a_repeated_event_makes_no_duplicate():
    make_alert(500)
    event_id = uuid.uuid4()
    payload = {"deal": deal(), "reason": "created"}
    receive("deal.changed", payload, event_id=event_id)
    receive("deal.changed", payload, event_id=event_id)
    assert Event.objects.count() == 1
    processing.process_pending()
    # processing the same event again (a worker that died before recording it) tells nobody twice
    Event.objects.update(processed_at=None)
    processing.process_pending()
    assert len(told(500)) == 1


def test_a_kind_turned_off_creates_nothing_and_email_marks_a_mail_pending():
    Preference.objects.create(user_id=600, channels={"comment": "off"}, email="a@example.kr")
    Preference.objects.create(user_id=601, channels={"comment": "email"}, email="b@example.kr")
    Preference.objects.create(user_id=602, channels={"comment": "email"}, email="")
    for author in (600, 601, 602):
        deliver("comment.created", comment_created(target_author_id=author))
    assert told(600) == []
    assert [n.email_state for n in told(601) + told(602)] == ["pending", ""]


def test_a_failing_event_is_recorded_and_retried_without_stopping_the_others(monkeypatch):
    good = receive("post.judged", {"post_id": 7, "title": "t", "author_id": 11, "outcome": "approved"})
    bad = receive("ranking.king", {"month": "2026-11", "user_id": 12, "nickname": "x"})

    def broken(event):
        raise RuntimeError("boom")

    monkeypatch.setitem(processing.FAN_OUT, "ranking.king", broken)
    assert processing.process_pending() == 1
    bad.refresh_from_db()
    good.refresh_from_db()
    assert good.processed_at is not None
    assert (bad.processed_at, bad.attempts, bad.last_error) == (None, 1, "boom")
    monkeypatch.undo()
    assert processing.process_pending() == 1
    assert told(12)[0].kind == "monthly_king"
