"""schemathesis against the live sharing API, as anonymous, member, guest and staff: the published
document (docs/openapi/sharing.yaml) tells the truth — no 5xx, every answer documented and
shaped as documented, invalid input refused and valid input accepted (kingdom/testing/fuzz.py)."""

from __future__ import annotations

import pytest

from kingdom.testing.fuzz import fuzz_every_caller
from kingdom.testing.live import live_stack

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def stack():
    with live_stack(["auth", "sharing"]) as running:
        yield running


def test_the_published_document_tells_every_caller_the_truth(stack, monkeypatch):
    # rules the document can only state in words (a time ahead of now, one value against another)
    monkeypatch.setenv("SCHEMATHESIS_HOOKS", "sharing_service.tests.integration.fuzz_hooks")
    results = fuzz_every_caller(stack, "sharing")

    assert {result.label for result in results} == {
        "sharing anonymous",
        "sharing member",
        "sharing guest",
        "sharing staff",
    }
    assert all(result.operations == 17 and result.cases > 0 for result in results), [
        result.summary() for result in results
    ]
    failed = [result for result in results if result.failures or result.errors]
    assert not failed, "\n\n".join(f"{result.summary()}\n{result.report}" for result in failed)
