"""Personal data (HK PDPO, Mainland PIPL): collection notices and consent, masked phones, retention
purges, and export / erasure of everything held for one phone number or person.

- Every form that collects a phone or an ID number shows ``core/_privacy_notice.html`` (the
  collection notice of ``NOTICE_VERSION`` and a consent box; a separate box for the cross-border
  transfer of a +86 number), checks it with ``consent_errors`` and records it with
  ``consent_record`` (purpose, notice version, time).
- ``mask_phone`` is the one way to show a phone to someone who is not its owner (+852 ****5678).
- Apps register what they hold (``register_personal_data``) and how long they keep it
  (``register_retention``); ``core`` imports no domain app. ``manage.py personal_data`` and
  ``manage.py privacy_purge`` (also the ``privacy_purge_task`` task) go through these registries.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shanglian.core.audit import audit_record
from shanglian.core.models import Consent
from shanglian.core.validation import normalise_phone

# Bump when the notice's text changes: consents record the version they agreed to.
NOTICE_VERSION = "2026-12"
CONSENT_FIELD = "privacy_consent"
CROSS_BORDER_FIELD = "cross_border_consent"


# ------------------------------------------------------------------------------------ masking
def mask_phone(value: str | None) -> str:
    """+85291235678 → '+852 ****5678'; anything unparseable keeps only its last 4 digits."""
    text = (value or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, "HK")
    except phonenumbers.NumberParseException:
        number = None
    digits = "".join(ch for ch in text if ch.isdigit())
    if number is not None and len(str(number.national_number)) >= 7:
        return f"+{number.country_code} ****{str(number.national_number)[-4:]}"
    return f"****{digits[-4:]}" if len(digits) >= 7 else "****"  # too short: the last 4 would be most of it


# ------------------------------------------------------------------------------------ consent
def needs_cross_border(phone: str) -> bool:
    """A Mainland number: PIPL asks a separate consent to send its data out of the Mainland."""
    return (phone or "").startswith("+86")


def mainland_phone(phones: Iterable[str | None]) -> str:
    """The first +86 number among ``phones`` (it needs the cross-border consent), else ''."""
    for raw in phones:
        try:
            phone = normalise_phone(raw or "")
        except ValidationError:
            continue
        if needs_cross_border(phone):
            return phone
    return ""


def consent_errors(data: Mapping[str, Any], *, phone: str = "") -> dict[str, str]:
    """Field → translated error when the notice was not agreed to (or the cross-border consent is
    missing for a +86 number). ``data`` is request.POST or a parsed JSON body."""
    errors: dict[str, str] = {}
    if not _ticked(data.get(CONSENT_FIELD)):
        errors[CONSENT_FIELD] = _("請先閱讀收集個人資料聲明並表示同意。")
    if needs_cross_border(phone) and not _ticked(data.get(CROSS_BORDER_FIELD)):
        errors[CROSS_BORDER_FIELD] = _("內地手機號碼須另行同意將個人資料傳輸至內地以外（香港）處理。")
    return errors


def _ticked(value: Any) -> bool:
    return value is True or str(value).strip().lower() in {"1", "on", "true", "yes"}


def consent_record(*, purpose: str, phone: str = "", user: Any = None, cross_border: bool = False,
                   notice_version: str = NOTICE_VERSION) -> Consent:
    """Record that the notice of ``notice_version`` was agreed to for ``purpose`` (one INSERT)."""
    return Consent.objects.create(
        purpose=purpose, notice_version=notice_version, phone=phone or "", cross_border=bool(cross_border),
        user=user if getattr(user, "is_authenticated", False) else None)


# ------------------------------------------------------------------------------------ subjects
@dataclass
class Subject:
    """Whose data: phones (E.164), people (directory ids) and their login accounts."""

    phones: set[str] = field(default_factory=set)
    person_ids: set[int] = field(default_factory=set)
    user_ids: set[int] = field(default_factory=set)

    def describe(self) -> str:
        parts = [mask_phone(p) for p in sorted(self.phones)] + [f"person #{p}" for p in sorted(self.person_ids)]
        if not parts:  # named by login account only (personal_data --email)
            parts = [f"user #{u}" for u in sorted(self.user_ids)]
        return ", ".join(parts)


@dataclass
class _Holder:
    export: Callable[[Subject], list[dict[str, Any]]]
    erase: Callable[[Subject], int]


_resolvers: list[Callable[[Subject], None]] = []
_holders: dict[str, _Holder] = {}
_retention: dict[str, Callable[[datetime.datetime], int]] = {}


def register_subject_resolver(resolve: Callable[[Subject], None]) -> None:
    """``resolve(subject)`` adds what an app knows (a person's phone and account) to the subject."""
    if resolve not in _resolvers:
        _resolvers.append(resolve)


def register_personal_data(name: str, *, export: Callable[[Subject], list[dict[str, Any]]],
                           erase: Callable[[Subject], int]) -> None:
    """``export(subject)`` → JSON-able records; ``erase(subject)`` deletes or anonymises them and
    returns how many records it changed. Both must be idempotent."""
    _holders[name] = _Holder(export, erase)


def register_retention(name: str, purge: Callable[[datetime.datetime], int]) -> None:
    """``purge(now)`` deletes or anonymises what is past its retention period; idempotent."""
    _retention[name] = purge


def subject_for(*, phones: Iterable[str] = (), person_ids: Iterable[int] = (), emails: Iterable[str] = ()) -> Subject:
    """``emails`` name login accounts directly (someone with no directory record, e.g. a young
    competition entrant); the registered resolvers add what the apps know."""
    from django.contrib.auth import get_user_model

    subject = Subject(phones={p for p in phones if p}, person_ids=set(person_ids))
    for email in {e.strip().lower() for e in emails if e and e.strip()}:
        subject.user_ids |= set(get_user_model().objects.filter(email__iexact=email).values_list("pk", flat=True))
    for resolve in _resolvers:
        resolve(subject)
    return subject


def personal_data_export(subject: Subject) -> dict[str, list[dict[str, Any]]]:
    return {name: holder.export(subject) for name, holder in sorted(_holders.items())}


def personal_data_erase(*, subject: Subject, actor: Any = None) -> dict[str, int]:
    """Erase everything held for ``subject`` in one transaction, with an audit entry that names the
    subject only by masked phone / person id."""
    with transaction.atomic():
        counts = {name: holder.erase(subject) for name, holder in sorted(_holders.items())}
        audit_record(actor=actor, action="core.personal_data.erase", target_type="privacy.subject",
                     target_repr=subject.describe(), changes=counts)
    return counts


def privacy_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Run every registered retention purge (the daily task). Idempotent."""
    now = now or timezone.now()
    counts = {}
    for name, purge in sorted(_retention.items()):
        with transaction.atomic():
            counts[name] = purge(now)
    return counts


def _consents_export(subject: Subject) -> list[dict[str, Any]]:
    return [{"purpose": c.purpose, "notice_version": c.notice_version, "phone": c.phone,
             "cross_border": c.cross_border, "given_at": c.given_at.isoformat()}
            for c in _consents(subject)]


def _consents(subject: Subject):
    from django.db.models import Q

    if not subject.phones and not subject.user_ids:
        return Consent.objects.none()
    return Consent.objects.filter(Q(phone__in=subject.phones) | Q(user_id__in=subject.user_ids))


def _consents_erase(subject: Subject) -> int:
    return _consents(subject).delete()[0]


register_personal_data("core.consent", export=_consents_export, erase=_consents_erase)
