"""Reading a comment thread for a post or a deal page."""

from __future__ import annotations

from front.api import Api

TARGET_TYPES = ("post", "deal")
PAGE_SIZE = 50


def comment_thread(api: Api, target_type: str, target_id: int, page: int = 1) -> dict:
    """Top-level comments with their replies (``results``), paginated like every list."""
    return api.get(
        "comments",
        "/api/comments",
        {"target_type": target_type, "target_id": target_id, "page": page, "page_size": PAGE_SIZE},
    )


def target_url(target_type: str, target_id: int) -> str:
    from django.urls import reverse

    if target_type == "deal":
        return reverse("deals:detail", args=[target_id])
    return reverse("board:detail", args=[target_id])
