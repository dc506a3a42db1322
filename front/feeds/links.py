"""The feeds a page offers in ``<link rel="alternate">`` (``feeds/alternate.html``, var ``feed_links``)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

RSS = "application/rss+xml"
ATOM = "application/atom+xml"


def _both(name: str, title: str, query: str = "", **kwargs) -> list[dict]:
    suffix = f"?{query}" if query else ""
    return [
        {"type": RSS, "title": f"{title} (RSS)", "href": reverse(f"feeds:{name}", kwargs=kwargs) + suffix},
        {
            "type": ATOM,
            "title": f"{title} (Atom)",
            "href": reverse(f"feeds:{name}_atom", kwargs=kwargs) + suffix,
        },
    ]


def hot_deals() -> list[dict]:
    return _both("hot", _("인기 핫딜"))


def keyword(q: str) -> list[dict]:
    if not q:
        return []
    title = _("‘%(q)s’ 새 딜") % {"q": q}
    if "/" in q:  # a path segment cannot hold it: the list's feed takes any keyword
        return _both("deals", title, urlencode({"q": q}))
    return _both("keyword", title, q=q)


def deal_list(query: dict) -> list[dict]:
    """The deal list as filtered (``query``: the page's own query string, without ``page``).

    Only a keyword: that keyword's feed; only the hot sort: the hot list; else the list's feed
    with the same filters."""
    shown = {name: value for name, value in query.items() if name != "page" and value not in ("", None)}
    if set(shown) == {"q"}:
        return keyword(shown["q"])
    if shown == {"sort": "hot"}:
        return hot_deals()
    return _both("deals", _("이 딜 목록"), urlencode(shown))


def board(category: str = "") -> list[dict]:
    if re.fullmatch(r"[\w-]{1,50}", category):
        return _both("board_category", _("이 카테고리 새 글"), category=category)
    return _both("board", _("거지방 새 글"))
