"""schemathesis against the live notification_service: the published document tells the truth
for anonymous callers, members, guests and staff (kingdom/testing/fuzz.py)."""

import pytest

from kingdom.testing.fuzz import fuzz_every_caller
from kingdom.testing.live import live_stack

pytestmark = pytest.mark.integration


def test_the_document_tells_the_truth_to_every_caller():
    # sharing answers the product check of a watch
    with live_stack(["auth", "sharing", "notifications"]) as stack:
        results = fuzz_every_caller(stack, "notifications")
    failed = [result for result in results if result.failures or result.errors or not result.operations]
    assert not failed, "\n\n".join(f"{result.summary()}\n{result.report}" for result in failed)
