"""B2B meetings (商貿對接): slots, availability, requests and answers, the scheduler run,
manual moves (checked with scheduler.validate), publishing and change notices.

Every participant (a confirmed registration with a login) is one scheduler party of capacity 1:
two representatives of one company are two parties, so they can hold two meetings at once.
A participant who declared no availability is taken as available in every slot.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.errors import Conflict, DomainError
from shanglian.events.models import (
    Event,
    Meeting,
    MeetingAvailability,
    MeetingRequest,
    MeetingSlot,
    Registration,
    Session,
)
from shanglian.events.scheduler import Party, Problem, Request, Solution, solve, validate
from shanglian.events.services import proposals

R = MeetingRequest.Status
MAX_SLOTS = 96
# What a participant may ask for; PROPOSED is the organiser's (services/proposals.py).
PARTICIPANT_PRIORITIES = (MeetingRequest.Priority.MUST, MeetingRequest.Priority.WOULD_LIKE,
                          MeetingRequest.Priority.DO_NOT_MEET)


def _notify():
    from shanglian.events import notify_meetings

    return notify_meetings


# ---- slots and availability -------------------------------------------------------------

@transaction.atomic
def meeting_slots_generate(*, actor: Any, event: Event, start: datetime.datetime, end: datetime.datetime,
                           minutes: int, gap: int = 0) -> list[MeetingSlot]:
    if minutes < 5 or minutes > 240 or gap < 0 or gap > 240:
        raise DomainError("invalid", _("每節時間須為 5 至 240 分鐘。"))
    if end <= start:
        raise DomainError("invalid", _("結束時間須遲於開始時間。"))
    created, t = [], start
    step, length = datetime.timedelta(minutes=minutes + gap), datetime.timedelta(minutes=minutes)
    while t + length <= end:
        if event.meeting_slots.count() + len(created) >= MAX_SLOTS:
            raise DomainError("invalid", _("每個活動最多 %(n)s 個洽談時段。") % {"n": MAX_SLOTS})
        slot, made = MeetingSlot.objects.get_or_create(event=event, starts_at=t, defaults={"ends_at": t + length})
        if made:
            created.append(slot)
        t += step
    audit_record(actor=actor, action="meetings.slots", target=event, association_id=event.association_id,
                 changes={"created": len(created)})
    return created


@transaction.atomic
def meeting_slot_delete(*, actor: Any, slot: MeetingSlot) -> None:
    if slot.meetings.exclude(status=Meeting.Status.CANCELLED).exists():
        raise Conflict(None, _("此時段已安排會面，請先移走或取消。"))
    audit_record(actor=actor, action="meetings.slot_delete", target=slot, association_id=slot.event.association_id)
    slot.delete()


@transaction.atomic
def availability_set(*, actor: Any, registration: Registration, slot_ids: list[int],
                     session_ids: list[int] | None = None) -> int:
    """The slots a participant can meet in and, when given, the agenda sessions they will attend
    (the scheduler keeps those times free whatever slots are ticked)."""
    valid = set(MeetingSlot.objects.filter(event_id=registration.event_id, pk__in=slot_ids)
                .values_list("pk", flat=True))
    if session_ids is not None:
        registration.sessions.set(Session.objects.filter(event_id=registration.event_id, pk__in=session_ids))
    MeetingAvailability.objects.filter(registration=registration).exclude(slot_id__in=valid).delete()
    have = set(MeetingAvailability.objects.filter(registration=registration).values_list("slot_id", flat=True))
    MeetingAvailability.objects.bulk_create([MeetingAvailability(registration=registration, slot_id=s)
                                             for s in valid - have])
    audit_record(actor=actor, action="meetings.availability", target=registration,
                 association_id=registration.event.association_id,
                 changes={"slots": sorted(valid),
                          "sessions": sorted(registration.sessions.values_list("pk", flat=True))})
    return len(valid)


# ---- requests ---------------------------------------------------------------------------

def meeting_requests_expire(*, event: Event | None = None, now: datetime.datetime | None = None) -> int:
    """Unanswered requests past their deadline expire (and so free their place)."""
    qs = MeetingRequest.objects.filter(status=R.PENDING, deadline__lt=now or timezone.now())
    if event is not None:
        qs = qs.filter(event=event)
    return qs.update(status=R.EXPIRED)


def _blocked(a: Registration, b: Registration) -> bool:
    return MeetingRequest.objects.filter(status=R.BLOCKED).filter(
        Q(requester=a, recipient=b) | Q(requester=b, recipient=a)).exists()


@transaction.atomic
def meeting_request_create(*, actor: Any, requester: Registration, recipient: Registration, priority: int,
                           reason: str = "", now: datetime.datetime | None = None) -> MeetingRequest:
    now = now or timezone.now()
    event = requester.event
    if requester.event_id != recipient.event_id or requester.pk == recipient.pk:
        raise DomainError("invalid", _("無法向此參加者提出洽談。"))
    confirmed = Registration.Status.CONFIRMED
    if requester.status != confirmed or recipient.status != confirmed:
        raise DomainError("invalid", _("只有已確認的參加者可以洽談。"))
    if priority not in PARTICIPANT_PRIORITIES:
        raise DomainError("invalid", _("請選擇優先次序。"))
    reason = (reason or "").strip()[:300]
    blocked = priority == MeetingRequest.Priority.DO_NOT_MEET
    if not blocked and _blocked(requester, recipient):
        raise DomainError("invalid", _("對方暫不接受洽談邀請。"))
    if not blocked and MeetingRequest.objects.filter(
            requester=recipient, recipient=requester, status__in=(R.PENDING, R.ACCEPTED)).exists():
        raise Conflict(None, _("對方已向你提出洽談，請回覆該邀請。"))
    meeting_requests_expire(event=event, now=now)
    # Asking (or refusing) in person replaces the organiser's proposal for the pair, unless its
    # meeting is already on the published schedule.
    proposed = MeetingRequest.objects.filter(status=R.PROPOSED).filter(
        Q(requester=requester, recipient=recipient) | Q(requester=recipient, recipient=requester))
    if not blocked and _live_meetings(event).filter(request__in=proposed, status=Meeting.Status.PUBLISHED).exists():
        raise Conflict(None, _("主辦單位已為你們安排會面。"))
    for meeting in _live_meetings(event).filter(request__in=proposed):
        meeting_cancel(actor=actor, meeting=meeting)
    proposed.update(status=R.CANCELLED)
    req = MeetingRequest(event=event, requester=requester, recipient=recipient, priority=priority, reason=reason,
                         status=R.BLOCKED if blocked else R.PENDING,
                         deadline=None if blocked else now + datetime.timedelta(hours=event.meeting_response_hours))
    try:
        with transaction.atomic():
            req.save()
    except IntegrityError as exc:
        raise Conflict(None, _("你已向此參加者提出洽談。")) from exc
    if blocked:  # "do not meet" also withdraws what is pending between the two
        MeetingRequest.objects.filter(status=R.PENDING).filter(
            Q(requester=requester, recipient=recipient) | Q(requester=recipient, recipient=requester)
        ).update(status=R.CANCELLED)
    audit_record(actor=actor, action="meetings.request", target=req, association_id=event.association_id,
                 changes={"priority": priority})
    if not blocked:
        _notify().request_mail(request=req)
    return req


def meeting_request_respond(*, actor: Any, request: MeetingRequest, accept: bool,
                            now: datetime.datetime | None = None) -> MeetingRequest:
    now = now or timezone.now()
    # Expire first, in its own transaction, so the refusal below does not roll it back.
    meeting_requests_expire(event=request.event, now=now)
    new = R.ACCEPTED if accept else R.DECLINED
    with transaction.atomic():
        rows = MeetingRequest.objects.filter(pk=request.pk, status=R.PENDING).filter(
            Q(deadline__isnull=True) | Q(deadline__gte=now)).update(status=new, responded_at=now)
        if rows != 1:
            request.refresh_from_db()
            if request.status == R.EXPIRED:
                raise Conflict(None, _("此洽談邀請已逾期。"))
            raise Conflict(None, _("此洽談邀請已回覆或已取消。"))
        request.status, request.responded_at = new, now
        audit_record(actor=actor, action="meetings.respond", target=request,
                     association_id=request.event.association_id, changes={"status": new})
        _notify().response_mail(request=request)
    return request


# ---- scheduling -------------------------------------------------------------------------

def _live_meetings(event: Event):
    return Meeting.objects.filter(event=event).exclude(status=Meeting.Status.CANCELLED)


def _slots_in_sessions(event: Event, party_ids: set[int]) -> dict[int, frozenset[int]]:
    """Meeting slots that overlap an agenda session each participant attends."""
    slots = list(event.meeting_slots.values_list("pk", "starts_at", "ends_at"))
    attending = Registration.sessions.through.objects.filter(registration_id__in=party_ids).values_list(
        "registration_id", "session__starts_at", "session__ends_at")
    busy: dict[int, set[int]] = {}
    for reg_id, s_start, s_end in attending:
        busy.setdefault(reg_id, set()).update(pk for pk, start, end in slots if start < s_end and end > s_start)
    return {reg_id: frozenset(ids) for reg_id, ids in busy.items()}


def build_problem(event: Event, requests: list[MeetingRequest], pinned: dict[int, tuple[int, int]]) -> Problem:
    slot_ids = list(event.meeting_slots.values_list("pk", flat=True))
    party_ids = {r.requester_id for r in requests} | {r.recipient_id for r in requests}
    declared: dict[int, set[int]] = {}
    for reg_id, slot_id in MeetingAvailability.objects.filter(registration_id__in=party_ids).values_list(
            "registration_id", "slot_id"):
        declared.setdefault(reg_id, set()).add(slot_id)
    all_slots = frozenset(slot_ids)
    busy = _slots_in_sessions(event, party_ids)
    parties = {p: Party(id=p, available_slots=(frozenset(declared[p]) if p in declared else all_slots)
                        - busy.get(p, frozenset()), capacity=1)
               for p in party_ids}
    return Problem(slots=slot_ids, tables=event.meeting_tables, parties=parties,
                   requests=[Request(id=r.pk, a=r.requester_id, b=r.recipient_id, weight=r.priority)
                             for r in requests], pinned=pinned)


def schedule_run(*, actor: Any, event: Event, time_limit: float = 10.0, include_proposed: bool = False,
                 min_score: float = proposals.DEFAULT_MIN_SCORE,
                 per_person: int = proposals.DEFAULT_PER_PERSON) -> Solution:
    """Place every accepted request (pinned meetings stay); the result is a draft to review.

    With ``include_proposed`` the organiser's proposals (high-scoring pairs, refreshed first) are
    placed too, after every request a participant made (their weight is the lowest).

    The solver runs outside the write transaction (on SQLite a write transaction blocks every
    other writer, check-ins included); the draft is then written in one short transaction.
    """
    event = Event.objects.get(pk=event.pk)
    if not event.meeting_slots.exists():
        raise Conflict(None, _("未設定洽談時段，無法編排。"))
    if event.meeting_tables < 1:
        raise Conflict(None, _("未設定洽談桌數目，無法編排。"))
    meeting_requests_expire(event=event)
    statuses = [R.ACCEPTED]
    if include_proposed:
        proposals.proposals_refresh(actor=actor, event=event, min_score=min_score, per_person=per_person)
        statuses.append(R.PROPOSED)
    requests = list(MeetingRequest.objects.filter(event=event, status__in=statuses,
                                                  requester__status="confirmed", recipient__status="confirmed")
                    .select_related("requester", "recipient"))
    requests = [r for r in requests if not _blocked(r.requester, r.recipient)]
    wanted = {r.pk for r in requests}
    pinned_meetings = {m.request_id: m for m in _live_meetings(event).filter(pinned=True)}
    pinned = {rid: (m.slot_id, m.table) for rid, m in pinned_meetings.items() if rid in wanted}
    problem = build_problem(event, requests, pinned)
    try:
        solution = solve(problem, time_limit=time_limit)
    except ValueError as exc:
        raise DomainError("invalid", _("編排失敗：%(error)s") % {"error": exc}) from exc
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        _live_meetings(event).filter(pinned=False).update(status=Meeting.Status.CANCELLED)
        _live_meetings(event).filter(pinned=True).exclude(request_id__in=pinned).update(
            status=Meeting.Status.CANCELLED)
        Meeting.objects.bulk_create([
            Meeting(event=event, request_id=rid, slot_id=slot, table=table, status=Meeting.Status.DRAFT)
            for rid, (slot, table) in solution.assignments.items() if rid not in pinned])
        _live_meetings(event).filter(request_id__in=pinned).update(status=Meeting.Status.DRAFT)
        for req in requests:
            reason = solution.unscheduled.get(req.pk, "")
            if req.unscheduled_reason != reason:
                MeetingRequest.objects.filter(pk=req.pk).update(unscheduled_reason=reason)
        Event.objects.filter(pk=event.pk).update(meetings_published_at=None)
        audit_record(actor=actor, action="meetings.schedule", target=event, association_id=event.association_id,
                     changes={"meetings": solution.meetings, "weight": solution.weight,
                              "bound": solution.upper_bound, "unscheduled": len(solution.unscheduled),
                              "method": solution.method})
    return solution


def _move_errors(event: Event, meeting: Meeting, slot_id: int, table: int) -> list[str]:
    """Check the whole schedule after the move with the scheduler's own validator."""
    meetings = list(_live_meetings(event).select_related("request"))
    requests = [m.request for m in meetings]
    problem = build_problem(event, requests, {})
    assignments = {m.request_id: (m.slot_id, m.table) for m in meetings}
    assignments[meeting.request_id] = (slot_id, table)
    weight = sum(r.priority for r in requests)
    sol = Solution(assignments=assignments, unscheduled={}, weight=weight, upper_bound=weight, optimal=False,
                   method="manual")
    return validate(problem, sol)


def _friendly_move_error(event: Event, meeting: Meeting, slot: MeetingSlot, table: int) -> str:
    others = _live_meetings(event).filter(slot=slot).exclude(pk=meeting.pk).select_related(
        "request__requester", "request__recipient")
    if table < 1 or table > event.meeting_tables:
        return _("桌號須介乎 1 至 %(n)s。") % {"n": event.meeting_tables}
    people = {meeting.request.requester_id: meeting.request.requester, meeting.request.recipient_id:
              meeting.request.recipient}
    for other in others:
        for pid in (other.request.requester_id, other.request.recipient_id):
            if pid in people:
                return _("%(name)s 在該時段已有會面（第 %(table)s 桌），不可重複安排。") % {
                    "name": people[pid].display_name, "table": other.table}
    if any(o.table == table for o in others):
        return _("第 %(table)s 桌在該時段已被使用。") % {"table": table}
    for pid, person in people.items():
        declared = set(MeetingAvailability.objects.filter(registration_id=pid).values_list("slot_id", flat=True))
        if declared and slot.pk not in declared:
            return _("%(name)s 在該時段沒有空。") % {"name": person.display_name}
    return _("此安排與現有會面衝突。")


@transaction.atomic
def meeting_move(*, actor: Any, meeting: Meeting, slot: MeetingSlot, table: int) -> Meeting:
    """Move (and pin) a meeting by hand; refused with a clear message when anyone would be double-booked."""
    event = Event.objects.select_for_update().get(pk=meeting.event_id)
    if slot.event_id != event.pk:
        raise DomainError("invalid", _("時段不屬於此活動。"))
    if meeting.status == Meeting.Status.CANCELLED:
        raise Conflict(None, _("此會面已取消。"))
    if _move_errors(event, meeting, slot.pk, table):
        raise DomainError("invalid", _friendly_move_error(event, meeting, slot, table))
    old = (meeting.slot_id, meeting.table)
    try:
        with transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(slot=slot, table=table, pinned=True)
    except IntegrityError as exc:
        raise Conflict(None, _("第 %(table)s 桌在該時段已被使用。") % {"table": table}) from exc
    meeting.refresh_from_db()
    audit_record(actor=actor, action="meetings.move", target=meeting, association_id=event.association_id,
                 changes={"from": list(old), "to": [slot.pk, table]})
    if meeting.status == Meeting.Status.PUBLISHED:
        _notify().change_mail(meeting=meeting, cancelled=False)
    return meeting


@transaction.atomic
def meeting_set_pinned(*, actor: Any, meeting: Meeting, pinned: bool) -> Meeting:
    Meeting.objects.filter(pk=meeting.pk).update(pinned=pinned)
    meeting.pinned = pinned
    audit_record(actor=actor, action="meetings.pin", target=meeting, association_id=meeting.event.association_id,
                 changes={"pinned": pinned})
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Any, meeting: Meeting) -> Meeting:
    was = meeting.status
    if Meeting.objects.filter(pk=meeting.pk).exclude(status=Meeting.Status.CANCELLED).update(
            status=Meeting.Status.CANCELLED) != 1:
        raise Conflict(None, _("此會面已取消。"))
    meeting.status = Meeting.Status.CANCELLED
    audit_record(actor=actor, action="meetings.cancel", target=meeting, association_id=meeting.event.association_id)
    if was == Meeting.Status.PUBLISHED:
        _notify().change_mail(meeting=meeting, cancelled=True)
    return meeting


@transaction.atomic
def schedule_publish(*, actor: Any, event: Event) -> int:
    drafts = _live_meetings(event).filter(status=Meeting.Status.DRAFT)
    if not _live_meetings(event).exists():
        raise Conflict(None, _("尚未編排任何會面。"))
    drafts.update(status=Meeting.Status.PUBLISHED)
    now = timezone.now()
    Event.objects.filter(pk=event.pk).update(meetings_published_at=now)
    event.meetings_published_at = now
    participants = Registration.objects.filter(
        Q(requests_made__meetings__status="published", requests_made__event=event)
        | Q(requests_received__meetings__status="published", requests_received__event=event)).distinct()
    count = 0
    for registration in participants:
        _notify().schedule_mail(registration=registration)
        count += 1
    audit_record(actor=actor, action="meetings.publish", target=event, association_id=event.association_id,
                 changes={"participants": count})
    return count


def meetings_cancel_for_registration(*, actor: Any, registration: Registration) -> int:
    """A participant who cancels frees their meetings; the other side is told if it was published."""
    n = 0
    for meeting in _live_meetings(registration.event).filter(
            Q(request__requester=registration) | Q(request__recipient=registration)):
        meeting_cancel(actor=actor, meeting=meeting)
        n += 1
    MeetingRequest.objects.filter(status__in=(R.PENDING, R.ACCEPTED, R.PROPOSED)).filter(
        Q(requester=registration) | Q(recipient=registration)).update(status=R.CANCELLED)
    return n
