"""All writes to the directory. Keyword-only, atomic, audited; side effects on commit."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record, diff, snapshot
from shanglian.core.errors import Conflict, DomainError
from shanglian.core.search import search_index_bulk, search_index_update
from shanglian.core.validation import normalise_phone, normalise_registration
from shanglian.directory.models import (
    Association,
    Enterprise,
    Membership,
    OfficeBearer,
    Person,
    Term,
)

SEARCH_KIND = "enterprise"
NAME_WEIGHT = 3
ENTERPRISE_FIELDS = (
    "name_zh", "name_en", "br_number", "industry", "place", "address", "phone", "email",
    "website", "description", "employees", "is_active",
)


def enterprise_search_parts(enterprise: Enterprise) -> list[str]:
    """Everything a search for this enterprise should match, in all three languages."""
    # The names are indexed NAME_WEIGHT times so that a match in the name outranks a match
    # in the description on both backends (bm25 and ts_rank both grow with term frequency).
    parts = [enterprise.name_zh, enterprise.name_en] * NAME_WEIGHT + [enterprise.description, enterprise.address]
    for ref in (enterprise.industry, enterprise.place):
        if ref is not None:
            parts += [ref.name_zh_hant, ref.name_zh_hans, ref.name_en]
    parts += [a.name_zh + " " + a.name_en for a in enterprise.current_associations()]
    return parts


def enterprise_reindex(*, enterprise: Enterprise) -> None:
    search_index_update(kind=SEARCH_KIND, object_id=enterprise.pk, parts=enterprise_search_parts(enterprise))


def enterprise_reindex_all(*, batch: int = 1000) -> int:
    from shanglian.directory.selectors import live_memberships_prefetch

    qs = (Enterprise.objects.select_related("industry", "place").prefetch_related(live_memberships_prefetch())
          .order_by("pk"))
    return search_index_bulk(
        kind=SEARCH_KIND, rows=((e.pk, enterprise_search_parts(e)) for e in qs.iterator(chunk_size=batch)),
        batch=batch,
    )


def _clean_enterprise_values(values: dict[str, Any]) -> dict[str, Any]:
    """Validate and normalise fields; raise a DomainError with per-field messages."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    for key in ("name_zh", "name_en", "address", "description", "website", "email"):
        if key in cleaned and isinstance(cleaned[key], str):
            cleaned[key] = cleaned[key].strip()
    if "phone" in cleaned:
        try:
            cleaned["phone"] = normalise_phone(cleaned["phone"] or "")
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if "br_number" in cleaned:
        try:
            kind, number = normalise_registration(cleaned["br_number"] or "")
            cleaned["br_number"] = number or None
            cleaned["br_kind"] = kind
        except ValidationError as exc:
            errors["br_number"] = exc.messages
    if not (cleaned.get("name_zh") or cleaned.get("name_en")) and ("name_zh" in cleaned or "name_en" in cleaned):
        errors["name_zh"] = [_("請填寫中文或英文名稱。")]
    if errors:
        raise DomainError("invalid", _("請修正標示的欄位。"), fields=errors)
    return cleaned


def _check_unique_br(number: str | None, exclude_pk: int | None) -> None:
    # A friendly message before the database's unique constraint (which still has the last word).
    if number and Enterprise.objects.filter(br_number=number).exclude(pk=exclude_pk).exists():
        raise Conflict.field("br_number", _("商業登記號碼 %(number)s 已屬於另一企業。") % {"number": number},
                             code="br_number_taken")


@transaction.atomic
def enterprise_create(*, actor: Any, values: dict[str, Any], association: Association | None = None,
                      membership_type: str = Membership.Type.CORPORATE,
                      start_date: datetime.date | None = None) -> Enterprise:
    cleaned = _clean_enterprise_values(values)
    _check_unique_br(cleaned.get("br_number"), None)
    enterprise = Enterprise(**cleaned)
    enterprise.full_clean(exclude=["associations"])
    enterprise.save()
    if association is not None:
        Membership.objects.create(association=association, enterprise=enterprise, type=membership_type,
                                  start_date=start_date or datetime.date.today())
    audit_record(actor=actor, action="enterprise.create", target=enterprise, changes=snapshot(enterprise),
                 association_id=association.pk if association else None)
    enterprise_reindex(enterprise=enterprise)
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: Any, enterprise: Enterprise, values: dict[str, Any]) -> Enterprise:
    enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
    before = snapshot(enterprise)
    cleaned = _clean_enterprise_values(values)
    _check_unique_br(cleaned.get("br_number"), enterprise.pk)
    for key, value in cleaned.items():
        setattr(enterprise, key, value)
    enterprise.full_clean(exclude=["associations"])
    enterprise.save()
    changes = diff(before, snapshot(enterprise))
    if changes:
        audit_record(actor=actor, action="enterprise.update", target=enterprise, changes=changes)
    enterprise_reindex(enterprise=enterprise)
    return enterprise


@transaction.atomic
def person_save(*, actor: Any, values: dict[str, Any], person: Person | None = None) -> Person:
    values = dict(values)
    if "phone" in values:
        try:
            values["phone"] = normalise_phone(values["phone"] or "")
        except ValidationError as exc:
            raise DomainError("invalid", exc.messages, fields={"phone": exc.messages}) from exc
    before = snapshot(person) if person else {}
    person = person or Person()
    for key, value in values.items():
        setattr(person, key, value)
    person.full_clean()
    person.save()
    audit_record(actor=actor, action="person.update" if before else "person.create", target=person,
                 changes=diff(before, snapshot(person)))
    return person


@transaction.atomic
def membership_create(*, actor: Any, association: Association, enterprise: Enterprise | None = None,
                      person: Person | None = None, type: str = Membership.Type.CORPORATE,
                      start_date: datetime.date, end_date: datetime.date | None = None,
                      dues_amount: Decimal = Decimal("0")) -> Membership:
    if Membership.objects.filter(association=association, enterprise=enterprise, person=person,
                                 status__in=["pending", "active"]).exists():
        raise Conflict("membership_exists", _("此會員在該商會已有有效會籍。"))
    membership = Membership(association=association, enterprise=enterprise, person=person, type=type,
                            start_date=start_date, end_date=end_date, dues_amount=dues_amount)
    membership.full_clean()
    membership.save()
    audit_record(actor=actor, action="membership.create", target=membership, changes=snapshot(membership),
                 association_id=association.pk)
    if enterprise is not None:
        enterprise_reindex(enterprise=enterprise)
    return membership


@transaction.atomic
def membership_renew(*, actor: Any, membership: Membership, end_date: datetime.date,
                     dues_amount: Decimal | None = None) -> Membership:
    """Close the current period (status renewed) and open the next; history stays linked."""
    # Conditional update: only one concurrent renewal of the same period can win.
    updated = Membership.objects.filter(pk=membership.pk, status__in=["active", "expired"]).update(
        status=Membership.Status.RENEWED)
    if not updated:
        raise Conflict("membership_closed", _("此會籍已續會或已終止，不能再續。"))
    old = Membership.objects.get(pk=membership.pk)
    start = (old.end_date + datetime.timedelta(days=1)) if old.end_date else datetime.date.today()
    if end_date < start:
        raise DomainError.field("end_date", _("新的屆滿日期必須在 %(start)s 之後。") % {"start": start},
                              code="bad_end_date")
    renewal = Membership.objects.create(
        association=old.association, enterprise=old.enterprise, person=old.person, type=old.type,
        status=Membership.Status.ACTIVE, start_date=start, end_date=end_date,
        dues_amount=old.dues_amount if dues_amount is None else dues_amount, renewed_from=old,
    )
    audit_record(actor=actor, action="membership.renew", target=renewal,
                 changes={"renewed_from": old.pk, "end_date": str(end_date)}, association_id=old.association_id)
    return renewal


@transaction.atomic
def membership_record_payment(*, actor: Any, membership: Membership, paid_on: datetime.date | None,
                              status: str = Membership.Dues.PAID) -> Membership:
    Membership.objects.filter(pk=membership.pk).update(dues_status=status, dues_paid_on=paid_on)
    membership.refresh_from_db()
    audit_record(actor=actor, action="membership.payment", target=membership,
                 changes={"dues_status": status, "dues_paid_on": str(paid_on) if paid_on else None},
                 association_id=membership.association_id)
    return membership


@transaction.atomic
def memberships_expire_due(*, actor: Any, today: datetime.date | None = None) -> int:
    """Mark active memberships past their end date as expired (idempotent; run daily)."""
    today = today or datetime.date.today()
    count = Membership.objects.filter(status=Membership.Status.ACTIVE, end_date__lt=today).update(
        status=Membership.Status.EXPIRED)
    if count:
        audit_record(actor=actor, action="membership.expire_due", target_type="directory.membership",
                     target_repr=str(count), changes={"count": count, "today": str(today)})
    return count


@transaction.atomic
def term_create(*, actor: Any, association: Association, number: int, start_date: datetime.date,
                end_date: datetime.date | None = None) -> Term:
    term = Term(association=association, number=number, start_date=start_date, end_date=end_date)
    term.full_clean()
    term.save()
    audit_record(actor=actor, action="term.create", target=term, association_id=association.pk,
                 changes=snapshot(term))
    return term


@transaction.atomic
def office_bearer_add(*, actor: Any, term: Term, person: Person, position: str, committee: str = "",
                      sort: int | None = None) -> OfficeBearer:
    if sort is None:
        sort = (term.office_bearers.order_by("-sort").values_list("sort", flat=True).first() or 0) + 1
    bearer = OfficeBearer(term=term, person=person, position=position, committee=committee, sort=sort)
    bearer.full_clean()
    bearer.save()
    audit_record(actor=actor, action="office_bearer.add", target=bearer, association_id=term.association_id,
                 changes=snapshot(bearer))
    return bearer


@transaction.atomic
def association_update(*, actor: Any, association: Association, values: dict[str, Any]) -> Association:
    before = snapshot(association)
    for key, value in values.items():
        setattr(association, key, value)
    association.full_clean()
    association.save()
    audit_record(actor=actor, action="association.update", target=association, association_id=association.pk,
                 changes=diff(before, snapshot(association)))
    return association


def membership_contact_email(membership: Membership) -> tuple[str, str]:
    """(address, language) for a membership's reminders: the member's login user first."""
    from shanglian.core.mail import user_language

    if membership.enterprise_id:
        role = membership.enterprise.roles.select_related("user__preference").first()
        if role and role.user.email:
            return role.user.email, user_language(role.user)
        default = "en" if not membership.enterprise.name_zh else "zh-hant"
        return membership.enterprise.email, default
    person = membership.person
    if person and person.user_id and person.user.email:
        return person.user.email, user_language(person.user)
    return (person.email if person else ""), "zh-hant"


@transaction.atomic
def memberships_send_renewal_reminders(*, actor: Any, today: datetime.date | None = None, days: int = 30) -> int:
    """E-mail members whose membership expires within ``days``, once per period (note marks it)."""
    from shanglian.core.mail import send_templated_mail

    today = today or datetime.date.today()
    due = (Membership.objects.select_related("association", "enterprise", "person")
           .filter(status=Membership.Status.ACTIVE, end_date__gte=today,
                   end_date__lte=today + datetime.timedelta(days=days))
           .exclude(note__contains="[reminded]"))
    sent = 0
    for membership in due:
        address, language = membership_contact_email(membership)
        if not address:
            continue
        send_templated_mail(to=[address], template="directory/email/renewal_reminder", language=language,
                            context={"membership": membership, "member": membership.enterprise or membership.person})
        # Conditional update: a concurrent run cannot mark (and send) twice.
        marked = Membership.objects.filter(pk=membership.pk).exclude(note__contains="[reminded]").update(
            note=(membership.note + " [reminded]").strip()[:300])
        sent += marked
    if sent:
        audit_record(actor=actor, action="membership.remind", target_type="directory.membership",
                     target_repr=str(sent), changes={"sent": sent, "today": str(today)})
    return sent
