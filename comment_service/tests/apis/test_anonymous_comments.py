"""Anonymous comments: 익명N per thread, 글쓴이 for the anonymous post's author, hidden authors."""

import pytest

from comment_service.tests.api_calls import comment_on, created, thread_of

pytestmark = pytest.mark.django_db

ANONYMOUS = {"id": None, "nickname": "익명", "role": None}


def labels(client, target_id: int, target_type: str = "post") -> list[str | None]:
    """Labels in reading order: each top-level comment followed by its replies."""
    result = []
    for comment in thread_of(client, target_id, target_type)["results"]:
        result.append(comment["anonymous_label"])
        result.extend(reply["anonymous_label"] for reply in comment["replies"])
    return result


def test_each_author_keeps_one_number_in_a_thread(anon, caller_factory, post):
    a, b, c = (caller_factory("member") for _ in range(3))
    first = created(comment_on(a, post, anonymous=True))
    created(comment_on(b, post, anonymous=True))
    created(comment_on(a, post, anonymous=True))
    created(comment_on(c, post, anonymous=True, parent_id=first["id"]))
    created(comment_on(b, post, anonymous=True, parent_id=first["id"]))

    assert labels(anon, post) == [
        "익명1",  # a
        "익명3",  # c's reply to a
        "익명2",  # b's reply to a
        "익명2",  # b
        "익명1",  # a again
    ]


def test_numbers_are_per_target(anon, member, other_member, neighbours):
    neighbours.add_post(1)
    neighbours.add_post(2)
    created(comment_on(member, 1, anonymous=True))
    created(comment_on(other_member, 1, anonymous=True))
    created(comment_on(other_member, 2, anonymous=True))

    assert labels(anon, 1) == ["익명1", "익명2"]
    assert labels(anon, 2) == ["익명1"]


def test_a_named_comment_takes_no_number(anon, member, other_member, post):
    created(comment_on(member, post, "실명"))
    created(comment_on(other_member, post, anonymous=True))
    assert labels(anon, post) == [None, "익명1"]


def test_a_number_is_never_reused_after_its_comments_are_deleted(anon, caller_factory, post):
    a, b, c = (caller_factory("guest") for _ in range(3))
    created(comment_on(a, post, anonymous=True))
    gone = created(comment_on(b, post, anonymous=True))
    b.client.delete(f"/api/comments/{gone['id']}")
    created(comment_on(c, post, anonymous=True))
    created(comment_on(b, post, anonymous=True))

    assert labels(anon, post) == ["익명1", "익명3", "익명2"]


def test_the_anonymous_posts_author_is_글쓴이(anon, member, other_member, neighbours):
    neighbours.add_post(30, author_id=member.id, anonymous=True)
    created(comment_on(other_member, 30, anonymous=True))
    by_author = created(comment_on(member, 30, anonymous=True))

    assert by_author["anonymous_label"] == "글쓴이"
    assert by_author["is_target_author"] is True
    assert labels(anon, 30) == ["익명1", "글쓴이"]
    public = thread_of(anon, 30)["results"][1]
    assert public["author"] == ANONYMOUS


def test_the_named_posts_author_commenting_anonymously_is_not_revealed(anon, member, neighbours):
    neighbours.add_post(31, author_id=member.id, anonymous=False)
    created(comment_on(member, 31, anonymous=True))

    comment = thread_of(anon, 31)["results"][0]
    assert comment["anonymous_label"] == "익명1"
    assert comment["is_target_author"] is False


def test_the_named_posts_author_is_flagged_on_named_comments(anon, member, other_member, neighbours):
    neighbours.add_post(32, author_id=member.id)
    created(comment_on(member, 32, "작성자입니다"))
    created(comment_on(other_member, 32, "지나가던 사람"))

    flags = [c["is_target_author"] for c in thread_of(anon, 32)["results"]]
    assert flags == [True, False]


def test_the_anonymous_posts_author_commenting_by_name_is_not_flagged(anon, member, neighbours):
    neighbours.add_post(33, author_id=member.id, anonymous=True)
    created(comment_on(member, 33, "실명으로 씀"))
    assert thread_of(anon, 33)["results"][0]["is_target_author"] is False


def test_anonymous_author_is_hidden_from_others_but_shown_to_the_author_and_staff(
    anon, member, other_member, staff, post
):
    created(comment_on(member, post, anonymous=True))

    for client in (anon, other_member.client):
        seen = thread_of(client, post)["results"][0]
        assert seen["author"] == ANONYMOUS
        assert seen["is_mine"] is False
        assert seen["anonymous_label"] == "익명1"
    mine = thread_of(member.client, post)["results"][0]
    assert mine["author"] == member.author
    assert mine["is_mine"] is True
    assert thread_of(staff.client, post)["results"][0]["author"] == member.author


def test_deal_comments_are_numbered_too(anon, member, neighbours):
    neighbours.add_deal(8)
    created(comment_on(member, 8, target_type="deal", anonymous=True))
    assert labels(anon, 8, "deal") == ["익명1"]
