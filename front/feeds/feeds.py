"""RSS 2.0 and Atom feeds (django.contrib.syndication): deals with any of the list's filters, a
keyword, the hot list, the board and each of its categories.

Feeds are public and the same for everyone: sharing and board are asked without the visitor's
token (a signed-in browser opening one gets what a feed reader gets), their answers are reused
like every token-less answer (``FRONT_ANONYMOUS_CACHE_SECONDS``), and the feed itself says
``Cache-Control: public`` and is kept in the whole-page cache ``FRONT_FEED_CACHE_SECONDS``
(front.web.pagecache). A service that is down is a 503 (a reader retries), never an empty feed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from front.api import Api, Unavailable, gather
from front.deals.forms import DealFilterForm
from front.web.templating import when

#: items in one feed (readers poll; what fell off between two polls is on the site)
FEED_SIZE = 30
DEALS = "/api/sharing/deals"
POSTS = "/api/board/posts"
SITE = "절약왕국"


@dataclass
class Channel:
    """What one feed shows: its title and description, the page it mirrors, its items."""

    title: str
    description: str
    page: str
    items: list[dict] = field(default_factory=list)


def _results(answer) -> list[dict]:
    return answer.get("results", []) if isinstance(answer, dict) else answer or []


def _fetch(request: HttpRequest, service: str, path: str, params: dict, *, reference: str = "") -> dict:
    """The list (and, with ``reference``, a list of categories) asked at once, without a token.

    Unavailable propagates: the feed is a 503, not an empty list a reader would believe.
    """
    api = Api(request)
    cache = settings.FRONT_ANONYMOUS_CACHE_SECONDS
    calls = {
        "items": lambda: api.get(service, path, {**params, "page_size": FEED_SIZE}, cache=cache, auth=False)
    }
    if reference:
        calls["categories"] = lambda: api.get(service, reference, {"page_size": 50}, cache=300, auth=False)
    sections = gather(calls)
    if any(section.unavailable for section in sections.values()):
        raise Unavailable(service, "a feed's list")
    items = sections["items"]
    if items.error is not None:
        raise Http404 from items.error  # a filter the service refuses (an unknown category…)
    categories = sections.get("categories")
    return {
        "items": items.results,
        "categories": {c.get("slug"): c.get("name") for c in categories.results}
        if categories and categories.ok
        else {},
    }


class FrontFeed(Feed):
    """RSS 2.0; ``Atom`` subclasses switch the format. Public, cacheable, in Korean."""

    feed_type = Rss201rev2Feed
    language = "ko"
    author_name = SITE  # Atom wants an author for the feed (entries carry their own)

    def __call__(self, request, *args, **kwargs):
        response = super().__call__(request, *args, **kwargs)
        patch_cache_control(response, public=True, max_age=settings.FRONT_FEED_CACHE_SECONDS)
        return response

    # --- the channel -----------------------------------------------------------------------
    def title(self, obj: Channel) -> str:
        return obj.title

    def description(self, obj: Channel) -> str:
        return obj.description

    def subtitle(self, obj: Channel) -> str:  # Atom's name for the description
        return obj.description

    def link(self, obj: Channel) -> str:
        return obj.page

    def items(self, obj: Channel) -> list[dict]:
        return obj.items

    # --- one item (its link, title and description: DealItems / PostItems) ---------------------

    def item_pubdate(self, item: dict):
        return when(item.get("created_at"))

    def item_updateddate(self, item: dict):
        return when(item.get("updated_at") or item.get("created_at"))

    def item_author_name(self, item: dict) -> str:
        return (item.get("author") or {}).get("nickname") or SITE

    def item_categories(self, item: dict) -> list[str]:
        category = item.get("category")
        if isinstance(category, dict):
            category = category.get("name") or category.get("slug")
        return [category] if category else []


class DealItems:
    """A deal: its price in the title, its page as the link, price, store and shipping described."""

    description_template = "feeds/deal.html"

    def item_title(self, item: dict) -> str:
        price = item.get("effective_price", item.get("price"))
        try:
            return _("%(title)s — %(price)s원") % {"title": item.get("title", ""), "price": f"{int(price):,}"}
        except (TypeError, ValueError):
            return item.get("title", "")

    def item_link(self, item: dict) -> str:
        return reverse("deals:detail", args=[item["id"]])


class PostItems:
    """A 거지방 post: its title, its page, the beginning of its text."""

    description_template = "feeds/post.html"

    def item_title(self, item: dict) -> str:
        return item.get("title", "")

    def item_link(self, item: dict) -> str:
        return reverse("board:detail", args=[item["id"]])


def _deal_list_page(params: dict) -> str:
    return reverse("deals:list") + (f"?{urlencode(params)}" if params else "")


class DealListFeed(DealItems, FrontFeed):
    """/feeds/deals.xml?<the deal list's query string>: the list as filtered on the page."""

    def get_object(self, request: HttpRequest) -> Channel:
        form = DealFilterForm(request.GET)
        params = form.api_params()
        answer = _fetch(request, "sharing", DEALS, params, reference="/api/sharing/categories")
        values = form.filters()
        described = []
        if values.get("q"):
            described.append(_("‘%(q)s’ 검색") % {"q": values["q"]})
        if values.get("category"):
            described.append(answer["categories"].get(values["category"], values["category"]))
        if values.get("store"):
            described.append(values["store"])
        if values.get("free_shipping"):
            described.append(_("무료배송"))
        title = _("절약왕국 최저가") + (f" · {' · '.join(described)}" if described else "")
        shown = {k: v for k, v in request.GET.items() if k != "page" and v}
        return Channel(
            title=title,
            description=_("절약왕국에 공유된 최저가 딜 (목록의 필터 그대로)"),
            page=_deal_list_page(shown),
            items=answer["items"],
        )


class HotDealsFeed(DealItems, FrontFeed):
    """/feeds/deals/hot.xml: the hot list."""

    def get_object(self, request: HttpRequest) -> Channel:
        answer = _fetch(request, "sharing", DEALS, {"sort": "hot"})
        return Channel(
            title=_("절약왕국 인기 핫딜"),
            description=_("추천을 많이 받은 지금의 핫딜"),
            page=_deal_list_page({"sort": "hot"}),
            items=answer["items"],
        )


def feed_keyword(value: str) -> str:
    """A keyword as the deal search takes it: trimmed, at most 100 characters, no NUL."""
    return value.replace("\x00", "").strip()[:100]


class KeywordFeed(DealItems, FrontFeed):
    """/feeds/keyword/<q>.xml: new deals matching a keyword (the search's matching)."""

    def get_object(self, request: HttpRequest, q: str) -> Channel:
        keyword = feed_keyword(q)
        if not keyword:
            raise Http404
        answer = _fetch(request, "sharing", DEALS, {"q": keyword, "sort": "new"})
        return Channel(
            title=_("절약왕국 최저가 · ‘%(q)s’") % {"q": keyword},
            description=_("‘%(q)s’에 맞는 새 딜") % {"q": keyword},
            page=_deal_list_page({"q": keyword}),
            items=answer["items"],
        )


class BoardFeed(PostItems, FrontFeed):
    """/feeds/board.xml and /feeds/board/<category>.xml: the newest 거지방 posts."""

    def get_object(self, request: HttpRequest, category: str = "") -> Channel:
        params = {"sort": "new", **({"category": category} if category else {})}
        answer = _fetch(request, "board", POSTS, params, reference="/api/board/categories")
        name = ""
        if category:
            name = answer["categories"].get(category)
            if name is None and answer["categories"]:
                raise Http404  # board would have said 400; a category that does not exist has no feed
            name = name or category
        page = reverse("board:list") + (f"?{urlencode({'category': category})}" if category else "")
        return Channel(
            title=_("절약왕국 거지방") + (f" · {name}" if name else ""),
            description=_("거지방의 새 글"),
            page=page,
            items=answer["items"],
        )


def atom(feed_class: type[FrontFeed]) -> type[FrontFeed]:
    """The Atom 1.0 twin of an RSS feed."""
    return type(f"{feed_class.__name__}Atom", (feed_class,), {"feed_type": Atom1Feed})
