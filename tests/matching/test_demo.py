"""Issue 12: demo opportunities are posted by companies that would post them."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from shanglian.directory.management.commands import demo as demo_command
from shanglian.directory.models import Enterprise
from shanglian.matching.demo import BUYER_INDUSTRIES, GOODS_INDUSTRIES, RELATED_INDUSTRIES, SERVICE_INDUSTRIES
from shanglian.matching.models import Opportunity

pytestmark = pytest.mark.django_db


class _Sink:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_posters_fit_what_they_post(monkeypatch):
    monkeypatch.setattr(demo_command, "OTHER_APPS", ("matching",))
    call_command("demo", enterprises=250, stdout=_Sink())
    opportunities = list(Opportunity.objects.select_related("enterprise__industry", "industry"))
    assert len(opportunities) > 250
    misfits = []  # (a trade with no company in this small demo falls back to any company)
    for o in opportunities:
        poster = o.enterprise.industry.code if o.enterprise.industry_id else ""
        allowed = {o.industry.code, *RELATED_INDUSTRIES.get(o.industry.code, ())}
        if o.kind == "need" and o.industry.code in GOODS_INDUSTRIES:
            allowed |= set(BUYER_INDUSTRIES)
        if o.kind == "need" and o.industry.code in SERVICE_INDUSTRIES:
            continue  # every business buys services
        if poster not in allowed and Enterprise.objects.filter(industry__code__in=allowed).exists():
            misfits.append((o.title, o.enterprise.name_zh or o.enterprise.name_en, poster))
    assert not misfits, misfits[:10]
    knitwear = [o for o in opportunities if o.kind == "offer" and ("針織" in o.title or "针织" in o.title
                                                                   or "Knitwear" in o.title)]
    assert knitwear and all(o.enterprise.industry.code == "garments" for o in knitwear)
