"""Member mailings: segments, languages, consent, unsubscribe, bounces, scheduled sending."""

import datetime
import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from shanglian.core.errors import DomainError
from shanglian.core.models import Consent, Industry, Place
from shanglian.mailings import selectors, services
from shanglian.mailings.models import Delivery, Mailing, MarketingConsent, Suppression
from shanglian.mailings.tasks import mailings_dispatch_task

pytestmark = pytest.mark.django_db


def compose(actor, topic, *, association=None, audience="members", segment=None, **extra):
    values = {"topic": topic, "association": association, "audience": audience, "segment": segment or {},
              "subject_zh_hant": "會員大會通告", "body_zh_hant": "各位會員：本會資訊科技委員會將於網上舉行會議。[詳情](https://example.hk/agm)",
              "subject_en": "Notice of general meeting", "body_en": "Dear members, see [details](https://example.hk/agm).",
              **extra}
    return services.mailing_save(actor=actor, values=services.simplified_from_master(values))


def send_now(actor, mailing, capture):
    with capture(execute=True):
        services.mailing_schedule(actor=actor, mailing=mailing)
    mailing.refresh_from_db()
    return mailing


# ------------------------------------------------------------------------------------ segments
def test_segment_members_of_one_association_with_filters(members, kwun_tong, topics, secretariat):
    emails = {r.email for r in selectors.resolve_segment(audience="members", segment={"associations": [kwun_tong.pk]})}
    assert emails == {"owner@en.example", "sz@trade.example", "hk@hardware.example"}
    everyone = {r.email for r in selectors.resolve_segment(audience="members", segment={})}
    assert "east@cafe.example" in everyone and len(everyone) == 4
    logistics = Industry.objects.get(code="logistics")
    assert [r.email for r in selectors.resolve_segment(
        audience="members", segment={"industries": [logistics.pk]})] == ["sz@trade.example"]
    eastern = Place.objects.get(code="eastern")
    assert [r.email for r in selectors.resolve_segment(
        audience="members", segment={"districts": [eastern.pk]})] == ["east@cafe.example"]


def test_segment_office_bearers_by_position(office_bearers, kwun_tong):
    presidents = selectors.resolve_segment(audience="office_bearers", segment={"positions": ["president"]})
    assert [r.email for r in presidents] == ["president@kt.example"]
    both = selectors.resolve_segment(audience="office_bearers", segment={"associations": [kwun_tong.pk]})
    assert {r.email for r in both} == {"president@kt.example", "director@kt.example"}


def test_association_admin_mails_only_own_members(members, kt_admin, kwun_tong, eastern, topics):
    with pytest.raises(DomainError):
        compose(kt_admin, topics["federation-news"], association=eastern)
    with pytest.raises(DomainError):
        compose(kt_admin, topics["federation-news"], association=kwun_tong, audience="festival_merchants")
    # a segment naming another association is ignored: the admin's association is forced
    mailing = compose(kt_admin, topics["federation-news"], association=kwun_tong,
                      segment={"associations": [eastern.pk]})
    assert {r.email for r in selectors.mailing_recipients(mailing)} == {
        "owner@en.example", "sz@trade.example", "hk@hardware.example"}
    assert list(selectors.mailings_for_user(kt_admin)) == [mailing]


# ------------------------------------------------------------------------------------ sending
def test_each_recipient_gets_their_language(members, topics, secretariat, django_capture_on_commit_callbacks):
    mailing = send_now(secretariat, compose(secretariat, topics["federation-news"]), django_capture_on_commit_callbacks)
    assert mailing.status == Mailing.Status.SENT and mailing.total == 4 and mailing.processed == 4
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to["owner@en.example"].subject == "Notice of general meeting"
    assert by_to["sz@trade.example"].subject == "会员大会通告"
    assert "信息技术委员会" in by_to["sz@trade.example"].body and "线上" in by_to["sz@trade.example"].body
    assert by_to["hk@hardware.example"].subject == "會員大會通告"
    languages = dict(Delivery.objects.values_list("email", "language"))
    assert languages["sz@trade.example"] == "zh-hans" and languages["owner@en.example"] == "en"
    message = by_to["hk@hardware.example"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/mailings/u/" in message.extra_headers["List-Unsubscribe"]


def test_promotional_mail_needs_recorded_consent(members, topics, secretariat, django_capture_on_commit_callbacks):
    services.marketing_consent_give(email="HK@hardware.example")
    assert Consent.objects.filter(purpose=services.CONSENT_PURPOSE).count() == 1
    mailing = compose(secretariat, topics["events"])
    preview = selectors.mailing_preview(mailing)
    assert preview["total"] == 4 and preview["sending"] == 1
    send_now(secretariat, mailing, django_capture_on_commit_callbacks)
    assert [m.to[0] for m in mail.outbox] == ["hk@hardware.example"]
    skipped = Delivery.objects.filter(mailing=mailing, status="skipped")
    assert skipped.count() == 3 and set(skipped.values_list("skip_reason", flat=True)) == {"no_consent"}
    # withdrawn consent: nothing promotional any more
    services.marketing_consent_withdraw(email="hk@hardware.example")
    assert not MarketingConsent.objects.get(email="hk@hardware.example").active
    assert selectors.mailing_preview(compose(secretariat, topics["events"]))["sending"] == 0


def test_unsubscribe_link_is_signed_and_per_topic(client, members, topics, secretariat,
                                                  django_capture_on_commit_callbacks):
    send_now(secretariat, compose(secretariat, topics["federation-news"]), django_capture_on_commit_callbacks)
    message = next(m for m in mail.outbox if m.to == ["hk@hardware.example"])
    url = re.search(r"https?://[^\s]+/mailings/u/[^\s]+/", message.body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200
    assert not Suppression.objects.exists()  # a GET (link preview, scanner) changes nothing
    assert client.post("/" + path).status_code == 200
    assert Suppression.objects.get().topic == topics["federation-news"]
    tampered = "/" + path.replace("/u/", "/u/x")
    assert client.post(tampered).status_code == 404
    # the next mailing of that topic skips the address; another topic still reaches it
    mail.outbox.clear()
    send_now(secretariat, compose(secretariat, topics["federation-news"]), django_capture_on_commit_callbacks)
    assert "hk@hardware.example" not in [m.to[0] for m in mail.outbox]
    mail.outbox.clear()
    send_now(secretariat, compose(secretariat, topics["news-digest"]), django_capture_on_commit_callbacks)
    assert "hk@hardware.example" in [m.to[0] for m in mail.outbox]


def test_preferences_page_records_consent_without_login(client, members, topics):
    token = services.preferences_token("sz@trade.example")
    url = reverse("mailings:preferences", kwargs={"token": token})
    assert client.get(url).status_code == 200
    client.post(url, {"topics": [topics["federation-news"].pk], "marketing": "1"})
    assert MarketingConsent.objects.get(email="sz@trade.example").active
    assert set(Suppression.objects.filter(email="sz@trade.example").values_list("topic__slug", flat=True)) == {
        "news-digest", "events", "festival"}
    assert client.get(reverse("mailings:preferences", kwargs={"token": token[:-2] + "xx"})).status_code == 404


@override_settings(MAILINGS_WEBHOOK_TOKEN="s3cret")
def test_bounce_webhook_marks_and_suppresses(client, members, topics, secretariat, django_capture_on_commit_callbacks):
    mailing = send_now(secretariat, compose(secretariat, topics["federation-news"]), django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get(mailing=mailing, email="hk@hardware.example")
    denied = client.post("/api/v1/mailings/bounces", {"delivery": delivery.token}, content_type="application/json",
                         headers={"X-Webhook-Token": "wrong"})
    assert denied.status_code == 401 and not Suppression.objects.exists()
    ok = client.post("/api/v1/mailings/bounces", {"delivery": delivery.token, "kind": "hard"},
                     content_type="application/json", headers={"X-Webhook-Token": "s3cret"})
    assert ok.status_code == 200 and ok.json() == {"marked": 1, "suppressed": 1}
    delivery.refresh_from_db()
    assert delivery.status == "bounced"
    assert selectors.mailing_report(mailing)["bounced"] == 1
    mail.outbox.clear()
    again = send_now(secretariat, compose(secretariat, topics["news-digest"]), django_capture_on_commit_callbacks)
    assert "hk@hardware.example" not in [m.to[0] for m in mail.outbox]
    assert Delivery.objects.get(mailing=again, email="hk@hardware.example").skip_reason == "bounced"
    bad = client.post("/api/v1/mailings/bounces", {"email": "not-an-address"}, content_type="application/json",
                      headers={"X-Webhook-Token": "s3cret"})
    assert bad.status_code == 400


def test_bounce_import_by_staff(client, members, secretariat):
    client.force_login(secretariat)
    response = client.post(reverse("mailings:bounces"), {"kind": "hard", "addresses": "East@cafe.example\nnonsense\n"})
    assert response.status_code == 302
    assert list(Suppression.objects.values_list("email", "reason")) == [("east@cafe.example", "bounced")]


def test_scheduled_send_runs_from_the_task_queue(members, topics, secretariat, django_capture_on_commit_callbacks):
    later = timezone.now() + datetime.timedelta(hours=2)
    mailing = compose(secretariat, topics["federation-news"])
    with django_capture_on_commit_callbacks(execute=True):
        services.mailing_schedule(actor=secretariat, mailing=mailing, send_at=later)
    mailing.refresh_from_db()
    assert mailing.status == "scheduled" and not mail.outbox
    mailings_dispatch_task.enqueue()  # nothing is due yet
    assert Mailing.objects.get(pk=mailing.pk).status == "scheduled"
    assert services.mailings_dispatch(now=later + datetime.timedelta(minutes=1)) == [mailing.pk]
    mailing.refresh_from_db()
    assert mailing.status == "sent" and len(mail.outbox) == 4
    assert services.mailings_dispatch(now=later + datetime.timedelta(minutes=2)) == []  # never twice


def test_batches_report_progress_and_cancel_stops(members, topics, secretariat):
    mailing = compose(secretariat, topics["federation-news"])
    Mailing.objects.filter(pk=mailing.pk).update(status="scheduled", send_at=timezone.now())
    services.mailing_send(mailing_id=mailing.pk, batch_size=1)
    mailing.refresh_from_db()
    assert (mailing.status, mailing.total, mailing.processed, mailing.progress_percent) == ("sent", 4, 4, 100)
    with pytest.raises(DomainError):
        services.mailing_cancel(actor=secretariat, mailing=mailing)


def test_schedule_refuses_past_time_and_empty_segment(members, topics, secretariat):
    mailing = compose(secretariat, topics["federation-news"])
    with pytest.raises(DomainError):
        services.mailing_schedule(actor=secretariat, mailing=mailing,
                                  send_at=timezone.now() - datetime.timedelta(days=1))
    empty = compose(secretariat, topics["federation-news"], audience="office_bearers")
    with pytest.raises(DomainError):
        services.mailing_schedule(actor=secretariat, mailing=empty)
    assert Mailing.objects.get(pk=mailing.pk).status == "draft"


def test_open_pixel_and_signed_click(client, members, topics, secretariat, django_capture_on_commit_callbacks):
    mailing = send_now(secretariat, compose(secretariat, topics["federation-news"]), django_capture_on_commit_callbacks)
    html = next(m for m in mail.outbox if m.to == ["hk@hardware.example"]).alternatives[0][0]
    pixel = re.search(r'src="https?://[^/]+(/[^"]+/mailings/o/[^"]+)"', html).group(1)
    response = client.get(pixel)
    assert response.status_code == 200 and response["Content-Type"] == "image/gif"
    click = re.search(r'href="https?://[^/]+(/[^"]+/mailings/c/[^"]+)"', html).group(1).replace("&amp;", "&")
    response = client.get(click)
    assert response.status_code == 302 and response["Location"] == "https://example.hk/agm"
    assert client.get(click.replace("agm", "evil")).status_code == 404  # the target is signed
    report = selectors.mailing_report(mailing)
    assert (report["opened"], report["clicked"], report["sent"]) == (1, 1, 4)


def test_compose_pages(client, members, topics, kt_admin, kwun_tong, secretariat):
    client.force_login(kt_admin)
    response = client.post(reverse("mailings:create"), {
        "topic": topics["federation-news"].pk, "association": kwun_tong.pk, "audience": "members",
        "subject_zh_hant": "通告", "body_zh_hant": "網上研討會", "action": "draft"})
    assert response.status_code == 200 and "网上" not in response.content.decode()  # vocabulary: 网上 → 线上
    assert "线上研讨会" in response.content.decode()
    response = client.post(reverse("mailings:create"), {
        "topic": topics["federation-news"].pk, "association": kwun_tong.pk, "audience": "members",
        "subject_zh_hant": "通告", "body_zh_hant": "網上研討會", "action": "save"})
    mailing = Mailing.objects.get()
    assert response.status_code == 302 and mailing.association == kwun_tong
    page = client.get(reverse("mailings:detail", kwargs={"pk": mailing.pk}))
    assert page.status_code == 200 and "3" in page.content.decode()


def test_personal_data_export_and_erase_keep_the_opt_out(members, topics, secretariat, make_user):
    from shanglian.core.privacy import Subject, personal_data_erase, personal_data_export

    user = make_user("subject")  # subject@example.invalid
    services.marketing_consent_give(email=user.email, actor=user)
    services.topic_unsubscribe(email=user.email, topic_id=topics["events"].pk)
    exported = personal_data_export(Subject(user_ids={user.pk}))["mailings"]
    assert {r["kind"] for r in exported} == {"marketing_consent", "suppression"}
    personal_data_erase(subject=Subject(user_ids={user.pk}))
    assert not MarketingConsent.objects.filter(email=user.email).exists()
    assert Suppression.objects.filter(email=user.email).exists()  # the opt-out keeps working


# ------------------------------------------------------------------------------- dead workers
class WorkerKilled(BaseException):
    """Stands for the process being killed: not an Exception, so nothing in the loop catches it."""


def _kill_on_send(monkeypatch, nth):
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages
    calls = {"n": 0}

    def send_messages(self, messages):
        calls["n"] += 1
        if calls["n"] == nth:
            raise WorkerKilled()
        return original(self, messages)

    monkeypatch.setattr(EmailBackend, "send_messages", send_messages)


@override_settings(MAILINGS_SMTP_CONNECTIONS=1, MAILINGS_LEASE_SECONDS=600)
def test_dead_worker_mailing_is_reclaimed_and_nothing_is_sent_twice(members, topics, secretariat, monkeypatch):
    mailing = compose(secretariat, topics["federation-news"])
    Mailing.objects.filter(pk=mailing.pk).update(status="scheduled", send_at=timezone.now())
    _kill_on_send(monkeypatch, 2)  # the worker dies while handing the second message to SMTP
    with pytest.raises(WorkerKilled):
        services.mailing_send(mailing_id=mailing.pk, batch_size=1)
    monkeypatch.undo()
    mailing.refresh_from_db()
    assert mailing.status == "sending" and len(mail.outbox) == 1
    assert sorted(mailing.deliveries.values_list("status", flat=True)) == ["pending", "pending", "sending", "sent"]
    # A fresh heartbeat: the worker may be alive, nothing is reclaimed.
    assert services.mailings_dispatch(now=timezone.now()) == []
    assert Mailing.objects.get(pk=mailing.pk).status == "sending"
    # Past the lease: reclaimed and resumed; the message that was in flight is not sent again.
    later = timezone.now() + datetime.timedelta(seconds=601)
    assert services.mailings_dispatch(now=later) == [mailing.pk]
    mailing.refresh_from_db()
    statuses = sorted(mailing.deliveries.values_list("status", flat=True))
    assert mailing.status == "sent" and statuses == ["interrupted", "sent", "sent", "sent"]
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 3 and len(set(recipients)) == 3
    assert mailing.processed == mailing.total == 4
    assert selectors.mailing_report(mailing)["interrupted"] == 1
    assert services.mailings_dispatch(now=later + datetime.timedelta(minutes=20)) == []  # idempotent
    assert len(mail.outbox) == 3


@override_settings(MAILINGS_SMTP_CONNECTIONS=1, MAILINGS_LEASE_SECONDS=600)
def test_slow_worker_that_lost_its_lease_stops(members, topics, secretariat, monkeypatch):
    mailing = compose(secretariat, topics["federation-news"])
    Mailing.objects.filter(pk=mailing.pk).update(status="scheduled", send_at=timezone.now())
    future = timezone.now() + datetime.timedelta(seconds=601)
    # While the first worker is stuck in its first batch, the dispatcher presumes it dead.
    original = services._send_batch

    def slow_batch(*args, **kwargs):
        services.mailings_reclaim(now=future)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "_send_batch", slow_batch)
    first = services.mailing_send(mailing_id=mailing.pk, batch_size=1)
    monkeypatch.undo()
    assert first.status == "scheduled" and len(mail.outbox) == 1  # it stopped after its batch
    assert services.mailings_dispatch(now=future) == [mailing.pk]
    recipients = [m.to[0] for m in mail.outbox]
    assert len(recipients) == 4 and len(set(recipients)) == 4
    assert Mailing.objects.get(pk=mailing.pk).status == "sent"
