"""Small fixes, unit level: Korean 413 page, lists without the slash, comment delete asks first,
the thread's count includes replies, guests are told how to react."""

from front.tests.fakes import page
from front.tests.samples import comment, post


def test_a_body_over_the_limit_is_a_korean_page_and_an_api_path_keeps_problem_details(client, settings):
    too_big = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1

    response = client.post("/board/write", data=b"x", content_type="text/plain", CONTENT_LENGTH=str(too_big))
    api = client.post("/api/anything", data=b"x", content_type="text/plain", CONTENT_LENGTH=str(too_big))

    assert response.status_code == 413
    assert response["Content-Type"].startswith("text/html")
    assert "보낸 내용이 너무 커요" in response.content.decode()
    assert api.status_code == 413
    assert api["Content-Type"].startswith("application/problem+json")


def test_the_lists_answer_without_the_trailing_slash(client):
    assert client.get("/board")["Location"] == "/board/"
    assert client.get("/deals?sort=hot")["Location"] == "/deals/?sort=hot"


def test_deleting_a_comment_without_the_scripts_confirmation_asks_with_a_page(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("DELETE", "comments", "/api/comments/9", None)

    asked = client.post("/comments/9/delete", {"next": "/board/1"})

    assert asked.status_code == 200
    assert "댓글을 삭제할까요?" in asked.content.decode()
    assert not fake_apis.calls_to("comments", "/api/comments/9")
    done = client.post("/comments/9/delete", {"next": "/board/1", "confirmed": "1"})
    assert done["Location"] == "/board/1#comments"
    assert len(fake_apis.calls_to("comments", "/api/comments/9")) == 1


def test_the_thread_heading_counts_replies_as_the_list_does(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, comment_count=3))
    thread = [
        comment(1, replies=[comment(2, parent_id=1), comment(3, parent_id=1)]),
        comment(4, is_deleted=True),
    ]
    fake_apis.add("GET", "comments", "/api/comments", page(thread))

    html = client.get("/board/1").content.decode()

    assert '<small class="comment-total">3</small>' in html


def test_a_long_thread_shows_the_posts_own_count(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, comment_count=130))
    fake_apis.add("GET", "comments", "/api/comments", {**page([comment(1)], count=60), "next": "/?page=2"})

    assert '<small class="comment-total">130</small>' in client.get("/board/1").content.decode()


def test_guests_and_visitors_are_told_how_to_like_and_judge(client, fake_apis, signed_in):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1))
    assert "로그인하고 좋아요·판정하기" in client.get("/board/1").content.decode()

    signed_in(role="guest")
    assert "회원으로 전환하고 좋아요·판정하기" in client.get("/board/1").content.decode()

    signed_in(role="member")
    assert "reaction-hint" not in client.get("/board/1").content.decode()
