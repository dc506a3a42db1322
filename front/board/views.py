"""거지방 pages. Reads ask board (and comments) concurrently; writes go to board and come back."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from front.api import Api, ApiError, Unavailable, gather
from front.api.transport import client_ip
from front.board import view_counts
from front.board.forms import JUDGED_KINDS, KINDS, SORTS, PostForm
from front.comments.threads import comment_thread
from front.feeds import links as feed_links
from front.web.forms import CommunityReportForm, attempt, form_page, friendly_detail, search_query
from front.web.navigation import login_required
from front.web.paging import PAGE_SIZE, page_number, pages_for

RANKING_PAGE_SIZE = 50


def _categories(api: Api) -> list[dict]:
    answer = api.get("board", "/api/board/categories", {"page_size": 50}, cache=300, auth=False)
    return answer.get("results", []) if isinstance(answer, dict) else answer


def _post_or_404(api: Api, post_id: int) -> dict:
    try:
        post = api.get("board", f"/api/board/posts/{post_id}")
    except ApiError as exc:
        if exc.status in (403, 404):
            raise Http404 from exc
        raise
    if post.get("is_deleted"):
        raise Http404
    return post


@require_GET
def post_list(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    filters = {
        "category": request.GET.get("category", ""),
        "kind": request.GET.get("kind", ""),
        "q": search_query(request),
        "sort": request.GET.get("sort", "new") if request.GET.get("sort") in dict(SORTS) else "new",
    }
    params = {**filters, "page": page_number(request), "page_size": PAGE_SIZE}
    sections = gather(
        {
            "categories": lambda: _categories(api),
            # the list is everyone's (Api.everyones); a search is asked as it is typed, never shared
            "posts": lambda: (
                api.get("board", "/api/board/posts", params)
                if filters["q"]
                else api.everyones("board", "/api/board/posts", params, own_after_change=True)
            ),
        }
    )
    posts = sections["posts"]
    return render(
        request,
        "board/list.html",
        {
            "nav": "board",
            "filters": filters,
            "sorts": SORTS,
            "sections": sections,
            "pages": pages_for(request, posts.data if posts.ok else None),
            "feed_links": feed_links.board(filters["category"]),
        },
    )


@require_GET
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    api = Api(request)
    sections = gather(
        {
            "post": lambda: _post_or_404(api, post_id),
            "comments": lambda: comment_thread(api, "post", post_id, page_number(request)),
        }
    )
    post = sections["post"]
    if post.unavailable:
        return render(request, "board/detail.html", {"nav": "board", "sections": sections}, status=503)
    if post.error is not None:
        raise Http404
    response = render(
        request,
        "board/detail.html",
        {
            "nav": "board",
            "post": _with_current_author_role(api, post.data),
            "judged": post.data.get("kind") in JUDGED_KINDS,
            "sections": sections,
            "target_type": "post",
            "target_id": post_id,
            "comment_pages": pages_for(
                request, sections["comments"].data if sections["comments"].ok else None
            ),
        },
    )
    # Served again from the anonymous page cache, the page does not ask board for the post: the
    # view is sent to board with others a moment later instead (front.board.view_counts).
    response.page_cache_hit = ("front.board.views.count_cached_view", {"post_id": post_id})
    return response


def count_cached_view(request: HttpRequest, post_id: int) -> None:
    view_counts.batch.add(post_id, client_ip(request))


def _with_current_author_role(api: Api, post: dict) -> dict:
    """The post with its author's role as it is now, not as it was when the post was written.

    The board stores a snapshot of the role; a guest who later became a member (same id) would
    stay "(비회원)" on every old post. Only a snapshot that says guest can be out of date (roles
    only go up), so only then is auth asked — its public profile, by the author's id. When
    auth cannot answer, the snapshot stays and the page still renders.
    """
    author = post.get("author") or {}
    if author.get("role") != "guest" or author.get("id") is None:
        return post
    try:
        profile = api.get(
            "auth",
            f"/api/auth/users/{author['id']}",
            cache=settings.FRONT_ANONYMOUS_CACHE_SECONDS,
            auth=False,
        )
    except (ApiError, Unavailable):
        return post
    return {**post, "author": {**author, "role": profile.get("role", author["role"])}}


def _categories_or_notice(request, api):
    try:
        return _categories(api)
    except (ApiError, Unavailable):
        return []


@login_required
def post_create(request: HttpRequest) -> HttpResponse:
    api = Api(request)
    categories = _categories_or_notice(request, api)

    def action(form):
        post = api.post("board", "/api/board/posts", form.payload())
        api.changed_lists()
        messages.success(request, _("글을 올렸어요."))
        return redirect("board:detail", post_id=post["id"])

    initial = {"kind": request.GET.get("kind", "talk"), "category": request.GET.get("category")}
    return form_page(
        request,
        PostForm,
        "board/form.html",
        action,
        initial=initial,
        form_kwargs={"categories": categories, "anonymous_allowed": not request.viewer.is_guest},
        context={"nav": "board", "heading": _("글쓰기"), "categories_missing": not categories},
    )


@login_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    api = Api(request)
    post = _post_or_404(api, post_id)
    if not post.get("is_mine") and not request.viewer.is_staff:
        raise Http404
    categories = _categories_or_notice(request, api)

    def action(form):
        api.patch("board", f"/api/board/posts/{post_id}", form.payload())
        api.changed_lists()
        messages.success(request, _("글을 고쳤어요."))
        return redirect("board:detail", post_id=post_id)

    initial = {
        "category": (post.get("category") or {}).get("slug"),
        "title": post.get("title"),
        "body": post.get("body"),
        "amount": post.get("amount"),
    }
    return form_page(
        request,
        PostForm,
        "board/form.html",
        action,
        initial=initial,
        form_kwargs={
            "categories": categories,
            "fixed_kind": post["kind"],
            "amount_frozen": bool(post.get("amount_frozen")),
        },
        context={
            "nav": "board",
            "heading": _("글 고치기"),
            "post": post,
            "kinds": dict(KINDS),
            "categories_missing": not categories,
        },
    )


@login_required
def post_delete(request: HttpRequest, post_id: int) -> HttpResponse:
    api = Api(request)
    if request.method == "POST":
        try:
            api.delete("board", f"/api/board/posts/{post_id}")
        except ApiError as exc:
            if exc.status == 404:
                raise Http404 from exc
            messages.error(request, friendly_detail(exc))
            return redirect("board:detail", post_id=post_id)
        except Unavailable:
            messages.error(request, _("지금은 삭제할 수 없어요. 잠시 후 다시 시도해 주세요."))
            return redirect("board:detail", post_id=post_id)
        api.changed_lists()
        messages.success(request, _("글을 삭제했어요."))
        return redirect("board:list")
    post = _post_or_404(api, post_id)
    if not post.get("is_mine") and not request.viewer.is_staff:
        raise Http404  # as for editing: no "delete?" page for someone else's post
    return render(request, "board/delete.html", {"nav": "board", "post": post})


def _reaction(request: HttpRequest, post_id: int, call) -> HttpResponse:
    """Run a like/verdict call; answer the fragment to a script, a redirect to a plain form."""
    api = Api(request)
    _answer, problem = attempt(lambda: call(api))
    if request.headers.get("X-Requested-With") == "fetch":
        # The reason goes into the fragment: a flash message would only show on the next page.
        try:
            post = _post_or_404(api, post_id)
        except Unavailable:
            return HttpResponse(status=503)
        return render(
            request,
            "board/partials/reactions.html",
            {"post": post, "judged": post.get("kind") in JUDGED_KINDS, "reaction_problem": problem},
        )
    if problem:
        messages.error(request, problem)
    return redirect(reverse("board:detail", args=[post_id]) + "#reactions")


@require_POST
@login_required(member=True)
def post_like(request: HttpRequest, post_id: int) -> HttpResponse:
    path = f"/api/board/posts/{post_id}/like"
    if request.POST.get("action") == "unlike":
        return _reaction(request, post_id, lambda api: api.delete("board", path))
    return _reaction(request, post_id, lambda api: api.post("board", path))


@require_POST
@login_required(member=True)
def post_save(request: HttpRequest, post_id: int) -> HttpResponse:
    """스크랩: save the post (saved=1) or forget it; the fragment to a script, a redirect otherwise."""
    path = f"/api/board/posts/{post_id}/bookmark"
    wanted = request.POST.get("saved") == "1"
    api = Api(request)
    answer, problem = attempt(lambda: api.put("board", path) if wanted else api.delete("board", path))
    saved = bool((answer or {}).get("saved", wanted)) if problem is None else not wanted
    if request.headers.get("X-Requested-With") == "fetch":
        post = {"id": post_id, "saved_by_me": saved}
        return render(request, "board/partials/save.html", {"post": post, "save_problem": problem})
    if problem:
        messages.error(request, problem)
    else:
        messages.success(
            request, _("스크랩했어요. 내 페이지에서 다시 볼 수 있어요.") if saved else _("스크랩을 지웠어요.")
        )
    return redirect(reverse("board:detail", args=[post_id]) + "#save")


@require_POST
@login_required(member=True)
def post_verdict(request: HttpRequest, post_id: int) -> HttpResponse:
    verdict = request.POST.get("verdict")
    path = f"/api/board/posts/{post_id}/verdict"
    return _reaction(request, post_id, lambda api: api.post("board", path, {"verdict": verdict}))


@login_required(member=True)
def post_report(request: HttpRequest, post_id: int) -> HttpResponse:
    api = Api(request)
    post = _post_or_404(api, post_id)

    def action(form):
        api.post("board", f"/api/board/posts/{post_id}/report", {"reason": form.reason_text()})
        messages.success(request, _("신고를 접수했어요. 고마워요."))
        return redirect("board:detail", post_id=post_id)

    return form_page(
        request, CommunityReportForm, "board/report.html", action, context={"nav": "board", "post": post}
    )


@require_GET
def ranking(request: HttpRequest) -> HttpResponse:
    month = request.GET.get("month") or timezone.localdate().strftime("%Y-%m")
    api = Api(request)
    sections = gather(
        {
            "ranking": lambda: api.get(
                "board",
                "/api/board/ranking",
                {"month": month, "page": page_number(request), "page_size": RANKING_PAGE_SIZE},
                cache=settings.FRONT_ANONYMOUS_CACHE_SECONDS,
                auth=False,  # the same for every viewer: one cached answer serves members too
            )
        }
    )
    section = sections["ranking"]
    rows = section.results if section.ok else []
    return render(
        request,
        "board/ranking.html",
        {
            "nav": "ranking",
            "month": month,
            "months": _recent_months(),
            "section": section,
            # The board lists qualifying members first: they are ranked, the others set apart.
            "qualified": [row for row in rows if row.get("qualifies", True)],
            "unqualified": [row for row in rows if not row.get("qualifies", True)],
            "rank_offset": (page_number(request) - 1) * RANKING_PAGE_SIZE,
            "pages": pages_for(request, section.data if section.ok else None, RANKING_PAGE_SIZE),
        },
    )


def _recent_months(count: int = 6) -> list[str]:
    today = timezone.localdate()
    year, month = today.year, today.month
    months = []
    for _index in range(count):
        months.append(f"{year:04d}-{month:02d}")
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return months
