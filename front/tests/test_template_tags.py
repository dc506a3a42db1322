"""``{% url %}`` and ``{% translate %}`` render what Django's own tags render, remembered or not."""

import pytest
from django.template import Context, Engine, Template
from django.urls import NoReverseMatch, reverse, set_script_prefix
from django.utils import translation
from django.utils.html import escape

from front.web.templatetags.front_filters import CachedTranslateNode, CachedURLNode, _reverse


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


def test_the_url_tag_is_the_cached_one():
    assert isinstance(Template("{% url 'web:home' %}").nodelist[0], CachedURLNode)


def test_url_gives_what_reverse_gives_with_and_without_arguments():
    assert render("{% url 'web:home' %}") == reverse("web:home")
    assert render("{% url 'board:detail' post_id %}", post_id=5) == reverse("board:detail", args=[5])
    assert render("{% url 'board:detail' post_id=7 %}") == reverse("board:detail", kwargs={"post_id": 7})


def test_each_argument_gets_its_own_address():
    assert render("{% for i in ids %}{% url 'board:detail' i %} {% endfor %}", ids=[1, 2, 1]) == (
        f"{reverse('board:detail', args=[1])} {reverse('board:detail', args=[2])} "
        f"{reverse('board:detail', args=[1])} "
    )


def test_url_as_a_variable_and_a_missing_view():
    link = reverse("board:detail", args=[3])
    assert render("{% url 'board:detail' 3 as link %}[{{ link }}]") == f"[{link}]"
    assert render("{% url 'no:such' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no:such' %}")


def test_a_script_prefix_is_part_of_what_is_remembered():
    plain = render("{% url 'board:detail' 9 %}")
    set_script_prefix("/kingdom/")
    try:
        assert render("{% url 'board:detail' 9 %}") == "/kingdom" + plain
    finally:
        set_script_prefix("/")
    assert render("{% url 'board:detail' 9 %}") == plain


def test_an_argument_that_cannot_be_a_key_is_reversed_anyway():
    before = _reverse.cache_info().currsize
    address = render("{% url 'accounts:social_start' provider %}", provider=["kakao"])
    assert address == escape(reverse("accounts:social_start", args=[["kakao"]]))
    assert _reverse.cache_info().currsize == before


def test_the_translate_tag_is_the_cached_one():
    assert isinstance(Template("{% translate '절약왕국' %}").nodelist[0], CachedTranslateNode)


def test_a_literal_message_follows_the_active_language():
    template = Template("{% translate 'Yes' %}")
    with translation.override("ko"):
        korean = template.render(Context())
    with translation.override("en"):
        english = template.render(Context())
    with translation.override("ko"):
        again = template.render(Context())
    assert (korean, english, again) == ("예", "Yes", "예")


@pytest.mark.parametrize(
    "source",
    [
        "{% translate 'a<b' %}",  # a template's own literal is trusted markup, as in Django
        "{% autoescape off %}{% translate 'a<b' %}{% endautoescape %}",
        "{% translate '100%' as label %}{{ label }}|{{ label }}",
        "{% translate 'No' noop %}",
        "{% translate 'May' context 'month name' %}",
        "{% translate message %}",
        "{% autoescape off %}{% translate message %}{% endautoescape %}",
        "{% for i in '123' %}{% translate 'Yes' %}{% endfor %}",
    ],
)
def test_renders_what_djangos_translate_renders(source):
    engine = Engine(libraries={"i18n": "django.templatetags.i18n"})
    django_own = engine.from_string("{% load i18n %}" + source)
    for language in ("ko", "en", "ko"):
        with translation.override(language):
            context = {"message": "<b>굵게</b>"}
            assert render(source, **context) == django_own.render(Context(context))
