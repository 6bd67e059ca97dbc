"""Row-by-row preview: what will be created, updated or rejected, and why."""

from __future__ import annotations

import pytest

from shanglian.core.models import Industry, Place
from shanglian.directory.importing.validate import validate_rows

USCC = "91440300MA5D12345W"


def rows(*dicts: dict) -> list[tuple[int, dict[str, str]]]:
    return [(i + 2, d) for i, d in enumerate(dicts)]


def by_row(preview: dict) -> dict[int, dict]:
    return {r["row"]: r for r in preview["rows"]}


@pytest.mark.django_db
def test_create_with_names_resolved_in_any_script(kwun_tong, eastern):
    preview = validate_rows(rows(
        {"name_zh": "觀塘五金有限公司", "association": "香港觀塘工商業聯合會", "district": "观塘",
         "industry": "信息技术", "phone": "2123 4567", "br_number": "1234 5678"},
        {"name_en": "Shenzhen Widgets Co", "association": "Eastern District Industrial & Commercial Association",
         "district": "Shenzhen", "industry": "logistics", "phone": "+86 138 0013 8000", "br_number": USCC.lower()},
        {"name_zh": "东区贸易公司", "association": "eastern", "district": "東區", "industry": "Retail",
         "membership_type": "永久会员", "start_date": "31/01/2024", "website": "www.example.com"},
    ))
    assert preview["counts"] == {"create": 3, "update": 0, "reject": 0}
    first, second, third = preview["rows"]
    assert first["values"]["place_id"] == Place.objects.get(code="kwun-tong").pk
    assert first["values"]["industry_id"] == Industry.objects.get(code="it").pk
    assert first["values"]["phone"] == "+85221234567"
    assert first["values"]["br_number"] == "12345678" and first["values"]["br_kind"] == "hk_br"
    assert first["membership"]["association_id"] == kwun_tong.pk
    assert second["values"]["br_number"] == USCC and second["membership"]["association_id"] == eastern.pk
    assert second["values"]["place_id"] == Place.objects.get(code="shenzhen").pk
    assert third["membership"]["type"] == "life" and third["membership"]["start_date"] == "2024-01-31"
    assert third["values"]["website"] == "https://www.example.com"


@pytest.mark.django_db
def test_each_reject_reason_is_given(kwun_tong):
    base = {"name_zh": "甲公司", "association": "kwun-tong"}
    preview = validate_rows(rows(
        {**base, "phone": "12345"},
        {**base, "association": "不存在商會"},
        {**base, "br_number": "11111111"},
        {**base, "br_number": "11111111"},
        {"association": "kwun-tong", "phone": "21234567"},
        {**base, "br_number": "91440300MA5D12345X"},
        {**base, "br_number": "ABC"},
        {**base, "district": "火星"},
        {**base, "industry": "煉金術"},
        {**base, "email": "not-an-email"},
        {"name_zh": "乙公司"},
        {**base, "start_date": "yesterday"},
        {**base, "membership_type": "gold"},
        {**base, "website": "https://example.com/" + "x" * 200, "name_en": "N" * 201},
    ))
    r = by_row(preview)
    assert preview["counts"] == {"create": 1, "update": 0, "reject": 13}
    assert "電話" in r[2]["errors"][0] and "12345" in r[2]["errors"][0]
    assert "找不到商會「不存在商會」" in r[3]["errors"][0]
    assert r[4]["action"] == "create"
    assert "與第 4 行的商業登記號碼 11111111 重複" in r[5]["errors"][0]
    assert "缺少名稱" in r[6]["errors"][0]
    assert "統一社會信用代碼" in r[7]["errors"][0]
    assert "商業登記號碼" in r[8]["errors"][0]
    assert "火星" in r[9]["errors"][0] and "地區" in r[9]["errors"][0]
    assert "煉金術" in r[10]["errors"][0] and "行業" in r[10]["errors"][0]
    assert "電郵" in r[11]["errors"][0]
    assert "新企業必須填寫所屬商會" in r[12]["errors"][0]
    assert "yesterday" in r[13]["errors"][0]
    assert "gold" in r[14]["errors"][0]
    assert [e.split("：")[0] for e in r[15]["errors"]] == ["英文名稱", "網站"]


@pytest.mark.django_db
def test_existing_registration_number_updates_and_blank_cells_keep_data(kt_enterprise, kwun_tong, eastern):
    from shanglian.directory import services

    services.enterprise_update(actor=None, enterprise=kt_enterprise, values={"br_number": "23456789"})
    preview = validate_rows(rows(
        {"name_zh": "", "name_en": "Kwun Tong IT Ltd (new)", "br_number": "23456789", "phone": "",
         "association": "香港觀塘工商業聯合會"},
        {"name_zh": "觀塘資訊科技（分行）", "br_number": "23456789-001", "association": "eastern"},
        {"br_number": "23456789", "phone": "+853 2871 2345", "association": "eastern"},
    ))
    third = preview["rows"][2]
    first, second = preview["rows"][:2]
    assert first["action"] == "update" and first["enterprise_id"] == kt_enterprise.pk
    assert first["values"] == {"name_en": "Kwun Tong IT Ltd (new)"}  # blank name_zh/phone keep old values
    assert first["membership"] is None  # already a live member of Kwun Tong
    assert second["action"] == "create"  # a branch number is a different registration
    assert third["action"] == "reject" and "重複" in third["errors"][0]  # same number twice in the file


@pytest.mark.django_db
def test_update_without_names_adds_membership_in_a_new_association(kt_enterprise, eastern):
    from shanglian.directory import services

    services.enterprise_update(actor=None, enterprise=kt_enterprise, values={"br_number": "23456789"})
    (row,) = validate_rows(rows({"br_number": "23456789", "phone": "+853 2871 2345", "association": "eastern"}))[
        "rows"]
    assert row["action"] == "update" and row["values"] == {"phone": "+85328712345"}
    assert row["membership"]["association_id"] == eastern.pk


@pytest.mark.django_db
def test_namesake_without_registration_number_is_created_with_a_warning(kt_enterprise, kwun_tong):
    (row,) = validate_rows(rows({"name_zh": "观塘资讯科技有限公司", "association": "kwun-tong"}))["rows"]
    assert row["action"] == "create"
    assert str(kt_enterprise.pk) in row["warnings"][0] and "商業登記號碼" in row["warnings"][0]
