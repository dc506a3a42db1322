"""schemathesis against the live comment API (with the auth, board and sharing it asks): the
published document tells the truth for anonymous callers, members, guests and staff.

Targets are looked up in the real board and sharing, so a generated comment on a post that does
not exist is their 404, not a 503 of a neighbour that is not there.
"""

from __future__ import annotations

import pytest

from kingdom.testing.fuzz import fuzz_every_caller
from kingdom.testing.live import live_stack

pytestmark = pytest.mark.integration

# Generated requests come by the thousand: the rate limits would answer most of them 429, which
# the document allows but which would leave the real answers untested.
GENEROUS = "100000/hour"
RATES = {
    name: GENEROUS
    for name in (
        "RATE_COMMENT_CREATE_GUEST",
        "RATE_COMMENT_CREATE_MEMBER",
        "RATE_COMMENT_EDIT_GUEST",
        "RATE_COMMENT_EDIT_MEMBER",
        "RATE_COMMENT_REPORT_MEMBER",
        # auth signs up the callers
        "RATE_AUTH_SIGNUP_DEVICE",
        "RATE_AUTH_SIGNUP_IP",
        "RATE_AUTH_GUEST_DEVICE",
        "RATE_AUTH_GUEST_IP",
    )
}


def test_the_comment_api_answers_as_its_document_says():
    with live_stack(["auth", "board", "sharing", "comments"], extra_env=RATES) as stack:
        results = fuzz_every_caller(stack, "comments")
    for result in results:
        assert result.operations > 0, result.report
        assert result.failures == result.errors == 0, result.report
