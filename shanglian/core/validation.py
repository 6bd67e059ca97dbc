"""Validators shared across domains: phone numbers (+852 / +853 / +86) and registration numbers."""

from __future__ import annotations

import re

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

ALLOWED_REGIONS = {"HK", "MO", "CN"}


def normalise_phone(raw: str, default_region: str = "HK") -> str:
    """Return the E.164 form of a HK, Macao or Mainland phone number, or raise ValidationError."""
    text = (raw or "").strip()
    if not text:
        return ""
    try:
        number = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(_("「%(value)s」不是有效的電話號碼。"), params={"value": text}, code="phone") from exc
    region = phonenumbers.region_code_for_number(number)
    if region not in ALLOWED_REGIONS or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("「%(value)s」不是有效的香港（+852）、澳門（+853）或內地（+86）電話號碼。"),
            params={"value": text}, code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def format_phone(e164: str) -> str:
    if not e164:
        return ""
    try:
        return phonenumbers.format_number(phonenumbers.parse(e164), phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    except phonenumbers.NumberParseException:
        return e164


_HK_BR = re.compile(r"^(\d{8})(?:-?(\d{3})(?:-?\d{2}-?\d{2}-?\d)?)?$")


def normalise_registration(raw: str) -> tuple[str, str]:
    """Return (kind, normalised number) for a HK BR number or a Mainland USCC, or raise."""
    text = re.sub(r"\s+", "", (raw or "")).upper()
    if not text:
        return "", ""
    match = _HK_BR.match(text)
    if match:
        return "hk_br", match.group(1) + (f"-{match.group(2)}" if match.group(2) else "")
    if len(text) == 18:
        try:
            return "cn_uscc", uscc.validate(text)
        except Exception as exc:  # stdnum raises several ValidationError subclasses
            raise ValidationError(
                _("「%(value)s」不是有效的統一社會信用代碼（校驗碼不符）。"), params={"value": raw}, code="br"
            ) from exc
    raise ValidationError(
        _("「%(value)s」不是有效的商業登記號碼（香港：8 位數字；內地：18 位統一社會信用代碼）。"),
        params={"value": raw}, code="br",
    )
