"""Permission rows of charity drives: public campaign pages; pledges by logged-in users; the
charity's recorders (here: admin_b) and the secretariat record money received."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tests.permissions.matrix import GP, P, logged_in, only, public, row

LABELS = ("charity",)
C = {"pk": "charity_campaign.pk"}
PL = {"pk": "pledge_a.pk"}

PAGES = {
    "charity:list": row(public()),
    "charity:detail": row(public(), kwargs=C),
    "charity:pledge": row(logged_in(), kwargs=C, methods=GP,
                          data={"side": "individual:0", "donor_name": "陳先生", "amount": "100"}),
    "charity:mine": row(logged_in()),
    "charity:new": row(only("secretariat"), methods=GP, data={
        "title_zh_hant": "水災賑災", "beneficiary_name": "某慈善機構", "beneficiary_s88": "91/1234",
        "goal": "10000", "deadline": "2030-01-01T10:00"}),
    "charity:manage": row(only("admin_b", "secretariat"), kwargs=C, methods=GP, data={"text": "購買物資"}),
    "charity:status": row(only("secretariat"), kwargs=C, methods=P, data={"status": "closed"}),
    "charity:receive": row(only("admin_b", "secretariat"), kwargs=PL, methods=P,
                           data={"amount": "500", "received_at": "2026-12-01", "receipt_number": "R1"}),
    "charity:cancel": row(only("member_a", "admin_b", "secretariat"), kwargs=PL, methods=P),
    "charity:letter": row(only("member_a", "admin_b", "secretariat"), kwargs=PL),
}
API = {
    "shanglian_charity_api_list_campaigns": row(public()),
    "shanglian_charity_api_pledge": row(logged_in(), kwargs={"campaign_id": "charity_campaign.pk"},
                                        data={"kind": "individual", "donor_name": "陳", "amount": "50"}),
}


def build(w) -> None:
    from shanglian.charity import services

    w.charity_campaign = services.campaign_create(actor=w.secretariat, values={
        "title_zh_hant": "地震賑災", "beneficiary_name": "香港紅十字會", "beneficiary_s88": "91/0001",
        "goal": "100000", "deadline": timezone.now() + datetime.timedelta(days=30)}, recorder_ids=[w.admin_b.pk])
    services.campaign_set_status(actor=w.secretariat, campaign=w.charity_campaign, status="open")
    w.pledge_a = services.pledge_create(actor=w.member_a, campaign=w.charity_campaign, kind="enterprise",
                                        enterprise_id=w.enterprise_a.pk, amount="500", leaderboard_consent=True)
