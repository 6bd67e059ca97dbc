"""B2B meeting e-mails: a request, its answer, the published schedule (.ics), and changes."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from shanglian.core.formatting import site_url
from shanglian.core.mail import send_templated_mail
from shanglian.events.access import acting_query
from shanglian.events.calendar import ics
from shanglian.events.models import Meeting, MeetingRequest, Registration


def _url(registration: Registration, name: str) -> str:
    with translation.override(registration.language):
        url = site_url(reverse(name, args=[registration.event.slug]))
    return url + acting_query(registration)  # staff without a login: for the contact who acts for them


def _answerers(registration: Registration) -> list[str]:
    """The participant, and for staff without a login the contact who registered them and acts for them."""
    emails = [registration.email]
    contact = registration.registered_by if registration.user_id is None else None
    if contact is not None and contact.email and contact.email.lower() != registration.email.lower():
        emails.append(contact.email)
    return emails


def registration_meetings(registration: Registration):
    return (Meeting.objects.filter(status=Meeting.Status.PUBLISHED)
            .filter(Q(request__requester=registration) | Q(request__recipient=registration))
            .select_related("slot", "request__requester", "request__recipient").order_by("slot__starts_at"))


def other_side(meeting: Meeting, registration: Registration) -> Registration:
    req = meeting.request
    return req.recipient if req.requester_id == registration.pk else req.requester


def schedule_ics(registration: Registration, meetings=None) -> bytes:
    meetings = list(meetings if meetings is not None else registration_meetings(registration))
    event = registration.event
    with translation.override(registration.language):
        from django.utils.translation import gettext as _

        return ics([{
            "uid": f"meeting-{m.pk}", "start": m.slot.starts_at, "end": m.slot.ends_at,
            "summary": _("商貿洽談：%(name)s") % {"name": other_side(m, registration).display_name},
            "location": f"{event.venue} · " + _("第 %(table)s 桌") % {"table": m.table},
            "description": event.title, "sequence": int(m.updated_at.timestamp()),
            "cancelled": m.status == Meeting.Status.CANCELLED,
        } for m in meetings])


def request_mail(*, request: MeetingRequest) -> None:
    to = request.recipient
    send_templated_mail(to=_answerers(to), template="events/email/meeting_request", language=to.language,
                        context={"req": request, "event": request.event, "url": _url(to, "events:meetings")})


def response_mail(*, request: MeetingRequest) -> None:
    to = request.requester
    send_templated_mail(to=_answerers(to), template="events/email/meeting_response", language=to.language,
                        context={"req": request, "event": request.event, "url": _url(to, "events:meetings")})


def schedule_mail(*, registration: Registration) -> None:
    meetings = list(registration_meetings(registration))
    rows = [{"m": m, "other": other_side(m, registration)} for m in meetings]
    send_templated_mail(
        to=[registration.email], template="events/email/meeting_schedule", language=registration.language,
        context={"r": registration, "event": registration.event, "rows": rows,
                 "url": _url(registration, "events:meetings")},
        attachments=[("meetings.ics", schedule_ics(registration, meetings), "text/calendar")])


def change_mail(*, meeting: Meeting, cancelled: bool) -> None:
    for registration in (meeting.request.requester, meeting.request.recipient):
        send_templated_mail(
            to=[registration.email], template="events/email/meeting_change", language=registration.language,
            context={"r": registration, "event": meeting.event, "m": meeting, "cancelled": cancelled,
                     "other": other_side(meeting, registration), "url": _url(registration, "events:meetings")},
            attachments=[("meeting.ics", schedule_ics(registration, [meeting]), "text/calendar")])
