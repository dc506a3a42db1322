"""Deal pages — a minimal first cut so the rest of the front can link here.

The deal pages proper (filters, share form, votes, product chart) are built on top of this by
the deals engineer; see front/FOUNDATION.md.
"""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from front.api import Api, ApiError, gather
from front.comments.threads import comment_thread
from front.web.navigation import login_required
from front.web.paging import PAGE_SIZE, page_number, pages_for


@require_GET
def deal_list(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    params = {"sort": request.GET.get("sort", "new"), "page": page_number(request), "page_size": PAGE_SIZE}
    sections = gather(
        {
            "deals": lambda: api.get(
                "sharing", "/api/sharing/deals", params, cache=settings.FRONT_ANONYMOUS_CACHE_SECONDS
            )
        }
    )
    deals = sections["deals"]
    return render(
        request,
        "deals/list.html",
        {"nav": "deals", "sections": sections, "pages": pages_for(request, deals.data if deals.ok else None)},
    )


def _deal_or_404(api: Api, deal_id: int) -> dict:
    try:
        return api.get("sharing", f"/api/sharing/deals/{deal_id}")
    except ApiError as exc:
        raise Http404 from exc


@require_GET
def deal_detail(request: HttpRequest, deal_id: int) -> HttpResponse:
    api = Api(request)
    sections = gather(
        {
            "deal": lambda: _deal_or_404(api, deal_id),
            "comments": lambda: comment_thread(api, "deal", deal_id, page_number(request)),
        }
    )
    if sections["deal"].error is not None:
        raise Http404
    return render(
        request,
        "deals/detail.html",
        {
            "nav": "deals",
            "deal": sections["deal"].data,
            "sections": sections,
            "target_type": "deal",
            "target_id": deal_id,
            "comment_pages": pages_for(
                request, sections["comments"].data if sections["comments"].ok else None
            ),
        },
        status=503 if sections["deal"].unavailable else 200,
    )


@login_required(member=True)
def deal_create(request: HttpRequest) -> HttpResponse:
    return render(request, "deals/list.html", {"nav": "deals", "sections": {}, "coming": True})


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    sections = gather({"deals": lambda: api.get("sharing", "/api/sharing/deals", {"sort": "price"})})
    return render(request, "deals/list.html", {"nav": "deals", "sections": sections})


@require_GET
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    api = Api(request)
    try:
        product = api.get("sharing", f"/api/sharing/products/{product_id}")
    except ApiError as exc:
        raise Http404 from exc
    return render(request, "deals/product.html", {"nav": "deals", "product": product})
