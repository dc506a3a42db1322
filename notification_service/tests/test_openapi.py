"""The published OpenAPI document is valid, tells the truth about shapes and errors, and is the
one committed in docs/openapi/notifications.yaml (``.venv/bin/python scripts/openapi.py`` rewrites it)."""

from __future__ import annotations

import yaml

from kingdom.testing import openapi
from kingdom.testing.openapi import assert_committed


def generated() -> str:
    return openapi.generated("notifications")


def test_the_generated_document_is_the_committed_one():
    assert_committed("notifications")


def test_lists_are_pages_and_errors_are_problem_details():
    schema = yaml.safe_load(generated())
    inbox = schema["paths"]["/api/notifications/inbox"]["get"]["responses"]
    page = inbox["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert set(schema["components"]["schemas"][page]["properties"]) == {
        "count",
        "next",
        "previous",
        "results",
    }
    assert inbox["401"]["content"]["application/problem+json"]["schema"]["$ref"].endswith("/Problem")
    create = schema["paths"]["/api/notifications/alerts"]["post"]["responses"]
    assert {"201", "400", "401", "403", "409", "503"} <= set(create)
    events = schema["paths"]["/api/notifications/internal/events"]["post"]["responses"]
    assert {"200", "202", "400", "403"} <= set(events)


def test_unsubscribe_needs_no_token_and_everything_else_a_bearer():
    schema = yaml.safe_load(generated())
    assert "security" not in schema  # no document-wide requirement: each operation says its own
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            security = operation.get("security")
            if path.endswith("/unsubscribe"):
                assert security == [{"bearerAuth": []}, {}], (method, path, security)
            else:
                assert security == [{"bearerAuth": []}], (method, path, security)
