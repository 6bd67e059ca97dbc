"""Organisers' pages: create/edit an event, agenda/itinerary/organisers, registrations, live counts."""

from __future__ import annotations

import zoneinfo

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import messages_add_domain_error
from shanglian.core.forms import attach_errors as _attach_errors
from shanglian.events import access, payment_purpose, selectors, services
from shanglian.events.forms import EventForm, ItineraryForm, OrganiserForm, QuestionForm, SessionForm
from shanglian.events.models import Registration
from shanglian.events.models.event import TIMEZONE_CHOICES
from shanglian.events.services.checkin import checkin_counts
from shanglian.events.timezones import viewer_timezone
from shanglian.payments import selectors as payment_selectors


def _organiser_only(request: HttpRequest) -> None:
    if not access.is_organiser(request.user):
        raise PermissionDenied


@login_required
def manage_list(request: HttpRequest) -> HttpResponse:
    _organiser_only(request)
    events = selectors.organised_events(request.user)
    page = Paginator(events, 30).get_page(request.GET.get("page"))
    return render(request, "events/manage_list.html", {"page": page, "tz": viewer_timezone(request)})


def _form_timezone(request: HttpRequest, event) -> zoneinfo.ZoneInfo:
    """Times in the event form are in the event's own time zone (the one being chosen on POST)."""
    name = request.POST.get("timezone") or (event.timezone if event else settings.TIME_ZONE)
    return zoneinfo.ZoneInfo(name if name in dict(TIMEZONE_CHOICES) else settings.TIME_ZONE)


@login_required
def event_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    _organiser_only(request)
    event = access.event_for_user(request.user, slug, write=True) if slug else None
    associations = access.organiser_associations(request.user)
    with timezone.override(_form_timezone(request, event)):
        form = EventForm(request.POST or None, instance=event, associations=associations)
        if request.method == "POST" and form.is_valid():
            try:
                event = services.event_save(actor=request.user, event=event, values=form.cleaned_data)
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("已儲存活動。"))
                return redirect(event.get_absolute_url())
        return render(request, "events/event_form.html", {"form": form, "event": event})


@login_required
def event_setup(request: HttpRequest, slug: str) -> HttpResponse:
    """Agenda sessions, organisers, itinerary stops and registration questions on one page."""
    event = access.event_for_user(request.user, slug, write=True)
    with timezone.override(event.tz):
        return _event_setup(request, event)


def _event_setup(request: HttpRequest, event) -> HttpResponse:
    kind = request.POST.get("kind") if request.method == "POST" else None
    forms = {
        "session": SessionForm(request.POST if kind == "session" else None, prefix="s"),
        "organiser": OrganiserForm(request.POST if kind == "organiser" else None, prefix="o"),
        "itinerary": ItineraryForm(request.POST if kind == "itinerary" else None, prefix="i"),
        "question": QuestionForm(request.POST if kind == "question" else None, prefix="q"),
    }
    if kind in forms and forms[kind].is_valid():
        data = forms[kind].cleaned_data
        try:
            if kind == "session":
                services.session_save(actor=request.user, event=event, values=data)
            elif kind == "organiser":
                services.organiser_add(actor=request.user, event=event, role=data["role"], name_zh=data["name_zh"],
                                       name_en=data["name_en"])
            elif kind == "itinerary":
                services.itinerary_stop_add(actor=request.user, event=event, values=data)
            else:
                services.question_add(actor=request.user, event=event, values=data)
        except ValidationError as exc:
            _attach_errors(forms[kind], exc)
        else:
            messages.success(request, _("已新增。"))
            return redirect("events:setup", slug=event.slug)
    return render(request, "events/setup.html", {
        "event": event, "forms": forms, **selectors.setup_lists(event), "tz": event.timezone})


@login_required
@require_POST
def session_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    session = access.session_for_organiser(request.user, event, pk)
    services.session_delete(actor=request.user, session=session)
    messages.success(request, _("已刪除議程項目。"))
    return redirect("events:setup", slug=event.slug)


@login_required
def registrations(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    status = request.GET.get("status", "")
    q = (request.GET.get("q") or "").strip()[:100]
    qs = selectors.event_registrations(event, status=status, q=q)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    if event.fee:  # each row's payment (provider, state; a bank transfer to confirm)
        paid = payment_selectors.payments_by_object(payment_purpose.PURPOSE, [r.pk for r in page.object_list])
        for r in page.object_list:
            r.payment = paid.get(str(r.pk))
    return render(request, "events/registrations.html", {
        "event": event, "page": page, "status": status, "q": q, "statuses": Registration.Status.choices,
        "counts": checkin_counts(event), "tz": viewer_timezone(request)})


ACTIONS = {"approve": services.registration_approve, "reject": services.registration_reject,
           "cancel": services.registration_cancel}


@login_required
@require_POST
def registration_action(request: HttpRequest, slug: str, pk: int, action: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    registration = access.registration_for_user(request.user, pk, organiser=True)
    if registration.event_id != event.pk:
        raise Http404
    try:
        if action in ACTIONS:
            ACTIONS[action](actor=request.user, registration=registration)
        elif action in ("paid", "unpaid"):
            services.registration_set_paid(actor=request.user, registration=registration, paid=action == "paid")
        else:
            raise Http404
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已更新 %(name)s 的報名。") % {"name": registration.display_name})
    return redirect("events:registrations", slug=event.slug)


@login_required
def counts(request: HttpRequest, slug: str) -> HttpResponse:
    """Live counts (htmx polls this fragment every few seconds)."""
    event = access.event_for_user(request.user, slug, write=True)
    return render(request, "events/_counts.html", {"event": event, "counts": checkin_counts(event)})
