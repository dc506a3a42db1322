"""스크랩 / 찜: members save deals, find them with saved=me (ended ones too), in constant queries."""

import pytest

from kingdom.testing.queries import list_queries
from sharing_service.deals.models import Bookmark

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content.decode()
    return [deal["id"] for deal in response.json()["results"]]


def test_a_member_saves_and_forgets_a_deal(member, other_member, share, anon):
    deal = share(other_member)

    response = member.client.put(f"/api/sharing/deals/{deal['id']}/bookmark")
    assert response.status_code == 200
    assert response.json()["saved_by_me"] is True
    assert response.json()["saved_at"]
    assert member.client.put(f"/api/sharing/deals/{deal['id']}/bookmark").status_code == 200  # idempotent
    assert Bookmark.objects.filter(deal_id=deal["id"]).count() == 1
    assert other_member.client.get(f"/api/sharing/deals/{deal['id']}").json()["saved_by_me"] is False
    assert anon.get(f"/api/sharing/deals/{deal['id']}").json()["saved_by_me"] is False

    response = member.client.delete(f"/api/sharing/deals/{deal['id']}/bookmark")
    assert response.json()["saved_by_me"] is False
    assert not Bookmark.objects.exists()


def test_saved_me_lists_what_i_saved_latest_first_ended_ones_too(member, other_member, share):
    first, second, unsaved = share(other_member), share(other_member), share(other_member)
    member.client.put(f"/api/sharing/deals/{first['id']}/bookmark")
    member.client.put(f"/api/sharing/deals/{second['id']}/bookmark")
    other_member.client.post(
        f"/api/sharing/deals/{first['id']}/expire", {"status": "sold_out"}, format="json"
    )

    response = member.client.get("/api/sharing/deals?saved=me")
    assert ids(response) == [second["id"], first["id"]]
    assert response.json()["results"][1]["status"] == "sold_out"  # a saved deal that ended says so
    assert unsaved["id"] not in ids(response)
    assert ids(member.client.get("/api/sharing/deals?saved=me&status=active")) == [second["id"]]
    assert ids(other_member.client.get("/api/sharing/deals?saved=me")) == []


def test_only_members_save_and_only_what_they_may_see(
    guest, anon, member, other_member, share, caller_factory
):
    deal = share(other_member)
    assert guest.client.put(f"/api/sharing/deals/{deal['id']}/bookmark").status_code == 403
    assert anon.put(f"/api/sharing/deals/{deal['id']}/bookmark").status_code == 401
    assert anon.get("/api/sharing/deals?saved=me").status_code == 401
    assert member.client.put("/api/sharing/deals/999999/bookmark").status_code == 404
    for _ in range(5):
        caller_factory("member").client.post(
            f"/api/sharing/deals/{deal['id']}/report", {"reason": "spam"}, format="json"
        )
    response = member.client.put(f"/api/sharing/deals/{deal['id']}/bookmark")  # hidden pending review
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert not Bookmark.objects.exists()


def test_a_deleted_deal_leaves_no_bookmark(member, other_member, share):
    deal = share(other_member)
    member.client.put(f"/api/sharing/deals/{deal['id']}/bookmark")
    other_member.client.delete(f"/api/sharing/deals/{deal['id']}")
    assert ids(member.client.get("/api/sharing/deals?saved=me")) == []


@pytest.mark.parametrize("page_size", [1, 50])
def test_the_saved_list_takes_two_queries(member, other_member, share, django_assert_num_queries, page_size):
    for _ in range(4):
        member.client.put(f"/api/sharing/deals/{share(other_member)['id']}/bookmark")
    with django_assert_num_queries(list_queries(1, rows=4, page_size=page_size)):
        response = member.client.get(f"/api/sharing/deals?saved=me&page_size={page_size}")
    assert response.json()["count"] == 4
