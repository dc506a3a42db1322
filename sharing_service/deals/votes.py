"""Writes on votes: hot (+1) or cold (−1), one per member per deal, never on one's own deal."""

from __future__ import annotations

from django.db import transaction
from rest_framework.exceptions import ValidationError

from sharing_service.deals import events
from sharing_service.deals.access import access_deal_for_action
from sharing_service.deals.models import Deal, Vote
from sharing_service.deals.services import save_counts


@transaction.atomic
def deal_vote(*, user, deal_id: int, value: int) -> Deal:
    deal = access_deal_for_action(user, deal_id)
    if deal.author_id == user.id:
        raise ValidationError({"value": ["자신이 올린 딜에는 투표할 수 없습니다."]})
    vote = Vote.objects.filter(deal=deal, voter_id=user.id).first()
    if vote is not None and vote.value == value:
        return deal
    if vote is None:
        Vote.objects.create(deal=deal, voter_id=user.id, value=value)
    else:
        _count_vote(deal, vote.value, -1)
        vote.value = value
        vote.save(update_fields=["value"])
    _count_vote(deal, value, +1)
    save_counts(deal, "score", "hot_count", "cold_count")
    events.publish_deal_changed(deal, events.VOTED)
    return deal


@transaction.atomic
def deal_unvote(*, user, deal_id: int) -> Deal:
    deal = access_deal_for_action(user, deal_id)
    vote = Vote.objects.filter(deal=deal, voter_id=user.id).first()
    if vote is not None:
        vote.delete()
        _count_vote(deal, vote.value, -1)
        save_counts(deal, "score", "hot_count", "cold_count")
        events.publish_deal_changed(deal, events.VOTED)
    return deal


def _count_vote(deal: Deal, value: int, delta: int) -> None:
    deal.score += value * delta
    if value == Vote.HOT:
        deal.hot_count += delta
    else:
        deal.cold_count += delta
