"""Directory pages: browse and search, profiles, associations and terms, association admin."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shanglian.core.errors import form_add_domain_error
from shanglian.core.models import Industry, Place
from shanglian.directory import access, selectors, services
from shanglian.directory.exporting import enterprises_xlsx_response, memberships_xlsx_response
from shanglian.directory.forms import EnterpriseForm
from shanglian.directory.models import Association, Term

PAGE_SIZE = 20


def _filter_choices() -> dict:
    return {
        "associations": Association.objects.filter(kind=Association.Kind.MEMBER).only("slug", "name_zh", "name_en"),
        "places": Place.objects.filter(kind__in=["hk_district", "macao", "gba_city", "mainland"]),
        "industries": Industry.objects.filter(parent__isnull=True),
    }


def enterprise_list(request: HttpRequest) -> HttpResponse:
    filters = selectors.DirectoryFilters.from_mapping(request.GET)
    results = selectors.enterprise_directory(filters)
    if request.GET.get("format") == "xlsx":
        if not request.user.is_authenticated:
            return redirect(f"{_login_url()}?next={request.get_full_path()}")
        return enterprises_xlsx_response(results, filename="directory.xlsx")
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, **_filter_choices(),
               "query_string": _query_without_page(request)}
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
    memberships = enterprise.memberships.select_related("association").filter(status__in=["active", "pending"])
    context = {
        "enterprise": enterprise,
        "memberships": memberships,
        "show_contacts": access.can_see_contacts(request.user),
        "can_edit": access.can_manage_enterprise(request.user, enterprise),
        "people": enterprise.people.all() if access.can_see_contacts(request.user) else [],
    }
    return render(request, "directory/enterprise_detail.html", context)


@login_required
def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.enterprise_for_user(request.user, pk, write=True)
    form = EnterpriseForm(request.POST or None, instance=enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.enterprise_update(actor=request.user, enterprise=enterprise, values=form.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已儲存企業資料。"))
            return redirect(enterprise.get_absolute_url())
    enterprise.refresh_from_db()
    return render(request, "directory/enterprise_form.html", {"form": form, "enterprise": enterprise})




def association_list(request: HttpRequest) -> HttpResponse:
    associations = Association.objects.prefetch_related("districts").order_by("kind", "sort")
    return render(request, "directory/association_list.html", {"associations": associations})


def association_detail(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.association_for_user(request.user, slug)
    term = selectors.current_term(association)
    context = {
        "association": association,
        "term": term,
        "bearers": selectors.term_office_bearers(term) if term else [],
        "terms": association.terms.order_by("-number"),
        "member_count": association.memberships.filter(status__in=["active", "pending"]).count(),
        "member_associations": Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort")
        if association.kind == Association.Kind.FEDERATION else [],
        "can_manage": association.pk in access.managed_association_ids(request.user),
        "show_contacts": access.can_see_contacts(request.user),
    }
    return render(request, "directory/association_detail.html", context)


def term_detail(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    association = access.association_for_user(request.user, slug)
    term = get_object_or_404(Term, association=association, number=number)
    context = {"association": association, "term": term, "bearers": selectors.term_office_bearers(term),
               "terms": association.terms.order_by("-number")}
    return render(request, "directory/term_detail.html", context)


@login_required
def manage_members(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.association_for_user(request.user, slug, write=True)
    memberships = selectors.association_members(association, include_inactive=request.GET.get("all") == "1")
    q = (request.GET.get("q") or "").strip()
    if q:
        from shanglian.core.search import search_filter
        from shanglian.directory.models import Enterprise

        matching = search_filter(Enterprise.objects.all(), kind=services.SEARCH_KIND, query=q)
        memberships = memberships.filter(enterprise__in=matching.values("pk"))
    if request.GET.get("format") == "xlsx":
        return memberships_xlsx_response(memberships, filename=f"{association.slug}-members.xlsx")
    page = Paginator(memberships, 50).get_page(request.GET.get("page"))
    return render(request, "directory/manage_members.html",
                  {"association": association, "page": page, "q": q,
                   "query_string": _query_without_page(request)})
