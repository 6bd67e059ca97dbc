"""Pages of customs: thin — access → selector/service → render.

Public: the 福建自貿區 hub (partners) and the rules in force. Logged in: declarations (the seller's
enterprise, the agent, the secretariat), the agent inbox (bundles, receipts), the workbench (Excel
orders → declarations), the B2B export dossiers. Staff: the limits rule page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.core.errors import DomainError, form_add_domain_error
from shanglian.core.excel import xlsx_response
from shanglian.customs import access, dossier, positive_import, selectors, services, workbench
from shanglian.customs.forms import (
    BundleForm,
    DossierForm,
    LimitRuleForm,
    PositiveListUploadForm,
    ReasonForm,
    ReceiptUploadForm,
    WorkbenchForm,
)
from shanglian.customs.models import Declaration, Partner

MAX_RECEIPT_BYTES = 2 * 1024 * 1024


# ------------------------------------------------------------------------------ public

def home(request: HttpRequest) -> HttpResponse:
    kind, city = request.GET.get("kind", ""), request.GET.get("city", "")
    partners = selectors.hub_directory(kind=kind, city=city)
    return render(request, "customs/home.html", {
        "partners": partners, "kind": kind, "city": city, "kinds": Partner.Kind.choices,
        "cities": Partner.City.choices, "snapshot": selectors.rules_page()["limit"]})


def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.partner_public(pk)
    return render(request, "customs/partner.html", {"partner": partner})


def rules(request: HttpRequest) -> HttpResponse:
    return render(request, "customs/rules.html", selectors.rules_page(hs=request.GET.get("hs", "")))


# ------------------------------------------------------------------------------ declarations

@login_required
def declarations(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    qs = selectors.declaration_page(request.user, status=status)
    return render(request, "customs/declarations.html", {
        "declarations": qs[:200], "status": status, "statuses": Declaration.Status.choices,
        "counts": selectors.status_counts(selectors.declarations_visible_to(request.user))})


@login_required
def declaration_detail(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = access.declaration_for_user(request.user, pk)
    return render(request, "customs/declaration.html", {
        "d": declaration, **selectors.declaration_detail(declaration),
        "problems": services.declaration_problems(declaration),
        "can_act": access.can_act_on_declaration(request.user, declaration),
        "cancel_form": ReasonForm(prefix="cancel"), "refund_form": ReasonForm(prefix="refund")})


@login_required
def message_xml(request: HttpRequest, pk: int, message: int) -> HttpResponse:
    declaration = access.declaration_for_user(request.user, pk)
    found = selectors.message_of(declaration, message)
    if found is None:
        raise Http404
    response = HttpResponse(found.xml.encode("utf-8"), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{found.kind}_{found.guid}.xml"'
    return response


def _declaration_action(request: HttpRequest, pk: int, action, prefix: str) -> HttpResponse:
    declaration = access.declaration_for_user(request.user, pk)
    if not access.can_act_on_declaration(request.user, declaration):
        raise PermissionDenied
    form = ReasonForm(request.POST, prefix=prefix)
    if not form.is_valid():
        messages.error(request, _("請填寫原因。"))
        return redirect("customs:declaration", pk=declaration.pk)
    try:
        action(actor=request.user, declaration=declaration, reason=form.cleaned_data["reason"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已建立報文，請交申報代理發送。"))
    return redirect("customs:declaration", pk=declaration.pk)


@login_required
@require_POST
def declaration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return _declaration_action(request, pk, services.declaration_cancel, "cancel")


@login_required
@require_POST
def declaration_refund(request: HttpRequest, pk: int) -> HttpResponse:
    return _declaration_action(request, pk, services.declaration_refund, "refund")


# ------------------------------------------------------------------------------ the agent inbox

@login_required
def agent_inbox(request: HttpRequest) -> HttpResponse:
    access.require_agent_access(request.user)
    agents = access.agents_for_user(request.user)
    return render(request, "customs/agent.html", {
        "agents": agents, "inbox": selectors.inbox_of(agents)[:200], "bundles": selectors.bundles_of(agents),
        "bundle_form": BundleForm(agents=agents), "receipt_form": ReceiptUploadForm()})


@login_required
@require_POST
def bundle_create(request: HttpRequest) -> HttpResponse:
    access.require_agent_access(request.user)
    form = BundleForm(request.POST, agents=access.agents_for_user(request.user))
    if not form.is_valid():
        messages.error(request, _("請選擇申報代理。"))
        return redirect("customs:agent")
    try:
        bundle = services.bundle_create(actor=request.user, agent=form.cleaned_data["agent"])
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已打包 %(n)d 份申報。") % {"n": bundle.count})
    return redirect("customs:agent")


@login_required
def bundle_download(request: HttpRequest, pk: int) -> HttpResponse:
    bundle = access.bundle_for_user(request.user, pk)
    services.bundle_mark_downloaded(actor=request.user, bundle=bundle)
    response = HttpResponse(bytes(bundle.content), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="customs-bundle-{bundle.pk}.zip"'
    return response


@login_required
@require_POST
def receipt_upload(request: HttpRequest) -> HttpResponse:
    access.require_agent_access(request.user)
    form = ReceiptUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("請選擇回執檔案。"))
        return redirect("customs:agent")
    upload = form.cleaned_data["file"]
    if upload.size > MAX_RECEIPT_BYTES:
        messages.error(request, _("回執檔案太大（上限 2 MB）。"))
        return redirect("customs:agent")
    agent = access.receipt_agent(request.user)
    try:
        receipts = services.receipt_import(actor=request.user, data=upload.read(), agent=agent)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已匯入 %(n)d 張回執。") % {"n": len(receipts)})
    return redirect("customs:agent")


# ------------------------------------------------------------------------------ the workbench

@login_required
def workbench_home(request: HttpRequest) -> HttpResponse:
    enterprises = access.enterprises_for_workbench(request.user)
    form = WorkbenchForm(request.POST or None, request.FILES or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(workbench.MAX_BYTES + 1)
        try:
            batch = services.batch_create(
                actor=request.user, enterprise=form.cleaned_data["enterprise"], filename=upload.name, data=data,
                mode=form.cleaned_data["mode"], agent=form.cleaned_data["agent"],
                ebp=(form.cleaned_data["ebp_code"], form.cleaned_data["ebp_name"]),
                ebc=(form.cleaned_data["ebc_code"], form.cleaned_data["ebc_name"]))
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            return redirect("customs:batch", pk=batch.pk)
    return render(request, "customs/workbench.html", {
        "form": form, "has_enterprise": access.has_enterprises(request.user),
        "batches": selectors.batches_of(request.user)})


@login_required
def workbench_template(request: HttpRequest) -> HttpResponse:
    return xlsx_response(workbench.template_bytes(), "customs-orders-template.xlsx")


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.batch_for_user(request.user, pk)
    problems = [{**p, "text": workbench.problem_text(p)} for p in batch.row_problems]
    return render(request, "customs/batch.html", {"batch": batch, "problems": problems,
                                                  "order_count": len(batch.orders)})


@login_required
@require_POST
def batch_commit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.batch_for_user(request.user, pk)
    try:
        made = services.batch_commit(actor=request.user, batch=batch)
    except DomainError as exc:
        messages.error(request, str(exc.message))
        return redirect("customs:batch", pk=batch.pk)
    messages.success(request, _("已建立 %(n)d 份申報。") % {"n": len(made)})
    return redirect("customs:declarations")


# ------------------------------------------------------------------------------ B2B export dossiers

@login_required
def dossiers(request: HttpRequest) -> HttpResponse:
    enterprises = access.enterprises_for_workbench(request.user)
    form = DossierForm(request.POST or None, enterprises=enterprises)
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k not in ("goods", "enterprise")}
        try:
            made = services.dossier_create(actor=request.user, enterprise=form.cleaned_data["enterprise"],
                                           values=values, lines=form.cleaned_data["goods"])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已建立出口檔案。"))
            return redirect("customs:dossier_pdf", pk=made.pk) if request.POST.get("pdf") else redirect(
                "customs:dossiers")
    return render(request, "customs/dossiers.html", {
        "form": form, "has_enterprise": access.has_enterprises(request.user),
        "dossiers": selectors.dossiers_of(request.user)})


@login_required
def dossier_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.dossier_for_user(request.user, pk)
    response = HttpResponse(dossier.pdf_bytes(found), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="dossier-{found.pk}.pdf"'
    return response


@login_required
def dossier_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    found = access.dossier_for_user(request.user, pk)
    return xlsx_response(dossier.xlsx_bytes(found), f"dossier-{found.pk}.xlsx")


# ------------------------------------------------------------------------------ the secretariat

@staff_member_required
def staff_rules(request: HttpRequest) -> HttpResponse:
    form = LimitRuleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.limit_rule_add(actor=request.user, values=form.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已加入新的限值規則。"))
            return redirect("customs:staff_rules")
    return render(request, "customs/staff_rules.html", {"form": form, **selectors.rules_page()})


@staff_member_required
@require_POST
def partner_publish(request: HttpRequest, pk: int) -> HttpResponse:
    partner = access.partner_public(pk)
    try:
        services.partner_publish(actor=request.user, partner=partner)
    except DomainError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("已發佈到商機配對。"))
    return redirect("customs:partner", pk=partner.pk)


# ------------------------------------------------------------------------------ positive-list versions
@staff_member_required
def positive_list(request: HttpRequest) -> HttpResponse:
    """The secretariat uploads an official list version (Excel or CSV) → preview."""
    form = PositiveListUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > positive_import.MAX_BYTES:
            form.add_error("file", _("檔案太大（上限 5 MB）。"))
        else:
            try:
                batch = services.positive_list_import_create(
                    actor=request.user, filename=upload.name, data=upload.read(), code=form.cleaned_data["code"],
                    title=form.cleaned_data["title"], valid_from=form.cleaned_data["valid_from"],
                    source=form.cleaned_data["source"])
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                return redirect("customs:positive_list_import", pk=batch.pk)
    return render(request, "customs/positive_list.html", {"form": form, **selectors.positive_list_page()})


@staff_member_required
def positive_list_import(request: HttpRequest, pk: int) -> HttpResponse:
    batch = access.positive_list_import_for_user(request.user, pk)
    if request.method == "POST":
        try:
            version = services.positive_list_import_commit(actor=request.user, batch=batch)
        except DomainError as exc:
            messages.error(request, str(exc.message))
            return redirect("customs:positive_list_import", pk=batch.pk)
        messages.success(request, _("已匯入清單版本 %(code)s（%(n)d 個稅號），%(day)s 起生效。")
                         % {"code": version.code, "n": version.official_count, "day": version.valid_from})
        return redirect("customs:positive_list")
    problems = [{**p, "text": positive_import.problem_text(p)} for p in batch.problems]
    return render(request, "customs/positive_list_import.html", {
        "batch": batch, "problems": problems, "sample": batch.items[:20],
        "more_problems": max(0, batch.problem_count - len(problems))})
