"""What notification_service keeps: the events it received, a snapshot per deal, members' alerts,
price watches and preferences, and the notifications themselves."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone


class EventKind(models.TextChoices):
    DEAL_CHANGED = "deal.changed", "핫딜 변경"
    COMMENT_CREATED = "comment.created", "댓글 작성"
    POST_JUDGED = "post.judged", "사도 될까요? 판정"
    RANKING_KING = "ranking.king", "이달의 거지왕"


class Kind(models.TextChoices):
    """What a notification tells its recipient (docs/contracts.md, notification kinds)."""

    REPLY = "reply", "내 댓글에 답글"
    COMMENT = "comment", "내 글에 댓글"
    REQUEST_PASSED = "request_passed", "지출품의서 통과"
    REQUEST_LUXURY = "request_luxury", "사치 판정"
    DEAL_HOT = "deal_hot", "내 핫딜이 인기 목록에"
    DEAL_EXPIRED = "deal_expired", "내 핫딜 종료 표시"
    MONTHLY_KING = "monthly_king", "이달의 거지왕"
    ALERT = "alert", "핫딜 알림"
    PRICE_WATCH = "price_watch", "가격 알림"


class Event(models.Model):
    """An event from another service's outbox, stored once (``event_id``) and processed by the worker."""

    event_id = models.UUIDField("이벤트 ID", unique=True)
    kind = models.CharField("종류", max_length=40, choices=EventKind.choices)
    payload = models.JSONField("내용")
    received_at = models.DateTimeField("받은 시각", default=timezone.now)
    processed_at = models.DateTimeField("처리 시각", null=True, blank=True)
    attempts = models.PositiveIntegerField("처리 시도", default=0)
    last_error = models.TextField("마지막 오류", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "받은 이벤트"
        ordering = ["id"]
        indexes = [
            models.Index(fields=["id"], name="event_pending", condition=models.Q(processed_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.event_id}"


class DealSnapshot(models.Model):
    """The last state of a deal seen in a ``deal.changed`` event: transitions are derived from it."""

    deal_id = models.BigIntegerField("핫딜 ID", primary_key=True)
    author_id = models.BigIntegerField("작성자 ID")
    product_id = models.BigIntegerField("상품 ID", null=True)
    title = models.CharField("제목", max_length=300)
    effective_price = models.BigIntegerField("실구매가")
    score = models.IntegerField("점수", default=0)
    hot = models.BooleanField("인기", default=False)
    status = models.CharField("상태", max_length=20)
    #: set once: a deal that turns hot again later does not notify its author twice
    hot_notified_at = models.DateTimeField(null=True, blank=True)
    expired_notified_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "핫딜 스냅숏"

    def __str__(self) -> str:
        return f"{self.deal_id}: {self.title}"


class Alert(models.Model):
    """A member's saved keyword alert (핫딜 알림). ``terms`` are the folded search terms of
    ``keywords`` (kingdom.search); the longest is ``key_term``, indexed, so one deal finds the alerts
    it may match in one index lookup (selectors.alerts_matching)."""

    owner_id = models.BigIntegerField("회원 ID")
    keywords = models.CharField("키워드", max_length=100)
    terms = ArrayField(models.TextField(), verbose_name="검색어")
    #: the longest term (its first 40 characters): a deal's text must contain it, so a deal looks
    #: its alerts up by the substrings of its text (btree, byte order) before the terms are tested
    key_term = models.CharField("대표 검색어", max_length=40, db_collation="C")
    #: empty: any category / any store
    category = models.CharField("카테고리", max_length=50, blank=True)
    store = models.CharField("쇼핑몰", max_length=100, blank=True)
    #: the store folded like the search (so "G마켓" matches "g마켓")
    store_folded = models.CharField(max_length=100, blank=True)
    max_price = models.BigIntegerField("최대 실구매가", null=True, blank=True)
    free_shipping_only = models.BooleanField("무료배송만", default=False)
    min_score = models.IntegerField("최소 점수", null=True, blank=True)
    created_at = models.DateTimeField("만든 시각", default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "핫딜 알림"
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner_id", "-created_at", "-id"], name="alert_owner"),
            models.Index(fields=["key_term"], name="alert_key_term"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.keywords}"


class PriceWatch(models.Model):
    """ "Tell me when this product is below N원" (effective price = price + shipping)."""

    owner_id = models.BigIntegerField("회원 ID")
    product_id = models.BigIntegerField("상품 ID")
    product_name = models.CharField("상품명", max_length=200)
    target_price = models.BigIntegerField("목표가")
    created_at = models.DateTimeField("만든 시각", default=timezone.now)
    fired_at = models.DateTimeField("마지막 알림", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "가격 알림"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner_id", "product_id"], name="watch_once_per_product")
        ]
        indexes = [
            models.Index(fields=["owner_id", "-created_at", "-id"], name="watch_owner"),
            models.Index(fields=["product_id", "target_price"], name="watch_product_target"),
        ]

    def __str__(self) -> str:
        return f"{self.owner_id}: {self.product_name} < {self.target_price:,}원"


class Channel(models.TextChoices):
    SITE = "site", "사이트"
    EMAIL = "email", "사이트 + 이메일"
    OFF = "off", "끄기"


class EmailMode(models.TextChoices):
    IMMEDIATE = "immediate", "바로"
    DIGEST = "digest", "하루 한 번 모아서"


class Preference(models.Model):
    """A user's settings; a user without a row has the defaults (every kind in the site, no e-mail)."""

    user_id = models.BigIntegerField("회원 ID", primary_key=True)
    #: kind -> channel, only the kinds that differ from "site"
    channels = models.JSONField("종류별 채널", default=dict, blank=True)
    email_mode = models.CharField("메일 방식", max_length=10, choices=EmailMode.choices, default="immediate")
    email = models.EmailField("메일 주소", blank=True)
    #: digest bookkeeping: when the last daily digest went out
    last_digest_at = models.DateTimeField("마지막 모음 메일", null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "알림 설정"

    def __str__(self) -> str:
        return str(self.user_id)

    def channel(self, kind: str) -> str:
        return self.channels.get(kind, Channel.SITE)


class EmailState(models.TextChoices):
    NONE = "", "보내지 않음"
    PENDING = "pending", "보낼 예정"
    SENT = "sent", "보냄"


class Notification(models.Model):
    """One thing one recipient is told. At most one per (event, recipient, kind) and one per
    (recipient, kind, subject): the subject names what it is about (``deal:12``, ``comment:7``,
    ``month:2026-11``), so a retried or repeated event never tells anyone twice."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="notifications")
    recipient_id = models.BigIntegerField("받는 사람 ID")
    kind = models.CharField("종류", max_length=20, choices=Kind.choices)
    subject = models.CharField("대상", max_length=60)
    message = models.CharField("내용", max_length=300)
    link = models.CharField("링크", max_length=200)
    created_at = models.DateTimeField("만든 시각", default=timezone.now)
    read_at = models.DateTimeField("읽은 시각", null=True, blank=True)
    email_state = models.CharField(
        "메일", max_length=10, choices=EmailState.choices, default=EmailState.NONE, blank=True
    )
    emailed_at = models.DateTimeField("메일 보낸 시각", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "알림"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient_id", "kind"], name="notification_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["recipient_id", "kind", "subject"], name="notification_once_per_subject"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient_id", "-created_at", "-id"], name="notification_inbox"),
            models.Index(
                fields=["recipient_id"], name="notification_unread", condition=models.Q(read_at__isnull=True)
            ),
            models.Index(
                fields=["recipient_id", "id"],
                name="notification_mail_pending",
                condition=models.Q(email_state="pending"),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.kind}: {self.message}"
