"""Every login and signup looks names up case-insensitively; those lookups must use an index.

With sequential scans priced out, a query's plan names the index, or it cannot use one.
"""

import pytest
from django.contrib.auth import authenticate
from django.db import connection
from django.test.utils import CaptureQueriesContext

from auth_service.accounts.selectors import nickname_taken, username_taken
from auth_service.tests import accounts

pytestmark = pytest.mark.django_db


def plans_of(action) -> str:
    with CaptureQueriesContext(connection) as queries:
        action()
    assert queries.captured_queries
    plans = []
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        for query in queries.captured_queries:
            cursor.execute(f"EXPLAIN {query['sql']}")
            plans.extend(row[0] for row in cursor.fetchall())
    return "\n".join(plans)


def test_a_login_finds_the_username_by_index():
    accounts.member(username="jjandori")

    plan = plans_of(lambda: authenticate(username="JJandori", password="wrong-password"))

    assert "accounts_user_username_ci_unique" in plan


def test_signups_check_taken_names_by_index():
    assert "accounts_user_username_ci_unique" in plans_of(lambda: username_taken("JJandori"))
    assert "accounts_user_nickname_active_unique" in plans_of(lambda: nickname_taken("짠돌이"))
