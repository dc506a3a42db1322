"""Reads on the board. Lists are one query per page (plus the paginator's count), whatever the size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.conf import settings
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.fields import CharField, DateTimeField
from rest_framework.exceptions import NotFound

from board_service.posts.access import NOT_FOUND, visible_posts
from board_service.posts.models import Category, Post, PostBookmark, PostKind, PostLike, PostVerdict
from kingdom.search import search
from kingdom.timezones import SEOUL

SORTS = {
    "new": ("-created_at", "-id"),
    "hot": ("-hot_score", "-id"),
    "top": ("-like_count", "-id"),
    "views": ("-view_count", "-id"),
}


def category_list() -> QuerySet[Category]:
    return Category.objects.all()


def with_caller_state(posts: QuerySet[Post], user) -> QuerySet[Post]:
    """Annotate ``liked_by_me``, ``my_verdict`` and ``saved_at`` (스크랩) in the same query."""
    if getattr(user, "id", None) is None:
        return posts.annotate(
            liked_by_me=Value(False),
            my_verdict=Value(None, output_field=CharField()),
            saved_at=Value(None, output_field=DateTimeField()),
        )
    return posts.annotate(
        liked_by_me=Exists(PostLike.objects.filter(post=OuterRef("pk"), user_id=user.id)),
        my_verdict=Subquery(
            PostVerdict.objects.filter(post=OuterRef("pk"), user_id=user.id).values("verdict")[:1]
        ),
        saved_at=Subquery(
            PostBookmark.objects.filter(post=OuterRef("pk"), user_id=user.id).values("created_at")[:1],
            output_field=DateTimeField(),
        ),
    )


@dataclass(frozen=True)
class PostFilters:
    category: Category | None = None
    kind: str | None = None
    q: str = ""
    sort: str = ""  # new (the default) | hot | top | views; saved: most recently saved first
    mine: bool = False
    saved: bool = False  # saved=me: the caller's 스크랩


def post_list(*, user, filters: PostFilters) -> QuerySet[Post]:
    """Listed posts (not hidden, not deleted); ``mine`` lists the caller's own, anonymous and hidden too."""
    if filters.mine:
        posts = visible_posts(user).filter(author_id=user.id, deleted_at__isnull=True)
    else:
        posts = Post.objects.select_related("category").filter(
            hidden_at__isnull=True, deleted_at__isnull=True
        )
    if filters.category is not None:
        posts = posts.filter(category=filters.category)
    if filters.kind:
        posts = posts.filter(kind=filters.kind)
    if filters.q:
        # Every word, any order, spacing-insensitive; the n-gram GIN index serves any length.
        posts = search(posts, filters.q)
    posts = with_caller_state(posts, user)
    if filters.saved:
        posts = posts.filter(saved_at__isnull=False)
        if not filters.sort:
            return posts.order_by("-saved_at", "-id")
    return posts.order_by(*SORTS[filters.sort or "new"])


def post_get(*, user, post_id: int) -> Post:
    """One post the caller may open, with their like and verdict; 404 otherwise."""
    try:
        return with_caller_state(visible_posts(user), user).get(pk=post_id)
    except Post.DoesNotExist as exc:
        raise NotFound(NOT_FOUND) from exc


def post_get_commentable(*, post_id: int) -> Post:
    """A post that accepts comments (for comment_service): neither hidden nor deleted; 404 otherwise."""
    try:
        return Post.objects.get(pk=post_id, hidden_at__isnull=True, deleted_at__isnull=True)
    except Post.DoesNotExist as exc:
        raise NotFound(NOT_FOUND) from exc


# --- monthly ranking -------------------------------------------------------------------------


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """Start and end of a calendar month in Asia/Seoul (the board's day boundaries)."""
    start = datetime(month.year, month.month, 1, tzinfo=SEOUL)
    next_month = datetime(month.year + month.month // 12, month.month % 12 + 1, 1, tzinfo=SEOUL)
    return start, next_month


def ranking_rows(*, month: date) -> QuerySet:
    """Per member: the month's total of spending confessions and their number.

    Members with enough confessions to be 거지왕 (``qualifies``) come first, lowest total first,
    so row 1 is the king; the others follow in the same order. Each confession counts with its
    amount as first posted (``posted_amount``), and deleted confessions still count: neither
    an edit nor a delete lowers a total. Only members' named posts count: anonymous
    confessions would reveal their author through the total, guests are throwaway identities,
    and posts hidden by moderation are not public.
    """
    start, end = month_bounds(month)
    # The author as they last named themselves on a public post (nicknames can change).
    latest_named = Post.objects.filter(author_id=OuterRef("author_id"), anonymous=False).order_by(
        "-created_at"
    )
    return (
        Post.objects.filter(
            kind=PostKind.SPENDING,
            created_at__gte=start,
            created_at__lt=end,
            anonymous=False,
            author_role__in=("member", "staff"),
            hidden_at__isnull=True,
        )
        .values("author_id")
        .annotate(
            total_amount=Sum("posted_amount"),
            confession_count=Count("id"),
            qualifies=ExpressionWrapper(
                Q(confession_count__gte=settings.BOARD_KING_MIN_CONFESSIONS), output_field=BooleanField()
            ),
            nickname=Subquery(latest_named.values("author_nickname")[:1]),
            role=Subquery(latest_named.values("author_role")[:1]),
        )
        .order_by("-qualifies", "total_amount", "-confession_count", "author_id")
    )


def ranking_king(rows: QuerySet) -> dict | None:
    """The 거지왕: lowest total among members with enough confessions this month."""
    return rows.filter(confession_count__gte=settings.BOARD_KING_MIN_CONFESSIONS).first()
