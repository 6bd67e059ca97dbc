"""Pages of this app: thin — access → selector/service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.charity import access, forms, letters, selectors, services
from shanglian.core.errors import Forbidden, form_add_domain_error, messages_add_domain_error


def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = [(c, selectors.totals(c)) for c in access.public_campaigns()]
    return render(request, "charity/list.html", {"campaigns": campaigns, "staff": access.is_secretariat(request.user),
                                                 "recorder_of": access.recorder_campaigns(request.user)})


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_public(pk)
    return render(request, "charity/detail.html", {
        "campaign": campaign, "totals": selectors.totals(campaign), "leaderboard": selectors.leaderboard(campaign),
        "gifts": selectors.in_kind_gifts(campaign), "can_record": access.can_record(request.user, campaign)})


@login_required
def pledge_new(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_public(pk)
    form = forms.PledgeForm(request.POST or None, sides=access.pledge_sides(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            services.pledge_create(actor=request.user, campaign=campaign, amount=form.cleaned_data["amount"],
                                   in_kind=form.cleaned_data["in_kind"], donor_name=form.cleaned_data["donor_name"],
                                   leaderboard_consent=form.cleaned_data["leaderboard_consent"], **form.side_values())
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("多謝你的認捐！請按受惠機構的指示直接捐款；本平台不經手款項。"))
            return redirect("charity:mine")
    return render(request, "charity/pledge.html", {"campaign": campaign, "form": form})


@login_required
def my_pledges(request: HttpRequest) -> HttpResponse:
    return render(request, "charity/mine.html", {"pledges": selectors.my_pledges(request.user)})


@login_required
def campaign_new(request: HttpRequest) -> HttpResponse:
    if not access.is_secretariat(request.user):
        raise Forbidden()
    form = forms.CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            return redirect("charity:manage", pk=campaign.pk)
    return render(request, "charity/form.html", {"form": form})


@login_required
def campaign_manage(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_for_recorder(request.user, pk)
    usage = forms.UsageForm(request.POST or None, initial={"text": campaign.usage_report})
    if request.method == "POST" and usage.is_valid():
        services.usage_report_save(actor=request.user, campaign=campaign, text=usage.cleaned_data["text"])
        messages.success(request, _("已儲存。"))
        return redirect("charity:manage", pk=campaign.pk)
    return render(request, "charity/manage.html", {
        "campaign": campaign, "pledges": selectors.pledges_for_manager(campaign), "usage": usage,
        "receive": forms.ReceiveForm(), "totals": selectors.totals(campaign),
        "staff": access.is_secretariat(request.user)})


@require_POST
@login_required
def campaign_status(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = access.campaign_for_recorder(request.user, pk)
    if not access.is_secretariat(request.user):
        raise Forbidden()
    services.campaign_set_status(actor=request.user, campaign=campaign, status=request.POST.get("status", ""))
    return redirect("charity:manage", pk=campaign.pk)


@require_POST
@login_required
def pledge_receive(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = access.pledge_for_user(request.user, pk, record=True)
    form = forms.ReceiveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors.as_text())
        services.pledge_receive(actor=request.user, pledge=pledge, **form.cleaned_data)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已記錄收款。"))
    return redirect("charity:manage", pk=pledge.campaign_id)


@require_POST
@login_required
def pledge_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = access.pledge_for_user(request.user, pk)
    try:
        services.pledge_cancel(actor=request.user, pledge=pledge)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    return redirect("charity:mine")


@login_required
def thank_you_letter(request: HttpRequest, pk: int) -> HttpResponse:
    pledge = access.pledge_for_user(request.user, pk)
    response = HttpResponse(letters.thank_you_pdf(pledge), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="thank-you-{pledge.pk}.pdf"'
    return response
