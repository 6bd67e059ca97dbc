"""Pages of this app: thin — access → selector/service → render.

Composing and sending: the secretariat and association admins (reached from the dashboard).
Public, no login: the tracking pixel, the click redirect, the per-topic unsubscribe link and the
preferences page (both signed), so a recipient never needs an account to opt out.
"""

from __future__ import annotations

import base64
import datetime

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from shanglian.core.errors import form_add_domain_error, messages_add_domain_error
from shanglian.core.params import id_param
from shanglian.mailings import access, selectors, services
from shanglian.mailings.forms import BounceImportForm, MailingForm, ScheduleForm

PIXEL = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")


def _require_mailer(request: HttpRequest) -> None:
    if not access.can_mail(request.user):
        raise PermissionDenied


@login_required
def mailing_list(request: HttpRequest) -> HttpResponse:
    _require_mailer(request)
    return render(request, "mailings/list.html", {"mailings": selectors.mailings_for_user(request.user)[:200]})


def _compose(request: HttpRequest, mailing=None) -> HttpResponse:
    if request.method == "POST":
        data = request.POST.copy()
        if request.POST.get("action") == "draft":  # fill the 简体 draft from the 繁體 master, then keep editing
            for key, value in services.simplified_from_master(
                    {k: data.get(k, "") for k in ("subject_zh_hant", "body_zh_hant")}).items():
                data[key] = value
            form = MailingForm(data, user=request.user)
            form.is_valid()
            messages.info(request, _("已由繁體產生简体草稿，請校對後儲存。"))
        else:
            form = MailingForm(data, user=request.user)
            if form.is_valid():
                try:
                    saved = services.mailing_save(actor=request.user, values=form.values(), mailing=mailing)
                except ValidationError as exc:
                    form_add_domain_error(form, exc)
                else:
                    messages.success(request, _("已儲存草稿。"))
                    return redirect("mailings:detail", pk=saved.pk)
    else:
        form = MailingForm(initial=MailingForm.initial_for(mailing) if mailing else None, user=request.user)
    return render(request, "mailings/form.html", {"form": form, "mailing": mailing})


@login_required
def mailing_create(request: HttpRequest) -> HttpResponse:
    _require_mailer(request)
    return _compose(request)


@login_required
def mailing_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = access.mailing_for_user(request.user, id_param(pk))
    if not mailing.editable:
        messages.warning(request, _("只可修改草稿。"))
        return redirect("mailings:detail", pk=mailing.pk)
    return _compose(request, mailing)


@login_required
def mailing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = access.mailing_for_user(request.user, id_param(pk))
    context = {"mailing": mailing, "schedule_form": ScheduleForm(),
               "report": selectors.mailing_report(mailing) if not mailing.editable else None,
               "preview": selectors.mailing_preview(mailing) if mailing.status in ("draft", "scheduled") else None}
    return render(request, "mailings/detail.html", context)


@login_required
def mailing_progress(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = access.mailing_for_user(request.user, id_param(pk))
    return render(request, "mailings/_progress.html", {"mailing": mailing,
                                                       "report": selectors.mailing_report(mailing)})


@login_required
@require_POST
def mailing_schedule(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = access.mailing_for_user(request.user, id_param(pk))
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("發送時間無效。"))
        return redirect("mailings:detail", pk=mailing.pk)
    send_at: datetime.datetime | None = form.cleaned_data.get("send_at")
    try:
        services.mailing_schedule(actor=request.user, mailing=mailing, send_at=send_at)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        when = timezone.localtime(send_at).strftime("%Y-%m-%d %H:%M") if send_at else None
        messages.success(request, _("已排期於 %(when)s 發送。") % {"when": when} if when else _("已開始發送。"))
    return redirect("mailings:detail", pk=mailing.pk)


@login_required
@require_POST
def mailing_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    mailing = access.mailing_for_user(request.user, id_param(pk))
    try:
        services.mailing_cancel(actor=request.user, mailing=mailing)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已取消。"))
    return redirect("mailings:detail", pk=mailing.pk)


@staff_member_required
def bounces(request: HttpRequest) -> HttpResponse:
    form = BounceImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = services.bounces_import(text=form.cleaned_data["addresses"], kind=form.cleaned_data["kind"],
                                         actor=request.user)
        messages.success(request, _("已記錄 %(n)s 個地址；%(bad)s 個無效。") % {"n": result["recorded"],
                                                                               "bad": result["invalid"]})
        return redirect("mailings:bounces")
    return render(request, "mailings/bounces.html", {"form": form})


# ------------------------------------------------------------------------------------ public, no login
def track_open(request: HttpRequest, token: str) -> HttpResponse:
    services.delivery_opened(token=token)
    response = HttpResponse(PIXEL, content_type="image/gif")
    response["Cache-Control"] = "no-store"
    return response


def track_click(request: HttpRequest, token: str) -> HttpResponse:
    url, signature = request.GET.get("u", ""), request.GET.get("s", "")
    if not url.startswith(("https://", "http://")) or not services.click_target_ok(url, signature):
        raise Http404
    services.delivery_clicked(token=token)
    return HttpResponseRedirect(url)


@csrf_exempt  # RFC 8058 one-click: mail clients POST "List-Unsubscribe=One-Click" without a form
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    parsed = services.read_unsubscribe_token(token)
    if parsed is None:
        raise Http404
    email, topic_id = parsed
    topic = next((t for t in selectors.topics() if t.pk == topic_id), None)
    if topic is None:
        raise Http404
    done = False
    if request.method == "POST":
        services.topic_unsubscribe(email=email, topic_id=topic_id)
        done = True
    return render(request, "mailings/unsubscribe.html", {
        "email": email, "topic": topic, "done": done,
        "preferences_url": reverse("mailings:preferences", kwargs={"token": services.preferences_token(email)})})


def preferences(request: HttpRequest, token: str) -> HttpResponse:
    email = services.read_preferences_token(token)
    if email is None:
        raise Http404
    if request.method == "POST":
        topic_ids = {i for i in (id_param(v) for v in request.POST.getlist("topics")) if i is not None}
        services.preferences_save(email=email, subscribed_topic_ids=topic_ids,
                                  marketing=request.POST.get("marketing") == "1", actor=request.user)
        messages.success(request, _("已儲存你的通訊偏好。"))
        return redirect("mailings:preferences", token=token)
    return render(request, "mailings/preferences.html", selectors.preferences_state(email))


@login_required
def my_preferences(request: HttpRequest) -> HttpResponse:
    if not request.user.email:
        messages.warning(request, _("你的帳戶未有電郵地址。"))
        return redirect("dashboard")
    return redirect("mailings:preferences", token=services.preferences_token(request.user.email))
