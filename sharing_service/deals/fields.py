"""Serializer fields of sharing's API, and how the OpenAPI document describes them."""

from __future__ import annotations

import importlib

from django.conf import settings
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers

from kingdom.fields import StrictCharField
from sharing_service.deals.links import MAX_URL_LENGTH, RejectedLink, check_link
from sharing_service.deals.models import Category

#: the categories every database starts with (the seeding migration's); staff may add more in admin
SEEDED_CATEGORY_SLUGS = [
    slug
    for slug, _ in importlib.import_module("sharing_service.deals.migrations.0002_seed_categories").CATEGORIES
]
#: the plainest form of an acceptable link, as the document's pattern: the rule itself (any public
#: http(s) address that is not a shortener, checked as a browser reads it) is no regular expression
PLAIN_LINK_PATTERN = r"https?://(www\.)?[a-z0-9]{1,30}\.co\.kr(/[A-Za-z0-9]{1,20}){0,4}"
LINK_RULE = (
    "An http(s) link to a public web page, at most 2,000 characters. Refused: hosts inside a "
    "network (loopback, private and other non-public addresses in any spelling, `localhost`, "
    "`*.local`, `*.internal`, `*.lan`, `*.home.arpa`), user names or passwords in the link, "
    "spaces and control characters{blocked}. The pattern shows the plainest accepted form; "
    "sharing_service/README.md has the whole rule."
)


class CategoryField(serializers.SlugRelatedField):
    """A category by its slug (``GET /categories``)."""

    def __init__(self, **kwargs):
        super().__init__(
            slug_field="slug",
            queryset=Category.objects.all(),
            error_messages={
                "does_not_exist": "'{value}' 카테고리는 없습니다. /api/sharing/categories 에서 고르세요."
            },
            **kwargs,
        )


class CategoryFieldSchema(OpenApiSerializerFieldExtension):
    target_class = CategoryField

    def map_serializer_field(self, auto_schema, direction):
        return {
            "type": "string",
            "enum": SEEDED_CATEGORY_SLUGS,
            "description": "a category's slug, as `GET /categories` lists them",
        }


class LinkField(StrictCharField):
    """An http(s) link of bounded length; shorteners and affiliate redirectors only where allowed."""

    def __init__(self, *, allow_blocked_hosts: bool = False, **kwargs):
        self.allow_blocked_hosts = allow_blocked_hosts
        super().__init__(max_length=MAX_URL_LENGTH, **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value == "":
            return value
        try:
            return check_link(
                value,
                allow_blocked_hosts=self.allow_blocked_hosts,
                allow_loopback=settings.SHARING_TEST_ALLOW_LOOPBACK,
            )
        except RejectedLink as exc:
            raise serializers.ValidationError(str(exc)) from exc


class LinkFieldSchema(OpenApiSerializerFieldExtension):
    target_class = LinkField
    priority = 1  # before kingdom.schema's extension for every CharField: a link says more

    def map_serializer_field(self, auto_schema, direction):
        field = self.target
        pattern = PLAIN_LINK_PATTERN if not field.allow_blank else f"|{PLAIN_LINK_PATTERN}"
        blocked = "" if field.allow_blocked_hosts else ", and link shorteners or affiliate redirectors"
        return {
            "type": "string",
            "maxLength": MAX_URL_LENGTH,
            "pattern": f"^({pattern})$",
            "description": LINK_RULE.format(blocked=blocked),
        }
