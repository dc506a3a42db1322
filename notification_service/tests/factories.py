"""Events as the producers send them (docs/contracts.md, events), for tests."""

from __future__ import annotations

import itertools
import uuid

from kingdom.search import fold_text
from notification_service.notifications import processing, services
from notification_service.notifications.models import Event

_deal_ids = itertools.count(5001)


def deal(**overrides) -> dict:
    """A ``deal.changed`` deal; ``search_text`` defaults to the folded title + product + store."""
    data = {
        "id": next(_deal_ids),
        "title": "농심 신라면 120g 40봉 역대가",
        "author_id": 9,
        "product": {"id": 77, "name": "농심 신라면 120g 40봉"},
        "category": "food",
        "store": "쿠팡",
        "price": 23_900,
        "shipping_fee": 0,
        "effective_price": 23_900,
        "free_shipping": True,
        "score": 0,
        "hot": False,
        "status": "active",
        "created_at": "2026-12-01T10:00:00+09:00",
    }
    data.update(overrides)
    data.setdefault(
        "search_text", fold_text(f"{data['title']} {(data['product'] or {}).get('name', '')} {data['store']}")
    )
    return data


def receive(kind: str, payload: dict, *, event_id: uuid.UUID | None = None) -> Event:
    event, _ = services.event_receive(event_id=event_id or uuid.uuid4(), kind=kind, payload=payload)
    return event


def deliver(kind: str, payload: dict, **kwargs) -> Event:
    """Receive an event and let the worker process it, as in production."""
    event = receive(kind, payload, **kwargs)
    processing.process_pending()
    event.refresh_from_db()
    return event


def deal_changed(deal_data: dict, reason: str = "created") -> Event:
    return deliver("deal.changed", {"deal": deal_data, "reason": reason})


def comment_created(**overrides) -> dict:
    return {
        "comment_id": next(_deal_ids),
        "target_type": "post",
        "target_id": 31,
        "target_title": "배달음식 끊은 지 30일",
        "author_id": 2,
        "anonymous": False,
        "excerpt": "대단하세요!",
        "target_author_id": 1,
        "parent_author_id": None,
        **overrides,
    }
