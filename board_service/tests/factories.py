"""Posts and callers for tests, written through the same service the API uses."""

from __future__ import annotations

from datetime import datetime

from board_service.posts import services
from board_service.posts.models import Category, Post
from kingdom.testing.plugin import Caller
from kingdom.tokens import TokenUser


def as_user(caller: Caller) -> TokenUser:
    return TokenUser(id=caller.id, nickname=caller.nickname, role=caller.role, claims={})


def make_post(
    author: Caller,
    *,
    category: str = "free",
    kind: str = "talk",
    title: str = "오늘도 아꼈다",
    body: str = "편의점 대신 집밥",
    amount: int | None = None,
    anonymous: bool = False,
    created_at: datetime | None = None,
    **counters,
) -> Post:
    if kind in ("spending", "request") and amount is None:
        amount = 5000
    post = services.post_create(
        author=as_user(author),
        category=Category.objects.get(slug=category),
        kind=kind,
        title=title,
        body=body,
        amount=amount,
        anonymous=anonymous,
    )
    fields = dict(counters)
    if created_at is not None:
        fields["created_at"] = created_at
    if fields:
        Post.objects.filter(pk=post.pk).update(**fields)
        post.refresh_from_db()
    return post
