"""One access check per comment: lookup and permission together (as board's ``posts/access.py``).

404 for what the caller may not see (missing, deleted, hidden from them); 403 for what they may
see but not do. Helpers that precede a write lock the rows they hand back.
"""

from __future__ import annotations

from rest_framework.exceptions import NotFound, PermissionDenied

from comment_service.comments import selectors
from comment_service.comments.models import Comment, Thread
from kingdom.tokens import TokenUser

COMMENT_NOT_FOUND = "댓글이 없거나 삭제되었습니다."


def access_comment_for_update(user: TokenUser, comment_id: int) -> Comment:
    """The comment, locked for a write by ``user``: 404 if they may not see it, 403 if not theirs.

    Must run inside a transaction. The thread's row is locked first (every write does so, in
    the same order). Deleted comments are 404 (nothing is left to edit); hidden ones are 404 to
    everyone but staff.
    """
    comment = Comment.objects.filter(pk=comment_id).only("thread_id").first()
    if comment is None:
        raise NotFound(COMMENT_NOT_FOUND)
    Thread.objects.select_for_update().get(pk=comment.thread_id)
    comment = Comment.objects.select_for_update().select_related("thread").filter(pk=comment_id).first()
    if comment is None or comment.is_deleted or (comment.is_hidden and not user.is_staff):
        raise NotFound(COMMENT_NOT_FOUND)
    if comment.author_id != user.id and not user.is_staff:
        raise PermissionDenied("내가 쓴 댓글만 고치거나 지울 수 있습니다.")
    return comment


def access_comment_for_report(user: TokenUser, comment_id: int) -> Comment:
    """The comment as its thread shows it to ``user``, for a report: 404 if they cannot see it
    (or it is a placeholder), 403 if it is their own."""
    comment = selectors.comment_detail(comment_id=comment_id, viewer=user)
    if comment is None or not comment.is_visible:
        raise NotFound(COMMENT_NOT_FOUND)
    if comment.author_id == user.id:
        raise PermissionDenied("내 댓글은 신고할 수 없습니다.")
    return comment


def access_comment_for_view(user: TokenUser, comment_id: int) -> Comment:
    """The comment as its thread shows it to ``user`` (a placeholder included), else 404."""
    comment = selectors.comment_detail(comment_id=comment_id, viewer=user)
    if comment is None:
        raise NotFound(COMMENT_NOT_FOUND)
    return comment
