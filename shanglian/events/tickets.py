"""Ticket codes that carry their own signature, so a forged code is refused without a database hit.

A code is 10 random base32 characters followed by 6 characters of the Django signer's HMAC
(``django.core.signing.Signer`` with a salt, SECRET_KEY as the key), shown in groups of four:
``ABCD-EFGH-JKXX-XXXX``. The QR code holds the same string, so a scanned or a typed code is
checked the same way. 30 bits of signature: a random guess passes one time in a billion, and
the database lookup after that still has to find the code.
"""

from __future__ import annotations

import base64
import io
import re
import secrets

import segno
from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "shanglian.events.ticket"
BODY_LEN = 10
SIG_LEN = 6
_CLEAN = re.compile(r"[^A-Z2-7]")


def _signature(body: str) -> str:
    sig = signing.Signer(salt=SALT, algorithm="sha256").signature(body)
    raw = base64.urlsafe_b64decode(sig + "=" * (-len(sig) % 4))
    return base64.b32encode(raw).decode()[:SIG_LEN]


def new_code() -> str:
    body = base64.b32encode(secrets.token_bytes(10)).decode()[:BODY_LEN]
    return body + _signature(body)


def clean(text: str) -> str:
    """Accept what a person types or a scanner sends: any case, spaces, dashes, a URL around it."""
    text = (text or "").strip().upper()[:200]
    if "/" in text:  # a ticket URL ending in the code
        text = text.rstrip("/").rsplit("/", 1)[-1]
    return _CLEAN.sub("", text.replace("0", "O").replace("1", "I").replace("8", "B"))


def verify(text: str) -> str | None:
    """The canonical code if the signature is right, else None (no database access)."""
    code = clean(text)
    if len(code) != BODY_LEN + SIG_LEN:
        return None
    body, sig = code[:BODY_LEN], code[BODY_LEN:]
    return code if constant_time_compare(sig, _signature(body)) else None


def display(code: str) -> str:
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def qr_png(code: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(display(code), error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_svg(code: str, *, scale: int = 6) -> str:
    buffer = io.BytesIO()
    segno.make(display(code), error="m").save(buffer, kind="svg", scale=scale, border=2, xmldecl=False,
                                               svgns=True, dark="#111")
    return buffer.getvalue().decode()
