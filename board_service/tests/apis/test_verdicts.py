"""승인 / 사치: members judge spending and purchase requests; three approvals ahead pass a request."""

import pytest
from django.test import override_settings

from board_service.posts.models import PostVerdict
from board_service.tests.factories import make_post
from board_service.tests.problems import field_errors

pytestmark = pytest.mark.django_db


def judge(caller, post, verdict):
    return caller.client.post(f"/api/board/posts/{post.pk}/verdict", {"verdict": verdict}, format="json")


def test_one_verdict_per_member_and_it_can_change(member, other_member, anon):
    post = make_post(member, kind="spending")

    assert judge(other_member, post, "luxury").json() == {
        "verdicts": {"approve": 0, "luxury": 1},
        "my_verdict": "luxury",
        "approved": False,
    }
    judge(other_member, post, "luxury")
    assert judge(other_member, post, "approve").json()["verdicts"] == {"approve": 1, "luxury": 0}
    assert PostVerdict.objects.count() == 1
    assert anon.get(f"/api/board/posts/{post.pk}").json()["verdicts"] == {"approve": 1, "luxury": 0}
    assert other_member.client.get(f"/api/board/posts/{post.pk}").json()["my_verdict"] == "approve"


def test_a_verdict_can_be_withdrawn(member, other_member):
    post = make_post(member, kind="spending")
    judge(other_member, post, "luxury")

    response = other_member.client.delete(f"/api/board/posts/{post.pk}/verdict")

    assert response.json() == {"verdicts": {"approve": 0, "luxury": 0}, "my_verdict": None, "approved": False}
    assert other_member.client.delete(f"/api/board/posts/{post.pk}/verdict").status_code == 200


def test_a_request_passes_with_three_more_approvals_than_luxuries(member, caller_factory):
    post = make_post(member, kind="request", category="may-i-buy", amount=30_000)
    judges = [caller_factory("member") for _ in range(5)]

    judge(judges[0], post, "luxury")
    for judge_ in judges[1:4]:
        assert judge(judge_, post, "approve").json()["approved"] is False  # 3 − 1 = 2 ahead at most
    assert judge(judges[4], post, "approve").json()["approved"] is True  # 4 − 1 = 3 ahead
    assert member.client.get(f"/api/board/posts/{post.pk}").json()["approved"] is True


def test_a_passed_request_stays_passed(member, caller_factory):
    post = make_post(member, kind="request", category="may-i-buy")
    judges = [caller_factory("member") for _ in range(4)]
    for judge_ in judges[:3]:
        judge(judge_, post, "approve")

    assert judge(judges[3], post, "luxury").json()["approved"] is True


@override_settings(BOARD_APPROVAL_MARGIN=1)
def test_approval_margin_is_configurable(member, other_member):
    post = make_post(member, kind="request", category="may-i-buy")

    assert judge(other_member, post, "approve").json()["approved"] is True


def test_spending_confessions_are_never_approved_requests(member, caller_factory):
    post = make_post(member, kind="spending")
    for _ in range(4):
        judge(caller_factory("member"), post, "approve")

    assert member.client.get(f"/api/board/posts/{post.pk}").json()["approved"] is False


def test_no_verdict_on_talk_or_saving_posts(member, other_member):
    for kind in ("talk", "saving"):
        post = make_post(member, kind=kind)
        assert "verdict" in field_errors(judge(other_member, post, "approve"))
    assert not PostVerdict.objects.exists()


def test_no_verdict_on_ones_own_post(member):
    post = make_post(member, kind="spending")

    assert judge(member, post, "approve").status_code == 403
    assert not PostVerdict.objects.exists()


def test_only_members_judge(member, guest, anon, service):
    post = make_post(member, kind="spending")

    assert judge(guest, post, "approve").status_code == 403
    assert judge(service, post, "approve").status_code == 403
    assert (
        anon.post(f"/api/board/posts/{post.pk}/verdict", {"verdict": "approve"}, format="json").status_code
        == 401
    )
    assert not PostVerdict.objects.exists()


@pytest.mark.parametrize("payload", [{}, {"verdict": "meh"}, {"verdict": 1}])
def test_bad_verdicts_are_field_errors(member, other_member, payload):
    post = make_post(member, kind="spending")

    response = other_member.client.post(f"/api/board/posts/{post.pk}/verdict", payload, format="json")

    assert "verdict" in field_errors(response)
