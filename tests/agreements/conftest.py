from __future__ import annotations

import datetime

import pytest

from shanglian.agreements import services
from shanglian.agreements.models import Organisation


@pytest.fixture
def kotra(secretariat) -> Organisation:
    return services.organisation_save(
        actor=secretariat,
        values={
            "kind": "trade_body",
            "name_zh_hant": "大韓貿易投資振興公社",
            "name_zh_hans": "大韩贸易投资振兴公社",
            "name_en": "KOTRA",
            "country": "韓國",
            "region": "首爾",
        },
    )


@pytest.fixture
def draft(kt_admin, kwun_tong, kotra, kt_enterprise):
    return services.agreement_create(
        actor=kt_admin,
        values={
            "kind": "mou",
            "title_zh_hant": "觀塘與KOTRA合作備忘錄",
            "title_en": "MOU with KOTRA",
            "association": kwun_tong,
            "languages": "zh-hant,en",
            "prevailing_language": "en",
            "expires_on": datetime.date(2030, 1, 1),
        },
        parties=[
            services.PartyIn(association=kwun_tong, signatory_name="陳會長", signatory_title="會長"),
            services.PartyIn(organisation=kotra, signatory_name="Kim", signatory_title="Director"),
        ],
    )
