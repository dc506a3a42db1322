"""The published OpenAPI document is the committed one (docs/openapi/auth.yaml), valid and warning-free."""

from kingdom.testing.openapi import assert_committed


def test_published_document_is_the_committed_one():
    assert_committed("auth")
