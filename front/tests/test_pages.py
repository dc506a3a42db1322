"""Pages render from the APIs' answers, and a section whose service is down shows a notice."""

from front.tests.fakes import page
from front.tests.samples import deal, post, product_row, ranking, ranking_entry


def _home_apis(fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/deals", page([deal(1), deal(2, status="expired")]))
    fake_apis.add(
        "GET",
        "sharing",
        "/api/sharing/products",
        page([product_row(7, name="햇반 210g", lowest_deal=deal(1), deal_count=2)]),
    )
    fake_apis.add("GET", "board", "/api/board/posts", page([post(1)]))
    fake_apis.add(
        "GET",
        "board",
        "/api/board/ranking",
        ranking(king=ranking_entry(3, "거지왕후보", total_amount=1200, confession_count=4)),
    )


def test_home_shows_deals_lowest_prices_hot_posts_and_the_king(client, fake_apis):
    _home_apis(fake_apis)
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "햇반 24개 1" in html
    assert "19,900원" in html
    assert "커피 샀어요 1" in html
    assert "-4,500원" in html
    assert "거지왕후보" in html
    assert "종료" in html  # the expired deal is marked


HOME_LISTS = [
    ("sharing", "/api/sharing/deals"),
    ("sharing", "/api/sharing/products"),
    ("board", "/api/board/posts"),
    ("board", "/api/board/ranking"),
]


def test_members_home_is_everyones_asked_without_a_token_and_shared(client, fake_apis, settings, signed_in):
    settings.FRONT_ANONYMOUS_CACHE_SECONDS = 30
    _home_apis(fake_apis)
    signed_in(user_id=5)
    assert client.get("/").status_code == 200
    first = {where: len(fake_apis.calls_to(*where)) for where in HOME_LISTS}
    assert first == {
        ("sharing", "/api/sharing/deals"): 2,  # 오늘의 핫딜 and the hot deals
        ("sharing", "/api/sharing/products"): 1,
        ("board", "/api/board/posts"): 1,
        ("board", "/api/board/ranking"): 1,
    }
    for where in HOME_LISTS:
        for call in fake_apis.calls_to(*where):
            assert "Authorization" not in call.headers, call

    client.get("/")  # the same member again, then another member and a visitor: the same answers
    signed_in(user_id=6, nickname="알뜰이")
    html = client.get("/").content.decode()
    client.cookies.clear()  # a visitor
    client.get("/")
    assert {where: len(fake_apis.calls_to(*where)) for where in HOME_LISTS} == first
    assert "알뜰이" in html  # the page itself is still the member's own (its header)


def test_home_still_renders_with_the_sharing_service_down(client, fake_apis):
    _home_apis(fake_apis)
    fake_apis.down("sharing")
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "커피 샀어요 1" in html
    assert html.count("지금은 불러올 수 없어요") == 3  # 오늘의 핫딜, hot deals and lowest prices


def test_home_has_todays_best_deals_and_headings_that_lead_on(client, fake_apis):
    _home_apis(fake_apis)
    html = client.get("/").content.decode()
    asked = [call.params for call in fake_apis.calls_to("sharing", "/api/sharing/deals")]
    assert {"sort": "best", "period": "day", "status": "all", "page_size": 5} in [
        {key: (int(value) if key == "page_size" else value) for key, value in params.items()}
        for params in asked
    ]
    more = "/deals/?sort=best&amp;period=day&amp;show_ended=1"
    assert f'<h2 id="best-today-title"><a href="{more}">오늘의 핫딜</a></h2>' in html
    assert html.count('class="more"') == 5
    assert 'aria-label="오늘의 핫딜 더보기"' in html
