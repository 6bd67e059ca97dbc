"""Matching fixtures: a HK need and a Mainland offer from two member enterprises."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail  # noqa: F401 - re-exported for tests

from shanglian.core.models import Industry, Place
from shanglian.directory import services as dir_services
from shanglian.directory.models import EnterpriseRole
from shanglian.matching import services
from shanglian.matching.models import Opportunity
from shanglian.matching.ranking import reset_cache
from tests.conftest import PASSWORD


def login(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def opportunity_state(pk: int) -> dict:
    o = Opportunity.objects.get(pk=pk)
    return {f.attname: getattr(o, f.attname) for f in Opportunity._meta.concrete_fields if f.attname != "vector"}


@pytest.fixture(autouse=True)
def _fresh_engine_cache():
    reset_cache()
    yield
    reset_cache()


@pytest.fixture
def sz_enterprise(eastern, secretariat):
    return dir_services.enterprise_create(
        actor=secretariat, association=eastern, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "深圳华强电子有限公司", "name_en": "Shenzhen Huaqiang Electronics",
                "description": "电子元器件分销，贴片加工", "email": "sales@hq.example.invalid",
                "phone": "+86 755 8888 6666",
                "industry": Industry.objects.get(code="electronics"), "place": Place.objects.get(code="shenzhen")})


@pytest.fixture
def sz_member(make_user, sz_enterprise):
    user = make_user("sz-member")
    EnterpriseRole.objects.create(user=user, enterprise=sz_enterprise, role=EnterpriseRole.Role.OWNER)
    return user


def post(actor, enterprise, *, kind="need", subtype="sourcing", title="尋找電子元器件供應商",
         description="本公司在香港經營電子產品，需要穩定的電子元器件及晶片供應，每月數量約十萬件。",
         industry="electronics", markets=("shenzhen",), regions=("hk",), publish_by=None, **extra):
    opp = services.opportunity_create(
        actor=actor, enterprise=enterprise, submit=publish_by is not None,
        values={"kind": kind, "subtype": subtype, "title": title, "description": description,
                "industry": Industry.objects.get(code=industry) if industry else None,
                "target_regions": list(regions), **extra},
        markets=list(Place.objects.filter(code__in=markets)))
    if publish_by is not None:
        opp = services.opportunity_approve(actor=publish_by, opportunity=opp)
    return opp


@pytest.fixture
def hk_need(kt_member, kt_enterprise, secretariat):
    return post(kt_member, kt_enterprise, publish_by=secretariat)


@pytest.fixture
def sz_offer(sz_member, sz_enterprise, secretariat):
    return post(sz_member, sz_enterprise, kind="offer", subtype="product", title="供应电子元器件及芯片，寻找香港经销商",
                description="深圳电子元器件厂家，现货供应芯片、电阻电容，支持小批量，可送货到香港。",
                markets=("shenzhen", "dongguan"), regions=("hk",), publish_by=secretariat)
