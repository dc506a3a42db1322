"""최저가 공유 pages: filtered lists, deal details with votes, the share form, product pages."""

import re

from front.tests.fakes import FakeResponse, page, problem
from front.tests.samples import comment, deal, product_row, report
from front.tests.samples import product as a_product
from kingdom.http import UpstreamUnavailable

CATEGORIES = [{"slug": "food", "name": "식품"}, {"slug": "digital", "name": "디지털"}]
STORES = [{"name": "쿠팡", "active_deal_count": 5}, {"name": "11번가", "active_deal_count": 2}]
SHARE_FORM = {
    "title": "햇반 24개 특가",
    "product_name": "햇반 210g 24개",
    "category": "food",
    "url": "https://shop.example/hatban",
    "store": "쿠팡",
    "price": "19900",
    "original_price": "29900",
    "shipping_fee": "0",
    "coupon_code": "",
    "expires_at": "",
    "image_url": "",
    "description": "로켓배송 특가\n오늘만",
}


def a_deal(deal_id=1, **fields) -> dict:
    """A deal as sharing answers it (category as an object, vote counts)."""
    defaults = {
        "category": {"slug": "food", "name": "식품"},
        "hot_count": 14,
        "cold_count": 2,
        "expire_report_count": 0,
        "is_free": False,
        "is_free_shipping": True,
        "description": "로켓배송 특가",
        "coupon_code": "",
        "expires_at": None,
        "ended_at": None,
        "image_url": "",
        "thumbnail_url": "",
        "is_hidden": False,
    }
    return deal(deal_id, **{**defaults, **fields})


def reference_data(fake_apis) -> None:
    fake_apis.add("GET", "sharing", "/api/sharing/categories", CATEGORIES)
    fake_apis.add("GET", "sharing", "/api/sharing/stores", STORES)


def detail_apis(fake_apis, the_deal, comments=()) -> None:
    fake_apis.add("GET", "sharing", f"/api/sharing/deals/{the_deal['id']}", the_deal)
    fake_apis.add("GET", "comments", "/api/comments", page(list(comments)))


# --- list -----------------------------------------------------------------------------------


def test_the_list_passes_every_filter_and_the_sort_to_sharing(client, fake_apis):
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([a_deal(1)], count=45))
    response = client.get(
        "/deals/?category=food&store=쿠팡&min_price=1000&max_price=30000&free_shipping=1"
        "&show_ended=1&sort=discount&q=햇반&page=2"
    )
    assert response.status_code == 200
    call = fake_apis.calls_to("sharing", "/api/sharing/deals")[0]
    assert call.params == {
        "category": "food",
        "store": "쿠팡",
        "min_price": 1000,
        "max_price": 30000,
        "free_shipping": "true",
        "status": "all",
        "sort": "discount",
        "q": "햇반",
        "page": 2,
        "page_size": 20,
    }
    html = response.content.decode()
    assert 'value="햇반"' in html
    assert '<option value="쿠팡" selected>' in html
    assert '<option value="discount" selected>' in html
    assert 'id="deal-free" name="free_shipping" value="1" checked' in html
    assert "page=3" in html  # 45 deals: pages 1..3


def test_the_first_visit_asks_for_new_active_deals_only(client, fake_apis):
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([]))
    client.get("/deals/")
    call = fake_apis.calls_to("sharing", "/api/sharing/deals")[0]
    assert call.params == {"sort": "new", "page": 1, "page_size": 20}


def test_rows_show_store_price_shipping_discount_and_state_at_a_glance(client, fake_apis):
    reference_data(fake_apis)
    rows = [
        a_deal(1, store="쿠팡", effective_price=19900, discount_percent=33, is_lowest_ever=True),
        a_deal(2, shipping_fee=3000, effective_price=22900, is_lowest_ever=False, status="expired"),
        a_deal(3, status="sold_out", is_lowest_ever=False),
    ]
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page(rows))
    html = client.get("/deals/?show_ended=1").content.decode()
    assert "[쿠팡]" in html
    assert "19,900원" in html
    assert "33%" in html
    assert "무료배송" in html
    assert "배송비 3,000원" in html
    assert html.count("역대 최저") == 1
    assert '<span class="badge ended">종료</span>' in html
    assert '<span class="badge ended">품절</span>' in html


def test_nonsense_filters_are_dropped_with_a_message(client, fake_apis):
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([]))
    html = client.get("/deals/?min_price=abc&max_price=500&sort=weird").content.decode()
    call = fake_apis.calls_to("sharing", "/api/sharing/deals")[0]
    assert call.params == {"max_price": 500, "sort": "new", "page": 1, "page_size": 20}
    assert 'role="alert"' in html


def test_a_reversed_price_range_is_explained_not_sent(client, fake_apis):
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([]))
    html = client.get("/deals/?min_price=5000&max_price=100").content.decode()
    assert "최고 가격은 최저 가격보다 커야 해요." in html
    assert "max_price" not in fake_apis.calls_to("sharing", "/api/sharing/deals")[0].params


def test_the_list_is_a_notice_not_an_error_when_sharing_is_down(client, fake_apis):
    fake_apis.down("sharing")
    response = client.get("/deals/?sort=hot")
    assert response.status_code == 503
    html = response.content.decode()
    assert "딜 목록: 지금은 불러올 수 없어요" in html
    assert "<h1>최저가 공유</h1>" in html


def test_anonymous_lists_are_cached_but_searches_are_not(client, fake_apis, settings):
    settings.FRONT_ANONYMOUS_CACHE_SECONDS = 30
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([a_deal(1)]))
    client.get("/deals/?sort=hot")
    client.get("/deals/?sort=hot")
    assert len(fake_apis.calls_to("sharing", "/api/sharing/deals")) == 1
    client.get("/deals/?q=햇반")
    client.get("/deals/?q=햇반")
    assert len(fake_apis.calls_to("sharing", "/api/sharing/deals")) == 3


def test_a_member_shares_the_deal_list_until_they_delete_a_deal(client, fake_apis, settings, signed_in):
    settings.FRONT_ANONYMOUS_CACHE_SECONDS = 30
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([a_deal(1)]))
    signed_in(user_id=1)
    client.get("/deals/")
    client.get("/deals/")
    shared = fake_apis.calls_to("sharing", "/api/sharing/deals")
    assert len(shared) == 1
    assert "Authorization" not in shared[0].headers
    fake_apis.add("DELETE", "sharing", "/api/sharing/deals/1", FakeResponse(204))
    assert client.post("/deals/1/delete")["Location"] == "/deals/"
    client.get("/deals/")  # the list they come back to is their own: the deal is gone from it
    mine = fake_apis.calls_to("sharing", "/api/sharing/deals")[-1]
    assert mine.headers["Authorization"].startswith("Bearer ")


# --- detail ---------------------------------------------------------------------------------


def test_the_detail_shows_the_deal_a_safe_store_link_and_the_comment_thread(client, fake_apis):
    detail_apis(fake_apis, a_deal(1, url="https://shop.example/a?b=1"), [comment(1, body="좋아요 삽니다")])
    html = client.get("/deals/1").content.decode()
    assert '<h1 id="deal-title">햇반 24개 1</h1>' in html
    assert 'href="https://shop.example/a?b=1" rel="nofollow ugc noopener" target="_blank"' in html
    assert "좋아요 삽니다" in html
    assert 'id="comments"' in html
    assert "역대 최저가" in html
    call = fake_apis.calls_to("comments", "/api/comments")[0]
    assert call.params["target_type"] == "deal"
    assert call.params["target_id"] == 1


def test_an_anonymous_detail_may_come_from_the_cache_a_members_never(client, fake_apis, settings, signed_in):
    settings.FRONT_ANONYMOUS_CACHE_SECONDS = 30
    detail_apis(fake_apis, a_deal(1))
    client.get("/deals/1")
    client.get("/deals/1")
    assert len(fake_apis.calls_to("sharing", "/api/sharing/deals/1")) == 1
    signed_in(user_id=5)
    client.get("/deals/1")
    client.get("/deals/1")
    assert len(fake_apis.calls_to("sharing", "/api/sharing/deals/1")) == 3


def test_a_link_that_is_not_http_is_never_made_clickable(client, fake_apis):
    detail_apis(
        fake_apis,
        a_deal(
            1,
            url="javascript:alert(1)",
            image_url="http://plain.example/x.png",
            thumbnail_url="http://plain.example/x.png",
        ),
    )
    html = client.get("/deals/1").content.decode()
    assert "javascript:" not in html
    assert "구매하러 가기" not in html
    assert "<img" not in html  # only https images (CSP)


def test_user_text_is_escaped(client, fake_apis):
    detail_apis(fake_apis, a_deal(1, title="<b>굵게</b>", description="<script>x</script>"))
    html = client.get("/deals/1").content.decode()
    assert "<b>굵게</b>" not in html
    assert "<script>x</script>" not in html
    assert "&lt;script&gt;" in html


def test_an_ended_deal_says_so_and_offers_no_expiry(client, fake_apis, signed_in):
    signed_in(user_id=5)
    detail_apis(fake_apis, a_deal(1, status="sold_out", ended_at="2026-11-24T12:00:00+09:00"))
    html = client.get("/deals/1").content.decode()
    assert "품절된 딜이에요." in html
    assert "/deals/1/expire" not in html


def test_members_see_hot_cold_with_their_vote_pressed(client, fake_apis, signed_in):
    signed_in(user_id=5)
    detail_apis(fake_apis, a_deal(1, my_vote=1))
    html = client.get("/deals/1").content.decode()
    assert (
        'value="withdraw" class="small" aria-pressed="true"><span aria-hidden="true">▲</span> 핫 14' in html
    )
    assert (
        'value="-1" class="small secondary" aria-pressed="false"><span aria-hidden="true">▼</span> 콜드 2'
        in html
    )
    assert 'data-enhance="inline" data-target="vote"' in html
    assert "종료 신고" in html  # not the author: expiry is a report
    assert "/deals/1/report" in html
    assert "/deals/1/edit" not in html


def test_the_author_may_edit_delete_and_end_at_once(client, fake_apis, signed_in):
    signed_in(user_id=1)
    detail_apis(fake_apis, a_deal(1, is_mine=True))
    html = client.get("/deals/1").content.decode()
    assert "/deals/1/edit" in html
    assert "/deals/1/delete" in html
    assert "종료로 표시" in html
    assert "/deals/1/report" not in html
    vote = html.split('id="vote"', 1)[1].split("</div>", 1)[0]
    assert "aria-pressed" not in vote  # no voting on one's own deal (saving it is fine)
    assert 'action="/deals/1/vote"' not in html


def test_visitors_are_invited_to_log_in_to_vote(client, fake_apis):
    detail_apis(fake_apis, a_deal(1))
    html = client.get("/deals/1").content.decode()
    assert "로그인하고 투표하기" in html
    assert "/deals/1/vote" not in html


def test_an_unknown_deal_is_a_404_page(client, fake_apis):
    fake_apis.add("GET", "comments", "/api/comments", page([]))
    response = client.get("/deals/99")
    assert response.status_code == 404


def test_the_detail_is_a_503_notice_when_sharing_is_down(client, fake_apis):
    fake_apis.down("sharing")
    fake_apis.add("GET", "comments", "/api/comments", page([]))
    response = client.get("/deals/1")
    assert response.status_code == 503
    assert "이 딜: 지금은 불러올 수 없어요" in response.content.decode()


def test_the_detail_still_shows_when_comments_are_down(client, fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", a_deal(1))
    fake_apis.down("comments")
    response = client.get("/deals/1")
    assert response.status_code == 200
    assert "댓글: 지금은 불러올 수 없어요" in response.content.decode()


# --- votes, expiry, reports -----------------------------------------------------------------


def test_a_hot_vote_posts_to_the_vote_endpoint(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/vote", a_deal(1, my_vote=1, hot_count=15))
    response = client.post("/deals/1/vote", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"] == "/deals/1#vote"
    [call] = fake_apis.calls_to("sharing", "/api/sharing/deals/1/vote")
    assert (call.method, call.json) == ("POST", {"value": 1})


def test_a_cold_vote_sent_by_script_answers_the_fragment(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/vote", a_deal(1, my_vote=-1, cold_count=3))
    response = client.post("/deals/1/vote", {"value": "-1"}, headers={"X-Requested-With": "fetch"})
    html = response.content.decode()
    assert html.startswith('<div class="reactions deal-vote" id="vote">')
    assert 'aria-pressed="true"><span aria-hidden="true">▼</span> 콜드 3' in html
    assert fake_apis.calls_to("sharing", "/api/sharing/deals/1/vote")[0].json == {"value": -1}


def test_pressing_ones_vote_again_withdraws_it(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("DELETE", "sharing", "/api/sharing/deals/1/vote", a_deal(1, my_vote=None))
    client.post("/deals/1/vote", {"value": "withdraw"})
    [call] = fake_apis.calls_to("sharing", "/api/sharing/deals/1/vote")
    assert call.method == "DELETE"


def test_a_refused_vote_is_explained(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/vote", problem(429, "너무 잦아요"))
    response = client.post("/deals/1/vote", {"value": "1"}, follow=False)
    assert response.status_code == 302
    detail_apis(fake_apis, a_deal(1))
    assert "너무 자주 시도했어요." in client.get("/deals/1").content.decode()


def test_guests_are_offered_the_upgrade_instead_of_voting(client, fake_apis, signed_in):
    signed_in(user_id=9, role="guest")
    response = client.post("/deals/1/vote", {"value": "1"})
    assert response.status_code == 302
    assert response["Location"].startswith("/upgrade?next=")
    assert fake_apis.calls_to("sharing", "/api/sharing/deals/1/vote") == []


def test_the_author_ends_a_deal_at_once(client, fake_apis, signed_in):
    signed_in(user_id=1)
    fake_apis.add(
        "POST", "sharing", "/api/sharing/deals/1/expire", a_deal(1, status="sold_out", is_mine=True)
    )
    client.post("/deals/1/expire", {"status": "sold_out"})
    [call] = fake_apis.calls_to("sharing", "/api/sharing/deals/1/expire")
    assert call.json == {"status": "sold_out"}
    detail_apis(fake_apis, a_deal(1, status="sold_out", is_mine=True))
    html = client.get("/deals/1").content.decode()
    assert "품절로 표시했어요." in html  # 품절 was asked for: it is never called 종료
    assert "종료로 표시했어요." not in html


def test_a_members_expiry_is_counted_as_a_report(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/expire", a_deal(1, expire_report_count=1))
    client.post("/deals/1/expire", {"status": "bogus"})
    assert fake_apis.calls_to("sharing", "/api/sharing/deals/1/expire")[0].json == {"status": "expired"}
    detail_apis(fake_apis, a_deal(1, expire_report_count=1))
    assert "종료 신고를 접수했어요." in client.get("/deals/1").content.decode()


def test_a_report_posts_the_reason_and_detail(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", a_deal(1))
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/report", report("referral", 3), status=201)
    form_html = client.get("/deals/1/report").content.decode()
    assert '<option value="referral">추천인·제휴 링크</option>' in form_html
    response = client.post("/deals/1/report", {"reason": "referral", "detail": "추천인 코드가 있어요"})
    assert response.status_code == 302
    [call] = fake_apis.calls_to("sharing", "/api/sharing/deals/1/report")
    assert call.json == {"reason": "referral", "detail": "추천인 코드가 있어요"}


def test_a_report_without_a_reason_comes_back_with_the_text_kept(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", a_deal(1))
    response = client.post("/deals/1/report", {"reason": "", "detail": "이상해요"})
    assert response.status_code == 400
    assert "이상해요</textarea>" in response.content.decode()
    assert fake_apis.calls_to("sharing", "/api/sharing/deals/1/report") == []


# --- share / edit / delete ------------------------------------------------------------------


def test_visitors_are_sent_to_log_in_and_guests_to_the_upgrade(client, fake_apis, signed_in):
    response = client.get("/deals/new")
    assert response["Location"].startswith("/login?next=")
    signed_in(user_id=9, role="guest")
    response = client.get("/deals/new")
    assert response["Location"] == "/upgrade?next=%2Fdeals%2Fnew"
    assert fake_apis.calls_to("sharing") == []


def test_sharing_a_deal_posts_it_and_opens_it(client, fake_apis, signed_in):
    signed_in()
    reference_data(fake_apis)
    fake_apis.add("POST", "sharing", "/api/sharing/deals", FakeResponse(201, a_deal(42)))
    form_html = client.get("/deals/new").content.decode()
    assert '<option value="food">식품</option>' in form_html
    assert 'type="datetime-local"' in form_html
    response = client.post("/deals/new", {**SHARE_FORM, "expires_at": "2099-12-31T23:00"})
    assert response.status_code == 302
    assert response["Location"] == "/deals/42"
    [call] = fake_apis.calls_to("sharing", "/api/sharing/deals")
    assert call.json["price"] == 19900
    assert call.json["original_price"] == 29900
    assert call.json["category"] == "food"
    assert call.json["url"] == "https://shop.example/hatban"
    assert call.json["expires_at"] == "2099-12-31T23:00:00+09:00"


def test_a_duplicate_is_refused_with_a_link_to_the_original(client, fake_apis, signed_in):
    signed_in()
    reference_data(fake_apis)
    fake_apis.add(
        "POST",
        "sharing",
        "/api/sharing/deals",
        problem(409, "같은 링크의 진행중인 딜이 이미 있습니다.", existing=a_deal(3, title="원래 햇반 딜")),
    )
    response = client.post("/deals/new", SHARE_FORM)
    assert response.status_code == 409
    html = response.content.decode()
    assert html.count("같은 링크의 진행중인 딜이 이미 있습니다.") == 1
    assert 'href="/deals/3"' in html
    assert "원래 햇반 딜" in html
    assert 'value="햇반 24개 특가"' in html  # what was typed stays


def test_bad_input_comes_back_with_messages_and_typed_values(client, fake_apis, signed_in):
    signed_in()
    reference_data(fake_apis)
    bad = {**SHARE_FORM, "url": "ftp://shop.example/x", "price": "20000", "original_price": "100"}
    response = client.post("/deals/new", bad)
    assert response.status_code == 400
    html = response.content.decode()
    assert "정가는 판매가보다 낮을 수 없어요." in html
    assert re.search(r"올바른 URL|http:// 또는 https://|Enter a valid URL", html)
    assert 'value="햇반 24개 특가"' in html
    assert "로켓배송 특가\n오늘만</textarea>" in html
    assert fake_apis.calls_to("sharing", "/api/sharing/deals") == []


def test_the_form_takes_every_price_sharing_takes(client, fake_apis, signed_in):
    """A 1.5억 car or a 50만 원 freight charge is a deal sharing accepts; the form must not refuse it."""
    signed_in()
    reference_data(fake_apis)
    fake_apis.add("POST", "sharing", "/api/sharing/deals", FakeResponse(201, a_deal(43)))
    dear = {**SHARE_FORM, "price": "150000000", "original_price": "180000000", "shipping_fee": "500000"}

    assert client.post("/deals/new", dear).status_code == 302

    [call] = fake_apis.calls_to("sharing", "/api/sharing/deals")
    assert (call.json["price"], call.json["shipping_fee"]) == (150_000_000, 500_000)


def test_prices_beyond_sharings_limits_are_refused_at_their_fields(client, fake_apis, signed_in):
    signed_in()
    reference_data(fake_apis)
    absurd = {**SHARE_FORM, "price": "2000000000", "original_price": "", "shipping_fee": "2000000"}
    response = client.post("/deals/new", absurd)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_price_error"' in html
    assert 'id="id_shipping_fee_error"' in html
    assert fake_apis.calls_to("sharing", "/api/sharing/deals") == []


def test_the_apis_field_errors_land_at_their_fields(client, fake_apis, signed_in):
    signed_in()
    reference_data(fake_apis)
    fake_apis.add(
        "POST",
        "sharing",
        "/api/sharing/deals",
        problem(400, "입력 오류", {"url": ["단축 URL은 쓸 수 없습니다."]}),
    )
    response = client.post("/deals/new", SHARE_FORM)
    assert response.status_code == 400
    html = response.content.decode()
    assert '<ul class="errors" id="id_url_error"><li>단축 URL은 쓸 수 없습니다.</li></ul>' in html


def test_a_write_that_cannot_reach_sharing_keeps_the_text(client, fake_apis, signed_in):
    signed_in()
    reference_data(fake_apis)

    def unreachable(call):
        raise UpstreamUnavailable("http://sharing.test", "timeout")

    fake_apis.add("POST", "sharing", "/api/sharing/deals", unreachable)
    response = client.post("/deals/new", SHARE_FORM)
    assert response.status_code == 503
    html = response.content.decode()
    assert "지금은 저장할 수 없어요" in html
    assert 'value="햇반 24개 특가"' in html
    assert "로켓배송 특가\n오늘만</textarea>" in html


def test_with_sharing_down_the_form_keeps_everything_including_the_category(client, fake_apis, signed_in):
    signed_in()
    fake_apis.down("sharing")
    response = client.post("/deals/new", SHARE_FORM)
    assert response.status_code == 503
    html = response.content.decode()
    assert "지금은 저장할 수 없어요" in html
    assert '<option value="food" selected>food</option>' in html
    assert 'value="https://shop.example/hatban"' in html


def test_the_share_form_says_when_categories_cannot_be_loaded(client, fake_apis, signed_in):
    signed_in()
    fake_apis.down("sharing")
    response = client.get("/deals/new")
    assert response.status_code == 200
    assert "카테고리를 불러오지 못했어요" in response.content.decode()


def test_the_edit_form_starts_from_the_deal_and_patches_it(client, fake_apis, signed_in):
    signed_in(user_id=1)
    reference_data(fake_apis)
    the_deal = a_deal(1, is_mine=True, expires_at="2099-01-02T03:04:00+09:00")
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", the_deal)
    fake_apis.add("PATCH", "sharing", "/api/sharing/deals/1", the_deal)
    html = client.get("/deals/1/edit").content.decode()
    assert 'value="햇반 24개 1"' in html
    assert 'value="햇반 210g"' in html
    assert 'value="2099-01-02T03:04"' in html
    assert '<option value="food" selected>' in html
    response = client.post("/deals/1/edit", {**SHARE_FORM, "price": "17900"})
    assert response["Location"] == "/deals/1"
    [call] = [c for c in fake_apis.calls_to("sharing", "/api/sharing/deals/1") if c.method == "PATCH"]
    assert call.json["price"] == 17900


def test_an_edit_sends_only_what_changed_and_may_keep_a_past_end_time(client, fake_apis, signed_in):
    signed_in(user_id=1)
    reference_data(fake_apis)
    the_deal = a_deal(1, is_mine=True, expires_at="2020-01-01T00:00:00+09:00")
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", the_deal)
    fake_apis.add("PATCH", "sharing", "/api/sharing/deals/1", the_deal)
    unchanged = {
        "title": "햇반 24개 1",
        "product_name": "햇반 210g",
        "category": "food",
        "url": "https://example.com/a",
        "store": "쿠팡",
        "price": "19900",
        "original_price": "29900",
        "shipping_fee": "0",
        "coupon_code": "",
        "expires_at": "2020-01-01T00:00",
        "image_url": "",
        "description": "로켓배송 특가",
    }
    response = client.post("/deals/1/edit", {**unchanged, "price": "17900"})
    assert response.status_code == 302, response.content.decode()
    [call] = [c for c in fake_apis.calls_to("sharing", "/api/sharing/deals/1") if c.method == "PATCH"]
    assert call.json == {"price": 17900}
    response = client.post("/deals/1/edit", {**unchanged, "expires_at": "2021-01-01T00:00"})
    assert response.status_code == 400
    assert "종료 시각은 지금보다 뒤여야 해요." in response.content.decode()


def test_the_edit_delete_and_report_pages_are_a_notice_when_sharing_is_down(client, fake_apis, signed_in):
    signed_in()
    fake_apis.down("sharing")
    for path in ("/deals/1/edit", "/deals/1/delete", "/deals/1/report"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "지금은 불러올 수 없어요" in response.content.decode(), path
    assert client.post("/deals/1/edit", {**SHARE_FORM}).status_code == 503


def test_someone_elses_deal_cannot_be_edited(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", a_deal(1, is_mine=False))
    assert client.get("/deals/1/edit").status_code == 404
    assert client.get("/deals/1/delete").status_code == 404


def test_staff_may_edit_any_deal(client, fake_apis, signed_in):
    signed_in(user_id=2, role="staff")
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", a_deal(1, is_mine=False))
    assert client.get("/deals/1/edit").status_code == 200


def test_deleting_asks_first_then_deletes(client, fake_apis, signed_in):
    signed_in(user_id=1)
    fake_apis.add("GET", "sharing", "/api/sharing/deals/1", a_deal(1, is_mine=True))
    fake_apis.add("DELETE", "sharing", "/api/sharing/deals/1", FakeResponse(204))
    html = client.get("/deals/1/delete").content.decode()
    assert "이 딜을 삭제할까요?" in html
    assert "csrfmiddlewaretoken" in html
    response = client.post("/deals/1/delete")
    assert response["Location"] == "/deals/"
    assert [c.method for c in fake_apis.calls_to("sharing", "/api/sharing/deals/1")] == ["GET", "DELETE"]


# --- products -------------------------------------------------------------------------------


def test_the_product_list_passes_search_and_shows_the_lowest_deal(client, fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/categories", CATEGORIES)
    lowest = a_deal(1, effective_price=19900)
    product = product_row(7, name="햇반 210g", deal_count=3, lowest_ever_price=17900, lowest_deal=lowest)
    fake_apis.add("GET", "sharing", "/api/sharing/products", page([product]))
    html = client.get("/deals/products?q=햇반&category=food").content.decode()
    call = fake_apis.calls_to("sharing", "/api/sharing/products")[0]
    assert call.params == {"q": "햇반", "category": "food", "page": 1, "page_size": 20}
    assert 'href="/deals/products/7"' in html
    assert "19,900원" in html
    assert "역대 최저 17,900원" in html


def test_the_product_list_is_a_notice_when_sharing_is_down(client, fake_apis):
    fake_apis.down("sharing")
    response = client.get("/deals/products")
    assert response.status_code == 503
    assert "상품 목록: 지금은 불러올 수 없어요" in response.content.decode()


def test_the_product_page_lists_deals_by_price_and_draws_the_history(client, fake_apis):
    deals = [a_deal(2, effective_price=18900, store="11번가"), a_deal(1, effective_price=19900)]
    fake_apis.add(
        "GET",
        "sharing",
        "/api/sharing/products/7",
        a_product(
            7,
            name="햇반 210g",
            deal_count=2,
            lowest_ever_price=17900,
            lowest_deal=deals[0],
            deals=deals,
            price_history=[
                {"date": "2026-11-01", "lowest_effective_price": 21900},
                {"date": "2026-11-10", "lowest_effective_price": 17900},
                {"date": "2026-11-24", "lowest_effective_price": 18900},
            ],
        ),
    )
    html = client.get("/deals/products/7").content.decode()
    assert html.index("[11번가]") < html.index("[쿠팡]")
    assert html.count('<circle class="chart-point') == 3
    assert "<polyline" in html
    assert '<title id="chart-title">햇반 210g 날짜별 최저가</title>' in html
    assert "최저 17,900원(2026.11.10), 최고 21,900원" in html
    assert "<td>17,900원</td>" in html  # the table fallback
    assert "style=" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]


def test_an_unknown_product_is_a_404(client, fake_apis):
    assert client.get("/deals/products/404").status_code == 404


def test_the_product_page_is_a_notice_when_sharing_is_down(client, fake_apis):
    fake_apis.down("sharing")
    response = client.get("/deals/products/7")
    assert response.status_code == 503
    assert "이 상품: 지금은 불러올 수 없어요" in response.content.decode()


# --- thumbnails, link previews, sharing --------------------------------------------------------


def test_rows_and_the_deal_page_show_the_thumbnail_over_a_placeholder(client, fake_apis):
    reference_data(fake_apis)
    picture = "https://img.shop.example/a.jpg"
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([a_deal(1, thumbnail_url=picture), a_deal(2)]))
    html = client.get("/deals/").content.decode()
    assert html.count('class="thumb small"') == 2  # the second one is the placeholder alone
    assert f'<img src="{picture}" alt=""' in html
    assert html.count("<img") == 1

    detail_apis(fake_apis, a_deal(1, thumbnail_url=picture))
    html = client.get("/deals/1").content.decode()
    assert 'class="thumb large"' in html
    assert f'<img src="{picture}"' in html


def test_the_deal_page_carries_open_graph_and_twitter_card_tags(client, fake_apis):
    picture = "https://img.shop.example/a.jpg"
    detail_apis(fake_apis, a_deal(1, title="햇반 특가", effective_price=19900, thumbnail_url=picture))
    html = client.get("/deals/1?utm_source=kakao").content.decode()
    assert '<meta property="og:title" content="햇반 특가">' in html
    assert '<meta property="og:description" content="19,900원 · 쿠팡">' in html
    assert f'<meta property="og:image" content="{picture}">' in html
    assert '<meta property="og:url" content="http://testserver/deals/1">' in html
    assert '<link rel="canonical" href="http://testserver/deals/1">' in html
    assert '<meta property="product:price:amount" content="19900">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert 'data-share-url="http://testserver/deals/1"' in html


def test_a_picture_a_browser_would_refuse_is_neither_shown_nor_previewed(client, fake_apis):
    detail_apis(fake_apis, a_deal(1, thumbnail_url='https://x.example/a.jpg" onerror="alert(1)'))
    html = client.get("/deals/1").content.decode()
    assert "og:image" not in html
    assert "<img" not in html
    assert '<meta name="twitter:card" content="summary">' in html


def test_the_product_page_previews_its_lowest_deal(client, fake_apis):
    lowest = a_deal(3, effective_price=17000, thumbnail_url="https://img.shop.example/p.jpg")
    product = a_product(
        7,
        name="햇반 210g",
        lowest_deal=lowest,
        deal_count=1,
        lowest_ever_price=17000,
        deals=[lowest],
        price_history=[{"date": "2026-11-24", "lowest_effective_price": 17000}],
    )
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product)
    html = client.get("/deals/products/7").content.decode()
    assert '<meta property="og:title" content="햇반 210g">' in html
    assert '<meta property="og:description" content="지금 최저가 17,000원">' in html
    assert '<meta property="og:image" content="https://img.shop.example/p.jpg">' in html
    assert "data-share-url=" in html


# --- lists made for phones -----------------------------------------------------------------------


def test_the_filters_fold_behind_one_control_that_opens_when_one_is_set(client, fake_apis):
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([a_deal(1)]))
    html = client.get("/deals/?q=햇반").content.decode()
    assert '<details class="filters">' in html  # a search alone leaves them folded
    assert 'id="deal-q"' in html.split('<details class="filters">')[0]  # the search box stays in view

    html = client.get("/deals/?free_shipping=1&sort=price").content.decode()
    assert '<details class="filters" open>' in html
    assert '<span class="badge">2</span>' in html


def test_ended_deals_lose_the_lowest_ever_badge(client, fake_apis):
    reference_data(fake_apis)
    rows = [a_deal(1, is_lowest_ever=True), a_deal(2, is_lowest_ever=True, status="sold_out")]
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page(rows))
    html = client.get("/deals/?show_ended=1").content.decode()
    assert html.count("역대 최저") == 1
    detail_apis(fake_apis, a_deal(2, is_lowest_ever=True, status="sold_out"))
    assert "역대 최저가" not in client.get("/deals/2").content.decode()


def test_todays_best_is_asked_for_and_explained(client, fake_apis):
    reference_data(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([a_deal(1)]))
    html = client.get("/deals/?sort=best&period=day&show_ended=1").content.decode()
    params = fake_apis.calls_to("sharing", "/api/sharing/deals")[-1].params
    assert (params["sort"], params["period"], params["status"]) == ("best", "day", "all")
    assert "최근 24시간 동안 공유된 딜이에요." in html
    assert "종료된 딜은 진행 중인 딜 아래에 나와요." in html
    assert '<input type="hidden" name="period" value="day">' in html


def test_members_save_a_deal_in_one_tap_and_others_are_invited(client, fake_apis, signed_in):
    detail_apis(fake_apis, a_deal(1, saved_by_me=False))
    html = client.get("/deals/1").content.decode()
    assert "로그인하고 스크랩하기" in html

    signed_in(user_id=5)
    html = client.get("/deals/1").content.decode()
    assert 'action="/deals/1/save"' in html
    assert 'data-enhance="inline" data-target="save"' in html
    assert '<input type="hidden" name="saved" value="1">' in html

    fake_apis.add("PUT", "sharing", "/api/sharing/deals/1/bookmark", a_deal(1, saved_by_me=True))
    fragment = client.post("/deals/1/save", {"saved": "1"}, HTTP_X_REQUESTED_WITH="fetch").content.decode()
    assert "★ 스크랩됨" in fragment
    assert 'aria-pressed="true"' in fragment
    assert "<html" not in fragment
    response = client.post("/deals/1/save", {"saved": "1"})  # without JavaScript: a plain form post
    assert response.status_code == 302
    assert response["Location"] == "/deals/1#save"

    fake_apis.add("DELETE", "sharing", "/api/sharing/deals/1/bookmark", a_deal(1, saved_by_me=False))
    client.post("/deals/1/save", {"saved": "0"})
    assert [call.method for call in fake_apis.calls_to("sharing", "/api/sharing/deals/1/bookmark")] == [
        "PUT",
        "PUT",
        "DELETE",
    ]


def test_saving_while_sharing_is_down_says_so_in_the_fragment(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.down("sharing")
    response = client.post("/deals/1/save", {"saved": "1"}, HTTP_X_REQUESTED_WITH="fetch")
    assert response.status_code == 503


def test_the_words_of_ending_match_what_was_pressed(client, fake_apis, signed_in):
    signed_in(user_id=1)
    detail_apis(fake_apis, a_deal(1, is_mine=True))
    html = client.get("/deals/1").content.decode()
    assert 'data-confirm="이 딜을 품절로 표시할까요?">품절로 표시</button>' in html
    assert 'data-confirm="이 딜을 종료로 표시할까요?">종료로 표시</button>' in html

    signed_in(user_id=5)
    detail_apis(fake_apis, a_deal(1))
    html = client.get("/deals/1").content.decode()
    assert 'data-confirm="품절 신고를 할까요? 신고가 모이면 품절로 표시돼요.">품절 신고</button>' in html


def test_a_members_sold_out_report_is_acknowledged_as_sold_out(client, fake_apis, signed_in):
    signed_in(user_id=5)
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/expire", a_deal(1, expire_report_count=1))
    client.post("/deals/1/expire", {"status": "sold_out"})
    detail_apis(fake_apis, a_deal(1, expire_report_count=1))
    assert "품절 신고를 접수했어요. 신고가 모이면 품절로 표시돼요." in client.get("/deals/1").content.decode()

    # the report that completes the count: the deal ends, as sharing decided from the reports
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/expire", a_deal(1, status="sold_out"))
    client.post("/deals/1/expire", {"status": "sold_out"})
    detail_apis(fake_apis, a_deal(1, status="sold_out"))
    assert "신고가 모여 품절로 표시됐어요." in client.get("/deals/1").content.decode()


def test_a_sold_out_reason_in_the_report_form_is_acknowledged_as_sold_out(client, fake_apis, signed_in):
    signed_in(user_id=5)
    detail_apis(fake_apis, a_deal(1))
    fake_apis.add("POST", "sharing", "/api/sharing/deals/1/report", report("sold_out"), status=201)
    client.post("/deals/1/report", {"reason": "sold_out", "detail": ""})
    assert "품절 신고를 접수했어요." in client.get("/deals/1").content.decode()


def test_a_title_that_names_its_store_is_not_prefixed_twice(client, fake_apis):
    reference_data(fake_apis)
    rows = [
        a_deal(1, title="[쿠팡] 햇반 24개"),
        a_deal(2, title="［쿠팡］ 신라면"),
        a_deal(3, title="비비고 만두"),
    ]
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page(rows))
    html = client.get("/deals/").content.decode()
    assert "[쿠팡] [쿠팡]" not in html
    assert html.count('<span class="store">[쿠팡]</span>') == 1  # only the title that does not name it
