"""schemathesis against the live auth API: the published document tells the truth for
anonymous callers, members, guests and staff.

Login, signup and guest creation are rate limited per address, and every generated request comes
from this machine: the stack runs with limits high enough that the real answers get tested (the
limits themselves are tested in tests/apis and tests/integration/test_limits_across_processes.py).
"""

from __future__ import annotations

import pytest

from kingdom.testing.fuzz import fuzz_every_caller
from kingdom.testing.live import live_stack

pytestmark = pytest.mark.integration

GENEROUS = "100000/hour"
RATES = {
    name: GENEROUS
    for name in (
        "RATE_AUTH_LOGIN_IP",
        "RATE_AUTH_SIGNUP_DEVICE",
        "RATE_AUTH_SIGNUP_IP",
        "RATE_AUTH_GUEST_DEVICE",
        "RATE_AUTH_GUEST_IP",
        "RATE_AUTH_PASSWORD_USER",
        "RATE_AUTH_SERVICE_TOKEN_IP",
    )
} | {
    # Wrong passwords are most of what is generated: the lockout would close the door early.
    "LOGIN_LOCKOUT_FAILURES": "100000",
    "LOGIN_DELAY_AFTER_FAILURES": "100000",
}


def test_the_auth_api_answers_as_its_document_says():
    with live_stack(["auth"], extra_env=RATES) as stack:
        results = fuzz_every_caller(stack, "auth")
    for result in results:
        assert result.operations > 0, result.report
        assert result.failures == result.errors == 0, result.report
