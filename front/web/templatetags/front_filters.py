"""Filters and tags every template has (a builtin library): user text, money, API times, URLs.

``{{ text|usertext }}``: what people wrote, shown safely.

Everything is escaped; line breaks become ``<br>``; http(s) links become clickable with
``rel="nofollow ugc noopener"`` (no referral juice for spam, no window.opener for the target).
Nothing else a user types can turn into markup.

``{% url %}`` and ``{% translate %}`` are Django's, with each address reversed and each literal
message translated once per process (:func:`cached_reverse`, :class:`CachedTranslateNode`).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from functools import lru_cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaulttags
from django.templatetags import i18n
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext

from kingdom.search import SEARCH_MAX_COUNT

register = template.Library()

# A link ends at whitespace or at characters that rarely end a URL in Korean text.
_URL = re.compile(r"https?://[^\s<>\"'「」『』（）]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,!?;:)]}'\"…。、"


def _link(url: str) -> str:
    trimmed = url.rstrip(_TRAILING_PUNCTUATION)
    rest = url[len(trimmed) :]
    href = escape(trimmed)
    return f'<a href="{href}" rel="nofollow ugc noopener" target="_blank">{href}</a>{escape(rest)}'


@register.filter(is_safe=False)
def usertext(value) -> SafeString:
    text = "" if value is None else str(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    pieces: list[str] = []
    position = 0
    for match in _URL.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(_link(match.group(0)))
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("<br>".join("".join(pieces).split("\n")))  # noqa: S308 - every piece is escaped above


@register.filter
def won(value) -> str:
    """Money as Korean readers expect it: ``12,900원``."""
    try:
        amount = f"{int(value):,}"
    except (TypeError, ValueError):
        return ""
    return gettext("%(amount)s원") % {"amount": amount}


@register.filter
def match_count(value) -> str:
    """A search's count of matches: ``1,000+`` where the API stopped counting (kingdom.search)."""
    try:
        count = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{SEARCH_MAX_COUNT:,}+" if count >= SEARCH_MAX_COUNT else f"{count:,}"


@register.filter
def when(value) -> datetime | None:
    """An API's ISO 8601 time as an aware datetime in Asia/Seoul, for ``|date`` or ``|naturaltime``."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        return None
    if timezone.is_naive(parsed):
        parsed = parsed.replace(tzinfo=UTC)
    return timezone.localtime(parsed)


@register.filter
def picture(value) -> str:
    """An image address the page may show: https only (the CSP's img-src), else ''.

    Anything else (http, javascript:, a malformed value) is left out and the neutral placeholder
    shows instead of a picture the browser would refuse.
    """
    if not isinstance(value, str):
        return ""
    value = value.strip()
    if not value.lower().startswith("https://") or any(ch.isspace() or ch in "\"'<>" for ch in value):
        return ""
    return value


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """This page's absolute address without its query (og:url, rel=canonical, the share button)."""
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request is not None else ""


_STORE_BRACKETS = (("[", "]"), ("(", ")"), ("【", "】"), ("<", ">"))


@register.filter
def names_store(title, store) -> bool:
    """The title already starts with the store in brackets ("[쿠팡] 햇반", "［쿠팡］…", "(쿠팡)…"):
    the row's own "[쿠팡]" would say it twice."""
    if not title or not store:
        return False
    folded = unicodedata.normalize("NFKC", str(title)).strip().casefold()
    name = unicodedata.normalize("NFKC", str(store)).strip().casefold()
    return any(folded.startswith(f"{left}{name}{right}") for left, right in _STORE_BRACKETS)


# --- {% url %}, reversed once per address ------------------------------------------------------
# A page names 10 to 90 addresses (the header's, one per row or comment): reversing one is 15 µs
# of Django's resolver, a sixth of the CPU a rendered page spends in templates (cProfile of
# /board/5 on the bench's stack). An address depends only on the view name, its arguments, the
# current app, the URLconf and the script prefix (the front has no i18n_patterns), so each is
# reversed once per process and looked up afterwards.


@lru_cache(maxsize=4096)
def _reverse(view_name, args: tuple, kwargs: tuple, current_app, urlconf, prefix) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app, urlconf=urlconf)


def cached_reverse(view_name, args=(), kwargs=None, current_app=None) -> str:
    """``reverse()``, remembered per (view, arguments, app, URLconf, script prefix)."""
    kwargs = tuple(sorted((kwargs or {}).items()))
    try:
        return _reverse(view_name, tuple(args), kwargs, current_app, get_urlconf(), get_script_prefix())
    except TypeError:  # an argument that cannot be a key (a list): reversed every time
        return reverse(view_name, args=args, kwargs=dict(kwargs), current_app=current_app)


@receiver(setting_changed)
def _forget_reversed(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):  # tests that swap them
        _reverse.cache_clear()


class CachedURLNode(defaulttags.URLNode):
    """Django's ``URLNode`` (the same arguments, ``as`` and errors) reversing through the cache."""

    def render(self, context):
        args = [arg.resolve(context) for arg in self.args]
        kwargs = {k: v.resolve(context) for k, v in self.kwargs.items()}
        view_name = self.view_name.resolve(context)
        try:
            current_app = context.request.current_app
        except AttributeError:
            try:
                current_app = context.request.resolver_match.namespace
            except AttributeError:
                current_app = None
        url = ""
        try:
            url = cached_reverse(view_name, args, kwargs, current_app)
        except NoReverseMatch:
            if self.asvar is None:
                raise
        if self.asvar:
            context[self.asvar] = url
            return ""
        return conditional_escape(url) if context.autoescape else url


@register.tag
def url(parser, token):
    node = defaulttags.url(parser, token)
    return CachedURLNode(node.view_name, node.args, node.kwargs, node.asvar)


# --- {% translate "literal" %}, translated once per language -------------------------------------
# A list page has some 90 of them (the badges of every row): each resolves a lazy translation,
# escapes it and restores its percent signs, 6 µs, a quarter of the list's template time (cProfile
# of /board/). A literal message without filters or a context variable renders the same text for
# a language and an autoescape setting, so each node keeps what it rendered for them.


class CachedTranslateNode(i18n.TranslateNode):
    """Django's ``TranslateNode``; a literal message's output is kept per (language, autoescape)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expression = self.filter_expression
        self._constant = (
            getattr(expression.var, "lookups", True) is None
            and not expression.filters
            and self.message_context is None
        )
        self._outputs: dict[tuple, str] = {}

    def render(self, context):
        if not self._constant:
            return super().render(context)
        key = (get_language(), context.autoescape)
        value = self._outputs.get(key)
        if value is None:
            rendered = super().render(context)
            value = context[self.asvar] if self.asvar else rendered
            self._outputs[key] = value
        if self.asvar:
            context[self.asvar] = value
            return ""
        return value


@register.tag("translate")
@register.tag("trans")
def translate(parser, token):
    node = i18n.do_translate(parser, token)
    return CachedTranslateNode(node.filter_expression, node.noop, node.asvar, node.message_context)
