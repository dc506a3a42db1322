"""DRF's output conversions as plain functions, for a representation written out by hand.

A serializer whose ``to_representation`` writes its dict itself skips DRF's deep copy of its
declared fields (once per serializer instance, nested serializers included) and the walk through
them value by value: on the hottest reads that was a quarter of a service's time (comment
threads, a post; cProfile on the bench's stack). Its declared fields stay what the OpenAPI
document says, and a test of the service holds the hand-written dict to the one DRF's own
``Serializer.to_representation`` gives. Each function answers ``None`` for ``None``, as DRF does
before it calls a field.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

_DATETIME = serializers.DateTimeField()


def when(value) -> str | None:
    """``DateTimeField``: ISO 8601 in the current time zone (``…Z`` for UTC)."""
    return None if value is None else _DATETIME.to_representation(value)


def number(value) -> int | None:
    """``IntegerField``."""
    return None if value is None else int(value)


def text(value) -> str | None:
    """``CharField``."""
    return None if value is None else str(value)


def flag(value) -> bool | None:
    """``BooleanField``."""
    return None if value is None else bool(value)


def choice(value) -> Any:
    """``ChoiceField`` of string choices (``TextChoices``): the stored value as a string."""
    return value if value in ("", None) else str(value)
