"""GET /api/comments/<id>: one comment as its thread shows it; PATCH answers in the same shape."""

import pytest

from comment_service.comments.models import Comment
from comment_service.tests.api_calls import comment_on, created

pytestmark = pytest.mark.django_db


def test_a_comment_comes_with_its_replies(anon, member, other_member, post):
    top = created(comment_on(member, post, "원댓글"))
    created(comment_on(other_member, post, "답글", parent_id=top["id"]))

    response = anon.get(f"/api/comments/{top['id']}")

    assert response.status_code == 200
    assert response.json()["body"] == "원댓글"
    assert [r["body"] for r in response.json()["replies"]] == ["답글"]


def test_an_anonymous_comment_hides_its_author_here_too(anon, member, post):
    comment = created(comment_on(member, post, anonymous=True))
    seen = anon.get(f"/api/comments/{comment['id']}").json()
    assert seen["author"] == {"id": None, "nickname": "익명", "role": None}
    assert seen["anonymous_label"] == "익명1"


def test_a_deleted_comment_with_replies_is_a_placeholder(anon, member, other_member, post):
    top = created(comment_on(member, post, "원댓글"))
    created(comment_on(other_member, post, "답글", parent_id=top["id"]))
    member.client.delete(f"/api/comments/{top['id']}")

    seen = anon.get(f"/api/comments/{top['id']}").json()

    assert seen["is_deleted"] is True
    assert seen["body"] == ""


def test_missing_deleted_and_hidden_comments_are_404(anon, member, post):
    gone = created(comment_on(member, post))
    member.client.delete(f"/api/comments/{gone['id']}")
    hidden = created(comment_on(member, post))
    Comment.objects.filter(pk=hidden["id"]).update(is_hidden=True)

    for comment_id in (gone["id"], hidden["id"], 999999):
        response = anon.get(f"/api/comments/{comment_id}")
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


def test_editing_answers_with_the_replies(member, other_member, post):
    top = created(comment_on(member, post, "원댓글"))
    created(comment_on(other_member, post, "답글", parent_id=top["id"]))

    edited = member.client.patch(f"/api/comments/{top['id']}", {"body": "고침"}, format="json").json()

    assert edited["body"] == "고침"
    assert [r["body"] for r in edited["replies"]] == ["답글"]


def test_the_path_works_with_a_trailing_slash(anon, member, post):
    comment = created(comment_on(member, post))
    assert anon.get(f"/api/comments/{comment['id']}/").status_code == 200
