"""Directory pages: browse and search, profiles, associations and terms, association admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shanglian.core.forms import attach_errors as _attach_errors
from shanglian.directory import access, payment_purpose, selectors, services
from shanglian.directory.exporting import enterprises_xlsx_response, memberships_xlsx_response
from shanglian.directory.forms import EnterpriseForm

PAGE_SIZE = 20


def _filter_choices() -> dict:
    return selectors.filter_choices()


def enterprise_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.DirectoryFilters.from_mapping(request.GET)
    results = selectors.enterprise_directory(filters)
    if request.GET.get("format") == "xlsx":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.get_full_path()}")
        scope = access.export_scope(request.user)
        if scope is None:
            raise PermissionDenied
        return enterprises_xlsx_response(selectors.restrict(results, scope), filename="directory.xlsx")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, **_filter_choices(),
               "query_string": _query_without_page(request),
               "can_export": access.export_scope(request.user) is not None}
    template = "directory/_results.html" if request.htmx else "directory/enterprise_list.html"
    return render(request, template, context)


def _login_url() -> str:
    from django.urls import reverse

    return reverse("login")


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return query.urlencode()


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.enterprise_for_user(request.user, pk)
    contacts = access.can_see_enterprise_contacts(request.user, enterprise)
    context = {
        "enterprise": enterprise,
        **selectors.enterprise_page(enterprise, contacts=contacts),
        "show_contacts": contacts,
        "can_edit": access.can_manage_enterprise(request.user, enterprise),
    }
    if context["can_edit"]:  # its own admins, its association's admins, the secretariat
        context["dues"] = selectors.enterprise_dues(enterprise)
        context["can_pay_dues"] = any(payment_purpose.can_pay(request.user, m) for m in context["dues"][:1])
    return render(request, "directory/enterprise_detail.html", context)


@login_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.enterprise_for_user(request.user, pk, write=True)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(actor=request.user, enterprise=enterprise, values=form.cleaned_data)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("已儲存企業資料。"))
            return redirect(enterprise.get_absolute_url())
    enterprise.refresh_from_db()
    return render(request, "directory/enterprise_form.html", {"form": form, "enterprise": enterprise})


def association_list(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/association_list.html", {"associations": selectors.association_list()})


def association_detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.association_for_user(request.user, slug)
    term = selectors.current_term(association)
    context = {
        "association": association,
        "term": term,
        "bearers": selectors.term_office_bearers(term) if term else [],
        **selectors.association_page(association),
        "can_manage": association.pk in access.managed_association_ids(request.user),
        "show_contacts": access.can_see_contacts(request.user),
    }
    return render(request, "directory/association_detail.html", context)


def term_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    association = access.association_for_user(request.user, slug)
    term = access.term_for_user(request.user, association, number)
    context = {"association": association, "term": term, "bearers": selectors.term_office_bearers(term),
               "terms": selectors.association_terms(association)}
    return render(request, "directory/term_detail.html", context)


@login_required
def manage_members(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.association_for_user(request.user, slug, write=True)
    memberships = selectors.association_members(association, include_inactive=request.GET.get("all") == "1")
    q = (request.GET.get("q") or "").strip()
    if q:
        memberships = selectors.search_members(memberships, q)
    if request.GET.get("format") == "xlsx":
        # Former members' phones and e-mails stay out: contacts are for current members only.
        return memberships_xlsx_response(memberships, filename=f"{association.slug}-members.xlsx",
                                         contacts=access.membership_is_current)
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "directory/manage_members.html",
                  {"association": association, "page": page, "q": q,
                   "query_string": _query_without_page(request)})
