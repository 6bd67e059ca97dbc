"""Pages of this app: thin — access → selector/service → render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.competition import access, certificates, forms, selectors, services
from shanglian.core.errors import NotFound, form_add_domain_error, messages_add_domain_error
from shanglian.core.http import client_ip, safe_next
from shanglian.core.params import id_param, int_param
from shanglian.core.search import search_query_info
from shanglian.festival.phone_session import session_phone

MAX_UPLOAD_READ = 40 * 1024 * 1024
GALLERY_PAGE_SIZE = 24


def competition_list(request: HttpRequest) -> HttpResponse:
    staff = access.is_secretariat(request.user)
    return render(request, "competition/list.html", {
        "competitions": selectors.all_competitions() if staff else selectors.open_competitions(), "staff": staff})


def _competition_form(request: HttpRequest, competition=None) -> HttpResponse:
    initial = None
    if competition is not None:
        initial = {"categories": services.categories_text(competition),
                   "age_groups": services.age_groups_text(competition)}
    elif request.method != "POST":
        initial = {"categories": "城市風貌 | 城市风貌 | Cityscape\n人物 | 人物 | People",
                   "age_groups": "少年組 | 12 | 17 | 少年组 | Junior\n青年組 | 18 | 29 | 青年组 | Youth"}
    form = forms.CompetitionForm(request.POST or None, instance=competition, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.competition_save(
                actor=request.user, values=form.values(), categories=form.cleaned_data["categories"],
                age_groups=form.cleaned_data["age_groups"], competition=competition)
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已儲存比賽。"))
            return redirect("competition:manage", pk=saved.pk)
    return render(request, "competition/form.html", {"form": form, "competition": competition})


@login_required
def competition_new(request: HttpRequest) -> HttpResponse:
    access.require_secretariat(request.user)
    return _competition_form(request)


@login_required
def competition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _competition_form(request, access.competition_for_staff(request.user, pk))


@require_POST
@login_required
def judge_invite(request: HttpRequest, pk: int) -> HttpResponse:
    competition = access.competition_for_staff(request.user, pk)
    form = forms.JudgeInviteForm(request.POST)
    if form.is_valid():
        try:
            services.judge_invite(actor=request.user, competition=competition, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("已寄出評審邀請。"))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("competition:manage", pk=competition.pk)


@require_POST
@login_required
def judge_invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.judge_invitation_for_staff(request.user, pk)
    try:
        services.judge_invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("competition:manage", pk=invitation.competition_id)


@login_required
def judge_invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise NotFound()
    if request.method == "POST":
        try:
            services.judge_invitation_accept(user=request.user, invitation=invitation)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("你已成為本比賽的評審。"))
            return redirect("competition:judging", pk=invitation.competition_id)
    return render(request, "competition/invitation.html", {"invitation": invitation,
                                                           "competition": invitation.competition})


def competition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    competition = access.competition_public(pk)
    return render(request, "competition/detail.html", {
        "competition": competition, "is_judge": access.is_judge(request.user, competition),
        "staff": access.is_secretariat(request.user)})


@login_required
def entry_new(request: HttpRequest, pk: int) -> HttpResponse:
    competition = access.competition_public(pk)
    form = forms.EntryForm(request.POST or None, request.FILES or None, competition=competition)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["photo"]
        data = upload.read(min(upload.size, MAX_UPLOAD_READ) + 1) if upload.size <= MAX_UPLOAD_READ else b"x" * (
            competition.max_bytes + 1)
        try:
            services.entry_submit(
                actor=request.user, competition=competition, category_id=id_param(form.cleaned_data["category"]),
                age_group_id=id_param(form.cleaned_data["age_group"]), entrant_name=form.cleaned_data["entrant_name"],
                birth_date=form.cleaned_data["birth_date"], title=form.cleaned_data["title"], data=data,
                guardian_name=form.cleaned_data["guardian_name"],
                guardian_consent=form.cleaned_data["guardian_consent"])
        except ValidationError as exc:
            form_add_domain_error(form, exc)
        else:
            messages.success(request, _("已收到你的作品。"))
            return redirect("competition:mine")
    return render(request, "competition/enter.html", {"competition": competition, "form": form})


@login_required
def my_entries(request: HttpRequest) -> HttpResponse:
    return render(request, "competition/mine.html", {"entries": selectors.my_entries(request.user)})


@require_POST
@login_required
def entry_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.entry_for_owner(request.user, pk)
    try:
        services.entry_withdraw(actor=request.user, entry=entry)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    return redirect("competition:mine")


def entry_image(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if kind == "original":
        entry = access.entry_for_original(request.user, pk)
        field = entry.original
    elif kind in ("public", "thumb"):
        entry = access.entry_public(pk)
        field = entry.public_image if kind == "public" else entry.thumbnail
    else:
        raise NotFound()
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError):
        raise NotFound() from None
    response = FileResponse(handle, content_type="image/jpeg" if kind != "original" else None)
    response["Cache-Control"] = "private, max-age=3600" if kind == "original" else "public, max-age=86400"
    return response


def gallery(request: HttpRequest, pk: int) -> HttpResponse:
    """Live entries, 24 a page: search (``q``, 繁/简/English), category and age group filters
    (ids of another competition or junk are ignored), any page number (clamped)."""
    competition = access.competition_public(pk)
    typed = (request.GET.get("q") or "").strip()
    q = typed[:search_query_info(typed).max_chars]  # the search reads no further; links stay short
    category = selectors.gallery_category(competition, id_param(request.GET.get("category")))
    age_group = selectors.gallery_age_group(competition, id_param(request.GET.get("age")))
    entries = selectors.gallery(competition, q=q, category=category, age_group=age_group)
    page = Paginator(entries, GALLERY_PAGE_SIZE).get_page(int_param(request.GET.get("page"), 1))
    params = [("q", q), ("category", category.pk if category else ""), ("age", age_group.pk if age_group else "")]
    query_string = urlencode([(k, v) for k, v in params if v])
    here = reverse("competition:gallery", args=[competition.pk]) + "?" + urlencode(
        [(k, v) for k, v in params if v] + ([("page", page.number)] if page.number > 1 else []))
    return render(request, "competition/gallery.html", {
        "competition": competition, "page": page, "q": q, "typed": typed, "category": category,
        "age_group": age_group, "categories": selectors.categories(competition),
        "age_groups": selectors.age_groups(competition), "filtered": bool(q or category or age_group),
        "query_string": query_string, "here": here.rstrip("?"),
        "voting": competition.voting_open(), "phone": session_phone(request)})


def _gallery_return(request: HttpRequest, competition_id: int) -> str:
    """Where a vote goes back to: the gallery page it was cast from (search, filters, page), when
    the form says so and it is this competition's gallery; else the gallery's first page."""
    gallery_url = reverse("competition:gallery", args=[competition_id])
    target = safe_next(request, gallery_url).split("#")[0]
    return target if target.startswith(gallery_url) else gallery_url


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.entry_public(pk)
    phone = session_phone(request)
    back = _gallery_return(request, entry.competition_id)
    if not phone:
        return redirect(reverse("festival:phone") + "?" + urlencode({"next": back}))
    try:
        services.vote_rate_check(ip=client_ip(request), phone=phone)
        services.vote_cast(competition=entry.competition, entry_id=entry.pk, phone=phone, ip=client_ip(request))
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("多謝投票！每個手機號碼只可投一票。"))
    return redirect(f"{back}#entry-{entry.pk}")


def fraud_report(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.entry_public(pk)
    form = forms.FraudForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not services.rate_ok("report_ip", client_ip(request), 10, 3600):
            form.add_error(None, _("請求太頻繁，請稍後再試。"))
        else:
            services.fraud_report(entry=entry, reason=form.cleaned_data["reason"], reporter=request.user)
            messages.success(request, _("多謝舉報，主辦單位會跟進。"))
            return redirect("competition:gallery", pk=entry.competition_id)
    return render(request, "competition/report.html", {"entry": entry, "form": form})


@login_required
def judging(request: HttpRequest, pk: int) -> HttpResponse:
    competition = access.competition_public(pk)
    judge = access.judge_for_user(request.user, competition)
    current = selectors.current_round(competition)
    if request.method == "POST" and current is not None:
        entry, _judge = access.entry_for_judge(request.user, id_param(request.POST.get("entry")))
        try:
            if request.POST.get("conflict"):
                services.conflict_declare(judge=judge, entry=entry, reason=request.POST.get("reason", ""))
            else:
                services.score_submit(judge=judge, round=current, entry=entry, values=request.POST)
        except ValidationError as exc:
            messages.error(request, f"{entry.code}: " + " ".join(exc.messages))
        return redirect("competition:judging", pk=competition.pk)
    return render(request, "competition/judging.html", {
        "competition": competition, "round": current, "criteria": services.CRITERIA,
        "rows": selectors.judging_sheet(judge, current) if current else []})


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    competition = access.competition_for_staff(request.user, pk)
    current = selectors.current_round(competition)
    if request.method == "POST":
        try:
            action = request.POST.get("action", "")
            if action == "status":
                services.competition_set_status(actor=request.user, competition=competition,
                                                status=request.POST.get("status", ""))
            elif action == "close_round" and current is not None:
                services.round_close(actor=request.user, round=current)
            elif action == "disqualify":
                entry = access.entry_for_staff(request.user, competition, id_param(request.POST.get("entry")))
                services.entry_disqualify(actor=request.user, entry=entry, reason=request.POST.get("reason", ""))
        except ValidationError as exc:
            messages_add_domain_error(request, exc)
        return redirect("competition:manage", pk=competition.pk)
    return render(request, "competition/manage.html", {
        "competition": competition, "round": current,
        "progress": selectors.round_progress(current) if current else None,
        "reports": selectors.fraud_reports(competition), "duplicates": selectors.duplicates(competition),
        "suspicious": selectors.suspicious_votes(competition), "judges": selectors.judges(competition),
        "entries": selectors.live_count(competition), "statuses": competition.Status,
        "invitations": selectors.judge_invitations(competition), "invite_form": forms.JudgeInviteForm(),
        "live": selectors.live_entries(competition)[:500]})


def results(request: HttpRequest, pk: int) -> HttpResponse:
    competition = access.competition_public(pk)
    published = competition.status == competition.Status.RESULTS
    return render(request, "competition/results.html", {
        "competition": competition, "published": published,
        "awards": selectors.results(competition) if published else [],
        "favourite": selectors.public_favourite(competition) if published else None})


@login_required
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.entry_for_owner(request.user, pk)
    if entry.competition.status != entry.competition.Status.RESULTS:
        raise NotFound()
    response = HttpResponse(certificates.certificate_pdf(entry), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{entry.code}.pdf"'
    return response
