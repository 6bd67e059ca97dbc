"""Check-in at the door. The signature of a code is checked before any database access; the
first scan wins through one conditional UPDATE; an offline re-send with the same ``client_id``
replays the stored answer (idempotent), so nothing is ever counted twice."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from shanglian.core.audit import audit_record
from shanglian.events import tickets
from shanglian.events.models import CheckIn, Event, Registration

OFFLINE_GRACE = datetime.timedelta(days=2)


@dataclass
class ScanResult:
    status: str  # ok | already | invalid | not_found | other_event | not_confirmed
    registration: Registration | None = None
    checked_in_at: datetime.datetime | None = None
    checked_in_by: str = ""
    replay: bool = False

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _by_name(user: Any) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.username


def _when(scanned_at: datetime.datetime | None, now: datetime.datetime) -> datetime.datetime:
    """Trust an offline device's clock only within sane bounds."""
    if scanned_at is None or timezone.is_naive(scanned_at):
        return now
    if scanned_at > now + datetime.timedelta(minutes=5) or scanned_at < now - OFFLINE_GRACE:
        return now
    return scanned_at


def _result_for(registration: Registration, status: str, replay: bool = False) -> ScanResult:
    return ScanResult(status=status, registration=registration, checked_in_at=registration.checked_in_at,
                      checked_in_by=_by_name(registration.checked_in_by), replay=replay)


def checkin_scan(*, actor: Any, event: Event, code: str, client_id: str | None = None,
                 scanned_at: datetime.datetime | None = None) -> ScanResult:
    canonical = tickets.verify(code)
    if canonical is None:
        return ScanResult(status="invalid")  # forged or mistyped: no database access
    client_id = (client_id or "").strip()[:64] or None
    if client_id:
        # Scoped to the event being scanned: a client_id seen at another event replays nothing
        # (it would reveal that event's attendee).
        previous = (CheckIn.objects.select_related("registration__checked_in_by")
                    .filter(event=event, client_id=client_id).first())
        if previous is not None and previous.registration is not None:
            status = "ok" if previous.result == CheckIn.Result.OK else "already"
            return _result_for(previous.registration, status, replay=True)
    registration = (Registration.objects.select_related("checked_in_by")
                    .filter(ticket_code=canonical).first())
    if registration is None:
        return ScanResult(status="not_found")
    if registration.event_id != event.pk:
        return ScanResult(status="other_event", registration=registration)
    if registration.status != Registration.Status.CONFIRMED:
        return ScanResult(status="not_confirmed", registration=registration)
    now = timezone.now()
    when = _when(scanned_at, now)
    # Only the write is in a transaction (on SQLite a transaction takes the write lock): refused
    # and replayed scans above never wait for it. The check-in and its CheckIn row commit together
    # or not at all, so "checked in" always has exactly one "ok" row behind it.
    try:
        with transaction.atomic():
            first = Registration.objects.filter(
                pk=registration.pk, status=Registration.Status.CONFIRMED, checked_in_at__isnull=True
            ).update(checked_in_at=when, checked_in_by=actor) == 1
            CheckIn.objects.create(event=event, registration=registration, client_id=client_id, scanned_at=when,
                                   by=actor, result=CheckIn.Result.OK if first else CheckIn.Result.DUPLICATE)
            if first:
                audit_record(actor=actor, action="event.checkin", target=registration,
                             association_id=event.association_id)
    except IntegrityError:
        # The same client_id arrived twice at once and the other request recorded it: answer as
        # its replay (our own update was rolled back with the failed insert).
        previous = CheckIn.objects.filter(event=event, client_id=client_id).first() if client_id else None
        if previous is None:
            raise
        first = False
        registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
        return _result_for(registration, "ok" if previous.result == CheckIn.Result.OK else "already", replay=True)
    registration.refresh_from_db(fields=["checked_in_at", "checked_in_by"])
    return _result_for(registration, "ok" if first else "already")


def checkin_counts(event: Event) -> dict[str, int]:
    from django.db.models import Count, Q

    agg = Registration.objects.filter(event=event).aggregate(
        confirmed=Count("pk", filter=Q(status="confirmed")),
        pending=Count("pk", filter=Q(status="pending")),
        waitlisted=Count("pk", filter=Q(status="waitlisted")),
        cancelled=Count("pk", filter=Q(status__in=("cancelled", "rejected"))),
        checked_in=Count("pk", filter=Q(checked_in_at__isnull=False)),
    )
    return agg
