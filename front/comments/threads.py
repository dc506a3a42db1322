"""Reading a comment thread for a post or a deal page."""

from __future__ import annotations

from front.api import Api

TARGET_TYPES = ("post", "deal")
PAGE_SIZE = 50


def comment_thread(api: Api, target_type: str, target_id: int, page: int = 1) -> dict:
    """Top-level comments with their replies (``results``), paginated like every list.

    ``visible_total`` counts replies too (as the lists' comment counts do) when the whole
    thread is on this page; otherwise it is None and the page shows the target's own count.
    """
    answer = api.get(
        "comments",
        "/api/comments",
        {"target_type": target_type, "target_id": target_id, "page": page, "page_size": PAGE_SIZE},
    )
    if isinstance(answer, dict):
        whole = not answer.get("next") and not answer.get("previous")
        answer["visible_total"] = visible_comments(answer.get("results", [])) if whole else None
    return answer


def visible_comments(comments: list[dict]) -> int:
    """Comments and replies that are not deleted placeholders."""
    return sum(
        (not comment.get("is_deleted")) + visible_comments(comment.get("replies") or [])
        for comment in comments
    )


def target_url(target_type: str, target_id: int) -> str:
    from django.urls import reverse

    if target_type == "deal":
        return reverse("deals:detail", args=[target_id])
    return reverse("board:detail", args=[target_id])
