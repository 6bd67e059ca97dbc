"""Every write of charity drives. The platform holds no money: the charity records what it
received and the receipt it issued."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.charity.amounts import parse_amount
from shanglian.charity.models import Campaign, Pledge
from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError, Forbidden
from shanglian.directory import access as directory_access
from shanglian.directory.access import current_memberships


@transaction.atomic
def campaign_create(*, actor: Any, values: dict[str, Any], recorder_ids: list[int] | None = None) -> Campaign:
    values = dict(values)
    values["goal"] = parse_amount(values.get("goal"), field="goal")
    if not values.get("beneficiary_s88", "").strip():
        raise DomainError("s88", _("請填寫受惠機構的稅務局第88條檔案編號。"),
                          fields={"beneficiary_s88": _("請填寫受惠機構的稅務局第88條檔案編號。")})
    campaign = Campaign.objects.create(**values)
    if recorder_ids:
        campaign.recorders.set(recorder_ids)
    audit_record(actor=actor, action="charity.campaign_create", target=campaign)
    return campaign


@transaction.atomic
def campaign_set_status(*, actor: Any, campaign: Campaign, status: str) -> Campaign:
    if status not in Campaign.Status.values:
        raise DomainError("status", _("狀態無效。"))
    Campaign.objects.filter(pk=campaign.pk).update(status=status)
    campaign.status = status
    audit_record(actor=actor, action="charity.campaign_status", target=campaign, changes={"status": status})
    return campaign


def pledge_create(*, actor: Any, campaign: Campaign, kind: str, amount: Any = None, in_kind: str = "",
                  donor_name: str = "", association_id: int | None = None, enterprise_id: int | None = None,
                  leaderboard_consent: bool = False, now: datetime.datetime | None = None) -> Pledge:
    """A pledge by an association (its admin), a member enterprise (its user) or an individual."""
    in_kind = (in_kind or "").strip()[:300]
    value = parse_amount(amount) if str(amount or "").strip() else None
    if value is None and not in_kind:
        message = _("請輸入認捐金額或實物捐贈內容。")
        raise DomainError("empty", message, fields={"amount": message})
    if not getattr(actor, "is_authenticated", False):
        raise Forbidden()
    association = None
    enterprise = None
    if kind == Pledge.Kind.ASSOCIATION:
        if association_id not in directory_access.managed_association_ids(actor):
            raise Forbidden("not_admin", _("你只可以代表你管理的屬會認捐。"))
        from shanglian.directory.models import Association

        association = Association.objects.get(pk=association_id)
        name = association.name_zh
    elif kind == Pledge.Kind.ENTERPRISE:
        if enterprise_id not in directory_access.own_enterprise_ids(actor):
            raise Forbidden("not_owner", _("你只可以代表你的企業認捐。"))
        from shanglian.directory.models import Enterprise

        enterprise = Enterprise.objects.get(pk=enterprise_id)
        membership = current_memberships().filter(enterprise=enterprise).order_by("pk").first()
        association = membership.association if membership else None
        name = enterprise.name_zh or enterprise.name_en
    elif kind == Pledge.Kind.INDIVIDUAL:
        name = (donor_name or "").strip()[:200]
        if not name:
            raise DomainError("name", _("請填寫捐款者姓名。"), fields={"donor_name": _("請填寫捐款者姓名。")})
    else:
        raise DomainError("kind", _("捐款者類別無效。"))
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.status != Campaign.Status.OPEN or (now or timezone.now()) >= locked.deadline:
            raise Conflict("closed", _("此籌款活動已結束，不再接受認捐。"))
        pledge = Pledge.objects.create(campaign=locked, kind=kind, user=actor, association=association,
                                       enterprise=enterprise, donor_name=name, amount=value, in_kind=in_kind,
                                       leaderboard_consent=bool(leaderboard_consent))
        audit_record(actor=actor, action="charity.pledge", target=pledge,
                     association_id=association.pk if association else None)
    return pledge


@transaction.atomic
def pledge_receive(*, actor: Any, pledge: Pledge, amount: Any, received_at: datetime.date,
                   receipt_number: str) -> Pledge:
    """The charity records the money it received and the receipt it issued."""
    value = parse_amount(amount, field="received_amount")
    if not received_at:
        raise DomainError("date", _("請填寫收款日期。"))
    updated = Pledge.objects.filter(pk=pledge.pk).exclude(status=Pledge.Status.CANCELLED).update(
        status=Pledge.Status.RECEIVED, received_amount=value, received_at=received_at,
        receipt_number=(receipt_number or "").strip()[:60])
    if not updated:
        raise Conflict("cancelled", _("此認捐已取消。"))
    pledge.refresh_from_db()
    audit_record(actor=actor, action="charity.receive", target=pledge, changes={"received_amount": str(value)})
    return pledge


@transaction.atomic
def pledge_cancel(*, actor: Any, pledge: Pledge) -> Pledge:
    updated = Pledge.objects.filter(pk=pledge.pk, status=Pledge.Status.PLEDGED).update(status=Pledge.Status.CANCELLED)
    if not updated:
        raise Conflict("not_pledged", _("只可以取消尚未收款的認捐。"))
    pledge.refresh_from_db()
    audit_record(actor=actor, action="charity.cancel", target=pledge)
    return pledge


@transaction.atomic
def usage_report_save(*, actor: Any, campaign: Campaign, text: str) -> Campaign:
    Campaign.objects.filter(pk=campaign.pk).update(usage_report=(text or "").strip()[:20000])
    campaign.refresh_from_db()
    audit_record(actor=actor, action="charity.usage_report", target=campaign)
    return campaign
