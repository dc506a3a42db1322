"""Answers shaped like the APIs' (the field names of docs/contracts.md), for unit tests."""

from __future__ import annotations

import base64
import json
import time


def author(user_id=1, nickname="짠돌이", role="member") -> dict:
    return {"id": user_id, "nickname": nickname, "role": role}


def post(post_id=1, **fields) -> dict:
    return {
        "id": post_id,
        "created_at": "2026-11-24T10:00:00+00:00",
        "updated_at": "2026-11-24T10:00:00+00:00",
        "author": author(),
        "is_mine": False,
        "category": {"slug": "free", "name": "자유"},
        "kind": "spending",
        "title": f"커피 샀어요 {post_id}",
        "body": "아메리카노 한 잔",
        "amount": 4500,
        "anonymous": False,
        "like_count": 2,
        "view_count": 10,
        "comment_count": 3,
        "verdicts": {"approve": 1, "luxury": 5},
        "approved": False,
        "liked_by_me": False,
        "my_verdict": None,
        "is_deleted": False,
        **fields,
    }


def deal(deal_id=1, **fields) -> dict:
    return {
        "id": deal_id,
        "created_at": "2026-11-24T10:00:00+00:00",
        "author": author(),
        "is_mine": False,
        "title": f"햇반 24개 {deal_id}",
        "product": {"id": 7, "name": "햇반 210g"},
        "price": 19900,
        "original_price": 29900,
        "shipping_fee": 0,
        "effective_price": 19900,
        "discount_percent": 33,
        "store": "쿠팡",
        "url": "https://example.com/a",
        "category": "food",
        "status": "active",
        "score": 12,
        "my_vote": None,
        "is_lowest_ever": True,
        "comment_count": 0,
        **fields,
    }


def comment(comment_id=1, **fields) -> dict:
    return {
        "id": comment_id,
        "target_type": "post",
        "target_id": 1,
        "parent_id": None,
        "author": author(2, "알뜰이"),
        "is_mine": False,
        "anonymous": False,
        "anonymous_label": None,
        "is_target_author": False,
        "body": "사치입니다",
        "replies": [],
        "is_deleted": False,
        "created_at": "2026-11-24T11:00:00+00:00",
        "updated_at": "2026-11-24T11:00:00+00:00",
        **fields,
    }


def jwt(user_id=1, role="member", nickname="짠돌이", expires_in=900) -> str:
    """An unsigned token shaped like auth's (the front only reads ``exp``; the APIs verify)."""

    def b64(data: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    claims = {"sub": str(user_id), "role": role, "nickname": nickname, "exp": int(time.time()) + expires_in}
    return f"{b64({'alg': 'RS256', 'typ': 'JWT'})}.{b64(claims)}.c2ln"


def auth_answer(user_id=1, role="member", nickname="짠돌이", expires_in=900) -> dict:
    return {
        "user": author(user_id, nickname, role),
        "access": jwt(user_id, role, nickname, expires_in),
        "refresh": f"refresh-{user_id}-{time.time_ns()}",
    }
