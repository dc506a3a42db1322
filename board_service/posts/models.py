"""The 거지방 board's data: categories, posts and what members do to posts.

Authors live in auth_service; a post keeps the author's id (the JWT ``sub``) and a snapshot of
their nickname and role at write time (kingdom.authors.AuthoredModel). Counters (likes, verdicts,
reports, comments) are kept on the post row so that a list page is one query whatever its size.
"""

from datetime import UTC, datetime

from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Greatest, Log, Upper
from django.utils import timezone

import kingdom.outbox
from kingdom.authors import AuthoredModel
from kingdom.search import SearchFold, SearchGrams

#: Seconds of age that cost a post a factor of 10 in engagement in the hot sort (12.5 hours).
HOT_DECAY_SECONDS = 45_000
#: The platform's epoch for the hot sort; any fixed instant works, it only shifts every score.
HOT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


class Category(models.Model):
    slug = models.SlugField("슬러그", max_length=40, unique=True)
    name = models.CharField("이름", max_length=40)
    position = models.PositiveSmallIntegerField("순서", default=0, help_text="목록에서의 순서 (작을수록 앞)")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = "카테고리"
        verbose_name_plural = "카테고리"

    def __str__(self) -> str:
        return self.name


class PostKind(models.TextChoices):
    TALK = "talk", "잡담"
    SAVING = "saving", "절약 인증"
    SPENDING = "spending", "지출 고해"
    REQUEST = "request", "사도 될까요?"


#: Kinds whose amount is required and which members judge 승인/사치.
JUDGED_KINDS = (PostKind.SPENDING, PostKind.REQUEST)


def hot_score_expression():
    """log10(1 + 3·likes + 2·comments + views/10) + age term; see README (hot sort)."""
    engagement = (
        1.0 + 3.0 * models.F("like_count") + 2.0 * models.F("comment_count") + models.F("view_count") / 10.0
    )
    return models.ExpressionWrapper(
        Log(10.0, Greatest(engagement, 1.0)) + models.F("hot_epoch"), output_field=models.FloatField()
    )


class Post(AuthoredModel):
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="posts", verbose_name="카테고리"
    )
    kind = models.CharField("글 종류", max_length=10, choices=PostKind.choices, default=PostKind.TALK)
    title = models.CharField("제목", max_length=100)
    body = models.TextField("내용")
    amount = models.PositiveBigIntegerField("금액", null=True, blank=True, help_text="원 (KRW)")
    #: the amount as first posted; the monthly ranking counts this, so a later edit cannot
    #: turn a 50,000원 confession into a 1원 one
    posted_amount = models.PositiveBigIntegerField("게시 당시 금액", null=True, blank=True, editable=False)
    anonymous = models.BooleanField("익명", default=False)

    like_count = models.PositiveIntegerField("좋아요", default=0)
    view_count = models.PositiveIntegerField("조회수", default=0)
    comment_count = models.PositiveIntegerField("댓글 수", default=0)
    comment_count_as_of = models.DateTimeField("댓글 수 기준 시각", null=True, blank=True)
    approve_count = models.PositiveIntegerField("승인", default=0)
    luxury_count = models.PositiveIntegerField("사치", default=0)
    report_count = models.PositiveIntegerField("신고 수", default=0, help_text="검토되지 않은 신고 수")

    #: when a request passed as a 지출품의서 (sticky: a signed approval is not taken back)
    approved_at = models.DateTimeField("통과 시각", null=True, blank=True)
    #: when a request was judged 사치 overall: luxuries led approvals by the approval margin before
    #: it passed (sticky, like approved_at; later approvals may still pass it)
    luxury_at = models.DateTimeField("사치 판정 시각", null=True, blank=True)
    #: the first verdict's time; from then on the amount is frozen (verdicts judged that amount)
    judged_at = models.DateTimeField("첫 판정 시각", null=True, blank=True)
    #: the last time the author or staff changed the title, body or category (shown as 수정됨)
    edited_at = models.DateTimeField("수정 시각", null=True, blank=True)
    #: hidden pending staff review after too many reports
    hidden_at = models.DateTimeField("숨긴 시각", null=True, blank=True)
    #: soft-deleted (kept as "삭제된 게시물입니다" because it had comments)
    deleted_at = models.DateTimeField("삭제 시각", null=True, blank=True)

    created_at = models.DateTimeField("작성 시각", default=timezone.now)
    updated_at = models.DateTimeField("변경 시각", auto_now=True)

    #: creation time in units of HOT_DECAY_SECONDS since HOT_EPOCH; fixed at creation
    hot_epoch = models.FloatField("인기 기준점", default=0.0, editable=False)
    #: maintained by PostgreSQL from the counters, so no write path can forget it
    hot_score = models.GeneratedField(
        expression=hot_score_expression(),
        output_field=models.FloatField(),
        db_persist=True,
        verbose_name="인기 점수",
    )

    #: title and body folded for search (kingdom.search): maintained by PostgreSQL
    search_folded = models.GeneratedField(
        expression=SearchFold("title", "body"),
        output_field=models.TextField(),
        db_persist=True,
        verbose_name="검색용 텍스트",
    )

    class Meta:
        verbose_name = "게시물"
        verbose_name_plural = "게시물"
        # Every public list filters on "listed" (not hidden, not deleted) then sorts; partial
        # indexes keep only listed rows and match each sort with id as the tie-breaker.
        indexes = [
            models.Index(
                fields=["-created_at", "-id"],
                name="board_post_listed_new",
                condition=models.Q(hidden_at__isnull=True, deleted_at__isnull=True),
            ),
            models.Index(
                fields=["-hot_score", "-id"],
                name="board_post_listed_hot",
                condition=models.Q(hidden_at__isnull=True, deleted_at__isnull=True),
            ),
            models.Index(
                fields=["-like_count", "-id"],
                name="board_post_listed_top",
                condition=models.Q(hidden_at__isnull=True, deleted_at__isnull=True),
            ),
            models.Index(
                fields=["-view_count", "-id"],
                name="board_post_listed_views",
                condition=models.Q(hidden_at__isnull=True, deleted_at__isnull=True),
            ),
            models.Index(fields=["category", "-created_at"], name="board_post_category_new"),
            models.Index(fields=["kind", "-created_at"], name="board_post_kind_new"),
            models.Index(fields=["author_id", "-created_at"], name="board_post_author_new"),
            # The monthly ranking reads spending posts by creation time.
            models.Index(
                fields=["created_at", "author_id"],
                name="board_post_spending_month",
                condition=models.Q(kind="spending"),
            ),
            # Korean search: Django's icontains is UPPER(col) LIKE UPPER('%q%'); trigram GIN
            # indexes on exactly those expressions serve it (no stemming, any language).
            # (kept for the admin's search, which is Django's icontains)
            GinIndex(OpClass(Upper("title"), name="gin_trgm_ops"), name="board_post_title_trgm"),
            GinIndex(OpClass(Upper("body"), name="gin_trgm_ops"), name="board_post_body_trgm"),
            # The list's ?q=: every term's unigrams/bigrams, any length (kingdom.search).
            GinIndex(SearchGrams("search_folded"), name="board_post_search_grams"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(kind__in=JUDGED_KINDS) | models.Q(amount__isnull=False),
                name="board_post_judged_kinds_have_amount",
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class PostBookmark(models.Model):
    """스크랩: a member saved this post to find it again on their page."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    user_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = verbose_name_plural = "스크랩"
        constraints = [models.UniqueConstraint(fields=["post", "user_id"], name="board_bookmark_once")]
        indexes = [models.Index(fields=["user_id", "-created_at"], name="board_bookmark_by_user")]

    def __str__(self) -> str:
        return f"bookmark {self.user_id} → #{self.post_id}"


class PostLike(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes", verbose_name="게시물")
    user_id = models.BigIntegerField("회원 id")
    created_at = models.DateTimeField("시각", default=timezone.now)

    class Meta:
        verbose_name = "좋아요"
        verbose_name_plural = "좋아요"
        constraints = [models.UniqueConstraint(fields=["post", "user_id"], name="board_like_once")]

    def __str__(self) -> str:
        return f"like {self.user_id} → #{self.post_id}"


class Verdict(models.TextChoices):
    APPROVE = "approve", "승인"
    LUXURY = "luxury", "사치"


class PostVerdict(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="verdicts", verbose_name="게시물")
    user_id = models.BigIntegerField("회원 id")
    verdict = models.CharField("판정", max_length=10, choices=Verdict.choices)
    created_at = models.DateTimeField("시각", default=timezone.now)
    updated_at = models.DateTimeField("변경 시각", auto_now=True)

    class Meta:
        verbose_name = "판정"
        verbose_name_plural = "판정"
        constraints = [models.UniqueConstraint(fields=["post", "user_id"], name="board_verdict_once")]

    def __str__(self) -> str:
        return f"{self.verdict} {self.user_id} → #{self.post_id}"


class PostReport(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reports", verbose_name="게시물")
    reporter_id = models.BigIntegerField("신고자 id")
    reporter_nickname = models.CharField("신고자", max_length=50)
    reason = models.CharField("사유", max_length=500)
    created_at = models.DateTimeField("신고 시각", default=timezone.now)
    #: set when staff restored the post; reviewed reports no longer count toward hiding it
    reviewed_at = models.DateTimeField("검토 시각", null=True, blank=True)

    class Meta:
        verbose_name = "신고"
        verbose_name_plural = "신고"
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["post", "reporter_id"], name="board_report_once")]

    def __str__(self) -> str:
        return f"report by {self.reporter_nickname} on #{self.post_id}: {self.reason[:40]}"


class PostRevision(models.Model):
    """A post as it was before one edit (staff read the history in admin)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions", verbose_name="게시물")
    editor_id = models.BigIntegerField("수정한 사람 id")
    editor_nickname = models.CharField("수정한 사람", max_length=50)
    category_name = models.CharField("카테고리", max_length=40)
    title = models.CharField("제목", max_length=100)
    body = models.TextField("내용")
    amount = models.PositiveBigIntegerField("금액", null=True, blank=True)
    edited_at = models.DateTimeField("수정 시각", default=timezone.now)

    class Meta:
        verbose_name = "수정 이력"
        verbose_name_plural = "수정 이력"
        ordering = ["-edited_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.post_id} 수정 전 ({self.edited_at:%Y-%m-%d %H:%M})"


class OutboxEvent(kingdom.outbox.OutboxEvent):
    """Events to other services (post deletions for comment_service), stored with the change."""

    class Meta(kingdom.outbox.OutboxEvent.Meta):
        verbose_name = "아웃박스 이벤트"
        verbose_name_plural = "아웃박스 이벤트"


class MonthlyKing(models.Model):
    """A finished month's 거지왕, decided once (``ranking.king`` is published with the row)."""

    month = models.DateField("월", unique=True, help_text="그 달의 1일 (Asia/Seoul)")
    #: None: nobody qualified that month
    user_id = models.BigIntegerField("거지왕 id", null=True, blank=True)
    nickname = models.CharField("닉네임", max_length=50, blank=True)
    decided_at = models.DateTimeField("결정 시각", default=timezone.now)

    class Meta:
        ordering = ["-month"]
        verbose_name = verbose_name_plural = "이달의 거지왕"

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.nickname or '없음'}"
