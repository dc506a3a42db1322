"""POST /api/comments/<id>/report: members report a comment once; staff read the reports in admin."""

import pytest

from comment_service.comments.models import Comment, CommentReport
from comment_service.tests.api_calls import comment_on, created

pytestmark = pytest.mark.django_db


def report(caller, comment_id: int, reason="스팸·광고: 같은 링크를 계속 올려요"):
    return caller.client.post(f"/api/comments/{comment_id}/report", {"reason": reason}, format="json")


def test_a_member_reports_a_comment_once(member, other_member, post):
    comment = created(comment_on(member, post, "광고 링크"))

    first = report(other_member, comment["id"])
    again = report(other_member, comment["id"], "기타")

    assert first.status_code == 201, first.content
    assert first.json()["reason"] == "스팸·광고: 같은 링크를 계속 올려요"
    assert again.status_code == 409
    assert again.json()["type"].endswith("/already-reported")
    stored = CommentReport.objects.get()
    assert (stored.comment_id, stored.reporter_id, stored.reporter_nickname) == (
        comment["id"],
        other_member.id,
        other_member.nickname,
    )


def test_guests_anonymous_visitors_and_the_author_cannot_report(member, guest, anon, post):
    comment = created(comment_on(member, post, "내 댓글"))

    assert report(guest, comment["id"]).status_code == 403
    assert (
        anon.post(f"/api/comments/{comment['id']}/report", {"reason": "x"}, format="json").status_code == 401
    )
    assert report(member, comment["id"]).status_code == 403
    assert not CommentReport.objects.exists()


@pytest.mark.parametrize("reason", ["", "   ", "가" * 501, None])
def test_a_bad_reason_is_a_korean_field_error(member, other_member, post, reason):
    comment = created(comment_on(member, post, "댓글"))

    response = report(other_member, comment["id"], reason)

    assert response.status_code == 400
    message = response.json()["errors"]["reason"][0]
    assert any("\uac00" <= ch <= "\ud7a3" for ch in message), message
    assert not CommentReport.objects.exists()


def test_a_deleted_or_hidden_comment_cannot_be_reported(member, other_member, post):
    deleted = created(comment_on(member, post, "지운 댓글"))
    hidden = created(comment_on(member, post, "숨긴 댓글"))
    member.client.delete(f"/api/comments/{deleted['id']}")
    Comment.objects.filter(pk=hidden["id"]).update(is_hidden=True)

    assert report(other_member, deleted["id"]).status_code == 404
    assert report(other_member, hidden["id"]).status_code == 404
    assert report(other_member, 999_999).status_code == 404


def test_staff_see_reports_on_the_comment_in_admin(admin_client, member, other_member, post):
    comment = created(comment_on(member, post, "문제의 댓글"))
    report(other_member, comment["id"], "욕설·비방")

    changelist = admin_client.get("/admin/comments/comments/comment/?reported=yes").content.decode()
    page = admin_client.get(f"/admin/comments/comments/comment/{comment['id']}/change/").content.decode()

    assert "문제의 댓글" in changelist
    assert "욕설·비방" in page
    assert other_member.nickname in page
