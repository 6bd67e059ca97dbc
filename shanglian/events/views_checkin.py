"""Check-in at the door, for phones: camera (jsQR) or typed code, with an offline queue.

``checkin_scan`` answers one scan (JSON for the page's script, HTML without script);
``checkin_sync`` takes the queue a phone kept while offline. Both are idempotent per
``client_id`` (see services/checkin.py), so a re-sent queue never counts anyone twice.
"""

from __future__ import annotations

import datetime
import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.events import access, services
from shanglian.events.services.checkin import ScanResult, checkin_counts
from shanglian.events.timezones import viewer_timezone

MAX_SYNC = 500


def result_message(result: ScanResult) -> str:
    r = result.registration
    if result.status == "ok":
        return _("%(name)s 簽到成功。") % {"name": r.display_name}
    if result.status == "already":
        when = formats.date_format(timezone.localtime(result.checked_in_at), "Y-m-d H:i:s")
        return _("%(name)s 已於 %(when)s 由 %(by)s 簽到，請勿重複入場。") % {
            "name": r.display_name, "when": when, "by": result.checked_in_by or "—"}
    if result.status == "invalid":
        return _("無效的門票編號（可能是偽造或輸入錯誤）。")
    if result.status == "not_found":
        return _("找不到此門票。")
    if result.status == "other_event":
        return _("此門票屬於另一個活動。")
    return _("此報名未確認（%(status)s），不可入場。") % {"status": r.get_status_display()}


def result_json(result: ScanResult) -> dict:
    r = result.registration
    show = r is not None and result.status in ("ok", "already", "not_confirmed")
    return {
        "status": result.status, "ok": result.ok, "replay": result.replay, "message": result_message(result),
        "name": r.display_name if show else "", "company": r.company if show else "",
        "checked_in_at": result.checked_in_at.isoformat() if result.checked_in_at and show else None,
        "checked_in_by": result.checked_in_by if show else "",
    }


def _scanned_at(value) -> datetime.datetime | None:
    if not value:
        return None
    try:
        return parse_datetime(str(value)[:40])
    except ValueError:
        return None


@login_required
def checkin_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    return render(request, "events/checkin.html", {"event": event, "counts": checkin_counts(event),
                                                    "tz": viewer_timezone(request)})


@login_required
@require_POST
def checkin_scan(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    wants_json = request.content_type == "application/json"
    if wants_json:
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return JsonResponse({"error": "bad json"}, status=400)
        if not isinstance(data, dict):
            return JsonResponse({"error": "bad json"}, status=400)
    else:
        data = request.POST
    result = services.checkin_scan(actor=request.user, event=event, code=str(data.get("code") or "")[:200],
                                   client_id=str(data.get("client_id") or "")[:64] or None,
                                   scanned_at=_scanned_at(data.get("scanned_at")))
    if wants_json:
        return JsonResponse(result_json(result))
    return render(request, "events/checkin.html", {"event": event, "counts": checkin_counts(event),
                                                    "result": result_json(result), "tz": viewer_timezone(request)})


@login_required
@require_POST
def checkin_sync(request: HttpRequest, slug: str) -> HttpResponse:
    event = access.event_for_user(request.user, slug, write=True)
    try:
        data = json.loads(request.body or b"{}")
        scans = data["scans"]
        assert isinstance(scans, list)
    except (ValueError, KeyError, TypeError, AssertionError):
        return JsonResponse({"error": "expected {\"scans\": [...]}"}, status=400)
    results = []
    for scan in scans[:MAX_SYNC]:
        if not isinstance(scan, dict):
            results.append({"client_id": None, "status": "invalid"})
            continue
        result = services.checkin_scan(actor=request.user, event=event, code=str(scan.get("code") or "")[:200],
                                       client_id=str(scan.get("client_id") or "")[:64] or None,
                                       scanned_at=_scanned_at(scan.get("scanned_at")))
        results.append({"client_id": scan.get("client_id"), **result_json(result)})
    return JsonResponse({"results": results, "counts": checkin_counts(event)})
