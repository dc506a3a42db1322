"""The JSON parser every API uses (``DEFAULT_PARSER_CLASSES``).

DRF's ``JSONParser`` turns only ``ValueError`` into a 400: a body nested about a thousand levels
deep (two kilobytes of ``[``) makes Python's decoder raise ``RecursionError``, which escaped as a
500 with a traceback. No request of ours nests beyond a few levels, so anything deeper than
:data:`MAX_DEPTH` is refused as malformed before a serializer walks it.
"""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

#: deepest nesting of arrays and objects a request body may have
MAX_DEPTH = 32

TOO_DEEP = "JSON 본문이 너무 깊게 중첩되어 있습니다."


def json_depth_exceeds(data, limit: int = MAX_DEPTH) -> bool:
    """Whether ``data`` nests arrays/objects deeper than ``limit`` (iterative: no recursion to exhaust)."""
    pending = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        pending.extend((child, depth + 1) for child in children)
    return False


class BoundedJSONParser(JSONParser):
    """``JSONParser`` that answers 400 for nesting too deep to decode or deeper than :data:`MAX_DEPTH`."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError as exc:
            raise ParseError(TOO_DEEP) from exc
        if json_depth_exceeds(data):
            raise ParseError(TOO_DEEP)
        return data
