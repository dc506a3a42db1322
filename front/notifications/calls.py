"""notification_service's paths as the front calls them (docs/contracts.md, the notifications rows)."""

from __future__ import annotations

from front.api import Api

PREFIX = "/api/notifications"
INBOX = f"{PREFIX}/inbox"
UNREAD_COUNT = f"{PREFIX}/inbox/unread-count"
READ_ALL = f"{PREFIX}/inbox/read-all"
PREFERENCES = f"{PREFIX}/preferences"
ALERTS = f"{PREFIX}/alerts"
WATCHES = f"{PREFIX}/watches"
UNSUBSCRIBE = f"{PREFIX}/unsubscribe"


def read_path(notification_id: int) -> str:
    return f"{INBOX}/{notification_id}/read"


def alert_path(alert_id: int) -> str:
    return f"{ALERTS}/{alert_id}"


def watch_path(watch_id: int) -> str:
    return f"{WATCHES}/{watch_id}"


def product_watches(api: Api, product_id: int) -> list[dict]:
    """The viewer's price watches on one product (a member's; at most a few)."""
    answer = api.get("notifications", WATCHES, {"product": product_id, "page_size": 50})
    return answer.get("results", []) if isinstance(answer, dict) else answer or []
