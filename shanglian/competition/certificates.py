"""Certificates (PDF): an award or a certificate of participation, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _

from shanglian.competition.models import Entry
from shanglian.core.pdf import text_pdf


def place_label(place: int) -> str:
    return {1: _("冠軍"), 2: _("亞軍"), 3: _("季軍")}.get(place, _("優異獎"))


def certificate_pdf(entry: Entry) -> bytes:
    award = getattr(entry, "award", None)
    what = place_label(award.place) if award else _("參賽證書")
    blocks = [("h1", str(entry.competition.title)), ("h2", what),
              ("p", _("茲證明 %(name)s 以作品「%(title)s」參加本比賽（%(category)s · %(group)s）。")
               % {"name": entry.entrant_name, "title": entry.title, "category": entry.category.name,
                  "group": entry.age_group.name}),
              ("small", _("作品編號：%(code)s") % {"code": entry.code}),
              ("p", _("商聯 謹啟"))]
    return text_pdf(title=what, blocks=blocks)
