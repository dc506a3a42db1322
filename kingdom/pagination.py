"""Page-number pagination with the envelope every list answers (docs/contracts.md#pagination)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from drf_spectacular.utils import OpenApiParameter
from rest_framework import pagination, serializers
from rest_framework.response import Response

from kingdom.search import SEARCH_MAX_COUNT

#: Lists count at most this many rows (the 500th page of 20). Counting every row of a list is a
#: scan of all of them: a second at a million posts (EXPLAIN ANALYZE in `make bench`'s scale data
#: set), against 2 ms for the first 10,000 — and nobody pages past the 500th page.
MAX_COUNT = 10_000


def counted_rows(queryset: QuerySet, cap: int | None = None) -> QuerySet:
    """The rows a list's capped count reads: its first ``cap`` (:data:`MAX_COUNT`), by primary key alone.

    How many rows there are among the first 10,000 does not depend on their order nor on what is
    selected beside them, so the count leaves out the list's ``ORDER BY`` and its annotations (a
    member's ``liked_by_me``/``my_vote`` subqueries). The database then stops at the 10,000th
    matching row in any order it likes instead of reading them in the list's order: the count was
    about a fifth of a list request's time (pg_stat_statements on ``make bench``'s stack). A
    query whose rows are groups, distinct rows or a union keeps its own shape, for there the
    selected columns decide what a row is.
    """
    cap = MAX_COUNT if cap is None else cap
    query = queryset.query
    if (
        query.distinct
        or query.group_by is not None
        or query.combinator
        or query.is_sliced
        or any(getattr(annotation, "contains_aggregate", False) for annotation in query.annotations.values())
    ):
        return queryset[:cap]
    return queryset.order_by().values("pk")[:cap]


class CappedPaginator(Paginator):
    """A paginator whose ``count`` stops at :data:`MAX_COUNT` (``COUNT(*)`` over ``LIMIT``).

    The first page of a query is read with one row more than it shows: when that row is not
    there, the page is the whole list and its length is the count — no ``COUNT`` query. Most
    lists people open are such a first page (a post's thread: three comments on average in
    ``make bench``'s data, where the count with its ``EXISTS`` was a sixth of comment_service's
    CPU under load). A longer list is counted as before.
    """

    def __init__(self, *args, cap: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._cap = cap

    @property
    def cap(self) -> int:
        """The most this list counts: its own cap, else :data:`MAX_COUNT` (read when counting)."""
        return MAX_COUNT if self._cap is None else self._cap

    @cached_property
    def count(self) -> int:
        if isinstance(self.object_list, QuerySet):
            return counted_rows(self.object_list, self.cap).count()
        return min(len(self.object_list), self.cap)

    def page(self, number):
        if not self._is_first_page(number) or not isinstance(self.object_list, QuerySet) or self.orphans:
            return super().page(number)
        rows = list(self.object_list[: self.per_page + 1])
        if len(rows) <= self.per_page:
            self.count = len(rows)  # the cached_property's value, known without asking
        return self._get_page(rows[: self.per_page], 1, self)

    @staticmethod
    def _is_first_page(number) -> bool:
        if isinstance(number, float) and not number.is_integer():
            return False
        try:
            return int(number) == 1
        except (TypeError, ValueError):
            return False


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N&page_size=M`` — 20 by default, at most 50; ``count`` is at most 10,000."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 50
    django_paginator_class = CappedPaginator

    def get_schema_operation_parameters(self, view) -> list[dict]:
        """``page`` and ``page_size`` as they behave (OpenAPI, drf-spectacular)."""
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Page number, from 1; a page past the end (or past the 10,000th row, the "
                    "1,000th of a search) is 404."
                ),
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                # DRF's rule: anything but a positive integer is the default, more than the
                # maximum is the maximum; so any text is accepted.
                "description": (
                    f"Results per page, 1 – {self.max_page_size} (more is {self.max_page_size}); "
                    f"anything but a positive integer means {self.page_size}."
                ),
                "schema": {"type": "string", "example": str(self.page_size)},
            },
        ]


def paginated(
    request,
    view,
    items,
    serialize_page: Callable[[list], list],
    *,
    search: bool = False,
    **extra: Any,
) -> Response:
    """One page of ``items`` in the list envelope; ``serialize_page(page)`` turns it into dicts.

    ``search``: the items are a search's matches, counted up to :data:`SEARCH_MAX_COUNT`.
    ``extra`` adds members before the envelope's (the board's ranking adds ``month`` and ``king``).
    A page is serialized by one ``many=True`` serializer: a serializer per item deep-copies its
    fields each time, which was a fifth of the board's CPU on a list (profiled under load).
    """
    paginator = PageNumberPagination()
    if search:
        paginator.django_paginator_class = partial(CappedPaginator, cap=SEARCH_MAX_COUNT)
    page = paginator.paginate_queryset(items, request, view=view)
    response = paginator.get_paginated_response(serialize_page(page))
    if extra:
        response.data = {**extra, **response.data}
    return response


_PAGE_SERIALIZERS: dict[type, type] = {}


def page_serializer(item_serializer: type[serializers.Serializer]) -> type[serializers.Serializer]:
    """The serializer of one page of ``item_serializer`` objects, for the OpenAPI document:
    ``{"count", "next", "previous", "results": [...]}`` (the component ``Paginated<Item>List``)."""
    if item_serializer not in _PAGE_SERIALIZERS:
        item_name = item_serializer.__name__.removesuffix("Serializer")
        _PAGE_SERIALIZERS[item_serializer] = type(
            f"Paginated{item_name}ListSerializer",
            (serializers.Serializer,),
            {
                "__module__": item_serializer.__module__,
                "__doc__": f"A page of {item_name} (`?page=N&page_size=M`, 20 by default, at most 50).",
                "count": serializers.IntegerField(
                    min_value=0,
                    max_value=MAX_COUNT,
                    help_text=f"how many there are, at most {MAX_COUNT:,} ({SEARCH_MAX_COUNT:,} of a search)",
                ),
                "next": serializers.URLField(allow_null=True, help_text="the next page, if any"),
                "previous": serializers.URLField(allow_null=True, help_text="the previous page, if any"),
                "results": item_serializer(many=True),
            },
        )
    return _PAGE_SERIALIZERS[item_serializer]


#: ``page`` and ``page_size`` for a view that paginates by hand (an ``APIView``, not a generic
#: list view, which drf-spectacular asks the paginator itself): the same description.
PAGE_PARAMETERS = [
    OpenApiParameter(parameter["name"], parameter["schema"], description=parameter["description"])
    for parameter in PageNumberPagination().get_schema_operation_parameters(view=None)
]
