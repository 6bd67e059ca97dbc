"""Organisers' exports: .xlsx downloads, printable pages, badges PDF."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shanglian.core.excel import xlsx_response
from shanglian.events import access, exports, selectors

TITLES = {"attendees": "報名名單", "checkins": "簽到報告", "meetings": "洽談時間表", "tables": "每桌名單"}


def _sheets(event, what: str):
    if what == "attendees":
        return [(_("報名名單"), *exports.attendee_rows(event))]
    if what == "checkins":
        return [(_("簽到報告"), *exports.checkin_rows(event))]
    if what == "meetings":
        return [(_("洽談時間表"), *exports.meeting_rows(event))]
    if what == "tables":
        return exports.table_sheets(event)
    raise Http404


@login_required
def xlsx(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    return xlsx_response(exports.workbook(_sheets(event, what)), f"{event.slug}-{what}.xlsx")


@login_required
def printable(request: HttpRequest, slug: str, what: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    sheets = _sheets(event, what)
    return render(request, "events/print.html", {"event": event, "sheets": sheets, "what": what,
                                                  "title": _(TITLES[what])})


@login_required
def badges(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    regs = selectors.badge_registrations(event)
    response = HttpResponse(exports.badges_pdf(event, regs), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{event.slug}-badges.pdf"'
    return response
