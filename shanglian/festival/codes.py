"""Coupon codes: 12 random base32 characters plus an 8-character HMAC, shown in groups of four.

A forged or mistyped code fails the HMAC check before any database query; the random part
(60 bits) is what the database stores and looks up.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
import re
import secrets

from django.conf import settings

TOKEN_LEN = 12
SIG_LEN = 8
_ALPHABET = re.compile(r"[^A-Z2-7]")


def _b32(data: bytes) -> str:
    return base64.b32encode(data).decode().rstrip("=")


def new_token() -> str:
    return _b32(secrets.token_bytes(10))[:TOKEN_LEN]


@functools.lru_cache(maxsize=4)
def _key(secret: str) -> bytes:
    return hashlib.sha256(("festival.coupon:" + secret).encode()).digest()


def _signature(token: str) -> str:
    key = _key(settings.SECRET_KEY)  # keyed by the secret: a changed SECRET_KEY (tests) gets its own
    return _b32(hmac.new(key, token.encode(), hashlib.sha256).digest())[:SIG_LEN]


def sign_token(token: str) -> str:
    raw = token + _signature(token)
    return "-".join(raw[i:i + 4] for i in range(0, len(raw), 4))


def clean_code(code: str) -> str:
    """Upper-case, drop dashes/spaces and anything outside base32 (what a scan or typing adds)."""
    text = (code or "").strip().upper()
    # A QR may hold the coupon's URL: take its last path segment.
    if "/" in text:
        text = [part for part in text.split("/") if part][-1] if text.strip("/") else ""
    return _ALPHABET.sub("", text)


def verify_code(code: str) -> str | None:
    """The token of a genuine code, or None (forged, mistyped) — without touching the database."""
    raw = clean_code(code)
    if len(raw) != TOKEN_LEN + SIG_LEN:
        return None
    token, sig = raw[:TOKEN_LEN], raw[TOKEN_LEN:]
    if not hmac.compare_digest(sig, _signature(token)):
        return None
    return token
