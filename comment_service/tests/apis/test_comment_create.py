"""POST /api/comments: only on targets their owning service vouches for; replies one level deep."""

import time

import pytest

from comment_service.comments.models import Comment, Thread
from comment_service.tests.api_calls import comment_on, count_events, created, stored_bodies

pytestmark = pytest.mark.django_db


def test_member_comments_on_an_existing_post(member, post):
    comment = created(comment_on(member, post, "저도 그 가격에 샀어요"))

    assert comment["target_type"] == "post"
    assert comment["target_id"] == post
    assert comment["parent_id"] is None
    assert comment["body"] == "저도 그 가격에 샀어요"
    assert comment["author"] == member.author
    assert comment["is_mine"] is True
    assert comment["anonymous"] is False
    assert comment["anonymous_label"] is None
    assert comment["replies"] == []
    assert comment["is_deleted"] is False
    assert comment["created_at"]
    assert comment["updated_at"]
    assert stored_bodies(post) == ["저도 그 가격에 샀어요"]


def test_guest_may_comment(guest, post):
    comment = created(comment_on(guest, post))
    assert comment["author"] == guest.author


def test_comment_on_a_deal_asks_sharing(member, neighbours):
    neighbours.add_deal(77)
    comment = created(comment_on(member, 77, target_type="deal"))

    assert (comment["target_type"], comment["target_id"]) == ("deal", 77)
    assert neighbours.lookups[-1]["path"] == "/api/sharing/internal/deals/77"


def test_target_lookup_carries_the_service_token_and_request_id(member, post, neighbours):
    created(comment_on(member, post))
    lookup = neighbours.lookups[-1]
    assert lookup["path"] == f"/api/board/internal/posts/{post}"
    assert lookup["headers"]["Authorization"] == "Bearer fake-service-token"
    assert lookup["headers"].get("X-Request-ID")


def test_comment_on_a_missing_post_is_404_and_stores_nothing(member, neighbours):
    response = comment_on(member, 404404)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert "게시글" in response.json()["detail"]
    assert not Comment.objects.exists()
    assert count_events() == []


def test_comment_on_a_missing_deal_is_404(member, neighbours):
    assert comment_on(member, 5, target_type="deal").status_code == 404


def test_a_post_id_is_not_a_deal_id(member, neighbours):
    neighbours.add_post(5)
    assert comment_on(member, 5, target_type="deal").status_code == 404


def test_board_too_slow_is_503_after_one_retry_within_bounded_time(member, post, neighbours):
    neighbours.delay = 1.0  # the client's timeout is 0.5 s in these tests

    started = time.monotonic()
    response = comment_on(member, post)
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert "게시판 서비스가 응답하지 않아" in response.json()["detail"]
    assert len(neighbours.lookups) == 2  # the first try and one retry
    assert elapsed < 3
    assert not Comment.objects.exists()


def test_board_down_is_503_with_a_clear_message(member, settings, neighbours, closed_port_url):
    settings.BOARD_SERVICE_URL = closed_port_url

    response = comment_on(member, 10)

    assert response.status_code == 503
    assert response.json()["detail"] == (
        "게시판 서비스가 응답하지 않아 댓글을 등록할 수 없습니다. 잠시 후 다시 시도해 주세요."
    )
    assert not Comment.objects.exists()


def test_auth_down_is_503_naming_auth_not_the_board(member, post, settings, neighbours, closed_port_url):
    # The service token for asking board comes from auth; the board itself is up.
    settings.AUTH_SERVICE_URL = closed_port_url

    response = comment_on(member, post)

    assert response.status_code == 503
    assert response.json()["detail"] == (
        "인증 서비스가 응답하지 않아 댓글을 등록할 수 없습니다. 잠시 후 다시 시도해 주세요."
    )
    assert neighbours.lookups == []  # board was never asked without a token
    assert not Comment.objects.exists()


def test_board_server_error_is_503(member, post, neighbours):
    neighbours.status = 500
    assert comment_on(member, post).status_code == 503


def test_sharing_down_names_sharing(member, settings, neighbours, closed_port_url):
    settings.SHARING_SERVICE_URL = closed_port_url
    response = comment_on(member, 3, target_type="deal")
    assert response.status_code == 503
    assert "최저가 공유 서비스" in response.json()["detail"]


def test_board_refusing_our_credentials_is_503_not_the_users_fault(member, post, neighbours):
    neighbours.status = 403
    assert comment_on(member, post).status_code == 503


def test_a_refused_service_token_is_replaced_within_the_same_request(member, post, neighbours):
    created(comment_on(member, post))
    neighbours.token = "rotated-service-token"  # e.g. auth rotated its signing key
    neighbours.lookups.clear()

    created(comment_on(member, post))
    tokens = [lookup["headers"]["Authorization"] for lookup in neighbours.lookups]
    assert tokens == ["Bearer fake-service-token", "Bearer rotated-service-token"]


def test_a_service_token_refused_even_when_fresh_is_503(member, post, neighbours):
    neighbours.status = 401
    assert comment_on(member, post).status_code == 503
    assert not Comment.objects.exists()


def test_commenting_needs_a_token(anon, post):
    response = anon.post(
        "/api/comments", {"target_type": "post", "target_id": post, "body": "hi"}, format="json"
    )
    assert response.status_code == 401
    assert not Comment.objects.exists()


def test_service_tokens_may_not_comment(service, post):
    assert comment_on(service, post).status_code == 403


# --- replies ---------------------------------------------------------------------------------


def test_reply_attaches_to_its_comment(member, other_member, post):
    top = created(comment_on(member, post, "원댓글"))
    reply = created(comment_on(other_member, post, "답글", parent_id=top["id"]))
    assert reply["parent_id"] == top["id"]


def test_reply_to_a_reply_joins_the_same_top_level_comment(member, other_member, post, anon):
    top = created(comment_on(member, post, "원댓글"))
    reply = created(comment_on(other_member, post, "답글", parent_id=top["id"]))
    reply_to_reply = created(comment_on(member, post, "답글의 답글", parent_id=reply["id"]))

    assert reply_to_reply["parent_id"] == top["id"]
    thread = anon.get("/api/comments", {"target_type": "post", "target_id": post}).json()
    assert [c["body"] for c in thread["results"]] == ["원댓글"]
    assert [r["body"] for r in thread["results"][0]["replies"]] == ["답글", "답글의 답글"]
    assert all(r["replies"] == [] for r in thread["results"][0]["replies"])


def test_parent_must_belong_to_the_same_target(member, neighbours):
    neighbours.add_post(1)
    neighbours.add_post(2)
    on_first = created(comment_on(member, 1))

    response = comment_on(member, 2, parent_id=on_first["id"])

    assert response.status_code == 400
    assert "parent_id" in response.json()["errors"]
    assert stored_bodies(2) == []


def test_parent_on_a_deal_with_the_same_id_is_another_target(member, neighbours):
    neighbours.add_post(4)
    neighbours.add_deal(4)
    on_post = created(comment_on(member, 4))
    response = comment_on(member, 4, target_type="deal", parent_id=on_post["id"])
    assert response.status_code == 400
    assert "parent_id" in response.json()["errors"]


def test_unknown_parent_is_400(member, post):
    response = comment_on(member, post, parent_id=999999)
    assert response.status_code == 400
    assert "parent_id" in response.json()["errors"]


def test_no_reply_to_a_deleted_comment(member, other_member, post):
    top = created(comment_on(member, post, "원댓글"))
    created(comment_on(other_member, post, "답글", parent_id=top["id"]))
    assert member.client.delete(f"/api/comments/{top['id']}").status_code == 204

    response = comment_on(other_member, post, "또 답글", parent_id=top["id"])

    assert response.status_code == 400
    assert "parent_id" in response.json()["errors"]


# --- bad input -------------------------------------------------------------------------------


def test_missing_fields_are_field_errors(member, post):
    response = member.client.post("/api/comments", {}, format="json")

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert set(response.json()["errors"]) == {"target_type", "target_id", "body"}


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"target_type": "video"}, "target_type"),
        ({"target_type": 3}, "target_type"),
        ({"target_id": "abc"}, "target_id"),
        ({"target_id": 0}, "target_id"),
        ({"target_id": -5}, "target_id"),
        ({"target_id": [1]}, "target_id"),
        ({"target_id": 2**70}, "target_id"),
        ({"body": 12345}, "body"),
        ({"body": ["list"]}, "body"),
        ({"body": None}, "body"),
        ({"body": ""}, "body"),
        ({"body": "   \n\t "}, "body"),
        ({"body": "\u3164 \u200b"}, "body"),  # a Hangul filler and a zero-width space show nothing
        ({"body": "가" * 2001}, "body"),
        ({"body": "<script>alert(1)</script>"}, "body"),
        ({"body": "굿\x00"}, "body"),
        ({"target_id": "10"}, "target_id"),
        ({"target_id": True}, "target_id"),
        ({"target_id": 10.5}, "target_id"),
        ({"parent_id": "first"}, "parent_id"),
        ({"parent_id": 0}, "parent_id"),
        ({"anonymous": "maybe"}, "anonymous"),
        ({"anonymous": "true"}, "anonymous"),
        ({"anonymous": 1}, "anonymous"),
    ],
)
def test_bad_input_is_400_naming_the_field(member, post, fields, bad_field):
    payload = {"target_type": "post", "target_id": post, "body": "좋아요", **fields}

    response = member.client.post("/api/comments", payload, format="json")

    assert response.status_code == 400, response.content
    assert bad_field in response.json()["errors"]
    assert not Comment.objects.exists()


def test_body_of_exactly_2000_characters_is_fine(member, post):
    assert comment_on(member, post, "가" * 2000).status_code == 201


def test_body_is_trimmed_and_may_mention_less_than(member, post):
    comment = created(comment_on(member, post, "  3000원 < 5000원  "))
    assert comment["body"] == "3000원 < 5000원"


def test_a_json_list_instead_of_an_object_is_400(member, post):
    response = member.client.post("/api/comments", [1, 2], format="json")
    assert response.status_code == 400


def test_malformed_json_is_400(member, post):
    response = member.client.post("/api/comments", "{not json", content_type="application/json")
    assert response.status_code == 400


# --- events and limits -----------------------------------------------------------------------


def test_each_comment_publishes_the_visible_count(member, other_member, post):
    created(comment_on(member, post))
    created(comment_on(other_member, post))

    events = count_events()
    assert [(e["target_type"], e["target_id"], e["count"]) for e in events] == [
        ("post", post, 1),
        ("post", post, 2),
    ]
    assert all(e["as_of"] for e in events)


def test_target_author_snapshot_is_stored_with_the_thread(member, neighbours):
    neighbours.add_post(20, author_id=555, anonymous=True)
    created(comment_on(member, 20))
    thread = Thread.objects.get(target_type="post", target_id=20)
    assert (thread.target_author_id, thread.target_anonymous) == (555, True)


def test_guests_are_limited_tighter_than_members(settings, caller_factory, post):
    settings.THROTTLE_RATES = {"comment_create": {"guest": "2/hour", "member": "4/hour"}}
    guest = caller_factory("guest")
    member = caller_factory("member")

    guest_statuses = [comment_on(guest, post).status_code for _ in range(3)]
    member_statuses = [comment_on(member, post).status_code for _ in range(5)]

    assert guest_statuses == [201, 201, 429]
    assert member_statuses == [201, 201, 201, 201, 429]
    limited = comment_on(guest, post)
    assert limited["Retry-After"]


def test_default_rates_are_20_per_hour_for_guests_and_120_for_members(settings):
    from comment_service.config import settings as service_settings

    assert service_settings.THROTTLE_RATES["comment_create"] == {"guest": "20/hour", "member": "120/hour"}
