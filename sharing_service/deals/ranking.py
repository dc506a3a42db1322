"""Numbers derived from a deal's fields: effective price, discount, status at a moment, hot rank."""

from __future__ import annotations

import math
from datetime import UTC, datetime

# Reddit's "hot" shape: a deal needs about ten times the points to rank level with one posted
# HOT_DECAY_SECONDS later, so new deals rise and old ones sink without any job rewriting rows.
# Comments count a fifth of a vote: discussion signals interest, not approval.
HOT_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)
HOT_DECAY_SECONDS = 45_000  # 12.5 hours
COMMENT_WEIGHT = 0.2


def effective_price(price: int, shipping_fee: int) -> int:
    return price + shipping_fee


def discount_percent(price: int, original_price: int | None) -> int | None:
    """Whole percent off the original price (rounded down: never promise more than the truth)."""
    if not original_price:
        return None
    return (original_price - price) * 100 // original_price


def hot_rank(score: int, comment_count: int, created_at: datetime) -> float:
    """sign(p)·log10(1 + |p|) + (created_at − 2026-01-01) / 45000 s, with p = score + 0.2·comments.

    log10(1 + |p|) rather than Reddit's log10(max(|p|, 1)) so that a first cold vote already
    ranks a deal below one nobody voted on.
    """
    points = score + COMMENT_WEIGHT * comment_count
    order = math.log10(1 + abs(points))
    sign = (points > 0) - (points < 0)
    return round(sign * order + (created_at - HOT_EPOCH).total_seconds() / HOT_DECAY_SECONDS, 7)
