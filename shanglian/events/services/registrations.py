"""Registrations: seats are taken and released by conditional UPDATEs on Event.seats_taken,
so two people can never take the last seat; the waitlist is promoted in the same transaction."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError, Forbidden
from shanglian.core.formatting import colon, join_list
from shanglian.core.validation import normalise_phone
from shanglian.directory.access import is_current_member, own_enterprise_ids
from shanglian.events import access, tickets
from shanglian.events.models import Event, Registration, RegistrationAnswer
from shanglian.events.models.registration import ACTIVE_STATUSES, SEAT_STATUSES

MAX_GROUP = 30
S = Registration.Status


@dataclass
class Attendee:
    name_zh: str = ""
    name_en: str = ""
    email: str = ""
    phone: str = ""
    title: str = ""
    company: str = ""
    enterprise_id: int | None = None
    user: Any = None
    answers: dict[int, str] = field(default_factory=dict)


def _take_seat(event_id: int) -> bool:
    """One conditional UPDATE: succeeds only while a seat is left."""
    return Event.objects.filter(pk=event_id).filter(
        Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity"))
    ).update(seats_taken=F("seats_taken") + 1) == 1


def _release_seat(event_id: int) -> None:
    Event.objects.filter(pk=event_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)


def registration_refusal(actor: Any, event: Event, now: datetime.datetime | None = None) -> str | None:
    """Why ``actor`` may not register for ``event`` now (a translated sentence), or None.
    Pages show it before the form; registration_create refuses with the same words."""
    now = now or timezone.now()
    organiser = access.can_organise(actor, event)
    if organiser:
        return None
    if not event.is_published:
        return _("此活動尚未發佈。")
    if not event.registration_open(now):
        if event.registration_opens_at and now < event.registration_opens_at:
            return _("報名尚未開始。")
        return _("報名已截止。")
    if event.audience == Event.Audience.INVITED:
        return _("此活動只限獲邀人士，請聯絡主辦單位。")
    if (event.audience == Event.Audience.MEMBERS and getattr(actor, "is_authenticated", False)
            and not is_current_member(actor)):  # a visitor is asked to log in first
        return _("此活動只限會員企業報名。")
    return None


def _check_may_register(actor: Any, event: Event, now: datetime.datetime) -> None:
    reason = registration_refusal(actor, event, now)
    if reason:
        raise DomainError("invalid", reason)
    if event.audience == Event.Audience.MEMBERS and not access.can_organise(actor, event) \
            and not is_current_member(actor):
        raise Forbidden("members_only", _("此活動只限會員企業報名。"))


def _clean_attendee(event: Event, a: Attendee, questions: list) -> dict[str, str]:
    errors: list[str] = []
    a.name_zh, a.name_en = a.name_zh.strip()[:80], a.name_en.strip()[:120]
    a.email, a.company, a.title = a.email.strip().lower(), a.company.strip()[:200], a.title.strip()[:80]
    if not (a.name_zh or a.name_en):
        errors.append(_("請填寫中文或英文姓名。"))
    if "@" not in a.email or len(a.email) > 254:
        errors.append(_("請填寫有效的電郵地址。"))
    try:
        a.phone = normalise_phone(a.phone)
    except ValidationError as exc:
        errors += exc.messages
    answers: dict[str, str] = {}
    for q in questions:
        value = (a.answers.get(q.pk) or "").strip()[:2000]
        if q.required and not value:
            errors.append(_("請回答「%(q)s」。") % {"q": q.text})
        if value and q.kind == q.Kind.CHOICE and value not in q.choice_list():
            errors.append(_("「%(q)s」的答案無效。") % {"q": q.text})
        answers[str(q.pk)] = value
    if errors:
        label = a.name_zh or a.name_en or a.email or "?"
        raise DomainError("invalid", [f"{label}{colon()}{e}" for e in errors])
    return answers


@transaction.atomic
def registration_create(*, actor: Any, event: Event, attendees: list[Attendee], language: str,
                        now: datetime.datetime | None = None) -> list[Registration]:
    """Register one person or a group (all or nothing). Each gets a seat while seats last, then
    the waitlist. Raises DomainError (nothing saved) on any invalid or duplicate attendee."""
    now = now or timezone.now()
    if not attendees:
        raise DomainError("invalid", _("請至少填寫一位參加者。"))
    if len(attendees) > MAX_GROUP:
        raise DomainError("invalid", _("每次最多替 %(n)s 人報名。") % {"n": MAX_GROUP})
    _check_may_register(actor, event, now)
    questions = list(event.questions.all())
    cleaned = [_clean_attendee(event, a, questions) for a in attendees]
    emails = [a.email for a in attendees]
    if len(set(emails)) != len(emails):
        raise DomainError("invalid", _("同一電郵地址不可重複報名。"))
    taken = set(Registration.objects.filter(event=event, email__in=emails, status__in=ACTIVE_STATUSES)
                .values_list("email", flat=True))
    if taken:
        raise Conflict(None, _("%(emails)s 已報名此活動。") % {"emails": join_list(sorted(taken))})
    mine = own_enterprise_ids(actor)
    created: list[Registration] = []
    for attendee, answers in zip(attendees, cleaned, strict=True):
        seated = _take_seat(event.pk)
        status = (S.PENDING if event.approval_required else S.CONFIRMED) if seated else S.WAITLISTED
        enterprise_id = attendee.enterprise_id if attendee.enterprise_id in mine or access.can_organise(
            actor, event) else None
        registration = Registration(
            event=event, name_zh=attendee.name_zh, name_en=attendee.name_en, title=attendee.title,
            company=attendee.company, enterprise_id=enterprise_id, email=attendee.email, phone=attendee.phone,
            user=attendee.user, registered_by=actor if getattr(actor, "is_authenticated", False) else None,
            language=language, status=status, ticket_code=tickets.new_code(), paid=event.fee == 0)
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError as exc:  # a concurrent registration with the same e-mail won the race
            raise Conflict(None, _("%(emails)s 已報名此活動。") % {"emails": attendee.email}) from exc
        RegistrationAnswer.objects.bulk_create(
            [RegistrationAnswer(registration=registration, question_id=int(q), value=v)
             for q, v in answers.items() if v])
        audit_record(actor=actor, action="event.register", target=registration,
                     association_id=event.association_id, changes={"status": status, "email": attendee.email})
        created.append(registration)
    from shanglian.events.notify import registration_mail

    for registration in created:
        registration_mail(registration=registration)
    return created


def _promote_waitlist(*, actor: Any, event: Event) -> list[Registration]:
    """Give freed seats to the longest-waiting people, in this transaction."""
    promoted = []
    while True:
        nxt = (Registration.objects.select_for_update().filter(event=event, status=S.WAITLISTED)
               .order_by("created_at", "pk").first())
        if nxt is None or not _take_seat(event.pk):
            break
        new_status = S.PENDING if event.approval_required else S.CONFIRMED
        if Registration.objects.filter(pk=nxt.pk, status=S.WAITLISTED).update(status=new_status) != 1:
            _release_seat(event.pk)
            continue
        nxt.status = new_status
        audit_record(actor=actor, action="event.waitlist_promote", target=nxt, association_id=event.association_id,
                     changes={"status": [S.WAITLISTED, new_status]})
        from shanglian.events.notify import registration_mail

        registration_mail(registration=nxt, promoted=True)
        promoted.append(nxt)
    return promoted


def _end(*, actor: Any, registration: Registration, to_status: str, action: str) -> list[Registration]:
    locked = Registration.objects.select_for_update().get(pk=registration.pk)
    if locked.status not in ACTIVE_STATUSES:
        raise Conflict(None, _("此報名已取消或不獲接納。"))
    if locked.checked_in_at is not None:  # the database refuses it too (registration_checkin_confirmed)
        raise Conflict("checked_in", _("此參加者已簽到，報名不能再取消或拒絕。"))
    if Registration.objects.filter(pk=locked.pk, status=locked.status, checked_in_at__isnull=True) \
            .update(status=to_status) != 1:
        raise Conflict(None, _("此報名已取消或不獲接納。"))
    held_seat = locked.status in SEAT_STATUSES
    registration.status = to_status
    audit_record(actor=actor, action=action, target=registration, association_id=registration.event.association_id,
                 changes={"status": [locked.status, to_status]})
    if held_seat:
        _release_seat(registration.event_id)
        event = Event.objects.get(pk=registration.event_id)
        return _promote_waitlist(actor=actor, event=event)
    return []


@transaction.atomic
def registration_cancel(*, actor: Any, registration: Registration) -> list[Registration]:
    """Cancel; a held seat goes to the next person on the waitlist. Returns who was promoted."""
    from shanglian.events.services.meetings import meetings_cancel_for_registration

    promoted = _end(actor=actor, registration=registration, to_status=S.CANCELLED, action="event.cancel")
    meetings_cancel_for_registration(actor=actor, registration=registration)
    return promoted


@transaction.atomic
def registration_reject(*, actor: Any, registration: Registration) -> list[Registration]:
    from shanglian.events.services.meetings import meetings_cancel_for_registration

    promoted = _end(actor=actor, registration=registration, to_status=S.REJECTED, action="event.reject")
    meetings_cancel_for_registration(actor=actor, registration=registration)
    from shanglian.events.notify import registration_mail

    registration_mail(registration=registration)
    return promoted


@transaction.atomic
def registration_approve(*, actor: Any, registration: Registration) -> Registration:
    """Pending → confirmed (the seat is already held). A waitlisted person cannot be approved past capacity."""
    if registration.status == S.WAITLISTED:
        if not _take_seat(registration.event_id):
            raise Conflict(None, _("活動已滿額，未能確認候補人士。"))
        from_status = S.WAITLISTED
    else:
        from_status = S.PENDING
    if Registration.objects.filter(pk=registration.pk, status=from_status).update(status=S.CONFIRMED) != 1:
        raise Conflict(None, _("只可批准待審批或候補的報名。"))
    registration.status = S.CONFIRMED
    audit_record(actor=actor, action="event.approve", target=registration,
                 association_id=registration.event.association_id, changes={"status": [from_status, S.CONFIRMED]})
    from shanglian.events.notify import registration_mail

    registration_mail(registration=registration)
    return registration


@transaction.atomic
def registration_set_paid(*, actor: Any, registration: Registration, paid: bool) -> Registration:
    Registration.objects.filter(pk=registration.pk).update(paid=paid)
    registration.paid = paid
    audit_record(actor=actor, action="event.paid", target=registration,
                 association_id=registration.event.association_id, changes={"paid": paid})
    return registration


def promote_after_capacity_change(*, actor: Any, event: Event) -> list[Registration]:
    return _promote_waitlist(actor=actor, event=event)


@transaction.atomic
def registration_link_user(*, actor: Any, registration: Registration, user: Any) -> bool:
    """Give a staff member registered as a group their own login (from an accepted invitation):
    from then on they act for themselves in B2B meetings. Only a registration without a login."""
    linked = Registration.objects.filter(pk=registration.pk, user__isnull=True).update(user=user)
    if linked:
        registration.user = user
        audit_record(actor=actor, action="event.registration_link_user", target=registration,
                     association_id=registration.event.association_id, changes={"user": user.pk})
    return bool(linked)
