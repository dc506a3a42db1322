"""거지방 pages: lists with badges, details with threads, writes that explain what went wrong."""

from front.tests.fakes import page, problem
from front.tests.samples import categories, comment, post, ranking, ranking_entry

CATEGORIES = categories(("free", "자유"), ("spend", "지출 고해"))


def test_the_list_shows_category_tabs_badges_and_page_numbers(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    fake_apis.add(
        "GET", "board", "/api/board/posts", page([post(1), post(2, kind="talk", amount=None)], count=45)
    )
    html = client.get("/board/?category=spend&sort=hot&page=2").content.decode()
    assert 'href="?category=spend" aria-current="page"' in html
    assert "-4,500원" in html
    assert "승인 1" in html
    assert "사치 5" in html
    assert 'href="?category=spend&amp;sort=hot&amp;page=3"' in html  # 45 posts: pages 1..3
    call = fake_apis.calls_to("board", "/api/board/posts")[0]
    assert call.params == {"category": "spend", "sort": "hot", "page": 2, "page_size": 20}


def test_the_detail_shows_the_post_and_anonymous_comments_numbered(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, body="싸게 샀어요\nhttps://shop.example"))
    thread = [
        comment(
            1, anonymous=True, anonymous_label="익명1", author={"id": None, "nickname": "익명", "role": None}
        ),
        comment(2, replies=[comment(3, parent_id=2, body="답글이에요")]),
    ]
    fake_apis.add("GET", "comments", "/api/comments", page(thread))
    html = client.get("/board/1").content.decode()
    assert "익명1" in html
    assert "답글이에요" in html
    assert 'rel="nofollow ugc noopener"' in html


def test_the_detail_still_shows_the_post_when_comments_are_down(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1))
    fake_apis.down("comments")
    response = client.get("/board/1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "커피 샀어요 1" in html
    assert "댓글: 지금은 불러올 수 없어요" in html


def test_the_detail_is_a_503_page_with_a_notice_when_the_board_is_down(client, fake_apis):
    fake_apis.down("board")
    fake_apis.add("GET", "comments", "/api/comments", page([]))
    response = client.get("/board/1")
    assert response.status_code == 503
    assert "지금은 불러올 수 없어요" in response.content.decode()


def test_bad_input_comes_back_with_messages_next_to_fields_and_the_text_kept(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    form = {"category": "spend", "kind": "spending", "title": "치킨", "body": "참지 못했어요", "amount": ""}
    response = client.post("/board/write", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "이 글 종류는 금액이 필요해요." in html
    assert 'value="치킨"' in html
    assert "참지 못했어요</textarea>" in html
    assert fake_apis.calls_to("board", "/api/board/posts") == []


def test_the_apis_field_errors_are_shown_at_their_fields(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    fake_apis.add(
        "POST", "board", "/api/board/posts", problem(400, "입력 오류", {"title": ["제목이 너무 길어요."]})
    )
    response = client.post(
        "/board/write", {"category": "free", "kind": "talk", "title": "제목", "body": "본문"}
    )
    assert response.status_code == 400
    assert (
        '<ul class="errors" id="id_title_error"><li>제목이 너무 길어요.</li></ul>'
        in response.content.decode()
    )


def test_a_write_that_cannot_reach_the_board_says_so_and_keeps_the_text(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    client.get("/board/write")  # categories are cached now
    fake_apis.down("board")
    response = client.post(
        "/board/write", {"category": "free", "kind": "talk", "title": "제목", "body": "긴 글"}
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "지금은 저장할 수 없어요" in html
    assert "긴 글</textarea>" in html


def test_a_created_post_opens_its_page(client, fake_apis, signed_in):
    signed_in(role="guest")
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    fake_apis.add("POST", "board", "/api/board/posts", post(42), status=201)
    response = client.post(
        "/board/write", {"category": "free", "kind": "spending", "title": "t", "body": "b", "amount": "3000"}
    )
    assert response["Location"] == "/board/42"
    sent = fake_apis.calls_to("board", "/api/board/posts")[0].json
    assert sent == {
        "category": "free",
        "kind": "spending",
        "title": "t",
        "body": "b",
        "amount": 3000,
    }  # a guest is not offered 익명 (the board refuses it for guests), so nothing is sent


def test_a_verdict_without_javascript_redirects_and_with_it_answers_the_fragment(
    client, fake_apis, signed_in
):
    signed_in()
    verdict = {"verdicts": {"approve": 2, "luxury": 5}, "my_verdict": "approve", "approved": False}
    fake_apis.add("POST", "board", "/api/board/posts/1/verdict", verdict)
    fake_apis.add(
        "GET",
        "board",
        "/api/board/posts/1",
        post(1, verdicts={"approve": 2, "luxury": 5}, my_verdict="approve"),
    )
    plain = client.post("/board/1/verdict", {"verdict": "approve"})
    assert plain["Location"] == "/board/1#reactions"
    fragment = client.post("/board/1/verdict", {"verdict": "approve"}, HTTP_X_REQUESTED_WITH="fetch")
    html = fragment.content.decode()
    assert html.startswith('<div class="reactions" id="reactions" aria-live="polite">')
    assert 'value="approve" class="small" aria-pressed="true">승인 2' in html


def test_guests_are_offered_the_upgrade_to_judge(client, fake_apis, signed_in):
    signed_in(role="guest")
    response = client.post("/board/1/verdict", {"verdict": "luxury"})
    assert response["Location"].startswith("/upgrade?next=")
    assert fake_apis.calls_to("board") == []


def test_a_comment_the_service_refuses_comes_back_with_the_reason_and_the_text(client, fake_apis, signed_in):
    signed_in()
    fake_apis.down("comments")
    response = client.post(
        "/comments/new",
        {"target_type": "post", "target_id": "1", "body": "좋은 정보 감사해요", "next": "/board/1"},
    )
    assert response.status_code == 503
    html = response.content.decode()
    assert "좋은 정보 감사해요</textarea>" in html
    assert 'href="/board/1"' in html


def test_the_ranking_shows_the_king_and_the_months_totals(client, fake_apis):
    king = ranking_entry(3, "아리수", total_amount=1200, confession_count=4)
    fake_apis.add("GET", "board", "/api/board/ranking", ranking([king], king=king, month="2026-11"))
    html = client.get("/board/ranking?month=2026-11").content.decode()
    assert "아아리수" not in html
    assert "<strong>아리수</strong>" in html
    assert "1,200원" in html


def test_a_refused_verdict_sent_by_script_explains_itself_in_the_fragment(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("POST", "board", "/api/board/posts/1/verdict", problem(403, "자기 글은 판정할 수 없어요."))
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, is_mine=True))
    fragment = client.post("/board/1/verdict", {"verdict": "approve"}, HTTP_X_REQUESTED_WITH="fetch")
    html = fragment.content.decode()
    assert '<p class="message error" role="alert">자기 글은 판정할 수 없어요.</p>' in html
    assert "messages" not in fragment.cookies  # not left behind for the next page as well

    plain = client.post("/board/1/verdict", {"verdict": "approve"}, follow=False)
    assert plain["Location"] == "/board/1#reactions"
    assert "messages" in plain.cookies  # without a script the reason travels as a message


def test_a_comment_page_past_the_last_one_says_so_under_the_post(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1))
    fake_apis.add("GET", "comments", "/api/comments", problem(404, "페이지가 유효하지 않습니다."))
    html = client.get("/board/1?page=7").content.decode()
    assert "커피 샀어요 1" in html
    assert "이 페이지에는 더 없어요." in html
    assert "댓글: 지금은 불러올 수 없어요" not in html


def test_a_reply_to_a_comment_deleted_meanwhile_explains_why_it_was_refused(client, fake_apis, signed_in):
    signed_in()
    refusal = problem(400, "입력값을 확인해 주세요.", {"parent_id": ["답글을 달 댓글이 없어요."]})
    fake_apis.add("POST", "comments", "/api/comments", refusal)
    form = {"target_type": "post", "target_id": "1", "parent_id": "5", "body": "저도요", "next": "/board/1"}
    response = client.post("/comments/new", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert "<p>답글을 달 댓글이 없어요.</p>" in html  # the hidden field's error, shown above the form
    assert "저도요</textarea>" in html

    response = client.post("/comments/new", {**form, "target_id": "abc"})
    assert "<p>정수를 입력하세요.</p>" in response.content.decode()


def test_only_the_author_is_asked_whether_to_delete_a_post(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, is_mine=False))
    assert client.get("/board/1/delete").status_code == 404
    fake_apis.add("GET", "board", "/api/board/posts/2", post(2, is_mine=True))
    assert "이 글을 삭제할까요?" in client.get("/board/2/delete").content.decode()


def test_the_post_page_carries_open_graph_tags_and_a_share_button(client, fake_apis):
    the_post = post(1, title="오늘 무지출", body="한 푼도 안 썼어요")
    fake_apis.add("GET", "board", "/api/board/posts/1", the_post)
    fake_apis.add("GET", "comments", "/api/comments", page([]))
    html = client.get("/board/1").content.decode()
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="오늘 무지출">' in html
    assert '<meta property="og:description" content="한 푼도 안 썼어요">' in html
    assert '<meta property="og:url" content="http://testserver/board/1">' in html
    assert 'data-share-url="http://testserver/board/1"' in html


def test_the_board_filters_fold_behind_one_control_open_when_set(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/categories", categories())
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)]))
    assert '<details class="filters">' in client.get("/board/").content.decode()
    assert '<details class="filters" open>' in client.get("/board/?kind=spending").content.decode()


def test_members_save_a_post_in_one_tap(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, saved_by_me=True))
    fake_apis.add("GET", "comments", "/api/comments", page([]))
    html = client.get("/board/1").content.decode()
    assert 'action="/board/1/save"' in html
    assert "★ 스크랩됨" in html
    assert '<input type="hidden" name="saved" value="0">' in html

    fake_apis.add("DELETE", "board", "/api/board/posts/1/bookmark", {"saved": False})
    fragment = client.post("/board/1/save", {"saved": "0"}, HTTP_X_REQUESTED_WITH="fetch").content.decode()
    assert "☆ 스크랩" in fragment
    assert 'aria-pressed="false"' in fragment
    fake_apis.add("PUT", "board", "/api/board/posts/1/bookmark", {"saved": True})
    response = client.post("/board/1/save", {"saved": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/board/1#save"


def test_a_members_list_is_everyones_until_they_write_something(client, fake_apis, settings, signed_in):
    settings.FRONT_ANONYMOUS_CACHE_SECONDS = 30
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)]))
    client.get("/board/")  # a visitor
    signed_in(user_id=5)
    client.get("/board/")  # a member: the same shared answer, no call
    lists = fake_apis.calls_to("board", "/api/board/posts")
    assert len(lists) == 1
    assert "Authorization" not in lists[0].headers

    fake_apis.add("POST", "board", "/api/board/posts/1/like", {"liked": True, "like_count": 1})
    client.post("/board/1/like")  # a like changes a count, not what the list holds: still shared
    client.get("/board/")
    assert len(fake_apis.calls_to("board", "/api/board/posts")) == 1

    fake_apis.add("POST", "board", "/api/board/posts", post(42), status=201)
    client.post("/board/write", {"category": "free", "kind": "talk", "title": "새 글", "body": "b"})
    client.get("/board/")  # they just wrote: their own answer, with the new post in it
    mine = fake_apis.calls_to("board", "/api/board/posts")[-1]
    assert mine.method == "GET"
    assert mine.headers["Authorization"].startswith("Bearer ")
    client.cookies.clear()
    client.get("/board/")  # a visitor still gets the shared answer
    reads = [call for call in fake_apis.calls_to("board", "/api/board/posts") if call.method == "GET"]
    assert len(reads) == 2
