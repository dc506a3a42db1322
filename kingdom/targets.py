"""The things people comment on, and which service owns each (docs/contracts.md#events).

comment_service asks the owner whether a target exists (``lookup_path``) and tells it the
target's comment count through the outbox (``comment_count_path``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TargetOwner:
    #: the setting with the owning service's base URL
    url_setting: str
    #: its internal endpoint for one target (``{id}``)
    lookup_path: str
    #: for messages: the service and the target as people call them
    service_label: str
    target_label: str

    @property
    def comment_count_path(self) -> str:
        return f"{self.lookup_path}/comment-count"


TARGET_OWNERS = {
    "post": TargetOwner("BOARD_SERVICE_URL", "/api/board/internal/posts/{id}", "게시판", "게시글"),
    "deal": TargetOwner("SHARING_SERVICE_URL", "/api/sharing/internal/deals/{id}", "최저가 공유", "딜"),
}
