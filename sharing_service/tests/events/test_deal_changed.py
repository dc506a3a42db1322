"""``deal.changed``: the outbox row each write stores for notification_service, and its payload."""

import pytest
from django.test import override_settings

from kingdom.outbox import NOTIFICATION_EVENT
from kingdom.search import search_terms
from kingdom.testing.plugin import notification_events
from sharing_service.deals import services
from sharing_service.deals.models import Deal, OutboxEvent

pytestmark = pytest.mark.django_db


def vote(caller, deal_id, value=1):
    return caller.client.post(f"/api/sharing/deals/{deal_id}/vote", {"value": value}, format="json")


def expire(caller, deal_id):
    return caller.client.post(f"/api/sharing/deals/{deal_id}/expire", {}, format="json")


def reasons() -> list[str]:
    return [event["payload"]["reason"] for event in notification_events(OutboxEvent)]


def last_deal() -> dict:
    return notification_events(OutboxEvent)[-1]["payload"]["deal"]


def test_without_the_notification_service_nothing_is_published(member, other_member, share):
    deal = share(member)
    vote(other_member, deal["id"])
    assert not OutboxEvent.objects.filter(topic=NOTIFICATION_EVENT).exists()


def test_a_new_deal_is_published_with_everything_alerts_match_on(notifications_on, member, share):
    deal = share(
        member,
        title="신라면 40봉 최저가",
        product_name="농심 신라면 120g 40봉",
        price=24_000,
        original_price=None,
        shipping_fee=2_500,
        store="쿠팡",
        category="food",
    )
    [event] = notification_events(OutboxEvent)
    assert event["kind"] == "deal.changed"
    assert event["payload"]["reason"] == "created"
    sent = event["payload"]["deal"]
    saved = Deal.objects.select_related("product").get(pk=deal["id"])
    assert sent == {
        "id": deal["id"],
        "title": "신라면 40봉 최저가",
        "author_id": member.id,
        "product": {"id": saved.product_id, "name": "농심 신라면 120g 40봉"},
        "category": "food",
        "store": "쿠팡",
        "price": 24_000,
        "shipping_fee": 2_500,
        "effective_price": 26_500,
        "free_shipping": False,
        "score": 0,
        "hot": False,
        "status": "active",
        "search_text": saved.search_folded,  # exactly what sharing's own search looks in
        "created_at": saved.created_at.isoformat(),
    }
    # the words a member types match it as sharing's search would
    assert all(term in sent["search_text"] for term in search_terms("신라면 40 봉 쿠팡"))


def test_the_row_is_stored_in_the_writes_transaction(notifications_on, member, share, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the write fails after the event was stored")

    monkeypatch.setattr(services, "product_refresh", fail)
    with pytest.raises(RuntimeError):
        share(member)
    assert not OutboxEvent.objects.exists()
    assert not Deal.objects.exists()


def test_an_edit_of_a_watched_field_is_published_and_others_are_not(notifications_on, member, share):
    deal = share(member, shipping_fee=0)
    member.client.patch(f"/api/sharing/deals/{deal['id']}", {"description": "설명만 고침"}, format="json")
    assert reasons() == ["created"]

    member.client.patch(f"/api/sharing/deals/{deal['id']}", {"price": 199_000}, format="json")
    assert reasons() == ["created", "updated"]
    assert (last_deal()["price"], last_deal()["effective_price"], last_deal()["free_shipping"]) == (
        199_000,
        199_000,
        True,
    )


def test_each_vote_is_published_with_the_new_score(notifications_on, member, other_member, share):
    deal = share(member)
    vote(other_member, deal["id"], 1)
    vote(other_member, deal["id"], 1)  # the same vote again changes nothing
    assert reasons() == ["created", "voted"]
    assert last_deal()["score"] == 1
    other_member.client.delete(f"/api/sharing/deals/{deal['id']}/vote")
    assert reasons() == ["created", "voted", "voted"]
    assert last_deal()["score"] == 0


def test_hot_is_the_hot_lists_first_places_with_a_positive_score(
    notifications_on, member, caller_factory, share
):
    voters = [caller_factory("member") for _ in range(4)]

    def hot_after_vote(deal, voter, value=1):
        vote(voter, deal["id"], value)
        assert last_deal()["id"] == deal["id"]
        return last_deal()["hot"]

    with override_settings(SHARING_HOT_LIST_SIZE=2):
        first, second, third, fourth = (share(member) for _ in range(4))
        assert hot_after_vote(first, voters[0]) is True  # the only voted deal ranks first
        hot_after_vote(second, voters[0])
        assert hot_after_vote(second, voters[1]) is True
        hot_after_vote(third, voters[0])
        assert hot_after_vote(third, voters[1]) is True
        # two newer deals with as many votes rank above it: off the list's first places
        assert hot_after_vote(first, voters[1]) is False
        assert hot_after_vote(fourth, voters[2], -1) is False  # voted cold: never hot


def test_the_community_ending_a_deal_is_published_as_expired(notifications_on, member, caller_factory, share):
    deal = share(member)
    for _ in range(2):
        expire(caller_factory("member"), deal["id"])
    assert reasons() == ["created"]  # reports below the threshold end nothing
    expire(caller_factory("member"), deal["id"])
    assert reasons() == ["created", "expired"]
    assert last_deal()["status"] == "expired"


def test_the_author_ending_their_deal_is_an_update_and_staff_an_expiry(
    notifications_on, member, staff, share
):
    own, moderated = share(member), share(member)
    expire(member, own["id"])
    expire(staff, moderated["id"])
    events = notification_events(OutboxEvent)
    assert [(e["payload"]["deal"]["id"], e["payload"]["reason"]) for e in events[2:]] == [
        (own["id"], "updated"),
        (moderated["id"], "expired"),
    ]
    assert {e["payload"]["deal"]["status"] for e in events[2:]} == {"expired"}
