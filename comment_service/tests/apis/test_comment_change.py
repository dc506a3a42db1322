"""PATCH and DELETE /api/comments/<id>: the author or staff; deleted threads keep their shape."""

import pytest

from comment_service.comments.models import Comment
from comment_service.tests.api_calls import comment_on, count_events, created, stored_bodies, thread_of

pytestmark = pytest.mark.django_db

PLACEHOLDER_AUTHOR = {"id": None, "nickname": "", "role": None}


def edit(caller, comment_id: int, body: str = "고친 내용"):
    return caller.client.patch(f"/api/comments/{comment_id}", {"body": body}, format="json")


# --- edit ------------------------------------------------------------------------------------


def test_author_edits_their_comment(member, post):
    comment = created(comment_on(member, post, "처음"))

    response = edit(member, comment["id"], "고쳤어요")

    assert response.status_code == 200
    assert response.json()["body"] == "고쳤어요"
    assert response.json()["updated_at"] >= comment["updated_at"]
    assert stored_bodies(post) == ["고쳤어요"]


def test_someone_else_may_not_edit_a_comment(member, other_member, post):
    comment = created(comment_on(member, post, "내 댓글"))

    response = edit(other_member, comment["id"], "남이 고침")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert stored_bodies(post) == ["내 댓글"]


def test_someone_else_may_not_edit_an_anonymous_comment_either(member, other_member, post):
    comment = created(comment_on(member, post, "익명 댓글", anonymous=True))
    assert edit(other_member, comment["id"]).status_code == 403


def test_staff_may_edit_any_comment(member, staff, post):
    comment = created(comment_on(member, post, "욕설"))
    assert edit(staff, comment["id"], "운영자가 수정함").status_code == 200
    assert stored_bodies(post) == ["운영자가 수정함"]


def test_editing_needs_a_token(anon, member, post):
    comment = created(comment_on(member, post))
    assert anon.patch(f"/api/comments/{comment['id']}", {"body": "x"}, format="json").status_code == 401


def test_editing_a_missing_comment_is_404(member):
    assert edit(member, 424242).status_code == 404


def test_editing_a_deleted_comment_is_404(member, other_member, post):
    comment = created(comment_on(member, post, "원댓글"))
    created(comment_on(other_member, post, "답글", parent_id=comment["id"]))
    member.client.delete(f"/api/comments/{comment['id']}")

    assert edit(member, comment["id"]).status_code == 404


def test_editing_a_hidden_comment_is_404_for_its_author(member, post):
    comment = created(comment_on(member, post))
    Comment.objects.filter(pk=comment["id"]).update(is_hidden=True)
    assert edit(member, comment["id"]).status_code == 404


@pytest.mark.parametrize("body", ["", "   ", "가" * 2001, 7, None, "<b>굵게</b>"])
def test_edit_validates_the_body(member, post, body):
    comment = created(comment_on(member, post, "원래 내용"))

    response = member.client.patch(f"/api/comments/{comment['id']}", {"body": body}, format="json")

    assert response.status_code == 400
    assert "body" in response.json()["errors"]
    assert stored_bodies(post) == ["원래 내용"]


def test_edit_without_a_body_is_400(member, post):
    comment = created(comment_on(member, post))
    response = member.client.patch(f"/api/comments/{comment['id']}", {}, format="json")
    assert response.status_code == 400
    assert "body" in response.json()["errors"]


# --- delete ----------------------------------------------------------------------------------


def test_deleting_a_comment_without_replies_removes_it(anon, member, post):
    comment = created(comment_on(member, post))

    assert member.client.delete(f"/api/comments/{comment['id']}").status_code == 204

    assert thread_of(anon, post)["results"] == []
    assert not Comment.objects.filter(pk=comment["id"]).exists()


def test_deleted_comment_with_replies_stays_as_a_blank_placeholder(anon, member, other_member, post):
    comment = created(comment_on(member, post, "지울 원댓글"))
    created(comment_on(other_member, post, "답글", parent_id=comment["id"]))

    assert member.client.delete(f"/api/comments/{comment['id']}").status_code == 204

    [placeholder] = thread_of(anon, post)["results"]
    assert placeholder["id"] == comment["id"]
    assert placeholder["is_deleted"] is True
    assert placeholder["body"] == ""
    assert placeholder["author"] == PLACEHOLDER_AUTHOR
    assert placeholder["is_mine"] is False
    assert [r["body"] for r in placeholder["replies"]] == ["답글"]
    # the text is really gone, not merely hidden
    assert Comment.objects.get(pk=comment["id"]).body == ""


def test_placeholder_goes_with_its_last_reply(anon, member, other_member, post):
    comment = created(comment_on(member, post, "원댓글"))
    reply = created(comment_on(other_member, post, "답글", parent_id=comment["id"]))
    member.client.delete(f"/api/comments/{comment['id']}")

    assert other_member.client.delete(f"/api/comments/{reply['id']}").status_code == 204

    assert thread_of(anon, post)["results"] == []
    assert not Comment.objects.exists()


def test_deleting_a_reply_keeps_a_live_parent(anon, member, other_member, post):
    comment = created(comment_on(member, post, "원댓글"))
    reply = created(comment_on(other_member, post, "답글", parent_id=comment["id"]))

    other_member.client.delete(f"/api/comments/{reply['id']}")

    [kept] = thread_of(anon, post)["results"]
    assert kept["body"] == "원댓글"
    assert kept["replies"] == []


def test_someone_else_may_not_delete_a_comment(member, other_member, post):
    comment = created(comment_on(member, post))
    assert other_member.client.delete(f"/api/comments/{comment['id']}").status_code == 403
    assert Comment.objects.filter(pk=comment["id"]).exists()


def test_a_guest_may_not_delete_a_members_comment(member, guest, post):
    comment = created(comment_on(member, post))
    assert guest.client.delete(f"/api/comments/{comment['id']}").status_code == 403


def test_staff_may_delete_any_comment(member, staff, post):
    comment = created(comment_on(member, post))
    assert staff.client.delete(f"/api/comments/{comment['id']}").status_code == 204
    assert not Comment.objects.exists()


def test_deleting_twice_is_404(member, other_member, post):
    comment = created(comment_on(member, post))
    created(comment_on(other_member, post, parent_id=comment["id"]))
    assert member.client.delete(f"/api/comments/{comment['id']}").status_code == 204
    assert member.client.delete(f"/api/comments/{comment['id']}").status_code == 404


def test_deleting_needs_a_token(anon, member, post):
    comment = created(comment_on(member, post))
    assert anon.delete(f"/api/comments/{comment['id']}").status_code == 401


def test_service_tokens_may_not_delete_comments(service, member, post):
    comment = created(comment_on(member, post))
    assert service.client.delete(f"/api/comments/{comment['id']}").status_code == 403


def test_delete_publishes_the_visible_count(member, other_member, post):
    comment = created(comment_on(member, post))
    created(comment_on(other_member, post, parent_id=comment["id"]))

    member.client.delete(f"/api/comments/{comment['id']}")

    # the placeholder does not count: 1, 2, then 1
    assert [e["count"] for e in count_events()] == [1, 2, 1]


# --- rate limits -----------------------------------------------------------------------------


def test_edits_and_deletes_are_limited_guests_tighter_than_members(settings, caller_factory, post):
    guest, member = caller_factory("guest"), caller_factory("member")
    guest_comment = created(comment_on(guest, post))["id"]
    member_comment = created(comment_on(member, post))["id"]
    settings.THROTTLE_RATES = {"comment_edit": {"guest": "2/hour", "member": "3/hour"}}

    guest_statuses = [edit(guest, guest_comment).status_code for _ in range(2)]
    guest_statuses.append(guest.client.delete(f"/api/comments/{guest_comment}").status_code)
    member_statuses = [edit(member, member_comment).status_code for _ in range(4)]

    assert guest_statuses == [200, 200, 429]
    assert member_statuses == [200, 200, 200, 429]
    assert Comment.objects.filter(pk=guest_comment).exists()  # the throttled delete did nothing
    assert member.client.get(f"/api/comments/{member_comment}").status_code == 200  # reading is not limited
