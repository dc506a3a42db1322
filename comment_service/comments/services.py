"""Writes: creating, editing, deleting comments, and following a target's deletion or hiding.

Every write locks the target's :class:`Thread` row first (then, if needed, the comment), so per
target the writes run one after another: anonymous numbers cannot collide, the comment count
published in the same transaction is exact, and no two writers ever wait on each other's locks
in opposite orders.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import NotFound, ValidationError

from comment_service.comments.access import access_comment_for_update
from comment_service.comments.models import AnonymousAlias, Comment, OutboxEvent, Thread
from comment_service.comments.selectors import thread_visible_count
from comment_service.comments.targets import Target, target_fetch
from kingdom.authors import author_columns
from kingdom.outbox import COMMENT_COUNT_CHANGED, notifications_enabled, publish, publish_notification
from kingdom.tokens import TokenUser

# --- create ----------------------------------------------------------------------------------


def comment_create(
    *,
    user: TokenUser,
    target_type: str,
    target_id: int,
    body: str,
    parent_id: int | None = None,
    anonymous: bool = False,
) -> Comment:
    """Comment on a post or deal that its owning service says exists (404 if not, 503 if it is down)."""
    # Asked before the transaction: no lock is held while another service is on the line.
    target = target_fetch(target_type, target_id)
    with transaction.atomic():
        thread = _thread_lock(target)
        parent = _reply_parent(thread, parent_id)
        anonymous_number = _anonymous_number(thread, user.id) if anonymous else None
        comment = Comment.objects.create(
            thread=thread,
            target_type=thread.target_type,
            target_id=thread.target_id,
            parent=parent,
            **author_columns(user),
            anonymous=anonymous,
            anonymous_number=anonymous_number,
            # Flag the target's author only where it reveals nothing: a named comment on a named
            # target, or 글쓴이 on an anonymous one.
            is_target_author=user.id == thread.target_author_id and anonymous == thread.target_anonymous,
            body=body,
        )
        publish_count(thread)
        _publish_created(comment, target, replied_to_id=parent_id)
    return comment


def _thread_lock(target: Target) -> Thread:
    snapshot = {"target_author_id": target.author_id, "target_anonymous": target.anonymous}
    thread, created = Thread.objects.select_for_update().get_or_create(
        target_type=target.type, target_id=target.id, defaults=snapshot
    )
    if thread.target_deleted_at is not None:
        # The target was deleted after the owner answered: its event got here first.
        raise NotFound("댓글을 달 대상이 삭제되었습니다.")
    if not created and thread.target_author_id is None:
        # A hide/restore event created the thread before its first comment: take the snapshot now.
        Thread.objects.filter(pk=thread.pk).update(**snapshot)
        thread.target_author_id, thread.target_anonymous = target.author_id, target.anonymous
    return thread


def _reply_parent(thread: Thread, parent_id: int | None) -> Comment | None:
    """The top-level comment a reply belongs to; a reply to a reply joins its top-level comment."""
    if parent_id is None:
        return None
    parent = Comment.objects.select_related("parent").filter(pk=parent_id, thread=thread).first()
    if parent is None:
        raise ValidationError({"parent_id": ["같은 글에 달린 댓글에만 답글을 달 수 있습니다."]})
    if not parent.is_visible:
        raise ValidationError({"parent_id": ["삭제된 댓글에는 답글을 달 수 없습니다."]})
    return parent.parent or parent


def _anonymous_number(thread: Thread, author_id: int) -> int | None:
    """N of 익명N for this author in this thread (None: the anonymous target author, 글쓴이).

    The caller holds the thread's row lock; the unique constraints on AnonymousAlias back it up.
    """
    if thread.target_anonymous and author_id == thread.target_author_id:
        return None
    alias = AnonymousAlias.objects.filter(thread=thread, author_id=author_id).first()
    if alias is not None:
        return alias.number
    thread.last_anonymous_number += 1
    thread.save(update_fields=["last_anonymous_number"])
    AnonymousAlias.objects.create(thread=thread, author_id=author_id, number=thread.last_anonymous_number)
    return thread.last_anonymous_number


# --- edit and delete -------------------------------------------------------------------------


def comment_update(*, user: TokenUser, comment_id: int, body: str) -> Comment:
    with transaction.atomic():
        comment = access_comment_for_update(user, comment_id)
        comment.body = body
        comment.save(update_fields=["body", "updated_at"])
    return comment


def comment_delete(*, user: TokenUser, comment_id: int) -> None:
    """Delete a comment; one with replies stays as a blank placeholder so the thread keeps its shape."""
    with transaction.atomic():
        comment = access_comment_for_update(user, comment_id)
        _remove(comment)
        publish_count(comment.thread)


def _remove(comment: Comment) -> None:
    if comment.parent_id is None:
        if comment.replies.exists():
            comment.is_deleted = True
            comment.body = ""
            comment.save(update_fields=["is_deleted", "body", "updated_at"])
        else:
            comment.delete()
        return
    parent_id = comment.parent_id
    comment.delete()
    # A placeholder whose last reply just went has nothing left to hold together.
    Comment.objects.filter(pk=parent_id, is_deleted=True, replies__isnull=True).delete()


# --- a target was deleted by its owner -------------------------------------------------------


def target_comments_delete(*, target_type: str, target_id: int) -> int:
    """Remove a deleted target's comments for good; idempotent. Returns how many rows went.

    The thread row stays as a tombstone so a comment racing with the deletion cannot slip in.
    """
    with transaction.atomic():
        thread, _ = Thread.objects.select_for_update().get_or_create(
            target_type=target_type, target_id=target_id, defaults={"target_deleted_at": timezone.now()}
        )
        if thread.target_deleted_at is None:
            thread.target_deleted_at = timezone.now()
            thread.save(update_fields=["target_deleted_at"])
        removed, _ = Comment.objects.filter(thread=thread).delete()
        AnonymousAlias.objects.filter(thread=thread).delete()
    return removed


def target_visibility_set(*, target_type: str, target_id: int, hidden: bool, as_of: datetime) -> bool:
    """Follow the owner hiding (pending review) or restoring a target; idempotent.

    Returns False when a newer change is already stored (events can arrive out of order after
    a failed delivery is retried).
    """
    with transaction.atomic():
        thread, _ = Thread.objects.select_for_update().get_or_create(
            target_type=target_type, target_id=target_id
        )
        if thread.target_visibility_as_of is not None and thread.target_visibility_as_of > as_of:
            return False
        thread.target_hidden = hidden
        thread.target_visibility_as_of = as_of
        thread.save(update_fields=["target_hidden", "target_visibility_as_of"])
    return True


# --- events ----------------------------------------------------------------------------------

EXCERPT_LENGTH = 80


def comment_created_payload(comment: Comment, target: Target, *, parent_author_id: int | None) -> dict:
    """``comment.created`` for notification_service: who to tell (the target's author, the author of
    the comment replied to) and what to show, the commenter by nickname unless anonymous (an
    anonymous one's nickname never leaves this service); the authors' ids travel only between
    services."""
    return {
        "comment_id": comment.pk,
        "target_type": comment.target_type,
        "target_id": comment.target_id,
        "target_title": target.title,
        "author_id": comment.author_id,
        "author_nickname": "" if comment.anonymous else comment.author_nickname,
        "anonymous": comment.anonymous,
        "excerpt": comment.body[:EXCERPT_LENGTH],
        "target_author_id": target.author_id,
        "parent_author_id": parent_author_id,
    }


def _publish_created(comment: Comment, target: Target, *, replied_to_id: int | None) -> None:
    if not notifications_enabled():
        return
    # The comment replied to (a reply to a reply is stored under its top-level comment, but the
    # one who wrote the reply it answers is the one to tell).
    parent_author_id = None
    if replied_to_id is not None:
        answered = Comment.objects.filter(pk=replied_to_id)
        parent_author_id = answered.values_list("author_id", flat=True).first()
    payload = comment_created_payload(comment, target, parent_author_id=parent_author_id)
    publish_notification(OutboxEvent, "comment.created", payload)


def publish_count(thread: Thread) -> None:
    """Tell the target's owner its visible comment count (caller holds the thread lock)."""
    publish(
        OutboxEvent,
        COMMENT_COUNT_CHANGED,
        {
            "target_type": thread.target_type,
            "target_id": thread.target_id,
            "count": thread_visible_count(thread),
            "as_of": timezone.now().isoformat(),
        },
    )
