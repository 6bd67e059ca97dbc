"""Reads: the mailings a viewer may see, segment resolution (through the other apps' public
selectors), the recipient preview, per-mailing reports, and the suppression/consent look-ups."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from shanglian.core.models import Industry, Place
from shanglian.directory import selectors as directory_selectors
from shanglian.directory.models import Association, OfficeBearer
from shanglian.events import selectors as events_selectors
from shanglian.festival import selectors as festival_selectors
from shanglian.mailings.access import sender_association_ids
from shanglian.mailings.models import Delivery, Mailing, MarketingConsent, Suppression, Topic

LANGUAGE_CODES = ("zh-hant", "zh-hans", "en")


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str


def normalise_email(email: str | None) -> str:
    return (email or "").strip().lower()


def _language(value: str | None) -> str:
    value = (value or "").lower()
    return value if value in LANGUAGE_CODES else "zh-hant"


def _ids(values: Any) -> list[int]:
    out: list[int] = []
    for v in values or []:
        try:
            out.append(int(v))
        except (TypeError, ValueError):
            continue
    return out


def resolve_segment(*, audience: str, segment: dict[str, Any], association_id: int | None = None) -> list[Recipient]:
    """The recipients of a segment, one per address (first language wins), in a stable order.

    ``association_id`` (an association admin's mailing) limits members and office bearers to that
    association whatever the segment says."""
    assoc = _ids(segment.get("associations"))
    if association_id is not None:
        assoc = [association_id]
    rows: list[tuple[str, str, str]]
    if audience == Mailing.Audience.MEMBERS:
        rows = directory_selectors.member_contacts(
            association_ids=assoc or None, industry_ids=_ids(segment.get("industries")),
            district_ids=_ids(segment.get("districts")))
    elif audience == Mailing.Audience.OFFICE_BEARERS:
        positions = [p for p in segment.get("positions") or [] if p in OfficeBearer.Position.values]
        rows = directory_selectors.office_bearer_contacts(association_ids=assoc or None, positions=positions)
    elif audience == Mailing.Audience.EVENT_PARTICIPANTS:
        event_ids = _ids([segment.get("event")])
        rows = events_selectors.event_participant_contacts(event_ids[0]) if event_ids else []
    elif audience == Mailing.Audience.FESTIVAL_MERCHANTS:
        edition_ids = _ids([segment.get("edition")])
        rows = festival_selectors.merchant_contacts(edition_ids[0] if edition_ids else None)
    else:
        rows = []
    seen: dict[str, Recipient] = {}
    for email, name, language in rows:
        key = normalise_email(email)
        if key and key not in seen:
            seen[key] = Recipient(key, (name or "")[:200], _language(language))
    return list(seen.values())


def mailing_recipients(mailing: Mailing) -> list[Recipient]:
    return resolve_segment(audience=mailing.audience, segment=mailing.segment or {},
                           association_id=mailing.association_id)


def blocked_addresses(emails: list[str], *, topic: Topic) -> dict[str, str]:
    """Address → skip reason (Delivery.Skip) for addresses that must not get this topic now."""
    out: dict[str, str] = {}
    for start in range(0, len(emails), 900):
        chunk = emails[start:start + 900]
        for email, _topic_id, reason in Suppression.objects.filter(email__in=chunk).filter(
                Q(topic__isnull=True) | Q(topic=topic)).values_list("email", "topic_id", "reason"):
            if reason in (Suppression.Reason.BOUNCED, Suppression.Reason.COMPLAINED):
                out[email] = Delivery.Skip.BOUNCED
            else:
                out.setdefault(email, Delivery.Skip.UNSUBSCRIBED)
        if topic.promotional:
            consented = set(MarketingConsent.objects.filter(email__in=chunk, withdrawn_at__isnull=True)
                            .values_list("email", flat=True))
            for email in chunk:
                if email not in consented:
                    out.setdefault(email, Delivery.Skip.NO_CONSENT)
    return out


def mailing_preview(mailing: Mailing) -> dict[str, Any]:
    """How many would get it now, in which language, and how many are left out and why."""
    recipients = mailing_recipients(mailing)
    blocked = blocked_addresses([r.email for r in recipients], topic=mailing.topic)
    sending = [r for r in recipients if r.email not in blocked]
    by_language = Counter(r.language for r in sending)
    skipped = Counter(blocked.values())
    return {
        "total": len(recipients), "sending": len(sending),
        "by_language": [(code, by_language.get(code, 0)) for code in LANGUAGE_CODES],
        "skipped": [(reason, label, skipped.get(reason, 0)) for reason, label in Delivery.Skip.choices],
        "sample": sending[:5],
    }


def mailing_report(mailing: Mailing) -> dict[str, Any]:
    counts = dict(mailing.deliveries.values_list("status").annotate(n=Count("pk")).order_by())
    agg = mailing.deliveries.aggregate(opened=Count("pk", filter=Q(opened_at__isnull=False)),
                                       clicked=Count("pk", filter=Q(clicked_at__isnull=False)))
    delivered = counts.get(Delivery.Status.SENT, 0)
    reached = delivered + counts.get(Delivery.Status.BOUNCED, 0)
    languages = dict(mailing.deliveries.filter(status__in=("sent", "bounced")).values_list("language")
                     .annotate(n=Count("pk")).order_by())
    skips = dict(mailing.deliveries.filter(status=Delivery.Status.SKIPPED).values_list("skip_reason")
                 .annotate(n=Count("pk")).order_by())
    return {
        "sent": reached, "delivered": delivered, "bounced": counts.get(Delivery.Status.BOUNCED, 0),
        "failed": counts.get(Delivery.Status.FAILED, 0), "pending": counts.get(Delivery.Status.PENDING, 0),
        "skipped": counts.get(Delivery.Status.SKIPPED, 0),
        "interrupted": counts.get(Delivery.Status.INTERRUPTED, 0),
        "skips": [(label, skips.get(reason, 0)) for reason, label in Delivery.Skip.choices],
        "opened": agg["opened"], "clicked": agg["clicked"],
        "open_rate": round(100 * agg["opened"] / reached) if reached else 0,
        "by_language": [(code, languages.get(code, 0)) for code in LANGUAGE_CODES],
    }


def mailings_for_user(user: Any) -> QuerySet[Mailing]:
    qs = Mailing.objects.select_related("topic", "association").order_by("-created_at", "-pk")
    scope = sender_association_ids(user)
    return qs if scope is None else qs.filter(association_id__in=scope)


def topics() -> QuerySet[Topic]:
    return Topic.objects.order_by("sort", "pk")


def topic_by_slug(slug: str) -> Topic | None:
    return Topic.objects.filter(slug=slug).first()


def segment_choices(user: Any) -> dict[str, Any]:
    scope = sender_association_ids(user)
    associations = directory_selectors.association_list()
    if scope is not None:
        associations = associations.filter(pk__in=scope)
    return {
        "associations": list(associations.filter(kind=Association.Kind.MEMBER) if scope is None else associations),
        "industries": list(Industry.objects.filter(parent__isnull=True).order_by("sort", "code")),
        "districts": list(Place.objects.filter(kind=Place.Kind.HK_DISTRICT).order_by("sort", "code")),
        "positions": list(OfficeBearer.Position.choices),
        "events": events_selectors.events_for_mailing() if scope is None else [],
        "editions": festival_selectors.editions_for_mailing() if scope is None else [],
    }


def delivery_by_token(token: str) -> Delivery | None:
    return Delivery.objects.select_related("mailing__topic").filter(token=str(token)[:32]).first()


def preferences_state(email: str) -> dict[str, Any]:
    email = normalise_email(email)
    suppressed = set(Suppression.objects.filter(email=email, topic__isnull=False).values_list("topic_id", flat=True))
    global_block = Suppression.objects.filter(email=email, topic__isnull=True).first()
    consent = MarketingConsent.objects.filter(email=email).first()
    return {
        "email": email,
        "topics": [(t, t.pk not in suppressed) for t in topics()],
        "global_block": global_block,
        "marketing": bool(consent and consent.active),
        "consent": consent,
    }


def due_mailing_ids(now: Any) -> list[int]:
    return list(Mailing.objects.filter(status=Mailing.Status.SCHEDULED, send_at__lte=now).values_list("pk", flat=True))


def dashboard_counts(user: Any) -> dict[str, int]:
    qs = mailings_for_user(user)
    return {"drafts": qs.filter(status=Mailing.Status.DRAFT).count(),
            "scheduled": qs.filter(status__in=(Mailing.Status.SCHEDULED, Mailing.Status.SENDING)).count()}
