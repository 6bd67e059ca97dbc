"""E-mails to registrants and meeting participants, each in the recipient's own language."""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation

from shanglian.core.formatting import site_url
from shanglian.core.mail import send_templated_mail
from shanglian.events import tickets
from shanglian.events.calendar import ics
from shanglian.events.models import Registration


def ticket_ics(registration: Registration) -> bytes:
    event = registration.event
    with translation.override(registration.language):
        link = site_url(event.get_absolute_url())
        return ics([{
            "uid": f"event-{event.pk}-reg-{registration.pk}", "start": event.starts_at, "end": event.ends_at,
            "summary": event.title, "location": event.venue,
            "description": f"{tickets.display(registration.ticket_code)}\n{link}",
        }])


def ticket_url(registration: Registration) -> str:
    with translation.override(registration.language):
        return site_url(reverse("events:ticket", args=[registration.pk]))


def registration_mail(*, registration: Registration, promoted: bool = False) -> None:
    """Confirmation (QR e-ticket + .ics), pending, waitlisted or rejected notice."""
    attachments = []
    if registration.status == Registration.Status.CONFIRMED:
        attachments = [
            ("ticket.png", tickets.qr_png(registration.ticket_code), "image/png"),
            ("event.ics", ticket_ics(registration), "text/calendar"),
        ]
    send_templated_mail(
        to=[registration.email], template="events/email/registration", language=registration.language,
        context={"registration": registration, "event": registration.event, "promoted": promoted,
                 "code": tickets.display(registration.ticket_code), "ticket_url": ticket_url(registration)},
        attachments=attachments)
