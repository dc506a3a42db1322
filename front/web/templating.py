"""The front's Jinja2 environment: what every page template has (user text, money, API times, URLs).

The pages are Jinja2 templates (``<app>/jinja2/``), compiled to Python once per process: a
rendered post with its comments cost the Django template language about 6 ms of the front's CPU
(three quarters of the page, cProfile on the bench's stack), most of it resolving variables and
nodes. Forms keep rendering through Django's form renderer (``web/form.html``).

``{{ text|usertext }}``: what people wrote, shown safely. Everything is escaped; line breaks become
``<br>``; http(s) links become clickable with ``rel="nofollow ugc noopener"`` (no referral juice
for spam, no window.opener for the target). Nothing else a user types can turn into markup.

``{{ url("board:detail", post.id) }}`` is ``reverse()``, each address reversed once per process
(:func:`cached_reverse`); ``{{ _("…") }}`` and ``ngettext`` are Django's translations (Jinja2's
i18n extension, new style: ``%(name)s`` placeholders filled and escaped, ``%%`` for a percent sign).

A missing variable renders as nothing and a missing attribute of it is missing too, as in Django's
templates (:class:`Missing`); filters get ``""`` for it, as Django's do.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from datetime import date as datetime_date
from functools import lru_cache

import jinja2
from django.contrib.humanize.templatetags.humanize import naturaltime
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template import defaultfilters
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext
from markupsafe import Markup

from kingdom.search import SEARCH_MAX_COUNT

# A link ends at whitespace or at characters that rarely end a URL in Korean text.
_URL = re.compile(r"https?://[^\s<>\"'「」『』（）]+", re.IGNORECASE)
_TRAILING_PUNCTUATION = ".,!?;:)]}'\"…。、"


def _link(url: str) -> str:
    trimmed = url.rstrip(_TRAILING_PUNCTUATION)
    rest = url[len(trimmed) :]
    href = escape(trimmed)
    return f'<a href="{href}" rel="nofollow ugc noopener" target="_blank">{href}</a>{escape(rest)}'


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


def won(value) -> str:
    """Money as Korean readers expect it: ``12,900원``."""
    try:
        amount = f"{int(value):,}"
    except (TypeError, ValueError):
        return ""
    return gettext("%(amount)s원") % {"amount": amount}


def match_count(value) -> str:
    """A search's count of matches: ``1,000+`` where the API stopped counting (kingdom.search)."""
    try:
        count = int(value)
    except (TypeError, ValueError):
        return ""
    return f"{SEARCH_MAX_COUNT:,}+" if count >= SEARCH_MAX_COUNT else f"{count:,}"


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


# Django's date format letters that are plain numbers (no names, nothing translated), as strftime's.
_NUMERIC_DATE_LETTERS = {"Y": "%Y", "m": "%m", "d": "%d", "H": "%H", "i": "%M", "s": "%S"}


@lru_cache(maxsize=64)
def _strftime_pattern(date_format: str) -> str | None:
    """``"Y.m.d H:i"`` → ``"%Y.%m.%d %H:%M"``; None for a format with any other letter."""
    pattern = []
    for character in date_format:
        if character in _NUMERIC_DATE_LETTERS:
            pattern.append(_NUMERIC_DATE_LETTERS[character])
        elif character.isalpha() or character == "\\":
            return None
        else:
            pattern.append(character.replace("%", "%%"))
    return "".join(pattern)


def date(value, arg=None) -> str:
    """Django's ``|date``; a numeric format ("Y.m.d H:i", on every row and comment) through strftime.

    The same text without Django's per-call format lookup (a sixth of a post page's rendering).
    """
    pattern = _strftime_pattern(arg) if arg else None
    if pattern is None or not isinstance(value, datetime_date):
        return defaultfilters.date(value, arg)
    if not isinstance(value, datetime) and any(letter in arg for letter in "His"):
        return defaultfilters.date(value, arg)  # a day has no time of day: Django's own error
    return value.strftime(pattern)


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


@jinja2.pass_context
def canonical_url(context) -> str:
    """This page's absolute address without its query (og:url, rel=canonical, the share button)."""
    request = context.get("request")
    return request.build_absolute_uri(request.path) if request is not None else ""


_STORE_BRACKETS = (("[", "]"), ("(", ")"), ("【", "】"), ("<", ">"))


def names_store(title, store) -> bool:
    """The title already starts with the store in brackets ("[쿠팡] 햇반", "［쿠팡］…", "(쿠팡)…"):
    the row's own "[쿠팡]" would say it twice."""
    if not title or not store:
        return False
    folded = unicodedata.normalize("NFKC", str(title)).strip().casefold()
    name = unicodedata.normalize("NFKC", str(store)).strip().casefold()
    return any(folded.startswith(f"{left}{name}{right}") for left, right in _STORE_BRACKETS)


# --- url(), reversed once per address ------------------------------------------------------------
# A page names 10 to 90 addresses (the header's, one per row or comment): reversing one is 15 µs
# of Django's resolver. An address depends only on the view name, its arguments, the URLconf and
# the script prefix (the front has no i18n_patterns and no instance namespaces), so each is
# reversed once per process and looked up afterwards.


@lru_cache(maxsize=4096)
def _reverse(view_name, args: tuple, kwargs: tuple, urlconf, prefix) -> str:
    return reverse(view_name, args=args, kwargs=dict(kwargs), urlconf=urlconf)


def cached_reverse(view_name, args=(), kwargs=None) -> str:
    """``reverse()``, remembered per (view, arguments, URLconf, script prefix)."""
    kwargs = tuple(sorted((kwargs or {}).items()))
    try:
        return _reverse(view_name, tuple(args), kwargs, get_urlconf(), get_script_prefix())
    except TypeError:  # an argument that cannot be a key (a list): reversed every time
        return reverse(view_name, args=args, kwargs=dict(kwargs))


def url(view_name, *args, **kwargs) -> str:
    """``{{ url("board:detail", post.id) }}``: the address, as Django's ``{% url %}`` gives it."""
    return cached_reverse(view_name, args, kwargs)


@receiver(setting_changed)
def _forget_reversed(*, setting, **kwargs):
    if setting in ("ROOT_URLCONF", "FORCE_SCRIPT_NAME"):  # tests that swap them
        _reverse.cache_clear()


# --- _("…"), translated once per language ------------------------------------------------------
# A page has 25 to 90 literal messages. Jinja2's own ``_`` cost 10–11 µs each (timeit): Django's
# gettext 3.6 µs, get_language() 2.2 µs (asgiref's Local), Markup's ``%`` 2.3 µs, and two more
# context calls. A literal message renders the same for a language, so it is kept per language,
# and the language is read once per page from the context.


@lru_cache(maxsize=4096)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


@lru_cache(maxsize=4096)
def _translated_alone(language: str | None, message: str, autoescape: bool) -> str:
    """A message without placeholders, as it renders (``%%`` already a percent sign)."""
    text = _translated(language, message)
    return (Markup(text) if autoescape else text) % {}  # noqa: S704 - our templates' own message


@receiver(setting_changed)
def _forget_translations(*, setting, **kwargs):
    if setting in ("LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS"):
        _translated.cache_clear()
        _translated_alone.cache_clear()


@jinja2.pass_context
def translate(context, message: str, **variables) -> str:
    """``{{ _("…") }}``: Jinja2's new-style gettext, remembered per (language, message).

    As there: the message is trusted markup when autoescaping, ``%(name)s`` placeholders are
    filled with the (escaped) ``variables``, and ``%%`` is a percent sign. The language is the
    page's (``LANGUAGE_CODE``, put in every request's context by Django's i18n context processor,
    from ``get_language()`` as rendering starts); without a request, ``get_language()``.
    """
    language = context.get("LANGUAGE_CODE") or get_language()
    autoescape = context.eval_ctx.autoescape
    if not variables:
        return _translated_alone(language, message, autoescape)
    text = _translated(language, message)
    return (Markup(text) if autoescape else text) % variables  # noqa: S704 - as above


# --- the environment ---------------------------------------------------------------------------


class Missing(jinja2.ChainableUndefined):
    """A variable the context lacks: empty, falsy, and its attributes and calls missing as well."""

    __slots__ = ()

    def __call__(self, *args, **kwargs):
        return self


def _as_django_filter(function):
    """A Django filter as Jinja2 calls it: a missing value arrives as ``""``, as in Django."""

    def apply(value, *args):
        return function("" if isinstance(value, jinja2.Undefined) else value, *args)

    apply.__name__ = function.__name__
    apply.__doc__ = function.__doc__
    return apply


def _is_none(value) -> bool:
    """``x is none``: also true of a missing variable (Django resolves it to None)."""
    return value is None or isinstance(value, jinja2.Undefined)


FILTERS = {
    function.__name__: _as_django_filter(function)
    for function in (usertext, won, match_count, when, date, picture, names_store, naturaltime)
} | {
    name: _as_django_filter(getattr(defaultfilters, name))
    for name in (
        "add",
        "default_if_none",
        "floatformat",
        "linebreaksbr",
        "truncatechars",
        "urlencode",
    )
}


class FrontEnvironment(jinja2.Environment):
    """``a.b`` looks ``b`` up as a key of a dict first, as Django's templates do.

    The pages read API answers (dicts) far more than objects: Jinja2's own order (attribute, then
    key) raised and caught an AttributeError for each of the ≈900 lookups of a post with its
    comments, a sixth of its rendering; and ``section.items`` is the section, not ``dict.items``.
    """

    def getattr(self, obj, attribute):
        if type(obj) is dict:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(**options) -> jinja2.Environment:
    """The front's Jinja2 environment (``TEMPLATES``' ``environment`` option)."""
    options["undefined"] = Missing  # not Django's DebugUndefined, which prints ``{{ name }}`` in DEBUG
    options.setdefault("keep_trailing_newline", True)
    env = FrontEnvironment(extensions=["jinja2.ext.i18n"], **options)
    env.install_gettext_callables(gettext, ngettext, newstyle=True)
    env.globals["_"] = translate
    env.globals.update(url=url, static=static, canonical_url=canonical_url)
    env.filters.update(FILTERS)
    env.tests["none"] = _is_none
    return env
