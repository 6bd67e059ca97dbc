"""customs API: /api/v1/customs/… — the declaration agent's inbox and receipts, and declaration status.

Session authentication (the agent's account; CSRF for writes), the same access helpers as the pages:
- ``GET  agent/inbox`` → ready declarations of your agents
- ``POST agent/bundles`` {agent_id} → 201 {id, count}; ``GET agent/bundles/{id}`` → the zip
- ``POST agent/receipts`` (body: one CEB312/512/622/624/626 XML, ≤ 2 MB) → {count, items}; a hostile,
  malformed or schema-invalid receipt → 400 {code: receipt_…, message}, nothing written
- ``GET  declarations/{id}`` → status, problems and timeline
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.security import django_auth

from shanglian.core.api_errors import ErrorOut as Error
from shanglian.customs import access, selectors, services

router = Router()


class DeclarationRow(Schema):
    id: int
    guid: str
    order_no: str
    mode: str
    status: str
    agent_id: int | None = None
    paid: str


class TimelineOut(Schema):
    at: datetime.datetime
    event: str
    status: str
    detail: str


class DeclarationOut(DeclarationRow):
    problems: list[str]
    invt_no: str
    timeline: list[TimelineOut]


class BundleIn(Schema):
    agent_id: int


class BundleOut(Schema):
    id: int
    count: int
    agent_id: int | None = None


class ReceiptOut(Schema):
    declaration_id: int
    kind: str
    return_status: str
    return_info: str


class ReceiptList(Schema):
    count: int
    items: list[ReceiptOut]


def _row(d) -> dict:
    return {"id": d.pk, "guid": str(d.guid), "order_no": d.order_no, "mode": d.mode, "status": d.status,
            "agent_id": d.agent_id, "paid": str(d.paid)}


@router.get("/agent/inbox", response=list[DeclarationRow], auth=django_auth,
            summary="Ready declarations waiting for your agents")
def agent_inbox(request: HttpRequest):
    access.require_agent_access(request.user)
    return [_row(d) for d in selectors.inbox_of(access.agents_for_user(request.user))[:500]]


@router.post("/agent/bundles", response={201: BundleOut}, auth=django_auth,
             summary="Bundle every ready declaration of one agent (zip of XML + manifest.json)")
def create_bundle(request: HttpRequest, payload: BundleIn):
    access.require_agent_access(request.user)
    agent = access.agent_for_user(request.user, payload.agent_id)
    bundle = services.bundle_create(actor=request.user, agent=agent)
    return Status(201, {"id": bundle.pk, "count": bundle.count, "agent_id": bundle.agent_id})


@router.get("/agent/bundles/{bundle_id}", auth=django_auth, summary="Download a bundle (application/zip)")
def download_bundle(request: HttpRequest, bundle_id: int):
    bundle = access.bundle_for_user(request.user, bundle_id)
    services.bundle_mark_downloaded(actor=request.user, bundle=bundle)
    response = HttpResponse(bytes(bundle.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="customs-bundle-{bundle.pk}.zip"'
    return response


@router.post("/agent/receipts", response=ReceiptList, auth=django_auth,
             summary="Import one customs receipt message (raw XML body)")
def import_receipt(request: HttpRequest):
    access.require_agent_access(request.user)
    if not getattr(request.user, "is_authenticated", False):
        raise PermissionDenied
    receipts = services.receipt_import(actor=request.user, data=request.body[: 2 * 1024 * 1024 + 1],
                                       agent=access.receipt_agent(request.user))
    return {"count": len(receipts), "items": [
        {"declaration_id": r.declaration_id, "kind": r.kind, "return_status": r.return_status,
         "return_info": r.return_info} for r in receipts]}


@router.get("/declarations/{declaration_id}", response=DeclarationOut, auth=django_auth,
            summary="A declaration's status, problems and timeline")
def get_declaration(request: HttpRequest, declaration_id: int):
    d = access.declaration_for_user(request.user, declaration_id)
    return {**_row(d), "invt_no": d.invt_no, "problems": [p.message for p in services.declaration_problems(d)],
            "timeline": [{"at": t.at, "event": t.event, "status": t.status, "detail": t.detail}
                         for t in selectors.declaration_detail(d)["timeline"]]}


__all__ = ["Error", "router"]
