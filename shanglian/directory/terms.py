"""Chinese ordinal labels for terms of office: 17 → 第十七屆."""

from django.utils.translation import gettext as _

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def term_label(number: int) -> str:
    # Translators: %(cn)s is the Chinese numeral, %(n)s the Arabic one; use either.
    # xgettext:no-python-format
    return _("第%(cn)s屆") % {"cn": chinese_number(number), "n": number}
