"""Secretariat pages for importing enterprises: upload → preview → confirm → progress → result."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from shanglian.core.errors import messages_add_domain_error
from shanglian.directory import access, selectors
from shanglian.directory.access import is_secretariat
from shanglian.directory.exporting import xlsx_response
from shanglian.directory.importing import services
from shanglian.directory.importing.parse import ImportRefused, check_size, max_bytes, parse_file
from shanglian.directory.importing.template import errors_bytes, template_bytes
from shanglian.directory.importing.validate import COLUMN_LABELS
from shanglian.directory.models import ImportBatch

PAGE_SIZE = 100
SHOW_CHOICES = ("all", "reject", "create", "update")


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Excel（.xlsx）或 CSV 檔案"))


def _staff_only(request: HttpRequest) -> None:
    if not is_secretariat(request.user):
        raise PermissionDenied


import_batch_for_user = access.import_batch_for_user


@login_required
@require_http_methods(["GET", "POST"])
def import_home(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size)  # before reading a byte of a 50 MB file into memory
            parsed = parse_file(upload.read(), upload.name)
        except ImportRefused as exc:
            error = exc.message
            status = 400
        else:
            batch = services.import_batch_create(actor=request.user, filename=upload.name, parsed=parsed)
            return redirect(batch.get_absolute_url())
    elif request.method == "POST":
        status = 400
    context = {
        "form": form, "error": error, "max_mb": max_bytes() // (1024 * 1024),
        "batches": selectors.recent_import_batches(),
    }
    return render(request, "directory/import_upload.html", context, status=status)


def _display_rows(rows: list[dict], columns: list[str]) -> list[dict]:
    out = []
    for row in rows:
        raw = row.get("raw", {})
        out.append({
            "row": row["row"], "action": row["action"], "label": row.get("label", ""),
            "errors": row.get("errors", []), "enterprise_id": row.get("enterprise_id"),
            "warnings": row.get("warnings", []),
            "association": raw.get("association", ""), "br_number": raw.get("br_number", ""),
            "changes": [str(COLUMN_LABELS.get(k.removesuffix("_id").replace("place", "district"), k))
                        for k in (row.get("values") or {}) if k != "br_kind"] if row["action"] == "update" else [],
            "membership": (row.get("membership") or {}).get("association", ""),
        })
    return out


@login_required
@require_http_methods(["GET", "POST"])
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_for_user(request.user, pk)
    if request.method == "POST":
        try:
            services.import_batch_confirm(actor=request.user, batch=batch)
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        return redirect(batch.get_absolute_url())
    if request.GET.get("partial") == "progress":
        response = render(request, "directory/_import_progress.html", {"batch": batch})
        if batch.status != ImportBatch.Status.COMMITTING:
            response["HX-Refresh"] = "true"
        return response
    preview = batch.preview or {}
    rows = preview.get("rows", [])
    show = request.GET.get("show", "")
    if show not in SHOW_CHOICES:
        show = "reject" if batch.rejected_count else "all"
    selected = rows if show == "all" else [r for r in rows if r["action"] == show]
    page = Paginator(selected, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "batch": batch, "page": page, "show": show,
        "display_rows": _display_rows(list(page.object_list), preview.get("columns", [])),
        "columns": [str(COLUMN_LABELS.get(c, c)) for c in preview.get("columns", [])],
        "ignored": preview.get("ignored", []),
        "can_confirm": batch.status == ImportBatch.Status.PREVIEWED and (batch.created_count or batch.updated_count),
        "tabs": [("all", _("全部"), len(rows)), ("create", _("新增"), batch.created_count),
                 ("update", _("更新"), batch.updated_count), ("reject", _("拒絕"), batch.rejected_count)],
    }
    return render(request, "directory/import_batch.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return xlsx_response(template_bytes(), "enterprise-import-template.xlsx")


@login_required
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    batch = import_batch_for_user(request.user, pk)
    return xlsx_response(errors_bytes(batch.preview or {}), f"import-{batch.pk}-errors.xlsx")
