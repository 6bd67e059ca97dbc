"""incubation API: /api/v1/incubation/… — the same access helpers and selectors as the pages."""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.security import django_auth

from shanglian.core.api_errors import ErrorOut
from shanglian.incubation import access, selectors, services

router = Router()


class CallOut(Schema):
    slug: str
    title: str
    base: str
    opens_at: datetime.datetime
    closes_at: datetime.datetime
    time_zone: str
    quota: int
    is_open: bool
    eligibility: list[dict]


class ApplicationOut(Schema):
    id: int
    call: str
    project_name: str
    status: str
    reference: str
    submitted_at: datetime.datetime | None
    eligible: bool | None


def _call(c) -> dict:
    return {
        "slug": c.slug,
        "title": c.title_zh_hant,
        "base": c.programme.base,
        "opens_at": c.opens_at,
        "closes_at": c.closes_at,
        "time_zone": c.time_zone,
        "quota": c.quota,
        "is_open": services.call_is_open(c),
        "eligibility": c.eligibility,
    }


def _application(a) -> dict:
    return {
        "id": a.pk,
        "call": a.call.slug,
        "project_name": a.project_name,
        "status": a.status,
        "reference": a.reference,
        "submitted_at": a.submitted_at,
        "eligible": a.is_eligible,
    }


@router.get("/calls", response=list[CallOut], operation_id="incubation_calls")
def calls(request: HttpRequest):
    return [_call(c) for c in selectors.published_calls()[:100]]


@router.get(
    "/applications",
    response={200: list[ApplicationOut], 401: ErrorOut},
    auth=django_auth,
    operation_id="incubation_my_applications",
)
def my_applications(request: HttpRequest):
    return [_application(a) for a in selectors.my_applications(request.user)[:200]]


@router.get(
    "/applications/{application_id}",
    response={200: ApplicationOut, 401: ErrorOut, 404: ErrorOut},
    auth=django_auth,
    operation_id="incubation_application",
)
def application(request: HttpRequest, application_id: int):
    return _application(access.application_for_user(request.user, application_id))
