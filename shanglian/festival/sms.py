"""Pluggable SMS senders. ``settings.SMS_BACKEND`` (environment ``SMS_BACKEND``) names a class with
``send(phone, text)``. The default writes to the console and keeps the message in ``outbox``
(development and tests); settings refuse it when DEBUG=0. ``HttpSender`` posts each message as
JSON to the gateway at ``SMS_HTTP_URL``."""

from __future__ import annotations

import json
import logging
import sys
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_BACKEND = "shanglian.festival.sms.ConsoleSender"
logger = logging.getLogger("shanglian.sms")


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
        if settings.DEBUG:
            print(f"[SMS to {phone}] {text}", file=sys.stderr)
        else:  # never a phone number with its code in a production log
            print(f"[SMS to …{phone[-2:]}] ({len(text)} characters, not shown: DEBUG=0)", file=sys.stderr)


class HttpSender:
    """Production: POST ``{"to": phone, "text": text}`` as JSON to ``SMS_HTTP_URL`` (your SMS
    provider's endpoint or a relay in front of it), with ``Authorization: Bearer SMS_HTTP_TOKEN``
    when a token is set. The message is sent after the code is committed, so a failure (non-2xx
    answer, timeout) cannot be shown to the user: it is logged at ERROR on ``shanglian.sms``
    (without the text) for monitoring, and the user asks for a new code."""

    def send(self, phone: str, text: str) -> None:
        headers = {"Content-Type": "application/json"}
        if settings.SMS_HTTP_TOKEN:
            headers["Authorization"] = f"Bearer {settings.SMS_HTTP_TOKEN}"
        body = json.dumps({"to": phone, "text": text}).encode()
        # The URL comes from settings, which accept only http(s).
        req = urllib.request.Request(settings.SMS_HTTP_URL, data=body, headers=headers, method="POST")  # noqa: S310
        try:
            with urllib.request.urlopen(req, timeout=settings.SMS_HTTP_TIMEOUT):  # noqa: S310
                pass
        except (OSError, ValueError) as exc:  # URLError and HTTPError are OSErrors
            logger.error("SMS to …%s not sent: %s", phone[-2:], exc)


def sender():
    return import_string(getattr(settings, "SMS_BACKEND", DEFAULT_BACKEND))()


def send_sms(phone: str, text: str) -> None:
    sender().send(phone, text)
