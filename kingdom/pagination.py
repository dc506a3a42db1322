"""Page-number pagination with the envelope DESIGN.md fixes: count, next, previous, results."""

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """``?page=N&page_size=M`` — 20 by default, at most 50."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 50
