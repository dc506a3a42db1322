"""Helpers for fault tests against live stacks: people using the APIs, a table lock that holds
requests in flight, and a look into a service's database.

    with TableLock(database_of(stack, "board"), "board_post") as lock:
        ...                       # requests touching posts wait here
        lock.wait_for_waiters(2)  # until two of them are really blocked
"""

from __future__ import annotations

import contextlib
import time
import uuid

import psycopg2
import requests
from psycopg2 import sql

from kingdom.devstack import SERVICES_BY_NAME, Stack

PASSWORD = "Thrift-Kingdom-2026!"  # a throwaway test account in a throwaway database


class Person:
    """Someone using the APIs with the tokens auth gave them."""

    def __init__(self, stack: Stack, signed_in: dict):
        self.stack = stack
        self.user = signed_in["user"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {signed_in['access']}"

    def call(self, method: str, service: str, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("timeout", 30)
        return self.session.request(method, self.stack.url(service) + path, **kwargs)

    def write_post(self, title: str = "오늘 무지출 성공") -> int:
        response = self.call(
            "POST",
            "board",
            "/api/board/posts",
            json={"category": "free", "kind": "talk", "title": title, "body": "도시락 싸왔어요"},
        )
        assert response.status_code == 201, response.text
        return response.json()["id"]

    def comment(self, post_id: int, body: str = "대단해요") -> requests.Response:
        payload = {"target_type": "post", "target_id": post_id, "body": body}
        return self.call("POST", "comments", "/api/comments", json=payload)


def member(stack: Stack) -> Person:
    name = f"m{uuid.uuid4().hex[:10]}"
    response = requests.post(
        stack.url("auth") + "/api/auth/signup",
        json={"username": name, "password": PASSWORD, "nickname": f"절약{name[-4:]}"},
        timeout=30,
    )
    assert response.status_code == 201, response.text
    return Person(stack, response.json())


def database_of(stack: Stack, name: str) -> str:
    """The URL of service ``name``'s database in ``stack``."""
    return stack.database_url_for(SERVICES_BY_NAME[name])


def query(url: str, statement: str, params: tuple = ()) -> list[tuple]:
    """Rows of one statement in its own committed transaction, on a connection closed afterwards."""
    with contextlib.closing(psycopg2.connect(url)) as conn, conn, conn.cursor() as cursor:
        cursor.execute(statement, params)
        return cursor.fetchall()


class TableLock:
    """ACCESS EXCLUSIVE on a table, held by the test: every request touching it waits."""

    def __init__(self, url: str, table: str):
        self.url = url
        self.conn = psycopg2.connect(url)
        with self.conn.cursor() as cursor:
            cursor.execute(sql.SQL("LOCK TABLE {} IN ACCESS EXCLUSIVE MODE").format(sql.Identifier(table)))

    def waiters(self) -> int:
        """Sessions of this database blocked on a lock right now (the requests held up)."""
        rows = query(
            self.url,
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'",
        )
        return rows[0][0]

    def wait_for_waiters(self, count: int, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while self.waiters() < count:
            assert time.monotonic() < deadline, f"fewer than {count} requests reached the lock"
            time.sleep(0.1)

    def release(self) -> None:
        if not self.conn.closed:
            self.conn.rollback()
            self.conn.close()

    def __enter__(self) -> TableLock:
        return self

    def __exit__(self, *exc) -> None:
        self.release()
