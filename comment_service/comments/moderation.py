"""Writes by moderators (the admin's actions): hide, restore and delete comments.

Each goes through the same thread lock and count publication as an author's own write, so
threads keep their shape and board/sharing hear the new counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import NotFound

from comment_service.comments.models import Comment, Thread
from comment_service.comments.services import comment_delete, publish_count
from kingdom.tokens import TokenUser


def comments_set_hidden(*, comment_ids: Iterable[int], hidden: bool) -> int:
    """Hide or restore comments (staff); returns how many changed."""
    comment_ids = list(comment_ids)
    changed = 0
    for thread_id in _thread_ids_of(comment_ids):
        with transaction.atomic():
            thread = Thread.objects.select_for_update().get(pk=thread_id)
            changed += Comment.objects.filter(
                thread=thread, pk__in=comment_ids, is_deleted=False, is_hidden=not hidden
            ).update(is_hidden=hidden, updated_at=timezone.now())
            publish_count(thread)
    return changed


def comments_delete_as_staff(*, staff: TokenUser, comment_ids: Iterable[int]) -> int:
    """Delete comments as a moderator, with the same placeholder rule as an author's delete."""
    deleted = 0
    for comment_id in comment_ids:
        try:
            comment_delete(user=staff, comment_id=comment_id)
        except NotFound:
            continue  # already gone, e.g. a placeholder removed with its last reply
        deleted += 1
    return deleted


def _thread_ids_of(comment_ids: list[int]) -> list[int]:
    return sorted(set(Comment.objects.filter(pk__in=comment_ids).values_list("thread_id", flat=True)))
