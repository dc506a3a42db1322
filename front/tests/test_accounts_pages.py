"""Entry, upgrade and my page."""

from front.tests.fakes import page, problem
from front.tests.samples import auth_answer, comment, deal, me, post
from kingdom.http import UpstreamUnavailable


def test_guest_join_signs_in_with_the_nickname(client, fake_apis):
    fake_apis.add("POST", "auth", "/api/auth/guest", auth_answer(5, "guest", "지나가던손"), status=201)
    response = client.post("/guest", {"nickname": "지나가던손", "next": "/board/3"})
    assert response["Location"] == "/board/3"
    assert fake_apis.calls_to("auth")[0].json == {"nickname": "지나가던손"}
    assert client.session["tk_auth"]["user"] == {"id": 5, "nickname": "지나가던손", "role": "guest"}


def test_sign_up_errors_from_auth_appear_at_their_fields(client, fake_apis):
    fake_apis.add(
        "POST",
        "auth",
        "/api/auth/signup",
        problem(400, "입력 오류", {"nickname": ["이미 쓰는 닉네임입니다."]}),
    )
    form = {"username": "saver1", "nickname": "짠돌이", "password": "pw-long-1", "password2": "pw-long-1"}
    response = client.post("/signup", form)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<ul class="errors" id="id_nickname_error"><li>이미 쓰는 닉네임입니다.</li></ul>' in html
    assert 'aria-describedby="id_nickname_error"' in html
    assert 'value="saver1"' in html
    assert "pw-long-1" not in html  # passwords are never sent back


def test_a_sign_up_limit_says_the_wait_in_minutes_not_thousands_of_seconds(client, fake_apis):
    limited = problem(429, "too many", headers={"Retry-After": "3322"})
    fake_apis.add("POST", "auth", "/api/auth/signup", limited)
    form = {"username": "saver1", "nickname": "짠돌이", "password": "pw-long-1", "password2": "pw-long-1"}
    html = client.post("/signup", form).content.decode()
    assert "약 56분 뒤에 다시" in html
    assert "3322" not in html


def test_a_wrong_password_is_explained_above_the_form(client, fake_apis):
    fake_apis.add("POST", "auth", "/api/auth/login", problem(401, "아이디 또는 비밀번호가 맞지 않습니다."))
    response = client.post("/login", {"username": "saver1", "password": "nope"})
    assert response.status_code == 401
    assert "아이디 또는 비밀번호가 맞지 않습니다." in response.content.decode()
    assert fake_apis.calls_to("auth", "/api/auth/refresh") == []


def test_a_guest_upgrade_keeps_the_id_and_becomes_a_member(client, fake_apis, signed_in):
    signed_in(user_id=5, role="guest", nickname="지나가던손")
    upgraded = auth_answer(5, "member", "지나가던손")
    fake_apis.add("POST", "auth", "/api/auth/guest/upgrade", upgraded)
    response = client.post(
        "/upgrade", {"username": "passer", "password": "pw-long-1", "password2": "pw-long-1"}
    )
    assert response["Location"] == "/me"
    assert fake_apis.calls_to("auth", "/api/auth/guest/upgrade")[0].json == {
        "username": "passer",
        "password": "pw-long-1",
    }
    # the member pair replaces the guest's (auth revoked those): later calls stay signed in
    assert client.session["tk_auth"] == {
        "access": upgraded["access"],
        "refresh": upgraded["refresh"],
        "user": {"id": 5, "nickname": "지나가던손", "role": "member"},
    }


def test_my_page_lists_my_posts_deals_and_comments(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "auth", "/api/auth/me", me(1, "짠돌이", email="a@example.com"))
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1, is_mine=True, anonymous=True)]))
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([deal(4)]))
    fake_apis.add("GET", "comments", "/api/comments", page([comment(9, target_type="deal", target_id=4)]))
    assert "커피 샀어요 1" in client.get("/me").content.decode()
    assert fake_apis.calls_to("board")[0].params["author"] == "me"
    assert "햇반 24개 4" in client.get("/me?tab=deals").content.decode()
    assert fake_apis.calls_to("sharing")[0].params == {
        "author": "me",
        "page": 1,
        "page_size": 20,
        "status": "all",
    }
    assert 'href="/deals/4#comment-9"' in client.get("/me?tab=comments").content.decode()


def test_a_nickname_change_renews_the_tokens_that_carry_it(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("PATCH", "auth", "/api/auth/me", me(1, "새이름"))
    fake_apis.add("POST", "auth", "/api/auth/refresh", auth_answer(1, "member", "새이름"))
    response = client.post("/me/nickname", {"nickname": "새이름"})
    assert response["Location"] == "/me"
    assert len(fake_apis.calls_to("auth", "/api/auth/refresh")) == 1
    assert client.session["tk_auth"]["user"]["nickname"] == "새이름"


def test_search_asks_board_and_deals_at_once_and_survives_one_down(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)]))
    fake_apis.down("sharing")
    response = client.get("/search?q=햇반")
    assert response.status_code == 200
    html = response.content.decode()
    assert "커피 샀어요 1" in html
    assert "최저가: 지금은 불러올 수 없어요" in html
    assert fake_apis.calls_to("board")[0].params["q"] == "햇반"


def test_search_says_1000_plus_where_the_apis_stopped_counting(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)], count=1000))  # kingdom.search
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([], count=0))
    html = client.get("/search?q=라면").content.decode()
    assert "거지방 <small>(1,000+)</small>" in html
    assert "최저가 <small>(0)</small>" in html


def test_search_past_one_sections_last_page_says_so_instead_of_blaming_the_service(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts", page([post(21)], count=45))
    fake_apis.add("GET", "sharing", "/api/sharing/deals", problem(404, "페이지가 유효하지 않습니다."))
    response = client.get("/search?q=%00햇반&page=2")
    html = response.content.decode()
    assert response.status_code == 200
    assert "커피 샀어요 21" in html
    assert "이 페이지에는 더 없어요." in html
    assert "지금은 불러올 수 없어요" not in html
    assert fake_apis.calls_to("board")[0].params["q"] == "햇반"  # NUL dropped: the APIs refuse it


def test_search_a_query_the_api_refuses_shows_its_reason(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    refusal = problem(400, "입력값을 확인해 주세요.", {"q": ["검색어가 너무 짧아요."]})
    fake_apis.add("GET", "sharing", "/api/sharing/deals", refusal)
    html = client.get("/search?q=x").content.decode()
    assert "입력값을 확인해 주세요. 검색어가 너무 짧아요." in html


def test_my_page_past_its_last_page_says_so_instead_of_blaming_the_service(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "auth", "/api/auth/me", me(1))
    fake_apis.add("GET", "board", "/api/board/posts", problem(404, "페이지가 유효하지 않습니다."))
    html = client.get("/me?page=9").content.decode()
    assert "이 페이지에는 더 없어요." in html
    assert "지금은 불러올 수 없어요" not in html


def test_a_saved_nickname_is_not_reported_as_unsaved_when_the_token_renewal_fails(
    client, fake_apis, signed_in
):
    def refresh_times_out(call):
        raise UpstreamUnavailable("http://auth.test", "timed out")

    signed_in()
    fake_apis.add("PATCH", "auth", "/api/auth/me", me(1, "새이름"))
    fake_apis.add("POST", "auth", "/api/auth/refresh", refresh_times_out)
    response = client.post("/me/nickname", {"nickname": "새이름"})
    assert response.status_code == 302
    assert response["Location"] == "/me"
    assert client.session["tk_auth"]["user"]["nickname"] == "새이름"


def test_my_page_merges_saved_posts_and_deals_latest_first_and_says_which_deals_ended(
    client, fake_apis, signed_in
):
    signed_in(user_id=5)
    fake_apis.add(
        "GET",
        "board",
        "/api/board/posts",
        page([post(1, title="무지출 챌린지", saved_at="2026-11-24T12:00:00+09:00")]),
    )
    fake_apis.add(
        "GET",
        "sharing",
        "/api/sharing/deals",
        page(
            [
                deal(7, title="품절된 햇반", status="sold_out", saved_at="2026-11-24T13:00:00+09:00"),
                deal(8, title="진행 중 라면", saved_at="2026-11-24T11:00:00+09:00"),
            ]
        ),
    )
    fake_apis.add("GET", "auth", "/api/auth/me", me(5, "알뜰이"))
    html = client.get("/me?tab=saved").content.decode()
    assert html.index("품절된 햇반") < html.index("무지출 챌린지") < html.index("진행 중 라면")
    assert "스크랩한 딜 중 1개가 종료됐어요." in html
    assert fake_apis.calls_to("board", "/api/board/posts")[0].params["saved"] == "me"
    assert fake_apis.calls_to("sharing", "/api/sharing/deals")[0].params["saved"] == "me"


def test_account_forms_give_the_browser_a_device_id_that_auth_counts_sign_ups_by(client, fake_apis):
    assert "tk_device" not in client.get("/signup").cookies  # never on a page the cache could keep
    fake_apis.add("POST", "auth", "/api/auth/guest", auth_answer(5, "guest", "지나가던손"), status=201)

    first = client.post("/guest", {"nickname": "지나가던손"})
    cookie = first.cookies["tk_device"]
    client.cookies.pop("tk_session", None)  # a new visit of the same browser
    second = client.post("/guest", {"nickname": "또지나가던"})

    sent = [call.headers["X-Device-Id"] for call in fake_apis.calls_to("auth", "/api/auth/guest")]
    assert cookie["httponly"]
    assert sent[0] == sent[1]
    assert len(sent[0]) >= 20
    assert "tk_device" not in second.cookies  # kept, not replaced


def test_a_tampered_device_cookie_is_replaced(client, fake_apis):
    fake_apis.add("POST", "auth", "/api/auth/guest", auth_answer(5, "guest", "지나가던손"), status=201)
    client.cookies["tk_device"] = "chosen-by-me"

    response = client.post("/guest", {"nickname": "지나가던손"})

    (call,) = fake_apis.calls_to("auth", "/api/auth/guest")
    assert call.headers["X-Device-Id"] != "chosen-by-me"
    assert response.cookies["tk_device"].value != "chosen-by-me"
