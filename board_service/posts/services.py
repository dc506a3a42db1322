"""Writes on the board. Each service owns its transaction: it looks the post up, locked and
permitted, through ``access.py`` inside it, so callers (apis, admin) pass ids, never open one.

Events for other services go through the outbox in that same transaction (delivered after commit).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError

from board_service.posts import events
from board_service.posts.access import (
    access_post_for_moderation,
    access_post_for_reaction,
    access_post_for_update,
)
from board_service.posts.models import (
    HOT_DECAY_SECONDS,
    HOT_EPOCH,
    JUDGED_KINDS,
    Category,
    OutboxEvent,
    Post,
    PostBookmark,
    PostKind,
    PostLike,
    PostReport,
    PostRevision,
    PostVerdict,
    Verdict,
)
from kingdom import outbox
from kingdom.authors import author_columns
from kingdom.problems import Conflict

DELETED_TITLE = "삭제된 게시물입니다"


def _check_amount(kind: str, amount: int | None) -> None:
    if kind in JUDGED_KINDS and amount is None:
        raise ValidationError({"amount": ["지출 고해와 '사도 될까요?' 글에는 금액(원)이 필요합니다."]})


@transaction.atomic
def post_create(
    *,
    author,
    category: Category,
    kind: str,
    title: str,
    body: str,
    amount: int | None = None,
    anonymous: bool = False,
) -> Post:
    """A new post by a member or guest. Guests are already pseudonymous, so they cannot hide further."""
    _check_amount(kind, amount)
    if anonymous and author.is_guest:
        raise ValidationError(
            {"anonymous": ["익명 글은 회원만 쓸 수 있습니다. 비회원은 닉네임으로 표시됩니다."]}
        )
    now = timezone.now()
    return Post.objects.create(
        category=category,
        kind=kind,
        title=title,
        body=body,
        amount=amount,
        posted_amount=amount,
        anonymous=anonymous,
        **author_columns(author),
        created_at=now,
        hot_epoch=(now - HOT_EPOCH).total_seconds() / HOT_DECAY_SECONDS,
    )


AMOUNT_FROZEN = (
    "판정을 받은 글은 금액을 바꿀 수 없습니다. 판정은 처음 올린 금액에 대한 것이에요. 내용은 고칠 수 있어요."
)
TEXT_FIELDS = ("category", "title", "body")


@transaction.atomic
def post_update(*, editor, post_id: int, changes: dict[str, Any]) -> Post:
    """Change a post's category, title, body or amount (kind and anonymity stay as posted), as
    its author or staff.

    Once a post has been judged its amount is frozen: the verdicts were given on that amount
    (409 otherwise). The version before the edit is kept as a :class:`PostRevision` for staff.
    """
    return _update(access_post_for_update(editor, post_id), editor, changes)


@transaction.atomic
def post_update_in_admin(*, editor, post_id: int, changes: dict[str, Any]) -> Post:
    """A staff edit in admin: like :func:`post_update` (recorded, 수정됨, amount frozen once
    judged), on any post staff can open there, tombstones included."""
    return _update(access_post_for_moderation(post_id), editor, changes)


def _update(post: Post, editor, changes: dict[str, Any]) -> Post:
    changed = [f for f in (*TEXT_FIELDS, "amount") if f in changes and changes[f] != getattr(post, f)]
    if not changed:
        return post
    if "amount" in changed and post.judged_at is not None:
        raise Conflict(AMOUNT_FROZEN, slug="amount-frozen")
    PostRevision.objects.create(
        post=post,
        editor_id=editor.id,
        editor_nickname=editor.nickname,
        category_name=post.category.name,
        title=post.title,
        body=post.body,
        amount=post.amount,
    )
    for field in changed:
        setattr(post, field, changes[field])
    _check_amount(post.kind, post.amount)
    post.edited_at = timezone.now()
    post.save(update_fields=[*changed, "edited_at", "updated_at"])
    return post


@transaction.atomic
def post_delete(*, user, post_id: int) -> bool:
    """Delete a post as its author or staff; one with comments, or a spending confession, stays
    as a tombstone.

    Either way comment_service hears of it through the outbox, so the post's comments go too
    even if that service is down now. Returns True when the row was kept (soft delete).
    """
    return _delete(access_post_for_update(user, post_id))


@transaction.atomic
def post_delete_in_admin(*, post_id: int) -> bool:
    """Staff delete in admin: a post like :func:`post_delete`; a tombstone is erased for good
    (its deletion was published when it became one)."""
    post = access_post_for_moderation(post_id)
    if post.deleted_at is not None:
        post.delete()
        return False
    return _delete(post)


def _delete(post: Post) -> bool:
    post_id = post.pk
    # A spending confession stays too: the monthly ranking keeps counting it, so deleting an
    # expensive confession cannot lift its author up the ranking.
    soft = post.comment_count > 0 or post.kind == PostKind.SPENDING
    if soft:
        post.deleted_at = timezone.now()
        post.save(update_fields=["deleted_at", "updated_at"])
    else:
        post.delete()
    outbox.publish(OutboxEvent, outbox.TARGET_DELETED, {"target_type": "post", "target_id": post_id})
    return soft


def post_record_view(*, post: Post, viewer: str) -> bool:
    """Count one view per viewer per window; a refresh within the window adds nothing.

    The window lives in the shared cache (Valkey; the database cache without one) so that every
    worker and pod agrees.
    """
    if not _view_window_opened(post.pk, viewer):
        return False
    Post.objects.filter(pk=post.pk).update(view_count=F("view_count") + 1)
    post.view_count += 1
    return True


def post_record_cached_views(*, views: list[tuple[int, str]]) -> int:
    """Views of pages the front served from its page cache, each counted as ``post_record_view``
    counts: once per viewer (``ip:<address>``) per window. Returns how many were counted.

    The front sends them in batches (``front.board.view_counts``), so a popular cached page costs
    board one call every few seconds and not one per visit. Windows are asked first and posts are
    never loaded: a batch is one cache round trip per view, then at most one ``SELECT`` of ids and
    one ``UPDATE`` for all of its posts. A view of a post that is hidden, deleted or unknown
    counts nothing, and its window is closed again, so that the viewer counts once it is shown.
    """
    opened: dict[int, list[str]] = {}
    for post_id, viewer in views:
        if _view_window_opened(post_id, viewer):
            opened.setdefault(post_id, []).append(viewer)
    if not opened:
        return 0
    countable = set(
        Post.objects.filter(pk__in=opened, hidden_at__isnull=True, deleted_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    closed = [
        _view_key(post_id, viewer) for post_id in opened.keys() - countable for viewer in opened[post_id]
    ]
    if closed:
        cache.delete_many(closed)
    if not countable:
        return 0
    added = Case(*(When(pk=pk, then=Value(len(opened[pk]))) for pk in countable), default=Value(0))
    Post.objects.filter(pk__in=countable).update(view_count=F("view_count") + added)
    return sum(len(opened[pk]) for pk in countable)


def _view_key(post_id: int, viewer: str) -> str:
    return f"board:view:{post_id}:{viewer}"


def _view_window_opened(post_id: int, viewer: str) -> bool:
    """True for the viewer's first view of the post within BOARD_VIEW_WINDOW_SECONDS."""
    return cache.add(_view_key(post_id, viewer), 1, timeout=settings.BOARD_VIEW_WINDOW_SECONDS)


# --- likes -----------------------------------------------------------------------------------


@transaction.atomic
def post_like(*, user, post_id: int) -> Post:
    """Like once; liking again changes nothing (idempotent). Not one's own post."""
    post = access_post_for_reaction(user, post_id)
    _, created = PostLike.objects.get_or_create(post=post, user_id=user.id)
    if created:
        post.like_count += 1
        post.save(update_fields=["like_count"])
    return post


@transaction.atomic
def post_bookmark(*, user, post_id: int) -> None:
    """Save a post, one's own too (idempotent: saving twice keeps the first time)."""
    post = access_post_for_reaction(user, post_id, own_allowed=True)
    PostBookmark.objects.get_or_create(post=post, user_id=user.id)


def post_unbookmark(*, user, post_id: int) -> None:
    """Forget a saved post; one never saved, or gone, changes nothing."""
    PostBookmark.objects.filter(post_id=post_id, user_id=user.id).delete()


@transaction.atomic
def post_unlike(*, user, post_id: int) -> Post:
    post = access_post_for_reaction(user, post_id)
    deleted, _ = PostLike.objects.filter(post=post, user_id=user.id).delete()
    if deleted:
        post.like_count -= 1
        post.save(update_fields=["like_count"])
    return post


# --- verdicts (승인 / 사치) ----------------------------------------------------------------------


def _require_judged(post: Post) -> None:
    if post.kind not in JUDGED_KINDS:
        raise ValidationError(
            {"verdict": ["승인/사치 판정은 지출 고해와 '사도 될까요?' 글에만 할 수 있습니다."]}
        )


def _count_verdict(post: Post, verdict: str | None, delta: int) -> None:
    if verdict == Verdict.APPROVE:
        post.approve_count += delta
    elif verdict == Verdict.LUXURY:
        post.luxury_count += delta


def _save_tally(post: Post) -> None:
    # A request passes as a 지출품의서 once approvals lead by the margin; like a signed form,
    # later verdicts do not take the approval back. Luxuries leading by the same margin first
    # judge it 사치 overall (sticky too; it may still pass later). Each outcome is told once.
    outcome = None
    lead = post.approve_count - post.luxury_count
    if post.kind == "request" and post.approved_at is None:
        if lead >= settings.BOARD_APPROVAL_MARGIN:
            post.approved_at = timezone.now()
            outcome = events.APPROVED
        elif post.luxury_at is None and -lead >= settings.BOARD_APPROVAL_MARGIN:
            post.luxury_at = timezone.now()
            outcome = events.LUXURY
    if post.judged_at is None and post.approve_count + post.luxury_count > 0:
        post.judged_at = timezone.now()  # sticky: withdrawing verdicts does not unfreeze the amount
    post.save(update_fields=["approve_count", "luxury_count", "approved_at", "luxury_at", "judged_at"])
    if outcome is not None:
        events.publish_post_judged(post, outcome)


@transaction.atomic
def post_judge(*, user, post_id: int, verdict: str) -> Post:
    """Give or change one's verdict on a spending confession or a purchase request."""
    post = access_post_for_reaction(user, post_id)
    _require_judged(post)
    existing = PostVerdict.objects.filter(post=post, user_id=user.id).first()
    if existing is None:
        PostVerdict.objects.create(post=post, user_id=user.id, verdict=verdict)
    elif existing.verdict != verdict:
        _count_verdict(post, existing.verdict, -1)
        existing.verdict = verdict
        existing.save(update_fields=["verdict", "updated_at"])
    else:
        return post
    _count_verdict(post, verdict, +1)
    _save_tally(post)
    return post


@transaction.atomic
def post_unjudge(*, user, post_id: int) -> Post:
    """Withdraw one's verdict (idempotent)."""
    post = access_post_for_reaction(user, post_id)
    existing = PostVerdict.objects.filter(post=post, user_id=user.id).first()
    if existing is not None:
        existing.delete()
        _count_verdict(post, existing.verdict, -1)
        _save_tally(post)
    return post


# --- reports and moderation ------------------------------------------------------------------


@transaction.atomic
def post_report(*, user, post_id: int, reason: str) -> PostReport:
    """Report once per member; enough unreviewed reports hide the post until staff review it."""
    post = access_post_for_reaction(user, post_id, own_allowed=True)
    if PostReport.objects.filter(post=post, reporter_id=user.id).exists():
        raise Conflict("이미 신고한 게시물입니다.", slug="already-reported")
    report = PostReport.objects.create(
        post=post, reporter_id=user.id, reporter_nickname=user.nickname, reason=reason
    )
    post.report_count += 1
    post.save(update_fields=["report_count"])
    if post.report_count >= settings.BOARD_REPORTS_TO_HIDE:
        _hide(post)
    return report


def _publish_visibility(post: Post, *, hidden: bool, as_of: datetime) -> None:
    # comment_service shows a hidden post's comments only to its author and staff, as we do the post.
    outbox.publish(
        OutboxEvent,
        outbox.TARGET_VISIBILITY_CHANGED,
        {"target_type": "post", "target_id": post.pk, "hidden": hidden, "as_of": as_of.isoformat()},
    )


@transaction.atomic
def post_hide(*, post_id: int) -> None:
    """Staff hide a post pending review; its comments are hidden with it."""
    _hide(access_post_for_moderation(post_id))


def _hide(post: Post) -> None:
    """Hide a post pending review (enough reports, or staff); its comments are hidden with it."""
    if post.hidden_at is None:
        post.hidden_at = timezone.now()
        post.save(update_fields=["hidden_at"])
        _publish_visibility(post, hidden=True, as_of=post.hidden_at)


@transaction.atomic
def post_restore(*, post_id: int) -> None:
    """Staff found the post fine: show it again; the reports so far are settled."""
    post = access_post_for_moderation(post_id)
    now = timezone.now()
    post.reports.filter(reviewed_at__isnull=True).update(reviewed_at=now)
    was_hidden = post.hidden_at is not None
    post.hidden_at = None
    post.report_count = 0
    post.save(update_fields=["hidden_at", "report_count"])
    if was_hidden:
        _publish_visibility(post, hidden=False, as_of=now)


# --- from comment_service --------------------------------------------------------------------


def post_set_comment_count(*, post_id: int, count: int, as_of: datetime) -> bool:
    """Store a post's comment count unless a newer count is already stored (events may reorder).

    Returns True when stored; raises NotFound for an unknown post.
    """
    updated = (
        Post.objects.filter(pk=post_id)
        .filter(Q(comment_count_as_of__isnull=True) | Q(comment_count_as_of__lte=as_of))
        .update(comment_count=count, comment_count_as_of=as_of)
    )
    if not updated and not Post.objects.filter(pk=post_id).exists():
        raise NotFound("게시물을 찾을 수 없습니다.")
    return bool(updated)
