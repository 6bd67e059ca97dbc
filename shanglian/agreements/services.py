"""Every write of the agreements app: keyword-only, atomic, audited, side effects on commit.

Bad input (expiry before signature, a party twice, a file that is not a PDF, instalments that do
not add up to the pledge) raises a DomainError with translated per-field messages before anything
is written, so nothing is ever partial.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.agreements.models import (
    LANGUAGE_CHOICES,
    Activity,
    Agreement,
    AgreementFile,
    Ceremony,
    Instalment,
    Obligation,
    ObligationReminder,
    Organisation,
    Outcome,
    Party,
    Pledge,
    Project,
    Source,
)
from shanglian.core.audit import audit_record, diff, snapshot
from shanglian.core.errors import DomainError
from shanglian.core.search import search_index_bulk, search_index_update
from shanglian.core.uploads import UploadRefused, check_image
from shanglian.directory.models import Association, Enterprise

SEARCH_KIND = "organisation"
NAME_WEIGHT = 3
DORMANT_AFTER = datetime.timedelta(days=182)  # six months without activity
REMINDER_DAYS = (90, 60, 30)
INSTALMENT_REMINDER_DAYS = 30
MAX_PDF_BYTES = 20 * 1024 * 1024
MAX_PHOTO_BYTES = 8 * 1024 * 1024


def photo_check(upload: Any) -> None:
    """A ceremony photo: at most MAX_PHOTO_BYTES read (never the whole upload), then its pixels
    checked from the header before anything is decoded. Raises UploadRefused on the ``photo`` field."""
    upload.seek(0)
    data = upload.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        message = _("相片太大（上限 8 MB）。")
        raise UploadRefused("file_too_large", message, fields={"photo": [message]})
    check_image(data)
    upload.seek(0)
LANGS = {code for code, _label in LANGUAGE_CHOICES}

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Agreement.Status.DRAFT: (Agreement.Status.APPROVED,),
    Agreement.Status.APPROVED: (Agreement.Status.SIGNED, Agreement.Status.DRAFT),
    Agreement.Status.SIGNED: (Agreement.Status.ACTIVE, Agreement.Status.TERMINATED),
    Agreement.Status.ACTIVE: (
        Agreement.Status.DORMANT,
        Agreement.Status.EXPIRED,
        Agreement.Status.RENEWED,
        Agreement.Status.TERMINATED,
    ),
    Agreement.Status.DORMANT: (
        Agreement.Status.ACTIVE,
        Agreement.Status.EXPIRED,
        Agreement.Status.RENEWED,
        Agreement.Status.TERMINATED,
    ),
    Agreement.Status.EXPIRED: (Agreement.Status.RENEWED,),
    Agreement.Status.RENEWED: (),
    Agreement.Status.TERMINATED: (),
}


# ---- organisations --------------------------------------------------------------------------

ORGANISATION_FIELDS = (
    "kind",
    "name_zh_hant",
    "name_zh_hans",
    "name_en",
    "country",
    "region",
    "website",
    "contact_name",
    "contact_title",
    "contact_email",
    "contact_phone",
    "notes",
)


def organisation_search_parts(organisation: Organisation) -> list[str]:
    names = [organisation.name_zh_hant, organisation.name_zh_hans, organisation.name_en]
    return names * NAME_WEIGHT + [organisation.country, organisation.region, str(organisation.get_kind_display())]


@transaction.atomic
def organisation_save(*, actor: Any, values: dict[str, Any], organisation: Organisation | None = None) -> Organisation:
    name = (values.get("name_zh_hant") or "").strip()
    if not name:
        raise DomainError("organisation_name", fields={"name_zh_hant": _("請輸入機構的繁體中文名稱。")})
    clash = Organisation.objects.filter(name_zh_hant=name)
    if organisation is not None:
        clash = clash.exclude(pk=organisation.pk)
    if clash.exists():
        raise DomainError("organisation_exists", fields={"name_zh_hant": _("已有同名的機構。")})
    before = snapshot(organisation) if organisation else {}
    organisation = organisation or Organisation()
    for key in ORGANISATION_FIELDS:
        if key in values:
            value = values[key]
            setattr(organisation, key, value.strip() if isinstance(value, str) else value)
    organisation.save()
    search_index_update(kind=SEARCH_KIND, object_id=organisation.pk, parts=organisation_search_parts(organisation))
    audit_record(
        actor=actor,
        action="agreements.organisation_save",
        target=organisation,
        changes=diff(before, snapshot(organisation)),
    )
    return organisation


def organisation_reindex_all(*, batch: int = 1000) -> int:
    qs = Organisation.objects.order_by("pk")
    return search_index_bulk(
        kind=SEARCH_KIND,
        rows=((o.pk, organisation_search_parts(o)) for o in qs.iterator(chunk_size=batch)),
        batch=batch,
    )


# ---- agreements -----------------------------------------------------------------------------

AGREEMENT_FIELDS = (
    "kind",
    "title_zh_hant",
    "title_zh_hans",
    "title_en",
    "scope_zh_hant",
    "scope_zh_hans",
    "scope_en",
    "association",
    "signed_on",
    "effective_on",
    "expires_on",
    "languages",
    "prevailing_language",
    "is_public",
    "news_url",
)


AGREEMENT_AUDIT_FIELDS = [*AGREEMENT_FIELDS, "status", "board_approved_on", "board_resolution", "approved_by"]


def _snap(agreement: Agreement) -> dict[str, Any]:
    return snapshot(
        agreement, [f if f not in ("association", "approved_by") else f"{f}_id" for f in AGREEMENT_AUDIT_FIELDS]
    )


@dataclass
class PartyIn:
    """One party as entered: exactly one of association / enterprise / organisation."""

    association: Association | None = None
    enterprise: Enterprise | None = None
    organisation: Organisation | None = None
    signatory_name: str = ""
    signatory_title: str = ""
    order: int | None = None
    seat: str = ""

    def key(self) -> tuple[str, int]:
        if self.association is not None:
            return ("a", self.association.pk)
        if self.enterprise is not None:
            return ("e", self.enterprise.pk)
        if self.organisation is not None:
            return ("o", self.organisation.pk)
        return ("", 0)


def _log(agreement: Agreement, *, actor: Any, verb: str, text: str = "", obligation: Obligation | None = None) -> None:
    """A timeline entry; any activity keeps (or brings back) an agreement out of dormancy."""
    now = timezone.now()
    Activity.objects.create(
        agreement=agreement,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        text=text[:2000],
        obligation=obligation,
    )
    updates: dict[str, Any] = {"last_activity_at": now}
    if verb != Activity.Verb.DORMANT and agreement.status == Agreement.Status.DORMANT:
        updates["status"] = Agreement.Status.ACTIVE
    Agreement.objects.filter(pk=agreement.pk).update(**updates)
    for key, value in updates.items():
        setattr(agreement, key, value)


def _clean_languages(value: Any) -> str:
    items = value if isinstance(value, list | tuple) else str(value or "").split(",")
    codes = [str(code).strip() for code in items if str(code).strip()]
    return ",".join(dict.fromkeys(codes))


def _check_agreement(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    signed, expires = values.get("signed_on"), values.get("expires_on")
    effective = values.get("effective_on")
    if signed and expires and expires < signed:
        errors.setdefault("expires_on", []).append(_("屆滿日期不可早於簽署日期。"))
    if effective and expires and expires < effective:
        errors.setdefault("expires_on", []).append(_("屆滿日期不可早於生效日期。"))
    languages = _clean_languages(values.get("languages", "zh-hant")).split(",")
    if not languages or any(code not in LANGS for code in languages):
        errors.setdefault("languages", []).append(_("語言版本只可選繁體中文、简体中文或 English。"))
    elif values.get("prevailing_language") and values["prevailing_language"] not in languages:
        errors.setdefault("prevailing_language", []).append(_("以之為準的語言版本必須是協議的其中一個語言版本。"))
    if "title_zh_hant" in values and not (values.get("title_zh_hant") or "").strip():
        errors.setdefault("title_zh_hant", []).append(_("請輸入協議名稱。"))
    if errors:
        raise DomainError("agreement_invalid", _("協議資料有誤，請修正後再儲存。"), fields=errors)


def _check_parties(parties: list[PartyIn], existing: list[tuple[str, int]] | None = None) -> None:
    seen = set(existing or [])
    for index, party in enumerate(parties, start=1):
        key = party.key()
        if not key[0]:
            raise DomainError("party_missing", fields={"parties": _("第 %(n)s 個協議方未選擇機構。") % {"n": index}})
        if key in seen:
            raise DomainError(
                "party_twice",
                fields={
                    "parties": _("「%(name)s」已是協議方，同一方不可加入兩次。")
                    % {"name": str(party.association or party.enterprise or party.organisation)}
                },
            )
        seen.add(key)


def _party_create(agreement: Agreement, party: PartyIn, order: int) -> Party:
    return Party.objects.create(
        agreement=agreement,
        association=party.association,
        enterprise=party.enterprise,
        organisation=party.organisation,
        signatory_name=party.signatory_name.strip()[:120],
        signatory_title=party.signatory_title.strip()[:160],
        order=party.order or order,
        seat=party.seat[:20],
    )


@transaction.atomic
def agreement_create(*, actor: Any, values: dict[str, Any], parties: list[PartyIn]) -> Agreement:
    values = {**values, "languages": _clean_languages(values.get("languages", "zh-hant"))}
    _check_agreement({**values, "title_zh_hant": values.get("title_zh_hant", "")})
    _check_parties(parties)
    agreement = Agreement(
        reference=f"tmp-{uuid.uuid4().hex[:20]}",
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        last_activity_at=timezone.now(),
    )
    for key in AGREEMENT_FIELDS:
        if key in values:
            setattr(agreement, key, values[key])
    agreement.save()
    agreement.reference = f"AGR-{agreement.created_at:%Y}-{agreement.pk:05d}"
    agreement.save(update_fields=["reference"])
    for order, party in enumerate(parties, start=1):
        _party_create(agreement, party, order)
    _log(agreement, actor=actor, verb=Activity.Verb.CREATED)
    audit_record(
        actor=actor,
        action="agreements.agreement_create",
        target=agreement,
        association_id=agreement.association_id,
        changes=_snap(agreement),
    )
    return agreement


@transaction.atomic
def agreement_update(*, actor: Any, agreement: Agreement, values: dict[str, Any]) -> Agreement:
    if "languages" in values:
        values = {**values, "languages": _clean_languages(values["languages"])}
    merged = {
        key: values.get(key, getattr(agreement, key))
        for key in ("signed_on", "expires_on", "effective_on", "languages", "prevailing_language")
    }
    _check_agreement({**values, **merged})
    before = _snap(agreement)
    for key in AGREEMENT_FIELDS:
        if key in values:
            setattr(agreement, key, values[key])
    if "photo" in values and values["photo"]:
        agreement.photo = values["photo"]
    agreement.save()
    changes = diff(before, _snap(agreement))
    _log(agreement, actor=actor, verb=Activity.Verb.UPDATED, text=", ".join(sorted(changes)))
    audit_record(
        actor=actor,
        action="agreements.agreement_update",
        target=agreement,
        association_id=agreement.association_id,
        changes=changes,
    )
    return agreement


@transaction.atomic
def party_add(*, actor: Any, agreement: Agreement, party: PartyIn) -> Party:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    existing = [
        PartyIn(association=p.association, enterprise=p.enterprise, organisation=p.organisation).key()
        for p in agreement.parties.select_related("association", "enterprise", "organisation")
    ]
    _check_parties([party], existing)
    if agreement.status not in (Agreement.Status.DRAFT, Agreement.Status.APPROVED):
        raise DomainError("party_after_signing", _("協議已簽署，不可再加入協議方。"), status=409)
    order = (agreement.parties.aggregate(m=Max("order"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            created = _party_create(agreement, party, order)
    except IntegrityError as exc:  # a concurrent add of the same party
        raise DomainError("party_twice", fields={"parties": _("同一方不可加入兩次。")}) from exc
    _log(agreement, actor=actor, verb=Activity.Verb.PARTY, text=str(created.target))
    audit_record(
        actor=actor,
        action="agreements.party_add",
        target=created,
        association_id=agreement.association_id,
        changes=snapshot(created),
    )
    return created


@transaction.atomic
def party_update(*, actor: Any, party: Party, values: dict[str, Any]) -> Party:
    before = snapshot(party)
    for key in ("signatory_name", "signatory_title", "order", "seat"):
        if key in values and values[key] is not None:
            setattr(party, key, values[key])
    party.save()
    audit_record(
        actor=actor,
        action="agreements.party_update",
        target=party,
        association_id=party.agreement.association_id,
        changes=diff(before, snapshot(party)),
    )
    return party


@transaction.atomic
def agreement_transition(
    *, actor: Any, agreement: Agreement, to: str, values: dict[str, Any] | None = None
) -> Agreement:
    """Move along draft → approved → signed → active → dormant → expired / renewed / terminated."""
    values = values or {}
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if to not in TRANSITIONS.get(agreement.status, ()):
        raise DomainError(
            "bad_transition",
            _("協議現為「%(from)s」，不可轉為「%(to)s」。")
            % {"from": agreement.get_status_display(), "to": dict(Agreement.Status.choices).get(to, to)},
            status=409,
        )
    before = _snap(agreement)
    errors: dict[str, str] = {}
    if to == Agreement.Status.APPROVED:
        approved_on = values.get("board_approved_on") or agreement.board_approved_on
        resolution = (values.get("board_resolution") or agreement.board_resolution or "").strip()
        if not approved_on:
            errors["board_approved_on"] = _("請輸入理事會批准的日期。")
        if not resolution:
            errors["board_resolution"] = _("請輸入理事會決議編號。")
        agreement.board_approved_on, agreement.board_resolution = approved_on, resolution
        agreement.approved_by = actor if getattr(actor, "is_authenticated", False) else None
    if to == Agreement.Status.SIGNED:
        agreement.signed_on = values.get("signed_on") or agreement.signed_on
        if not agreement.signed_on:
            errors["signed_on"] = _("請輸入簽署日期。")
        elif agreement.expires_on and agreement.expires_on < agreement.signed_on:
            errors["signed_on"] = _("屆滿日期不可早於簽署日期。")
        parties = list(agreement.parties.all())
        if len(parties) < 2:
            errors["parties"] = _("協議最少要有兩方才可簽署。")
        elif any(not p.signatory_name for p in parties):
            errors["parties"] = _("每一方都要填寫簽署人才可記錄簽署。")
    if to == Agreement.Status.ACTIVE and not agreement.effective_on:
        agreement.effective_on = values.get("effective_on") or agreement.signed_on
    if errors:
        raise DomainError("transition_refused", _("未能變更狀態，請補充資料。"), fields=errors)
    agreement.status = to
    agreement.save()
    _log(agreement, actor=actor, verb=Activity.Verb.STATUS, text=agreement.status)
    audit_record(
        actor=actor,
        action="agreements.agreement_transition",
        target=agreement,
        association_id=agreement.association_id,
        changes=diff(before, _snap(agreement)),
    )
    return agreement


def agreements_flag_dormant(*, now: datetime.datetime | None = None) -> int:
    """Active agreements with no activity for six months become dormant (idempotent; run daily)."""
    now = now or timezone.now()
    flagged = 0
    candidates = Agreement.objects.filter(
        status=Agreement.Status.ACTIVE, last_activity_at__lt=now - DORMANT_AFTER
    ).values_list("pk", flat=True)
    for pk in list(candidates):
        with transaction.atomic():
            # Conditional UPDATE: an agreement touched meanwhile (or flagged by another run) is left alone.
            changed = Agreement.objects.filter(
                pk=pk, status=Agreement.Status.ACTIVE, last_activity_at__lt=now - DORMANT_AFTER
            ).update(status=Agreement.Status.DORMANT)
            if changed:
                agreement = Agreement.objects.get(pk=pk)
                Activity.objects.create(agreement=agreement, verb=Activity.Verb.DORMANT, text="")
                audit_record(
                    actor=None,
                    action="agreements.agreement_dormant",
                    target=agreement,
                    association_id=agreement.association_id,
                )
                flagged += 1
    return flagged


# ---- files ----------------------------------------------------------------------------------


def check_pdf(data: bytes) -> None:
    """A PDF starts with %PDF- (allowing a little junk before it, as readers do) and ends with %%EOF."""
    if not data:
        raise UploadRefused("empty_file", _("檔案是空的。"))
    if len(data) > MAX_PDF_BYTES:
        raise UploadRefused("file_too_large", _("檔案太大（上限 %(mb)s MB）。") % {"mb": MAX_PDF_BYTES // 1048576})
    if b"%PDF-" not in data[:1024] or b"%%EOF" not in data[-2048:]:
        raise UploadRefused("not_pdf", _("只接受 PDF 檔案：此檔案不是 PDF。"))


@transaction.atomic
def file_upload(
    *, actor: Any, agreement: Agreement, language: str, name: str, data: bytes, note: str = ""
) -> AgreementFile:
    if language not in LANGS:
        raise DomainError("bad_language", fields={"language": _("請選擇語言版本。")})
    check_pdf(data)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    version = (agreement.files.filter(language=language).aggregate(m=Max("version"))["m"] or 0) + 1
    safe_name = (name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1] or "agreement.pdf")[:150]
    if not safe_name.lower().endswith(".pdf"):
        safe_name += ".pdf"
    record = AgreementFile(
        agreement=agreement,
        language=language,
        version=version,
        filename=safe_name,
        size=len(data),
        note=note[:200],
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record.file.save(f"{agreement.pk}-{language}-v{version}-{uuid.uuid4().hex[:8]}.pdf", ContentFile(data), save=False)
    record.save()
    if language not in agreement.language_list():
        agreement.languages = ",".join([*agreement.language_list(), language])
        agreement.save(update_fields=["languages"])
    _log(agreement, actor=actor, verb=Activity.Verb.FILE, text=f"{safe_name} ({language} v{version})")
    audit_record(
        actor=actor,
        action="agreements.file_upload",
        target=record,
        association_id=agreement.association_id,
        changes={"filename": safe_name, "version": version, "language": language},
    )
    return record


# ---- obligations, notes, reminders -----------------------------------------------------------


@transaction.atomic
def obligation_add(*, actor: Any, agreement: Agreement, values: dict[str, Any]) -> Obligation:
    title = (values.get("title") or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("請輸入內容。")
    if not values.get("due_on"):
        errors["due_on"] = _("請輸入限期。")
    if errors:
        raise DomainError("obligation_invalid", fields=errors)
    obligation = Obligation.objects.create(
        agreement=agreement,
        kind=values.get("kind") or Obligation.Kind.OBLIGATION,
        title=title[:200],
        owner=values.get("owner"),
        due_on=values["due_on"],
    )
    _log(agreement, actor=actor, verb=Activity.Verb.OBLIGATION, text=title, obligation=obligation)
    audit_record(
        actor=actor,
        action="agreements.obligation_add",
        target=obligation,
        association_id=agreement.association_id,
        changes=snapshot(obligation),
    )
    return obligation


@transaction.atomic
def obligation_done(*, actor: Any, obligation: Obligation, done_on: datetime.date | None = None) -> Obligation:
    changed = Obligation.objects.filter(pk=obligation.pk, done_on__isnull=True).update(
        done_on=done_on or timezone.localdate()
    )
    obligation.refresh_from_db()
    if changed:
        _log(obligation.agreement, actor=actor, verb=Activity.Verb.DONE, text=obligation.title, obligation=obligation)
        audit_record(
            actor=actor,
            action="agreements.obligation_done",
            target=obligation,
            association_id=obligation.agreement.association_id,
        )
    return obligation


@transaction.atomic
def note_add(*, actor: Any, agreement: Agreement, text: str, obligation: Obligation | None = None) -> None:
    text = (text or "").strip()
    if not text:
        raise DomainError("note_empty", fields={"text": _("請輸入進度備註。")})
    if obligation is not None and obligation.agreement_id != agreement.pk:
        raise DomainError("note_obligation", fields={"obligation": _("此責任不屬於這份協議。")})
    _log(agreement, actor=actor, verb=Activity.Verb.NOTE, text=text, obligation=obligation)
    audit_record(actor=actor, action="agreements.note_add", target=agreement, association_id=agreement.association_id)


def _recipients_for_obligation(obligation: Obligation) -> list[Any]:
    if obligation.owner_id and obligation.owner.email:
        return [obligation.owner]
    creator = obligation.agreement.created_by
    return [creator] if creator is not None and creator.email else []


def obligation_reminders_send(*, today: datetime.date | None = None) -> int:
    """Send the 90-, 60- and 30-day reminders of open obligations; each goes at most once (the
    unique row is written first), and a late first run sends only the nearest one."""
    from shanglian.core.mail import send_templated_mail, user_language

    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=max(REMINDER_DAYS))
    sent = 0
    due = (
        Obligation.objects.filter(done_on__isnull=True, due_on__gte=today, due_on__lte=horizon)
        .exclude(
            agreement__status__in=[Agreement.Status.TERMINATED, Agreement.Status.EXPIRED, Agreement.Status.RENEWED]
        )
        .select_related("agreement", "owner", "agreement__created_by")
    )
    for obligation in due:
        days_left = (obligation.due_on - today).days
        crossed = [d for d in REMINDER_DAYS if days_left <= d]
        if not crossed:
            continue
        nearest = min(crossed)
        with transaction.atomic():
            try:
                with transaction.atomic():
                    ObligationReminder.objects.create(obligation=obligation, days=nearest)
            except IntegrityError:
                continue
            # The earlier thresholds are spent too: a reminder at 30 days makes the 60 and 90 moot.
            for days in crossed:
                if days != nearest:
                    ObligationReminder.objects.get_or_create(obligation=obligation, days=days)
            for user in _recipients_for_obligation(obligation):
                send_templated_mail(
                    to=[user.email],
                    template="agreements/email/obligation_reminder",
                    language=user_language(user),
                    context={
                        "obligation": obligation,
                        "agreement": obligation.agreement,
                        "days": days_left,
                        "recipient": user,
                    },
                )
            Activity.objects.create(
                agreement=obligation.agreement, verb=Activity.Verb.REMINDER, obligation=obligation, text=f"{nearest}"
            )
            sent += 1
    return sent


# ---- provenance and outcomes ---------------------------------------------------------------


@transaction.atomic
def source_add(*, actor: Any, agreement: Agreement, kind: str, target: Any) -> Source:
    if kind not in Source.Kind.values or target is None:
        raise DomainError("source_missing", fields={"object_id": _("找不到此來源記錄。")})
    field = {"match": "match", "introduction": "introduction", "meeting": "meeting", "event": "event"}[kind]
    if Source.objects.filter(agreement=agreement, **{field: target}).exists():
        raise DomainError("source_twice", fields={"object_id": _("此來源已連結到這份協議。")}, status=409)
    try:
        with transaction.atomic():
            source = Source.objects.create(agreement=agreement, kind=kind, **{field: target})
    except IntegrityError as exc:
        raise DomainError("source_twice", fields={"object_id": _("此來源已連結到這份協議。")}, status=409) from exc
    _log(agreement, actor=actor, verb=Activity.Verb.LINK, text=f"{kind}:#{target.pk}")
    audit_record(
        actor=actor,
        action="agreements.source_add",
        target=source,
        association_id=agreement.association_id,
        changes={"kind": kind, "object_id": target.pk},
    )
    return source


@transaction.atomic
def outcome_add(*, actor: Any, agreement: Agreement, values: dict[str, Any]) -> Outcome:
    kind = values.get("kind")
    errors = {}
    if kind not in Outcome.Kind.values:
        errors["kind"] = _("請選擇成果類別。")
    amount, jobs = values.get("amount"), values.get("jobs")
    if amount is not None and amount < 0:
        errors["amount"] = _("金額不可為負數。")
    if kind in (Outcome.Kind.DEAL, Outcome.Kind.INVESTMENT) and amount is None:
        errors["amount"] = _("交易及投資須填寫金額。")
    if kind == Outcome.Kind.JOBS and not jobs:
        errors["jobs"] = _("請填寫職位數目。")
    if kind == Outcome.Kind.PROJECT and not values.get("project"):
        errors["project"] = _("請選擇項目。")
    if errors:
        raise DomainError("outcome_invalid", fields=errors)
    outcome = Outcome.objects.create(
        agreement=agreement,
        kind=kind,
        amount=amount,
        jobs=jobs,
        project=values.get("project"),
        description=(values.get("description") or "")[:300],
        recorded_on=values.get("recorded_on") or timezone.localdate(),
    )
    _log(agreement, actor=actor, verb=Activity.Verb.OUTCOME, text=f"{outcome.kind}:{outcome.description}")
    audit_record(
        actor=actor,
        action="agreements.outcome_add",
        target=outcome,
        association_id=agreement.association_id,
        changes=snapshot(outcome),
    )
    return outcome


# ---- signing ceremonies ---------------------------------------------------------------------


def _ceremony_titles(agreement: Agreement) -> dict[str, str]:
    from django.utils import translation

    titles = {}
    for lang, column in (("zh-hant", "zh_hant"), ("zh-hans", "zh_hans"), ("en", "en")):
        with translation.override(lang):
            title = getattr(agreement, f"title_{column}") or agreement.title_zh_hant
            titles[f"title_{column}"] = (_("簽約儀式：%(title)s") % {"title": title})[:200]
    return titles


@transaction.atomic
def ceremony_schedule(*, actor: Any, agreement: Agreement, event: Any, values: dict[str, Any]) -> Ceremony:
    """Put the signing into the event's programme (a session, through the events app's service)
    and keep the run-of-show; scheduling again moves the same session."""
    from shanglian.events.services.events import session_save

    starts, ends = values.get("starts_at"), values.get("ends_at")
    errors = {}
    if not starts or not ends or ends <= starts:
        errors["ends_at"] = _("結束時間必須遲於開始時間。")
    if not (values.get("backdrop_zh_hant") or "").strip():
        errors["backdrop_zh_hant"] = _("請輸入背板文字（繁體）。")
    if errors:
        raise DomainError("ceremony_invalid", fields=errors)
    ceremony = Ceremony.objects.filter(agreement=agreement).select_related("session").first()
    signatories = [
        f"{p.signatory_name} · {p.signatory_title}".strip(" ·")
        for p in agreement.parties.select_related("association", "enterprise", "organisation")
    ]
    session = session_save(
        actor=actor,
        event=event,
        session=ceremony.session if ceremony and ceremony.session and ceremony.session.event_id == event.pk else None,
        values={
            **_ceremony_titles(agreement),
            "starts_at": starts,
            "ends_at": ends,
            "room": (values.get("room") or "")[:120],
            "speakers": "\n".join(s for s in signatories if s),
        },
    )
    ceremony = ceremony or Ceremony(agreement=agreement)
    ceremony.event, ceremony.session = event, session
    for key in ("starts_at", "ends_at", "room", "backdrop_zh_hant", "backdrop_zh_hans", "backdrop_en", "notes"):
        if key in values:
            setattr(ceremony, key, values[key] or "" if key not in ("starts_at", "ends_at") else values[key])
    ceremony.save()
    if not Source.objects.filter(agreement=agreement, event=event).exists():
        Source.objects.create(agreement=agreement, kind=Source.Kind.EVENT, event=event)
    _log(agreement, actor=actor, verb=Activity.Verb.CEREMONY, text=str(event))
    audit_record(
        actor=actor,
        action="agreements.ceremony_schedule",
        target=ceremony,
        association_id=agreement.association_id,
        changes=snapshot(ceremony),
    )
    return ceremony


# ---- projects and pledges -------------------------------------------------------------------


@transaction.atomic
def project_save(*, actor: Any, values: dict[str, Any], project: Project | None = None) -> Project:
    errors = {}
    if not (values.get("name_zh_hant") or "").strip():
        errors["name_zh_hant"] = _("請輸入項目名稱。")
    if values.get("budget") is None or values["budget"] <= 0:
        errors["budget"] = _("預算必須大於零。")
    if errors:
        raise DomainError("project_invalid", fields=errors)
    before = snapshot(project) if project else {}
    project = project or Project()
    for key in ("name_zh_hant", "name_zh_hans", "name_en", "description", "association", "agreement", "budget"):
        if key in values:
            setattr(project, key, values[key])
    project.save()
    audit_record(
        actor=actor,
        action="agreements.project_save",
        target=project,
        association_id=project.association_id,
        changes=diff(before, snapshot(project)),
    )
    return project


def parse_instalments(text: str) -> list[tuple[datetime.date, Decimal]]:
    """Lines of ``YYYY-MM-DD amount`` (comma, tab or space); DomainError naming the bad line."""
    plan = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = line.replace(",", " ").replace("\t", " ").split()
        try:
            due = datetime.date.fromisoformat(parts[0])
            amount = Decimal(parts[1])
            if not amount.is_finite() or amount <= 0 or len(parts) != 2:
                raise ValueError
        except (ValueError, IndexError, ArithmeticError) as exc:
            raise DomainError(
                "instalment_line",
                fields={
                    "instalments": _("第 %(n)s 行格式不正確：請寫成「2027-03-31 50000」（日期 金額）。") % {"n": number}
                },
            ) from exc
        plan.append((due, amount.quantize(Decimal("0.01"))))
    return plan


@transaction.atomic
def pledge_create(
    *, actor: Any, project: Project, values: dict[str, Any], instalments: list[tuple[datetime.date, Decimal]]
) -> Pledge:
    amount = values.get("amount")
    association, enterprise = values.get("association"), values.get("enterprise")
    errors = {}
    if bool(association) == bool(enterprise):
        errors["association"] = _("請選擇一個認捐的屬會或會員企業（只可選一個）。")
    if amount is None or amount <= 0:
        errors["amount"] = _("認捐金額必須大於零。")
    elif not instalments:
        errors["instalments"] = _("請輸入最少一期分期付款。")
    elif sum(a for _d, a in instalments) != amount:
        errors["instalments"] = _("分期金額合共 %(total)s，與認捐金額 %(amount)s 不符。") % {
            "total": f"{sum(a for _d, a in instalments):,.2f}",
            "amount": f"{amount:,.2f}",
        }
    elif len({d for d, _a in instalments}) != len(instalments):
        errors["instalments"] = _("每期的到期日不可重複。")
    if errors:
        raise DomainError("pledge_invalid", _("認捐資料有誤，未有儲存任何資料。"), fields=errors)
    pledge = Pledge.objects.create(
        project=project,
        association=association,
        enterprise=enterprise,
        amount=amount,
        pledged_on=values.get("pledged_on") or timezone.localdate(),
    )
    Instalment.objects.bulk_create([Instalment(pledge=pledge, due_on=d, amount=a) for d, a in sorted(instalments)])
    audit_record(
        actor=actor,
        action="agreements.pledge_create",
        target=pledge,
        association_id=project.association_id,
        changes={"amount": str(amount), "instalments": [[str(d), str(a)] for d, a in instalments]},
    )
    return pledge


def pledger_users(pledge: Pledge) -> list[Any]:
    from shanglian.directory.models import AssociationRole, EnterpriseRole

    if pledge.association_id:
        roles = AssociationRole.objects.filter(association_id=pledge.association_id).select_related("user")
    else:
        roles = EnterpriseRole.objects.filter(enterprise_id=pledge.enterprise_id).select_related("user")
    return [r.user for r in roles if r.user.email and r.user.is_active]


@transaction.atomic
def pledge_acknowledge(*, actor: Any, pledge: Pledge) -> int:
    """Send the acknowledgement letter (PDF) once to the pledger's users, in their languages."""
    from django.utils import translation

    from shanglian.agreements.pdf import pledge_letter_pdf
    from shanglian.core.mail import send_templated_mail, user_language

    changed = Pledge.objects.filter(pk=pledge.pk, acknowledged_at__isnull=True).update(acknowledged_at=timezone.now())
    if not changed:
        raise DomainError("already_acknowledged", _("已發出致謝信。"), status=409)
    pledge.refresh_from_db()
    users = pledger_users(pledge)
    for user in users:
        language = user_language(user)
        with translation.override(language):
            letter = pledge_letter_pdf(pledge)
        send_templated_mail(
            to=[user.email],
            template="agreements/email/pledge_thanks",
            language=language,
            context={"pledge": pledge, "project": pledge.project, "recipient": user},
            attachments=[(f"pledge-{pledge.pk}.pdf", letter, "application/pdf")],
        )
    audit_record(
        actor=actor,
        action="agreements.pledge_acknowledge",
        target=pledge,
        association_id=pledge.project.association_id,
        changes={"recipients": len(users)},
    )
    return len(users)


@transaction.atomic
def instalment_mark_paid(*, actor: Any, instalment: Instalment, paid_on: datetime.date | None = None) -> bool:
    changed = Instalment.objects.filter(pk=instalment.pk, paid_on__isnull=True).update(
        paid_on=paid_on or timezone.localdate()
    )
    if changed:
        audit_record(
            actor=actor,
            action="agreements.instalment_paid",
            target=instalment.pledge,
            association_id=instalment.pledge.project.association_id,
            changes={"instalment": instalment.pk, "amount": str(instalment.amount)},
        )
    return bool(changed)


def instalment_reminders_send(*, today: datetime.date | None = None) -> int:
    """Remind pledgers of unpaid instalments due within 30 days; each instalment once (conditional UPDATE)."""
    from shanglian.core.mail import send_templated_mail, user_language

    today = today or timezone.localdate()
    due = Instalment.objects.filter(
        paid_on__isnull=True,
        reminded_at__isnull=True,
        due_on__lte=today + datetime.timedelta(days=INSTALMENT_REMINDER_DAYS),
    ).select_related("pledge", "pledge__project", "pledge__association", "pledge__enterprise")
    sent = 0
    for instalment in due:
        with transaction.atomic():
            if not Instalment.objects.filter(pk=instalment.pk, reminded_at__isnull=True).update(
                reminded_at=timezone.now()
            ):
                continue
            for user in pledger_users(instalment.pledge):
                send_templated_mail(
                    to=[user.email],
                    template="agreements/email/instalment_reminder",
                    language=user_language(user),
                    context={
                        "instalment": instalment,
                        "pledge": instalment.pledge,
                        "project": instalment.pledge.project,
                        "recipient": user,
                    },
                )
            sent += 1
    return sent


def daily(*, today: datetime.date | None = None) -> dict[str, int]:
    """The daily housekeeping: dormant flags, obligation reminders, instalment reminders."""
    return {
        "dormant": agreements_flag_dormant(),
        "obligation_reminders": obligation_reminders_send(today=today),
        "instalment_reminders": instalment_reminders_send(today=today),
    }
