"""Writes on expiry and reports: the author or staff end a deal at once, anyone else's "it has
ended" is an expire report (enough of them end it), and complaints hide it pending review."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from rest_framework.exceptions import ValidationError

from kingdom.problems import Conflict
from sharing_service.deals import events
from sharing_service.deals.access import access_deal_for_action, may_change
from sharing_service.deals.models import ENDING_REASONS, Deal, DealStatus, Report, ReportReason
from sharing_service.deals.moderation import end, publish_visibility
from sharing_service.deals.products import product_refresh
from sharing_service.deals.selectors import deal_status


@transaction.atomic
def deal_expire(*, user, deal_id: int, status: str = DealStatus.EXPIRED) -> Deal:
    """The author or staff end a deal at once; any other member's request counts as a report."""
    deal = access_deal_for_action(user, deal_id)
    if may_change(user, deal):
        if deal.status != status:
            end(deal, status)
            deal.save(update_fields=["status", "ended_at"])
            # The author ending their own deal is an edit; staff ending it tells the author.
            events.publish_deal_changed(deal, events.UPDATED if deal.author_id == user.id else events.EXPIRED)
        return deal
    _report_ending(deal, user, ReportReason(status), detail="")
    return deal


def _report_ending(deal: Deal, user, reason: ReportReason, detail: str) -> Report:
    if deal_status(deal) != DealStatus.ACTIVE:
        raise Conflict("이미 종료된 딜입니다.", slug="deal-ended")
    open_reports = Report.objects.filter(deal=deal, reporter_id=user.id, is_resolved=False)
    if open_reports.filter(reason__in=ENDING_REASONS).exists():
        raise Conflict("이미 종료 신고를 했습니다.", slug="already-reported")
    report = Report.objects.create(deal=deal, reporter_id=user.id, reason=reason, detail=detail)
    deal.expire_report_count += 1
    ended = deal.expire_report_count >= settings.SHARING_EXPIRE_REPORTS_THRESHOLD
    if ended:
        votes = dict(
            Report.objects.filter(deal=deal, reason__in=ENDING_REASONS, is_resolved=False)
            .values_list("reason")
            .annotate(n=Count("id"))
        )
        more_sold_out = votes.get(ReportReason.SOLD_OUT, 0) > votes.get(ReportReason.EXPIRED, 0)
        end(deal, DealStatus.SOLD_OUT if more_sold_out else DealStatus.EXPIRED)
    deal.save(update_fields=["expire_report_count", "status", "ended_at"])
    if ended:
        events.publish_deal_changed(deal, events.EXPIRED)  # the community ended it
    return report


@transaction.atomic
def deal_report(*, user, deal_id: int, reason: str, detail: str = "") -> Report:
    deal = access_deal_for_action(user, deal_id)
    if deal.author_id == user.id:
        raise ValidationError({"reason": ["자신이 올린 딜은 신고할 수 없습니다. 수정하거나 종료해 주세요."]})
    reason = ReportReason(reason)
    if reason in ENDING_REASONS:
        return _report_ending(deal, user, reason, detail)
    open_reports = Report.objects.filter(deal=deal, reporter_id=user.id, is_resolved=False)
    if open_reports.exclude(reason__in=ENDING_REASONS).exists():
        raise Conflict("이미 신고한 딜입니다.", slug="already-reported")
    report = Report.objects.create(deal=deal, reporter_id=user.id, reason=reason, detail=detail)
    deal.report_count += 1
    fields = ["report_count"]
    if deal.report_count >= settings.SHARING_HIDE_REPORTS_THRESHOLD and not deal.is_hidden:
        deal.is_hidden = True
        deal.hidden_reason = f"신고 {deal.report_count}건 누적 — 운영자 검토 대기"
        fields += ["is_hidden", "hidden_reason"]
        publish_visibility(deal, hidden=True)
    deal.save(update_fields=fields)
    if deal.is_hidden:
        product_refresh(deal.product)
    return report
