"""Deals, the products they are grouped into, votes, reports and the shared-price record.

Derived numbers a list sorts or filters on (effective price, discount, score, hot rank, the
product's lowest price ever) are stored on the rows by ``services`` so that every list is one
indexed query; nothing here computes them (no logic in ``save()``).
"""

from __future__ import annotations

from django.contrib.postgres.indexes import GinIndex, HashIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

import kingdom.outbox
from kingdom.authors import AuthoredModel
from kingdom.search import SearchFold, SearchGrams

MAX_PRICE = 1_000_000_000  # 10억 원: anything above is a typo, not a deal


class Category(models.Model):
    slug = models.SlugField(max_length=30, unique=True)
    name = models.CharField(max_length=30, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = verbose_name_plural = "카테고리"

    def __str__(self) -> str:
        return self.name


class Product(models.Model):
    """Deals whose product names fold to the same ``normalized_name`` are one product."""

    name = models.CharField(max_length=120)
    normalized_name = models.CharField(max_length=120, unique=True)
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="products")
    # min effective price over the product's price records (hidden deals' excluded); services keep it
    lowest_ever_price = models.PositiveBigIntegerField(null=True, blank=True)
    # how much price history that lowest stands on (visible deals' records): "역대 최저" needs either
    # two deals or history_since at least SHARING_LOWEST_EVER_MIN_DAYS ago (selectors.is_lowest_ever)
    history_deal_count = models.PositiveIntegerField(default=0)
    history_since = models.DateTimeField(null=True, blank=True)
    last_deal_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(default=timezone.now)

    #: the name folded for search (kingdom.search): maintained by PostgreSQL
    search_folded = models.GeneratedField(
        expression=SearchFold("name"), output_field=models.TextField(), db_persist=True
    )

    class Meta:
        ordering = ["-last_deal_at", "-id"]
        verbose_name = verbose_name_plural = "상품"
        indexes = [
            models.Index(fields=["-last_deal_at", "-id"], name="product_recent"),
            models.Index(fields=["category", "-last_deal_at"], name="product_category_recent"),
            GinIndex(OpClass(Upper("name"), name="gin_trgm_ops"), name="product_name_trgm"),
            GinIndex(SearchGrams("search_folded"), name="product_search_grams"),
        ]

    def __str__(self) -> str:
        return self.name


class ProductAlias(models.Model):
    """The id of a product merged into another: its old address leads to the kept one."""

    old_id = models.BigIntegerField(unique=True)
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="aliases")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "합쳐진 상품 주소"

    def __str__(self) -> str:
        return f"#{self.old_id} → #{self.product_id}"


class DealStatus(models.TextChoices):
    ACTIVE = "active", "진행중"
    EXPIRED = "expired", "종료"
    SOLD_OUT = "sold_out", "품절"


# The predicate of "listed as active" that partial indexes share; expires_at is checked at query time.
LISTED_ACTIVE = models.Q(status=DealStatus.ACTIVE, is_hidden=False)


class Deal(AuthoredModel):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="deals")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="deals")
    title = models.CharField(max_length=120)
    price = models.PositiveBigIntegerField()
    original_price = models.PositiveBigIntegerField(null=True, blank=True)
    shipping_fee = models.PositiveBigIntegerField(default=0)
    effective_price = models.PositiveBigIntegerField()
    discount_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    store = models.CharField(max_length=50, blank=True)
    url = models.URLField(max_length=2000)
    normalized_url = models.CharField(max_length=2000)
    coupon_code = models.CharField(max_length=50, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    image_url = models.URLField(max_length=2000, blank=True)
    # The shop page's og:image, found once by the background worker when image_url is blank
    # (shop_pages.py); og_image_checked_at stays null until the worker has looked.
    og_image_url = models.URLField(max_length=2000, blank=True)
    og_image_checked_at = models.DateTimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    # title + product name + store, folded to one column so one trigram index serves ?q=
    search_text = models.TextField(blank=True)
    #: search_text folded for ?q= (kingdom.search): maintained by PostgreSQL
    search_folded = models.GeneratedField(
        expression=SearchFold("search_text"), output_field=models.TextField(), db_persist=True
    )

    status = models.CharField(max_length=10, choices=DealStatus.choices, default=DealStatus.ACTIVE)
    ended_at = models.DateTimeField(null=True, blank=True)
    is_hidden = models.BooleanField(default=False)
    hidden_reason = models.CharField(max_length=200, blank=True)

    score = models.IntegerField(default=0)
    hot_count = models.PositiveIntegerField(default=0)
    cold_count = models.PositiveIntegerField(default=0)
    hot_rank = models.FloatField(default=0.0)
    report_count = models.PositiveIntegerField(default=0)
    expire_report_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    comment_count_as_of = models.DateTimeField(null=True, blank=True)

    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = verbose_name_plural = "딜"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(original_price__isnull=True)
                | models.Q(original_price__gte=models.F("price")),
                name="deal_original_price_not_below_price",
            ),
        ]
        indexes = [
            # sorts over the active list (the default view)
            models.Index(fields=["-created_at", "-id"], name="deal_active_new", condition=LISTED_ACTIVE),
            models.Index(fields=["-hot_rank", "-id"], name="deal_active_hot", condition=LISTED_ACTIVE),
            models.Index(
                fields=["effective_price", "-id"], name="deal_active_price", condition=LISTED_ACTIVE
            ),
            models.Index(
                models.F("discount_percent").desc(nulls_last=True),
                models.F("id").desc(),
                name="deal_active_discount",
                condition=LISTED_ACTIVE,
            ),
            # sorts over every status (?status=all / expired)
            models.Index(
                fields=["-created_at", "-id"], name="deal_visible_new", condition=models.Q(is_hidden=False)
            ),
            # filters
            models.Index(fields=["category", "-created_at"], name="deal_category_new"),
            models.Index(fields=["store", "-created_at"], name="deal_store_new"),
            models.Index(fields=["author_id", "-created_at"], name="deal_author_new"),
            models.Index(fields=["product", "effective_price"], name="deal_product_price"),
            # hash: a btree entry cannot hold a 2000-character URL of Korean text
            HashIndex(fields=["normalized_url"], name="deal_normalized_url", condition=LISTED_ACTIVE),
            models.Index(fields=["expires_at"], name="deal_expires_at"),
            # the active list's count(*) as an index-only scan (expiry is checked against now)
            models.Index(fields=["expires_at"], name="deal_active_expiry", condition=LISTED_ACTIVE),
            # filters on the active list, ending in expires_at so their counts are index-only scans
            models.Index(
                fields=["category", "expires_at"], name="deal_active_category", condition=LISTED_ACTIVE
            ),
            models.Index(fields=["store", "expires_at"], name="deal_active_store", condition=LISTED_ACTIVE),
            models.Index(
                fields=["expires_at"],
                name="deal_active_free_shipping",
                condition=LISTED_ACTIVE & models.Q(shipping_fee=0),
            ),
            GinIndex(OpClass(Upper("search_text"), name="gin_trgm_ops"), name="deal_search_trgm"),
            # ?q=: every term's unigrams/bigrams, so 1–2 syllable words are indexed too
            GinIndex(SearchGrams("search_folded"), name="deal_search_grams"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.effective_price:,}원)"


class Bookmark(models.Model):
    """스크랩 / 찜: a member saved this deal to find it again on their page."""

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="bookmarks")
    user_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "스크랩"
        constraints = [models.UniqueConstraint(fields=["deal", "user_id"], name="deal_bookmark_once")]
        indexes = [models.Index(fields=["user_id", "-created_at"], name="deal_bookmark_by_user")]

    def __str__(self) -> str:
        return f"bookmark {self.user_id} → #{self.deal_id}"


class Vote(models.Model):
    HOT, COLD = 1, -1

    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="votes")
    voter_id = models.BigIntegerField()
    value = models.SmallIntegerField(choices=[(HOT, "핫"), (COLD, "콜드")])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "투표"
        constraints = [
            models.UniqueConstraint(fields=["deal", "voter_id"], name="vote_one_per_member"),
            models.CheckConstraint(condition=models.Q(value__in=[1, -1]), name="vote_value_is_hot_or_cold"),
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} → deal {self.deal_id}: {self.value:+d}"


class ReportReason(models.TextChoices):
    # "this deal is over" — counted toward expiry, never toward hiding
    EXPIRED = "expired", "종료됨"
    SOLD_OUT = "sold_out", "품절"
    # "this deal is wrong" — counted toward hiding pending staff review
    WRONG_PRICE = "wrong_price", "가격 오류"
    REFERRAL = "referral", "추천인·제휴 링크"
    SPAM = "spam", "스팸·광고"
    DUPLICATE = "duplicate", "중복 게시"
    INAPPROPRIATE = "inappropriate", "부적절한 내용"
    OTHER = "other", "기타"


ENDING_REASONS = (ReportReason.EXPIRED, ReportReason.SOLD_OUT)


class Report(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="reports")
    reporter_id = models.BigIntegerField()
    reason = models.CharField(max_length=20, choices=ReportReason.choices)
    detail = models.CharField(max_length=500, blank=True)
    is_resolved = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = verbose_name_plural = "신고"
        constraints = [
            # a member may say "it's over" once and "it's wrong" once per deal until staff
            # resolve the reports (a restore resets the counts, so members may report anew)
            models.UniqueConstraint(
                fields=["deal", "reporter_id"],
                condition=models.Q(reason__in=["expired", "sold_out"], is_resolved=False),
                name="report_one_open_ending_per_member",
            ),
            models.UniqueConstraint(
                fields=["deal", "reporter_id"],
                condition=~models.Q(reason__in=["expired", "sold_out"]) & models.Q(is_resolved=False),
                name="report_one_open_complaint_per_member",
            ),
        ]
        indexes = [models.Index(fields=["deal", "reason"], name="report_deal_reason")]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} — deal {self.deal_id}"


class PriceRecord(models.Model):
    """A price someone shared for a product: the history chart and "역대 최저가" come from these."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="price_records")
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="price_records")
    effective_price = models.PositiveBigIntegerField()
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]
        verbose_name = verbose_name_plural = "가격 기록"
        indexes = [models.Index(fields=["product", "recorded_at"], name="price_record_product")]

    def __str__(self) -> str:
        return f"{self.product_id}: {self.effective_price:,}원 @ {self.recorded_at:%Y-%m-%d}"


class OutboxEvent(kingdom.outbox.OutboxEvent):
    class Meta(kingdom.outbox.OutboxEvent.Meta):
        verbose_name = verbose_name_plural = "아웃박스 이벤트"


class ThumbnailTask(kingdom.outbox.OutboxEvent):
    """ "Look for this deal's og:image": work for the background worker alone.

    Its own outbox table, so the delivery attempt a request makes right after commit (which
    reads only :class:`OutboxEvent`) never fetches a shop page inside a request; the worker loop
    (``deliver_outbox --loop``) delivers every outbox table, with retries and backoff.
    """

    class Meta(kingdom.outbox.OutboxEvent.Meta):
        verbose_name = verbose_name_plural = "썸네일 작업"
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                name="deals_thumbnail_pending",
                condition=models.Q(delivered_at__isnull=True),
            )
        ]
