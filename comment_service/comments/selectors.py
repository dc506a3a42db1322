"""Reads: a target's thread, my comments, visible counts for many targets."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from comment_service.comments.models import Comment, Thread

VISIBLE = Q(is_deleted=False, is_hidden=False)


def _visible_replies() -> QuerySet[Comment]:
    return Comment.objects.filter(VISIBLE).order_by("created_at", "id")


def _open_threads(comments: QuerySet[Comment], viewer) -> QuerySet[Comment]:
    """Leave out threads whose target is hidden pending review, except for staff and its author
    (the owner shows them the target itself); a join, not another query."""
    if viewer.is_staff:
        return comments
    if viewer.id is None:
        return comments.filter(thread__target_hidden=False)
    return comments.filter(Q(thread__target_hidden=False) | Q(thread__target_author_id=viewer.id))


def thread_comment_list(*, target_type: str, target_id: int, viewer) -> QuerySet[Comment]:
    """Top-level comments, oldest first, each with ``visible_replies`` (oldest first).

    A deleted or hidden top-level comment stays (as a placeholder) while it has visible replies.
    Evaluating a page costs two queries whatever its size: the comments, then all their replies.
    """
    has_visible_replies = Exists(_visible_replies().filter(parent=OuterRef("pk")))
    comments = Comment.objects.filter(target_type=target_type, target_id=target_id, parent__isnull=True)
    return (
        _open_threads(comments, viewer)
        .filter(VISIBLE | Q(has_visible_replies))
        .order_by("created_at", "id")
        .prefetch_related(Prefetch("replies", queryset=_visible_replies(), to_attr="visible_replies"))
    )


def comment_detail(*, comment_id: int, viewer) -> Comment | None:
    """One comment as the thread shows it (with ``visible_replies``), or None if the thread would not."""
    has_visible_replies = Exists(_visible_replies().filter(parent=OuterRef("pk")))
    return (
        _open_threads(Comment.objects.filter(VISIBLE | Q(has_visible_replies), pk=comment_id), viewer)
        .prefetch_related(Prefetch("replies", queryset=_visible_replies(), to_attr="visible_replies"))
        .first()
    )


def author_comment_list(*, author_id: int) -> QuerySet[Comment]:
    """Everything the author wrote that is still visible, anonymous comments included, newest first."""
    return Comment.objects.filter(VISIBLE, author_id=author_id).order_by("-created_at", "-id")


def thread_visible_count(thread: Thread) -> int:
    return Comment.objects.filter(VISIBLE, thread=thread).count()


def target_comment_counts(*, target_type: str, target_ids: list[int]) -> dict[int, int]:
    """Visible comments per target, zero for targets without any; one query."""
    rows = (
        Comment.objects.filter(VISIBLE, target_type=target_type, target_id__in=target_ids)
        .values("target_id")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = dict.fromkeys(target_ids, 0)
    counts.update({row["target_id"]: row["count"] for row in rows})
    return counts
