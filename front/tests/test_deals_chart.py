"""The product page's price-history chart: drawn on the server, readable without seeing it."""

from datetime import date

from front.deals.chart import BOTTOM, HEIGHT, LABEL_SIZE, LEFT, RIGHT, TOP, WIDTH, price_chart
from front.tests import samples

BOTTOM_Y = HEIGHT - BOTTOM


def history(*rows):
    return [{"date": day, "lowest_effective_price": price} for day, price in rows]


def test_nothing_to_draw_without_history():
    assert price_chart([]) is None
    assert price_chart(None) is None
    assert price_chart([{"date": "not a date", "lowest_effective_price": 1}]) is None


def test_points_are_placed_by_date_and_cheaper_is_lower():
    chart = price_chart(history(("2026-11-01", 30000), ("2026-11-03", 10000), ("2026-11-11", 20000)))
    first, cheapest, last = chart.points
    assert (first.x, last.x) == (LEFT, WIDTH - RIGHT)
    assert cheapest.x == LEFT + (WIDTH - LEFT - RIGHT) * 2 / 10  # day 2 of 10
    assert first.y == TOP  # the dearest at the top
    assert cheapest.y == BOTTOM_Y  # the cheapest at the bottom
    assert last.y == (TOP + BOTTOM_Y) / 2
    assert chart.lowest == cheapest
    assert chart.highest == first
    assert chart.polyline.startswith(f"{LEFT:.1f},{TOP:.1f} ")


def test_rows_arrive_in_any_order_and_odd_rows_are_skipped():
    chart = price_chart(
        [*history(("2026-11-05", 900), ("2026-11-01", 1000)), {"date": "2026-11-02"}, {"oops": 1}]
    )
    assert [p.day for p in chart.points] == [date(2026, 11, 1), date(2026, 11, 5)]


def test_one_point_sits_in_the_middle():
    chart = price_chart(history(("2026-11-24", 19900)))
    [point] = chart.points
    assert point.x == LEFT + (WIDTH - LEFT - RIGHT) / 2
    assert point.y == (TOP + BOTTOM_Y) / 2
    assert chart.is_flat


def test_the_product_page_with_one_point_says_so_in_a_sentence_not_a_dot(client, fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product(history(("2026-11-24", 19900))))
    html = client.get("/deals/products/7").content.decode()
    assert "<svg" not in html
    assert "<circle" not in html
    assert "2026.11.24에 공유된 19,900원만 기록돼 있어요." in html


def test_labels_are_sized_for_a_phone(client, fake_apis):
    rows = history(("2026-11-01", 21900), ("2026-11-02", 19900))
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product(rows))
    html = client.get("/deals/products/7").content.decode()
    # drawn ~340 px wide on a 390 px phone: a label's size on screen is LABEL_SIZE * 340 / WIDTH
    assert LABEL_SIZE * 340 / WIDTH >= 12
    assert html.count(f'font-size="{LABEL_SIZE}"') == 4  # two prices, two dates


def test_the_product_page_without_history_says_so(client, fake_apis):
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product([]))
    html = client.get("/deals/products/7").content.decode()
    assert "<svg" not in html
    assert "아직 가격 기록이 없어요." in html
    assert "지금 진행 중인 딜이 없어요." in html


def test_the_chart_is_labelled_for_screen_readers(client, fake_apis):
    rows = history(("2026-11-01", 21900), ("2026-11-02", 19900))
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", product(rows))
    html = client.get("/deals/products/7").content.decode()
    assert 'role="img" aria-labelledby="chart-title chart-desc"' in html
    assert "<title>2026.11.02 19,900원</title>" in html  # each point names its numbers
    assert '<th scope="col">최저 실구매가</th>' in html


def product(price_history) -> dict:
    return samples.product(7, name="햇반 210g", lowest_ever_price=None, price_history=price_history)


def test_a_product_without_real_history_says_lowest_so_far_not_lowest_ever(client, fake_apis):
    young = {
        **product(history(("2026-11-24", 19900))),
        "lowest_ever_price": 19900,
        "has_price_history": False,
    }
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", young)
    html = client.get("/deals/products/7").content.decode()
    assert "기록 중 최저 <strong>19,900원</strong>" in html
    assert "역대 최저" not in html


def test_a_merged_products_old_address_leads_to_the_kept_product(client, fake_apis):
    # sharing answers 301 for the old id; the client follows it and gets the kept product
    fake_apis.add("GET", "sharing", "/api/sharing/products/7", {**product([]), "id": 9})
    response = client.get("/deals/products/7")
    assert response.status_code == 301
    assert response["Location"] == "/deals/products/9"
