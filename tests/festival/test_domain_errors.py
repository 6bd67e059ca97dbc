"""Festival services refuse with the project's one error shape (core.errors.DomainError: code,
HTTP status, translated message, field errors), and forms and the API still show them."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from shanglian.core.errors import Conflict, DomainError
from shanglian.festival import claims, services
from shanglian.festival.models import Merchant

pytestmark = pytest.mark.django_db


def test_clean_mobile_refusals_name_the_phone_field():
    for raw in ("", "12", "2123 4567"):  # empty, not a number, a fixed line (no SMS)
        with pytest.raises(DomainError) as caught:
            claims.clean_mobile(raw)
        error = caught.value
        assert (error.code, error.status) == ("bad_phone", 422)
        assert list(error.as_dict()["fields"]) == ["phone"] and error.as_dict()["message"]


def test_send_code_answers_the_error_shape_with_the_field(client):
    r = client.post("/api/v1/festival/phone/codes", {"phone": "2123 4567"}, content_type="application/json")
    body = r.json()
    assert r.status_code == 422 and body["code"] == "bad_phone"
    assert body["fields"] == {"phone": [body["message"]]} and "2123 4567" in body["message"]


def test_merchant_review_refusals(secretariat, edition, merchant_user):
    merchant = services.merchant_apply(actor=merchant_user, edition=edition, values={
        "name_zh": "新店有限公司", "contact_name": "陳", "contact_phone": "2123 4567"}, brands=[("新店", "")],
        shops=[])
    with pytest.raises(DomainError) as caught:
        services.merchant_review(actor=secretariat, merchant=merchant, approve=False, reason=" ")
    assert caught.value.code == "reason_required" and caught.value.fields == {"reason": [caught.value.message]}
    services.merchant_review(actor=secretariat, merchant=merchant, approve=True)
    with translation.override("en"), pytest.raises(Conflict) as caught:
        services.merchant_review(actor=secretariat, merchant=merchant, approve=True)
    assert caught.value.status == 409 and caught.value.code == "already_reviewed"
    assert str(caught.value.message).isascii()  # translated into the caller's language
    assert Merchant.objects.get(pk=merchant.pk).status == Merchant.Status.APPROVED


def test_merchant_apply_field_errors(secretariat, edition, merchant_user):
    with pytest.raises(DomainError) as caught:
        services.merchant_apply(actor=merchant_user, edition=edition, values={
            "name_zh": "", "contact_name": "陳", "contact_phone": "12"}, brands=[], shops=[])
    assert caught.value.code == "invalid" and caught.value.status == 400
    assert set(caught.value.fields) == {"name_zh", "brand_zh", "contact_phone"}
    assert set(caught.value.message_dict) == {"name_zh", "brand_zh", "contact_phone"}  # forms read this


def test_photo_refusal_is_a_domain_error_and_the_form_shows_it_on_the_field(client, merchant, merchant_user, offer):
    from shanglian.festival.photos import process_photo

    with pytest.raises(DomainError) as caught:
        process_photo(SimpleUploadedFile("x.jpg", b"not an image"))
    assert (caught.value.code, caught.value.status) == ("not_image", 422)
    from shanglian.festival.forms import OfferForm

    form = OfferForm(data={}, files={"photo": SimpleUploadedFile("x.jpg", b"not an image")}, merchant=merchant)
    assert not form.is_valid() and form.errors["photo"] == [str(caught.value.message)]
