"""One small world for the permission matrix: two associations (A = 觀塘, B = 東區), their members
and admins, a published opportunity of each member with a match and an introduction, an event of A
with B2B meetings and an exhibitor, and a festival with two approved merchants — plus the nine
personas. Objects are named by the keys the matrix uses to fill URL kwargs ("enterprise_a" …)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.utils import timezone

from shanglian.core.models import Industry, Place
from shanglian.core.reference_data import load_reference_data
from shanglian.directory import services as directory
from shanglian.directory.models import Association, AssociationRole, EnterpriseRole, ImportBatch, Person
from shanglian.events import services as events
from shanglian.events.models import Event, Meeting, MeetingRequest
from shanglian.events.services import meetings as b2b
from shanglian.festival import claims
from shanglian.festival import services as festival
from shanglian.festival.categories import load_categories
from shanglian.festival.models import Category, Edition, MerchantStaff
from shanglian.matching import services as matching
from shanglian.matching.models import Introduction, Match, pair_key

PHONE = "+85291234567"
PERSONAS = ("anonymous", "consumer", "member_a", "member_b", "admin_a", "admin_b", "merchant", "cashier_b",
            "secretariat")


def _user(username: str, **extra):
    return get_user_model().objects.create_user(username=username, password="x-test-pass-9",
                                                email=f"{username}@example.invalid", **extra)


def build_world() -> SimpleNamespace:
    if not Place.objects.exists() or not Industry.objects.exists():
        load_reference_data(Place, Industry)
    if not Category.objects.exists():
        load_categories(Category)
    w = SimpleNamespace()
    today = timezone.localdate()
    now = timezone.now()
    w.secretariat = _user("p-secretariat", is_staff=True, is_superuser=True)

    # ---------------------------------------------------------------- directory
    w.association_a = Association.objects.create(slug="assoc-a", name_zh="甲區工商會", name_en="A Association", sort=1)
    w.association_b = Association.objects.create(slug="assoc-b", name_zh="乙區工商會", name_en="B Association", sort=2)
    it, kt = Industry.objects.get(code="it"), Place.objects.get(code="kwun-tong")
    w.enterprise_a = directory.enterprise_create(
        actor=w.secretariat, association=w.association_a, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "甲資訊科技有限公司", "name_en": "A IT Ltd", "phone": "2123 4567", "industry": it,
                "place": kt})
    w.enterprise_b = directory.enterprise_create(
        actor=w.secretariat, association=w.association_b, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "乙電子有限公司", "name_en": "B Electronics Ltd", "phone": "2765 4321", "industry": it,
                "place": Place.objects.get(code="eastern")})
    w.membership_a = w.enterprise_a.memberships.get()
    w.person_a = Person.objects.create(name_zh="陳甲", enterprise=w.enterprise_a, phone="+85291112222",
                                       email="chan@a.example.invalid")
    w.term_a = directory.term_create(actor=w.secretariat, association=w.association_a, number=1,
                                     start_date=datetime.date(2024, 1, 1))
    w.import_batch = ImportBatch.objects.create(uploaded_by=w.secretariat, filename="members.xlsx",
                                                preview={"rows": [], "columns": []})
    w.member_a, w.member_b = _user("p-member-a"), _user("p-member-b")
    EnterpriseRole.objects.create(user=w.member_a, enterprise=w.enterprise_a)
    EnterpriseRole.objects.create(user=w.member_b, enterprise=w.enterprise_b)
    w.admin_a, w.admin_b = _user("p-admin-a"), _user("p-admin-b")
    AssociationRole.objects.create(user=w.admin_a, association=w.association_a)
    AssociationRole.objects.create(user=w.admin_b, association=w.association_b)

    # ---------------------------------------------------------------- matching
    def post(user, enterprise, kind, title):
        opp = matching.opportunity_create(
            actor=user, enterprise=enterprise, submit=True, markets=[Place.objects.get(code="shenzhen")],
            values={"kind": kind, "subtype": "sourcing" if kind == "need" else "product", "title": title,
                    "description": "電子元器件及晶片供應，每月數量約十萬件，可送貨到香港。", "industry": it,
                    "target_regions": ["hk"]})
        return matching.opportunity_approve(actor=w.secretariat, opportunity=opp)

    w.opportunity_a = post(w.member_a, w.enterprise_a, "need", "尋找電子元器件供應商")
    w.opportunity_b = post(w.member_b, w.enterprise_b, "offer", "供應電子元器件")
    w.match_a = Match.objects.create(opportunity=w.opportunity_a, counterpart=w.opportunity_b, score=0.8, reasons=[])
    w.introduction = Introduction.objects.create(
        pair=pair_key(w.opportunity_a.pk, w.opportunity_b.pk, w.enterprise_b.pk), opportunity=w.opportunity_a,
        counterpart=w.opportunity_b, requester=w.enterprise_a, target=w.enterprise_b, requested_by=w.member_a)

    # ---------------------------------------------------------------- events
    start = now + datetime.timedelta(days=10)
    w.event_a = events.event_save(actor=w.secretariat, values={
        "type": "expo", "title_zh_hant": "甲區商貿展", "title_en": "A Expo", "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=6), "association": w.association_a, "capacity": 50,
        "audience": "public", "is_published": True, "venue_zh_hant": "會展中心"})
    Event.objects.filter(pk=w.event_a.pk).update(meeting_tables=2)
    w.event_a.refresh_from_db()
    w.session_a = events.session_save(actor=w.secretariat, event=w.event_a, values={
        "title_zh_hant": "開幕", "starts_at": start, "ends_at": start + datetime.timedelta(hours=1)})
    slots = b2b.meeting_slots_generate(actor=w.secretariat, event=w.event_a, start=start,
                                       end=start + datetime.timedelta(hours=1), minutes=20)
    w.slot_a = slots[0]

    def register(user, n):
        (reg,) = events.registration_create(actor=user, event=w.event_a, language="zh-hant", attendees=[
            events.Attendee(name_zh=f"參加者{n}", name_en=f"Guest {n}", email=f"guest{n}@example.invalid",
                            company="公司", user=user)])
        return reg

    w.registration_a, w.registration_b = register(w.member_a, 1), register(w.member_b, 2)
    w.meeting_request = b2b.meeting_request_create(actor=w.member_b, requester=w.registration_b,
                                                   recipient=w.registration_a, priority=10, reason="合作")
    accepted = MeetingRequest.objects.create(event=w.event_a, requester=w.registration_a, recipient=w.registration_b,
                                             priority=10, status=MeetingRequest.Status.ACCEPTED)
    w.meeting = Meeting.objects.create(event=w.event_a, request=accepted, slot=w.slot_a, table=1)
    from shanglian.events.services import expo

    w.exhibitor_a = expo.exhibitor_save(actor=w.secretariat, event=w.event_a,
                                        values={"name_zh": "甲公司", "booth": "A1", "enterprise": w.enterprise_a})

    # ---------------------------------------------------------------- festival
    w.edition = Edition.objects.create(code="2026", name_zh_hant="購物節 2026", name_en="Festival 2026",
                                       starts_on=today - datetime.timedelta(days=10),
                                       ends_on=today + datetime.timedelta(days=60), is_current=True)

    def merchant(user, name, district, brand, approve=True):
        m = festival.merchant_apply(actor=user, edition=w.edition, values={
            "name_zh": name, "contact_name": "陳先生", "contact_phone": "2123 4567"}, brands=[(brand, "")], shops=[{
                "name_zh": f"{brand}分店", "address": "香港某街 1 號", "district": Place.objects.get(code=district),
                "phone": "2123 4567", "lat": 22.31, "lng": 114.22}])
        return festival.merchant_review(actor=w.secretariat, merchant=m, approve=True) if approve else m

    w.merchant, w.cashier_b = _user("p-merchant"), _user("p-cashier-b")
    merchant_b_user = _user("p-merchant-b")
    w.merchant_a = merchant(w.merchant, "甲茶餐廳有限公司", "kwun-tong", "甲冰室")
    w.merchant_b = merchant(merchant_b_user, "乙時裝有限公司", "wan-chai", "乙潮流")
    w.application = merchant(_user("p-applicant"), "丙書店有限公司", "eastern", "丙書店", approve=False)
    w.shop_a, w.shop_b = w.merchant_a.shops.get(), w.merchant_b.shops.get()
    MerchantStaff.objects.create(user=w.cashier_b, merchant=w.merchant_b, shop=w.shop_b,
                                 role=MerchantStaff.Role.CASHIER)
    w.offer_a = festival.offer_create(actor=w.merchant, merchant=w.merchant_a, shops=[w.shop_a], values={
        "title_zh_hant": "奶茶買一送一", "terms_zh_hant": "每人限用一張。",
        "category": Category.objects.get(code="cha-chaan-teng"),
        "valid_from": today, "valid_until": today + datetime.timedelta(days=30)})
    w.campaign_a = festival.campaign_create(actor=w.secretariat, offer=w.offer_a, values={
        "kind": "value", "value": 50, "quota": 100, "per_person_limit": 1, "eligibility": "phone",
        "claim_starts": now - datetime.timedelta(hours=1), "claim_ends": now + datetime.timedelta(days=1),
        "valid_from": now - datetime.timedelta(hours=1), "valid_until": now + datetime.timedelta(days=7)})
    verification, code = claims.otp_request(phone=PHONE, requester="world")
    w.phone_token = claims.phone_token(claims.otp_verify(handle=verification.handle, code=code, requester="world"))
    w.coupon = claims.coupon_claim(campaign_id=w.campaign_a.pk, phone=PHONE).coupon
    # ---------------------------------------------------------------- accounts
    from shanglian.accounts import services as accounts

    w.invitation, token = accounts.invitation_create(
        actor=w.admin_a, email="invitee@example.invalid", language="zh-hant", enterprise=w.enterprise_a,
        role="staff", association=w.association_a)
    w.invitation_link = SimpleNamespace(token=token)
    w.membership_application = accounts.application_submit(
        actor=w.member_b, association=w.association_a, enterprise=w.enterprise_b, language="zh-hant")
    (w.group_staff,) = events.registration_create(actor=w.member_a, event=w.event_a, language="zh-hant", attendees=[
        events.Attendee(name_zh="同事甲", email="colleague@example.invalid", enterprise_id=w.enterprise_a.pk)])
    w.users = {name: getattr(w, name) for name in PERSONAS if name not in ("anonymous", "consumer")}
    # ---------------------------------------------------------------- later apps (tests/permissions/apps/)
    from tests.permissions.apps import modules

    for module in modules():
        if hasattr(module, "build"):
            module.build(w)
    return w
