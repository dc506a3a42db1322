"""The price-history chart of a product page, drawn on the server as SVG (no script, no library).

sharing answers ``price_history`` as ``[{"date": "2026-11-20", "lowest_effective_price": 19900}]``
(the lowest price shared each day, oldest first). This module turns it into coordinates; the
template ``deals/partials/price_chart.html`` draws them with presentation attributes and classes
(the CSP forbids ``style=""``) and repeats the numbers in a table for screen readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Phone first: a 390 px screen draws the chart about 340 px wide, so 360 units keep its 13-unit
# labels at ~12 px there (640 units made them 8 px); a desktop's height cap makes them ~17 px.
WIDTH = 360
HEIGHT = 220
LEFT = 84  # room for the price labels ("1,234,000원")
RIGHT = 12
TOP = 14
BOTTOM = 30  # room for the date labels
LABEL_SIZE = 13


@dataclass(frozen=True)
class Point:
    day: date
    price: int
    x: float
    y: float


@dataclass(frozen=True)
class PriceChart:
    points: list[Point]
    lowest: Point
    highest: Point
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    top: int = TOP
    baseline: int = HEIGHT - BOTTOM
    label_size: int = LABEL_SIZE

    @property
    def polyline(self) -> str:
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points)

    @property
    def first(self) -> Point:
        return self.points[0]

    @property
    def last(self) -> Point:
        return self.points[-1]

    @property
    def is_single(self) -> bool:
        """One day of history: a sentence says it better than a lone dot."""
        return len(self.points) == 1

    @property
    def is_flat(self) -> bool:
        return self.lowest.price == self.highest.price


def _parse(history) -> list[tuple[date, int]]:
    rows = []
    for row in history or []:
        try:
            rows.append((date.fromisoformat(str(row["date"])), int(row["lowest_effective_price"])))
        except (KeyError, TypeError, ValueError):
            continue  # one odd row must not cost the whole chart
    return sorted(rows)


def price_chart(history) -> PriceChart | None:
    """Coordinates for the history, or None when there is nothing to draw."""
    rows = _parse(history)
    if not rows:
        return None
    first_day, last_day = rows[0][0], rows[-1][0]
    days = (last_day - first_day).days
    prices = [price for _day, price in rows]
    low, high = min(prices), max(prices)
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM

    def x_of(day: date) -> float:
        if days == 0:
            return LEFT + plot_width / 2  # one day: in the middle
        return LEFT + plot_width * (day - first_day).days / days

    def y_of(price: int) -> float:
        if high == low:
            return TOP + plot_height / 2  # one price: a level line in the middle
        return TOP + plot_height * (high - price) / (high - low)  # cheaper is lower on screen

    points = [Point(day, price, x_of(day), y_of(price)) for day, price in rows]
    lowest = min(points, key=lambda p: (p.price, -p.day.toordinal()))  # the latest of the lowest
    highest = max(points, key=lambda p: (p.price, -p.day.toordinal()))
    return PriceChart(points=points, lowest=lowest, highest=highest)
