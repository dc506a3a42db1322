"""Asking the owning service whether a comment target exists (board for posts, sharing for deals)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from rest_framework.exceptions import NotFound

from kingdom.http import UpstreamUnavailable, internal_client
from kingdom.problems import ServiceUnavailable
from kingdom.targets import TARGET_OWNERS

logger = logging.getLogger(__name__)


AUTH_LABEL = "인증"


def _unavailable(service_label: str) -> ServiceUnavailable:
    return ServiceUnavailable(
        f"{service_label} 서비스가 응답하지 않아 댓글을 등록할 수 없습니다. 잠시 후 다시 시도해 주세요."
    )


@dataclass(frozen=True)
class Target:
    type: str
    id: int
    author_id: int | None
    anonymous: bool
    #: the post's or deal's title, for notifications ("…에 댓글이 달렸어요")
    title: str = ""


def target_fetch(target_type: str, target_id: int) -> Target:
    """The live target, or NotFound when it is missing or deleted, or 503 when its owner is down.

    The owner is asked with a bounded timeout and one retry (kingdom.http does both for GET).
    """
    owner = TARGET_OWNERS[target_type]
    unavailable = _unavailable(owner.service_label)
    client = internal_client(owner.url_setting)
    try:
        response = client.get(owner.lookup_path.format(id=target_id))
    except UpstreamUnavailable as exc:
        logger.warning("target lookup failed", extra={"target_type": target_type, "error": str(exc)})
        # The service token comes from auth before the owner is asked: when auth is the one
        # that failed, naming the board would send people (and operators) to the wrong place.
        if exc.service != client.base_url:
            raise _unavailable(AUTH_LABEL) from exc
        raise unavailable from exc
    if response.status_code == 404:
        raise NotFound(f"댓글을 달 {owner.target_label}이(가) 없거나 삭제되었습니다.")
    if response.status_code != 200:
        # 401/403 here means our service token is refused even fresh (kingdom.http already
        # retried a 401 with a new one): a dependency or configuration problem, not the user's.
        logger.error(
            "target lookup refused",
            extra={"target_type": target_type, "status": response.status_code, "body": response.text[:200]},
        )
        raise unavailable
    try:
        body = response.json()
        if body.get("is_deleted"):
            raise NotFound(f"댓글을 달 {owner.target_label}이(가) 없거나 삭제되었습니다.")
        author_id = body.get("author_id")
        return Target(
            type=target_type,
            id=target_id,
            author_id=int(author_id) if author_id is not None else None,
            anonymous=bool(body.get("anonymous", False)),
            title=str(body.get("title") or ""),
        )
    except (ValueError, TypeError, AttributeError) as exc:
        logger.error("target lookup answered garbage", extra={"target_type": target_type})
        raise unavailable from exc
