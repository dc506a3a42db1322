"""Demo data for a first `make run`, created through the public APIs like a real user would."""

from __future__ import annotations

from kingdom.devstack import Stack


def load(stack: Stack) -> None:
    """Members, posts, deals and comments so that every page has something to show."""
    print("  (no demo data yet)")
