"""Script conversion with the official OpenCC, HK variant (hk2s keeps no HK-only forms)."""

from __future__ import annotations

import threading

import opencc

_local = threading.local()


def _converter() -> opencc.OpenCC:
    # OpenCC converters are not documented as thread-safe: one per thread.
    conv = getattr(_local, "hk2s", None)
    if conv is None:
        conv = _local.hk2s = opencc.OpenCC("hk2s")
    return conv


def to_simplified(text: str) -> str:
    return _converter().convert(text) if text else text
