"""All writes of customs: declarations (prepare, bundle for the agent, receipts, cancellation,
return), the dated rules (through the admin and the staff page) and the hub.

The entry points another app (the 全港生活圈 store) calls — names are stable:

- ``declaration_check(*, order, payment, waybill, mode, year_used=0, day=None) -> list[Problem]``:
  the local customs checks, no writes.
- ``declaration_prepare(*, actor, order, payment, waybill, mode, source, source_ref, ...) -> Declaration``:
  checks, builds and schema-validates the XML messages and stores them. ``strict=True`` raises a
  ``DomainError`` listing the problems and writes nothing.
- ``declaration_cancel`` (CEB623) and ``declaration_refund`` (CEB625).
- ``register_status_listener(callback)``: ``callback(change: StatusChange)`` runs after the commit
  of every status change (receipts, export, cancellation), so a store's orders follow customs
  without customs importing the store.
"""

from __future__ import annotations

import datetime
import io
import json
import logging
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError, NotFound
from shanglian.customs import messages as ceb
from shanglian.customs.documents import (
    MODES,
    Declarant,
    OrderDoc,
    OrderLine,
    PaymentDoc,
    WaybillDoc,
    declarant_from_dict,
    order_from_dict,
    to_dict,
    waybill_from_dict,
)
from shanglian.customs.models import Bundle, Declaration, Message, Partner, Receipt, TimelineEntry
from shanglian.customs.rules import Problem, check_order
from shanglian.customs.selectors import rules_snapshot

log = logging.getLogger(__name__)
S = Declaration.Status


# ------------------------------------------------------------------------------ status listeners

@dataclass(frozen=True)
class StatusChange:
    declaration_id: int
    guid: str
    source: str
    source_ref: str
    order_no: str
    old: str
    new: str
    return_status: str = ""
    return_info: str = ""
    invt_no: str = ""


_listeners: list[Callable[[StatusChange], None]] = []


def register_status_listener(callback: Callable[[StatusChange], None]) -> None:
    """``callback(change)`` after each committed status change of any declaration (idempotent)."""
    if callback not in _listeners:
        _listeners.append(callback)


def unregister_status_listener(callback: Callable[[StatusChange], None]) -> None:
    if callback in _listeners:
        _listeners.remove(callback)


def _notify(change: StatusChange) -> None:
    for callback in list(_listeners):
        try:
            callback(change)
        except Exception:  # a listener's failure must not undo customs' committed state
            log.exception("customs status listener %r failed", callback)


def _set_status(declaration: Declaration, new: str, *, actor: Any, event: str, detail: str = "",
                return_status: str = "", return_info: str = "") -> None:
    old = declaration.status
    declaration.status = new
    TimelineEntry.objects.create(declaration=declaration, event=event, status=new, detail=detail[:1000],
                                 actor=actor if getattr(actor, "is_authenticated", False) else None)
    if old != new:
        change = StatusChange(declaration_id=declaration.pk, guid=str(declaration.guid), source=declaration.source,
                              source_ref=declaration.source_ref, order_no=declaration.order_no, old=old, new=new,
                              return_status=return_status, return_info=return_info, invt_no=declaration.invt_no)
        transaction.on_commit(lambda: _notify(change))


# ------------------------------------------------------------------------------ prepare

def declaration_check(*, order: OrderDoc, payment: PaymentDoc | None, waybill: WaybillDoc | None, mode: str,
                      year_used: Decimal = Decimal(0), day: datetime.date | None = None,
                      three_documents: bool = True) -> list[Problem]:
    """The local customs checks for one order (no writes)."""
    return check_order(order, rules_snapshot(day), year_used=year_used, payment=payment, waybill=waybill, mode=mode,
                       three_documents=three_documents)


def problems_error(problems: list[Problem]) -> DomainError:
    fields: dict[str, list[str]] = {}
    for p in problems:
        key = f"line{p.line}.{p.field}" if p.line else (p.field or "order")
        fields.setdefault(key, []).append(p.message)
    return DomainError("customs_check", " ".join(p.message for p in problems[:5]), fields=fields,
                       problems=[p.as_dict() for p in problems])


def _messages_for(declaration: Declaration, order: OrderDoc, payment: PaymentDoc | None, waybill: WaybillDoc | None,
                  declarant: Declarant) -> tuple[list[tuple[str, bytes]], list[Problem]]:
    built: list[tuple[str, bytes]] = []
    problems: list[Problem] = []
    roots = [("CEB311", ceb.order_message(order, payment, declarant=declarant))]
    if waybill is not None:
        roots.append(("CEB511", ceb.waybill_message(waybill, declarant=declarant)))
        if declarant_complete(declarant):  # else built when the agent bundles it
            roots.append(("CEB621", ceb.inventory_message(order, waybill, mode=declaration.mode, declarant=declarant,
                                                          cop_no=declaration.cop_no)))
    for kind, root in roots:
        errors = ceb.validate(kind, root)
        for error in errors[:5]:
            problems.append(Problem("schema", kind, params={"kind": kind, "error": error}))
        built.append((kind, ceb.to_bytes(root)))
    return built, problems


def _declarant_for(agent: Partner | None, declarant: Declarant | None) -> Declarant:
    d = declarant or Declarant()
    if agent is not None:
        d.agentCode = d.agentCode or agent.customs_code
        d.agentName = d.agentName or (agent.name_zh_hans or agent.name_zh_hant)
        d.customsCode = d.customsCode or agent.customs_district
        d.portCode = d.portCode or d.customsCode
    d.copCode = d.copCode or d.agentCode
    d.copName = d.copName or d.agentName
    return d


def declarant_complete(d: Declarant) -> bool:
    """CEB621 needs the filing agent and the customs district."""
    return bool(d.agentCode and d.agentName and d.customsCode)


def _inventory_for_bundle(declaration: Declaration, agent: Partner) -> Message | None:
    """Build the CEB621 of a declaration at hand-over when it was prepared without the agent's data."""
    if declaration.waybill_doc is None or declaration.messages.filter(kind="CEB621").exists():
        return None
    declarant = _declarant_for(agent, declarant_from_dict(declaration.declarant))
    if not declarant_complete(declarant):
        raise DomainError("agent_incomplete", _("申報代理未填寫海關編碼或申報關區，未能生成清單（CEB621）。"))
    root = ceb.inventory_message(order_from_dict(declaration.order_doc), waybill_from_dict(declaration.waybill_doc),
                                 mode=declaration.mode, declarant=declarant, cop_no=declaration.cop_no)
    errors = ceb.validate("CEB621", root)
    if errors:
        raise DomainError("schema", _("訂單 %(no)s 的清單（CEB621）不符合規範：%(e)s")
                          % {"no": declaration.order_no, "e": errors[0]})
    declaration.declarant = to_dict(declarant)
    declaration.save(update_fields=["declarant"])
    return Message.objects.create(declaration=declaration, kind="CEB621", xml=ceb.to_bytes(root).decode("utf-8"))


def new_cop_no() -> str:
    return "SL" + uuid.uuid4().hex[:18].upper()


@transaction.atomic
def declaration_prepare(*, actor: Any, order: OrderDoc, payment: PaymentDoc | None, waybill: WaybillDoc | None,
                        mode: str, source: str, source_ref: str, enterprise: Any = None, agent: Partner | None = None,
                        declarant: Declarant | None = None, year_used: Decimal = Decimal(0), strict: bool = False,
                        day: datetime.date | None = None) -> Declaration:
    """Check an order with its payment and waybill, build and validate CEB311 (+ CEB511 and CEB621 when
    there is a waybill) and store them. A new order makes a new declaration; the same (ebcCode,
    orderNo) again replaces the earlier one while it has not gone to the agent (else ``Conflict``).
    With problems the declaration is stored as "未通過檢查" with them — or, ``strict=True``, nothing is
    written and a ``DomainError`` lists them."""
    if source not in Declaration.Source.values:
        raise DomainError("source", _("來源無效。"))
    if mode not in MODES:
        raise DomainError("mode", _("進口模式無效：只可 9610 或 1210。"))
    declarant = _declarant_for(agent, declarant)
    problems = declaration_check(order=order, payment=payment, waybill=waybill, mode=mode, year_used=year_used,
                                 day=day, three_documents=True)
    existing = (Declaration.objects.select_for_update().filter(ebc_code=order.ebcCode, order_no=order.orderNo)
                .first())
    if existing is not None and existing.status not in (S.INVALID, S.READY):
        raise Conflict("declared", _("訂單 %(no)s 已交代理申報，不能再修改；請先撤銷。") % {"no": order.orderNo})
    declaration = existing or Declaration(cop_no=new_cop_no())
    declaration.mode, declaration.source, declaration.source_ref = mode, source, source_ref[:80]
    declaration.order_no, declaration.ebc_code = order.orderNo[:60], order.ebcCode[:18]
    declaration.enterprise = enterprise or declaration.enterprise
    declaration.agent = agent or declaration.agent
    declaration.created_by = declaration.created_by or (actor if getattr(actor, "is_authenticated", False) else None)
    declaration.buyer_name = (order.buyerName or "")[:60]
    declaration.goods_value, declaration.tax_total = order.goodsValue, order.taxTotal
    declaration.paid = order.acturalPaid
    declaration.order_doc, declaration.payment_doc = to_dict(order), to_dict(payment)
    declaration.waybill_doc, declaration.declarant = to_dict(waybill), to_dict(declarant)
    declaration.logistics_no = waybill.logisticsNo[:60] if waybill else ""
    if not problems:
        built, schema_problems = _messages_for(declaration, order, payment, waybill, declarant)
        problems.extend(schema_problems)
    if problems and strict:
        transaction.set_rollback(True)
        raise problems_error(problems)
    declaration.problems = [p.as_dict() for p in problems]
    declaration.rules_version = rules_snapshot(day).positive_list_version
    old_status = declaration.status
    declaration.status = declaration.status or S.INVALID
    declaration.save()
    declaration.messages.all().delete()
    if not problems:
        Message.objects.bulk_create([
            Message(declaration=declaration, kind=kind, xml=xml.decode("utf-8")) for kind, xml in built])
    new = S.INVALID if problems else S.READY
    declaration.status = old_status or ""
    _set_status(declaration, new, actor=actor, event="prepared",
                detail=_("%(n)d 個問題") % {"n": len(problems)} if problems else "")
    declaration.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="customs.declaration_prepare", target=declaration,
                 changes={"status": new, "problems": len(problems), "source": source})
    return declaration


def declaration_problems(declaration: Declaration) -> list[Problem]:
    return [Problem.from_dict(p) for p in declaration.problems or []]


# ------------------------------------------------------------------------------ agent hand-over

def _manifest(declarations: list[Declaration], messages: list[Message]) -> dict[str, Any]:
    return {
        "format": "shanglian-customs-bundle/1",
        "created": timezone.now().isoformat(),
        "declarations": [{"guid": str(d.guid), "orderNo": d.order_no, "ebcCode": d.ebc_code, "copNo": d.cop_no,
                          "mode": d.mode, "logisticsNo": d.logistics_no,
                          "files": [f"{m.kind}_{m.guid}.xml" for m in messages if m.declaration_id == d.pk]}
                         for d in declarations],
    }


@transaction.atomic
def bundle_create(*, actor: Any, agent: Partner, declarations: list[Declaration] | None = None) -> Bundle:
    """Zip every message of the agent's ready declarations (or those given) with a manifest.json;
    the declarations become "已交代理"."""
    qs = Declaration.objects.select_for_update().filter(agent=agent, status=S.READY)
    if declarations is not None:
        qs = qs.filter(pk__in=[d.pk for d in declarations])
    chosen = list(qs.order_by("pk"))
    if not chosen:
        raise DomainError("empty", _("沒有待交代理的申報。"))
    for d in chosen:
        _inventory_for_bundle(d, agent)
    messages = list(Message.objects.filter(declaration__in=chosen).order_by("declaration_id", "pk"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for m in messages:
            zf.writestr(f"{m.kind}_{m.guid}.xml", m.xml.encode("utf-8"))
        zf.writestr("manifest.json", json.dumps(_manifest(chosen, messages), ensure_ascii=False, indent=2))
    bundle = Bundle.objects.create(agent=agent, created_by=actor if getattr(actor, "is_authenticated", False) else None,
                                   count=len(chosen), content=buffer.getvalue())
    Message.objects.filter(pk__in=[m.pk for m in messages]).update(bundle=bundle)
    for d in chosen:
        _set_status(d, S.EXPORTED, actor=actor, event="exported", detail=f"bundle {bundle.pk}")
        d.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="customs.bundle_create", target=bundle, changes={"count": len(chosen)})
    return bundle


@transaction.atomic
def bundle_mark_downloaded(*, actor: Any, bundle: Bundle) -> Bundle:
    if bundle.downloaded_at is None:
        Bundle.objects.filter(pk=bundle.pk, downloaded_at__isnull=True).update(downloaded_at=timezone.now())
        bundle.refresh_from_db(fields=["downloaded_at"])
        audit_record(actor=actor, action="customs.bundle_download", target=bundle)
    return bundle


# ------------------------------------------------------------------------------ receipts

RECEIPT_ERRORS = {
    "too_large": gettext_lazy("回執檔案太大（上限 2 MB）。"),
    "encoding": gettext_lazy("回執必須是 UTF-8 編碼的 XML。"),
    "doctype": gettext_lazy("回執含有 DOCTYPE 或實體宣告，基於安全理由拒絕處理。"),
    "syntax": gettext_lazy("回執不是格式正確的 XML。"),
    "unknown_root": gettext_lazy("這不是海關回執（CEB312、CEB512、CEB622、CEB624 或 CEB626）。"),
    "schema": gettext_lazy("回執不符合報文規範。"),
}


def receipt_error(exc: ceb.MessageError) -> DomainError:
    message = str(RECEIPT_ERRORS.get(exc.code, RECEIPT_ERRORS["syntax"]))
    if exc.detail and exc.code in ("schema", "syntax"):
        message = f"{message} ({exc.detail[:300]})"
    return DomainError(f"receipt_{exc.code}", message)


def _target(data: ceb.ReceiptData, agent: Partner | None) -> Declaration:
    qs = Declaration.objects.select_for_update()
    if agent is not None:
        qs = qs.filter(agent=agent)
    if data.kind == "CEB312":
        found = qs.filter(ebc_code=data.ebc_code, order_no=data.order_no).first()
        ref = data.order_no
    elif data.kind == "CEB512":
        found = qs.filter(logistics_no=data.logistics_no).first()
        ref = data.logistics_no
    else:
        found = qs.filter(cop_no=data.cop_no).first()
        ref = data.cop_no
    if found is None:
        raise NotFound("receipt_unknown",
                       _("回執 %(kind)s 指向未知的申報（%(ref)s）。") % {"kind": data.kind, "ref": ref})
    return found


# returnStatus → new status, per receipt kind (others: only a timeline entry)
_TRANSITIONS: dict[str, dict[str, str]] = {
    "CEB312": {"120": S.ACCEPTED, "100": S.REJECTED},
    "CEB512": {"120": S.ACCEPTED, "100": S.REJECTED},
    "CEB622": {"120": S.ACCEPTED, "800": S.RELEASED, "899": S.RELEASED, "100": S.REJECTED},
    "CEB624": {"800": S.CANCELLED, "100": S.RELEASED, "120": S.CANCEL_REQUESTED},
    "CEB626": {"800": S.REFUNDED, "100": S.RELEASED, "120": S.REFUND_REQUESTED},
}
_RANK = {S.INVALID: 0, S.READY: 1, S.EXPORTED: 2, S.ACCEPTED: 3, S.REJECTED: 4, S.RELEASED: 5}


def _next_status(declaration: Declaration, kind: str, status: str) -> str:
    target = _TRANSITIONS.get(kind, {}).get(status)
    current = declaration.status
    if target is None:
        return current
    if kind in ("CEB624", "CEB626"):
        return target
    if current in (S.CANCEL_REQUESTED, S.CANCELLED, S.REFUND_REQUESTED, S.REFUNDED):
        return current
    if target == S.REJECTED:
        return current if current == S.RELEASED else target
    # never move back (a late 120 after 800 stays released)
    return target if _RANK.get(target, 0) >= _RANK.get(current, 0) else current


@transaction.atomic
def receipt_import(*, actor: Any, data: bytes, agent: Partner | None = None) -> list[Receipt]:
    """Import one receipt message: all of it or nothing. A malformed, hostile or schema-invalid
    message, or one naming a declaration we (or this agent) do not have, raises a translated
    ``DomainError`` and writes nothing. A receipt imported twice is recorded once."""
    try:
        items = ceb.parse_receipt(data)
    except ceb.MessageError as exc:
        raise receipt_error(exc) from exc
    text = data.decode("utf-8-sig")
    out: list[Receipt] = []
    for item in items:
        declaration = _target(item, agent)
        receipt, created = Receipt.objects.get_or_create(
            declaration=declaration, kind=item.kind, guid=item.guid[:40], return_status=item.return_status[:8],
            defaults={"return_time": item.return_time[:20], "return_info": item.return_info[:1000], "xml": text,
                      "imported_by": actor if getattr(actor, "is_authenticated", False) else None})
        out.append(receipt)
        if not created:
            continue
        if item.invt_no and not declaration.invt_no:
            declaration.invt_no = item.invt_no[:40]
        new = _next_status(declaration, item.kind, item.return_status)
        if new == S.RELEASED and declaration.released_at is None:
            declaration.released_at = timezone.now()
        _set_status(declaration, new, actor=actor, event=f"{item.kind}:{item.return_status}",
                    detail=item.return_info, return_status=item.return_status, return_info=item.return_info)
        declaration.save(update_fields=["status", "invt_no", "released_at", "updated_at"])
    audit_record(actor=actor, action="customs.receipt_import", target_type="customs.receipt",
                 target_repr=", ".join(f"{i.kind}:{i.return_status}" for i in items)[:300],
                 changes={"count": len(items)})
    return out


# ------------------------------------------------------------------------------ cancellation and return

REFUND_DAYS = 30


def _docs(declaration: Declaration) -> tuple[OrderDoc, WaybillDoc, Declarant]:
    order = order_from_dict(declaration.order_doc)
    waybill = waybill_from_dict(declaration.waybill_doc)
    if waybill is None:
        raise DomainError("no_waybill", _("這份申報沒有運單，不能撤銷或退貨。"))
    return order, waybill, declarant_from_dict(declaration.declarant)


def _store_message(declaration: Declaration, kind: str, root: Any) -> Message:
    errors = ceb.validate(kind, root)
    if errors:
        raise DomainError("schema", _("報文不符合規範：%(e)s") % {"e": errors[0]})
    return Message.objects.create(declaration=declaration, kind=kind, xml=ceb.to_bytes(root).decode("utf-8"))


@transaction.atomic
def declaration_cancel(*, actor: Any, declaration: Declaration, reason: str) -> Message:
    """CEB623: ask customs to cancel an inventory list it has accepted or released."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    if declaration.status not in (S.ACCEPTED, S.RELEASED) or not declaration.invt_no:
        raise Conflict("not_cancellable", _("只可撤銷海關已接收或已放行、並有清單編號的申報。"))
    if not (reason or "").strip():
        raise DomainError("reason", _("請填寫撤銷原因。"), fields={"reason": _("必填。")})
    order, waybill, declarant = _docs(declaration)
    message = _store_message(declaration, "CEB623", ceb.cancel_message(
        order, waybill, declarant=declarant, cop_no=declaration.cop_no, invt_no=declaration.invt_no,
        reason=reason.strip()[:1000]))
    _set_status(declaration, S.CANCEL_REQUESTED, actor=actor, event="cancel", detail=reason.strip())
    declaration.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="customs.declaration_cancel", target=declaration, changes={"reason": reason})
    return message


@transaction.atomic
def declaration_refund(*, actor: Any, declaration: Declaration, reason: str,
                       lines: list[tuple[int, Decimal]] | None = None, now: datetime.datetime | None = None) -> Message:
    """CEB625: a return of released goods within 30 days of release (restores tax and quota once
    customs accepts it). ``lines``: (gnum, qty) returned; default every line in full."""
    declaration = Declaration.objects.select_for_update().get(pk=declaration.pk)
    now = now or timezone.now()
    # REFUNDED too: a further partial return of what an earlier partial return left (the store
    # counts the units returned per line; the 30 days run from release either way).
    if declaration.status not in (S.RELEASED, S.REFUNDED) or not declaration.invt_no:
        raise Conflict("not_refundable", _("只可為已放行的申報辦理退貨。"))
    if declaration.released_at and now - declaration.released_at > datetime.timedelta(days=REFUND_DAYS):
        raise Conflict("refund_late", _("放行已超過 %(days)d 日，不能再申報退貨。") % {"days": REFUND_DAYS})
    if not (reason or "").strip():
        raise DomainError("reason", _("請填寫退貨原因。"), fields={"reason": _("必填。")})
    order, waybill, declarant = _docs(declaration)
    by_gnum: dict[int, OrderLine] = {line.gnum: line for line in order.lines}
    chosen = None
    if lines:
        chosen = []
        for gnum, qty in lines:
            line = by_gnum.get(gnum)
            if line is None or not (0 < Decimal(qty) <= Decimal(line.qty)):
                raise DomainError("refund_line", _("退貨項目或數量無效（第 %(n)s 項）。") % {"n": gnum})
            chosen.append((line, Decimal(qty)))
    message = _store_message(declaration, "CEB625", ceb.refund_message(
        order, waybill, declarant=declarant, cop_no=declaration.cop_no, invt_no=declaration.invt_no,
        reason=reason.strip()[:1000], lines=chosen))
    _set_status(declaration, S.REFUND_REQUESTED, actor=actor, event="refund", detail=reason.strip())
    declaration.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="customs.declaration_refund", target=declaration, changes={"reason": reason})
    return message


@transaction.atomic
def declaration_assign_agent(*, actor: Any, declaration: Declaration, agent: Partner) -> Declaration:
    if agent.kind != Partner.Kind.AGENT or not agent.is_active:
        raise DomainError("agent", _("請選擇有效的申報代理。"))
    if declaration.status not in (S.INVALID, S.READY):
        raise Conflict("declared", _("已交代理的申報不能更換代理。"))
    declaration.agent = agent
    declaration.save(update_fields=["agent", "updated_at"])
    audit_record(actor=actor, action="customs.declaration_assign_agent", target=declaration,
                 changes={"agent": agent.pk})
    return declaration


# ------------------------------------------------------------------------------ the workbench

@transaction.atomic
def batch_create(*, actor: Any, enterprise: Any, filename: str, data: bytes, mode: str, ebp: tuple[str, str],
                 ebc: tuple[str, str], agent: Partner | None = None) -> Any:
    """Parse and check an uploaded sheet; store the preview (nothing is declared yet)."""
    from shanglian.customs import workbench
    from shanglian.customs.models import WorkbenchBatch

    if mode not in MODES:
        raise DomainError("mode", _("進口模式無效：只可 9610 或 1210。"))
    rows = workbench.parse_rows(data)
    orders, problems = workbench.validate(rows, snapshot=rules_snapshot(), mode=mode, ebp=ebp, ebc=ebc)
    batch = WorkbenchBatch.objects.create(enterprise=enterprise, uploaded_by=actor, filename=filename[:200], mode=mode,
                                          orders=orders, row_problems=problems)
    if agent is not None:
        batch.orders = [{**o, "agent": agent.pk} for o in orders]
        batch.save(update_fields=["orders"])
    audit_record(actor=actor, action="customs.batch_create", target=batch,
                 changes={"orders": len(orders), "problems": len(problems)})
    return batch


@transaction.atomic
def batch_commit(*, actor: Any, batch: Any) -> list[Declaration]:
    """Declare every order of a clean batch, all or nothing."""
    from shanglian.customs.documents import payment_from_dict
    from shanglian.customs.models import WorkbenchBatch

    batch = WorkbenchBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != WorkbenchBatch.Status.PREVIEW:
        raise Conflict("committed", _("這批訂單已建立申報。"))
    if batch.row_problems:
        raise DomainError("problems", _("請先修正檔案中的問題，再重新上載。"))
    made = []
    for item in batch.orders:
        agent = Partner.objects.filter(pk=item.get("agent"), kind=Partner.Kind.AGENT).first() if item.get("agent") \
            else None
        made.append(declaration_prepare(
            actor=actor, order=order_from_dict(item["order"]), payment=payment_from_dict(item["payment"]),
            waybill=waybill_from_dict(item["waybill"]), mode=batch.mode, source=Declaration.Source.WORKBENCH,
            source_ref=f"batch-{batch.pk}", enterprise=batch.enterprise, agent=agent, strict=True))
    batch.status = WorkbenchBatch.Status.COMMITTED
    batch.save(update_fields=["status"])
    audit_record(actor=actor, action="customs.batch_commit", target=batch, changes={"declarations": len(made)})
    return made


# ------------------------------------------------------------------------------ B2B export dossier

@transaction.atomic
def dossier_create(*, actor: Any, enterprise: Any, values: dict[str, Any], lines: list[dict[str, Any]]) -> Any:
    from shanglian.customs.models import ExportDossier

    if not lines:
        raise DomainError("lines", _("請最少填寫一項貨物。"), fields={"lines": _("請最少填寫一項貨物。")})
    if ExportDossier.objects.filter(enterprise=enterprise, contract_no=values.get("contract_no", "")).exists():
        raise Conflict("contract", _("此合同號已有檔案。"), fields={"contract_no": _("此合同號已有檔案。")})
    dossier = ExportDossier(enterprise=enterprise, created_by=actor, lines=lines, **values)
    dossier.full_clean()
    dossier.save()
    audit_record(actor=actor, action="customs.dossier_create", target=dossier, changes={"lines": len(lines)})
    return dossier


# ------------------------------------------------------------------------------ the hub and matching

@transaction.atomic
def partner_publish(*, actor: Any, partner: Partner) -> int:
    """Offer a partner's services in matchmaking, through matching's public services: a published
    "提供服務" opportunity of the partner's member enterprise (the secretariat approves at once)."""
    from shanglian.matching import services as matching

    if not getattr(actor, "is_staff", False):
        raise DomainError("forbidden", _("只有秘書處可以發佈。"), status=403)
    if partner.enterprise is None:
        raise DomainError("no_enterprise", _("這個夥伴不是屬會企業，未能發佈到商機配對。"))
    if partner.opportunity_id:
        return partner.opportunity_id
    description = (partner.description_zh_hant or partner.name_zh_hant)
    description = f"{description}\n{partner.get_kind_display()} · {partner.get_city_display()} · {partner.modes}"
    title = f"{partner.get_kind_display()}：{partner.name_zh_hant}"[:120]
    values = {"kind": "offer", "subtype": "service", "title": title,
              "description": description, "target_regions": ["mainland", "gba"]}
    if partner.enterprise.industry_id:
        values["industry"] = partner.enterprise.industry
    opportunity = matching.opportunity_create(actor=actor, enterprise=partner.enterprise, values=values, submit=True)
    matching.opportunity_approve(actor=actor, opportunity=opportunity)
    partner.opportunity_id = opportunity.pk
    partner.save(update_fields=["opportunity_id"])
    audit_record(actor=actor, action="customs.partner_publish", target=partner, changes={"opportunity": opportunity.pk})
    return opportunity.pk


# ------------------------------------------------------------------------------ the secretariat's rules

@transaction.atomic
def limit_rule_add(*, actor: Any, values: dict[str, Any]) -> Any:
    """A new limits row from ``valid_from``; the row in force before it ends the day before."""
    from shanglian.customs.models import LimitRule

    if not getattr(actor, "is_staff", False):
        raise DomainError("forbidden", _("只有秘書處可以修改規則。"), status=403)
    start = values["valid_from"]
    if LimitRule.objects.filter(valid_from=start).exists():
        raise Conflict("exists", _("已有同一生效日期的規則。"), fields={"valid_from": _("已有同一生效日期的規則。")})
    previous = (LimitRule.objects.select_for_update().filter(valid_from__lt=start)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).order_by("-valid_from").first())
    later = LimitRule.objects.filter(valid_from__gt=start).order_by("valid_from").first()
    if previous is not None:
        previous.valid_to = start - datetime.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
    rule = LimitRule(**values)
    if later is not None:
        rule.valid_to = later.valid_from - datetime.timedelta(days=1)
    rule.full_clean()
    rule.save()
    audit_record(actor=actor, action="customs.limit_rule_add", target=rule,
                 changes={"valid_from": str(start), "per_order_limit": str(rule.per_order_limit),
                          "annual_limit": str(rule.annual_limit)})
    return rule


# ------------------------------------------------------------------------------ positive-list versions
def _require_staff(actor: Any) -> None:
    if not getattr(actor, "is_staff", False):
        raise DomainError("forbidden", _("只有秘書處可以修改規則。"), status=403)


@transaction.atomic
def positive_list_import_create(*, actor: Any, filename: str, data: bytes, code: str, title: str,
                                valid_from: datetime.date, source: str = "") -> Any:
    """Parse and check an official positive-list file; store the preview (nothing in force yet).
    A file that cannot be read at all raises a translated ``PositiveListRefused``."""
    from shanglian.customs import positive_import
    from shanglian.customs.models import PositiveListImport, PositiveListVersion

    _require_staff(actor)
    code = (code or "").strip()
    errors: dict[str, str] = {}
    if not code or PositiveListVersion.objects.filter(code=code).exists():
        errors["code"] = _("請填寫一個未用過的版本代碼（例如 2022-official）。")
    if not (title or "").strip():
        errors["title"] = _("請填寫標題。")
    if errors:
        raise DomainError("invalid", _("請更正以下資料。"), fields=errors)
    rows = positive_import.parse(filename, data)
    items, problems = positive_import.check(rows)
    batch = PositiveListImport.objects.create(
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None, filename=(filename or "")[:200],
        code=code[:40], title_zh_hant=title.strip()[:200], source=(source or "").strip()[:300], valid_from=valid_from,
        rows=len(rows), items=items, problems=problems[:positive_import.MAX_PROBLEMS], problem_count=len(problems))
    audit_record(actor=actor, action="customs.positive_list_import", target=batch,
                 changes={"filename": batch.filename, "rows": len(rows), "problems": len(problems)})
    return batch


@transaction.atomic
def positive_list_import_commit(*, actor: Any, batch: Any) -> Any:
    """Commit a clean preview as a new ``PositiveListVersion`` from its start date: every line or
    none; the version in force before the start date ends the day before (so the new one takes
    effect on its start date, not earlier), a later version bounds the new one."""
    from shanglian.customs.models import PositiveListImport, PositiveListItem, PositiveListVersion
    from shanglian.customs.reference import hant

    _require_staff(actor)
    batch = PositiveListImport.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PositiveListImport.Status.PREVIEW:
        raise Conflict("committed", _("這個檔案已經匯入。"))
    if batch.problem_count or not batch.items:
        raise Conflict("problems", _("檔案仍有 %(n)d 個問題，請更正後重新上載。") % {"n": batch.problem_count})
    if PositiveListVersion.objects.filter(code=batch.code).exists():
        raise Conflict("code", _("版本代碼 %(code)s 已經存在。") % {"code": batch.code})
    start = batch.valid_from
    if PositiveListVersion.objects.filter(valid_from=start).exists():
        raise Conflict("exists", _("已有同一生效日期的清單版本。"))
    previous = (PositiveListVersion.objects.select_for_update().filter(valid_from__lt=start)
                .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start)).order_by("-valid_from").first())
    later = PositiveListVersion.objects.filter(valid_from__gt=start).order_by("valid_from").first()
    if previous is not None:
        previous.valid_to = start - datetime.timedelta(days=1)
        previous.save(update_fields=["valid_to"])
    version = PositiveListVersion.objects.create(
        code=batch.code, valid_from=start, valid_to=(later.valid_from - datetime.timedelta(days=1)) if later else None,
        title_zh_hant=batch.title_zh_hant, title_zh_hans=hant_to_hans(batch.title_zh_hant), title_en="",
        source=batch.source, official_count=len(batch.items))
    PositiveListItem.objects.bulk_create([PositiveListItem(
        version=version, hs_code=item["hs_code"], name_zh_hans=item["name"], name_zh_hant=hant(item["name"]),
        name_en=item["name_en"], remark_zh_hans=item["remark"], remark_zh_hant=hant(item["remark"]),
        remark_en=item["remark_en"], modes=item["modes"],
        max_net_weight=Decimal(item["max_net_weight"]) if item["max_net_weight"] else None,
        excluded_names=item["excluded_names"]) for item in batch.items], batch_size=500)
    if not PositiveListImport.objects.filter(pk=batch.pk, status=PositiveListImport.Status.PREVIEW).update(
            status=PositiveListImport.Status.COMMITTED, version=version):
        raise Conflict("committed", _("這個檔案已經匯入。"))
    audit_record(actor=actor, action="customs.positive_list_commit", target=version,
                 changes={"code": version.code, "valid_from": str(start), "items": len(batch.items),
                          "previous": previous.code if previous else ""})
    return version


def hant_to_hans(text: str) -> str:
    from shanglian.core.reading import opencc_convert

    return opencc_convert("hk2s", text)
