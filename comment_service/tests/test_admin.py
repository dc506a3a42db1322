"""/admin/comments/: staff find comments by author, text or target, and hide, restore or delete them."""

import pytest

from comment_service.comments.models import Comment, Thread
from comment_service.tests.api_calls import count_events, thread_of
from comment_service.tests.factories import make_comment

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/comments/comments/comment/"


def listed_ids(admin_client, **params) -> set[int]:
    response = admin_client.get(CHANGELIST, params)
    assert response.status_code == 200
    return {comment.pk for comment in response.context["cl"].result_list}


def run_action(admin_client, action: str, *comments: Comment):
    response = admin_client.post(
        CHANGELIST, {"action": action, "_selected_action": [comment.pk for comment in comments]}
    )
    assert response.status_code == 302, response.content


def test_staff_find_comments_by_text(admin_client):
    wanted = make_comment(body="쿠팡 최저가 링크 팝니다")
    make_comment(body="좋은 정보 감사합니다")
    assert listed_ids(admin_client, q="최저가") == {wanted.pk}


def test_staff_find_comments_by_author_id_or_nickname(admin_client):
    wanted = make_comment(author_id=777, nickname="광고봇")
    make_comment(author_id=778, nickname="성실한회원")
    assert listed_ids(admin_client, q="777") == {wanted.pk}
    assert listed_ids(admin_client, q="광고봇") == {wanted.pk}


def test_staff_find_comments_by_target(admin_client):
    wanted = make_comment(target_id=4242)
    make_comment(target_id=4243)
    assert listed_ids(admin_client, q="4242") == {wanted.pk}
    assert listed_ids(admin_client, target_type__exact="deal") == set()


def test_hiding_takes_a_comment_out_of_the_thread_and_the_count(admin_client, anon):
    hidden = make_comment(target_id=1, body="광고")
    make_comment(target_id=1, body="정상")

    run_action(admin_client, "hide_comments", hidden)

    assert Comment.objects.get(pk=hidden.pk).is_hidden is True
    assert [c["body"] for c in thread_of(anon, 1)["results"]] == ["정상"]
    assert count_events()[-1]["count"] == 1


def test_restoring_brings_it_back(admin_client, anon):
    comment = make_comment(target_id=1, body="오해였어요", is_hidden=True)

    run_action(admin_client, "restore_comments", comment)

    assert [c["body"] for c in thread_of(anon, 1)["results"]] == ["오해였어요"]
    assert count_events()[-1]["count"] == 1


def test_a_hidden_comment_with_replies_shows_as_a_placeholder(admin_client, anon):
    top = make_comment(target_id=1, body="문제 댓글")
    make_comment(target_id=1, body="답글", parent=top)

    run_action(admin_client, "hide_comments", top)

    [placeholder] = thread_of(anon, 1)["results"]
    assert placeholder["is_deleted"] is True
    assert placeholder["body"] == ""
    assert [r["body"] for r in placeholder["replies"]] == ["답글"]


def test_deleting_in_admin_keeps_the_thread_shape(admin_client, anon):
    top = make_comment(target_id=1, body="지울 댓글")
    make_comment(target_id=1, body="답글", parent=top)
    alone = make_comment(target_id=1, body="혼자인 댓글")

    run_action(admin_client, "delete_comments", top, alone)

    assert not Comment.objects.filter(pk=alone.pk).exists()
    assert Comment.objects.get(pk=top.pk).is_deleted is True
    assert count_events()[-1]["count"] == 1


def test_django_bulk_delete_is_not_offered(admin_client):
    response = admin_client.get(CHANGELIST)
    assert "delete_selected" not in response.content.decode()


def test_people_without_an_admin_session_are_sent_to_login(client):
    response = client.get(CHANGELIST)
    assert response.status_code == 302
    assert "/admin/comments/login/" in response["Location"]


def test_staff_find_threads_of_posts_hidden_by_board(admin_client):
    make_comment(target_id=1)
    make_comment(target_id=2)
    Thread.objects.filter(target_id=2).update(target_hidden=True)

    response = admin_client.get("/admin/comments/comments/thread/", {"target_hidden__exact": "1"})

    assert response.status_code == 200
    assert [thread.target_id for thread in response.context["cl"].result_list] == [2]


def test_admin_labels_are_korean(admin_client):
    comment = make_comment(body="라벨 확인")

    pages = [
        admin_client.get(CHANGELIST).content.decode(),
        admin_client.get(f"{CHANGELIST}{comment.pk}/change/").content.decode(),
    ]

    for page in pages:
        for english in ("Author nickname", "Target type", "Is hidden", "Created at", "Outbox event", "Body"):
            assert english not in page
    assert "작성자" in pages[0]
    assert "대상 종류" in pages[1]
