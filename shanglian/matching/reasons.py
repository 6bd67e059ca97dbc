"""Match reasons are stored as codes + parameters and rendered in the viewer's language."""

from __future__ import annotations

from functools import lru_cache

import opencc
from django.utils import translation
from django.utils.translation import gettext as _

from shanglian.core.i18n import pick
from shanglian.core.models import Industry, Place
from shanglian.core.reading import for_reader
from shanglian.matching.models import Region, Subtype

_SEP = {"en": ", "}


@lru_cache(maxsize=1)
def _to_hk() -> opencc.OpenCC:
    return opencc.OpenCC("s2hk")


def _industries() -> dict[int, Industry]:
    return {i.pk: i for i in Industry.objects.all()}


def _places(codes: list[str]) -> dict[str, Place]:
    return {p.code: p for p in Place.objects.filter(code__in=codes)}


def _words(words: list[str], lang: str) -> list[str]:
    # Tokens are in the pipeline's simplified form; show them in the reader's script.
    if lang == "zh-hant":
        return [_to_hk().convert(w) for w in words]
    return words


def render_reasons(reasons: list[dict], language: str | None = None) -> list[str]:
    lang = language or translation.get_language() or "zh-hant"
    with translation.override(lang):
        return _render(reasons or [], lang)


def _render(reasons: list[dict], lang: str) -> list[str]:
    sep = _SEP.get(lang, "、")
    industries = _industries() if any(r.get("code", "").startswith("industry") for r in reasons) else {}
    codes = [c for r in reasons for c in r.get("places", [])]
    places = _places(codes) if codes else {}
    out: list[str] = []
    for r in reasons:
        code = r.get("code")
        if code == "curated":
            out.append(_("聯會推薦"))
        elif code in ("industry", "industry_related") and r.get("id") in industries:
            name = pick(industries[r["id"]], "name", lang)
            out.append((_("同屬%(name)s") if code == "industry" else _("相關行業：%(name)s")) % {"name": name})
        elif code == "complement":
            what = str(Subtype(r["subtype"]).label) if r.get("subtype") in Subtype.values else ""
            short = {"hk": _("香港"), "macao": _("澳門")}
            where = sep.join(str(short[x]) for x in r.get("regions", []) if x in short)
            text = _("對方%(what)s") % {"what": what}
            out.append(f"{text}（{where}）" if where and lang != "en" else f"{text} ({where})" if where else text)
        elif code == "markets":
            names = sep.join(pick(places[c], "name", lang) for c in r.get("places", []) if c in places)
            out.append(_("目標市場重疊：%(names)s") % {"names": names})
        elif code == "regions":
            names = sep.join(str(Region(x).label) for x in r.get("regions", []) if x in Region.values)
            out.append(_("目標市場同在：%(names)s") % {"names": names})
        elif code == "words":
            out.append(_("關鍵詞相同：%(words)s") % {"words": sep.join(_words(r.get("words", []), lang))})
        elif code == "semantic":
            out.append(_("內容意思相近（不同用語或語言）"))
        elif code == "category":
            out.append(_("類別相近：%(text)s") % {"text": for_reader(r.get("text", ""), lang)})
        elif code == "fresh":
            out.append(_("新近發佈"))
    return out
