"""One access check per post: lookup and permission together (zulip's ``access_*_by_id``).

404 for what the caller may not see (missing, erased, hidden from them); 403 for what they may
see but not change. Helpers that precede a write lock the row.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from rest_framework.exceptions import NotFound, PermissionDenied

from board_service.posts.models import Post

NOT_FOUND = "게시물을 찾을 수 없습니다."


def visible_posts(user) -> QuerySet[Post]:
    """Posts a caller may open: hidden ones only by their author and staff."""
    posts = Post.objects.select_related("category")
    if getattr(user, "is_staff", False):
        return posts
    if getattr(user, "id", None) is not None:
        return posts.filter(Q(hidden_at__isnull=True) | Q(author_id=user.id))
    return posts.filter(hidden_at__isnull=True)


def _locked(user, post_id: int, *, include_deleted: bool) -> Post:
    posts = visible_posts(user).select_for_update(of=("self",))
    if not include_deleted:
        posts = posts.filter(deleted_at__isnull=True)
    try:
        return posts.get(pk=post_id)
    except Post.DoesNotExist as exc:
        raise NotFound(NOT_FOUND) from exc


def is_author(user, post: Post) -> bool:
    return post.is_authored_by(user)


def access_post_for_update(user, post_id: int) -> Post:
    """The post, locked, if ``user`` is its author or staff (edit, delete)."""
    post = _locked(user, post_id, include_deleted=False)
    if not (is_author(user, post) or user.is_staff):
        raise PermissionDenied("작성자만 수정하거나 삭제할 수 있습니다.")
    return post


def access_post_for_reaction(user, post_id: int, *, own_allowed: bool = False) -> Post:
    """The post, locked, for a like, verdict or report; not on one's own post unless allowed."""
    post = _locked(user, post_id, include_deleted=False)
    if post.is_hidden:
        # Staff and the author can still open it, but nobody reacts to a post under review.
        raise NotFound(NOT_FOUND)
    if not own_allowed and is_author(user, post):
        raise PermissionDenied("자신의 게시물에는 할 수 없습니다.")
    return post


def access_post_for_moderation(post_id: int) -> Post:
    """Any post, locked, whatever its state (admin: staff only, hidden and tombstones too)."""
    try:
        return Post.objects.select_related("category").select_for_update(of=("self",)).get(pk=post_id)
    except Post.DoesNotExist as exc:
        raise NotFound(NOT_FOUND) from exc
