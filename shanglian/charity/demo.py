"""Demo charity drives (idempotent): earthquake relief (open, pledges, some received, gifts in
kind) and last year's flood relief (closed, with how the money was used)."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from shanglian.charity import services
from shanglian.charity.models import Campaign, Pledge
from shanglian.directory.models import AssociationRole, EnterpriseRole


def load_demo(*, stdout: Any = None) -> None:
    if Campaign.objects.exists():
        if stdout:
            stdout.write("charity: demo data already present")
        return
    users = get_user_model().objects
    staff = users.filter(username="secretariat").first()
    if staff is None:
        return
    now = timezone.now()
    quake = services.campaign_create(actor=staff, values={
        "title_zh_hant": "地震賑災籌款", "title_zh_hans": "地震赈灾筹款", "title_en": "Earthquake relief appeal",
        "description_zh_hant": "為受地震影響的災民籌募緊急物資及重建經費。",
        "description_en": "Emergency supplies and rebuilding for people hit by the earthquake.",
        "beneficiary_name": "香港紅十字會", "beneficiary_s88": "91/00170", "permit_number": "2026/045(1)",
        "goal": "2000000", "deadline": now + datetime.timedelta(days=30)}, recorder_ids=[staff.pk])
    services.campaign_set_status(actor=staff, campaign=quake, status="open")
    for role in AssociationRole.objects.select_related("user", "association")[:4]:
        services.pledge_create(actor=role.user, campaign=quake, kind="association",
                               association_id=role.association_id, amount="50000", leaderboard_consent=True)
    for i, role in enumerate(EnterpriseRole.objects.select_related("user")[:5]):
        p = services.pledge_create(actor=role.user, campaign=quake, kind="enterprise", enterprise_id=role.enterprise_id,
                                   amount=str(5000 * (i + 1)), leaderboard_consent=i % 2 == 0)
        if i < 2:
            services.pledge_receive(actor=staff, pledge=p, amount=p.amount, receipt_number=f"HKRC-{2026000 + i}",
                                    received_at=timezone.localdate())
    services.pledge_create(actor=staff, campaign=quake, kind="individual", donor_name="陳大文",
                           in_kind="白米 200 包、樽裝水 500 箱")
    flood = services.campaign_create(actor=staff, values={
        "title_zh_hant": "水災救援籌款", "title_en": "Flood relief appeal", "beneficiary_name": "樂施會",
        "beneficiary_s88": "91/00397", "goal": "500000", "deadline": now - datetime.timedelta(days=60)},
        recorder_ids=[staff.pk])
    services.campaign_set_status(actor=staff, campaign=flood, status="open")
    Campaign.objects.filter(pk=flood.pk).update(deadline=now + datetime.timedelta(days=1))
    flood.refresh_from_db()
    p = services.pledge_create(actor=staff, campaign=flood, kind="individual", donor_name="李小姐", amount="8000")
    services.pledge_receive(actor=staff, pledge=p, amount="8000", received_at=timezone.localdate(),
                            receipt_number="OXF-1001")
    Campaign.objects.filter(pk=flood.pk).update(deadline=now - datetime.timedelta(days=60))
    services.campaign_set_status(actor=staff, campaign=flood, status="closed")
    services.usage_report_save(actor=staff, campaign=flood, text=(
        "善款已用於購買食水、食物包及衞生用品，惠及約 3,000 個家庭；餘款撥作災後重建。"))
    if stdout:
        stdout.write(f"charity: 2 drives, {Pledge.objects.count()} pledges")
