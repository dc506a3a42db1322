"""The list's search and sorts can use their indexes (checked with EXPLAIN, sequential scans off)."""

import pytest
from django.db import connection

from board_service.posts.models import Post
from board_service.posts.selectors import PostFilters, post_list
from board_service.tests.factories import make_post
from kingdom.tokens import AnonymousCaller

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        # With a handful of rows a sequential scan is cheapest; forbid it to see what indexes serve.
        cursor.execute("SET LOCAL enable_seqscan = off")
    return queryset.explain()


@pytest.mark.parametrize("field", ["title", "body"])
def test_korean_search_predicate_is_served_by_a_trigram_index(member, field):
    # Django writes icontains as UPPER(col) LIKE UPPER('%q%'); the GIN index must be on exactly
    # that expression or PostgreSQL can never use it.
    make_post(member, title="배달음식 끊기", body="배달음식 대신 도시락")

    explained = plan(Post.objects.filter(**{f"{field}__icontains": "배달음식"}))

    assert f"board_post_{field}_trgm" in explained


@pytest.mark.parametrize(
    ("sort", "index"),
    [
        ("new", "board_post_listed_new"),
        ("hot", "board_post_listed_hot"),
        ("top", "board_post_listed_top"),
        ("views", "board_post_listed_views"),
    ],
)
def test_each_sort_reads_its_index_in_order(member, sort, index):
    make_post(member)

    explained = plan(post_list(user=AnonymousCaller(), filters=PostFilters(sort=sort))[:20])

    assert index in explained
