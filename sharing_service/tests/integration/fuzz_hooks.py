"""schemathesis hooks for sharing's fuzz test (``SCHEMATHESIS_HOOKS``): rules the document states in
words because JSON Schema cannot say them, taught to the generator so that a request it calls
valid is valid.

- ``expires_at`` must lie ahead of now, within 366 days (a schema is the same at every moment);
- ``original_price`` is not below ``price``, ``max_price`` not below ``min_price`` (one value
  compared with another).

Only values the schema already accepts are changed, so an invalid request stays invalid and is
still expected to be refused. schemathesis' coverage phase builds requests without these hooks, so
:func:`filter_failure` drops a "valid request refused" whose 400 names only such a rule — and the
refusal of a vote or report on the caller's own deal (shared earlier in the same run).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import schemathesis

MAX_PRICE = 1_000_000_000
DEAL_WRITES = {("POST", "/api/sharing/deals"), ("PATCH", "/api/sharing/deals/{deal_id}")}


def _operation(context) -> tuple[str, str]:
    operation = context.operation
    return (str(operation.method).upper(), operation.path) if operation is not None else ("", "")


def _price(value) -> bool:
    """A price the schema accepts: a JSON integer (``212.0`` is one too) from 0 to MAX_PRICE."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    return float(value).is_integer() and 0 <= value <= MAX_PRICE


def _moment(value) -> bool:
    if not isinstance(value, str):
        return False
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


@schemathesis.hook
def map_body(context, body):
    if _operation(context) not in DEAL_WRITES or not isinstance(body, dict):
        return body
    body = dict(body)
    if _moment(body.get("expires_at")):
        body["expires_at"] = (datetime.now(UTC) + timedelta(days=1)).isoformat()
    price, original = body.get("price"), body.get("original_price")
    if _price(price) and _price(original) and original < price:
        body["original_price"] = price
    return body


def _whole(value) -> int | None:
    return int(value) if isinstance(value, str) and value.isascii() and value.isdigit() else value


@schemathesis.hook
def map_query(context, query):
    if _operation(context) != ("GET", "/api/sharing/deals") or not isinstance(query, dict):
        return query
    low, high = _whole(query.get("min_price")), _whole(query.get("max_price"))
    if isinstance(low, int) and isinstance(high, int) and low > high:
        query = {**query, "min_price": query["max_price"], "max_price": query["min_price"]}
    return query


#: 400s whose only cause is a rule the document states in words, for a request the generator built
#: before the ``map_*`` hooks could apply (schemathesis' coverage phase takes no hooks), or one whose
#: validity depends on what the run did before (a caller's own deal, shared earlier in the run)
OWN_DEAL_MESSAGES = {
    "자신이 올린 딜에는 투표할 수 없습니다.",
    "자신이 올린 딜은 신고할 수 없습니다. 수정하거나 종료해 주세요.",
}


def _in_words(case, errors: dict) -> bool:
    fields = set(errors)
    query = case.query if isinstance(case.query, dict) else {}
    body = case.body if isinstance(case.body, dict) else {}
    if fields == {"max_price"}:
        low, high = _whole(query.get("min_price")), _whole(query.get("max_price"))
        return isinstance(low, int) and isinstance(high, int) and low > high
    if fields <= {"expires_at", "original_price"} and fields:
        # below the price sent, or (a PATCH that leaves the price) below the deal's stored price
        below = "price" not in body or (
            _price(body.get("price"))
            and _price(body.get("original_price"))
            and body["original_price"] < body["price"]
        )
        if "original_price" in fields and not below:
            return False
        return "expires_at" not in fields or not _ahead(body.get("expires_at"))
    messages = {message for field in fields for message in errors[field]}
    return bool(messages) and messages <= OWN_DEAL_MESSAGES


def _ahead(value) -> bool:
    """A time the rule accepts: later than now, within 366 days."""
    if not _moment(value):
        return False
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        return False
    now = datetime.now(UTC)
    return now < moment <= now + timedelta(days=366)


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """Keep every failure but "valid data refused" with a 400 that only such a rule explains."""
    if type(failure).__name__ != "RejectedPositiveData" or response.status_code != 400:
        return True
    try:
        errors = response.json().get("errors") or {}
    except ValueError:
        return True
    return not _in_words(case, errors)
