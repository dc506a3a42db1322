"""Home, search across board and deals, robots.txt."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.templatetags.static import static
from django.utils import timezone
from django.views.decorators.http import require_GET

from front.api import Api, gather
from front.feeds import links as feed_links
from front.web.forms import search_query
from front.web.paging import PAGE_SIZE, page_number, pages_for

# 오늘의 핫딜: the last 24 hours' most voted deals; those already ended stay, greyed, below the live ones
BEST_TODAY = {"sort": "best", "period": "day", "status": "all", "page_size": 5}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The community's front window, the same for everyone who opens it.

    Every section is asked without a token (``Api.everyones``), so one answer (kept
    ``FRONT_ANONYMOUS_CACHE_SECONDS``) serves visitors and members alike. A member's own answer
    would differ only in what the rows never show (their vote, their 스크랩) and in what is not the
    community's showcase: their own reported-and-hidden posts and deals, and their own name on an
    anonymous post (shown there as everyone sees it, 익명). Asked with each member's token, the
    four lists were the costliest page of the people mix: about 70 ms of the APIs' CPU per member
    home (``make bench``).
    """
    api = Api(request)
    month = timezone.localdate().strftime("%Y-%m")

    def everyones(service: str, path: str, params: dict):
        return lambda: api.everyones(service, path, params)

    sections = gather(
        {
            "best_today": everyones("sharing", "/api/sharing/deals", BEST_TODAY),
            "hot_deals": everyones("sharing", "/api/sharing/deals", {"sort": "hot", "page_size": 6}),
            "lowest": everyones("sharing", "/api/sharing/products", {"page_size": 6}),
            "hot_posts": everyones("board", "/api/board/posts", {"sort": "hot", "page_size": 6}),
            "ranking": everyones("board", "/api/board/ranking", {"month": month}),
        }
    )
    context = {"sections": sections, "month": month, "nav": "home", "feed_links": feed_links.hot_deals()}
    return render(request, "web/home.html", context)


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = search_query(request)
    sections = {}
    if query:
        api = Api(request)
        params = {"q": query, "page": page_number(request), "page_size": PAGE_SIZE}
        sections = gather(
            {
                "posts": lambda: api.get("board", "/api/board/posts", params),
                "deals": lambda: api.get("sharing", "/api/sharing/deals", {**params, "status": "all"}),
            }
        )
    biggest = max((s.data for s in sections.values() if s.ok), key=lambda d: d.get("count", 0), default=None)
    return render(
        request,
        "web/search.html",
        {
            "query": query,
            "sections": sections,
            "pages": pages_for(request, biggest),
            "nav": "search",
            "feed_links": feed_links.keyword(query),
        },
    )


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    # Nothing is disallowed: a crawler has no session, so /me only sends it to the login page, and
    # the login and sign-up pages are worth finding. robots.txt protects nothing private anyway
    # (sessions do); blocking them only failed search engines (Lighthouse "is-crawlable").
    lines = ["User-agent: *", "Allow: /", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says; send them to the hashed icon."""
    return HttpResponseRedirect(static("web/favicon.svg"))
