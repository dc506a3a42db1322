"""Filters every template has (a builtin library): user text, money, API times.

``{{ text|usertext }}``: what people wrote, shown safely.

Everything is escaped; line breaks become ``<br>``; http(s) links become clickable with
``rel="nofollow ugc noopener"`` (no referral juice for spam, no window.opener for the target).
Nothing else a user types can turn into markup.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

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
