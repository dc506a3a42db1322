"""What a list answer costs in SQL, for the constant-query tests of every API."""

from __future__ import annotations


def list_queries(reads: int, *, rows: int, page_size: int) -> int:
    """Queries of a list's first page: its ``reads`` (the page, read with one row more, and what it
    prefetches or looks up) and a ``COUNT`` only when there are more ``rows`` than the page shows
    (kingdom.pagination.CappedPaginator)."""
    return reads + (rows > page_size)


#: A search's first request in a process (and in every test) also reads its gram index's
#: statistics, to choose how to find the words (kingdom.search.gram_shares).
SEARCH_STATISTICS = 1
