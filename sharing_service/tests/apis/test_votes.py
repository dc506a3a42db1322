"""Hot and cold votes: one per member, changeable, withdrawable, never on one's own deal."""

import pytest

from sharing_service.deals.models import Vote

pytestmark = pytest.mark.django_db


def vote(caller, deal_id, value):
    return caller.client.post(f"/api/sharing/deals/{deal_id}/vote", {"value": value}, format="json")


def test_a_member_votes_hot_and_sees_the_score(member, other_member, share):
    deal = share(member)
    response = vote(other_member, deal["id"], 1)
    assert response.status_code == 200
    assert response.json()["score"] == 1
    assert response.json()["my_vote"] == 1
    assert response.json()["hot_count"] == 1


def test_voting_twice_the_same_way_counts_once(member, other_member, share):
    deal = share(member)
    vote(other_member, deal["id"], 1)
    response = vote(other_member, deal["id"], 1)
    assert response.json()["score"] == 1
    assert Vote.objects.count() == 1


def test_a_vote_can_be_changed(member, other_member, share):
    deal = share(member)
    vote(other_member, deal["id"], 1)
    response = vote(other_member, deal["id"], -1)
    body = response.json()
    assert body["score"] == -1
    assert (body["hot_count"], body["cold_count"]) == (0, 1)
    assert body["my_vote"] == -1


def test_a_vote_can_be_withdrawn(member, other_member, share):
    deal = share(member)
    vote(other_member, deal["id"], -1)
    response = other_member.client.delete(f"/api/sharing/deals/{deal['id']}/vote")
    assert response.status_code == 200
    assert response.json()["score"] == 0
    assert response.json()["my_vote"] is None
    assert not Vote.objects.exists()


def test_withdrawing_without_a_vote_changes_nothing(member, other_member, share):
    deal = share(member)
    response = other_member.client.delete(f"/api/sharing/deals/{deal['id']}/vote")
    assert response.status_code == 200
    assert response.json()["score"] == 0


def test_many_members_add_up(member, caller_factory, share):
    deal = share(member)
    for value in (1, 1, 1, -1):
        vote(caller_factory("member"), deal["id"], value)
    from sharing_service.deals.models import Deal

    assert Deal.objects.get(pk=deal["id"]).score == 2


def test_voting_on_ones_own_deal_is_refused(member, share):
    deal = share(member)
    response = vote(member, deal["id"], 1)
    assert response.status_code == 400
    assert "value" in response.json()["errors"]
    assert not Vote.objects.exists()


@pytest.mark.parametrize("value", [0, 2, "hot", None])
def test_a_vote_is_1_or_minus_1(member, other_member, share, value):
    deal = share(member)
    response = vote(other_member, deal["id"], value)
    assert response.status_code == 400
    assert "value" in response.json()["errors"]


def test_guests_and_anonymous_callers_cannot_vote(member, guest, anon, share):
    deal = share(member)
    assert vote(guest, deal["id"], 1).status_code == 403
    assert anon.post(f"/api/sharing/deals/{deal['id']}/vote", {"value": 1}, format="json").status_code == 401


def test_voting_on_a_missing_deal_is_a_404(other_member):
    assert vote(other_member, 987654, 1).status_code == 404
