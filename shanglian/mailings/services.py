"""Writes: compose, schedule, send in batches with progress, consent, unsubscribe, bounces.

Sending (``mailing_send``) is run by the task queue: ``mailing_send_task`` is enqueued when a
mailing is scheduled for now (or deferred with ``run_after`` where the backend supports it), and
``mailings_dispatch_task`` (``manage.py mailings_dispatch``, run every minute by cron) picks up
mailings whose time has come. A conditional UPDATE (scheduled → sending) claims a mailing, so
two workers never send the same one. Suppressions and consent are checked again for every
batch, so an unsubscribe or a bounce during a long send is honoured at once.
"""

from __future__ import annotations

import datetime
import re
import secrets
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.context_processors import FEDERATION_NAME
from shanglian.core.drafts import simplified_draft
from shanglian.core.errors import Conflict, DomainError
from shanglian.core.formatting import site_url
from shanglian.core.i18n import pick
from shanglian.core.privacy import consent_record
from shanglian.core.reading import for_reader
from shanglian.core.richtext import plain_text, render_rich
from shanglian.mailings import selectors
from shanglian.mailings.access import allowed_audiences, sender_association_ids
from shanglian.mailings.models import Delivery, Mailing, MarketingConsent, Suppression, Topic
from shanglian.mailings.selectors import normalise_email

BATCH_SIZE = 200
CONSENT_PURPOSE = "direct_marketing_email"
UNSUBSCRIBE_SALT = "mailings.unsubscribe"
PREFERENCES_SALT = "mailings.preferences"
CLICK_SALT = "mailings.click"
TRANSLATED = ("subject", "body")
TOKEN_SLOT = "TOKEN0000000000000000000000000000"  # a delivery token's place in a rendered message


# ------------------------------------------------------------------------------------ signed links
def unsubscribe_token(email: str, topic_id: int) -> str:
    return signing.dumps([normalise_email(email), topic_id], salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[str, int] | None:
    try:
        email, topic_id = signing.loads(str(token)[:500], salt=UNSUBSCRIBE_SALT)
        return normalise_email(email), int(topic_id)
    except (signing.BadSignature, ValueError, TypeError):
        return None


def preferences_token(email: str) -> str:
    return signing.dumps(normalise_email(email), salt=PREFERENCES_SALT, compress=True)


def read_preferences_token(token: str) -> str | None:
    try:
        email = signing.loads(str(token)[:500], salt=PREFERENCES_SALT)
    except signing.BadSignature:
        return None
    return normalise_email(email) if isinstance(email, str) and "@" in email else None


def sign_click_target(url: str) -> str:
    return signing.Signer(salt=CLICK_SALT).sign(url).rsplit(":", 1)[1]


def click_target_ok(url: str, signature: str) -> bool:
    try:
        signing.Signer(salt=CLICK_SALT).unsign(f"{url}:{signature}")
        return True
    except signing.BadSignature:
        return False


# ------------------------------------------------------------------------------------ compose
def simplified_from_master(values: dict[str, Any]) -> dict[str, Any]:
    """Fill the 简体 subject and body with the machine draft of the 繁體 master (for the editor)."""
    return {**values, **{f"{name}_zh_hans": simplified_draft(values.get(f"{name}_zh_hant") or "")
                         for name in TRANSLATED}}


def _check_segment(*, actor: Any, association_id: int | None, audience: str, segment: dict[str, Any]) -> None:
    scope = None if actor is None else sender_association_ids(actor)  # None: the system (cron, digest)
    if scope is not None:
        if association_id is None or association_id not in scope:
            raise DomainError("association", _("只可代表你管理的商會發出通訊。"), status=403)
        if audience not in allowed_audiences(actor):  # noqa: SIM102
            raise DomainError("audience", _("商會管理員只可寄給本會會員及職員。"), status=403,
                              fields={"audience": _("商會管理員只可寄給本會會員及職員。")})
    if audience == Mailing.Audience.EVENT_PARTICIPANTS and not segment.get("event"):
        raise DomainError("segment", _("請選擇活動。"), fields={"event": _("請選擇活動。")})


FIELDS = ("topic", "association", "audience", "segment", "kind_tag", *(f"{n}_{s}" for n in TRANSLATED
                                                            for s in ("zh_hant", "zh_hans", "en")))


@transaction.atomic
def mailing_save(*, actor: Any, values: dict[str, Any], mailing: Mailing | None = None) -> Mailing:
    """Create or edit a draft. ``values``: topic (Topic), association (Association|None), audience,
    segment (dict), subject_/body_ in three languages."""
    if mailing is not None:
        mailing = Mailing.objects.select_for_update().get(pk=mailing.pk)
        if not mailing.editable:
            raise Conflict("not_draft", _("只可修改草稿。"))
    association = values.get("association")
    _check_segment(actor=actor, association_id=association.pk if association else None,
                   audience=values.get("audience") or Mailing.Audience.MEMBERS, segment=values.get("segment") or {})
    if not (values.get("subject_zh_hant") or "").strip() or not (values.get("body_zh_hant") or "").strip():
        raise DomainError("master", _("請填寫繁體標題及內容（主文本）。"))
    created = mailing is None
    mailing = mailing or Mailing(created_by=actor if getattr(actor, "is_authenticated", False) else None)
    for name in FIELDS:
        if name in values:
            setattr(mailing, name, values[name])
    mailing.full_clean(exclude=["created_by", "send_at"])
    mailing.save()
    audit_record(actor=actor, action="mailing.create" if created else "mailing.update", target=mailing,
                 association_id=mailing.association_id)
    return mailing


def _enqueue_send(mailing: Mailing) -> None:
    from django_tasks import default_task_backend

    from shanglian.mailings.tasks import mailing_send_task

    if mailing.send_at is None or mailing.send_at <= timezone.now():
        mailing_send_task.enqueue(mailing.pk)
    elif default_task_backend.supports_defer:
        mailing_send_task.using(run_after=mailing.send_at).enqueue(mailing.pk)
    # else: mailings_dispatch (cron, every minute) sends it when its time comes


@transaction.atomic
def mailing_schedule(*, actor: Any, mailing: Mailing, send_at: datetime.datetime | None = None) -> Mailing:
    """Draft → scheduled (now when ``send_at`` is empty). Sending is queued after commit."""
    now = timezone.now()
    if send_at is not None and send_at < now - datetime.timedelta(minutes=5):
        raise DomainError("send_at", _("發送時間不可早於現在。"), fields={"send_at": _("發送時間不可早於現在。")})
    if not selectors.mailing_recipients(mailing):
        raise DomainError("no_recipients", _("這個篩選條件沒有任何收件人。"))
    updated = Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.DRAFT).update(
        status=Mailing.Status.SCHEDULED, send_at=send_at or now)
    if not updated:
        raise Conflict("not_draft", _("這封通訊已排期或已發送。"))
    mailing.refresh_from_db()
    audit_record(actor=actor, action="mailing.schedule", target=mailing, association_id=mailing.association_id,
                 changes={"send_at": str(mailing.send_at)})
    transaction.on_commit(lambda: _enqueue_send(mailing))
    return mailing


@transaction.atomic
def mailing_cancel(*, actor: Any, mailing: Mailing) -> Mailing:
    """Scheduled → draft again; while sending → cancelled (the batch under way finishes)."""
    if Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SCHEDULED).update(status=Mailing.Status.DRAFT):
        action = "mailing.unschedule"
    elif Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING).update(
            status=Mailing.Status.CANCELLED, finished_at=timezone.now()):
        action = "mailing.cancel"
    else:
        raise Conflict("not_cancellable", _("只可取消已排期或發送中的通訊。"))
    mailing.refresh_from_db()
    audit_record(actor=actor, action=action, target=mailing, association_id=mailing.association_id)
    return mailing


# ------------------------------------------------------------------------------------ sending
_HREF = re.compile(r'href="(https?://[^"]+)"')


class _Rendered:
    """A mailing rendered once per language; per-recipient values are filled in by replacement."""

    def __init__(self, mailing: Mailing, language: str):
        with translation.override(language):
            subject = str(for_reader(pick(mailing, "subject", language), language))
            body = str(for_reader(pick(mailing, "body", language), language))
            click_base = site_url(reverse("mailings:click", kwargs={"token": TOKEN_SLOT}))
            html_body = _HREF.sub(lambda m: _tracked_href(m.group(1), click_base), str(render_rich(body)))
            sender = str(mailing.association.name) if mailing.association_id else str(FEDERATION_NAME)
            ctx = {"subject": subject, "body_html": mark_safe(html_body),  # noqa: S308 - sanitised by nh3
                   "body_text": plain_text(body), "sender": sender,
                   "topic": mailing.topic, "name": "NAME0000", "promotional": mailing.topic.promotional,
                   "unsubscribe_url": "UNSUB0000", "preferences_url": "PREFS0000",
                   "pixel_url": site_url(reverse("mailings:open", kwargs={"token": TOKEN_SLOT})),
                   "SITE_URL": site_url(), "LANGUAGE_CODE": language}
            self.subject = " ".join(subject.split())
            self.html = render_to_string("mailings/email/message.html", ctx)
            self.text = render_to_string("mailings/email/message.txt", ctx)
            self.unsub_path = reverse("mailings:unsubscribe", kwargs={"token": "UNSUB0000"})
            self.prefs_path = reverse("mailings:preferences", kwargs={"token": "PREFS0000"})
        self.reply_to = [mailing.association.email] if mailing.association_id and mailing.association.email else []

    def message(self, delivery: Delivery, topic_id: int, connection: Any) -> EmailMultiAlternatives:
        unsub = site_url(self.unsub_path.replace("UNSUB0000", unsubscribe_token(delivery.email, topic_id)))
        prefs = site_url(self.prefs_path.replace("PREFS0000", preferences_token(delivery.email)))

        def fill(text: str, html: bool) -> str:
            name = escape(delivery.name) if html else delivery.name
            return (text.replace(TOKEN_SLOT, delivery.token).replace("NAME0000", name)
                    .replace("UNSUB0000", unsub).replace("PREFS0000", prefs))

        message = EmailMultiAlternatives(
            self.subject, fill(self.text, False), settings.DEFAULT_FROM_EMAIL, [delivery.email],
            connection=connection, reply_to=self.reply_to,
            headers={"List-Unsubscribe": f"<{unsub}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
                     "X-Shanglian-Delivery": delivery.token})
        message.attach_alternative(fill(self.html, True), "text/html")
        return message


def _tracked_href(url: str, click_base: str) -> str:
    target = _unescape(url)
    return f'href="{click_base}?u={escape(_quote(target))}&amp;s={sign_click_target(target)}"'


def _quote(url: str) -> str:
    from urllib.parse import quote

    return quote(_unescape(url), safe="")


def _unescape(url: str) -> str:
    import html

    return html.unescape(url)


def _materialise(mailing: Mailing) -> int:
    recipients = selectors.mailing_recipients(mailing)
    Delivery.objects.bulk_create(
        [Delivery(mailing=mailing, email=r.email, name=r.name, language=r.language, token=secrets.token_hex(16))
         for r in recipients], batch_size=1000, ignore_conflicts=True)
    total = mailing.deliveries.count()
    Mailing.objects.filter(pk=mailing.pk).update(total=total)
    return total


def lease_seconds() -> int:
    """How long a sending worker may go without a heartbeat before its mailing is reclaimed."""
    return max(30, int(getattr(settings, "MAILINGS_LEASE_SECONDS", 600) or 600))


class LeaseLost(Exception):
    """This worker's mailing was reclaimed (it was presumed dead): stop without sending more."""


def _heartbeat(mailing: Mailing, lease: str) -> None:
    if not Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING, lease=lease).update(
            heartbeat_at=timezone.now()):
        raise LeaseLost()


def mailing_send(*, mailing_id: int, now: datetime.datetime | None = None, batch_size: int = BATCH_SIZE) -> Mailing:
    """Send a scheduled mailing whose time has come, batch by batch, on a few SMTP connections.

    The claim (scheduled → sending) writes a fresh ``lease`` and heartbeat; each batch first moves
    its deliveries pending → sending under that lease (committed before any message leaves) and
    bumps the heartbeat; a worker whose lease was taken away stops. So a message is handed to
    SMTP at most once, even when a worker dies and ``mailings_reclaim`` resumes the mailing."""
    now = now or timezone.now()
    lease = secrets.token_hex(16)
    claimed = Mailing.objects.filter(pk=mailing_id, status=Mailing.Status.SCHEDULED, send_at__lte=now).update(
        status=Mailing.Status.SENDING, started_at=Coalesce(F("started_at"), Value(timezone.now())),
        lease=lease, heartbeat_at=timezone.now())
    mailing = Mailing.objects.select_related("topic", "association").get(pk=mailing_id)
    if not claimed:
        return mailing
    with transaction.atomic():
        _materialise(mailing)
        audit_record(actor=None, action="mailing.send_start", target=mailing, association_id=mailing.association_id)
    rendered: dict[str, _Rendered] = {}
    connections = [get_connection() for _ in range(smtp_connections())]
    with ThreadPoolExecutor(max_workers=len(connections)) as pool:
        try:
            for connection in connections:
                connection.open()
            while True:
                if Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.CANCELLED).exists():
                    break
                try:
                    _heartbeat(mailing, lease)
                    batch = _take_batch(mailing, lease, batch_size)
                except LeaseLost:
                    audit_record(actor=None, action="mailing.lease_lost", target=mailing,
                                 association_id=mailing.association_id)
                    mailing.refresh_from_db()
                    return mailing
                if not batch:
                    break
                _send_batch(mailing, batch, rendered, connections, pool)
        finally:
            for connection in connections:
                connection.close()
    Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING, lease=lease).update(
        status=Mailing.Status.SENT, finished_at=timezone.now())
    mailing.refresh_from_db()
    audit_record(actor=None, action="mailing.send_end", target=mailing, association_id=mailing.association_id,
                 changes={"total": mailing.total, "processed": mailing.processed})
    return mailing


def _take_batch(mailing: Mailing, lease: str, batch_size: int) -> list[Delivery]:
    """Move up to ``batch_size`` pending deliveries to "sending" under ``lease`` — only while this
    worker still holds the mailing — and commit, so a reclaim never hands them to another worker."""
    with transaction.atomic():
        ids = list(mailing.deliveries.filter(status=Delivery.Status.PENDING).order_by("pk")
                   .values_list("pk", flat=True)[:batch_size])
        if not ids:
            return []
        if not Mailing.objects.select_for_update().filter(pk=mailing.pk, status=Mailing.Status.SENDING,
                                                          lease=lease).exists():
            raise LeaseLost()
        Delivery.objects.filter(pk__in=ids, status=Delivery.Status.PENDING).update(
            status=Delivery.Status.SENDING, lease=lease)
    return list(Delivery.objects.filter(pk__in=ids, status=Delivery.Status.SENDING, lease=lease).order_by("pk"))


@transaction.atomic
def mailings_reclaim(*, now: datetime.datetime | None = None) -> list[int]:
    """Mailings left "sending" by a dead worker (no heartbeat for ``lease_seconds()``) go back to
    "scheduled" so the next dispatch resumes them with the deliveries still pending. Deliveries
    the dead worker had taken ("sending") may have reached the SMTP server: they are marked
    "interrupted" and never sent again. Idempotent; the UPDATE is conditional, so a worker that
    is only slow loses its lease (``LeaseLost``) and stops."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=lease_seconds())
    stale = Mailing.objects.filter(status=Mailing.Status.SENDING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff))
    reclaimed = []
    for mailing in stale.select_for_update(skip_locked=True):
        Mailing.objects.filter(pk=mailing.pk, status=Mailing.Status.SENDING, lease=mailing.lease).update(
            status=Mailing.Status.SCHEDULED, lease="", heartbeat_at=None)
        interrupted = Delivery.objects.filter(mailing=mailing, status=Delivery.Status.SENDING).update(
            status=Delivery.Status.INTERRUPTED, error="worker stopped while sending; not resent")
        _count_processed(mailing)
        audit_record(actor=None, action="mailing.reclaim", target=mailing, association_id=mailing.association_id,
                     changes={"interrupted": interrupted, "heartbeat_at": str(mailing.heartbeat_at)})
        reclaimed.append(mailing.pk)
    return reclaimed


def smtp_connections() -> int:
    """SMTP connections used side by side (sending is bound by the server's round trips)."""
    return max(1, min(16, int(getattr(settings, "MAILINGS_SMTP_CONNECTIONS", 4) or 4)))


def _send_batch(mailing: Mailing, batch: list[Delivery], rendered: dict[str, _Rendered], connections: list[Any],
                pool: ThreadPoolExecutor) -> None:
    blocked = selectors.blocked_addresses([d.email for d in batch], topic=mailing.topic)
    for reason in set(blocked.values()):
        Delivery.objects.filter(pk__in=[d.pk for d in batch if blocked.get(d.email) == reason]).update(
            status=Delivery.Status.SKIPPED, skip_reason=reason)
    todo = [d for d in batch if d.email not in blocked]
    for delivery in todo:  # render each language once, in this thread (templates, translations)
        if delivery.language not in rendered:
            rendered[delivery.language] = _Rendered(mailing, delivery.language)
    messages = [rendered[d.language].message(d, mailing.topic_id, None) for d in todo]

    def send_share(index: int) -> tuple[list[int], list[tuple[int, str]]]:
        sent: list[int] = []
        failed: list[tuple[int, str]] = []
        connection = connections[index]
        for delivery, message in list(zip(todo, messages, strict=True))[index::len(connections)]:
            message.connection = connection
            try:
                message.send()
                sent.append(delivery.pk)
            except Exception as exc:  # noqa: BLE001 - one refused address must not stop the mailing
                failed.append((delivery.pk, str(exc)[:300]))
        return sent, failed

    sent: list[int] = []
    failed: list[tuple[int, str]] = []
    for ok, bad in pool.map(send_share, range(len(connections))):
        sent += ok
        failed += bad
    stamp = timezone.now()
    Delivery.objects.filter(pk__in=sent).update(status=Delivery.Status.SENT, sent_at=stamp)
    for pk, error in failed:
        Delivery.objects.filter(pk=pk).update(status=Delivery.Status.FAILED, error=error)
    _count_processed(mailing)


def _count_processed(mailing: Mailing) -> None:
    """``processed`` counted from the deliveries (not incremented), so a reclaimed mailing whose old
    worker still finishes a batch never counts a delivery twice."""
    done = Delivery.objects.filter(mailing_id=mailing.pk).exclude(
        status__in=(Delivery.Status.PENDING, Delivery.Status.SENDING)).count()
    Mailing.objects.filter(pk=mailing.pk).update(processed=done)


def mailings_dispatch(*, now: datetime.datetime | None = None) -> list[int]:
    """Reclaim mailings of dead workers, then send every scheduled mailing whose time has come
    (the cron / task entry point)."""
    now = now or timezone.now()
    mailings_reclaim(now=now)
    done = []
    for pk in selectors.due_mailing_ids(now):
        if mailing_send(mailing_id=pk, now=now).status in (Mailing.Status.SENT, Mailing.Status.CANCELLED):
            done.append(pk)
    return done


# ------------------------------------------------------------------------------------ tracking
def delivery_opened(*, token: str) -> bool:
    return bool(Delivery.objects.filter(token=str(token)[:32], opened_at__isnull=True).update(opened_at=timezone.now()))


def delivery_clicked(*, token: str) -> bool:
    now = timezone.now()
    Delivery.objects.filter(token=str(token)[:32], opened_at__isnull=True).update(opened_at=now)  # a click is an open
    return bool(Delivery.objects.filter(token=str(token)[:32], clicked_at__isnull=True).update(clicked_at=now))


# ------------------------------------------------------------------------------------ consent and opt-outs
@transaction.atomic
def marketing_consent_give(*, email: str, actor: Any = None) -> MarketingConsent:
    """Record the PDPO Part 6A consent to direct marketing for ``email`` (a core Consent row with
    the notice version, plus the address it applies to)."""
    email = normalise_email(email)
    own = getattr(actor, "is_authenticated", False) and normalise_email(actor.email) == email
    consent = consent_record(purpose=CONSENT_PURPOSE, user=actor if own else None)
    row, _created = MarketingConsent.objects.update_or_create(
        email=email, defaults={"consent": consent, "withdrawn_at": None})
    audit_record(actor=actor, action="mailing.consent_give", target=row)
    return row


@transaction.atomic
def marketing_consent_withdraw(*, email: str, actor: Any = None) -> int:
    email = normalise_email(email)
    n = MarketingConsent.objects.filter(email=email, withdrawn_at__isnull=True).update(withdrawn_at=timezone.now())
    if n:
        audit_record(actor=actor, action="mailing.consent_withdraw", target_type="mailings.marketingconsent",
                     target_repr=email)
    return n


@transaction.atomic
def topic_unsubscribe(*, email: str, topic_id: int, actor: Any = None) -> bool:
    email = normalise_email(email)
    topic = Topic.objects.filter(pk=topic_id).first()
    if topic is None:
        return False
    _row, created = Suppression.objects.get_or_create(email=email, topic=topic,
                                                      defaults={"reason": Suppression.Reason.UNSUBSCRIBED})
    if created:
        audit_record(actor=actor, action="mailing.unsubscribe", target=topic, changes={"email": email})
    return created


@transaction.atomic
def preferences_save(*, email: str, subscribed_topic_ids: Iterable[int], marketing: bool, actor: Any = None) -> None:
    """The signed preferences page: which topics, and the direct-marketing consent."""
    email = normalise_email(email)
    wanted = set(subscribed_topic_ids)
    for topic in Topic.objects.all():
        if topic.pk in wanted:
            Suppression.objects.filter(email=email, topic=topic, reason=Suppression.Reason.UNSUBSCRIBED).delete()
        else:
            Suppression.objects.get_or_create(email=email, topic=topic,
                                              defaults={"reason": Suppression.Reason.UNSUBSCRIBED})
    current = MarketingConsent.objects.filter(email=email, withdrawn_at__isnull=True).exists()
    if marketing and not current:
        marketing_consent_give(email=email, actor=actor)
    elif not marketing and current:
        marketing_consent_withdraw(email=email, actor=actor)
    audit_record(actor=actor, action="mailing.preferences", target_type="mailings.suppression", target_repr=email,
                 changes={"topics": sorted(wanted), "marketing": marketing})


BOUNCE_KINDS = ("hard", "soft", "complaint")


@transaction.atomic
def bounce_record(*, email: str = "", kind: str = "hard", delivery_token: str = "",
                  actor: Any = None) -> dict[str, int]:
    """A bounce or complaint from the mail server (webhook) or an imported list. Hard bounces and
    complaints suppress the address for every topic; a soft bounce only marks the delivery."""
    if kind not in BOUNCE_KINDS:
        raise DomainError("kind", _("退回類別無效。"), fields={"kind": _("退回類別無效。")})
    delivery = None
    if delivery_token:
        delivery = Delivery.objects.filter(token=str(delivery_token)[:32]).first()
        email = email or (delivery.email if delivery else "")
    email = normalise_email(email)
    if not email or "@" not in email or len(email) > 254:
        raise DomainError("email", _("電郵地址無效。"), fields={"email": _("電郵地址無效。")})
    if delivery is None:
        delivery = Delivery.objects.filter(email=email, status=Delivery.Status.SENT).order_by("-sent_at", "-pk").first()
    marked = 0
    if delivery is not None and delivery.status in (Delivery.Status.SENT, Delivery.Status.PENDING):
        marked = Delivery.objects.filter(pk=delivery.pk).update(status=Delivery.Status.BOUNCED, error=kind)
    suppressed = 0
    if kind in ("hard", "complaint"):
        reason = Suppression.Reason.BOUNCED if kind == "hard" else Suppression.Reason.COMPLAINED
        _row, created = Suppression.objects.get_or_create(email=email, topic=None, defaults={"reason": reason})
        suppressed = int(created)
    audit_record(actor=actor, action="mailing.bounce", target_type="mailings.delivery", target_repr=email,
                 changes={"kind": kind})
    return {"marked": marked, "suppressed": suppressed}


def bounces_import(*, text: str, kind: str = "hard", actor: Any = None) -> dict[str, int]:
    """One address per line (a CSV's first column is fine): each is recorded as a bounce."""
    done = invalid = 0
    for line in (text or "").splitlines()[:10000]:
        email = line.split(",")[0].strip().strip('"')
        if not email:
            continue
        try:
            bounce_record(email=email, kind=kind, actor=actor)
            done += 1
        except DomainError:
            invalid += 1
    return {"recorded": done, "invalid": invalid}


# ------------------------------------------------------------------------------------ for other apps
def mailing_exists(*, kind_tag: str) -> bool:
    return Mailing.objects.filter(kind_tag=kind_tag).exists()


def topic_ensure(*, slug: str, names: tuple[str, str, str], promotional: bool = False) -> Topic:
    topic, _created = Topic.objects.get_or_create(slug=slug, defaults={
        "name_zh_hant": names[0], "name_zh_hans": names[1], "name_en": names[2], "promotional": promotional})
    return topic
