"""The read API: /api/v1/directory/… (public fields only without login) and its OpenAPI docs."""

from __future__ import annotations

import json

import pytest

from shanglian.directory import services
from tests.directory.conftest import login

LIST = "/api/v1/directory/enterprises"


def detail(pk) -> str:
    return f"{LIST}/{pk}"


@pytest.mark.django_db
def test_list_shape(client, kt_enterprise, east_enterprise):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    data = response.json()
    assert set(data) == {"count", "count_capped", "page", "page_size", "items"}
    assert data["count_capped"] is False
    assert data["count"] == 2 and data["page"] == 1 and data["page_size"] == 20
    item = next(i for i in data["items"] if i["id"] == kt_enterprise.pk)
    assert item["name_zh"] == "觀塘資訊科技有限公司"
    assert item["name_en"] == "Kwun Tong IT Limited"
    assert item["associations"] == [{"id": kt_enterprise.associations.get().pk, "slug": "kwun-tong",
                                     "name": "香港觀塘工商業聯合會", "name_zh": "香港觀塘工商業聯合會",
                                     "name_en": "Kwun Tong Industrial & Commercial Association"}]
    assert "phone" not in item and "email" not in item


@pytest.mark.django_db
@pytest.mark.parametrize(("params", "expected"), [
    ({"q": "观塘"}, ["觀塘資訊科技有限公司"]),  # Simplified finds Traditional
    ({"q": "taxi"}, ["東區的士車行"]),
    ({"q": "车行"}, ["東區的士車行"]),
    ({"association": "eastern"}, ["東區的士車行"]),
    ({"district": "kwun-tong"}, ["觀塘資訊科技有限公司"]),
    ({"industry": "logistics"}, ["東區的士車行"]),
    ({"q": "科技", "association": "eastern"}, []),
    ({"q": "*"}, []),
    ({"association": "no-such"}, []),
])
def test_list_filters(client, kt_enterprise, east_enterprise, params, expected):
    data = client.get(LIST, params).json()
    assert [i["name_zh"] for i in data["items"]] == expected
    assert data["count"] == len(expected)


@pytest.mark.django_db
def test_paging_and_page_size_cap(client, secretariat, kwun_tong):
    for n in range(5):
        services.enterprise_create(actor=secretariat, association=kwun_tong, values={"name_en": f"Firm {n}"})
    first = client.get(LIST, {"page_size": 2}).json()
    second = client.get(LIST, {"page_size": 2, "page": 2}).json()
    assert first["count"] == second["count"] == 5
    assert len(first["items"]) == len(second["items"]) == 2
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    assert client.get(LIST, {"page_size": 10_000}).json()["page_size"] == 100
    assert client.get(LIST, {"page_size": 0}).json()["page_size"] == 1
    assert client.get(LIST, {"page": 99}).json()["items"] == []
    assert client.get(LIST, {"page": -3}).json()["page"] == 1


@pytest.mark.django_db
def test_bad_parameters_are_a_clear_422(client):
    response = client.get(LIST, {"page": "abc"})
    assert response.status_code == 422
    assert "page" in json.dumps(response.json())


@pytest.mark.django_db
def test_detail_hides_contacts_without_login(client, secretariat, kt_enterprise):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise,
                               values={"email": "kt-it@example.invalid", "address": "觀塘道 1 號"})
    data = client.get(detail(kt_enterprise.pk)).json()
    assert data["id"] == kt_enterprise.pk and data["name_zh"] == "觀塘資訊科技有限公司"
    assert data["phone"] is None and data["email"] is None and data["address"] is None
    assert "2123" not in json.dumps(data, ensure_ascii=False)


@pytest.mark.django_db
def test_detail_shows_contacts_to_its_own_users(client, secretariat, kt_member, kt_enterprise):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise,
                               values={"email": "kt-it@example.invalid", "address": "觀塘道 1 號"})
    login(client, kt_member)  # other logged-in users: tests/directory/test_access_membership.py
    data = client.get(detail(kt_enterprise.pk)).json()
    assert data["phone"] == "+852 2123 4567"
    assert data["email"] == "kt-it@example.invalid"
    assert data["address"] == "觀塘道 1 號"


@pytest.mark.django_db
def test_detail_missing_or_inactive_is_404(client, secretariat, kt_enterprise):
    assert client.get(detail(999999)).status_code == 404
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"is_active": False})
    assert client.get(detail(kt_enterprise.pk)).status_code == 404
    assert kt_enterprise.pk not in [i["id"] for i in client.get(LIST).json()["items"]]


@pytest.mark.django_db
def test_openapi_docs(client):
    response = client.get("/api/docs")
    assert response.status_code == 302
    docs = client.get(response["Location"])
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html  # served from our own static files
    schema = client.get("/api/v1/openapi.json")
    assert schema.status_code == 200
    spec = json.loads(schema.content)
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/directory/enterprises" in spec["paths"]
    assert "/api/v1/directory/enterprises/{enterprise_id}" in spec["paths"]


@pytest.mark.django_db
def test_names_in_the_readers_script(client, kt_enterprise):
    """繁 as written for 繁 readers, hk2s for 简 readers, English where one exists (issue 11)."""
    def first(language):
        items = client.get("/api/v1/directory/enterprises", HTTP_ACCEPT_LANGUAGE=language).json()["items"]
        return next(i for i in items if i["id"] == kt_enterprise.pk)

    assert first("zh-hant")["name"] == "觀塘資訊科技有限公司"
    assert first("zh-hans")["name"] == "观塘资讯科技有限公司"
    assert first("zh-hans")["name_zh"] == "觀塘資訊科技有限公司"  # the original stays as written
    assert first("en")["name"] == kt_enterprise.name_en
