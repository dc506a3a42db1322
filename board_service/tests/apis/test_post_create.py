"""Writing a post: who may, what is checked, and that bad input saves nothing."""

import pytest

from board_service.posts.models import Post
from board_service.tests.problems import field_errors

pytestmark = pytest.mark.django_db

VALID = {
    "category": "confession",
    "kind": "spending",
    "title": "라떼 한 잔",
    "body": "참을 수 없었다",
    "amount": 6500,
}


def test_member_posts_a_spending_confession(member):
    response = member.client.post("/api/board/posts", VALID, format="json")

    assert response.status_code == 201
    post = response.json()
    assert post["author"] == member.author
    assert post["is_mine"] is True
    assert post["category"] == {"slug": "confession", "name": "지출 고해"}
    assert post["kind"] == "spending"
    assert post["amount"] == 6500
    assert post["verdicts"] == {"approve": 0, "luxury": 0}
    assert post["approved"] is False
    assert post["is_deleted"] is False
    assert Post.objects.get(pk=post["id"]).author_id == member.id


def test_guest_may_post_under_their_nickname(guest):
    response = guest.client.post("/api/board/posts", {**VALID, "kind": "talk", "amount": None}, format="json")

    assert response.status_code == 201
    assert response.json()["author"] == {"id": guest.id, "nickname": guest.nickname, "role": "guest"}


def test_a_nickname_longer_than_50_characters_is_cut_to_50(caller_factory):
    long_name = "아" * 40 + "b" * 30  # longer than any nickname column: a token may carry it
    caller = caller_factory("member", nickname=long_name)

    response = caller.client.post("/api/board/posts", VALID, format="json")

    assert response.status_code == 201, response.content.decode()
    assert response.json()["author"]["nickname"] == long_name[:50]
    assert Post.objects.get(pk=response.json()["id"]).author_nickname == long_name[:50]


def test_guest_may_not_post_anonymously(guest):
    response = guest.client.post("/api/board/posts", {**VALID, "anonymous": True}, format="json")

    assert "anonymous" in field_errors(response)
    assert not Post.objects.exists()


def test_without_a_token_nobody_posts(anon):
    response = anon.post("/api/board/posts", VALID, format="json")

    assert response.status_code == 401
    assert not Post.objects.exists()


def test_service_tokens_are_refused_on_public_writes(service):
    response = service.client.post("/api/board/posts", VALID, format="json")

    assert response.status_code == 403
    assert not Post.objects.exists()


def test_kind_defaults_to_talk_and_amount_is_optional_there(member):
    response = member.client.post(
        "/api/board/posts",
        {"category": "free", "title": "안녕하세요", "body": "모두 아끼는 하루 됩시다"},
        format="json",
    )

    assert response.status_code == 201
    assert response.json()["kind"] == "talk"
    assert response.json()["amount"] is None


@pytest.mark.parametrize("kind", ["spending", "request"])
def test_spending_and_requests_need_an_amount(member, kind):
    response = member.client.post("/api/board/posts", {**VALID, "kind": kind, "amount": None}, format="json")

    assert "amount" in field_errors(response)
    assert not Post.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": None}, "title"),
        ({"title": ""}, "title"),
        ({"title": "   \n\t "}, "title"),
        ({"title": "\u3164\u3164"}, "title"),  # Hangul fillers: a "blank" title that trimming keeps
        ({"body": "\u200b \ufeff"}, "body"),  # zero-width space and BOM show nothing either
        ({"title": "가" * 101}, "title"),
        ({"title": 123}, "title"),
        ({"body": "    "}, "body"),
        ({"body": "가" * 10_001}, "body"),
        ({"body": ["list"]}, "body"),
        ({"category": "no-such-category"}, "category"),
        ({"category": 3}, "category"),
        ({"kind": "brag"}, "kind"),
        ({"amount": -1}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": 100_000_001}, "amount"),
        ({"amount": 10**30}, "amount"),
        ({"amount": "6500"}, "amount"),
        ({"amount": 6500.5}, "amount"),
        ({"amount": True}, "amount"),
        ({"anonymous": "yes"}, "anonymous"),
    ],
)
def test_bad_input_is_a_field_error_and_saves_nothing(member, change, field):
    response = member.client.post("/api/board/posts", {**VALID, **change}, format="json")

    assert field in field_errors(response)
    assert not Post.objects.exists()


def test_missing_fields_are_each_named(member):
    errors = field_errors(member.client.post("/api/board/posts", {}, format="json"))

    assert {"category", "title", "body"} <= errors.keys()


def test_largest_allowed_amount_is_accepted(member):
    response = member.client.post("/api/board/posts", {**VALID, "amount": 100_000_000}, format="json")

    assert response.status_code == 201


def test_malformed_json_is_a_400(member):
    response = member.client.post("/api/board/posts", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert not Post.objects.exists()


def test_markup_is_stored_and_returned_as_plain_text(member):
    body = '<script>alert("사치")</script><b>굵게</b>'

    response = member.client.post("/api/board/posts", {**VALID, "body": body}, format="json")

    assert response["Content-Type"] == "application/json"
    assert response.json()["body"] == body
    assert Post.objects.get().body == body


def test_title_surrounding_whitespace_is_trimmed(member):
    response = member.client.post("/api/board/posts", {**VALID, "title": "  라떼  "}, format="json")

    assert response.json()["title"] == "라떼"
