"""Pluggable SMS senders. ``settings.FESTIVAL_SMS_BACKEND`` names a class with ``send(phone, text)``;
the default writes to the console and keeps the message in ``outbox`` (development and tests)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "shanglian.festival.sms.ConsoleSender"


@dataclass
class SMS:
    phone: str
    text: str


outbox: list[SMS] = []


class ConsoleSender:
    """Development: print the message and keep it in ``outbox`` (like Django's locmem mail)."""

    shows_code_in_development = True

    def send(self, phone: str, text: str) -> None:
        outbox.append(SMS(phone, text))
        del outbox[:-200]
        print(f"[SMS to {phone}] {text}", file=sys.stderr)


def sender():
    return import_string(getattr(settings, "FESTIVAL_SMS_BACKEND", DEFAULT_BACKEND))()


def send_sms(phone: str, text: str) -> None:
    sender().send(phone, text)
