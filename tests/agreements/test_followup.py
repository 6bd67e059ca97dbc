from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shanglian.agreements import selectors, services
from shanglian.agreements.funnel_data import bulk_funnel_data
from shanglian.agreements.models import Instalment, ObligationReminder, Pledge, Project
from shanglian.core.errors import DomainError
from shanglian.core.models import UserPreference

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mail_now(monkeypatch):
    """Mail is sent on commit; the tests run inside a transaction, so run the callbacks at once."""
    from django.db import transaction

    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def test_obligation_reminders_90_60_30_each_once_in_owner_language(draft, kt_admin):
    UserPreference.objects.update_or_create(user=kt_admin, defaults={"language": "en"})
    today = datetime.date(2027, 1, 1)
    obligation = services.obligation_add(
        actor=kt_admin,
        agreement=draft,
        values={"title": "提交年度報告", "owner": kt_admin, "due_on": today + datetime.timedelta(days=95)},
    )
    assert services.obligation_reminders_send(today=today) == 0
    for offset, expected in ((5, 1), (6, 0), (35, 1), (35, 0), (65, 1), (70, 0)):
        mail.outbox.clear()
        with_day = today + datetime.timedelta(days=offset)
        assert services.obligation_reminders_send(today=with_day) == expected, offset
        assert len(mail.outbox) == expected
        if expected:
            assert mail.outbox[0].to == [kt_admin.email]
            assert "days" in mail.outbox[0].subject  # English: the recipient's language
    assert sorted(ObligationReminder.objects.filter(obligation=obligation).values_list("days", flat=True)) == [
        30,
        60,
        90,
    ]


def test_late_first_run_sends_only_the_nearest_reminder(draft, kt_admin):
    today = datetime.date(2027, 1, 1)
    services.obligation_add(
        actor=kt_admin,
        agreement=draft,
        values={"title": "里程碑", "owner": kt_admin, "due_on": today + datetime.timedelta(days=10)},
    )
    assert services.obligation_reminders_send(today=today) == 1
    assert services.obligation_reminders_send(today=today) == 0
    assert len(mail.outbox) == 1


def test_done_obligations_are_not_reminded(draft, kt_admin):
    today = datetime.date(2027, 1, 1)
    o = services.obligation_add(
        actor=kt_admin,
        agreement=draft,
        values={"title": "已完成", "owner": kt_admin, "due_on": today + datetime.timedelta(days=10)},
    )
    services.obligation_done(actor=kt_admin, obligation=o)
    assert services.obligation_reminders_send(today=today) == 0


def test_funnel_counts(kwun_tong, eastern, secretariat, kt_admin, draft):
    bulk_funnel_data(associations=[kwun_tong, eastern], matches=60, meetings=12, agreements=6)
    data = selectors.funnel_uncached(secretariat)
    t = data["totals"]
    assert (t["matches"], t["meetings"], t["agreements"], t["outcomes"]) == (60, 12, 6, 2)
    assert t["traced"] == 3 and t["amount"] == Decimal(2_000_000)
    kt = selectors.funnel_uncached(kt_admin)["totals"]  # an association admin sees their association only
    assert (kt["matches"], kt["meetings"], kt["agreements"]) == (30, 6, 3)
    assert selectors.funnel_uncached(secretariat, year=2025)["totals"]["agreements"] == 2
    assert selectors.funnel_uncached(kt_admin, association=eastern.pk)["totals"]["matches"] == 0


def test_funnel_shows_next_year_once_meetings_are_scheduled_in_it(kwun_tong, secretariat):
    from shanglian.events.models import MeetingSlot

    next_year = timezone.now().year + 1
    assert next_year not in selectors.funnel_uncached(secretariat)["years"]
    bulk_funnel_data(associations=[kwun_tong], matches=5, meetings=5, agreements=0)
    slots = MeetingSlot.objects.filter(meetings__isnull=False).distinct()
    moved = [s.pk for s in slots[:1]]
    MeetingSlot.objects.filter(pk__in=moved).update(
        starts_at=datetime.datetime(next_year, 1, 15, 10, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(next_year, 1, 15, 10, 25, tzinfo=datetime.UTC),
    )
    data = selectors.funnel_uncached(secretariat)
    assert data["years"][0] == next_year
    upcoming = [r for r in data["rows"] if r["year"] == next_year]
    assert upcoming and sum(r["meetings"] for r in upcoming) >= 1


def test_provenance_links_and_outcome(draft, kt_admin, kwun_tong):
    from shanglian.events.models import Event

    start = timezone.now()
    event = Event.objects.create(
        slug="forum",
        title_zh_hant="論壇",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=5),
        association=kwun_tong,
    )
    services.source_add(actor=kt_admin, agreement=draft, kind="event", target=event)
    with pytest.raises(DomainError):
        services.source_add(actor=kt_admin, agreement=draft, kind="event", target=event)
    with pytest.raises(DomainError):
        services.source_add(actor=kt_admin, agreement=draft, kind="match", target=None)
    with pytest.raises(DomainError):
        services.outcome_add(actor=kt_admin, agreement=draft, values={"kind": "investment"})
    services.outcome_add(actor=kt_admin, agreement=draft, values={"kind": "jobs", "jobs": 40})
    assert draft.sources.count() == 1 and draft.outcomes.count() == 1


def test_ceremony_goes_into_event_programme_and_pdf(client, draft, kt_admin, kwun_tong):
    from shanglian.events.models import Event, Session

    start = timezone.now() + datetime.timedelta(days=30)
    event = Event.objects.create(
        slug="expo",
        title_zh_hant="博覽會",
        starts_at=start,
        ends_at=start + datetime.timedelta(days=1),
        association=kwun_tong,
    )
    client.force_login(kt_admin)
    fmt = "%Y-%m-%dT%H:%M"
    response = client.post(
        reverse("agreements:ceremony", args=[draft.pk]),
        {
            "event": event.pk,
            "starts_at": (start + datetime.timedelta(hours=2)).strftime(fmt),
            "ends_at": (start + datetime.timedelta(hours=2, minutes=30)).strftime(fmt),
            "room": "大會堂",
            "backdrop_zh_hant": "觀塘—KOTRA 合作備忘錄簽署儀式",
            "backdrop_zh_hans": "观塘—KOTRA 合作备忘录签署仪式",
            "backdrop_en": "Signing of the MOU",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(event=event)
    assert "KOTRA" in session.title_en or "MOU" in session.title_en
    assert "陳會長" in session.speakers
    pdf = client.get(reverse("agreements:ceremony_pdf", args=[draft.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert draft.sources.filter(event=event).exists()


def test_pledge_instalments_must_add_up(secretariat, kwun_tong, kt_enterprise):
    project = services.project_save(
        actor=secretariat,
        values={"name_zh_hant": "濟南總部大樓", "association": kwun_tong, "budget": Decimal("50000000")},
    )
    plan = services.parse_instalments("2027-03-31 300000\n2027-09-30 200000")
    with pytest.raises(DomainError) as exc:
        services.pledge_create(
            actor=secretariat,
            project=project,
            values={"enterprise": kt_enterprise, "amount": Decimal("600000")},
            instalments=plan,
        )
    assert "instalments" in exc.value.fields and "不符" in str(exc.value.fields["instalments"][0])
    assert not Pledge.objects.exists() and not Instalment.objects.exists()
    with pytest.raises(DomainError):
        services.parse_instalments("31/3/2027 fifty")
    pledge = services.pledge_create(
        actor=secretariat,
        project=project,
        values={"enterprise": kt_enterprise, "amount": Decimal("500000")},
        instalments=plan,
    )
    first = pledge.instalments.order_by("due_on").first()
    assert services.instalment_mark_paid(actor=secretariat, instalment=first)
    assert not services.instalment_mark_paid(actor=secretariat, instalment=first)
    page = selectors.project_page(project, secretariat)
    assert (page["pledged"], page["paid"], page["outstanding"]) == (
        Decimal("500000"),
        Decimal("300000"),
        Decimal("200000"),
    )
    assert Project.objects.count() == 1


def test_pledge_letter_and_reminders(client, secretariat, kwun_tong, kt_enterprise, kt_member):
    project = services.project_save(
        actor=secretariat,
        values={"name_zh_hant": "惠州總部大樓", "association": kwun_tong, "budget": Decimal("1000000")},
    )
    today = timezone.localdate()
    pledge = services.pledge_create(
        actor=secretariat,
        project=project,
        values={"enterprise": kt_enterprise, "amount": Decimal("100000")},
        instalments=[
            (today + datetime.timedelta(days=10), Decimal("60000")),
            (today + datetime.timedelta(days=200), Decimal("40000")),
        ],
    )
    assert services.pledge_acknowledge(actor=secretariat, pledge=pledge) == 1
    assert mail.outbox[-1].attachments[0][2] == "application/pdf"
    with pytest.raises(DomainError):
        services.pledge_acknowledge(actor=secretariat, pledge=pledge)
    mail.outbox.clear()
    assert services.instalment_reminders_send() == 1
    assert services.instalment_reminders_send() == 0
    assert len(mail.outbox) == 1
    client.force_login(kt_member)  # the pledger's own user reads the letter
    response = client.get(reverse("agreements:pledge_letter", args=[pledge.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_organisations_search_finds_across_scripts_and_english(kotra, client):
    response = client.get(reverse("agreements:organisations"), {"q": "大韩贸易"})
    assert "KOTRA" in response.content.decode() or "大韓貿易" in response.content.decode()
    assert list(selectors.organisations("KOTRA")) == [kotra]


def test_public_page_api_and_excel(client, draft, kt_admin, secretariat):
    from shanglian.agreements.models import Agreement

    assert client.get("/api/v1/agreements/").json()["count"] == 0
    Agreement.objects.filter(pk=draft.pk).update(is_public=True, status="active", signed_on=datetime.date(2026, 2, 1))
    body = client.get("/api/v1/agreements/").json()
    assert body["count"] == 1 and body["items"][0]["reference"] == draft.reference
    assert len(body["items"][0]["parties"]) == 2
    page = client.get(reverse("agreements:achievements"))
    assert "觀塘與KOTRA合作備忘錄" in page.content.decode()
    en = client.get("/en/agreements/achievements/")
    assert "MOU with KOTRA" in en.content.decode()
    xlsx = client.get(reverse("agreements:achievements"), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(reverse("agreements:public_detail", args=[draft.pk])).status_code == 200
    assert client.get("/").status_code in (200, 302)


def test_public_page_links_the_news_about_it(client, draft, secretariat):
    from shanglian.agreements.models import Agreement
    from shanglian.news import services as news

    Agreement.objects.filter(pk=draft.pk).update(is_public=True, status="active", signed_on=datetime.date(2026, 2, 1))
    article = news.article_save(actor=secretariat, values={
        "title_zh_hant": "聯會與KOTRA簽署合作備忘錄", "summary_zh_hant": "雙方將合辦商貿配對。",
        "body_zh_hant": "簽約儀式於會展舉行。", "slug": "kotra-mou", "agreement_id": draft.pk})
    page = client.get(reverse("agreements:public_detail", args=[draft.pk])).content.decode()
    assert "聯會與KOTRA簽署合作備忘錄" not in page  # a draft article is not linked
    news.article_publish(actor=secretariat, article=article, language="zh-hant", publish=True)
    page = client.get(reverse("agreements:public_detail", args=[draft.pk])).content.decode()
    assert "聯會與KOTRA簽署合作備忘錄" in page and article.get_absolute_url() in page
