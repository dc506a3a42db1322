"""Page numbers for a paginated API answer (``count``/``next``/``previous``/``results``)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import HttpRequest

PAGE_SIZE = 20


def page_number(request: HttpRequest) -> int:
    """The ``page`` the visitor asked for (1 when missing or nonsense)."""
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


@dataclass(frozen=True)
class Pages:
    current: int
    total: int
    query: str  # the other query parameters, ready to prefix ``page=N``

    @property
    def previous(self) -> int | None:
        return self.current - 1 if self.current > 1 else None

    @property
    def next(self) -> int | None:
        return self.current + 1 if self.current < self.total else None

    @property
    def numbers(self) -> list[int]:
        """At most ten numbers around the current page (fits a phone's width)."""
        start = max(1, min(self.current - 4, self.total - 9))
        return list(range(start, min(self.total, start + 9) + 1))


def pages_for(request: HttpRequest, answer: dict | None, page_size: int = PAGE_SIZE) -> Pages:
    count = (answer or {}).get("count", 0) or 0
    others = [(k, v) for k, v in request.GET.items() if k != "page" and v]
    query = urlencode(others) + "&" if others else ""
    return Pages(current=page_number(request), total=max(1, math.ceil(count / page_size)), query=query)
