"""All writes to events. Keyword-only, atomic, audited; mail on commit.

Split by subject: ``events`` (event, agenda, organisers), ``registrations`` (register, cancel,
approve, waitlist), ``checkin``, ``meetings`` (B2B), ``expo`` (exhibitors, products).
"""

from shanglian.events.services.checkin import ScanResult, checkin_scan
from shanglian.events.services.events import (
    event_save,
    itinerary_stop_add,
    organiser_add,
    question_add,
    session_delete,
    session_save,
)
from shanglian.events.services.registrations import (
    Attendee,
    registration_approve,
    registration_cancel,
    registration_create,
    registration_refusal,
    registration_reject,
    registration_set_paid,
)

__all__ = [
    "Attendee", "ScanResult", "checkin_scan", "event_save", "itinerary_stop_add", "organiser_add", "question_add",
    "registration_approve", "registration_cancel", "registration_create", "registration_refusal", "registration_reject",
    "registration_set_paid", "session_delete", "session_save",
]
