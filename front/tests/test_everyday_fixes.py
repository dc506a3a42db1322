"""Small fixes, unit level: Korean 413 page, lists without the slash, comment delete asks first,
the thread's count includes replies, guests are told how to react."""

from front.tests.fakes import page
from front.tests.samples import comment, post, report


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


def test_a_post_report_offers_the_reasons_list_and_sends_the_chosen_one(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1))
    fake_apis.add("POST", "board", "/api/board/posts/1/report", report("spam"), status=201)

    form = client.get("/board/1/report").content.decode()
    refused = client.post("/board/1/report", {"reason": "", "detail": "그냥"})
    sent = client.post("/board/1/report", {"reason": "spam", "detail": "같은 링크를 계속 올려요"})

    assert '<option value="abuse">욕설·비방</option>' in form
    assert refused.status_code == 400
    assert sent["Location"] == "/board/1"
    assert fake_apis.calls_to("board", "/api/board/posts/1/report")[0].json == {
        "reason": "스팸·광고: 같은 링크를 계속 올려요"
    }


def test_a_comment_is_reported_with_the_same_reasons_and_comes_back_to_its_thread(
    client, fake_apis, signed_in
):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1))
    fake_apis.add("GET", "comments", "/api/comments", page([comment(7)]))
    fake_apis.add("POST", "comments", "/api/comments/7/report", report("abuse"), status=201)

    thread = client.get("/board/1").content.decode()
    form = client.get("/comments/7/report?next=/board/1").content.decode()
    sent = client.post("/comments/7/report", {"reason": "abuse", "next": "/board/1"})

    assert 'href="/comments/7/report?next=/board/1"' in thread
    assert '<option value="referral">추천인·제휴 링크</option>' in form
    assert sent["Location"] == "/board/1#comment-7"
    assert fake_apis.calls_to("comments", "/api/comments/7/report")[0].json == {"reason": "욕설·비방"}


def test_an_upgraded_guests_old_post_shows_their_current_role(client, fake_apis):
    guest_author = {"id": 41, "nickname": "손님", "role": "guest"}
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, author=guest_author))
    fake_apis.add("GET", "auth", "/api/auth/users/41", {"id": 41, "nickname": "손님", "role": "member"})

    html = client.get("/board/1").content.decode()

    assert "손님" in html
    assert "(비회원)" not in html


def test_a_guests_post_still_says_so_and_auth_down_keeps_the_snapshot(client, fake_apis):
    guest_author = {"id": 42, "nickname": "나그네", "role": "guest"}
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, author=guest_author))
    fake_apis.add("GET", "auth", "/api/auth/users/42", {"id": 42, "nickname": "나그네", "role": "guest"})
    assert "(비회원)" in client.get("/board/1").content.decode()

    fake_apis.add("GET", "board", "/api/board/posts/2", post(2, author={**guest_author, "id": 43}))
    fake_apis.down("auth")
    response = client.get("/board/2")
    assert response.status_code == 200
    assert "(비회원)" in response.content.decode()


def test_a_members_post_does_not_ask_auth(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1))

    client.get("/board/1")

    assert not fake_apis.calls_to("auth", "/api/auth/users/1")


def test_the_upgrade_form_brings_the_new_member_to_their_page_or_back_where_they_were(
    client, fake_apis, signed_in
):
    from front.tests.samples import auth_answer

    signed_in(user_id=5, role="guest")
    assert 'name="next" value="/me"' in client.get("/upgrade").content.decode()
    assert 'name="next" value="/board/3"' in client.get("/upgrade?next=/board/3").content.decode()

    fake_apis.add("POST", "auth", "/api/auth/guest/upgrade", auth_answer(5, "member", "손"))
    form = {"username": "passer", "password": "pw-long-1", "password2": "pw-long-1"}
    assert client.post("/upgrade", {**form, "next": "/board/3"})["Location"] == "/board/3"
