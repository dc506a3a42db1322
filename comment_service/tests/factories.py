"""Comments straight in the database, for tests that are not about creating them."""

from __future__ import annotations

import itertools

from comment_service.comments.models import Comment, Thread

_authors = itertools.count(5001)


def make_comment(
    target_id: int = 1,
    body: str = "댓글",
    *,
    target_type: str = "post",
    parent: Comment | None = None,
    author_id: int | None = None,
    nickname: str | None = None,
    **fields,
) -> Comment:
    thread, _ = Thread.objects.get_or_create(target_type=target_type, target_id=target_id)
    author_id = author_id if author_id is not None else next(_authors)
    return Comment.objects.create(
        thread=thread,
        target_type=target_type,
        target_id=target_id,
        parent=parent,
        author_id=author_id,
        author_nickname=nickname or f"user{author_id}",
        author_role="member",
        body=body,
        **fields,
    )
