"""Page-number pagination with the envelope every list answers (docs/contracts.md#pagination)."""

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from rest_framework import pagination

#: Lists count at most this many rows (the 500th page of 20). Counting every row of a list is a
#: scan of all of them: a second at a million posts (EXPLAIN ANALYZE in `make bench`'s scale data
#: set), against 2 ms for the first 10,000 — and nobody pages past the 500th page.
MAX_COUNT = 10_000


class CappedPaginator(Paginator):
    """A paginator whose ``count`` stops at :data:`MAX_COUNT` (``COUNT(*)`` over ``LIMIT``)."""

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return self.object_list[:MAX_COUNT].count()
        return min(len(self.object_list), MAX_COUNT)


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N&page_size=M`` — 20 by default, at most 50; ``count`` is at most 10,000."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 50
    django_paginator_class = CappedPaginator
