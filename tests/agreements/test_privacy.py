"""An organisation's contact person is personal data: exported and erased by phone like the rest."""

from __future__ import annotations

import pytest

from shanglian.agreements.models import Organisation
from shanglian.core.privacy import personal_data_erase, personal_data_export, subject_for

pytestmark = pytest.mark.django_db


def test_contact_exported_and_erased_by_phone(kotra):
    Organisation.objects.filter(pk=kotra.pk).update(contact_name="金先生", contact_title="館長",
                                                    contact_email="kim@kotra.example", contact_phone="9123 4567")
    subject = subject_for(phones=["+85291234567"])
    (row,) = personal_data_export(subject)["agreements"]
    assert row["name"] == "金先生" and row["phone"] == "9123 4567"
    assert personal_data_export(subject_for(phones=["+85261234567"]))["agreements"] == []  # nobody else
    assert personal_data_erase(subject=subject)["agreements"] == 1
    kotra.refresh_from_db()
    assert (kotra.contact_name, kotra.contact_email, kotra.contact_phone) == ("", "", "")
    assert kotra.name_en == "KOTRA"  # the organisation stays
    assert personal_data_erase(subject=subject)["agreements"] == 0  # idempotent
