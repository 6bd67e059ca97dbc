"""Directory pages: contact details only for those entitled, bad input on the edit form,
and the directory list with odd queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from shanglian.core.models import AuditEntry
from shanglian.directory import services
from tests.directory.conftest import enterprise_state, login
from tests.directory.test_access import edit_url, form_data


def with_email(secretariat, enterprise):
    return services.enterprise_update(actor=secretariat, enterprise=enterprise,
                                      values={"email": "kt-it@example.invalid", "address": "觀塘道 1 號"})


@pytest.mark.django_db
def test_profile_hides_contacts_from_anonymous(client, secretariat, kt_enterprise, kt_contact):
    with_email(secretariat, kt_enterprise)
    html = client.get(kt_enterprise.get_absolute_url()).content.decode()
    assert "觀塘資訊科技有限公司" in html and "提供網上商店及資訊科技顧問服務" in html
    for secret in ["2123 4567", "21234567", "陳大文", "91234567", "chan@kt-it", "kt-it@example", "觀塘道 1 號"]:
        assert secret not in html
    assert reverse("login") in html  # invitation to log in


@pytest.mark.django_db
def test_profile_shows_contacts_to_its_own_users(client, secretariat, kt_member, kt_enterprise, kt_contact):
    with_email(secretariat, kt_enterprise)
    login(client, kt_member)
    html = client.get(kt_enterprise.get_absolute_url()).content.decode()
    shown_contacts = ["21234567", "陳大文", "91234567", "chan@kt-it.example.invalid", "kt-it@example.invalid",
                      "觀塘道 1 號"]
    for shown in shown_contacts:
        assert shown in html
    # (logged-in users with no role in it see none: tests/directory/test_access_membership.py)


@pytest.mark.django_db
def test_profile_offers_edit_to_its_association_admin(client, kt_admin, kt_enterprise):
    login(client, kt_admin)
    assert edit_url(kt_enterprise) in client.get(kt_enterprise.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_inactive_profile_is_404_for_the_public(client, secretariat, kt_admin, kt_enterprise):
    services.enterprise_update(actor=secretariat, enterprise=kt_enterprise, values={"is_active": False})
    assert client.get(kt_enterprise.get_absolute_url()).status_code == 404
    login(client, kt_admin)  # its own association still sees it
    assert client.get(kt_enterprise.get_absolute_url()).status_code == 200


BAD_INPUT = [
    ({"phone": "12345"}, "phone", "不是有效的", "is not a valid"),
    ({"phone": "+1 212 555 0100"}, "phone", "不是有效的香港（+852）", "is not a valid Hong Kong (+852)"),
    ({"br_number": "1234"}, "br_number", "不是有效的商業登記號碼", "is not a valid registration number"),
    ({"br_number": "91350100M000100Y4X"}, "br_number", "統一社會信用代碼", "unified social credit code"),
    ({"name_zh": "", "name_en": ""}, "name_zh", "請填寫中文或英文名稱。", "Please enter a Chinese or an English name."),
    ({"br_number": "87654321"}, "br_number", "已屬於另一企業", "already belongs to another enterprise"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["zh-hant", "en"])
@pytest.mark.parametrize(("changes", "field", "zh", "en"), BAD_INPUT)
def test_bad_input_is_refused_in_the_users_language(client, secretariat, kt_admin, kt_enterprise, east_enterprise,
                                                     changes, field, zh, en, language):
    services.enterprise_update(actor=secretariat, enterprise=east_enterprise, values={"br_number": "87654321"})
    before = enterprise_state(kt_enterprise.pk)
    audit_count = AuditEntry.objects.count()
    login(client, kt_admin)
    with translation.override(language):
        url = edit_url(kt_enterprise)
    response = client.post(url, form_data(kt_enterprise, description="不應保存", **changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    html = response.content.decode()
    assert (zh if language == "zh-hant" else en) in html
    if language == "en":
        assert zh not in html
    assert enterprise_state(kt_enterprise.pk) == before
    assert AuditEntry.objects.count() == audit_count


@pytest.mark.django_db
def test_success_message_after_saving(client, kt_admin, kt_enterprise):
    login(client, kt_admin)
    with translation.override("en"):
        url = edit_url(kt_enterprise)
    response = client.post(url, form_data(kt_enterprise, phone="2123 9999"), follow=True)
    assert "Company profile saved." in response.content.decode()
    kt_enterprise.refresh_from_db()
    assert kt_enterprise.phone == "+85221239999"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["观塘", "kwun", "*", '"', "NEAR(", "", "觀塘 -東區"])
def test_directory_page_answers_any_query(client, kt_enterprise, east_enterprise, query):
    response = client.get(reverse("directory:enterprises"), {"q": query})
    assert response.status_code == 200
    if query in ("观塘", "kwun"):
        html = response.content.decode()
        assert "觀塘資訊科技有限公司" in html and "東區的士車行" not in html


@pytest.mark.django_db
def test_directory_htmx_partial(client, kt_enterprise):
    response = client.get(reverse("directory:enterprises"), {"q": "观塘"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    html = response.content.decode()
    assert "觀塘資訊科技有限公司" in html and "<html" not in html


@pytest.mark.django_db
def test_association_contacts_only_for_logged_in_users(client, outsider, kwun_tong):
    kwun_tong.phone, kwun_tong.email, kwun_tong.address = "+85227001234", "info@kt.example.invalid", "觀塘道 99 號"
    kwun_tong.save()
    html = client.get(kwun_tong.get_absolute_url()).content.decode()
    assert "香港觀塘工商業聯合會" in html
    assert "2700" not in html and "info@kt.example.invalid" not in html and "觀塘道 99 號" not in html
    login(client, outsider)
    html = client.get(kwun_tong.get_absolute_url()).content.decode()
    assert "+852 2700 1234" in html and "info@kt.example.invalid" in html and "觀塘道 99 號" in html
