"""Comments on board posts and sharing deals, one reply level deep.

Targets live in other services; a :class:`Thread` row per target keeps what this service needs
to know about it (who wrote it, whether anonymously, whether it is gone) and is the row every
write locks, so anonymous numbers and published comment counts never race.
"""

from django.db import models
from django.utils import timezone

import kingdom.outbox
from kingdom.authors import AuthoredModel


class TargetType(models.TextChoices):
    POST = "post", "게시글"
    DEAL = "deal", "최저가 공유"


class Thread(models.Model):
    """The comment thread of one post or deal, created with its first comment."""

    target_type = models.CharField("대상 종류", max_length=8, choices=TargetType.choices)
    target_id = models.BigIntegerField("대상 id")
    # Snapshot of the target at its first comment: decides 글쓴이 and is_target_author.
    target_author_id = models.BigIntegerField("대상 작성자 id", null=True, blank=True)
    target_anonymous = models.BooleanField("대상 익명 여부", default=False)
    # Highest 익명N handed out; numbers are never reused, even after comments are deleted.
    last_anonymous_number = models.PositiveIntegerField("마지막 익명 번호", default=0)
    # Set when the owning service says the target was deleted: its comments are gone and no
    # comment may be added afterwards, even by a request that checked the target just before.
    target_deleted_at = models.DateTimeField("대상 삭제 시각", null=True, blank=True)
    # The owner hid the target pending review (too many reports): its comments are shown only
    # to staff and the target's author, as the target itself is. As of the owner's clock, so
    # an older hide/restore arriving late changes nothing.
    target_hidden = models.BooleanField("대상 숨김", default=False)
    target_visibility_as_of = models.DateTimeField("대상 공개 상태 기준 시각", null=True, blank=True)
    created_at = models.DateTimeField("생성 시각", default=timezone.now)

    class Meta:
        verbose_name = "댓글 스레드"
        verbose_name_plural = "댓글 스레드"
        constraints = [
            models.UniqueConstraint(
                fields=["target_type", "target_id"], name="comments_thread_unique_target"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_type} #{self.target_id}"


class AnonymousAlias(models.Model):
    """익명N of one author in one thread: the same author keeps the same number."""

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="aliases", verbose_name="스레드"
    )
    author_id = models.BigIntegerField("작성자 id")
    number = models.PositiveIntegerField("번호")

    class Meta:
        verbose_name = "익명 번호"
        verbose_name_plural = "익명 번호"
        constraints = [
            models.UniqueConstraint(fields=["thread", "author_id"], name="comments_alias_one_per_author"),
            models.UniqueConstraint(fields=["thread", "number"], name="comments_alias_unique_number"),
        ]

    def __str__(self) -> str:
        return f"익명{self.number} in {self.thread}"


class Comment(AuthoredModel):
    MAX_BODY_LENGTH = 2000

    thread = models.ForeignKey(
        Thread, on_delete=models.CASCADE, related_name="comments", verbose_name="스레드"
    )
    # Denormalised from the thread so lists and counts filter one table.
    target_type = models.CharField("대상 종류", max_length=8, choices=TargetType.choices)
    target_id = models.BigIntegerField("대상 id")
    # Always a top-level comment: a reply to a reply is attached to the same top-level comment.
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name="부모 댓글",
    )
    anonymous = models.BooleanField("익명", default=False)
    # 익명N for anonymous comments; None for named ones and for the anonymous target author (글쓴이).
    anonymous_number = models.PositiveIntegerField("익명 번호", null=True, blank=True)
    is_target_author = models.BooleanField("글쓴이", default=False)
    body = models.TextField("내용", max_length=MAX_BODY_LENGTH, blank=True)
    # A deleted comment that still has replies stays as a blanked placeholder.
    is_deleted = models.BooleanField("삭제됨", default=False)
    # Hidden by a moderator; shown like a deleted comment, restorable.
    is_hidden = models.BooleanField("숨김", default=False)
    created_at = models.DateTimeField("작성 시각", default=timezone.now)
    updated_at = models.DateTimeField("변경 시각", auto_now=True)

    class Meta:
        verbose_name = "댓글"
        verbose_name_plural = "댓글"
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["target_type", "target_id", "parent", "created_at"], name="comments_thread_order"
            ),
            models.Index(fields=["author_id", "-created_at"], name="comments_by_author"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} on {self.target_type} #{self.target_id}"

    @property
    def is_visible(self) -> bool:
        return not (self.is_deleted or self.is_hidden)

    @property
    def anonymous_label(self) -> str | None:
        if not self.anonymous:
            return None
        return f"익명{self.anonymous_number}" if self.anonymous_number else "글쓴이"


class CommentReport(models.Model):
    """A member's report of a comment (once each); staff read them in admin and hide or restore."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name="댓글"
    )
    reporter_id = models.BigIntegerField("신고자 id")
    reporter_nickname = models.CharField("신고자", max_length=50)
    reason = models.CharField("사유", max_length=500)
    created_at = models.DateTimeField("신고 시각", default=timezone.now)

    class Meta:
        verbose_name = "댓글 신고"
        verbose_name_plural = "댓글 신고"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["comment", "reporter_id"], name="comments_report_once"),
        ]

    def __str__(self) -> str:
        return f"{self.reporter_nickname} → #{self.comment_id}: {self.reason[:40]}"


class OutboxEvent(kingdom.outbox.OutboxEvent):
    """Comment counts on their way to board_service and sharing_service."""

    class Meta(kingdom.outbox.OutboxEvent.Meta):
        verbose_name = "아웃박스 이벤트"
        verbose_name_plural = "아웃박스 이벤트"
