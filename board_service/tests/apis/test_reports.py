"""Reports: members only, once per post; enough of them hide the post until staff review it."""

import pytest
from django.test import override_settings

from board_service.posts.models import OutboxEvent, Post, PostReport
from board_service.tests.factories import make_post
from board_service.tests.problems import field_errors
from kingdom.outbox import TARGET_VISIBILITY_CHANGED

pytestmark = pytest.mark.django_db


def report(caller, post, reason="광고 글입니다"):
    return caller.client.post(f"/api/board/posts/{post.pk}/report", {"reason": reason}, format="json")


def test_a_member_reports_once(member, other_member):
    post = make_post(member)

    response = report(other_member, post)
    assert response.status_code == 201
    assert response.json()["reason"] == "광고 글입니다"
    again = report(other_member, post, "다른 이유")
    assert again.status_code == 409
    assert again["Content-Type"] == "application/problem+json"
    assert PostReport.objects.count() == 1


def test_five_reports_hide_the_post(member, caller_factory, anon):
    post = make_post(member)
    reporters = [caller_factory("member") for _ in range(5)]

    for reporter in reporters[:4]:
        report(reporter, post)
    assert anon.get(f"/api/board/posts/{post.pk}").status_code == 200
    report(reporters[4], post)

    assert Post.objects.get(pk=post.pk).is_hidden
    assert anon.get(f"/api/board/posts/{post.pk}").status_code == 404
    assert anon.get("/api/board/posts").json()["count"] == 0


def test_hiding_tells_comment_service_so_the_comments_are_hidden_too(member, caller_factory):
    post = make_post(member)
    for _ in range(4):
        report(caller_factory("member"), post)
    assert not OutboxEvent.objects.filter(topic=TARGET_VISIBILITY_CHANGED).exists()

    report(caller_factory("member"), post)

    hidden_at = Post.objects.get(pk=post.pk).hidden_at
    assert [event.payload for event in OutboxEvent.objects.filter(topic=TARGET_VISIBILITY_CHANGED)] == [
        {"target_type": "post", "target_id": post.pk, "hidden": True, "as_of": hidden_at.isoformat()}
    ]


@override_settings(BOARD_REPORTS_TO_HIDE=2)
def test_report_threshold_is_configurable(member, caller_factory):
    post = make_post(member)
    report(caller_factory("member"), post)
    report(caller_factory("member"), post)

    assert Post.objects.get(pk=post.pk).is_hidden


def test_only_members_report(member, guest, anon, service):
    post = make_post(member)

    assert report(guest, post).status_code == 403
    assert report(service, post).status_code == 403
    assert anon.post(f"/api/board/posts/{post.pk}/report", {"reason": "x"}, format="json").status_code == 401
    assert not PostReport.objects.exists()


@pytest.mark.parametrize("payload", [{}, {"reason": "   "}, {"reason": "가" * 501}, {"reason": 5}])
def test_a_report_needs_a_reason(member, other_member, payload):
    post = make_post(member)

    response = other_member.client.post(f"/api/board/posts/{post.pk}/report", payload, format="json")

    assert "reason" in field_errors(response)
    assert not PostReport.objects.exists()


def test_reporting_a_missing_post_is_404(other_member):
    assert (
        other_member.client.post("/api/board/posts/424242/report", {"reason": "x"}, format="json").status_code
        == 404
    )
