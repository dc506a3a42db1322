"""Writing comments: the thread's forms post here and come back to the page they came from.

When the comment service refuses or cannot be reached, the text comes back in a form of its
own with the reason, so nothing typed is lost.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from front.api import Api, ApiError, Unavailable
from front.comments.forms import CommentEditForm, CommentForm
from front.comments.threads import target_url
from front.web.forms import CommunityReportForm, form_page, friendly_detail
from front.web.navigation import login_required, safe_next


def _back(request: HttpRequest, fallback: str) -> str:
    return safe_next(request, request.POST.get("next"), fallback)


@require_POST
@login_required
def comment_create(request: HttpRequest) -> HttpResponse:
    def action(form):
        target = target_url(form.cleaned_data["target_type"], form.cleaned_data["target_id"])
        comment = Api(request).post("comments", "/api/comments", form.payload())
        messages.success(request, _("댓글을 남겼어요."))
        return redirect(f"{_back(request, target).split('#')[0]}#comment-{comment['id']}")

    context = {"next": _back(request, "/"), "heading": _("댓글 쓰기")}
    return form_page(request, CommentForm, "comments/form.html", action, context=context)


@require_POST
@login_required
def comment_edit(request: HttpRequest, comment_id: int) -> HttpResponse:
    def action(form):
        Api(request).patch("comments", f"/api/comments/{comment_id}", {"body": form.cleaned_data["body"]})
        messages.success(request, _("댓글을 고쳤어요."))
        return redirect(f"{_back(request, '/').split('#')[0]}#comment-{comment_id}")

    context = {"next": _back(request, "/"), "heading": _("댓글 고치기")}
    return form_page(request, CommentEditForm, "comments/form.html", action, context=context)


@require_POST
@login_required
def comment_delete(request: HttpRequest, comment_id: int) -> HttpResponse:
    if not request.POST.get("confirmed"):
        # Without JavaScript the button's data-confirm cannot ask: ask with a page instead.
        context = {"comment_id": comment_id, "next": _back(request, "/")}
        return render(request, "comments/delete.html", context)
    try:
        Api(request).delete("comments", f"/api/comments/{comment_id}")
    except Unavailable:
        messages.error(request, _("지금은 댓글을 삭제할 수 없어요. 잠시 후 다시 시도해 주세요."))
    except ApiError as exc:
        messages.error(request, friendly_detail(exc))
    else:
        messages.success(request, _("댓글을 삭제했어요."))
    return redirect(f"{_back(request, '/').split('#')[0]}#comments")


@login_required(member=True)
def comment_report(request: HttpRequest, comment_id: int) -> HttpResponse:
    """Report a comment: the reasons list, then back to the thread it is in."""
    back = safe_next(request, request.POST.get("next") or request.GET.get("next"), "/")

    def action(form):
        Api(request).post("comments", f"/api/comments/{comment_id}/report", {"reason": form.reason_text()})
        messages.success(request, _("신고를 접수했어요. 고마워요."))
        return redirect(f"{back.split('#')[0]}#comment-{comment_id}")

    context = {"next": back, "heading": _("댓글 신고")}
    return form_page(request, CommunityReportForm, "comments/report.html", action, context=context)
