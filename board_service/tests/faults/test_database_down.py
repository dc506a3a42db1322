"""Board's own PostgreSQL stopped and started again under traffic (a dedicated embedded server).

While it is down board is not ready, its API answers 503 problem details with Retry-After
(never a 500), auth and comments keep working, and nothing a refused write touched is stored.
Once the server is back, board recovers by itself: no restart.
"""

from __future__ import annotations

import requests

from kingdom.testing.faults import database_of, member, query
from kingdom.testing.live import eventually, service_log


def readiness(stack) -> int:
    return requests.get(stack.url("board") + "/readyz", timeout=10).status_code


def assert_unavailable_problem(name: str, response: requests.Response, log: str) -> None:
    assert response.status_code == 503, f"{name}: {response.status_code} {response.text[:300]}\n{log}"
    assert response.headers["Content-Type"] == "application/problem+json", name
    assert int(response.headers["Retry-After"]) > 0, name
    assert response.json()["status"] == 503, name


def test_board_database_down_then_back(stack, board_postgres):
    alice = member(stack)
    post_id = alice.write_post("DB가 멈추기 전 글")
    assert alice.comment(post_id, "멈추기 전 댓글").status_code == 201
    assert readiness(stack) == 200

    board_postgres.stop()
    try:
        assert eventually(lambda: readiness(stack) == 503, timeout=15)
        answers = {
            "list": requests.get(stack.url("board") + "/api/board/posts", timeout=10),
            "detail": requests.get(stack.url("board") + f"/api/board/posts/{post_id}", timeout=10),
            "create": alice.call(
                "POST",
                "board",
                "/api/board/posts",
                json={"category": "free", "kind": "talk", "title": "DB가 멈춘 동안 쓴 글", "body": "..."},
            ),
            "edit": alice.call("PATCH", "board", f"/api/board/posts/{post_id}", json={"title": "못 고친"}),
            "like": alice.call("POST", "board", f"/api/board/posts/{post_id}/like"),
        }
        # the other services do not notice: auth signs people up, comments lists its threads
        bob = member(stack)
        thread = requests.get(
            stack.url("comments") + "/api/comments",
            params={"target_type": "post", "target_id": post_id},
            timeout=10,
        )
    finally:
        board_postgres.start()

    log = service_log(stack, "board")[-3000:]
    for name, response in answers.items():
        assert_unavailable_problem(name, response, log)
    assert bob.user["id"]
    assert thread.status_code == 200, thread.text
    assert [c["body"] for c in thread.json()["results"]] == ["멈추기 전 댓글"]

    # back without a restart: ready again, reads and writes work, nothing refused was stored
    assert eventually(lambda: readiness(stack) == 200, timeout=30), log
    board_db = database_of(stack, "board")
    assert query(board_db, "SELECT title FROM board_post WHERE author_id = %s", (alice.user["id"],)) == [
        ("DB가 멈추기 전 글",)
    ]
    assert query(board_db, "SELECT count(*) FROM board_postlike WHERE post_id = %s", (post_id,)) == [(0,)]
    listed = requests.get(stack.url("board") + "/api/board/posts", timeout=10)
    assert listed.status_code == 200, listed.text
    edited = alice.call("PATCH", "board", f"/api/board/posts/{post_id}", json={"title": "다시 고친 제목"})
    assert edited.status_code == 200, edited.text
    assert alice.write_post("DB가 돌아온 뒤 글")
