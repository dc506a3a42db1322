"""The numbers derived from a deal: effective price, discount, and the hot rank's decay."""

from datetime import UTC, datetime, timedelta

import pytest

from sharing_service.deals.ranking import HOT_DECAY_SECONDS, discount_percent, effective_price, hot_rank

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def test_effective_price_adds_shipping():
    assert effective_price(9_900, 3_000) == 12_900


@pytest.mark.parametrize(
    ("price", "original", "percent"),
    [(259_000, 359_000, 27), (0, 10_000, 100), (10_000, 10_000, 0), (10_000, None, None), (0, 0, None)],
)
def test_discount_is_whole_percent_rounded_down(price, original, percent):
    assert discount_percent(price, original) == percent


def test_a_deal_needs_about_ten_times_the_points_to_match_one_12_5_hours_newer():
    older = hot_rank(99, 0, NOW - timedelta(seconds=HOT_DECAY_SECONDS))
    newer = hot_rank(9, 0, NOW)
    assert older == pytest.approx(newer, abs=1e-6)


def test_one_cold_vote_ranks_below_no_votes_and_one_hot_vote_above():
    assert hot_rank(-1, 0, NOW) < hot_rank(0, 0, NOW) < hot_rank(1, 0, NOW)


def test_comments_lift_a_deal_a_little():
    assert hot_rank(0, 10, NOW) > hot_rank(0, 0, NOW)
    assert hot_rank(0, 10, NOW) < hot_rank(3, 0, NOW)  # ten comments weigh two votes


def test_newer_beats_older_at_equal_points():
    assert hot_rank(5, 0, NOW) > hot_rank(5, 0, NOW - timedelta(hours=1))
