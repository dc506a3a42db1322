"""Writes: sharing, editing and deleting deals, votes, expiry and reports, product merges.

Every write runs in one transaction and locks the deal row it changes (``access_deal*``), so
concurrent votes and reports never lose counts; derived columns (effective price, discount,
search text, hot rank, the product's lowest price) are recomputed here and nowhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Min
from django.http import Http404
from django.utils import timezone
from rest_framework.exceptions import PermissionDenied, ValidationError

from kingdom import outbox
from kingdom.problems import Conflict
from sharing_service.deals import ranking, thumbnails
from sharing_service.deals.links import detect_store, normalize_product_name, normalize_url
from sharing_service.deals.models import (
    ENDING_REASONS,
    Bookmark,
    Category,
    Deal,
    DealStatus,
    OutboxEvent,
    PriceRecord,
    Product,
    ProductAlias,
    Report,
    ReportReason,
    Vote,
)
from sharing_service.deals.selectors import SEOUL, active_deal_with_url, deal_get, deal_status


class DuplicateDeal(Exception):
    """An active deal already links the same page; the API answers 409 with it."""

    def __init__(self, existing: Deal):
        super().__init__(f"deal {existing.pk} links the same page")
        self.existing = existing


# --- access: lookup + permission, with a row lock before a write ----------------------------


def _may_change(user, deal: Deal) -> bool:
    return bool(getattr(user, "is_staff", False)) or deal.author_id == getattr(user, "id", None)


def access_deal_for_action(user, deal_id: int) -> Deal:
    """The locked deal a member votes on or reports; 404 when it is hidden from them."""
    deal = Deal.objects.select_for_update().filter(pk=deal_id).first()
    if deal is None or (deal.is_hidden and not _may_change(user, deal)):
        raise Http404
    return deal


def access_deal_for_update(user, deal_id: int) -> Deal:
    """The locked deal its author or staff change; 404 when hidden from the caller, 403 when not theirs."""
    deal = access_deal_for_action(user, deal_id)
    if not _may_change(user, deal):
        raise PermissionDenied("작성자나 운영자만 바꿀 수 있습니다.")
    return deal


# --- products -------------------------------------------------------------------------------


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


def _record_price(deal: Deal, now: datetime) -> None:
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
    for deal in Deal.objects.filter(product=product).select_related("product"):
        _fill_search_text(deal)
        deal.save(update_fields=["search_text"])
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
        for deal in Deal.objects.filter(product=keep).select_related("product"):
            _fill_search_text(deal)
            deal.save(update_fields=["search_text"])
    product_refresh(keep)
    return keep


# --- deals ----------------------------------------------------------------------------------


def _check_prices(price: int, original_price: int | None) -> None:
    if original_price is not None and original_price < price:
        raise ValidationError({"original_price": ["정가는 판매가보다 낮을 수 없습니다."]})


def _fill_search_text(deal: Deal) -> None:
    deal.search_text = " ".join(part for part in (deal.title, deal.product.name, deal.store) if part)


def _fill_derived(deal: Deal) -> None:
    deal.effective_price = ranking.effective_price(deal.price, deal.shipping_fee)
    deal.discount_percent = ranking.discount_percent(deal.price, deal.original_price)
    deal.hot_rank = ranking.hot_rank(deal.score, deal.comment_count, deal.created_at)
    _fill_search_text(deal)


def _lock_url(normalized_url: str) -> None:
    # Two members posting the same link at once: the second waits and then sees the first.
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
    _lock_url(normalized_url)
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
        author_id=author.id,
        author_nickname=author.nickname[:50],
        author_role=author.role,
        created_at=now,
        updated_at=now,
    )
    _fill_derived(deal)
    deal.save()
    thumbnails.thumbnail_wanted(deal)
    _record_price(deal, now)
    product_refresh(product)
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
        _lock_url(deal.normalized_url)
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
        _record_price(deal, now)
    product_refresh(deal.product)
    return deal


@transaction.atomic
def deal_delete(*, user, deal_id: int) -> None:
    """Delete a deal; its comments go too, through the outbox (no lost event if comments is down)."""
    deal = access_deal_for_update(user, deal_id)
    product = deal.product
    outbox.publish(OutboxEvent, outbox.TARGET_DELETED, {"target_type": "deal", "target_id": deal.pk})
    deal.delete()
    product_refresh(product)


def _save_counts(deal: Deal, *fields: str) -> None:
    deal.hot_rank = ranking.hot_rank(deal.score, deal.comment_count, deal.created_at)
    deal.save(update_fields=[*fields, "hot_rank"])


def deal_bookmark(*, user, deal_id: int) -> None:
    """Save a deal the member may see (idempotent: saving twice keeps the first time)."""
    deal = deal_get(user, deal_id)
    Bookmark.objects.get_or_create(deal=deal, user_id=user.id)


def deal_unbookmark(*, user, deal_id: int) -> None:
    """Forget a saved deal; one never saved, or gone, changes nothing."""
    Bookmark.objects.filter(deal_id=deal_id, user_id=user.id).delete()


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
    _save_counts(deal, "score", "hot_count", "cold_count")
    return deal


@transaction.atomic
def deal_unvote(*, user, deal_id: int) -> Deal:
    deal = access_deal_for_action(user, deal_id)
    vote = Vote.objects.filter(deal=deal, voter_id=user.id).first()
    if vote is not None:
        vote.delete()
        _count_vote(deal, vote.value, -1)
        _save_counts(deal, "score", "hot_count", "cold_count")
    return deal


def _count_vote(deal: Deal, value: int, delta: int) -> None:
    deal.score += value * delta
    if value == Vote.HOT:
        deal.hot_count += delta
    else:
        deal.cold_count += delta


def _end(deal: Deal, status: str) -> None:
    deal.status = status
    deal.ended_at = timezone.now()


@transaction.atomic
def deal_expire(*, user, deal_id: int, status: str = DealStatus.EXPIRED) -> Deal:
    """The author or staff end a deal at once; any other member's request counts as a report."""
    deal = access_deal_for_action(user, deal_id)
    if _may_change(user, deal):
        if deal.status != status:
            _end(deal, status)
            deal.save(update_fields=["status", "ended_at"])
        return deal
    _report_ending(deal, user, ReportReason(status), detail="")
    return deal


def _report_ending(deal: Deal, user, reason: ReportReason, detail: str) -> Report:
    if deal_status(deal) != DealStatus.ACTIVE:
        raise Conflict("이미 종료된 딜입니다.", slug="deal-ended")
    open_reports = Report.objects.filter(deal=deal, reporter_id=user.id, is_resolved=False)
    if open_reports.filter(reason__in=ENDING_REASONS).exists():
        raise Conflict("이미 종료 신고를 했습니다.", slug="already-reported")
    report = Report.objects.create(deal=deal, reporter_id=user.id, reason=reason, detail=detail)
    deal.expire_report_count += 1
    if deal.expire_report_count >= settings.SHARING_EXPIRE_REPORTS_THRESHOLD:
        votes = dict(
            Report.objects.filter(deal=deal, reason__in=ENDING_REASONS, is_resolved=False)
            .values_list("reason")
            .annotate(n=Count("id"))
        )
        more_sold_out = votes.get(ReportReason.SOLD_OUT, 0) > votes.get(ReportReason.EXPIRED, 0)
        _end(deal, DealStatus.SOLD_OUT if more_sold_out else DealStatus.EXPIRED)
    deal.save(update_fields=["expire_report_count", "status", "ended_at"])
    return report


@transaction.atomic
def deal_report(*, user, deal_id: int, reason: str, detail: str = "") -> Report:
    deal = access_deal_for_action(user, deal_id)
    if deal.author_id == user.id:
        raise ValidationError({"reason": ["자신이 올린 딜은 신고할 수 없습니다. 수정하거나 종료해 주세요."]})
    reason = ReportReason(reason)
    if reason in ENDING_REASONS:
        return _report_ending(deal, user, reason, detail)
    open_reports = Report.objects.filter(deal=deal, reporter_id=user.id, is_resolved=False)
    if open_reports.exclude(reason__in=ENDING_REASONS).exists():
        raise Conflict("이미 신고한 딜입니다.", slug="already-reported")
    report = Report.objects.create(deal=deal, reporter_id=user.id, reason=reason, detail=detail)
    deal.report_count += 1
    fields = ["report_count"]
    if deal.report_count >= settings.SHARING_HIDE_REPORTS_THRESHOLD and not deal.is_hidden:
        deal.is_hidden = True
        deal.hidden_reason = f"신고 {deal.report_count}건 누적 — 운영자 검토 대기"
        fields += ["is_hidden", "hidden_reason"]
        _publish_visibility(deal, hidden=True)
    deal.save(update_fields=fields)
    if deal.is_hidden:
        product_refresh(deal.product)
    return report


@transaction.atomic
def deal_set_comment_count(*, deal_id: int, count: int, as_of: datetime) -> None:
    """Apply comment_service's count unless a newer one already arrived (events may come out of order)."""
    deal = Deal.objects.select_for_update().filter(pk=deal_id).first()
    if deal is None:
        raise Http404
    if deal.comment_count_as_of is not None and as_of < deal.comment_count_as_of:
        return
    deal.comment_count = count
    deal.comment_count_as_of = as_of
    _save_counts(deal, "comment_count", "comment_count_as_of")


# --- staff moderation (admin actions) -------------------------------------------------------


@transaction.atomic
def deals_end(deal_ids: Iterable[int], status: str = DealStatus.EXPIRED) -> int:
    changed = 0
    for deal in Deal.objects.select_for_update().filter(pk__in=list(deal_ids)):
        if deal.status != status:
            _end(deal, status)
            deal.save(update_fields=["status", "ended_at"])
            changed += 1
    return changed


@transaction.atomic
def deals_hide(deal_ids: Iterable[int], reason: str = "운영자가 숨김") -> int:
    deals = list(Deal.objects.select_for_update().select_related("product").filter(pk__in=list(deal_ids)))
    for deal in deals:
        if not deal.is_hidden:
            _publish_visibility(deal, hidden=True)
        deal.is_hidden = True
        deal.hidden_reason = reason
        deal.save(update_fields=["is_hidden", "hidden_reason"])
    for product in {deal.product for deal in deals}:
        product_refresh(product)
    return len(deals)


@transaction.atomic
def deals_restore(deal_ids: Iterable[int]) -> tuple[int, list[Deal]]:
    """Staff reviewed the deal: show it again as active and close the reports against it.

    A deal whose page another active deal now links stays as it is (two active deals for one
    page is what duplicate protection prevents); those are returned so staff can be told.
    """
    candidates = Deal.objects.select_for_update().select_related("product").filter(pk__in=list(deal_ids))
    deals, blocked = [], []
    for deal in candidates.order_by("created_at", "id"):
        _lock_url(deal.normalized_url)
        if active_deal_with_url(deal.normalized_url, exclude_id=deal.pk) is not None:
            blocked.append(deal)
        else:
            deals.append(deal)
            _restore(deal)
    Report.objects.filter(deal__in=deals, is_resolved=False).update(is_resolved=True)
    for product in {deal.product for deal in deals}:
        product_refresh(product)
    return len(deals), blocked


def _publish_visibility(deal: Deal, *, hidden: bool) -> None:
    # comment_service shows a hidden deal's comments only to its author and staff, as we do the deal.
    outbox.publish(
        OutboxEvent,
        outbox.TARGET_VISIBILITY_CHANGED,
        {"target_type": "deal", "target_id": deal.pk, "hidden": hidden, "as_of": timezone.now().isoformat()},
    )


def _restore(deal: Deal) -> None:
    if deal.is_hidden:
        _publish_visibility(deal, hidden=False)
    deal.is_hidden = False
    deal.hidden_reason = ""
    deal.status = DealStatus.ACTIVE
    deal.ended_at = None
    deal.report_count = 0
    deal.expire_report_count = 0
    deal.save(
        update_fields=[
            "is_hidden",
            "hidden_reason",
            "status",
            "ended_at",
            "report_count",
            "expire_report_count",
        ]
    )
