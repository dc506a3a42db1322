"""알림 in the front: the header badge, the inbox, settings, 핫딜 알림, price watches, unsubscribe.

notification_service is stubbed with answers shaped like its contract (tests/samples.py).
"""

import time
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from front.tests.fakes import FakeResponse, page, problem
from front.tests.samples import (
    NOTIFICATION_KINDS,
    alert,
    me,
    notification,
    post,
    preferences,
    product,
    ranking,
    watch,
)

UNREAD = "/api/notifications/inbox/unread-count"
INBOX = "/api/notifications/inbox"
PREFS = "/api/notifications/preferences"
ALERTS = "/api/notifications/alerts"
WATCHES = "/api/notifications/watches"
CATEGORIES = [{"slug": "food", "name": "식품"}, {"slug": "digital", "name": "디지털"}]
STORES = [{"name": "쿠팡", "active_deal_count": 5}]


def home_apis(fake_apis):
    for path in ("/api/sharing/deals", "/api/sharing/products"):
        fake_apis.add("GET", "sharing", path, page([]))
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    fake_apis.add("GET", "board", "/api/board/ranking", ranking())


def sharing_lists(fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/categories", CATEGORIES)
    fake_apis.add("GET", "sharing", "/api/sharing/stores", STORES)


def shows(html: str, *parts: str) -> None:
    missing = [part for part in parts if part not in html]
    assert not missing, f"not on the page: {missing}"


def unread_calls(fake_apis) -> int:
    return len(fake_apis.calls_to("notifications", UNREAD))


# --- the badge ---------------------------------------------------------------------------------


def test_a_signed_in_page_shows_the_unread_count_in_the_header(client, fake_apis, signed_in):
    home_apis(fake_apis)
    fake_apis.add("GET", "notifications", UNREAD, {"unread": 3})
    signed_in()
    html = client.get("/").content.decode()
    assert '<a href="/notifications" class="bell">알림 <span class="unread"' in html
    assert 'aria-label="안 읽은 알림 3개">3</span></a>' in html
    (call,) = fake_apis.calls_to("notifications", UNREAD)
    assert call.headers["Authorization"].startswith("Bearer ")  # the viewer's own count


def test_the_count_is_reused_for_a_while_then_asked_again(client, fake_apis, signed_in, settings):
    settings.FRONT_NOTIFICATION_BADGE_SECONDS = 1
    home_apis(fake_apis)
    fake_apis.add("GET", "notifications", UNREAD, {"unread": 2})
    signed_in()
    client.get("/")
    assert ">2</span>" in client.get("/board/ranking").content.decode()
    assert unread_calls(fake_apis) == 1  # one call per person per FRONT_NOTIFICATION_BADGE_SECONDS
    time.sleep(1.1)
    client.get("/")
    assert unread_calls(fake_apis) == 2


def test_no_unread_notifications_no_number(client, fake_apis, signed_in):
    home_apis(fake_apis)
    fake_apis.add("GET", "notifications", UNREAD, {"unread": 0})
    signed_in()
    html = client.get("/").content.decode()
    assert 'class="bell">알림</a>' in html
    assert 'class="unread"' not in html


def test_more_than_99_reads_99_plus(client, fake_apis, signed_in):
    home_apis(fake_apis)
    fake_apis.add("GET", "notifications", UNREAD, {"unread": 1234})
    signed_in()
    assert ">99+</span>" in client.get("/").content.decode()


def test_anonymous_pages_never_ask_for_a_badge_and_stay_cacheable(client, fake_apis, settings):
    settings.FRONT_PAGE_CACHE_SECONDS = 10
    home_apis(fake_apis)
    first = client.get("/")
    second = client.get("/")
    assert fake_apis.calls_to("notifications") == []
    assert second["X-Page-Cache"] == "hit"
    assert 'class="bell"' not in first.content.decode()


def test_the_service_down_means_no_badge_and_no_waiting_for_a_while(client, fake_apis, signed_in):
    home_apis(fake_apis)
    fake_apis.down("notifications")
    signed_in()
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="unread"' not in response.content.decode()
    client.get("/board/ranking")
    assert unread_calls(fake_apis) == 1  # paused: the next pages do not try again at once


def test_a_slow_service_never_holds_the_page(client, fake_apis, signed_in, settings):
    settings.FRONT_NOTIFICATION_BADGE_WAIT_SECONDS = 0.2
    home_apis(fake_apis)

    def slow(call):
        time.sleep(1.5)
        return {"unread": 5}

    fake_apis.add("GET", "notifications", UNREAD, slow)
    signed_in()
    started = time.monotonic()
    html = client.get("/").content.decode()
    assert time.monotonic() - started < 1.0
    assert 'class="unread"' not in html  # too late for this page ...
    time.sleep(1.5)
    assert ">5</span>" in client.get("/").content.decode()  # ... kept for the next one
    assert unread_calls(fake_apis) == 1


def test_the_badge_is_asked_while_the_view_asks_its_own_services(client, fake_apis, signed_in):
    def slow_list(call):
        time.sleep(0.4)
        return page([])

    for path in ("/api/sharing/deals", "/api/sharing/products"):
        fake_apis.add("GET", "sharing", path, slow_list)
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    fake_apis.add("GET", "board", "/api/board/ranking", ranking())

    def slow_count(call):
        time.sleep(0.35)  # longer than the badge's own wait, shorter than the page's calls
        return {"unread": 4}

    fake_apis.add("GET", "notifications", UNREAD, slow_count)
    signed_in()
    started = time.monotonic()
    html = client.get("/").content.decode()
    assert ">4</span>" in html
    assert time.monotonic() - started < 0.75 + 0.25  # not one after the other


# --- the inbox ---------------------------------------------------------------------------------


def test_the_inbox_groups_by_day_and_links_each_to_its_target(client, fake_apis, signed_in):
    now = timezone.now()
    items = [
        notification(3, message="내 딜이 인기 핫딜에 올랐어요", link="/deals/12", created_at=now.isoformat()),
        notification(
            2, message="지출품의서가 통과됐어요", link="/board/4", read=True,
            created_at=(now - timedelta(days=1)).isoformat(),
        ),
        notification(
            1, message="핫딜 알림: 신라면", link="https://evil.example/x", read=True,
            created_at=(now - timedelta(days=40)).isoformat(),
        ),
    ]  # fmt: skip
    fake_apis.add("GET", "notifications", INBOX, page(items, count=45))
    signed_in()
    html = client.get("/notifications?page=2").content.decode()
    assert html.index(">오늘</h2>") < html.index(">어제</h2>") < html.index("일 (")
    # unread: a button that marks it read on the way to its target
    assert 'action="/notifications/3/read"' in html
    assert '<input type="hidden" name="next" value="/deals/12">' in html
    assert '<a class="row-title" href="/board/4">지출품의서가 통과됐어요</a>' in html
    assert "evil.example" not in html  # only paths on this site are linked
    assert "핫딜 알림: 신라면" in html
    assert 'href="?page=3"' in html  # 45 notifications, 20 a page
    (call,) = fake_apis.calls_to("notifications", INBOX)
    assert call.params == {"page": 2, "page_size": 20}


def test_the_unread_tab_asks_only_unread_ones(client, fake_apis, signed_in):
    fake_apis.add("GET", "notifications", INBOX, page([]))
    signed_in()
    html = client.get("/notifications?unread=1").content.decode()
    assert "안 읽은 알림이 없어요." in html
    assert fake_apis.calls_to("notifications", INBOX)[0].params["unread"] == "true"


def test_the_inbox_needs_a_session_and_says_when_the_service_is_down(client, fake_apis, signed_in):
    response = client.get("/notifications")
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=")
    signed_in(role="guest")  # guests have an inbox too
    fake_apis.down("notifications")
    response = client.get("/notifications")
    assert response.status_code == 503
    assert "알림: 지금은 불러올 수 없어요" in response.content.decode()


def test_opening_an_unread_one_marks_it_read_and_goes_to_its_target(client, fake_apis, signed_in):
    fake_apis.add("POST", "notifications", "/api/notifications/inbox/3/read", FakeResponse(204))
    home_apis(fake_apis)
    fake_apis.add("GET", "notifications", UNREAD, {"unread": 1})
    signed_in()
    client.get("/")
    response = client.post("/notifications/3/read", {"next": "/deals/12"})
    assert response.status_code == 302
    assert response["Location"] == "/deals/12"
    client.get("/")
    assert unread_calls(fake_apis) == 2  # the count was forgotten: asked again
    response = client.post("/notifications/3/read", {"next": "https://evil.example/"})
    assert response["Location"] == "/notifications"


def test_a_notification_gone_meanwhile_still_leads_to_its_target(client, fake_apis, signed_in):
    fake_apis.add("POST", "notifications", "/api/notifications/inbox/3/read", problem(404, "없음"))
    signed_in()
    response = client.post("/notifications/3/read", {"next": "/deals/12"})
    assert response["Location"] == "/deals/12"


def test_all_read(client, fake_apis, signed_in):
    fake_apis.add("POST", "notifications", "/api/notifications/inbox/read-all", FakeResponse(204))
    fake_apis.add("GET", "notifications", INBOX, page([]))
    signed_in()
    response = client.post("/notifications/read-all", follow=True)
    assert "모든 알림을 읽음으로 표시했어요." in response.content.decode()
    assert 'class="unread"' not in response.content.decode()
    assert fake_apis.calls_to("notifications", UNREAD) == []  # known to be 0 after read-all


def test_all_read_when_the_service_is_down_says_so(client, fake_apis, signed_in):
    signed_in()
    fake_apis.down("notifications")
    response = client.post("/notifications/read-all", follow=True)
    assert "지금은 반영할 수 없어요" in response.content.decode()


# --- settings on my page ---------------------------------------------------------------------


def test_my_page_links_the_notification_pages(client, fake_apis, signed_in):
    fake_apis.add("GET", "board", "/api/board/posts", page([]))
    fake_apis.add("GET", "auth", "/api/auth/me", me(1))
    signed_in()
    html = client.get("/me").content.decode()
    for href in ('href="/notifications"', 'href="/me/notifications"', 'href="/alerts"'):
        assert href in html


def test_settings_show_each_kind_with_its_channel_and_the_mail_address(client, fake_apis, signed_in):
    channels = dict.fromkeys(NOTIFICATION_KINDS, "site") | {"reply": "email", "alert": "off"}
    fake_apis.add("GET", "notifications", PREFS, preferences(channels=channels, email_mode="digest"))
    fake_apis.add("GET", "auth", "/api/auth/me", me(1, email="me@example.com"))
    signed_in()
    html = client.get("/me/notifications").content.decode()
    assert html.count('type="radio"') == 9 * 3 + 2
    assert "<legend>내 댓글에 달린 답글</legend>" in html
    assert 'name="channel_reply" value="email" id="id_channel_reply_1" required checked' in html
    assert 'name="channel_alert" value="off" id="id_channel_alert_2" required checked' in html
    assert 'name="email_mode" value="digest" id="id_email_mode_1" required checked' in html
    assert 'value="me@example.com"' in html  # auth's address until one is set here


def test_saving_settings_puts_every_kind(client, fake_apis, signed_in):
    fake_apis.add("PUT", "notifications", PREFS, preferences())
    fake_apis.add("GET", "notifications", PREFS, preferences())
    signed_in()
    form = {f"channel_{kind}": "site" for kind in NOTIFICATION_KINDS}
    form.update({"channel_price_watch": "email", "channel_monthly_king": "off"})
    form.update({"email_mode": "digest", "email": "me@example.com"})
    response = client.post("/me/notifications", form)
    assert response.status_code == 302
    assert response["Location"] == "/me/notifications"
    (call,) = fake_apis.calls_to("notifications", PREFS)
    assert call.method == "PUT"
    assert call.json["channels"]["price_watch"] == "email"
    assert call.json["channels"]["monthly_king"] == "off"
    assert set(call.json["channels"]) == set(NOTIFICATION_KINDS)
    assert call.json["email_mode"] == "digest"
    assert call.json["email"] == "me@example.com"


def test_mail_without_an_address_is_refused_in_korean_and_nothing_is_sent(client, fake_apis, signed_in):
    signed_in()
    form = {f"channel_{kind}": "site" for kind in NOTIFICATION_KINDS} | {"channel_reply": "email"}
    response = client.post("/me/notifications", {**form, "email_mode": "immediate", "email": ""})
    assert response.status_code == 400
    assert "이메일로 받으려면 이메일 주소를 적어 주세요." in response.content.decode()
    assert fake_apis.calls_to("notifications", PREFS) == []
    response = client.post("/me/notifications", {**form, "email_mode": "immediate", "email": "nope"})
    assert "올바른 이메일 주소를 입력하세요." in response.content.decode()


def test_the_services_refusal_lands_at_its_field(client, fake_apis, signed_in):
    fake_apis.add(
        "PUT",
        "notifications",
        PREFS,
        problem(400, "입력을 확인해 주세요.", {"email": ["이 주소로는 보낼 수 없어요."]}),
    )
    signed_in()
    form = {f"channel_{kind}": "site" for kind in NOTIFICATION_KINDS}
    response = client.post("/me/notifications", {**form, "email_mode": "immediate", "email": "a@b.kr"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "이 주소로는 보낼 수 없어요." in html
    assert 'value="a@b.kr"' in html


def test_settings_cannot_be_overwritten_blind_when_the_service_is_down(client, fake_apis, signed_in):
    fake_apis.add("GET", "auth", "/api/auth/me", me(1))
    fake_apis.down("notifications")
    signed_in()
    response = client.get("/me/notifications")
    assert response.status_code == 503
    html = response.content.decode()
    assert "알림 설정: 지금은 불러올 수 없어요" in html
    assert 'type="radio"' not in html


# --- 핫딜 알림 -----------------------------------------------------------------------------------


def test_alerts_are_for_members_guests_are_offered_the_upgrade(client, fake_apis, signed_in):
    response = client.get("/alerts")
    assert response.status_code == 302
    assert response["Location"].startswith("/login?next=%2Falerts")
    signed_in(role="guest")
    response = client.get("/alerts")
    assert response.status_code == 302
    assert response["Location"] == "/upgrade?next=%2Falerts"
    assert fake_apis.calls_to("notifications", ALERTS) == []


def test_the_alert_list_describes_each_alert(client, fake_apis, signed_in):
    sharing_lists(fake_apis)
    alerts = [
        alert(1),
        alert(
            2,
            keywords="에어팟",
            category=None,
            store="쿠팡",
            max_price=None,
            free_shipping_only=True,
            min_score=30,
        ),
    ]
    fake_apis.add("GET", "notifications", ALERTS, page(alerts))
    signed_in()
    html = client.get("/alerts").content.decode()
    shows(html, "신라면 40봉", "<span>식품</span>", "25,000원 이하")
    shows(html, "에어팟", "<span>쿠팡</span>", "무료배송만", "추천 30 이상")
    assert 'action="/alerts/2/delete"' in html
    assert 'href="/alerts/2/edit"' in html


def test_creating_an_alert_sends_every_condition(client, fake_apis, signed_in):
    sharing_lists(fake_apis)
    fake_apis.add("POST", "notifications", ALERTS, alert(5), status=201)
    signed_in()
    form = client.get("/alerts/new?keywords=신라면&category=food").content.decode()
    assert 'value="신라면"' in form
    assert '<option value="food" selected>식품</option>' in form
    assert '<datalist id="alert-stores"><option value="쿠팡"></datalist>' in form
    response = client.post(
        "/alerts/new",
        {"keywords": " 신라면 40봉 ", "category": "food", "store": "쿠팡", "max_price": "25000",
         "free_shipping_only": "on", "min_score": "10"},
    )  # fmt: skip
    assert response.status_code == 302
    assert response["Location"] == "/alerts"
    (call,) = fake_apis.calls_to("notifications", ALERTS)
    assert call.json == {
        "keywords": "신라면 40봉",
        "category": "food",
        "store": "쿠팡",
        "max_price": 25000,
        "free_shipping_only": True,
        "min_score": 10,
    }


def test_an_alert_with_only_words_sends_nulls_for_the_rest(client, fake_apis, signed_in):
    sharing_lists(fake_apis)
    fake_apis.add("POST", "notifications", ALERTS, alert(5), status=201)
    signed_in()
    client.post(
        "/alerts/new", {"keywords": "에어팟", "category": "", "store": "", "max_price": "", "min_score": ""}
    )
    (call,) = fake_apis.calls_to("notifications", ALERTS)
    assert call.json == {
        "keywords": "에어팟", "category": None, "store": None, "max_price": None,
        "free_shipping_only": False, "min_score": None,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("form", "message"),
    [
        ({"keywords": ""}, "알림 받을 단어를 적어 주세요."),
        ({"keywords": "\u3164 \u200b"}, "알림 받을 단어를 적어 주세요."),  # Hangul filler, zero width
        ({"keywords": "라면", "max_price": "-1"}, "가격은 0원 이상이어야 해요."),
        ({"keywords": "라면", "min_score": "0"}, "추천 수는 1 이상이어야 해요."),
    ],
)
def test_bad_alerts_are_refused_in_korean_before_any_call(client, fake_apis, signed_in, form, message):
    sharing_lists(fake_apis)
    signed_in()
    response = client.post("/alerts/new", form)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert fake_apis.calls_to("notifications", ALERTS) == []


def test_the_services_limit_is_explained_and_the_form_kept(client, fake_apis, signed_in):
    sharing_lists(fake_apis)
    fake_apis.add("POST", "notifications", ALERTS, problem(409, "핫딜 알림은 20개까지 만들 수 있어요."))
    signed_in()
    response = client.post("/alerts/new", {"keywords": "스물한번째"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "핫딜 알림은 20개까지 만들 수 있어요." in html
    assert 'value="스물한번째"' in html


def test_a_field_error_from_the_service_lands_at_its_field(client, fake_apis, signed_in):
    sharing_lists(fake_apis)
    fake_apis.add(
        "POST",
        "notifications",
        ALERTS,
        problem(400, "입력을 확인해 주세요.", {"category": ["없는 카테고리예요."]}),
    )
    signed_in()
    html = client.post("/alerts/new", {"keywords": "라면", "category": "food"}).content.decode()
    assert '<ul class="errors" id="id_category_error"><li>없는 카테고리예요.</li></ul>' in html


def test_the_alert_form_keeps_the_text_when_the_service_is_down(client, fake_apis, signed_in):
    sharing_lists(fake_apis)
    fake_apis.down("notifications")
    signed_in()
    response = client.post("/alerts/new", {"keywords": "라면 특가"})
    assert response.status_code == 503
    assert 'value="라면 특가"' in response.content.decode()


def test_editing_an_alert_starts_from_it_and_patches_it(client, fake_apis, signed_in):
    sharing_lists(fake_apis)
    fake_apis.add("GET", "notifications", f"{ALERTS}/4", alert(4, keywords="햇반", min_score=20))
    fake_apis.add("PATCH", "notifications", f"{ALERTS}/4", alert(4))
    signed_in()
    html = client.get("/alerts/4/edit").content.decode()
    assert 'value="햇반"' in html
    assert 'value="20"' in html
    response = client.post("/alerts/4/edit", {"keywords": "햇반 24개", "min_score": ""})
    assert response["Location"] == "/alerts"
    (call,) = [c for c in fake_apis.calls_to("notifications", f"{ALERTS}/4") if c.method == "PATCH"]
    assert call.json["keywords"] == "햇반 24개"
    assert call.json["min_score"] is None


def test_someone_elses_alert_is_a_404(client, fake_apis, signed_in):
    fake_apis.add("GET", "notifications", f"{ALERTS}/9", problem(404, "없음"))
    signed_in()
    assert client.get("/alerts/9/edit").status_code == 404


def test_deleting_an_alert(client, fake_apis, signed_in):
    fake_apis.add("DELETE", "notifications", f"{ALERTS}/4", FakeResponse(204))
    sharing_lists(fake_apis)
    fake_apis.add("GET", "notifications", ALERTS, page([]))
    signed_in()
    response = client.post("/alerts/4/delete", follow=True)
    assert "핫딜 알림을 지웠어요." in response.content.decode()


def test_a_deal_search_offers_an_alert_for_it(client, fake_apis):
    sharing_lists(fake_apis)
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([]))
    html = client.get("/deals/?q=신라면&category=food&free_shipping=1").content.decode()
    assert (
        'href="/alerts/new?keywords=%EC%8B%A0%EB%9D%BC%EB%A9%B4&amp;category=food&amp;free_shipping=1"'
        in html
    )
    assert fake_apis.calls_to("notifications") == []


# --- price watches on the product page ---------------------------------------------------------


def test_a_member_sees_what_they_watch_and_a_form_to_watch_more(client, fake_apis, signed_in):
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product())
    fake_apis.add("GET", "notifications", WATCHES, page([watch(3, fired_at="2026-11-25T09:00:00+00:00")]))
    signed_in()
    html = client.get("/deals/products/7").content.decode()
    shows(html, "지켜보는 중", "25,000원보다 싸지면 알려 드려요.", "알림 보냄")
    shows(html, 'action="/deals/products/7/watch/3/delete"', 'action="/deals/products/7/watch"')
    (call,) = fake_apis.calls_to("notifications", WATCHES)
    assert call.params["product"] == 7


def test_visitors_and_guests_are_invited_and_nobody_asks_the_service_for_them(client, fake_apis, signed_in):
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product())
    html = client.get("/deals/products/7").content.decode()
    assert "로그인하고 가격 알림 받기" in html
    assert "csrfmiddlewaretoken" not in html
    signed_in(role="guest")
    html = client.get("/deals/products/7").content.decode()
    assert 'href="/upgrade?next=/deals/products/7"' in html
    assert fake_apis.calls_to("notifications", WATCHES) == []


def test_watching_a_price(client, fake_apis, signed_in):
    fake_apis.add("POST", "notifications", WATCHES, watch(4, target_price=23000), status=201)
    signed_in()
    response = client.post("/deals/products/7/watch", {"target_price": "23000"})
    assert response.status_code == 302
    assert response["Location"] == "/deals/products/7#watch"
    (call,) = [c for c in fake_apis.calls_to("notifications", WATCHES) if c.method == "POST"]
    assert call.json == {"product": 7, "target_price": 23000}


@pytest.mark.parametrize(
    ("price", "message"), [("0", "가격은 1원 이상이어야 해요."), ("", "알림 받을 가격을 적어 주세요.")]
)
def test_a_bad_price_comes_back_on_the_product_page(client, fake_apis, signed_in, price, message):
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product())
    fake_apis.add("GET", "notifications", WATCHES, page([]))
    signed_in()
    response = client.post("/deals/products/7/watch", {"target_price": price})
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert "<h1>농심 신라면 120g 40봉</h1>" in html
    assert [c for c in fake_apis.calls_to("notifications", WATCHES) if c.method == "POST"] == []


def test_the_service_refusing_a_product_is_shown_at_the_form(client, fake_apis, signed_in):
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product())
    fake_apis.add("GET", "notifications", WATCHES, page([]))
    fake_apis.add(
        "POST",
        "notifications",
        WATCHES,
        problem(400, "입력을 확인해 주세요.", {"product": ["없는 상품이에요."]}),
    )
    signed_in()
    response = client.post("/deals/products/7/watch", {"target_price": "100"})
    assert response.status_code == 400
    assert "없는 상품이에요." in response.content.decode()


def test_the_product_page_still_renders_when_the_service_is_down(client, fake_apis, signed_in):
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product())
    fake_apis.down("notifications")
    signed_in()
    response = client.get("/deals/products/7")
    assert response.status_code == 200
    assert "가격 알림: 지금은 불러올 수 없어요" in response.content.decode()


def test_removing_a_watch(client, fake_apis, signed_in):
    fake_apis.add("DELETE", "notifications", f"{WATCHES}/3", FakeResponse(204))
    signed_in()
    response = client.post("/deals/products/7/watch/3/delete")
    assert response["Location"] == "/deals/products/7#watch"
    assert len(fake_apis.calls_to("notifications", f"{WATCHES}/3")) == 1


# --- one-click unsubscribe -----------------------------------------------------------------------


TOKEN = "eyJ1IjoxLCJrIjoicmVwbHkifQ:1tQ2xy:abcDEF-_123"


def test_opening_the_link_only_asks(fake_apis):
    response = Client().get(f"/notifications/unsubscribe/{TOKEN}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="/notifications/unsubscribe/{TOKEN}"' in html
    assert "수신 거부" in html
    assert fake_apis.calls_to("notifications") == []
    assert "no-store" in response["Cache-Control"]


def test_one_click_post_needs_no_cookie_nor_csrf_token(fake_apis):
    fake_apis.add("POST", "notifications", "/api/notifications/unsubscribe", FakeResponse(204))
    browserless = Client(enforce_csrf_checks=True)
    response = browserless.post(f"/notifications/unsubscribe/{TOKEN}", {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "이제 이 주소로 알림 메일을 보내지 않아요." in response.content.decode()
    (call,) = fake_apis.calls_to("notifications", "/api/notifications/unsubscribe")
    assert call.json == {"token": TOKEN}
    assert "Authorization" not in call.headers


def test_a_bad_token_is_explained(fake_apis):
    fake_apis.add("POST", "notifications", "/api/notifications/unsubscribe", problem(400, "bad signature"))
    response = Client(enforce_csrf_checks=True).post(f"/notifications/unsubscribe/{TOKEN}")
    assert response.status_code == 400
    assert "이 링크는 올바르지 않거나 만료됐어요." in response.content.decode()


def test_only_that_path_skips_csrf(client, fake_apis, signed_in):
    signed_in()
    strict = Client(enforce_csrf_checks=True)
    strict.cookies = client.cookies
    assert strict.post("/notifications/read-all").status_code == 403
    assert strict.post("/alerts/new", {"keywords": "라면"}).status_code == 403
    assert strict.post("/deals/products/7/watch", {"target_price": "1"}).status_code == 403


def test_the_badge_never_refreshes_the_token_the_page_does(client, fake_apis, signed_in):
    """A refresh refused in the badge's thread would clear the session under the page."""
    signed_in(expires_in=5)  # about to expire: the page's own calls refresh it
    fake_apis.add("POST", "auth", "/api/auth/refresh", problem(401, "revoked"))
    # a post asks board with the member's token (home and the lists ask nothing with one)
    fake_apis.add("GET", "board", "/api/board/posts/1", post(1))
    fake_apis.add("GET", "comments", "/api/comments", page([]))
    response = client.get("/board/1")
    assert response.status_code == 302  # the page, not the badge, met the refusal: log in again
    assert response["Location"] == "/login?next=%2Fboard%2F1"
    assert fake_apis.calls_to("notifications") == []
    assert len(fake_apis.calls_to("auth", "/api/auth/refresh")) == 1


def test_a_401_to_the_badge_is_no_badge_and_no_refresh(client, fake_apis, signed_in):
    home_apis(fake_apis)
    fake_apis.add("GET", "notifications", UNREAD, problem(401, "token revoked"))
    signed_in()
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="unread"' not in response.content.decode()
    assert fake_apis.calls_to("auth", "/api/auth/refresh") == []


def test_without_notification_service_configured_pages_render_without_a_badge(
    client, fake_apis, signed_in, settings
):
    settings.NOTIFICATION_SERVICE_URL = ""  # a deployment that does not run it
    home_apis(fake_apis)
    signed_in()
    response = client.get("/")
    assert response.status_code == 200
    assert 'class="unread"' not in response.content.decode()
    assert client.get("/notifications").status_code == 503
    assert fake_apis.calls_to("notifications") == []
