"""Association admins' pages: add members, renew and record dues, contacts, terms and office-bearers.

Every lookup goes through access.py (an admin of one association gets 403 on another's
records); every write goes through services.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core import privacy
from shanglian.core.errors import messages_add_domain_error
from shanglian.core.forms import attach_errors as _attach_errors
from shanglian.core.validation import normalise_phone
from shanglian.directory import access, selectors, services
from shanglian.directory.forms import (
    MembershipPaymentForm,
    MembershipRenewForm,
    NewMemberForm,
    OfficeBearerForm,
    PersonForm,
    TermForm,
)
from shanglian.directory.models import Membership


def _membership_in(request: HttpRequest, slug: str, pk: int) -> Membership:
    association = access.association_for_user(request.user, slug, write=True)
    membership = access.membership_for_user(request.user, pk, write=True)
    if membership.association_id != association.pk:
        raise PermissionDenied
    return membership


def _back_to_members(slug: str) -> HttpResponse:
    return redirect(reverse("directory:manage_members", args=[slug]))


@login_required
@require_POST
def membership_renew(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_in(request, slug, pk)
    form = MembershipRenewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("請填寫有效的屆滿日期及會費。"))
        return _back_to_members(slug)
    try:
        services.membership_renew(actor=request.user, membership=membership, end_date=form.cleaned_data["end_date"],
                                  dues_amount=form.cleaned_data["dues_amount"])
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已為 %(member)s 續會。") % {"member": membership.enterprise or membership.person})
    return _back_to_members(slug)


@login_required
@require_POST
def membership_payment(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    membership = _membership_in(request, slug, pk)
    form = MembershipPaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("請填寫有效的繳費日期。"))
        return _back_to_members(slug)
    services.membership_record_payment(actor=request.user, membership=membership,
                                       paid_on=form.cleaned_data["paid_on"])
    messages.success(request, _("已記錄 %(member)s 的會費。") % {"member": membership.enterprise or membership.person})
    return _back_to_members(slug)


@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.association_for_user(request.user, slug, write=True)
    form = NewMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("membership_type", "start_date")}
        try:
            enterprise = services.enterprise_create(
                actor=request.user, values=values, association=association,
                membership_type=form.cleaned_data["membership_type"], start_date=form.cleaned_data["start_date"])
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("已新增會員 %(name)s。") % {"name": enterprise})
            return _back_to_members(slug)
    return render(request, "directory/member_add.html", {"association": association, "form": form})


@login_required
def contacts(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.enterprise_for_user(request.user, pk, write=True)
    person = None
    if request.GET.get("person"):
        person = access.person_for_user(request.user, enterprise, request.GET["person"])
    form = PersonForm(request.POST or None, instance=person)
    # The person must have been given the collection notice (the admin confirms it; recorded).
    consent_errors = privacy.consent_errors(request.POST, phone=_phone_or_blank(request.POST.get("phone", ""))) \
        if request.method == "POST" else {}
    if request.method == "POST" and form.is_valid() and not consent_errors:
        values = {**form.cleaned_data, "enterprise": enterprise}
        try:
            saved = services.person_save(actor=request.user, values=values, person=person)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            privacy.consent_record(purpose="directory_contact", phone=saved.phone, user=request.user,
                                   cross_border=privacy.needs_cross_border(saved.phone))
            messages.success(request, _("已儲存聯絡人。"))
            return redirect(reverse("directory:contacts", args=[enterprise.pk]))
    return render(request, "directory/contacts.html",
                  {"enterprise": enterprise, "people": selectors.enterprise_people(enterprise), "form": form,
                   "person": person, "consent_errors": consent_errors})


def _phone_or_blank(raw: str) -> str:
    try:
        return normalise_phone(raw[:40])
    except ValidationError:
        return ""


@login_required
def terms_manage(request: HttpRequest, slug: str) -> HttpResponse:
    association = access.association_for_user(request.user, slug, write=True)
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if selectors.term_exists(association, form.cleaned_data["number"]):
            form.add_error("number", _("此屆別已存在。"))
        else:
            try:
                term = services.term_create(actor=request.user, association=association, **form.cleaned_data)
            except ValidationError as exc:
                _attach_errors(form, exc)
            else:
                messages.success(request, _("已新增%(label)s。") % {"label": term.label})
                return redirect(reverse("directory:term_bearers", args=[slug, term.number]))
    return render(request, "directory/terms_manage.html",
                  {"association": association, "form": form, "terms": selectors.association_terms(association)})


@login_required
def term_bearers(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    association = access.association_for_user(request.user, slug, write=True)
    term = access.term_for_user(request.user, association, number)
    form = OfficeBearerForm(request.POST or None, association=association)
    if request.method == "POST" and form.is_valid():
        try:
            services.office_bearer_add(actor=request.user, term=term, **form.cleaned_data)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("已新增會務職位。"))
            return redirect(reverse("directory:term_bearers", args=[slug, number]))
    bearers = selectors.term_office_bearers(term)
    return render(request, "directory/term_bearers.html",
                  {"association": association, "term": term, "form": form, "bearers": bearers})
