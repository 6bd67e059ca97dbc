"""Generated cover art for records without a photo: offers, events, exhibitors, enterprises.

A card without a photo gets an SVG made from what we know about the record — a gradient in the
colours of its kind (food warm, electronics blue …), a line icon for its category and a quiet
pattern placed from a hash of its name, so two neighbouring cards never look the same and the same
record always looks the same. Pure Python, no files, no downloads; the SVG is inline (no script),
so it passes the Content-Security-Policy and prints.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from django.utils.html import escape

# Line icons on a 24 × 24 grid (stroke only), one per family of categories.
ICONS: dict[str, str] = {
    "food": "M4 11h16a8 8 0 0 1-16 0zM7 21h10M9 7c0-2 2-2 2-4M13 7c0-2 2-2 2-4",
    "drink": "M6 4h12l-1.5 16h-9zM6.5 9h11M15 4l2-2",
    "bakery": "M4 14h16v6H4zM6 14V10a6 3 0 0 1 12 0v4M12 7V4",
    "fashion": "M8 3l4 3 4-3 5 4-3 3v11H6V10L3 7z",
    "shoes": "M3 16V9h5l2 3 9 2a2 2 0 0 1 2 2v1H3zM3 20h18",
    "beauty": "M9 21V11h6v10zM10 11V7l4-3v7M7 21h10",
    "accessories": "M12 8a6 6 0 1 0 0 12a6 6 0 0 0 0-12zM12 11v3l2 1M9 8l1-5h4l1 5",
    "home": "M3 11l9-7 9 7M6 9v11h12V9M10 20v-6h4v6",
    "furniture": "M5 11V7a2 2 0 0 1 2-2h10a2 2 0 0 1 2 2v4M3 11h18v5H3zM5 16v3M19 16v3",
    "electronics": "M7 2h10v20H7zM11 18h2M4 8v8M20 8v8",
    "hotel": "M3 20V6M3 14h18v6M21 14a4 4 0 0 0-4-4H10v4M6 12a2 2 0 1 0 0-.01",
    "travel": "M2 14l20-8-6 14-3-6zM13 14l-4 4",
    "transport": "M5 4h14v12H5zM5 11h14M8 19v-3M16 19v-3M8 14h.01M16 14h.01",
    "car": "M3 15l2-6h14l2 6v4H3zM6 19v2M18 19v2M7 15h.01M17 15h.01",
    "health": "M9 3h6v6h6v6h-6v6H9v-6H3V9h6z",
    "education": "M2 9l10-5 10 5-10 5zM6 11v5c3 3 9 3 12 0v-5M22 9v6",
    "finance": "M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM15 9h-4a2 2 0 0 0 0 4h2a2 2 0 0 1 0 4H9M12 6v2M12 17v2",
    "services": "M4 8h16v12H4zM9 8V5h6v3M4 13h16",
    "forum": "M4 5h16v10H9l-5 4zM8 9h8M8 12h5",
    "expo": "M3 20V9l9-5 9 5v11M7 20v-6h10v6M3 20h18",
    "delegation": "M12 3a9 9 0 1 0 0 18a9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18",
    "ceremony": "M4 20h16M6 20V10M18 20V10M3 10l9-6 9 6zM10 20v-5h4v5",
    "industry": "M3 20V10l6 4V10l6 4V6h6v14zM3 20h18",
    "trade": "M4 7h13l-3-3M20 17H7l3 3",
    "tech": "M4 5h16v11H4zM8 20h8M12 16v4M9 9l-2 2 2 2M15 9l2 2-2 2",
    "shop": "M5 8h14l-1 13H6zM9 8a3 3 0 0 1 6 0",
}

# Two-colour gradients: warm for food, cool for tech, greens for health …
PALETTES: dict[str, tuple[str, str]] = {
    "food": ("#b3261e", "#e8772e"), "drink": ("#7a3e12", "#c98a3a"), "bakery": ("#a8456b", "#e0a14a"),
    "fashion": ("#5b2a86", "#c2417a"), "shoes": ("#6b3d1f", "#b8733a"), "beauty": ("#9c2a5b", "#e2799a"),
    "accessories": ("#3b3b58", "#8f7a4e"), "home": ("#1f6f5c", "#6fb58d"), "furniture": ("#5c4631", "#a98b5f"),
    "electronics": ("#123f7a", "#2f8ccf"), "hotel": ("#2d3a6b", "#7b66b8"), "travel": ("#0f5e7a", "#35b0b8"),
    "transport": ("#274a6b", "#4f86b8"), "car": ("#2f3b4a", "#68809b"), "health": ("#11695a", "#3fb28b"),
    "education": ("#3a4a8c", "#6b8ad6"), "finance": ("#1e4d3a", "#b39245"), "services": ("#2e4057", "#5d7fa3"),
    "forum": ("#8c1d2b", "#c7433f"), "expo": ("#7a2f0e", "#d9731f"), "delegation": ("#0f4c75", "#3282b8"),
    "ceremony": ("#6d1a36", "#b8892f"), "industry": ("#37474f", "#78909c"), "trade": ("#134e4a", "#2a9d8f"),
    "tech": ("#1a237e", "#3f7ad9"), "shop": ("#a3121f", "#d9480f"),
}

GENERIC = {"shop", "trade"}

# Our codes (festival categories, event types, industries) → an icon family.
FAMILY: dict[str, str] = {
    "restaurants": "food", "cha-chaan-teng": "drink", "bakery": "bakery", "grocery": "food", "food": "food",
    "clothing": "fashion", "fashion": "fashion", "shoes": "shoes", "accessories": "accessories",
    "cosmetics": "beauty", "beauty": "beauty", "living": "home", "home": "home", "furniture": "furniture",
    "electronics": "electronics", "hotels": "hotel", "transport": "transport", "travel": "travel",
    "motoring": "car", "transport-services": "transport", "services": "services", "health": "health",
    "education": "education", "finance": "finance", "forum": "forum", "expo": "expo", "exhibition": "expo",
    "delegation": "delegation", "visit": "delegation", "ceremony": "ceremony", "signing": "ceremony",
    "banquet": "ceremony", "seminar": "forum", "training": "education",
}


def family_for(code: str) -> str:
    code = (code or "").lower()
    if code in ICONS:
        return code
    if code in FAMILY:
        return FAMILY[code]
    for key, family in FAMILY.items():  # industry codes such as "electronics-manufacturing"
        if key in code:
            return family
    for hint, family in (("tech", "tech"), ("software", "tech"), ("logistic", "transport"), ("trade", "trade"),
                         ("manufactur", "industry"), ("textile", "fashion"), ("garment", "fashion"),
                         ("property", "home"), ("construct", "industry"), ("catering", "food"),
                         ("retail", "shop"), ("medical", "health"), ("bank", "finance"), ("insur", "finance")):
        if hint in code:
            return family
    return "shop"


@lru_cache(maxsize=4096)
def _fit(text: str, width: float) -> str:
    """``text`` cut to ``width`` (in ems: a CJK character is one, other characters about 0.58),
    with an ellipsis when cut, so a long English title does not end mid-word at the edge."""
    used, out = 0.0, []
    for ch in text:
        step = 1.0 if ord(ch) >= 0x2E80 else 0.58
        if used + step > width:
            kept = "".join(out)
            if ch.isascii() and " " in kept[-12:]:  # a Latin word: cut at the last space, not mid-word
                kept = kept[: kept.rindex(" ")]
            return kept.rstrip() + "…"
        used += step
        out.append(ch)
    return text


def cover_svg(*, seed: str, code: str, label: str = "", sublabel: str = "", ratio: str = "4:3") -> str:
    """An inline SVG cover; deterministic for (seed, code, label)."""
    family = family_for(code)
    digest = hashlib.blake2b(f"{seed}|{code}".encode(), digest_size=12).digest()
    if family in GENERIC:  # no category to colour by: let the record's hash pick, so neighbours differ
        palettes = list(PALETTES.values())
        start, end = palettes[digest[0] % len(palettes)]
    else:
        start, end = PALETTES[family]
    w, h = (400, 300) if ratio == "4:3" else (400, 400)
    # A few soft circles placed from the hash: the pattern that tells neighbours apart.
    circles = "".join(
        f'<circle cx="{digest[i] * w // 255}" cy="{digest[i + 1] * h // 255}" r="{40 + digest[i + 2] % 90}" '
        f'fill="#fff" fill-opacity="{0.05 + (digest[i + 3] % 8) / 100:.2f}"/>'
        for i in range(0, 12, 4)
    )
    angle = digest[11] % 90
    icon = ICONS[family]
    size = 88 if label else (200 if ratio == "1:1" else 120)
    icon_x, icon_y = (w - size) / 2, (h - size) / 2 - (28 if label else 0)
    text = ""
    if label:
        text = (f'<text x="{w / 2}" y="{h - 62}" text-anchor="middle" font-size="26" font-weight="700" '
                f'fill="#fff">{escape(_fit(label, 13.5))}</text>')
        if sublabel:
            text += (f'<text x="{w / 2}" y="{h - 30}" text-anchor="middle" font-size="18" fill="#fff" '
                     f'fill-opacity=".85">{escape(_fit(sublabel, 19.5))}</text>')
    gid = "g" + digest[:5].hex()
    return (
        f'<svg class="cover-art" viewBox="0 0 {w} {h}" xmlns="http://www.w3.org/2000/svg" aria-hidden="true" '
        f'focusable="false" preserveAspectRatio="xMidYMid slice">'
        f'<defs><linearGradient id="{gid}" gradientTransform="rotate({angle})">'
        f'<stop offset="0" stop-color="{start}"/><stop offset="1" stop-color="{end}"/></linearGradient></defs>'
        f'<rect width="{w}" height="{h}" fill="url(#{gid})"/>{circles}'
        f'<g transform="translate({icon_x:.0f} {icon_y:.0f}) scale({size / 24:.3f})" fill="none" stroke="#fff" '
        f'stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round"><path d="{icon}"/></g>{text}</svg>'
    )


# Each association's own colour when none is set: distinct, dark enough for white text (≥ 4.5:1).
ASSOCIATION_COLOURS = (
    "#a3121f", "#0b5cad", "#1d7a3a", "#7a3e9d", "#b34700", "#00677f", "#8a1c52", "#4a5a12",
    "#2f4b8f", "#9c3d10", "#146c5c", "#6b2f8f", "#a0301d", "#1f5f8b", "#5e4b16", "#7d1d3f",
)


def association_colour(sort: int) -> str:
    return ASSOCIATION_COLOURS[sort % len(ASSOCIATION_COLOURS)]


def emblem_svg(*, text: str, colour: str, size: int = 56) -> str:
    """A round emblem with the association's short name (two characters, or initials in English)."""
    text = (text or "?")[:4]
    font = 22 if len(text) <= 2 else 15
    return (
        f'<svg class="emblem" width="{size}" height="{size}" viewBox="0 0 56 56" xmlns="http://www.w3.org/2000/svg" '
        f'aria-hidden="true" focusable="false"><circle cx="28" cy="28" r="27" fill="{escape(colour)}"/>'
        f'<circle cx="28" cy="28" r="23" fill="none" stroke="#fff" stroke-opacity=".55" stroke-width="1.2"/>'
        f'<text x="28" y="{28 + font * 0.36:.1f}" text-anchor="middle" font-size="{font}" font-weight="700" '
        f'fill="#fff">{escape(text)}</text></svg>'
    )
