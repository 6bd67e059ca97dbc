"""Bad input on directory pages and the API never gives a 500 (issue 10)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

HUGE = "99999999999999999999"


@pytest.mark.parametrize("value", ["abc", "²", HUGE, "-1", "0"])
def test_contacts_person_that_is_not_an_id_is_404(client, kt_admin, kt_enterprise, value):
    client.login(username="kt-admin", password=PASSWORD)
    url = reverse("directory:contacts", args=[kt_enterprise.pk])
    assert client.get(url, {"person": value}).status_code == 404
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("query", [{"page": HUGE}, {"page": "²"}, {"association": "x" * 300}, {"q": "\x00"}])
def test_directory_list_survives_bad_query(client, kt_enterprise, query):
    assert client.get(reverse("directory:enterprises"), query).status_code == 200


@pytest.mark.parametrize("query", [{"page": HUGE}, {"page": "²"}, {"action": "x" * 300}])
def test_activity_log_survives_bad_query(client, kt_admin, kt_enterprise, query):
    client.login(username="kt-admin", password=PASSWORD)
    assert client.get(reverse("directory:activity", args=["kwun-tong"]), query).status_code == 200


@pytest.mark.django_db
def test_api_pages_and_ids_past_64_bit(client, kt_enterprise):
    page = client.get("/api/v1/directory/enterprises", {"page": HUGE, "page_size": HUGE})
    assert page.status_code == 200 and page.json()["items"] == [] and page.json()["page_size"] == 100
    one = client.get(f"/api/v1/directory/enterprises/{HUGE}")
    assert one.status_code == 404 and one.json()["code"] == "not_found"
