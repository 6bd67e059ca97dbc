"""Public event pages, registration (self or a group of staff), tickets and "my events"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core import privacy
from shanglian.core.errors import DomainError, messages_add_domain_error
from shanglian.core.http import safe_next
from shanglian.core.params import int_param
from shanglian.events import access, notify, payment_purpose, selectors, services, tickets
from shanglian.events.forms import AttendeeFormSet
from shanglian.events.models import Event, Registration
from shanglian.events.timezones import viewer_timezone


def event_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("type", "")
    kind = kind if kind in Event.Type.values else ""
    past = request.GET.get("past") == "1"
    qs = selectors.published_events(kind=kind, past=past)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page, "kind": kind, "past": past,
                                                       "types": Event.Type.choices, "tz": viewer_timezone(request)})


def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug)
    page = selectors.event_page(event, request.user)
    return render(request, "events/event_detail.html", {
        "event": event, **page, "can_organise": access.can_organise(request.user, event),
        "own": selectors.own_registration(event, request.user, page["mine"]),
        "refusal": services.registration_refusal(request.user, event),
        "open": event.registration_open(), "tz": viewer_timezone(request),
    })


def _initial_self(user, enterprise) -> dict:
    person = selectors.person_of(user)
    data = {"email": user.email, "name_en": user.get_full_name()}
    if person:
        data.update(name_zh=person.name_zh, name_en=person.name_en or data["name_en"], title=person.title,
                    email=person.email or user.email, phone=person.phone)
    if enterprise:
        data["company"] = enterprise.name
    return data


@login_required
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug)
    questions = selectors.event_questions(event)
    enterprises = selectors.registering_enterprises(request.user)
    enterprise = enterprises[0] if enterprises else None
    group = enterprise is not None and request.GET.get("group") == "1"
    rows = 1
    if group:
        rows = min(max(int_param(request.GET.get("rows"), 3), 1), 30)
    defaults = {"company": enterprise.name} if group else _initial_self(request.user, enterprise)
    refusal = services.registration_refusal(request.user, event)
    own = None if group else selectors.own_registration(event, request.user)
    if refusal or own:  # said up front; no form that can only fail
        formset = None
    elif request.method == "POST":
        formset = AttendeeFormSet(request.POST, questions=questions, defaults=defaults, group=group)
        if formset.is_valid():
            filled = [form for form in formset.forms if form.cleaned_data]
            attendees = []
            for i, form in enumerate(filled):
                d = form.cleaned_data
                attendees.append(services.Attendee(
                    name_zh=d["name_zh"], name_en=d["name_en"], title=d["title"], company=d["company"],
                    email=d["email"], phone=d["phone"], answers=form.answers(),
                    enterprise_id=enterprise.pk if enterprise else None,
                    user=request.user if i == 0 and not group else None))
            refused = privacy.consent_errors(request.POST, phone=privacy.mainland_phone(a.phone for a in attendees))
            try:
                if refused:
                    raise DomainError("consent_required", list(refused.values()), fields=refused)
                created = services.registration_create(actor=request.user, event=event, attendees=attendees,
                                                       language=get_language())
            except ValidationError as exc:
                formset._non_form_errors = formset.error_class(exc.messages)
            else:
                for r in created:
                    privacy.consent_record(purpose="event_registration", phone=r.phone, user=request.user,
                                           cross_border=privacy.needs_cross_border(r.phone))
                waitlisted = sum(r.status == "waitlisted" for r in created)
                messages.success(request, _("已報名 %(n)s 人，確認電郵已發出。") % {"n": len(created)})
                if waitlisted:
                    messages.warning(request, _("活動已滿額，其中 %(n)s 人已列入候補名單。") % {"n": waitlisted})
                if len(created) == 1 and event.fee > 0 and created[0].is_active:  # the "pay now" step
                    return redirect("payments:pay", purpose=payment_purpose.PURPOSE, object_id=created[0].pk)
                if len(created) == 1:
                    return redirect("events:ticket", pk=created[0].pk)
                return redirect("events:mine")
    else:
        formset = AttendeeFormSet(questions=questions, defaults=defaults, group=group)
        formset.extra = rows - 1
    return render(request, "events/register.html", {
        "event": event, "formset": formset, "group": group, "enterprise": enterprise, "rows": rows,
        "refusal": refusal, "own": own, "full": event.seats_left == 0,
        "open": event.registration_open(), "tz": viewer_timezone(request)})


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    regs = list(selectors.user_registrations(request.user))
    for r in regs:  # a B2B link for the viewer's own place and for staff they act for
        if r.has_slots and r.status == Registration.Status.CONFIRMED and access.acts_for(request.user, r):
            r.b2b_url = reverse("events:meetings", args=[r.event.slug]) + access.acting_query(r)
    return render(request, "events/my_events.html", {"registrations": regs, "tz": viewer_timezone(request)})


@login_required
def ticket(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.registration_for_user(request.user, pk)
    return render(request, "events/ticket.html", {
        "r": registration, "event": registration.event, "code": tickets.display(registration.ticket_code),
        "can_pay": payment_purpose.can_pay(request.user, registration),
        "qr": tickets.qr_svg(registration.ticket_code) if registration.status == "confirmed" else "",
        "tz": viewer_timezone(request)})


@login_required
def ticket_qr(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.registration_for_user(request.user, pk)
    if registration.status != "confirmed":
        return HttpResponse(status=404)
    return HttpResponse(tickets.qr_png(registration.ticket_code), content_type="image/png")


@login_required
def ticket_ics(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.registration_for_user(request.user, pk)
    response = HttpResponse(notify.ticket_ics(registration), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="event-{registration.event_id}.ics"'
    return response


@login_required
@require_POST
def ticket_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.registration_for_user(request.user, pk)
    try:
        services.registration_cancel(actor=request.user, registration=registration)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已取消報名。"))
    return redirect(safe_next(request, reverse("events:mine")))
