"""The OpenAPI documents every API publishes (drf-spectacular), told the way the code behaves.

:class:`KingdomAutoSchema` is every API's ``DEFAULT_SCHEMA_CLASS``. On top of what an operation
declares itself (``@extend_schema``, which always wins) it documents what the house machinery
answers for it, as RFC 9457 problem details (``application/problem+json``, one ``Problem``
component):

- 400 when the operation reads a body or query parameters (validation; malformed or too deeply
  nested JSON, ``kingdom/parsers.py``), 413 and 415 when it reads a body;
- 401 on every operation: a bearer token that is invalid, expired or revoked is refused even
  where no token is needed (``kingdom/tokens.py``);
- 403 when some caller may not call it (a permission other than "anyone");
- 404 when the path names an object, or the list is paginated (a page past the end);
- 429 when a throttle applies (``kingdom/throttling.py``), 503 always (the database or the shared
  cache cannot be reached, ``kingdom/problems.py``);
- 414 and 431 always: gunicorn refuses a request line or headers over its limits before any view
  (``kingdom/gunicorn_errors.py``), whatever the operation.

Security is documented per operation: an operation anybody may call (the view's permissions,
asked for an anonymous caller) lists the empty requirement ``{}`` beside the bearer token.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.core.validators import RegexValidator
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerFieldExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from kingdom.problems import PROBLEM_CONTENT_TYPE


class KingdomJWTAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents :class:`kingdom.tokens.JWTAuthentication` as an HTTP bearer JWT scheme."""

    target_class = "kingdom.tokens.JWTAuthentication"
    name = "bearerAuth"
    match_subclasses = True  # auth's AccountJWTAuthentication too

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


class ProblemSerializer(serializers.Serializer):
    """An RFC 9457 problem: what every error of every API looks like (``kingdom/problems.py``)."""

    type = serializers.CharField(help_text="A URI naming the kind of problem, or `about:blank`.")
    title = serializers.CharField()
    status = serializers.IntegerField(min_value=400, max_value=599)
    detail = serializers.CharField(required=False, help_text="What went wrong, in Korean.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Messages per field (`non_field_errors` for the request as a whole).",
    )

    class Meta:
        ref_name = "Problem"


PROBLEM_DESCRIPTIONS = {
    "400": "The request is malformed or a field is invalid (messages per field in `errors`).",
    "401": "The bearer token is missing where one is needed, or invalid, expired or revoked.",
    "403": "The caller's role may not do this.",
    "404": "No such object (or it is not visible to the caller).",
    "409": "The request conflicts with the current state.",
    "413": "The request body is too large.",
    "414": "The request line (path and query) is longer than the server accepts.",
    "415": "The request body is not JSON.",
    "429": "Too many requests; `Retry-After` says when to try again.",
    "431": "The request headers are too many or too large.",
    "503": "The database or the shared cache cannot be reached; `Retry-After` says when to retry.",
}

_BODY_METHODS = {"POST", "PUT", "PATCH"}


def problem_responses(
    *codes: int | str, serializer: type[serializers.Serializer] = ProblemSerializer
) -> dict[tuple[int, str], object]:
    """``@extend_schema(responses={**problem_responses(409), ...})`` for codes a view raises itself
    (as ``application/problem+json``, what they are answered as); ``serializer`` for a problem with
    more members (a :class:`ProblemSerializer` subclass, e.g. a 409 carrying the ``existing`` object)."""
    return {
        (int(code), PROBLEM_CONTENT_TYPE): OpenApiResponse(
            serializer, description=PROBLEM_DESCRIPTIONS[str(code)]
        )
        for code in codes
    }


def _is_problem_key(code) -> bool:
    return isinstance(code, tuple) and PROBLEM_CONTENT_TYPE in code[1:]


def _char_field_pattern(field: serializers.CharField) -> str:
    """What a DRF CharField takes: never a NUL (ProhibitNullCharactersValidator) and, trimmed and
    not ``allow_blank``, something besides whitespace."""
    from kingdom.fields import StrictCharField
    from kingdom.text import PYTHON_ONLY_WHITESPACE, VISIBLE_TEXT_PATTERN

    if isinstance(field, StrictCharField) and not field.allow_blank:
        return VISIBLE_TEXT_PATTERN  # something visible, not only zero-width or filler characters
    if field.trim_whitespace and not field.allow_blank:
        # \S as Python's strip() sees it (kingdom.text.PYTHON_ONLY_WHITESPACE), in ECMA-262 terms
        return f"^(?![\\s\\S]*\\u0000)[\\s\\S]*[^\\s{PYTHON_ONLY_WHITESPACE}][\\s\\S]*$"
    return "^[^\\u0000]*$"


def _ecma(pattern: str) -> str:
    pattern = pattern.encode("ascii", "backslashreplace").decode()
    return pattern.replace(r"\x", r"\u00").replace(r"\Z", "$").replace(r"\A", "^")


def _with_contained_patterns(field: serializers.Field, house: str) -> str:
    """``house`` (anchored at ``^``) plus a lookahead for each "contains ..." ``RegexValidator``
    of the field (sharing's product name: a letter or digit somewhere), so the document refuses
    what the validator refuses."""
    contained = [
        _ecma(validator.regex.pattern)
        for validator in field.validators
        if isinstance(validator, RegexValidator)
        and not validator.inverse_match
        and not validator.regex.pattern.startswith("^")
    ]
    lookaheads = "".join(f"(?=[\\s\\S]*?(?:{pattern}))" for pattern in contained)
    return f"^{lookaheads}{house[1:]}" if lookaheads else house


def _own_pattern(field: serializers.Field) -> str | None:
    """The pattern of the field's own anchored ``RegexValidator`` (what it checks, said before the
    house's generic one: drf-spectacular adds a validator's pattern only where none is yet), as an
    ECMA-262 pattern the way drf-spectacular writes one."""
    for validator in field.validators:
        if isinstance(validator, RegexValidator) and not validator.inverse_match:
            pattern = validator.regex.pattern.encode("ascii", "backslashreplace").decode()
            pattern = pattern.replace(r"\x", r"\u00").replace(r"\Z", "$").replace(r"\A", "^")
            # only a whole-value pattern says everything; "contains a letter" leaves the house's
            # (visible text, no NUL) the better description
            if pattern.startswith("^") and pattern.endswith("$"):
                return pattern
    return None


class KingdomAutoSchema(AutoSchema):
    """drf-spectacular's AutoSchema plus the house's error answers and optional security."""

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for code, response in responses.items():
            # A view's own ``problem_responses(409)``: problem details are not application/json.
            content = response.get("content", {})
            if code >= "400" and "application/json" in content and PROBLEM_CONTENT_TYPE not in content:
                content[PROBLEM_CONTENT_TYPE] = content.pop("application/json")
                response["description"] = response.get("description") or PROBLEM_DESCRIPTIONS.get(code, "")
        for code in self._problem_codes(operation):
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    ProblemSerializer, code, media_types=[PROBLEM_CONTENT_TYPE]
                )
                responses[code]["description"] = PROBLEM_DESCRIPTIONS[code]
        return operation

    def _problem_codes(self, operation: dict) -> list[str]:
        parameters = operation.get("parameters", [])
        has_body = self.method in _BODY_METHODS and "requestBody" in operation
        codes = ["401", "414", "431", "503"]  # 414 and 431: gunicorn's limits, before any view
        if has_body or any(parameter.get("in") == "query" for parameter in parameters):
            codes.append("400")
        if has_body:
            codes += ["413", "415"]
        if not self._anybody_may_call():
            codes.append("403")
        if any(parameter.get("in") == "path" or parameter.get("name") == "page" for parameter in parameters):
            codes.append("404")  # no such object; or a page past the end (kingdom.pagination)
        if self.view.get_throttles():
            codes.append("429")
        return sorted(codes)

    def _anybody_may_call(self) -> bool:
        # Like DRF's anonymous user (django.contrib.auth is not installed in every project).
        nobody = SimpleNamespace(is_authenticated=False, is_staff=False, role=None)
        anonymous = SimpleNamespace(method=self.method, user=nobody, auth=None)
        try:
            permissions = self.view.get_permissions()
            return all(permission.has_permission(anonymous, self.view) for permission in permissions)
        except Exception:  # a permission that needs more than an anonymous caller to decide
            return False

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if direction == "request" and isinstance(field, serializers.CharField):
            plain = schema.get("type") == "string" and not {"pattern", "format", "enum"} & schema.keys()
            if plain:
                schema["pattern"] = _own_pattern(field) or _with_contained_patterns(
                    field, _char_field_pattern(field)
                )
        return schema

    def _is_list_view(self, serializer=None):
        # drf-spectacular takes the lowest status of a ``responses`` dict as the main answer; a
        # ``(404, "application/problem+json")`` key sorts before "200" and would make a list
        # look like one object (operationId ``…_retrieve``).
        if serializer is None:
            responses = self.get_response_serializers()
            if isinstance(responses, dict):
                answers = {code: s for code, s in responses.items() if not _is_problem_key(code)}
                if answers:
                    serializer = answers
        return super()._is_list_view(serializer)

    def _get_request_for_media_type(self, serializer, direction="request"):
        # drf-spectacular documents every PATCH body as partial (DRF's ``partial=True``); a view
        # whose PATCH validates the whole input says ``patch_is_partial = False``.
        if self.method == "PATCH" and getattr(self.view, "patch_is_partial", True) is False:
            self.method = "PUT"
            try:
                return super()._get_request_for_media_type(serializer, direction)
            finally:
                self.method = "PATCH"
        return super()._get_request_for_media_type(serializer, direction)

    def get_serializer_name(self, serializer, direction):
        """A serializer a view owns (``DealVoteApi.InputSerializer``) is named after the view
        (``DealVoteInput``), so every view may call its own ``InputSerializer`` / ``OutputSerializer``
        / ``FilterSerializer`` without two views' components overwriting each other."""
        name = super().get_serializer_name(serializer, direction)
        parts = type(serializer).__qualname__.split(".")
        if len(parts) == 1 or getattr(getattr(serializer, "Meta", None), "ref_name", None):
            return name
        return "".join(
            part.removesuffix("Serializer").removesuffix("Api").removesuffix("View") for part in parts
        )

    def get_auth(self):
        auth = super().get_auth()
        if auth and {} not in auth and self._anybody_may_call():
            auth.append({})
        return auth


class NoNullCharacterSchema(OpenApiSerializerFieldExtension):
    """DRF's ``CharField`` refuses U+0000 (``ProhibitNullCharactersValidator``): inputs say so."""

    target_class = serializers.CharField
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        schema = auto_schema._map_serializer_field(self.target, direction, bypass_extensions=True)
        # drf-spectacular adds "or null" to what an extension returns: once is enough (a type
        # list naming "null" twice is an invalid schema to schemathesis)
        kinds = schema.get("type")
        if isinstance(kinds, list) and "null" in kinds:
            rest = [kind for kind in kinds if kind != "null"]
            schema["type"] = rest[0] if len(rest) == 1 else rest
        if direction == "request":
            own = _own_pattern(self.target)
            # the string itself, or the non-blank branch of an allow_blank field's oneOf
            for node in [schema, *schema.get("oneOf", [])]:
                if node.get("type") != "string" or node.get("maxLength") == 0:
                    continue
                if own:
                    node["pattern"] = own
                else:
                    node.setdefault("pattern", "^[^\\u0000]*$")
        return schema


def nullable_as_openapi_31(result, generator, request, public):
    """drf-spectacular hook: ``nullable: true`` (OpenAPI 3.0, DRF's paginator) as 3.1 says it.

    3.1 is JSON Schema, which has no ``nullable``: a validator ignores it and refuses the ``null``
    that ``next`` and ``previous`` are on the last and first page.
    """

    def fix(node):
        if isinstance(node, dict):
            if node.pop("nullable", False) is True:
                kind = node.get("type")
                if isinstance(kind, str):
                    node["type"] = [kind, "null"]
                elif isinstance(kind, list) and "null" not in kind:
                    kind.append("null")
            for value in node.values():
                fix(value)
        elif isinstance(node, list):
            for value in node:
                fix(value)

    fix(result)
    return result
