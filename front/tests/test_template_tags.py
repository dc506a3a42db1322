"""The pages' Jinja2 environment: ``url()``, translations, missing values and Django's filters
render what the Django template language rendered for them (front.web.templating)."""

import pytest
from django.template import Context, Engine, engines
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation

from front.web.templating import _reverse


def render(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def django_renders(source: str, **context) -> str:
    engine = Engine(
        libraries={
            "i18n": "django.templatetags.i18n",
            "humanize": "django.contrib.humanize.templatetags.humanize",
        }
    )
    return engine.from_string("{% load i18n humanize %}" + source).render(Context(context))


def test_url_gives_what_reverse_gives_with_and_without_arguments():
    assert render('{{ url("web:home") }}') == reverse("web:home")
    assert render('{{ url("board:detail", post_id) }}', post_id=5) == reverse("board:detail", args=[5])
    assert render('{{ url("board:detail", post_id=7) }}') == reverse("board:detail", kwargs={"post_id": 7})


def test_each_argument_gets_its_own_address():
    assert render('{% for i in ids %}{{ url("board:detail", i) }} {% endfor %}', ids=[1, 2, 1]) == (
        f"{reverse('board:detail', args=[1])} {reverse('board:detail', args=[2])} "
        f"{reverse('board:detail', args=[1])} "
    )


def test_an_address_is_reversed_once_and_a_missing_view_is_an_error():
    _reverse.cache_clear()
    for _ in range(3):
        render('{{ url("board:detail", 3) }}')
    assert (_reverse.cache_info().misses, _reverse.cache_info().hits) == (1, 2)
    with pytest.raises(NoReverseMatch):
        render('{{ url("no:such") }}')


def test_a_script_prefix_is_part_of_what_is_remembered():
    plain = render('{{ url("board:detail", 9) }}')
    set_script_prefix("/kingdom/")
    try:
        assert render('{{ url("board:detail", 9) }}') == "/kingdom" + plain
    finally:
        set_script_prefix("/")
    assert render('{{ url("board:detail", 9) }}') == plain


def test_an_argument_that_cannot_be_a_key_is_reversed_anyway():
    before = _reverse.cache_info().currsize
    address = render('{{ url("accounts:social_start", provider) }}', provider=["kakao"])
    assert address == render("{{ it }}", it=reverse("accounts:social_start", args=[["kakao"]]))  # escaped
    assert _reverse.cache_info().currsize == before


def test_a_message_follows_the_active_language(rf):
    template = engines["jinja2"].from_string('{{ _("Yes") }}|{{ _("%(n)s No", n=2) }}')
    request = rf.get("/")
    alone, in_a_page = [], []
    for language in ("ko", "en", "ko"):
        with translation.override(language):
            alone.append(template.render({}))
            in_a_page.append(template.render({}, request))  # LANGUAGE_CODE from the context processor
    assert alone == in_a_page == ["예|2 No", "Yes|2 No", "예|2 No"]


@pytest.mark.parametrize(
    ("jinja", "django"),
    [
        ('{{ _("a<b") }}', "{% translate 'a<b' %}"),  # a template's own literal is trusted markup
        ('{{ _("100%%") }}', "{% translate '100%' %}"),
        (
            '{{ _("%(name)s 연결 해제", name=label) }}',
            "{% blocktranslate %}{{ label }} 연결 해제{% endblocktranslate %}",
        ),
        (
            '{{ ngettext("딜 %(counter)s개", "딜 %(counter)s개", n, counter=n) }}',
            "{% blocktranslate count counter=n %}딜 {{ counter }}개{% plural %}"
            "딜 {{ counter }}개{% endblocktranslate %}",
        ),
        ('{% set what = _("Yes") %}[{{ what }}]', "{% translate 'Yes' as what %}[{{ what }}]"),
    ],
)
def test_translations_render_what_djangos_tags_render(jinja, django):
    context = {"label": "<b>굵게</b>", "n": 3}
    for language in ("ko", "en"):
        with translation.override(language):
            assert render(jinja, **context) == django_renders(django, **context)


@pytest.mark.parametrize(
    ("jinja", "django"),
    [
        (
            "[{{ nothing }}][{{ nothing.at.all }}][{{ post.author.nickname }}]",
            "[{{ nothing }}][{{ nothing.at.all }}][{{ post.author.nickname }}]",
        ),
        (
            "{% if post.score is not none %}scored{% endif %}",
            "{% if post.score is not None %}scored{% endif %}",
        ),
        ("{% if nothing is none %}none{% endif %}", "{% if nothing is None %}none{% endif %}"),
        (
            "{{ nothing|date('Y') }}|{{ nothing|default('-', true) }}",
            "{{ nothing|date:'Y' }}|{{ nothing|default:'-' }}",
        ),
        ("{{ nothing.method() }}", "{{ nothing.method }}"),
        (
            "{% for x in nothing %}{{ x }}{% else %}empty{% endfor %}",
            "{% for x in nothing %}{{ x }}{% empty %}empty{% endfor %}",
        ),
    ],
)
def test_a_missing_value_renders_as_django_rendered_it(jinja, django):
    context = {"post": {"author": None, "score": None}}
    assert render(jinja, **context) == django_renders(django, **context)


def test_our_filters_take_a_missing_value_as_nothing():
    assert (
        render("[{{ nothing|won }}][{{ nothing|when }}][{{ nothing|usertext }}][{{ nothing|picture }}]")
        == "[][None][][]"
    )


@pytest.mark.parametrize(
    ("jinja", "django"),
    [
        ("{{ day|date('Y.m.d H:i') }}", "{{ day|date:'Y.m.d H:i' }}"),
        ("{{ day|date('n/j H:i') }}|{{ day|date('m.d') }}", "{{ day|date:'n/j H:i' }}|{{ day|date:'m.d' }}"),
        (
            "{{ today|date('Y-m-d') }}|{{ today|date('Y.m.d') }}",
            "{{ today|date:'Y-m-d' }}|{{ today|date:'Y.m.d' }}",
        ),
        ("{{ seoul|date('Y.m.d H:i') }}", "{{ seoul|date:'Y.m.d H:i' }}"),
        ("{{ text|truncatechars(5) }}", "{{ text|truncatechars:5 }}"),
        ("{{ text|linebreaksbr }}", "{{ text|linebreaksbr }}"),
        ("{{ path|urlencode }}", "{{ path|urlencode }}"),
        ("{{ 7.25|floatformat(1) }}|{{ 3|add(-6) }}", "{{ 7.25|floatformat:1 }}|{{ 3|add:-6 }}"),
        (
            "{{ empty|default_if_none('') }}|{{ zero|default_if_none('') }}",
            "{{ empty|default_if_none:'' }}|{{ zero|default_if_none:'' }}",
        ),
        ("{{ text }}", "{{ text }}"),
    ],
)
def test_djangos_filters_render_what_they_rendered(jinja, django):
    from datetime import date, datetime

    from front.web.templating import when

    context = {
        "day": datetime(2026, 12, 6, 21, 5),
        "today": date(2026, 1, 2),
        "seoul": when("2026-12-06T21:05:09Z"),
        "text": "<b>긴 글</b>\n둘째 줄",
        "path": "/board/5?x=1&y=é",
        "empty": None,
        "zero": 0,
    }
    assert render(jinja, **context) == django_renders(django, **context)
