"""Serializer fields that accept only the JSON type they name (DRF coerces 123 to "123", "5" to 5)."""

from rest_framework import serializers

from kingdom.text import is_visibly_blank


class StrictCharField(serializers.CharField):
    """A JSON string that shows something: not blank, not only invisible characters."""

    default_error_messages = {"invalid": "문자열이어야 합니다.", "invisible": "보이는 글자를 입력해 주세요."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        value = super().to_internal_value(data)
        if is_visibly_blank(value):
            self.fail("invisible")
        return value


class StrictIntegerField(serializers.IntegerField):
    default_error_messages = {"invalid": "정수(원)여야 합니다."}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    default_error_messages = {"invalid": "true 또는 false여야 합니다."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data
