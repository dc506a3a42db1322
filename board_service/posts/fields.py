"""The board's serializer fields: the category slug, the amount in 원, the ranking's month and a
visitor's address (the strict JSON types every API shares are in ``kingdom.fields``)."""

from __future__ import annotations

import re
from datetime import date
from importlib import import_module

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from board_service.posts.models import Category
from kingdom.fields import StrictIntegerField


class CategoryField(serializers.SlugRelatedField):
    """A category by its slug; an unknown one is a field error."""

    default_error_messages = {
        "does_not_exist": "'{value}' 카테고리가 없습니다.",
        "invalid": "카테고리 슬러그(문자열)여야 합니다.",
    }

    def __init__(self, **kwargs):
        super().__init__(slug_field="slug", queryset=Category.objects.all(), **kwargs)


class CategoryFilterField(CategoryField):
    """``?category=``: a category's slug; empty (``?category=``) means every category, as DRF
    reads an empty query value of an optional field as absent."""


#: the categories migration 0002 seeds, in display order
SEEDED_CATEGORY_SLUGS = [
    slug for slug, _ in import_module("board_service.posts.migrations.0002_seed_categories").CATEGORIES
]


class CategoryFieldSchema(OpenApiSerializerFieldExtension):
    """The document lists the seeded slugs (it is generated without a database)."""

    target_class = CategoryField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        slugs = [*([""] if isinstance(self.target, CategoryFilterField) else []), *SEEDED_CATEGORY_SLUGS]
        description = "A category's slug (`GET categories`): those seeded, and any staff add in admin."
        return {"type": "string", "enum": slugs, "description": description}


def amount_field(**kwargs) -> StrictIntegerField:
    """An amount in 원, 1 – ``BOARD_MAX_AMOUNT``."""
    return StrictIntegerField(
        min_value=1,
        max_value=settings.BOARD_MAX_AMOUNT,
        allow_null=True,
        error_messages={
            "invalid": "정수(원)여야 합니다.",
            "min_value": "금액은 1원 이상이어야 합니다.",
            "max_value": f"금액은 {settings.BOARD_MAX_AMOUNT:,}원 이하여야 합니다.",
        },
        **kwargs,
    )


MONTH_PATTERN = r"^(2\d{3}-(0[1-9]|1[0-2]))?$"


@extend_schema_field({"type": "string", "pattern": MONTH_PATTERN, "example": "2026-11"})
class MonthField(serializers.Field):
    """``YYYY-MM`` (years 2000 – 2999); empty means the current month."""

    default_error_messages = {"invalid": "YYYY-MM 형식의 달이어야 합니다 (예: 2026-11)."}

    def to_internal_value(self, data) -> date | None:
        if data == "":
            return None  # ?month= means the current month
        if not isinstance(data, str) or not re.fullmatch(MONTH_PATTERN, data):
            self.fail("invalid")
        return date(int(data[:4]), int(data[5:7]), 1)

    def to_representation(self, value: date) -> str:
        return value.strftime("%Y-%m")


@extend_schema_field({"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]})
class AddressField(serializers.IPAddressField):
    """An IPv4 or IPv6 address, as a JSON string (DRF's field refuses anything else)."""

    default_error_messages = {"invalid": "IPv4 또는 IPv6 주소여야 합니다."}
