"""``comment.created``: the outbox row a new comment stores for notification_service, and its payload."""

import pytest

from comment_service.comments.models import Comment, OutboxEvent
from comment_service.tests.api_calls import comment_on, created
from kingdom.outbox import NOTIFICATION_EVENT
from kingdom.testing.plugin import notification_events

pytestmark = pytest.mark.django_db


def sent() -> list[dict]:
    return [event["payload"] for event in notification_events(OutboxEvent)]


def test_without_the_notification_service_nothing_is_published(member, post):
    created(comment_on(member, post))
    assert not OutboxEvent.objects.filter(topic=NOTIFICATION_EVENT).exists()


def test_a_comment_names_the_targets_author_and_title(notifications_on, member, neighbours):
    post = neighbours.add_post(31, author_id=555, anonymous=True, title="에어프라이어 사도 될까요?")
    comment = created(comment_on(member, post, "저도 궁금해요 " * 20))

    [event] = notification_events(OutboxEvent)
    assert event["kind"] == "comment.created"
    assert event["payload"] == {
        "comment_id": comment["id"],
        "target_type": "post",
        "target_id": post,
        "target_title": "에어프라이어 사도 될까요?",
        "author_id": member.id,
        # named in the notification ("…님이 댓글을 남겼습니다")
        "author_nickname": member.nickname,
        "anonymous": False,
        "excerpt": ("저도 궁금해요 " * 20)[:80],
        # the anonymous post's author is told; their id never leaves the services
        "target_author_id": 555,
        "parent_author_id": None,
    }


def test_a_reply_names_the_author_of_the_comment_it_answers(
    notifications_on, member, other_member, caller_factory, neighbours
):
    deal = neighbours.add_deal(8, author_id=42, title="신라면 최저가")
    top = created(comment_on(member, deal, "첫 댓글", target_type="deal"))
    reply = created(comment_on(other_member, deal, "답글", target_type="deal", parent_id=top["id"]))
    third = caller_factory("member")
    # a reply to a reply is stored under the top comment, but answers the reply's author
    created(comment_on(third, deal, "답글의 답글", target_type="deal", parent_id=reply["id"]))
    assert Comment.objects.filter(parent_id=top["id"]).count() == 2

    assert [(e["target_title"], e["target_author_id"], e["parent_author_id"]) for e in sent()] == [
        ("신라면 최저가", 42, None),
        ("신라면 최저가", 42, member.id),
        ("신라면 최저가", 42, other_member.id),
    ]


def test_an_anonymous_comment_says_so(notifications_on, member, post):
    created(comment_on(member, post, anonymous=True))
    [payload] = sent()
    assert payload["anonymous"] is True
    assert payload["author_id"] == member.id  # so the commenter is never told of their own comment
    assert payload["author_nickname"] == ""  # who it was never leaves comment_service
    assert member.nickname not in str(payload)


def test_a_refused_comment_publishes_nothing(notifications_on, member, post):
    response = comment_on(member, post, parent_id=999_999)
    assert response.status_code == 400
    assert not OutboxEvent.objects.exists()
