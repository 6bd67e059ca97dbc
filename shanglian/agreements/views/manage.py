"""The agreements register: list, create, detail (parties, files, obligations, timeline,
provenance, outcomes, ceremony), and the actions posted from the detail page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.agreements import access, selectors, services
from shanglian.agreements.forms import (
    PARTY_ROWS,
    AgreementForm,
    CeremonyForm,
    FileForm,
    NoteForm,
    ObligationForm,
    OutcomeForm,
    PartyEditForm,
    PartyForm,
    PhotoForm,
    SourceForm,
    TransitionForm,
)
from shanglian.agreements.pdf import run_of_show_pdf
from shanglian.agreements.views.public import EXPORT_HEADERS
from shanglian.core.errors import DomainError, form_add_domain_error
from shanglian.core.excel import workbook_bytes, xlsx_response
from shanglian.core.params import id_param


def _party_in(code: str, user: Any, **extra: Any) -> services.PartyIn | None:
    found = selectors.party_target(code, user)
    if found is None:
        return None
    kind, obj = found
    key = {"a": "association", "e": "enterprise", "o": "organisation"}[kind]
    return services.PartyIn(**{key: obj}, **extra)


@login_required
def register(request: HttpRequest) -> HttpResponse:
    """Agreements the user may see; managers get filters, the Excel export and the create button."""
    status, kind = request.GET.get("status") or "", request.GET.get("kind") or ""
    association = id_param(request.GET.get("association"))
    qs = selectors.agreement_list(request.user, status=status, kind=kind, association=association)
    if request.GET.get("format") == "xlsx":
        if not access.can_manage_any(request.user):
            raise PermissionDenied
        qs = selectors.agreement_list(request.user, status=status, kind=kind, association=association, manage=True)
        rows = selectors.agreement_export_rows(qs)
        return xlsx_response(workbook_bytes(_("協議"), [str(h) for h in EXPORT_HEADERS], rows), "agreements.xlsx")
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "agreements/register.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "association": association,
            "statuses": selectors.Agreement.Status.choices,
            "kinds": selectors.Agreement.Kind.choices,
            "associations": selectors.funnel_associations(request.user),
            "manage": access.can_manage_any(request.user),
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_any(request.user):
        raise PermissionDenied
    choices = selectors.party_choices(request.user)
    form = AgreementForm(
        request.POST or None,
        associations=access.managed_associations(request.user),
        secretariat=access.is_secretariat(request.user),
        party_choices=choices,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parties: list[services.PartyIn] = []
        for i in range(1, PARTY_ROWS + 1):
            code = data.get(f"party{i}")
            if not code:
                continue
            party = _party_in(
                code,
                request.user,
                signatory_name=data.get(f"signatory{i}") or "",
                signatory_title=data.get(f"signatory_title{i}") or "",
            )
            if party is None:
                form.add_error(f"party{i}", _("找不到此協議方。"))
            else:
                parties.append(party)
        if not form.errors:
            try:
                agreement = services.agreement_create(actor=request.user, values=data, parties=parties)
            except ValidationError as exc:
                form_add_domain_error(form, exc)
            else:
                messages.success(request, _("已建立協議 %(ref)s。") % {"ref": agreement.reference})
                return redirect(agreement.get_absolute_url())
    return render(
        request, "agreements/agreement_form.html", {"form": form, "agreement": None, "party_rows": PARTY_ROWS}
    )


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    form = AgreementForm(
        request.POST or None,
        instance=agreement,
        associations=access.managed_associations(request.user),
        secretariat=access.is_secretariat(request.user),
    )
    photo_form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        photo = request.FILES.get("photo")
        try:
            if photo is not None:
                services.photo_check(photo)
                values["photo"] = photo
            services.agreement_update(actor=request.user, agreement=agreement, values=values)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已儲存協議。"))
            return redirect(agreement.get_absolute_url())
    return render(
        request, "agreements/agreement_form.html", {"form": form, "agreement": agreement, "photo_form": photo_form}
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk))
    context = selectors.agreement_page(agreement, request.user)
    if context["manage"]:
        choices = selectors.party_choices(request.user)
        context.update(
            {
                "party_form": PartyForm(party_choices=choices),
                "transition_form": TransitionForm(
                    initial={
                        "signed_on": agreement.signed_on,
                        "board_approved_on": agreement.board_approved_on,
                        "board_resolution": agreement.board_resolution,
                    }
                ),
                "file_form": FileForm(),
                "obligation_form": ObligationForm(owners=selectors.owner_choices(agreement)),
                "note_form": NoteForm(obligations=context["obligations"]),
                "source_form": SourceForm(),
                "outcome_form": OutcomeForm(projects=access.visible_projects(request.user)),
            }
        )
    return render(request, "agreements/detail.html", context)


def _back(request: HttpRequest, agreement: Any, form: Any = None, error: Exception | None = None) -> HttpResponse:
    if error is not None:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    elif form is not None and form.errors:
        messages.error(
            request,
            " ".join(
                f"{form.fields[k].label if k in form.fields else ''} {' '.join(v)}".strip()
                for k, v in form.errors.items()
            ),
        )
    return redirect(agreement.get_absolute_url())


@login_required
@require_POST
def party_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    form = PartyForm(request.POST, party_choices=selectors.party_choices(request.user))
    if not form.is_valid():
        return _back(request, agreement, form)
    data = form.cleaned_data
    party = _party_in(
        data["party"],
        request.user,
        signatory_name=data["signatory_name"],
        signatory_title=data["signatory_title"],
        seat=data["seat"],
    )
    try:
        if party is None:
            raise DomainError("party_missing", _("找不到此協議方。"))
        services.party_add(actor=request.user, agreement=agreement, party=party)
    except ValidationError as exc:
        return _back(request, agreement, error=exc)
    messages.success(request, _("已加入協議方。"))
    return _back(request, agreement)


@login_required
@require_POST
def party_edit(request: HttpRequest, pk: int, party_pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    party = selectors.party_for(agreement, id_param(party_pk))
    if party is None:
        raise Http404
    form = PartyEditForm(request.POST)
    if not form.is_valid():
        return _back(request, agreement, form)
    services.party_update(actor=request.user, party=party, values=form.cleaned_data)
    messages.success(request, _("已更新協議方。"))
    return _back(request, agreement)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        return _back(request, agreement, form)
    try:
        agreement = services.agreement_transition(
            actor=request.user, agreement=agreement, to=form.cleaned_data["to"], values=form.cleaned_data
        )
    except ValidationError as exc:
        return _back(request, agreement, error=exc)
    messages.success(request, _("協議狀態已改為「%(status)s」。") % {"status": agreement.get_status_display()})
    return _back(request, agreement)


@login_required
@require_POST
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _back(request, agreement, form)
    upload = form.cleaned_data["file"]
    if upload.size > services.MAX_PDF_BYTES:
        return _back(request, agreement, error=DomainError("file_too_large", _("檔案太大。")))
    try:
        record = services.file_upload(
            actor=request.user,
            agreement=agreement,
            language=form.cleaned_data["language"],
            name=upload.name,
            data=upload.read(),
            note=form.cleaned_data["note"],
        )
    except ValidationError as exc:
        return _back(request, agreement, error=exc)
    messages.success(request, _("已上載 %(name)s（第 %(v)s 版）。") % {"name": record.filename, "v": record.version})
    return _back(request, agreement)


@login_required
def file_download(request: HttpRequest, pk: int, file_pk: int) -> FileResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk))
    if not access.can_see_files(request.user, agreement):
        raise Http404
    record = selectors.agreement_file(agreement, id_param(file_pk))
    if record is None:
        raise Http404
    try:
        handle = record.file.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    return FileResponse(handle, as_attachment=True, filename=record.filename, content_type="application/pdf")


@login_required
@require_POST
def obligation_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    owners = selectors.owner_choices(agreement)
    form = ObligationForm(request.POST, owners=owners)
    if not form.is_valid():
        return _back(request, agreement, form)
    values = dict(form.cleaned_data)
    values["owner"] = selectors.owner_user(values.get("owner"), owners)
    try:
        services.obligation_add(actor=request.user, agreement=agreement, values=values)
    except ValidationError as exc:
        return _back(request, agreement, error=exc)
    messages.success(request, _("已新增責任 / 里程碑。"))
    return _back(request, agreement)


@login_required
@require_POST
def obligation_done(request: HttpRequest, pk: int, obligation_pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    obligation = selectors.obligation_for(agreement, id_param(obligation_pk))
    if obligation is None:
        raise Http404
    services.obligation_done(actor=request.user, obligation=obligation)
    messages.success(request, _("已標示為完成。"))
    return _back(request, agreement)


@login_required
@require_POST
def note_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    form = NoteForm(request.POST, obligations=selectors.obligations_of(agreement))
    if not form.is_valid():
        return _back(request, agreement, form)
    obligation = selectors.obligation_for(agreement, form.cleaned_data.get("obligation"))
    try:
        services.note_add(
            actor=request.user, agreement=agreement, text=form.cleaned_data["text"], obligation=obligation
        )
    except ValidationError as exc:
        return _back(request, agreement, error=exc)
    messages.success(request, _("已加入進度備註。"))
    return _back(request, agreement)


@login_required
@require_POST
def source_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    form = SourceForm(request.POST)
    if not form.is_valid():
        return _back(request, agreement, form)
    kind = form.cleaned_data["kind"]
    target = selectors.source_target(kind, form.cleaned_data["object_id"])
    try:
        services.source_add(actor=request.user, agreement=agreement, kind=kind, target=target)
    except ValidationError as exc:
        return _back(request, agreement, error=exc)
    messages.success(request, _("已連結來源。"))
    return _back(request, agreement)


@login_required
@require_POST
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    form = OutcomeForm(request.POST, projects=access.visible_projects(request.user))
    if not form.is_valid():
        return _back(request, agreement, form)
    try:
        services.outcome_add(actor=request.user, agreement=agreement, values=form.cleaned_data)
    except ValidationError as exc:
        return _back(request, agreement, error=exc)
    messages.success(request, _("已記錄成果。"))
    return _back(request, agreement)


@login_required
def ceremony(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    events = selectors.ceremony_events(request.user)
    current = selectors.ceremony_run_of_show(agreement)["ceremony"]
    form = CeremonyForm(request.POST or None, instance=current, events=events)
    if request.method == "POST" and form.is_valid():
        event = next((e for e in events if e.pk == form.cleaned_data["event"]), None)
        try:
            if event is None:
                raise DomainError("event_missing", fields={"event": _("請選擇你可管理的活動。")})
            services.ceremony_schedule(actor=request.user, agreement=agreement, event=event, values=form.cleaned_data)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已將簽約儀式加入活動議程。"))
            return redirect(agreement.get_absolute_url())
    return render(request, "agreements/ceremony_form.html", {"form": form, "agreement": agreement, "events": events})


@login_required
def ceremony_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = access.agreement_for_user(request.user, id_param(pk), write=True)
    show = selectors.ceremony_run_of_show(agreement)
    response = HttpResponse(
        run_of_show_pdf(agreement, show["ceremony"], show["parties"]), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="run-of-show-{agreement.pk}.pdf"'
    return response


@login_required
def funnel(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_any(request.user):
        raise PermissionDenied
    from shanglian.core.params import int_param

    year = int_param(request.GET.get("year"), None, minimum=1900, maximum=2999)
    association = id_param(request.GET.get("association"))
    data = selectors.funnel(request.user, year=year, association=association)
    return render(
        request,
        "agreements/funnel.html",
        {**data, "year": year, "association": association, "associations": selectors.funnel_associations(request.user)},
    )
