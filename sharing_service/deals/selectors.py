"""Reads: deal and product lists and details, each a fixed number of SQL queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    DateTimeField,
    ExpressionWrapper,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncDate
from django.http import Http404
from django.utils import timezone

from kingdom.search import search
from kingdom.timezones import SEOUL
from sharing_service.deals.models import (
    LISTED_ACTIVE,
    Bookmark,
    Category,
    Deal,
    DealStatus,
    PriceRecord,
    Product,
    ProductAlias,
    Vote,
)


def not_expired_by_time(now: datetime) -> Q:
    return Q(expires_at__isnull=True) | Q(expires_at__gt=now)


def listed_active(now: datetime) -> Q:
    """Active right now: not ended by anyone, not hidden, and its expiry time (if any) still ahead."""
    return LISTED_ACTIVE & not_expired_by_time(now)


def deal_status(deal: Deal, now: datetime | None = None) -> str:
    """The status a reader sees: a deal past its expiry time is expired without any job running."""
    now = now or timezone.now()
    if deal.status == DealStatus.ACTIVE and deal.expires_at is not None and deal.expires_at <= now:
        return DealStatus.EXPIRED
    return deal.status


def has_real_history(product: Product, now: datetime | None = None) -> bool:
    """Enough price history for "역대 최저" to mean something: deals from two shares, or prices
    recorded over at least ``SHARING_LOWEST_EVER_MIN_DAYS``. One deal shared once is not a history."""
    now = now or timezone.now()
    if product.history_deal_count >= 2:
        return True
    minimum = timedelta(days=settings.SHARING_LOWEST_EVER_MIN_DAYS)
    return product.history_since is not None and product.history_since <= now - minimum


def is_lowest_ever(deal: Deal, now: datetime | None = None) -> bool:
    """역대 최저: a live deal at or below the lowest price its product was ever shared at, when the
    product has real history (:func:`has_real_history`)."""
    now = now or timezone.now()
    lowest = deal.product.lowest_ever_price
    if lowest is None or deal.effective_price > lowest or deal_status(deal, now) != DealStatus.ACTIVE:
        return False
    return has_real_history(deal.product, now)


def deals_for_viewer(viewer) -> QuerySet[Deal]:
    """Deals with what every output needs joined in, and the viewer's own vote as ``my_vote`` and
    the time they saved it (스크랩) as ``saved_at`` — subqueries of the same query."""
    deals = Deal.objects.select_related("product", "category")
    if getattr(viewer, "id", None) is None:
        return deals.annotate(
            my_vote=Value(None, output_field=IntegerField()),
            saved_at=Value(None, output_field=DateTimeField()),
        )
    mine = Vote.objects.filter(deal=OuterRef("pk"), voter_id=viewer.id).values("value")[:1]
    saved = Bookmark.objects.filter(deal=OuterRef("pk"), user_id=viewer.id).values("created_at")[:1]
    return deals.annotate(
        my_vote=Subquery(mine, output_field=IntegerField()),
        saved_at=Subquery(saved, output_field=DateTimeField()),
    )


def visible_deals(viewer) -> QuerySet[Deal]:
    """What a caller may open: hidden deals only to their author and staff."""
    deals = deals_for_viewer(viewer)
    if getattr(viewer, "is_staff", False):
        return deals
    if getattr(viewer, "id", None) is not None:
        return deals.filter(Q(is_hidden=False) | Q(author_id=viewer.id))
    return deals.filter(is_hidden=False)


def deal_get(viewer, deal_id: int) -> Deal:
    deal = visible_deals(viewer).filter(pk=deal_id).first()
    if deal is None:
        raise Http404
    return deal


def active_deal_with_url(normalized_url: str, *, exclude_id: int | None = None) -> Deal | None:
    """The oldest listed-active deal linking the same page (duplicate protection), if any."""
    return (
        Deal.objects.filter(listed_active(timezone.now()), normalized_url=normalized_url)
        .exclude(pk=exclude_id)
        .order_by("created_at")
        .first()
    )


@dataclass(frozen=True)
class DealFilters:
    category: str = ""
    store: str = ""
    status: str = ""  # active | expired | sold_out | all; "" = active (all for author=me)
    min_price: int | None = None
    max_price: int | None = None
    free_shipping: bool | None = None
    q: str = ""
    mine: bool = False
    saved: bool = False  # saved=me: the viewer's 스크랩, most recently saved first, every status
    sort: str = ""  # new (the default) | hot | best | price | discount; saved=me: most recently saved
    period: str = ""  # "" | day: shared within the last 24 hours


SORTS = {
    "new": (F("created_at").desc(), F("id").desc()),
    "hot": (F("hot_rank").desc(), F("id").desc()),
    # 오늘의 핫딜: the most voted first, the hot rank between equals
    "best": (F("score").desc(), F("hot_rank").desc(), F("id").desc()),
    "price": (F("effective_price").asc(), F("id").desc()),
    "discount": (F("discount_percent").desc(nulls_last=True), F("id").desc()),
}


def deal_list(viewer, filters: DealFilters) -> QuerySet[Deal]:
    now = timezone.now()
    if filters.mine:
        deals = deals_for_viewer(viewer).filter(author_id=viewer.id)
    else:
        deals = deals_for_viewer(viewer).filter(is_hidden=False)
    if filters.saved:
        deals = deals.filter(saved_at__isnull=False)

    status = filters.status or ("all" if filters.mine or filters.saved else DealStatus.ACTIVE)
    if status == DealStatus.ACTIVE:
        deals = deals.filter(status=DealStatus.ACTIVE).filter(not_expired_by_time(now))
    elif status == DealStatus.EXPIRED:
        deals = deals.filter(Q(status=DealStatus.EXPIRED) | Q(status=DealStatus.ACTIVE, expires_at__lte=now))
    elif status == DealStatus.SOLD_OUT:
        deals = deals.filter(status=DealStatus.SOLD_OUT)

    if filters.category:
        deals = deals.filter(category__slug=filters.category)
    if filters.store:
        deals = deals.filter(store=filters.store)
    if filters.min_price is not None:
        deals = deals.filter(effective_price__gte=filters.min_price)
    if filters.max_price is not None:
        deals = deals.filter(effective_price__lte=filters.max_price)
    if filters.free_shipping is True:
        deals = deals.filter(shipping_fee=0)
    elif filters.free_shipping is False:
        deals = deals.filter(shipping_fee__gt=0)
    if filters.q:
        # title + product name + store: every word, any order, spacing-insensitive (kingdom.search)
        deals = search(deals, filters.q)
    if filters.period == "day":
        deals = deals.filter(created_at__gte=now - timedelta(days=1))
    if filters.saved and not filters.sort:
        order = (F("saved_at").desc(), F("id").desc())
    else:
        order = SORTS[filters.sort or "new"]
    if filters.sort in RANKED_SORTS and status != DealStatus.ACTIVE:
        # ended deals may be listed, but sink below every live one
        order = (ExpressionWrapper(listed_active(now), output_field=BooleanField()).desc(), *order)
    return deals.order_by(*order)


RANKED_SORTS = ("hot", "best")


def deal_is_hot(deal: Deal, now: datetime | None = None) -> bool:
    """On the hot list: listed active, voted up (score ≥ ``SHARING_HOT_MIN_SCORE``), and among the
    first ``SHARING_HOT_LIST_SIZE`` deals of ``sort=hot`` (the home page's 지금 뜨는 핫딜).

    One bounded query on the ``deal_active_hot`` index: it counts at most that many deals ranked
    above this one. (Without the score rule every fresh deal would open the list: the hot rank's
    age term puts a new deal with no votes level with one 12.5 hours older with nine.)
    """
    now = now or timezone.now()
    if deal.is_hidden or deal_status(deal, now) != DealStatus.ACTIVE:
        return False
    if deal.score < settings.SHARING_HOT_MIN_SCORE:
        return False
    size = settings.SHARING_HOT_LIST_SIZE
    above = (
        Deal.objects.filter(listed_active(now))
        .filter(Q(hot_rank__gt=deal.hot_rank) | Q(hot_rank=deal.hot_rank, id__gt=deal.pk))
        .order_by()
        .values("id")[:size]
    )
    return above.count() < size


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


def store_list() -> list[dict]:
    """Stores with at least one active deal, busiest first."""
    rows = (
        Deal.objects.filter(listed_active(timezone.now()))
        .exclude(store="")
        .values("store")
        .annotate(active_deal_count=Count("id"))
        .order_by("-active_deal_count", "store")
    )
    return [{"name": row["store"], "active_deal_count": row["active_deal_count"]} for row in rows]


# --- products ------------------------------------------------------------------------------


def _active_deals_of_outer_product(now: datetime) -> QuerySet[Deal]:
    return Deal.objects.filter(listed_active(now), product=OuterRef("pk"))


def product_list(*, q: str = "", category: str = "") -> QuerySet[Product]:
    """Products that have a visible deal, most recently shared first, with their lowest active deal's id."""
    now = timezone.now()
    active = _active_deals_of_outer_product(now)
    products = (
        Product.objects.select_related("category")
        # services keep lowest_ever_price NULL exactly when no visible deal is left
        .filter(lowest_ever_price__isnull=False)
        .annotate(
            lowest_deal_id=Subquery(
                active.order_by("effective_price", "-created_at", "-id").values("id")[:1]
            ),
            deal_count=Coalesce(
                Subquery(
                    active.order_by().values("product").annotate(n=Count("id")).values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
        )
    )
    if q:
        products = search(products, q)
    if category:
        products = products.filter(category__slug=category)
    return products.order_by("-last_deal_at", "-id")


def deals_by_id(viewer, ids: list[int]) -> dict[int, Deal]:
    """One query for the lowest deals of a page of products."""
    return {deal.id: deal for deal in deals_for_viewer(viewer).filter(id__in=[i for i in ids if i])}


def product_get(product_id: int) -> Product:
    now = timezone.now()
    product = (
        Product.objects.select_related("category")
        .annotate(
            deal_count=Coalesce(
                Subquery(
                    _active_deals_of_outer_product(now)
                    .order_by()
                    .values("product")
                    .annotate(n=Count("id"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        # a product whose every deal is hidden is as hidden as they are (its name may be the spam)
        .filter(pk=product_id, lowest_ever_price__isnull=False)
        .first()
    )
    if product is None:
        raise Http404
    return product


def product_merged_into(product_id: int) -> int | None:
    """The product a merged product's id now leads to, if it was merged."""
    return ProductAlias.objects.filter(old_id=product_id).values_list("product_id", flat=True).first()


def product_active_deals(viewer, product: Product) -> QuerySet[Deal]:
    return (
        deals_for_viewer(viewer)
        .filter(listed_active(timezone.now()), product=product)
        .order_by("effective_price", "-created_at", "-id")
    )


def product_price_history(product: Product) -> list[dict]:
    """The lowest effective price shared on each day (Asia/Seoul), oldest first, for a chart."""
    rows = (
        PriceRecord.objects.filter(product=product, deal__is_hidden=False)
        .annotate(date=TruncDate("recorded_at", tzinfo=SEOUL))
        .values("date")
        .annotate(lowest_effective_price=Min("effective_price"))
        .order_by("date")
    )
    return [{"date": row["date"], "lowest_effective_price": row["lowest_effective_price"]} for row in rows]
