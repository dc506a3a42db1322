"""Keeping deals honest: the author ends a deal at once, the community by reports; complaints hide it."""

import pytest
from django.test import override_settings

from kingdom.outbox import TARGET_VISIBILITY_CHANGED
from sharing_service.deals.models import Deal, OutboxEvent, Report

pytestmark = pytest.mark.django_db


def expire(caller, deal_id, **body):
    return caller.client.post(f"/api/sharing/deals/{deal_id}/expire", body, format="json")


def report(caller, deal_id, reason="spam", **extra):
    return caller.client.post(
        f"/api/sharing/deals/{deal_id}/report", {"reason": reason, **extra}, format="json"
    )


def test_the_author_expires_a_deal_at_once(member, share):
    deal = share(member)
    response = expire(member, deal["id"])
    assert response.status_code == 200
    assert response.json()["status"] == "expired"
    assert response.json()["ended_at"] is not None


def test_the_author_marks_a_deal_sold_out(member, share):
    deal = share(member)
    assert expire(member, deal["id"], status="sold_out").json()["status"] == "sold_out"


def test_staff_expire_any_deal_at_once(member, staff, share):
    deal = share(member)
    assert expire(staff, deal["id"]).json()["status"] == "expired"


def test_an_unknown_end_status_is_a_400(member, share):
    deal = share(member)
    response = expire(member, deal["id"], status="deleted")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_other_members_expire_requests_count_as_reports_until_three_expire_it(member, caller_factory, share):
    deal = share(member)
    first, second, third = (caller_factory("member") for _ in range(3))

    assert expire(first, deal["id"]).json()["status"] == "active"
    body = expire(second, deal["id"], status="sold_out").json()
    assert body["status"] == "active"
    assert body["expire_report_count"] == 2
    body = expire(third, deal["id"], status="sold_out").json()

    assert body["status"] == "sold_out"  # the majority said sold out
    assert Report.objects.filter(deal_id=deal["id"]).count() == 3


@override_settings(SHARING_EXPIRE_REPORTS_THRESHOLD=1)
def test_the_expire_threshold_is_configurable(member, other_member, share):
    deal = share(member)
    assert expire(other_member, deal["id"]).json()["status"] == "expired"


def test_an_expire_request_counts_once_per_member(member, other_member, share):
    deal = share(member)
    expire(other_member, deal["id"])
    response = expire(other_member, deal["id"])
    assert response.status_code == 409
    assert Deal.objects.get(pk=deal["id"]).expire_report_count == 1


def test_an_ended_deal_takes_no_more_expire_requests(member, other_member, share):
    deal = share(member)
    expire(member, deal["id"])
    assert expire(other_member, deal["id"]).status_code == 409


def test_a_report_with_a_reason(member, other_member, share):
    deal = share(member)
    response = report(other_member, deal["id"], "referral", detail="추천인 코드가 들어간 링크예요")
    assert response.status_code == 201
    assert response.json()["reason"] == "referral"
    saved = Report.objects.get()
    assert (saved.reporter_id, saved.detail) == (other_member.id, "추천인 코드가 들어간 링크예요")


def test_reporting_twice_is_a_409(member, other_member, share):
    deal = share(member)
    report(other_member, deal["id"], "spam")
    response = report(other_member, deal["id"], "wrong_price")
    assert response.status_code == 409
    assert Report.objects.count() == 1


def test_an_expired_reason_is_an_expire_request(member, other_member, share):
    deal = share(member)
    report(other_member, deal["id"], "expired")
    assert Deal.objects.get(pk=deal["id"]).expire_report_count == 1
    # ...and a complaint is still possible besides
    assert report(other_member, deal["id"], "spam").status_code == 201


@pytest.mark.parametrize("body", [{}, {"reason": "dislike"}, {"reason": "spam", "detail": "x" * 600}])
def test_bad_reports_are_400s(member, other_member, share, body):
    deal = share(member)
    response = other_member.client.post(f"/api/sharing/deals/{deal['id']}/report", body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]
    assert not Report.objects.exists()


def test_reporting_ones_own_deal_is_refused(member, share):
    deal = share(member)
    response = report(member, deal["id"])
    assert response.status_code == 400
    assert "reason" in response.json()["errors"]


def test_five_reports_hide_the_deal_pending_review(member, caller_factory, anon, share):
    deal = share(member)
    for _ in range(4):
        report(caller_factory("member"), deal["id"])
    assert anon.get(f"/api/sharing/deals/{deal['id']}").status_code == 200

    report(caller_factory("member"), deal["id"])

    assert anon.get(f"/api/sharing/deals/{deal['id']}").status_code == 404
    assert anon.get("/api/sharing/deals").json()["count"] == 0
    # the author still sees it, marked hidden, in their own list
    assert member.client.get(f"/api/sharing/deals/{deal['id']}").json()["is_hidden"] is True
    assert member.client.get("/api/sharing/deals?author=me").json()["count"] == 1


def test_hiding_a_deal_tells_the_comment_service_once(member, caller_factory, share):
    deal = share(member)
    for _ in range(4):
        report(caller_factory("member"), deal["id"])
    assert not OutboxEvent.objects.filter(topic=TARGET_VISIBILITY_CHANGED).exists()

    report(caller_factory("member"), deal["id"])

    events = OutboxEvent.objects.filter(topic=TARGET_VISIBILITY_CHANGED)
    assert [(e.payload["target_type"], e.payload["target_id"], e.payload["hidden"]) for e in events] == [
        ("deal", deal["id"], True)
    ]


def test_guests_cannot_report_or_expire(member, guest, share):
    deal = share(member)
    assert report(guest, deal["id"]).status_code == 403
    assert expire(guest, deal["id"]).status_code == 403
