"""schemathesis against the live board, as anonymous, member, guest and staff: 0 failures.

The board runs under gunicorn on real PostgreSQL with the real auth (tokens, accounts).
"""

from __future__ import annotations

import pytest

from kingdom.testing.fuzz import fuzz_every_caller
from kingdom.testing.live import live_stack

pytestmark = pytest.mark.integration


def test_the_live_board_answers_as_its_document_says():
    with live_stack(["auth", "board"]) as stack:
        results = fuzz_every_caller(stack, "board")

    assert len(results) == 4
    for result in results:
        assert result.operations > 0, result.summary()
        assert result.cases > 0, result.summary()
        assert result.failures == result.errors == 0, f"{result.summary()}\n{result.report}"
