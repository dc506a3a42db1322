"""One stack for board's fault tests: auth and comments on the machine's PostgreSQL, board on a
dedicated embedded PostgreSQL that the database test may stop and start without touching anyone
else's server. Tests that stop something start it again before they end."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kingdom.devstack import database_url, ensure_database, start_embedded_postgres, stop_embedded_postgres
from kingdom.testing.live import live_stack

GRACEFUL_TIMEOUT = 8  # GUNICORN_GRACEFUL_TIMEOUT of this stack (the chart's is 20)


def pytest_collection_modifyitems(items):
    for item in items:
        if "/tests/faults/" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@dataclass
class EmbeddedServer:
    data_dir: Path
    url: str

    def stop(self) -> None:
        stop_embedded_postgres(self.data_dir)

    def start(self) -> None:
        assert start_embedded_postgres(self.data_dir) == self.url


@pytest.fixture(scope="package")
def board_postgres(tmp_path_factory) -> Iterator[EmbeddedServer]:
    data_dir = tmp_path_factory.mktemp("board-pg")
    server = EmbeddedServer(data_dir, start_embedded_postgres(data_dir))
    ensure_database(server.url, "board")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="package")
def stack(board_postgres):
    env = {
        "GUNICORN_GRACEFUL_TIMEOUT": str(GRACEFUL_TIMEOUT),
        "UPSTREAM_TIMEOUT_SECONDS": "2",
        "LOG_LEVEL": "INFO",
    }
    urls = {"board": database_url(board_postgres.url, "board")}
    with live_stack(["auth", "board", "comments"], extra_env=env, database_urls=urls) as running:
        yield running
