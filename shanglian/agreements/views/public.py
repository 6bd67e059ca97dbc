"""Public pages: 合作成果 (published agreements), one published agreement, and the search of
organisations beside member enterprises."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from shanglian.agreements import access, selectors, services
from shanglian.agreements.forms import OrganisationForm
from shanglian.core.errors import form_add_domain_error
from shanglian.core.excel import workbook_bytes, xlsx_response
from shanglian.core.params import id_param
from shanglian.news import selectors as news_selectors

EXPORT_HEADERS = (
    _l("編號"),
    _l("類別"),
    _l("名稱"),
    "English",
    _l("負責商會"),
    _l("狀態"),
    _l("簽署日期"),
    _l("生效日期"),
    _l("屆滿日期"),
    _l("協議方"),
    _l("語言版本"),
    _l("以何語言版本為準"),
    _l("理事會批准日期"),
    _l("理事會決議編號"),
    _l("已公開"),
)


def achievements(request: HttpRequest) -> HttpResponse:
    agreements = selectors.public_agreements()
    if request.GET.get("format") == "xlsx":
        rows = selectors.agreement_export_rows(agreements)
        headers = [str(h) for h in EXPORT_HEADERS]
        return xlsx_response(workbook_bytes(_("合作成果"), headers, rows), "achievements.xlsx")
    page = Paginator(agreements, 24).get_page(request.GET.get("page"))
    return render(request, "agreements/achievements.html", {"page": page, "figures": selectors.public_figures()})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.public_agreement(pk)
    context = selectors.agreement_page(agreement, request.user)
    context["news"] = news_selectors.articles_about_agreement(agreement.pk)
    return render(request, "agreements/public_detail.html", context)


def organisations(request: HttpRequest) -> HttpResponse:
    q = (request.GET.get("q") or "").strip()[:200]
    kind = request.GET.get("kind") or ""
    orgs = selectors.organisations(q, kind)
    page = Paginator(orgs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/organisations.html",
        {
            "page": page,
            "q": q,
            "kind": kind,
            "kinds": selectors.Organisation.Kind.choices,
            "enterprises": selectors.enterprises_matching(q) if q and not kind else [],
            "can_add": access.can_manage_organisations(request.user),
        },
    )


def organisation(request: HttpRequest, pk: int) -> HttpResponse:
    org = access.organisation_for_user(request.user, id_param(pk))
    return render(request, "agreements/organisation.html", selectors.organisation_page(org, request.user))


@login_required
def organisation_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not access.can_manage_organisations(request.user):
        raise PermissionDenied
    org = access.organisation_for_user(request.user, id_param(pk), write=True) if pk else None
    form = OrganisationForm(request.POST or None, instance=org)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organisation_save(actor=request.user, values=form.cleaned_data, organisation=org)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已儲存機構資料。"))
            return redirect("agreements:organisation", org.pk)
    return render(request, "agreements/organisation_form.html", {"form": form, "organisation": org})
