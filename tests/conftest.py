"""Shared fixtures: the reference data, two associations, and personas per tenant."""

from __future__ import annotations

import datetime
import os

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation
from hypothesis import settings as hypothesis_settings

from shanglian.core.models import Industry, Place
from shanglian.core.reference_data import load_reference_data
from shanglian.directory import services
from shanglian.directory.models import Association, AssociationRole, EnterpriseRole

PASSWORD = "test-pass-123"

# Property tests explore new random examples on every local run; CI runs the same examples every
# time so a red build always means a code change (print_blob shows how to reproduce a failure).
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    hypothesis_settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in another language (the test client
    runs LocaleMiddleware in this thread) must not change what reverse() gives the next test."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def make_user(db):
    def make(username: str, **extra):
        from allauth.account.models import EmailAddress

        user = get_user_model().objects.create_user(username=username, password=PASSWORD,
                                                    email=f"{username}@example.invalid", **extra)
        # E-mail verification is mandatory at login: personas have verified addresses.
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
        return user
    return make


@pytest.fixture
def reference_data(db) -> None:
    """Places and industries come from a data migration; a transactional test (live_server,
    transaction=True) flushes them at its end, so put them back when they are gone."""
    if not Place.objects.exists() or not Industry.objects.exists():
        load_reference_data(Place, Industry)


@pytest.fixture
def kwun_tong(reference_data) -> Association:
    a = Association.objects.create(slug="kwun-tong", name_zh="香港觀塘工商業聯合會",
                                   name_en="Kwun Tong Industrial & Commercial Association", sort=1)
    a.districts.add(Place.objects.get(code="kwun-tong"))
    return a


@pytest.fixture
def eastern(reference_data) -> Association:
    return Association.objects.create(slug="eastern", name_zh="東區工商業聯合會",
                                      name_en="Eastern District Industrial & Commercial Association", sort=2)


@pytest.fixture
def secretariat(make_user):
    return make_user("secretariat", is_staff=True, is_superuser=True)


@pytest.fixture
def kt_admin(make_user, kwun_tong):
    user = make_user("kt-admin")
    AssociationRole.objects.create(user=user, association=kwun_tong, role=AssociationRole.Role.ADMIN)
    return user


@pytest.fixture
def outsider(make_user):
    return make_user("outsider")


@pytest.fixture
def kt_enterprise(kwun_tong, secretariat):
    return services.enterprise_create(
        actor=secretariat, association=kwun_tong, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "觀塘資訊科技有限公司", "name_en": "Kwun Tong IT Limited",
                "description": "提供網上商店及資訊科技顧問服務", "phone": "2123 4567",
                "industry": Industry.objects.get(code="it"), "place": Place.objects.get(code="kwun-tong")})


@pytest.fixture
def east_enterprise(eastern, secretariat):
    return services.enterprise_create(
        actor=secretariat, association=eastern, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "東區的士車行", "name_en": "Eastern Taxi Company", "description": "的士租賃及維修",
                "industry": Industry.objects.get(code="logistics"), "place": Place.objects.get(code="eastern")})


@pytest.fixture
def kt_member(make_user, kt_enterprise):
    user = make_user("kt-member")
    EnterpriseRole.objects.create(user=user, enterprise=kt_enterprise, role=EnterpriseRole.Role.OWNER)
    return user
