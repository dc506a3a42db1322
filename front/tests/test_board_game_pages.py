"""The fair game as the pages show it: verdict badges, planned amounts, frozen amounts, 수정됨,
the ranking with the king on row 1, and the write form's limits."""

import re

from front.tests.fakes import page
from front.tests.samples import categories, post, ranking
from front.tests.samples import ranking_entry as row

CATEGORIES = categories(("free", "자유"), ("may-i-buy", "사도 될까요?"))


def test_judged_requests_carry_a_badge_and_a_request_is_not_a_negative_amount(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    passed = post(1, kind="request", amount=39_000, approved=True, verdicts={"approve": 4, "luxury": 1})
    luxury = post(2, kind="request", amount=250_000, verdicts={"approve": 1, "luxury": 3})
    pending = post(3, kind="request", amount=12_000, verdicts={"approve": 0, "luxury": 0})
    spent = post(4, kind="spending", amount=4500)
    fake_apis.add("GET", "board", "/api/board/posts", page([passed, luxury, pending, spent]))

    html = client.get("/board/").content.decode()
    rows = html.split('<li class="row post-row">')[1:]

    assert '<span class="badge verdict-passed">통과</span>' in rows[0]
    assert '<span class="badge verdict-luxury">사치</span>' in rows[1]
    assert "verdict-" not in rows[2] + rows[3]
    assert "-39,000원" not in html
    assert "-250,000원" not in html
    assert '<span class="amount-planned">사려는 금액 39,000원</span>' in rows[0]
    assert '<span class="amount">-4,500원</span>' in rows[3]


def test_the_edit_form_of_a_judged_post_shows_the_amount_read_only_and_never_sends_it(
    client, fake_apis, signed_in
):
    signed_in()
    judged = post(5, kind="request", amount=39_000, is_mine=True, amount_frozen=True)
    fake_apis.add("GET", "board", "/api/board/posts/5", judged)
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    fake_apis.add("PATCH", "board", "/api/board/posts/5", judged)

    html = client.get("/board/5/edit").content.decode()

    assert 'name="amount"' not in html
    assert "39,000원" in html
    assert "판정을 받은 글이라 금액은 바꿀 수 없어요" in html
    assert "글 종류는 올린 뒤에 바꿀 수 없어요" in html
    response = client.post(
        "/board/5/edit", {"category": "free", "title": "제목", "body": "내용", "amount": "1"}
    )
    assert response.status_code == 302
    assert fake_apis.calls_to("board", "/api/board/posts/5")[-1].json == {
        "category": "free",
        "title": "제목",
        "body": "내용",
    }


def test_an_unjudged_post_keeps_its_amount_editable(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/posts/5", post(5, is_mine=True, amount_frozen=False))
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)

    assert 'name="amount"' in client.get("/board/5/edit").content.decode()


def test_an_edited_post_says_so_with_the_time(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, edited_at="2026-11-24T12:30:00+00:00"))

    html = client.get("/board/1").content.decode()

    assert re.search(r'수정됨 <time datetime="2026-11-24T12:30:00\+00:00">2026\.11\.24 21:30</time>', html)


def test_the_ranking_ranks_only_who_can_be_king_and_sets_the_others_apart(client, fake_apis):
    king = row(3, "아리수", 1200, 4, True)
    rows = [king, row(4, "큰손", 90_000, 3, True), row(5, "새내기", 100, 1, False)]
    fake_apis.add(
        "GET", "board", "/api/board/ranking", ranking(rows, king=king, month="2026-11", min_confessions=3)
    )

    html = client.get("/board/ranking?month=2026-11").content.decode()
    ranked, apart = html.split("후보 자격 미달</h2>")

    assert re.search(r"<tr><td>1</td><td>아리수</td>", ranked)
    assert re.search(r"<tr><td>2</td><td>큰손</td>", ranked)
    assert "새내기" not in ranked
    assert "<td>새내기</td>" in apart


def test_guests_are_not_offered_anonymity_members_are(client, fake_apis, signed_in):
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)
    signed_in(role="guest")
    assert "익명으로 쓰기" not in client.get("/board/write").content.decode()

    signed_in(role="member")
    assert "익명으로 쓰기" in client.get("/board/write").content.decode()


def test_the_write_form_states_and_enforces_the_boards_limits(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/categories", CATEGORIES)

    html = client.get("/board/write").content.decode()

    assert re.search(r'<input type="text" name="title" data-count="100"[^>]* maxlength="100"', html)
    assert re.search(r'<textarea name="body"[^>]*data-count="10000"[^>]* maxlength="10000"', html)
    assert "100자까지" in html
    assert "10,000자까지" in html
    response = client.post(
        "/board/write", {"category": "free", "kind": "talk", "title": "가" * 101, "body": "b"}
    )
    assert response.status_code == 400
    assert not fake_apis.calls_to("board", "/api/board/posts")


def test_the_author_of_a_hidden_post_is_told_it_is_under_review(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, is_mine=True, is_hidden=True))
    fake_apis.add("GET", "board", "/api/board/posts/2", post(2, is_mine=True, is_hidden=False))

    assert "검토 중 숨김" in client.get("/board/1").content.decode()
    assert "검토 중 숨김" not in client.get("/board/2").content.decode()


def test_an_anonymous_author_sees_their_post_is_shown_as_anonymous(client, fake_apis, signed_in):
    signed_in()
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, is_mine=True, anonymous=True))
    fake_apis.add("GET", "board", "/api/board/posts/2", post(2, is_mine=True, anonymous=False))

    assert "익명으로 게시됨" in client.get("/board/1").content.decode()
    assert "익명으로 게시됨" not in client.get("/board/2").content.decode()


def test_a_requests_page_shows_the_planned_amount_not_as_spending(client, fake_apis):
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1, kind="request", amount=89_000))
    fake_apis.add("GET", "board", "/api/board/posts/2", post(2, kind="spending", amount=4500))

    assert '<p class="amount planned">사려는 금액 89,000원</p>' in client.get("/board/1").content.decode()
    assert '<p class="amount">지출 4,500원</p>' in client.get("/board/2").content.decode()
