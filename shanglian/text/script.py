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


def _converters() -> dict[str, opencc.OpenCC]:
    convs = getattr(_local, "phrases", None)
    if convs is None:
        convs = _local.phrases = {name: opencc.OpenCC(name) for name in ("s2tw", "s2twp", "tw2s", "tw2sp")}
    return convs


def phrase_variants(word: str) -> set[str]:
    """The other region's word for a (simplified) word from OpenCC's Taiwan phrase tables, both
    ways, in simplified characters: 芯片 ↔ 晶片, 塑料 ↔ 塑胶, 技术支援 ↔ 技术支持, 软件 ↔ 软体.
    Hong Kong shares much of that vocabulary (晶片, 塑膠, 支援); a curated public source that no
    table of ours holds. Empty when only characters differ."""
    if not word:
        return set()
    c = _converters()
    out = set()
    plain_tw = c["s2tw"].convert(word)
    phrased_tw = c["s2twp"].convert(word)
    if phrased_tw != plain_tw:
        out.add(to_simplified(phrased_tw))
    mainland = c["tw2sp"].convert(plain_tw)
    if mainland != c["tw2s"].convert(plain_tw):
        out.add(mainland)
    return {w for w in out if w and w != word}
