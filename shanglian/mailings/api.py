"""mailings API: /api/v1/mailings/…  The mailings a sender may see with their report (session
login), and the bounce webhook for the mail server / provider (``X-Webhook-Token`` header equal to
``MAILINGS_WEBHOOK_TOKEN``, or a secretariat session)."""

from __future__ import annotations

import datetime
import hmac

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import APIKeyHeader, django_auth

from shanglian.core.api_errors import ErrorOut
from shanglian.core.params import id_param, page_window
from shanglian.mailings import access, selectors, services
from shanglian.mailings.models import Mailing

router = Router()


class WebhookToken(APIKeyHeader):
    param_name = "X-Webhook-Token"

    def authenticate(self, request: HttpRequest, key: str | None) -> str | None:
        expected = getattr(settings, "MAILINGS_WEBHOOK_TOKEN", "") or ""
        if expected and key and hmac.compare_digest(key.encode(), expected.encode()):
            return "webhook"
        return None


class MailingOut(Schema):
    id: int
    subject_zh_hant: str
    subject_zh_hans: str
    subject_en: str
    topic: str
    promotional: bool
    association_id: int | None
    audience: str
    status: str
    send_at: datetime.datetime | None
    total: int
    processed: int


class ReportOut(Schema):
    sent: int
    delivered: int
    bounced: int
    failed: int
    pending: int
    skipped: int
    opened: int
    clicked: int


class MailingDetailOut(MailingOut):
    report: ReportOut


class BounceIn(Schema):
    email: str = ""
    kind: str = "hard"
    delivery: str = ""


class BounceOut(Schema):
    marked: int
    suppressed: int


def _mailing(m: Mailing) -> dict:
    return {"id": m.pk, "subject_zh_hant": m.subject_zh_hant, "subject_zh_hans": m.subject_zh_hans,
            "subject_en": m.subject_en, "topic": m.topic.slug, "promotional": m.topic.promotional,
            "association_id": m.association_id, "audience": m.audience, "status": m.status, "send_at": m.send_at,
            "total": m.total, "processed": m.processed}


@router.get("/", response={200: list[MailingOut], 403: ErrorOut}, auth=django_auth,
            summary="Mailings I may send or read (newest first)")
def list_mailings(request: HttpRequest, page: int = 1, page_size: int = 50):
    if not access.can_mail(request.user):
        raise PermissionDenied
    offset, size = page_window(page, page_size)
    return [_mailing(m) for m in selectors.mailings_for_user(request.user)[offset:offset + size]]


@router.get("/{int:mailing_id}", response={200: MailingDetailOut, 404: ErrorOut}, auth=django_auth,
            summary="One mailing with its report (sent, bounced, opened, clicked)")
def get_mailing(request: HttpRequest, mailing_id: int):
    mailing = access.mailing_for_user(request.user, id_param(mailing_id))
    report = selectors.mailing_report(mailing)
    return {**_mailing(mailing), "report": {k: report[k] for k in ReportOut.model_fields}}


@router.post("/bounces", response={200: BounceOut, 400: ErrorOut, 403: ErrorOut}, auth=[WebhookToken(), django_auth],
             summary="Record a bounce or complaint (mail server webhook)")
def record_bounce(request: HttpRequest, payload: BounceIn):
    if request.auth != "webhook" and not getattr(request.user, "is_staff", False):
        raise PermissionDenied
    actor = request.user if request.auth != "webhook" else None
    return services.bounce_record(email=payload.email[:254], kind=payload.kind, delivery_token=payload.delivery[:32],
                                  actor=actor)
