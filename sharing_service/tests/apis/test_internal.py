"""Internal endpoints other services call with service tokens (comments asks about deals, sends counts)."""

import pytest
from django.urls import resolve

from kingdom.targets import TARGET_OWNERS
from sharing_service.deals.models import Deal

pytestmark = pytest.mark.django_db


def test_comments_service_looks_a_deal_up(service, member, share):
    deal = share(member)
    response = service.client.get(f"/api/sharing/internal/deals/{deal['id']}")
    assert response.status_code == 200
    assert response.json() == {
        "id": deal["id"],
        "title": deal["title"],  # for the comment's notification
        "author_id": member.id,
        "anonymous": False,
        "is_deleted": False,
    }


def test_a_missing_or_hidden_deal_is_a_404_internally(service, member, share):
    deal = share(member)
    Deal.objects.filter(pk=deal["id"]).update(is_hidden=True)
    assert service.client.get(f"/api/sharing/internal/deals/{deal['id']}").status_code == 404
    assert service.client.get("/api/sharing/internal/deals/999999").status_code == 404


def test_user_tokens_never_reach_internal_endpoints(member, staff, anon, share):
    deal = share(member)
    assert member.client.get(f"/api/sharing/internal/deals/{deal['id']}").status_code == 403
    assert staff.client.get(f"/api/sharing/internal/deals/{deal['id']}").status_code == 403
    assert anon.get(f"/api/sharing/internal/deals/{deal['id']}").status_code == 401


def put_count(service, deal_id, count, as_of):
    return service.client.put(
        f"/api/sharing/internal/deals/{deal_id}/comment-count",
        {"count": count, "as_of": as_of},
        format="json",
    )


def test_comment_counts_arrive_and_older_ones_are_ignored(service, member, anon, share):
    deal = share(member)
    rank_before = Deal.objects.get(pk=deal["id"]).hot_rank

    assert put_count(service, deal["id"], 7, "2026-11-24T10:00:00+00:00").status_code == 204
    assert put_count(service, deal["id"], 3, "2026-11-24T09:00:00+00:00").status_code == 204

    assert anon.get(f"/api/sharing/deals/{deal['id']}").json()["comment_count"] == 7
    assert Deal.objects.get(pk=deal["id"]).hot_rank > rank_before  # discussion lifts a deal a little


def test_a_count_for_an_unknown_deal_is_a_404(service):
    assert put_count(service, 999999, 1, "2026-11-24T10:00:00+00:00").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"count": -1, "as_of": "2026-11-24T10:00:00Z"},
        {"count": 10**12, "as_of": "2026-11-24T10:00:00Z"},
        {"count": 1, "as_of": "yesterday"},
    ],
)
def test_a_malformed_count_is_a_400(service, member, share, body):
    deal = share(member)
    response = service.client.put(
        f"/api/sharing/internal/deals/{deal['id']}/comment-count", body, format="json"
    )
    assert response.status_code == 400


def test_members_cannot_set_comment_counts(member, share):
    deal = share(member)
    assert put_count(member, deal["id"], 100, "2026-11-24T10:00:00Z").status_code == 403


def test_the_ownership_table_names_sharings_internal_deal_endpoints():
    owner = TARGET_OWNERS["deal"]
    assert owner.url_setting == "SHARING_SERVICE_URL"
    assert resolve(owner.lookup_path.format(id=3)).url_name == "internal-deal"
    assert resolve(owner.comment_count_path.format(id=3)).url_name == "internal-deal-comment-count"
