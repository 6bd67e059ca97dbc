"""Demo events (idempotent, a few seconds): a GBA forum, an expo with exhibitors, products and
B2B meetings, a delegation to Shandong with its itinerary, a signing ceremony, and a past gala.
Called by ``manage.py demo`` after the directory demo; uses its associations and demo logins."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from shanglian.core.models import Industry
from shanglian.directory.models import Association, Enterprise, Person
from shanglian.events import payment_purpose, services
from shanglian.events.models import Event, EventOrganiser, Exhibitor, MeetingRequest, Registration
from shanglian.events.services import meetings as msvc

HK = zoneinfo.ZoneInfo("Asia/Hong_Kong")
GUESTS = 36


def _at(days: int, hour: int, minute: int = 0) -> datetime.datetime:
    d = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime(d.year, d.month, d.day, hour, minute, tzinfo=HK)


def _assoc(slug: str) -> Association | None:
    return Association.objects.filter(slug=slug).first() or Association.objects.order_by("sort", "pk").first()


EVENTS: list[dict[str, Any]] = [
    {"slug": "gba-forum", "type": "forum", "assoc": "federation", "days": 14, "hours": (9, 17), "capacity": 300,
     "title_zh_hant": "大灣區 香港新機遇 城際論壇", "title_zh_hans": "大湾区 香港新机遇 城际论坛",
     "title_en": "Greater Bay Area: New Opportunities for Hong Kong — Inter-city Forum",
     "description_zh_hant": "匯聚大灣區九市及香港工商界代表，探討跨境商貿、專業服務及創科合作的新機遇。",
     "description_zh_hans": "汇聚大湾区九市及香港工商界代表，探讨跨境商贸、专业服务及创科合作的新机遇。",
     "description_en": "Business leaders from Hong Kong and the nine Mainland GBA cities on cross-boundary trade, "
                       "professional services and innovation.",
     "venue_zh_hant": "香港會議展覽中心 S421 室", "venue_zh_hans": "香港会议展览中心 S421 室",
     "venue_en": "HKCEC Room S421", "audience": "public",
     "sessions": [("開幕及主禮嘉賓致辭", "Opening and welcome remarks", 9, 0, 9, 30, "S421", "全港各區工商聯主席"),
                  ("主題演講：大灣區發展新格局", "Keynote: the new shape of the GBA", 9, 30, 10, 30, "S421",
                   "陳大文 · 香港貿易發展局\n李明 · 廣東省商務廳"),
                  ("圓桌討論：跨境電商與物流", "Panel: cross-border e-commerce and logistics", 11, 0, 12, 30, "S421",
                   "黃志強 · 觀塘資訊科技有限公司\n王芳 · 深圳前海管理局"),
                  ("城市推介：深圳、廣州、珠海", "City presentations: Shenzhen, Guangzhou, Zhuhai", 14, 0, 16, 0,
                   "S421", "")],
     "organisers": [("organiser", "全港各區工商聯", "Federation of Hong Kong Industries and Commerce"),
                    ("co_organiser", "香港貿易發展局", "Hong Kong Trade Development Council"),
                    ("supporter", "廣東省商務廳", "Department of Commerce of Guangdong Province")]},
    {"slug": "east-asia-expo", "type": "expo", "assoc": "kwun-tong", "days": 30, "hours": (10, 18), "length": 2,
     "capacity": 800, "tables": 12,
     "title_zh_hant": "2026 東亞博覽會", "title_zh_hans": "2026 东亚博览会", "title_en": "East Asia Expo 2026",
     "description_zh_hant": "商品展示、商貿對接及專題論壇。與韓國、日本及山東省合辦。",
     "description_zh_hans": "商品展示、商贸对接及专题论坛。与韩国、日本及山东省合办。",
     "description_en": "Product showcase, B2B matchmaking and forums, co-organised with Korean, Japanese and "
                       "Shandong partners.",
     "venue_zh_hant": "亞洲國際博覽館 5 號館", "venue_zh_hans": "亚洲国际博览馆 5 号馆",
     "venue_en": "AsiaWorld-Expo Hall 5", "audience": "members",
     "sessions": [("開幕典禮", "Opening ceremony", 10, 0, 10, 45, "主舞台", "")],
     "organisers": [("organiser", "香港觀塘工商業聯合會", "Kwun Tong Industrial & Commercial Association"),
                    ("co_organiser", "大韓貿易投資振興公社", "KOTRA"),
                    ("co_organiser", "日本國際貿易促進協會",
                     "Japan Association for the Promotion of International Trade"),
                    ("supporter", "山東省商務廳", "Department of Commerce of Shandong Province")]},
    {"slug": "shandong-delegation", "type": "delegation", "assoc": "federation", "days": 45, "hours": (8, 20),
     "length": 4, "capacity": 30, "approval": True, "fee": 6800,
     "title_zh_hant": "率團考察山東 2026", "title_zh_hans": "率团考察山东 2026",
     "title_en": "Business Delegation to Shandong 2026", "audience": "members",
     "description_zh_hant": "拜訪濟南、青島、煙台及威海的商務部門及企業，洽談投資及貿易合作。",
     "description_en": "Visits to government and enterprises in Jinan, Qingdao, Yantai and Weihai.",
     "venue_zh_hant": "山東省", "venue_en": "Shandong Province",
     "itinerary": [(0, "濟南", "济南", "Jinan", "山東省商務廳", "Department of Commerce of Shandong"),
                   (1, "青島", "青岛", "Qingdao", "青島市貿促會", "CCPIT Qingdao"),
                   (2, "煙台", "烟台", "Yantai", "煙台經濟技術開發區",
                    "Yantai Economic & Technological Development Area"),
                   (3, "威海", "威海", "Weihai", "威海市商務局", "Weihai Bureau of Commerce")]},
    {"slug": "signing-ceremony", "type": "ceremony", "assoc": "federation", "days": 7, "hours": (15, 17),
     "capacity": 80, "title_zh_hant": "深港商貿合作協議簽約儀式", "title_zh_hans": "深港商贸合作协议签约仪式",
     "title_en": "Shenzhen–Hong Kong Business Cooperation Signing Ceremony", "audience": "invited",
     "venue_zh_hant": "香港金鐘萬豪酒店宴會廳", "venue_en": "JW Marriott Hong Kong, Ballroom"},
    {"slug": "anniversary-gala", "type": "gala", "assoc": "federation", "days": -60, "hours": (19, 22),
     "capacity": 500, "title_zh_hant": "會慶晚宴", "title_zh_hans": "会庆晚宴", "title_en": "Anniversary Gala Dinner",
     "audience": "members", "venue_zh_hant": "香港會議展覽中心大禮堂", "venue_en": "HKCEC Grand Hall"},
]

EXHIBITORS = [
    ("A01", "觀塘精密製造有限公司", "Kwun Tong Precision Manufacturing", "manufacturing",
     [("智能溫控器", "Smart thermostat"), ("工業感應器", "Industrial sensor")]),
    ("A02", "東區食品貿易公司", "Eastern Food Trading", "food", [("即食燕窩", "Ready-to-drink bird's nest")]),
    ("A03", "九龍灣資訊科技", "Kowloon Bay Information Technology", "it",
     [("網上商店系統", "Online shop platform"), ("電子發票服務", "E-invoicing service")]),
    ("B01", "首爾化妝品株式會社", "Seoul Cosmetics Co.", "retail", [("保濕面膜", "Hydrating face mask")]),
    ("B02", "大阪機械工業", "Osaka Machinery Industries", "manufacturing", [("數控車床", "CNC lathe")]),
    ("B03", "青島海洋科技", "Qingdao Marine Technology", "manufacturing", [("海水淡化設備", "Desalination unit")]),
    ("C01", "煙台果業集團", "Yantai Fruit Group", "food", [("煙台蘋果", "Yantai apples")]),
    ("C02", "香港物流聯盟", "Hong Kong Logistics Alliance", "logistics", [("跨境冷鏈運輸", "Cross-border cold chain")]),
]


def _event(spec: dict[str, Any], actor: Any) -> Event:
    existing = Event.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    start_h, end_h = spec["hours"]
    starts = _at(spec["days"], start_h)
    ends = _at(spec["days"] + spec.get("length", 1) - 1, end_h)
    values = {k: spec[k] for k in ("type", "title_zh_hant", "title_zh_hans", "title_en", "description_zh_hant",
                                   "description_zh_hans", "description_en", "venue_zh_hant", "venue_zh_hans",
                                   "venue_en", "audience", "capacity") if k in spec}
    values.update(slug=spec["slug"], starts_at=starts, ends_at=ends, association=_assoc(spec["assoc"]),
                  is_published=True, approval_required=spec.get("approval", False), fee=spec.get("fee", 0),
                  meeting_tables=spec.get("tables", 0),
                  registration_closes_at=starts - datetime.timedelta(days=1) if spec["days"] > 0 else None)
    event = services.event_save(actor=actor, values=values)
    for title_zh, title_en, h1, m1, h2, m2, room, speakers in spec.get("sessions", []):
        services.session_save(actor=actor, event=event, values={
            "title_zh_hant": title_zh, "title_en": title_en, "starts_at": _at(spec["days"], h1, m1),
            "ends_at": _at(spec["days"], h2, m2), "room": room, "speakers": speakers})
    for role, zh, en in spec.get("organisers", []):
        EventOrganiser.objects.create(event=event, role=role, name_zh=zh, name_en=en)
    for offset, zh, hans, en, host_zh, host_en in spec.get("itinerary", []):
        services.itinerary_stop_add(actor=actor, event=event, values={
            "date": (starts + datetime.timedelta(days=offset)).date(), "city_zh_hant": zh, "city_zh_hans": hans,
            "city_en": en, "host_zh": host_zh, "host_en": host_en})
    return event


def _guests(event: Event, actor: Any) -> list[Registration]:
    """Confirmed expo participants with accounts (unusable passwords), from demo contacts."""
    user_model = get_user_model()
    people = list(Person.objects.filter(email__endswith=".demo.invalid").exclude(name_zh="")
                  .exclude(enterprise=None).select_related("enterprise").order_by("pk")[:GUESTS])
    regs = []
    for i, p in enumerate(people):
        username = f"expo-guest-{i + 1:02d}"
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, email=p.email)
            user.set_unusable_password()
            user.save()
        reg = Registration.objects.filter(event=event, email=p.email.lower(), status="confirmed").first()
        if reg is None:
            (reg,) = services.registration_create(actor=actor, event=event, language="zh-hant", attendees=[
                services.Attendee(name_zh=p.name_zh, name_en=p.name_en, email=p.email, title=p.title,
                                  company=p.enterprise.name_zh or p.enterprise.name_en, user=user,
                                  enterprise_id=p.enterprise_id)])
        regs.append(reg)
    return regs


def _self(event: Event, user: Any, actor: Any, language: str) -> Registration | None:
    if user is None:
        return None
    active = Registration.objects.filter(event=event).exclude(status__in=("cancelled", "rejected"))
    reg = active.filter(user=user).first()
    if reg is not None:
        return reg
    reg = active.filter(email=user.email.lower()).first()
    if reg is not None:  # the login was re-created (demo --reset): link it again
        Registration.objects.filter(pk=reg.pk).update(user=user)
        reg.user = user
        return reg
    enterprise = Enterprise.objects.filter(roles__user=user).first()
    person = Person.objects.filter(user=user).first()
    (reg,) = services.registration_create(actor=actor, event=event, language=language, attendees=[services.Attendee(
        name_zh=(person.name_zh if person else "") or "示範用戶",
        name_en=(person.name_en if person else "") or user.username,
        email=user.email, company=enterprise.name_zh if enterprise else "", user=user,
        enterprise_id=enterprise.pk if enterprise else None)])
    return reg


def _meetings(event: Event, guests: list[Registration], member: Registration | None, actor: Any) -> None:
    if event.meeting_slots.exists():
        return
    day = event.starts_at.astimezone(HK)
    start = day.replace(hour=14, minute=0)
    msvc.meeting_slots_generate(actor=actor, event=event, start=start, end=start + datetime.timedelta(hours=4),
                                minutes=20, gap=5)
    rng = random.Random(4)
    pairs: set[tuple[int, int]] = set()
    for _ in range(90):
        a, b = rng.sample(guests, 2)
        if (a.pk, b.pk) in pairs or (b.pk, a.pk) in pairs:
            continue
        pairs.add((a.pk, b.pk))
        req = msvc.meeting_request_create(actor=a.user, requester=a, recipient=b,
                                          priority=rng.choice([10, 3, 3]), reason=rng.choice(
                                              ["尋找華南分銷夥伴", "物流合作", "採購洽談", "技術授權", ""]))
        if rng.random() < 0.85:
            msvc.meeting_request_respond(actor=b.user, request=req, accept=rng.random() < 0.9)
    if member is not None:
        for g in guests[:3]:
            msvc.meeting_request_create(actor=g.user, requester=g, recipient=member, priority=10,
                                        reason="希望了解貴公司的網上商店方案")
        req = msvc.meeting_request_create(actor=member.user, requester=member, recipient=guests[5], priority=3,
                                          reason="採購洽談")
        msvc.meeting_request_respond(actor=guests[5].user, request=req, accept=True)
    msvc.schedule_run(actor=actor, event=event, time_limit=2.0, include_proposed=True)  # 建議配對 too


COLLEAGUES = [("黃志明", "Wong Chi Ming", "市場經理"), ("林嘉欣", "Lam Ka Yan", "採購主任")]


def _colleagues(event: Event, contact: Any, guests: list[Registration]) -> None:
    """Two of member1's staff registered as a group without logins: member1 answers for them.
    One guest has asked to meet the first, so there is something to answer."""
    if contact is None or len(guests) < 8:
        return
    enterprise = Enterprise.objects.filter(roles__user=contact).first()
    company = enterprise.name_zh if enterprise else ""
    emails = [f"colleague{i + 1}@member1.demo.invalid" for i in range(len(COLLEAGUES))]
    staff = list(Registration.objects.filter(event=event, email__in=emails, status="confirmed").order_by("email"))
    if staff:  # the contact's login was re-created (demo --reset): link it again
        Registration.objects.filter(pk__in=[r.pk for r in staff]).update(registered_by=contact)
    else:
        staff = services.registration_create(actor=contact, event=event, language="zh-hant", attendees=[
            services.Attendee(name_zh=zh, name_en=en, title=title, email=email, company=company,
                              enterprise_id=enterprise.pk if enterprise else None)
            for (zh, en, title), email in zip(COLLEAGUES, emails, strict=True)])
    if not MeetingRequest.objects.filter(recipient=staff[0]).exists():
        msvc.meeting_request_create(actor=guests[7].user, requester=guests[7], recipient=staff[0], priority=10,
                                    reason="想了解貴公司在大灣區的分銷網絡")


def _exhibitors(event: Event, actor: Any) -> None:
    if event.exhibitors.exists():
        return
    from shanglian.events.services import expo as esvc

    for booth, zh, en, industry, products in EXHIBITORS:
        ex = esvc.exhibitor_save(actor=actor, event=event, values={
            "booth": booth, "name_zh": zh, "name_en": en,
            "description_zh_hant": f"{zh}參展產品。", "description_en": f"Products from {en}."})
        category = Industry.objects.filter(code=industry).first()
        for name_zh, name_en in products:
            esvc.product_save(actor=actor, exhibitor=ex, values={
                "name_zh_hant": name_zh, "name_en": name_en, "category": category,
                "description_zh_hant": f"{name_zh}，{zh}出品。", "description_en": f"{name_en} by {en}."})


def _fees(event: Event, pending: Registration | None, paid: Registration | None, actor: Any) -> None:
    """The paid delegation: one fee awaiting its bank transfer (the organiser can confirm it on the
    registration list), one paid by bank transfer and confirmed by the secretariat."""
    from shanglian.payments import services as payments
    from shanglian.payments.models import Payment

    for reg, confirm in ((pending, False), (paid, True)):
        if reg is None or Payment.objects.filter(purpose=payment_purpose.PURPOSE, object_id=str(reg.pk)).exists():
            continue
        payment = payments.payment_start(actor=reg.user, purpose=payment_purpose.PURPOSE, obj=reg, provider="bank")
        if confirm and actor is not None:
            payments.payment_bank_confirm(actor=actor, payment=payment, bank_reference="DEMO-HSBC-0001")


def load_demo(*, stdout: IO[str] | None = None) -> dict[str, int]:
    user_model = get_user_model()
    actor = user_model.objects.filter(username="secretariat").first()
    member1 = user_model.objects.filter(username="member1").first()
    admin = user_model.objects.filter(username="kwuntong-admin").first()
    # Demo people are not real: no mail (the console backend would print ~100 messages).
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"), transaction.atomic():
        events = {spec["slug"]: _event(spec, actor) for spec in EVENTS}
        forum, expo = events["gba-forum"], events["east-asia-expo"]
        _self(forum, member1, actor, "zh-hans")
        _self(forum, admin, actor, "zh-hant")
        member_reg = _self(expo, member1, actor, "zh-hans")
        guests = _guests(expo, actor)
        guests_forum = _guests(forum, actor)
        if len(guests) >= 6:
            _meetings(expo, guests, member_reg, actor)
        _colleagues(expo, member1, guests)
        _exhibitors(expo, actor)
        delegation = events["shandong-delegation"]
        _fees(delegation, _self(delegation, member1, actor, "zh-hans"), _self(delegation, admin, actor, "zh-hant"),
              actor)
        # A few check-ins at the forum so the counts are not all zero.
        for reg in guests_forum[:5]:
            services.checkin_scan(actor=actor, event=forum, code=reg.ticket_code, client_id=f"demo-{reg.pk}")
    if stdout is not None:
        stdout.write(f"Events: {Event.objects.count()} events, {Registration.objects.count()} registrations, "
                     f"{MeetingRequest.objects.count()} meeting requests, {Exhibitor.objects.count()} exhibitors.")
    return {"events": Event.objects.count()}
