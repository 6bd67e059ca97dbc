"""Helpers for the directory's permission and page tests."""

from __future__ import annotations

import pytest

from shanglian.directory.models import Enterprise, Person
from tests.conftest import PASSWORD


def login(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def enterprise_state(pk: int) -> dict:
    """Everything stored about an enterprise, reloaded from the database."""
    enterprise = Enterprise.objects.get(pk=pk)
    state = {f.attname: getattr(enterprise, f.attname) for f in Enterprise._meta.concrete_fields}
    state["memberships"] = sorted(enterprise.memberships.values_list(
        "id", "association_id", "status", "type", "start_date", "end_date", "dues_status"))
    state["people"] = sorted(enterprise.people.values_list("id", "name_zh", "phone", "email"))
    return state


@pytest.fixture
def kt_contact(kt_enterprise) -> Person:
    return Person.objects.create(name_zh="陳大文", name_en="Chan Tai Man", title="經理", enterprise=kt_enterprise,
                                 phone="+85291234567", email="chan@kt-it.example.invalid")
