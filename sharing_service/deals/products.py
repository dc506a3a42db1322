"""Writes on products: one product per folded name, its price history and lowest price, renames,
category changes and merges (staff, in admin)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Min
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from kingdom.timezones import SEOUL
from sharing_service.deals.links import normalize_product_name
from sharing_service.deals.models import Category, Deal, PriceRecord, Product, ProductAlias


def product_for_name(name: str, category: Category) -> Product:
    normalized = normalize_product_name(name)
    if not normalized:
        raise ValidationError({"product_name": ["상품명에 글자나 숫자가 들어가야 합니다."]})
    product, _ = Product.objects.get_or_create(
        normalized_name=normalized[:120], defaults={"name": name.strip()[:120], "category": category}
    )
    return product


def product_refresh(product: Product) -> None:
    """Recompute the lowest price ever shared and the latest deal time; drop a product left empty."""
    if not Deal.objects.filter(product=product).exists():
        PriceRecord.objects.filter(product=product).delete()
        product.delete()
        return
    history = PriceRecord.objects.filter(product=product, deal__is_hidden=False).aggregate(
        lowest=Min("effective_price"), deals=Count("deal", distinct=True), since=Min("recorded_at")
    )
    last = Deal.objects.filter(product=product).aggregate(last=Max("created_at"))["last"]
    fields = {
        "lowest_ever_price": history["lowest"],
        "history_deal_count": history["deals"],
        "history_since": history["since"],
        "last_deal_at": last,
    }
    Product.objects.filter(pk=product.pk).update(**fields)
    for name, value in fields.items():
        setattr(product, name, value)


def record_price(deal: Deal, now: datetime) -> None:
    """Keep one record per deal and Seoul day: a same-day correction replaces the day's price."""
    today = timezone.localtime(now, SEOUL).date()
    latest = PriceRecord.objects.filter(deal=deal).order_by("-recorded_at").first()
    if latest is not None and timezone.localtime(latest.recorded_at, SEOUL).date() == today:
        latest.effective_price = deal.effective_price
        latest.product = deal.product
        latest.save(update_fields=["effective_price", "product"])
    else:
        PriceRecord.objects.create(
            product=deal.product, deal=deal, effective_price=deal.effective_price, recorded_at=now
        )


def fill_search_text(deal: Deal) -> None:
    """A deal is found by its title, its product's name and its store."""
    deal.search_text = " ".join(part for part in (deal.title, deal.product.name, deal.store) if part)


def _refold_deals(product: Product) -> None:
    for deal in Deal.objects.filter(product=product).select_related("product"):
        fill_search_text(deal)
        deal.save(update_fields=["search_text"])


@transaction.atomic
def product_rename(product_id: int, name: str) -> Product:
    """Staff correct a product's name; its deals are found by the new name and later deals join it."""
    product = Product.objects.select_for_update().get(pk=product_id)
    normalized = normalize_product_name(name)[:120]
    if not normalized:
        raise ValidationError({"name": ["상품명에 글자나 숫자가 들어가야 합니다."]})
    if Product.objects.filter(normalized_name=normalized).exclude(pk=product.pk).exists():
        raise ValidationError({"name": ["같은 이름의 상품이 이미 있습니다. 두 상품을 합쳐 주세요."]})
    product.name, product.normalized_name = name.strip()[:120], normalized
    product.save(update_fields=["name", "normalized_name"])
    _refold_deals(product)
    return product


@transaction.atomic
def product_set_category(product_id: int, category: Category) -> Product:
    """Staff file a product under another category (its deals keep their own)."""
    product = Product.objects.select_for_update().get(pk=product_id)
    if product.category_id != category.pk:
        product.category = category
        product.save(update_fields=["category"])
    return product


@transaction.atomic
def product_merge(keep: Product, others: Iterable[Product], *, name: str | None = None) -> Product:
    """Move the deals and price records of ``others`` to ``keep``, delete ``others`` and keep their
    addresses leading to ``keep`` (:class:`ProductAlias`, chains of merges included); ``name`` (one
    of theirs, or any staff choose) becomes the kept product's name."""
    others = [other for other in others if other.pk != keep.pk]
    ids = [other.pk for other in others]
    ProductAlias.objects.filter(product_id__in=ids).update(product=keep)
    ProductAlias.objects.bulk_create([ProductAlias(old_id=old_id, product=keep) for old_id in ids])
    Deal.objects.filter(product_id__in=ids).update(product=keep)
    PriceRecord.objects.filter(product_id__in=ids).update(product=keep)
    Product.objects.filter(pk__in=ids).delete()
    if name is not None and name.strip() != keep.name:
        keep = product_rename(keep.pk, name)  # re-folds the deals' search text too
    else:
        _refold_deals(keep)
    product_refresh(keep)
    return keep
