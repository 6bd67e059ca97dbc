from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from shanglian.charity import selectors, services
from shanglian.charity.amounts import parse_amount
from shanglian.charity.models import Campaign, Pledge
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def campaign(secretariat, make_user):
    c = services.campaign_create(actor=secretariat, values={
        "title_zh_hant": "水災賑災", "beneficiary_name": "香港紅十字會", "beneficiary_s88": "91/0001",
        "permit_number": "2026/001", "goal": "50000", "deadline": timezone.now() + datetime.timedelta(days=10)},
        recorder_ids=[make_user("redcross").pk])
    return services.campaign_set_status(actor=secretariat, campaign=c, status="open")


@pytest.mark.parametrize("raw,expected", [("100", "100.00"), ("1,234.5", "1234.50"), ("HK$88.88", "88.88")])
def test_good_amounts(raw, expected):
    assert parse_amount(raw) == Decimal(expected)


@pytest.mark.parametrize("raw,message", [
    ("", "請輸入金額"), ("-5", "大於零"), ("0", "大於零"), ("0.00", "大於零"), ("12.345", "兩位小數"),
    ("1e9", "只可以包含數字"), ("NaN", "只可以包含數字"), ("Infinity", "只可以包含數字"), ("１００", "只可以包含數字"),
    ("10000000.01", "超過上限"), ("99999999999999", "超過上限"), ("abc", "只可以包含數字")])
def test_nonsense_amounts_refused_with_a_reason(raw, message):
    with pytest.raises(ValidationError) as exc:
        parse_amount(raw)
    assert message in str(exc.value.message)


def test_database_refuses_bad_amounts(campaign, kt_member):
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(campaign=campaign, kind="individual", donor_name="x", amount=Decimal("-1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Pledge.objects.create(campaign=campaign, kind="individual", donor_name="x")  # no money, no goods


def test_pledge_page_refuses_nonsense_and_writes_nothing(client, campaign, kt_member):
    client.login(username="kt-member", password=PASSWORD)
    page = client.post(reverse("charity:pledge", args=[campaign.pk]),
                       {"side": "individual:0", "donor_name": "陳大文", "amount": "12.345"})
    assert page.status_code == 200 and "兩位小數" in page.content.decode()
    assert not Pledge.objects.exists()


def test_pledges_leaderboard_receipt_letter(client, campaign, kt_member, kt_enterprise, kt_admin, kwun_tong):
    services.pledge_create(actor=kt_member, campaign=campaign, kind="enterprise", enterprise_id=kt_enterprise.pk,
                           amount="1000", leaderboard_consent=True)
    services.pledge_create(actor=kt_admin, campaign=campaign, kind="association", association_id=kwun_tong.pk,
                           amount="5000", leaderboard_consent=True)
    hidden = services.pledge_create(actor=kt_member, campaign=campaign, kind="enterprise",
                                    enterprise_id=kt_enterprise.pk, amount="700")  # no consent
    services.pledge_create(actor=kt_member, campaign=campaign, kind="individual", donor_name="陳大文",
                           in_kind="白米 100 包")
    board = selectors.leaderboard(campaign)
    assert [(r["association__name_zh"], r["total"]) for r in board] == [("香港觀塘工商業聯合會", Decimal("6000.00"))]
    assert hidden.association == kwun_tong
    # the charity records the money and its receipt
    recorder = campaign.recorders.get()
    services.pledge_receive(actor=recorder, pledge=hidden, amount="700", received_at=datetime.date(2026, 12, 1),
                            receipt_number="RC-1")
    assert selectors.totals(campaign)["received"] == Decimal("700.00")
    client.login(username="kt-member", password=PASSWORD)
    letter = client.get(reverse("charity:letter", args=[hidden.pk]))
    assert letter.content.startswith(b"%PDF")
    detail = client.get(reverse("charity:detail", args=[campaign.pk])).content.decode()
    assert "白米 100 包" in detail and "91/0001" in detail


def test_only_own_sides(campaign, kt_member, east_enterprise, kwun_tong):
    with pytest.raises(ValidationError):
        services.pledge_create(actor=kt_member, campaign=campaign, kind="enterprise",
                               enterprise_id=east_enterprise.pk, amount="10")
    with pytest.raises(ValidationError):
        services.pledge_create(actor=kt_member, campaign=campaign, kind="association",
                               association_id=kwun_tong.pk, amount="10")
    assert not Pledge.objects.exists()


def test_no_pledges_after_deadline(campaign, kt_member):
    Campaign.objects.filter(pk=campaign.pk).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(ValidationError) as exc:
        services.pledge_create(actor=kt_member, campaign=campaign, kind="individual", donor_name="陳", amount="10")
    assert exc.value.code == "closed"


def test_api_pledge_bad_amount(client, campaign, kt_member):
    client.login(username="kt-member", password=PASSWORD)
    url = f"/api/v1/charity/campaigns/{campaign.pk}/pledges"
    bad = client.post(url, {"donor_name": "陳", "amount": "-3"}, content_type="application/json")
    assert bad.status_code == 400 and bad.json()["fields"]["amount"]
    ok = client.post(url, {"donor_name": "陳", "amount": "30.5"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["amount"] == "30.50"
