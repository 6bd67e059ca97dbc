"""The secretariat: review queue, disputes, federation usage."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import messages_add_domain_error
from shanglian.sharing import access, selectors, services
from shanglian.sharing.forms import ReasonForm, ResolveForm


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    return render(request, "sharing/review_queue.html", {"rows": selectors.review_queue()[:200],
                                                         "form": ReasonForm()})


@login_required
@require_POST
def review_decision(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    access.require_secretariat(request.user)
    if decision not in ("approve", "return"):
        raise Http404
    listing = access.listing_for_user(request.user, pk, write=True)
    form = ReasonForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        services.listing_review(actor=request.user, listing=listing, approve=decision == "approve", reason=reason)
        messages.success(request, _("已發佈。") if decision == "approve" else _("已退回。"))
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    return redirect("sharing:review_queue")


@login_required
def usage(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    return render(request, "sharing/usage.html", selectors.federation_usage())


@login_required
def disputes(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    return render(request, "sharing/disputes.html", {"rows": selectors.open_disputes()[:200], "form": ResolveForm()})


@login_required
@require_POST
def dispute_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    dispute = access.dispute_for_staff(request.user, pk)
    form = ResolveForm(request.POST)
    if form.is_valid():
        try:
            services.dispute_resolve(actor=request.user, dispute=dispute, resolution=form.cleaned_data["resolution"])
            messages.success(request, _("已記錄處理結果。"))
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
    else:
        messages.error(request, _("請寫下處理結果。"))
    return redirect("sharing:disputes")
