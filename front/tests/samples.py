"""Answers shaped like the APIs' (the field names of docs/contracts.md), for unit tests."""

from __future__ import annotations

import base64
import json
import time

from front.tests.fakes import page


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
        "amount_frozen": False,
        "edited_at": None,
        "approved": False,
        "liked_by_me": False,
        "my_verdict": None,
        "saved_by_me": False,
        "saved_at": None,
        "is_deleted": False,
        "is_hidden": False,
        **fields,
    }


def categories(*pairs: tuple[str, str]) -> dict:
    """board's ``GET /api/board/categories``: a page of ``{slug, name}``."""
    return page([{"slug": slug, "name": name} for slug, name in pairs])


def ranking_entry(
    user_id=3, nickname="아리수", total_amount=1200, confession_count=4, qualifies=True
) -> dict:
    return {
        "author": author(user_id, nickname),
        "total_amount": total_amount,
        "confession_count": confession_count,
        "qualifies": qualifies,
    }


def ranking(rows=(), king=None, month="2026-11", min_confessions=3) -> dict:
    """board's ``GET /api/board/ranking``: a page of entries with the month, its rule and its king."""
    return page(list(rows), king=king, month=month, min_confessions=min_confessions)


def deal(deal_id=1, **fields) -> dict:
    return {
        "id": deal_id,
        "created_at": "2026-11-24T10:00:00+00:00",
        "updated_at": "2026-11-24T10:00:00+00:00",
        "author": author(),
        "is_mine": False,
        "title": f"햇반 24개 {deal_id}",
        "product": {"id": 7, "name": "햇반 210g"},
        "price": 19900,
        "original_price": 29900,
        "shipping_fee": 0,
        "effective_price": 19900,
        "discount_percent": 33,
        "is_free": False,
        "is_free_shipping": True,
        "store": "쿠팡",
        "url": "https://example.com/a",
        "category": {"slug": "food", "name": "식품"},
        "coupon_code": "",
        "expires_at": None,
        "image_url": "",
        "thumbnail_url": "",
        "description": "",
        "status": "active",
        "ended_at": None,
        "is_hidden": False,
        "score": 12,
        "hot_count": 12,
        "cold_count": 0,
        "my_vote": None,
        "saved_by_me": False,
        "saved_at": None,
        "expire_report_count": 0,
        "is_lowest_ever": True,
        "comment_count": 0,
        **fields,
    }


def product_row(product_id=7, **fields) -> dict:
    """One product of sharing's ``GET /api/sharing/products``."""
    return {
        "id": product_id,
        "name": "농심 신라면 120g 40봉",
        "category": {"slug": "food", "name": "식품"},
        "deal_count": 0,
        "lowest_ever_price": 24000,
        "history_deal_count": 1,
        "history_since": "2026-10-01T00:00:00+09:00",
        "has_price_history": True,
        "lowest_deal": None,
        **fields,
    }


def product(product_id=7, **fields) -> dict:
    """sharing's ``GET /api/sharing/products/<id>``: the row with its deals and price history."""
    return product_row(product_id, **{"deals": [], "price_history": [], **fields})


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


def report(reason="spam", report_id=1, detail="") -> dict:
    """What board, comments and sharing answer to a report (sharing adds ``detail``)."""
    return {"id": report_id, "reason": reason, "detail": detail, "created_at": "2026-11-24T12:00:00+00:00"}


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


def me(user_id=1, nickname="짠돌이", role="member", email="", **fields) -> dict:
    """auth's ``GET``/``PATCH /api/auth/me``: the account as its owner sees it."""
    return {
        "id": user_id,
        "username": None if role == "guest" else f"user{user_id}",
        "nickname": nickname,
        "role": role,
        "email": email,
        "date_joined": "2026-11-01T09:00:00+00:00",
        **fields,
    }


def signup_required(provider="kakao", proposed_nickname="카카오짠돌", signup_ticket="t1", email="") -> dict:
    """auth's social login when no account is linked yet."""
    return {
        "status": "signup_required",
        "provider": provider,
        "signup_ticket": signup_ticket,
        "proposed_nickname": proposed_nickname,
        "email": email,
    }


# --- notification_service (the contract's shapes) ------------------------------------------------


def notification(notification_id=1, **fields) -> dict:
    return {
        "id": notification_id,
        "kind": "reply",
        "message": "익명님이 내 댓글에 답글을 달았어요: 저도 샀어요",
        "link": "/board/3#comment-9",
        "created_at": "2026-11-24T10:00:00+00:00",
        "read": False,
        **fields,
    }


def alert(alert_id=1, **fields) -> dict:
    return {
        "id": alert_id,
        "keywords": "신라면 40봉",
        "category": "food",
        "store": None,
        "max_price": 25000,
        "free_shipping_only": False,
        "min_score": None,
        "created_at": "2026-11-24T10:00:00+00:00",
        **fields,
    }


def watch(watch_id=1, **fields) -> dict:
    return {
        "id": watch_id,
        "product": {"id": 7, "name": "농심 신라면 120g 40봉"},
        "target_price": 25000,
        "created_at": "2026-11-24T10:00:00+00:00",
        "fired_at": None,
        **fields,
    }


NOTIFICATION_KINDS = (
    "reply",
    "comment",
    "request_passed",
    "request_luxury",
    "deal_hot",
    "deal_expired",
    "monthly_king",
    "alert",
    "price_watch",
)


def preferences(**fields) -> dict:
    return {
        "channels": dict.fromkeys(NOTIFICATION_KINDS, "site"),
        "email_mode": "immediate",
        "email": "",
        **fields,
    }
