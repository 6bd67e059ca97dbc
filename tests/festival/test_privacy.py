"""Personal data (PDPO / PIPL): masked phones for counter staff, retention purge (command and task),
export and erasure for one phone or person, claims audited, and a claim's query budget."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from shanglian.core.models import AuditEntry, Consent
from shanglian.core.privacy import consent_record, mask_phone
from shanglian.core.tasks import privacy_purge_task
from shanglian.directory.models import Person
from shanglian.events.models import Registration
from shanglian.festival import claims
from shanglian.festival.models import Coupon, CouponCampaign, PhoneVerification
from tests.events.conftest import forum, person, register  # noqa: F401
from tests.festival.conftest import OTHER_PHONE, PHONE, REQUESTER, make_campaign

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("raw, masked", [
    ("+85291235678", "+852 ****5678"), ("+8613800138000", "+86 ****8000"), ("+85366123456", "+853 ****3456"),
    ("9123 5678", "+852 ****5678"), ("", ""), (None, ""), ("abc", "****"), ("12", "****"), ("+852 12", "****")])
def test_mask_phone(raw, masked):
    assert mask_phone(raw) == masked


def _verified(phone=PHONE):
    verification, code = claims.otp_request(phone=phone, requester=REQUESTER)
    return claims.otp_verify(handle=verification.handle, code=code, requester=REQUESTER)


def test_counter_staff_see_a_masked_phone_the_owner_the_whole(client, campaign, shop, cashier, phone_token):
    r = client.post(f"/api/v1/festival/campaigns/{campaign.pk}/claims", HTTP_X_PHONE_TOKEN=phone_token)
    assert r.json()["phone"] == PHONE  # the owner
    client.force_login(cashier)
    r = client.post("/api/v1/festival/redeem", {"code": r.json()["code"], "shop_id": shop.pk},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["phone"] == "+852 ****4567"
    assert "91234567" not in r.content.decode()


def test_admin_coupon_list_masks_the_phone(client, campaign, secretariat):
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    client.force_login(secretariat)
    for url in (reverse("admin:festival_coupon_changelist"), reverse("admin:festival_coupon_change", args=[coupon.pk])):
        page = client.get(url).content.decode()
        assert "****4567" in page and "91234567" not in page


def test_claim_is_audited_without_phone_or_code(campaign):
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    entry = AuditEntry.objects.get(action="festival.coupon.claim")
    assert entry.target_id == str(coupon.pk) and entry.changes["campaign"] == campaign.pk
    text = json.dumps([entry.target_repr, entry.changes])
    assert PHONE not in text and coupon.code not in text and coupon.token not in text


def test_refused_claim_writes_no_audit_entry(campaign):
    claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    with pytest.raises(claims.FestivalError):
        claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE)
    assert AuditEntry.objects.filter(action="festival.coupon.claim").count() == 1


def test_claim_query_budget(client, campaign, phone_token, django_assert_max_num_queries, offer, secretariat):
    """A claim from the API: one read (campaign, held, key, verification) + one transaction."""
    url = f"/api/v1/festival/campaigns/{campaign.pk}/claims"
    with django_assert_max_num_queries(6):  # read, UPDATE, INSERT, audit + the test's SAVEPOINT / RELEASE
        assert client.post(url, HTTP_X_PHONE_TOKEN=phone_token, HTTP_IDEMPOTENCY_KEY="a").status_code == 201
    with django_assert_max_num_queries(2):  # a retry: read, the coupon
        assert client.post(url, HTTP_X_PHONE_TOKEN=phone_token, HTTP_IDEMPOTENCY_KEY="a").status_code == 201
    sold = make_campaign(offer, secretariat, quota=1)
    CouponCampaign.objects.filter(pk=sold.pk).update(claimed=1)
    with django_assert_max_num_queries(1):  # sold out: the read
        r = client.post(f"/api/v1/festival/campaigns/{sold.pk}/claims", HTTP_X_PHONE_TOKEN=phone_token)
    assert r.status_code == 409 and r.json()["code"] == "sold_out"


def test_token_of_an_erased_or_purged_verification_claims_nothing(client, campaign, phone_token):
    from django.core import signing

    PhoneVerification.objects.filter(phone=PHONE).delete()  # what erasure and the purge do
    url = f"/api/v1/festival/campaigns/{campaign.pk}/claims"
    r = client.post(url, HTTP_X_PHONE_TOKEN=phone_token)
    assert r.status_code == 401 and r.json()["code"] == "phone_unverified"
    r = client.post("/api/v1/festival/campaigns/99999/claims", HTTP_X_PHONE_TOKEN=phone_token)
    assert r.status_code == 401
    old_format = signing.dumps(1, salt=claims.PHONE_TOKEN_SALT)  # tokens before handles: refused
    assert client.post(url, HTTP_X_PHONE_TOKEN=old_format).status_code == 401
    campaign.refresh_from_db()
    assert campaign.claimed == 0 and not Coupon.objects.exists()


def _age(model, field, days, **filters):
    model.objects.filter(**filters).update(**{field: timezone.now() - datetime.timedelta(days=days)})


@override_settings(PHONE_VERIFICATION_RETENTION_DAYS=30, COUPON_PHONE_RETENTION_DAYS=90)
def test_purge_by_retention_periods_idempotent(offer, secretariat, capsys):
    old_v, new_v = _verified(PHONE), _verified(OTHER_PHONE)
    _age(PhoneVerification, "created_at", 31, pk=old_v.pk)
    now = timezone.now()
    ended = make_campaign(offer, secretariat, claim_starts=now - datetime.timedelta(days=200),
                          claim_ends=now - datetime.timedelta(days=199), valid_from=now - datetime.timedelta(days=200),
                          valid_until=now - datetime.timedelta(days=91))
    recent = make_campaign(offer, secretariat, claim_starts=now - datetime.timedelta(days=200),
                           claim_ends=now - datetime.timedelta(days=199),
                           valid_from=now - datetime.timedelta(days=200), valid_until=now - datetime.timedelta(days=80))
    for c in (ended, recent):
        Coupon.objects.create(campaign=c, phone=PHONE, token=f"T{c.pk:015d}", idempotency_key=f"k{c.pk}")
    call_command("privacy_purge")
    assert "festival.phone_verifications: 1" in capsys.readouterr().out
    assert list(PhoneVerification.objects.values_list("pk", flat=True)) == [new_v.pk]
    gone = Coupon.objects.get(campaign=ended)
    assert gone.phone.startswith("erased:") and gone.idempotency_key is None
    assert Coupon.objects.get(campaign=recent).phone == PHONE  # still inside its period
    call_command("privacy_purge")  # idempotent: nothing more to do
    assert "festival.phone_verifications: 0" in capsys.readouterr().out
    assert Coupon.objects.get(campaign=ended).phone == gone.phone
    # The same through the task (immediate backend in tests).
    _age(PhoneVerification, "created_at", 31, pk=new_v.pk)
    result = privacy_purge_task.enqueue()
    assert result.return_value["festival.phone_verifications"] == 1 and not PhoneVerification.objects.exists()


@override_settings(PHONE_VERIFICATION_RETENTION_DAYS=30)
def test_purge_keeps_recent_verifications_working():
    token = claims.phone_token(_verified())
    call_command("privacy_purge")
    assert claims.phone_from_token(token) == PHONE


def _held_for(phone):
    return {
        "verifications": PhoneVerification.objects.filter(phone=phone).count(),
        "coupons": Coupon.objects.filter(phone=phone).count(),
        "consents": Consent.objects.filter(phone=phone).count(),
        "registrations": Registration.objects.filter(phone=phone).count(),
        "people": Person.objects.filter(phone=phone).count(),
    }


@pytest.fixture
def someone(campaign, forum, secretariat, kt_enterprise):  # noqa: F811
    """PHONE with data everywhere, OTHER_PHONE with a coupon and a consent (must be left alone)."""
    _verified(PHONE)
    claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE, idempotency_key="k1")
    claims.coupon_claim(campaign_id=campaign.pk, phone=OTHER_PHONE)
    consent_record(purpose="festival_phone", phone=PHONE)
    consent_record(purpose="festival_phone", phone=OTHER_PHONE)
    register(forum, secretariat, person(1, phone=PHONE))
    return Person.objects.create(name_zh="陳大文", enterprise=kt_enterprise, phone=PHONE, email="chan@example.invalid")


def test_export_by_phone(someone, tmp_path):
    out = tmp_path / "export.json"
    call_command("personal_data", "--phone", "9123 4567", "--export", "--output", str(out))
    data = json.loads(out.read_text())
    kinds = [r["kind"] for r in data["records"]["festival"]]
    assert data["subject"]["phones"] == [PHONE]
    assert kinds.count("phone_verification") == 1 and kinds.count("coupon") == 1
    assert data["records"]["core.consent"][0]["notice_version"]
    assert data["records"]["events"][0]["phone"] == PHONE
    assert data["records"]["directory"][0]["name_zh"] == "陳大文"
    assert OTHER_PHONE not in out.read_text()
    assert _held_for(PHONE)["coupons"] == 1  # exporting changes nothing


def test_erase_by_phone(someone, campaign):
    before_other = _held_for(OTHER_PHONE)
    call_command("personal_data", "--phone", "+852 9123 4567", "--erase")
    assert _held_for(PHONE) == dict.fromkeys(before_other, 0)
    assert _held_for(OTHER_PHONE) == before_other  # nobody else touched
    campaign.refresh_from_db()
    assert campaign.claimed == 2 and Coupon.objects.filter(campaign=campaign).count() == 2  # figures stay
    entry = AuditEntry.objects.get(action="core.personal_data.erase")
    assert entry.target_repr == "+852 ****4567" and PHONE not in json.dumps(entry.changes)
    call_command("personal_data", "--phone", "+852 9123 4567", "--erase")  # idempotent
    second = AuditEntry.objects.filter(action="core.personal_data.erase").first().changes
    # Every registered holder answered (later apps add their own), and none erased anything twice.
    assert {"core.consent", "directory", "events", "festival"} <= set(second) and set(second.values()) == {0}


def test_export_and_erase_by_person(someone, tmp_path):
    out = tmp_path / "p.json"
    call_command("personal_data", "--person", str(someone.pk), "--export", "--output", str(out))
    data = json.loads(out.read_text())
    assert data["subject"]["phones"] == [PHONE] and data["records"]["festival"]  # the person's phone reached
    call_command("personal_data", "--person", str(someone.pk), "--erase")
    someone.refresh_from_db()
    assert someone.phone == "" and someone.email == "" and someone.name_zh == "（已刪除）"
    assert _held_for(PHONE)["coupons"] == 0


@pytest.mark.parametrize("args", [["--phone", "12", "--export"], ["--phone", "", "--erase"]])
def test_personal_data_bad_input(args, someone):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("personal_data", *args)
    assert _held_for(PHONE)["coupons"] == 1


def _registration_post(phone, **extra):
    data = {"form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "1", "form-MAX_NUM_FORMS": "30",
            "form-0-name_zh": "陳大文", "form-0-email": "chan@example.invalid", "form-0-phone": phone}
    data.update(extra)
    return data


def test_event_registration_needs_consent(client, forum, outsider):  # noqa: F811
    client.force_login(outsider)
    url = reverse("events:register", args=[forum.slug])
    assert "收集個人資料聲明" in client.get(url).content.decode()
    r = client.post(url, _registration_post("9123 4567"))
    assert r.status_code == 200 and "請先閱讀收集個人資料聲明" in r.content.decode()
    r = client.post(url, _registration_post("+86 138 0013 8000", privacy_consent="1"))
    assert r.status_code == 200 and "內地手機號碼須另行同意" in r.content.decode()
    assert not Registration.objects.exists() and not Consent.objects.exists()
    r = client.post(url, _registration_post("+86 138 0013 8000", privacy_consent="1", cross_border_consent="1"))
    assert r.status_code == 302 and Registration.objects.count() == 1
    consent = Consent.objects.get()
    assert (consent.purpose, consent.phone, consent.cross_border, consent.user) == (
        "event_registration", "+8613800138000", True, outsider)


def test_merchant_application_needs_consent(client, edition, make_user):
    from shanglian.core.models import Place
    from shanglian.festival.models import Merchant

    client.force_login(make_user("applicant"))
    url = reverse("festival:merchant_apply")
    assert "收集個人資料聲明" in client.get(url).content.decode()
    data = {"name_zh": "荃灣眼鏡有限公司", "contact_name": "李小姐", "contact_phone": "2412 3456",
            "brand_zh": "明亮眼鏡",
            "shop_name_zh": "明亮眼鏡（荃灣店）", "shop_address": "荃灣沙咀道 1 號",
            "shop_district": Place.objects.get(code="tsuen-wan").pk}
    r = client.post(url, data)
    assert r.status_code == 200 and "請先閱讀收集個人資料聲明" in r.content.decode()
    assert not Merchant.objects.exists() and not Consent.objects.exists()
    assert client.post(url, {**data, "privacy_consent": "1"}).status_code == 302
    assert Consent.objects.get().purpose == "merchant_application" and Merchant.objects.count() == 1


def test_directory_contact_needs_the_persons_consent(client, kt_admin, kt_enterprise):
    client.force_login(kt_admin)
    url = reverse("directory:contacts", args=[kt_enterprise.pk])
    assert "當事人已獲告知" in client.get(url).content.decode()
    r = client.post(url, {"name_zh": "陳大文", "phone": "+86 138 0013 8000"})
    assert r.status_code == 200 and "請先閱讀收集個人資料聲明" in r.content.decode()
    r = client.post(url, {"name_zh": "陳大文", "phone": "+86 138 0013 8000", "privacy_consent": "1"})
    assert r.status_code == 200 and "內地手機號碼須另行同意" in r.content.decode()
    assert not Person.objects.exists() and not Consent.objects.exists()
    r = client.post(url, {"name_zh": "陳大文", "phone": "+86 138 0013 8000", "privacy_consent": "1",
                          "cross_border_consent": "1"})
    assert r.status_code == 302 and Person.objects.get().phone == "+8613800138000"
    consent = Consent.objects.get()
    assert (consent.purpose, consent.cross_border, consent.user) == ("directory_contact", True, kt_admin)


def test_counter_page_shows_the_masked_number(client, campaign, shop, cashier):
    coupon = claims.coupon_claim(campaign_id=campaign.pk, phone=PHONE).coupon
    client.force_login(cashier)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        if headers:
            coupon = claims.coupon_claim(campaign_id=make_campaign(campaign.offer, None).pk, phone=PHONE).coupon
        page = client.post(reverse("festival:redeem"), {"code": coupon.code, "shop": shop.pk}, **headers)
        html = page.content.decode()
        assert "+852 ****4567" in html and "9123" not in html and "91234567" not in html
