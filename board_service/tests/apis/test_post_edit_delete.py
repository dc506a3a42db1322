"""Only the author or staff change or delete a post; deletion tells comment_service via the outbox."""

import pytest
from django.utils import timezone

from board_service.posts.models import OutboxEvent, Post
from board_service.tests.factories import make_post
from board_service.tests.problems import field_errors
from kingdom import outbox
from kingdom.outbox import TARGET_DELETED

pytestmark = pytest.mark.django_db


def test_author_edits_title_body_category_and_amount(member):
    post = make_post(member, kind="spending", amount=5000)

    response = member.client.patch(
        f"/api/board/posts/{post.pk}",
        {"title": "수정한 제목", "body": "수정", "category": "confession", "amount": 4500},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["title"], body["body"], body["category"]["slug"], body["amount"]) == (
        "수정한 제목",
        "수정",
        "confession",
        4500,
    )


def test_another_member_cannot_edit_or_delete(member, other_member):
    post = make_post(member, title="원래 제목")

    assert (
        other_member.client.patch(f"/api/board/posts/{post.pk}", {"title": "x"}, format="json").status_code
        == 403
    )
    assert other_member.client.delete(f"/api/board/posts/{post.pk}").status_code == 403
    assert Post.objects.get(pk=post.pk).title == "원래 제목"
    assert not OutboxEvent.objects.exists()


def test_a_guest_owns_their_post_too(guest, caller_factory):
    post = make_post(guest)
    other_guest = caller_factory("guest")

    assert other_guest.client.delete(f"/api/board/posts/{post.pk}").status_code == 403
    assert guest.client.delete(f"/api/board/posts/{post.pk}").status_code == 204


def test_nobody_without_a_token_and_no_service_edits(anon, service, member):
    post = make_post(member)

    assert anon.patch(f"/api/board/posts/{post.pk}", {"title": "x"}, format="json").status_code == 401
    assert (
        service.client.patch(f"/api/board/posts/{post.pk}", {"title": "x"}, format="json").status_code == 403
    )
    assert service.client.delete(f"/api/board/posts/{post.pk}").status_code == 403
    assert Post.objects.filter(pk=post.pk).exists()


def test_others_hidden_post_is_404_not_403(member, other_member):
    post = make_post(member, hidden_at=timezone.now())

    assert other_member.client.delete(f"/api/board/posts/{post.pk}").status_code == 404


def test_staff_edit_and_delete_any_post(member, staff):
    post = make_post(member)

    assert (
        staff.client.patch(f"/api/board/posts/{post.pk}", {"title": "정리함"}, format="json").status_code
        == 200
    )
    assert staff.client.delete(f"/api/board/posts/{post.pk}").status_code == 204
    assert not Post.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"body": ""}, "body"),
        ({"amount": -5}, "amount"),
        ({"amount": None}, "amount"),
        ({"category": "nope"}, "category"),
        ({"kind": "talk"}, "kind"),
        ({"anonymous": True}, "anonymous"),
    ],
)
def test_bad_edits_are_field_errors_and_change_nothing(member, change, field):
    post = make_post(member, kind="spending", title="원래", amount=5000)

    response = member.client.patch(f"/api/board/posts/{post.pk}", {"title": "바꿈", **change}, format="json")

    assert field in field_errors(response)
    post.refresh_from_db()
    assert (post.title, post.amount, post.kind) == ("원래", 5000, "spending")


def test_deleting_a_post_without_comments_erases_it_and_publishes_the_event(member):
    post = make_post(member)

    assert member.client.delete(f"/api/board/posts/{post.pk}").status_code == 204

    assert not Post.objects.filter(pk=post.pk).exists()
    event = OutboxEvent.objects.get()
    assert event.topic == TARGET_DELETED
    assert event.payload == {"target_type": "post", "target_id": post.pk}
    assert event.delivered_at is None


def test_deleting_a_post_with_comments_keeps_a_tombstone(member, anon):
    post = make_post(member, comment_count=2)

    assert member.client.delete(f"/api/board/posts/{post.pk}").status_code == 204

    post.refresh_from_db()
    assert post.is_deleted
    assert OutboxEvent.objects.get().payload == {"target_type": "post", "target_id": post.pk}
    assert anon.get(f"/api/board/posts/{post.pk}").json()["title"] == "삭제된 게시물입니다"
    # Deleting again: it is gone as far as changes go.
    assert member.client.delete(f"/api/board/posts/{post.pk}").status_code == 404
    assert OutboxEvent.objects.count() == 1


def test_the_post_stays_when_its_event_cannot_be_stored(member, monkeypatch):
    post = make_post(member)

    def broken_publish(*args, **kwargs):
        raise RuntimeError("outbox table unavailable")

    monkeypatch.setattr(outbox, "publish", broken_publish)
    member.client.raise_request_exception = False
    response = member.client.delete(f"/api/board/posts/{post.pk}")

    assert response.status_code == 500
    assert Post.objects.filter(pk=post.pk).exists()
    assert not OutboxEvent.objects.exists()
