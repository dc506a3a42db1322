"""Moderation in Django admin: find, hide, restore and delete posts; see reports and real authors."""

import pytest
from django.utils import timezone

from board_service.posts.models import OutboxEvent, Post, PostReport
from board_service.tests.factories import make_post
from kingdom.outbox import TARGET_DELETED, TARGET_VISIBILITY_CHANGED

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/board/board/post/"


def action(admin_client, name, *posts):
    return admin_client.post(CHANGELIST, {"action": name, "_selected_action": [post.pk for post in posts]})


def test_staff_find_posts_by_text_and_author(admin_client, member, other_member):
    make_post(member, title="스타벅스 라떼 고해")
    make_post(other_member, title="도시락 인증")

    by_text = admin_client.get(CHANGELIST, {"q": "라떼"}).content.decode()
    by_author = admin_client.get(CHANGELIST, {"q": other_member.nickname}).content.decode()

    assert "스타벅스 라떼 고해" in by_text
    assert "도시락 인증" not in by_text
    assert "도시락 인증" in by_author
    assert "스타벅스 라떼 고해" not in by_author


def test_staff_filter_by_status_and_category(admin_client, member):
    make_post(member, title="숨겨진 글", hidden_at=timezone.now())
    make_post(member, title="보이는 글", category="saving-tips")

    hidden = admin_client.get(CHANGELIST, {"status": "hidden"}).content.decode()
    tips = admin_client.get(
        CHANGELIST, {"category__id__exact": Post.objects.get(title="보이는 글").category_id}
    )

    assert "숨겨진 글" in hidden
    assert "보이는 글" not in hidden
    assert "보이는 글" in tips.content.decode()


def test_staff_see_the_real_author_of_an_anonymous_post_and_its_reports(admin_client, member, other_member):
    post = make_post(member, anonymous=True)
    PostReport.objects.create(
        post=post, reporter_id=other_member.id, reporter_nickname="신고자", reason="욕설"
    )

    page = admin_client.get(f"{CHANGELIST}{post.pk}/change/").content.decode()

    assert member.nickname in page
    assert "욕설" in page


def test_restore_shows_a_hidden_post_again_and_settles_its_reports(admin_client, member, other_member):
    post = make_post(member, hidden_at=timezone.now(), report_count=5)
    PostReport.objects.create(post=post, reporter_id=other_member.id, reporter_nickname="x", reason="스팸")

    action(admin_client, "restore_posts", post)

    post.refresh_from_db()
    assert not post.is_hidden
    assert post.report_count == 0
    assert PostReport.objects.get().reviewed_at is not None


def test_hide_action_hides(admin_client, member, anon):
    post = make_post(member)

    action(admin_client, "hide_posts", post)

    assert anon.get(f"/api/board/posts/{post.pk}").status_code == 404


def visibility_events() -> list[tuple[int, bool]]:
    events = OutboxEvent.objects.filter(topic=TARGET_VISIBILITY_CHANGED).order_by("created_at")
    return [(event.payload["target_id"], event.payload["hidden"]) for event in events]


def test_hide_and_restore_tell_comment_service(admin_client, member):
    post, never_hidden = make_post(member), make_post(member)

    action(admin_client, "hide_posts", post)
    action(admin_client, "hide_posts", post)  # already hidden: nothing new to say
    action(admin_client, "restore_posts", post, never_hidden)

    assert visibility_events() == [(post.pk, True), (post.pk, False)]


def test_deleting_in_admin_tells_comment_service_like_any_delete(admin_client, member):
    erased, kept = make_post(member), make_post(member, comment_count=3)

    action(admin_client, "delete_posts", erased, kept)

    assert not Post.objects.filter(pk=erased.pk).exists()
    assert Post.objects.get(pk=kept.pk).is_deleted
    assert sorted(
        event.payload["target_id"] for event in OutboxEvent.objects.filter(topic=TARGET_DELETED)
    ) == sorted([erased.pk, kept.pk])


def test_deleting_one_post_from_its_page_publishes_the_event(admin_client, member):
    post = make_post(member)

    admin_client.post(f"{CHANGELIST}{post.pk}/delete/", {"post": "yes"})

    assert not Post.objects.filter(pk=post.pk).exists()
    assert OutboxEvent.objects.get().payload == {"target_type": "post", "target_id": post.pk}


def test_stock_bulk_delete_that_would_skip_the_outbox_is_not_offered(admin_client, member):
    make_post(member)

    assert "delete_selected" not in admin_client.get(CHANGELIST).content.decode()


def test_staff_cannot_invent_posts_without_an_author(admin_client):
    assert admin_client.get(f"{CHANGELIST}add/").status_code == 403


def test_staff_read_the_edit_history_of_a_post(admin_client, member):
    post = make_post(member, title="처음 제목", body="처음 내용")
    member.client.patch(f"/api/board/posts/{post.pk}", {"title": "고친 제목"}, format="json")

    page = admin_client.get(f"{CHANGELIST}{post.pk}/change/").content.decode()

    assert "수정 이력" in page
    assert "처음 제목" in page  # the version before the edit
    assert "고친 제목" in page


def test_a_staff_edit_in_admin_is_recorded_and_cannot_touch_a_judged_amount(
    admin_client, member, other_member
):
    post = make_post(member, kind="spending", category="confession", title="원래", amount=50_000)
    other_member.client.post(f"/api/board/posts/{post.pk}/verdict", {"verdict": "luxury"}, format="json")

    response = admin_client.post(
        f"{CHANGELIST}{post.pk}/change/",
        {
            "category": post.category_id,
            "title": "정리한 제목",
            "body": post.body,
            "amount": 1,
            "revisions-TOTAL_FORMS": 0,
            "revisions-INITIAL_FORMS": 0,
            "reports-TOTAL_FORMS": 0,
            "reports-INITIAL_FORMS": 0,
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    post.refresh_from_db()
    assert (post.title, post.amount) == ("정리한 제목", 50_000)
    assert post.edited_at is not None
    assert post.revisions.get().title == "원래"


def test_admin_labels_are_korean(admin_client, member):
    post = make_post(member)

    change = admin_client.get(f"{CHANGELIST}{post.pk}/change/").content.decode()
    changelist = admin_client.get(CHANGELIST).content.decode()

    for english in ("Author nickname", "Like count", "Hidden at", "Kind", "Title", "Outbox event"):
        assert english not in change
        assert english not in changelist
    assert "작성자" in changelist
    assert "좋아요" in change
