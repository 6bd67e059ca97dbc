from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError
from shanglian.incubation import access, selectors, services
from shanglian.incubation.models import Residency, Stage


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "incubation/home.html",
        {
            "calls": list(selectors.published_calls()[:30]),
            "mine": list(selectors.my_applications(request.user)[:10]),
            "is_reviewer": access.is_reviewer(request.user),
        },
    )


def describe_rules(rules: list[dict]) -> list[str]:
    from django.utils.translation import gettext as _

    labels = {**dict(Residency.choices), **dict(Stage.choices)}
    out = []
    for r in rules:
        if r["type"] == "age":
            out.append(_("創辦人年齡 %(low)s 至 %(high)s 歲") % {"low": r.get("min", 0), "high": r.get("max", "—")})
        elif r["type"] == "residency":
            out.append(_("創辦人須為：%(v)s") % {"v": ", ".join(str(labels[v]) for v in r["allowed"])})
        elif r["type"] == "shareholding":
            out.append(_("合資格創辦人合共持股最少 %(min)s%%") % {"min": r["min"]})
        elif r["type"] == "team_size":
            out.append(_("團隊人數 %(low)s 至 %(high)s 人") % {"low": r.get("min", 1), "high": r.get("max", "—")})
        elif r["type"] == "stage":
            out.append(_("發展階段：%(v)s") % {"v": ", ".join(str(labels[v]) for v in r["allowed"])})
    return out


def call_detail(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.call_for_public(slug)
    return render(
        request,
        "incubation/call.html",
        {
            "call": call,
            "rules": describe_rules(call.eligibility),
            "is_open": services.call_is_open(call),
            "opens": services.call_local(call, call.opens_at),
            "closes": services.call_local(call, call.closes_at),
            "mine": selectors.application_of(request.user, call),
        },
    )


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    call = access.call_for_public(slug)
    try:
        application = services.application_start(actor=request.user, call=call, language=get_language() or "")
    except DomainError as exc:
        messages.error(request, str(exc))
        return redirect("incubation:call", slug=call.slug)
    return redirect("incubation:application", pk=application.pk)
