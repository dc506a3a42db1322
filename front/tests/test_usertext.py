"""What people write is shown as text: escaped, line breaks kept, links safe and clickable."""

from django.template import engines

from front.web.templating import usertext, when, won


def test_markup_is_escaped():
    assert usertext('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


def test_line_breaks_become_br():
    assert usertext("첫 줄\r\n둘째 줄\n셋째") == "첫 줄<br>둘째 줄<br>셋째"


def test_links_are_clickable_with_nofollow_ugc_noopener():
    html = usertext("여기 https://shop.example/a?b=1&c=2 싸요")
    assert html == (
        '여기 <a href="https://shop.example/a?b=1&amp;c=2" rel="nofollow ugc noopener" target="_blank">'
        "https://shop.example/a?b=1&amp;c=2</a> 싸요"
    )


def test_trailing_punctuation_is_not_part_of_the_link():
    assert usertext("링크: https://a.example/x.").endswith('">https://a.example/x</a>.')


def test_only_http_links_become_links():
    html = usertext("javascript:alert(1) data:text/html,<b>x</b>")
    assert "<a" not in html
    assert "&lt;b&gt;" in html


def test_a_quote_cannot_break_out_of_the_href():
    html = usertext('https://a.example/"onmouseover="alert(1)')
    assert 'onmouseover="' not in html


def test_the_filter_is_in_every_page_template():
    rendered = (
        engines["jinja2"].from_string("{{ text|usertext }}").render({"text": "<b>굵게</b>\nhttp://x.example"})
    )
    assert rendered.startswith("&lt;b&gt;굵게&lt;/b&gt;<br><a href=")


def test_money_and_times_for_korean_readers():
    assert won(1234567) == "1,234,567원"
    assert won(None) == ""
    moment = when("2026-11-24T15:30:00+00:00")
    assert (moment.day, moment.hour) == (25, 0)  # Asia/Seoul
    assert when("not a time") is None
