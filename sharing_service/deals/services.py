"""Writes on deals: sharing, editing and deleting them, and the counters their rank follows.

Each concern has its own module beside this one (``products``, ``votes``, ``bookmarks``,
``reports``, ``moderation``, ``comment_counts``); ``access`` holds the lookups. Every write runs
in one transaction and locks the deal row it changes (``access.access_deal*``); derived columns
(effective price, discount, search text, hot rank, the product's lowest price) are recomputed
by these services and nowhere else.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from kingdom import outbox
from kingdom.authors import author_columns
from sharing_service.deals import events, ranking, thumbnails
from sharing_service.deals.access import access_deal_for_update
from sharing_service.deals.links import detect_store, normalize_url
from sharing_service.deals.models import Category, Deal, DealStatus, OutboxEvent, PriceRecord
from sharing_service.deals.products import fill_search_text, product_for_name, product_refresh, record_price
from sharing_service.deals.selectors import active_deal_with_url, deal_status


class DuplicateDeal(Exception):
    """An active deal already links the same page; the API answers 409 with it."""

    def __init__(self, existing: Deal):
        super().__init__(f"deal {existing.pk} links the same page")
        self.existing = existing


def _check_prices(price: int, original_price: int | None) -> None:
    if original_price is not None and original_price < price:
        raise ValidationError({"original_price": ["정가는 판매가보다 낮을 수 없습니다."]})


def _fill_derived(deal: Deal) -> None:
    deal.effective_price = ranking.effective_price(deal.price, deal.shipping_fee)
    deal.discount_percent = ranking.discount_percent(deal.price, deal.original_price)
    deal.hot_rank = ranking.hot_rank(deal.score, deal.comment_count, deal.created_at)
    fill_search_text(deal)


def save_counts(deal: Deal, *fields: str) -> None:
    """Save changed counters (votes, comments) together with the hot rank they move."""
    deal.hot_rank = ranking.hot_rank(deal.score, deal.comment_count, deal.created_at)
    deal.save(update_fields=[*fields, "hot_rank"])


def lock_url(normalized_url: str) -> None:
    """Two members posting the same link at once: the second waits and then sees the first."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [normalized_url])


def _raise_if_duplicate(normalized_url: str, *, exclude_id: int | None = None) -> None:
    existing = active_deal_with_url(normalized_url, exclude_id=exclude_id)
    if existing is not None:
        raise DuplicateDeal(existing)


@transaction.atomic
def deal_create(
    *,
    author,
    title: str,
    product_name: str,
    price: int,
    url: str,
    category: Category,
    original_price: int | None = None,
    shipping_fee: int = 0,
    store: str = "",
    coupon_code: str = "",
    expires_at: datetime | None = None,
    image_url: str = "",
    description: str = "",
) -> Deal:
    _check_prices(price, original_price)
    normalized_url = normalize_url(url)
    lock_url(normalized_url)
    _raise_if_duplicate(normalized_url)
    now = timezone.now()
    product = product_for_name(product_name, category)
    deal = Deal(
        product=product,
        category=category,
        title=title,
        price=price,
        original_price=original_price,
        shipping_fee=shipping_fee,
        store=store.strip() or detect_store(url),
        url=url,
        normalized_url=normalized_url,
        coupon_code=coupon_code,
        expires_at=expires_at,
        image_url=image_url,
        description=description,
        **author_columns(author),
        created_at=now,
        updated_at=now,
    )
    _fill_derived(deal)
    deal.save()
    thumbnails.thumbnail_wanted(deal)
    record_price(deal, now)
    product_refresh(product)
    events.publish_deal_changed(deal, events.CREATED)
    return deal


EDITABLE_FIELDS = (
    "title",
    "price",
    "original_price",
    "shipping_fee",
    "store",
    "url",
    "category",
    "coupon_code",
    "expires_at",
    "image_url",
    "description",
)


@transaction.atomic
def deal_update(*, user, deal_id: int, data: dict[str, Any]) -> Deal:
    deal = access_deal_for_update(user, deal_id)
    watched_before = events.watched(deal)
    old_product = deal.product
    old_effective = deal.effective_price
    old_url, old_image = deal.url, deal.image_url
    for field in EDITABLE_FIELDS:
        if field in data:
            setattr(deal, field, data[field])
    _check_prices(deal.price, deal.original_price)
    if "url" in data:
        deal.normalized_url = normalize_url(deal.url)
        if "store" not in data:
            deal.store = detect_store(deal.url)
    # A new link, or a later end time that brings an expired deal back, must not make a second
    # active deal for one page; a deal that stays ended may link anything.
    listed = not deal.is_hidden and deal_status(deal) == DealStatus.ACTIVE
    if listed and ("url" in data or "expires_at" in data):
        lock_url(deal.normalized_url)
        _raise_if_duplicate(deal.normalized_url, exclude_id=deal.pk)
    if "store" in data and not deal.store.strip():
        deal.store = detect_store(deal.url)
    if "product_name" in data:
        deal.product = product_for_name(data["product_name"], deal.category)
    if ("url" in data and deal.url != old_url) or ("image_url" in data and deal.image_url != old_image):
        thumbnails.thumbnail_wanted(deal)
    now = timezone.now()
    deal.updated_at = now
    _fill_derived(deal)
    deal.save()
    if deal.product_id != old_product.pk:
        PriceRecord.objects.filter(deal=deal).update(product=deal.product)
        product_refresh(old_product)
    if deal.effective_price != old_effective or deal.product_id != old_product.pk:
        record_price(deal, now)
    product_refresh(deal.product)
    if events.watched(deal) != watched_before:
        events.publish_deal_changed(deal, events.UPDATED)
    return deal


@transaction.atomic
def deal_delete(*, user, deal_id: int) -> None:
    """Delete a deal; its comments go too, through the outbox (no lost event if comments is down)."""
    deal = access_deal_for_update(user, deal_id)
    product = deal.product
    outbox.publish(OutboxEvent, outbox.TARGET_DELETED, {"target_type": "deal", "target_id": deal.pk})
    deal.delete()
    product_refresh(product)
