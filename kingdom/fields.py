"""Serializer fields that accept only the JSON type they name, for request bodies.

DRF coerces: ``123`` becomes ``"123"``, ``"5"`` becomes ``5``, ``"yes"`` becomes ``True``. A
JSON API that documents ``integer`` must refuse ``"5"`` (docs/contracts.md#errors: 400). Query
strings are text by nature and keep DRF's own fields.
"""

from __future__ import annotations

from rest_framework import serializers

from kingdom.text import is_visibly_blank


class JsonStringField(serializers.CharField):
    """A JSON string, nothing else: DRF's CharField would take ``123`` as ``"123"``."""

    default_error_messages = {"invalid": "문자열이어야 합니다."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictCharField(JsonStringField):
    """A JSON string; unless blank is allowed, one that shows something (not only invisible
    characters such as zero-width spaces)."""

    default_error_messages = {"invisible": "보이는 글자를 입력해 주세요."}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not self.allow_blank and is_visibly_blank(value):
            self.fail("invisible")
        return value


class StrictIntegerField(serializers.IntegerField):
    """A JSON integer: not a string of digits, not ``true``, not ``5.5``.

    ``5.0`` is the integer 5: JSON has one number type, and JSON Schema's ``integer`` (what the
    OpenAPI documents say) counts any number with a zero fraction, so a client that writes its
    integers that way is within the contract.
    """

    default_error_messages = {"invalid": "정수여야 합니다."}

    def to_internal_value(self, data):
        if isinstance(data, float) and data.is_integer():
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """``true`` or ``false``; not ``"yes"``, ``"on"`` or ``1``."""

    default_error_messages = {"invalid": "true 또는 false여야 합니다."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def _json_type(value) -> type:
    """The JSON type ``value`` would be written as (``TextChoices`` members are strings)."""
    for kind in (bool, int, float, str):
        if isinstance(value, kind):
            return kind
    return type(value)


class StrictChoiceField(serializers.ChoiceField):
    """One of the choices with its JSON type: ``1`` is not ``"1"`` (nor ``true``)."""

    def to_internal_value(self, data):
        kind = _json_type(data)
        if not any(kind is _json_type(choice) and data == choice for choice in self.choices):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)
