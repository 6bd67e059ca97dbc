from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shanglian.agreements import services
from shanglian.agreements.models import Activity, Agreement, AgreementFile, Party
from shanglian.core.errors import DomainError
from shanglian.core.models import AuditEntry

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_create_records_parties_timeline_and_reference(draft):
    assert draft.reference.startswith("AGR-")
    assert [p.signatory_name for p in draft.parties.all()] == ["陳會長", "Kim"]
    assert Activity.objects.filter(agreement=draft, verb="created").exists()
    assert AuditEntry.objects.filter(action="agreements.agreement_create").exists()


def test_expiry_before_signature_is_refused_and_nothing_written(kt_admin, kwun_tong, kotra):
    before = (Agreement.objects.count(), Party.objects.count())
    with pytest.raises(DomainError) as exc:
        services.agreement_create(
            actor=kt_admin,
            values={
                "title_zh_hant": "錯誤",
                "association": kwun_tong,
                "signed_on": datetime.date(2026, 5, 1),
                "expires_on": datetime.date(2026, 4, 1),
            },
            parties=[services.PartyIn(organisation=kotra)],
        )
    assert "expires_on" in exc.value.fields
    assert (Agreement.objects.count(), Party.objects.count()) == before


def test_party_twice_is_refused_and_nothing_written(kt_admin, kwun_tong, kotra):
    with pytest.raises(DomainError) as exc:
        services.agreement_create(
            actor=kt_admin,
            values={"title_zh_hant": "重複", "association": kwun_tong},
            parties=[services.PartyIn(organisation=kotra), services.PartyIn(organisation=kotra)],
        )
    assert "parties" in exc.value.fields and "兩次" in str(exc.value.fields["parties"][0])
    assert not Agreement.objects.exists()


def test_party_add_twice_is_refused(draft, kt_admin, kotra):
    with pytest.raises(DomainError):
        services.party_add(actor=kt_admin, agreement=draft, party=services.PartyIn(organisation=kotra))
    assert draft.parties.count() == 2


def test_prevailing_language_must_be_a_version(kt_admin, kwun_tong):
    with pytest.raises(DomainError) as exc:
        services.agreement_create(
            actor=kt_admin,
            values={
                "title_zh_hant": "語言",
                "association": kwun_tong,
                "languages": "zh-hant",
                "prevailing_language": "en",
            },
            parties=[],
        )
    assert "prevailing_language" in exc.value.fields


def test_full_workflow(draft, kt_admin):
    with pytest.raises(DomainError) as exc:  # approval needs the board's decision
        services.agreement_transition(actor=kt_admin, agreement=draft, to="approved", values={})
    assert set(exc.value.fields) == {"board_approved_on", "board_resolution"}
    with pytest.raises(DomainError):  # cannot skip to signed
        services.agreement_transition(actor=kt_admin, agreement=draft, to="signed", values={})
    a = services.agreement_transition(
        actor=kt_admin,
        agreement=draft,
        to="approved",
        values={"board_approved_on": datetime.date(2026, 1, 5), "board_resolution": "B-2026-03"},
    )
    assert a.approved_by == kt_admin
    with pytest.raises(DomainError) as exc:  # expiry 2030 is fine, but a signature after it is not
        services.agreement_transition(
            actor=kt_admin, agreement=a, to="signed", values={"signed_on": datetime.date(2031, 1, 1)}
        )
    a.refresh_from_db()
    assert a.status == "approved" and a.signed_on is None
    a = services.agreement_transition(
        actor=kt_admin, agreement=a, to="signed", values={"signed_on": datetime.date(2026, 2, 1)}
    )
    a = services.agreement_transition(actor=kt_admin, agreement=a, to="active")
    assert a.effective_on == datetime.date(2026, 2, 1)
    a = services.agreement_transition(actor=kt_admin, agreement=a, to="renewed")
    with pytest.raises(DomainError):
        services.agreement_transition(actor=kt_admin, agreement=a, to="active")
    assert Activity.objects.filter(agreement=a, verb="status").count() == 4


def test_signing_needs_two_parties_with_signatories(kt_admin, kwun_tong):
    a = services.agreement_create(
        actor=kt_admin,
        values={"title_zh_hant": "單方", "association": kwun_tong},
        parties=[services.PartyIn(association=kwun_tong)],
    )
    a = services.agreement_transition(
        actor=kt_admin,
        agreement=a,
        to="approved",
        values={"board_approved_on": datetime.date(2026, 1, 5), "board_resolution": "B1"},
    )
    with pytest.raises(DomainError) as exc:
        services.agreement_transition(
            actor=kt_admin, agreement=a, to="signed", values={"signed_on": datetime.date(2026, 2, 1)}
        )
    assert "parties" in exc.value.fields


def _activate(agreement, user):
    services.agreement_transition(
        actor=user,
        agreement=agreement,
        to="approved",
        values={"board_approved_on": datetime.date(2026, 1, 5), "board_resolution": "B1"},
    )
    services.agreement_transition(
        actor=user, agreement=agreement, to="signed", values={"signed_on": datetime.date(2026, 2, 1)}
    )
    return services.agreement_transition(actor=user, agreement=agreement, to="active")


def test_dormant_after_six_months_and_back_with_activity(draft, kt_admin):
    a = _activate(draft, kt_admin)
    now = timezone.now()
    assert services.agreements_flag_dormant(now=now) == 0
    later = now + datetime.timedelta(days=183)
    assert services.agreements_flag_dormant(now=later) == 1
    assert services.agreements_flag_dormant(now=later) == 0  # idempotent
    a.refresh_from_db()
    assert a.status == "dormant"
    assert Activity.objects.filter(agreement=a, verb="dormant").count() == 1
    services.note_add(actor=kt_admin, agreement=a, text="重新聯絡對方")
    a.refresh_from_db()
    assert a.status == "active"


def test_pdf_versions_and_non_pdf_refused(draft, kt_admin, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    f1 = services.file_upload(actor=kt_admin, agreement=draft, language="en", name="mou.pdf", data=PDF)
    f2 = services.file_upload(actor=kt_admin, agreement=draft, language="en", name="mou-v2.pdf", data=PDF)
    assert (f1.version, f2.version) == (1, 2)
    with pytest.raises(DomainError) as exc:
        services.file_upload(actor=kt_admin, agreement=draft, language="en", name="evil.pdf", data=b"MZ\x90\x00binary")
    assert exc.value.code == "not_pdf"
    assert AgreementFile.objects.count() == 2


def test_pages_create_and_upload(client, kt_admin, kwun_tong, kotra, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(kt_admin)
    response = client.post(
        reverse("agreements:create"),
        {
            "kind": "mou",
            "association": kwun_tong.pk,
            "title_zh_hant": "頁面建立",
            "languages": ["zh-hant"],
            "prevailing_language": "zh-hant",
            "party1": f"o:{kotra.pk}",
            "signatory1": "Kim",
            "party2": f"o:{kotra.pk}",
            "signatory2": "Lee",
        },
    )
    assert response.status_code == 200 and "兩次" in response.content.decode()
    assert not Agreement.objects.exists()
    response = client.post(
        reverse("agreements:create"),
        {
            "kind": "mou",
            "association": kwun_tong.pk,
            "title_zh_hant": "頁面建立",
            "languages": ["zh-hant"],
            "prevailing_language": "zh-hant",
            "party1": f"o:{kotra.pk}",
            "signatory1": "Kim",
            "party2": f"a:{kwun_tong.pk}",
        },
    )
    agreement = Agreement.objects.get()
    assert response.status_code == 302
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.pdf", b"not a pdf at all", content_type="application/pdf")
    client.post(reverse("agreements:file_upload", args=[agreement.pk]), {"language": "zh-hant", "file": bad})
    assert not AgreementFile.objects.exists()
    good = SimpleUploadedFile("x.pdf", PDF, content_type="application/pdf")
    client.post(reverse("agreements:file_upload", args=[agreement.pk]), {"language": "zh-hant", "file": good})
    record = AgreementFile.objects.get()
    response = client.get(reverse("agreements:file_download", args=[agreement.pk, record.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("agreements:detail", args=[agreement.pk])).status_code == 200
    assert not mail.outbox


def test_edit_with_ceremony_photo_and_public_page(client, draft, kt_admin, kwun_tong, tmp_path, settings):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, "PNG")
    client.force_login(kt_admin)
    form = {"kind": "mou", "association": kwun_tong.pk, "title_zh_hant": "觀塘與KOTRA合作備忘錄",
            "languages": ["zh-hant", "en"], "prevailing_language": "en", "news_url": "https://example.org/news/1"}
    bad = client.post(reverse("agreements:edit", args=[draft.pk]), {**form, "photo": SimpleUploadedFile(
        "x.png", b"not an image", content_type="image/png")})
    assert bad.status_code == 200
    draft.refresh_from_db()
    assert not draft.photo and not draft.news_url
    ok = client.post(reverse("agreements:edit", args=[draft.pk]), {**form, "photo": SimpleUploadedFile(
        "x.png", buffer.getvalue(), content_type="image/png")})
    assert ok.status_code == 302
    draft.refresh_from_db()
    assert draft.photo and draft.news_url == "https://example.org/news/1"
    Agreement.objects.filter(pk=draft.pk).update(is_public=True, status="active")
    client.logout()
    page = client.get(reverse("agreements:public_detail", args=[draft.pk])).content.decode()
    assert draft.photo.url in page and "https://example.org/news/1" in page
    assert client.get(reverse("agreements:detail", args=[draft.pk])).status_code == 302  # the register needs a login


def test_member_sees_published_and_own_party_only(client, draft, kt_member, outsider):
    client.force_login(kt_member)  # kt_member's enterprise is not a party of the draft
    assert client.get(reverse("agreements:detail", args=[draft.pk])).status_code == 404
    services.party_add(actor=None, agreement=draft, party=services.PartyIn(enterprise=kt_member.enterprise_roles.get(
    ).enterprise, signatory_name="總經理"))
    assert client.get(reverse("agreements:detail", args=[draft.pk])).status_code == 200
    assert client.post(reverse("agreements:note_add", args=[draft.pk]), {"text": "x"}).status_code == 403
    assert not Activity.objects.filter(verb="note").exists()
    client.force_login(outsider)
    assert client.get(reverse("agreements:detail", args=[draft.pk])).status_code == 404


def test_ceremony_photo_size_is_limited_before_reading(client, draft, kt_admin, kwun_tong, tmp_path, settings):
    """Regression: the edit page read the whole upload (check_image(photo.read())) whatever its size."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from shanglian.agreements import services as agreement_services

    settings.MEDIA_ROOT = tmp_path

    class Counting(SimpleUploadedFile):
        largest_read = 0

        def read(self, size=-1):
            data = super().read(size)
            Counting.largest_read = max(Counting.largest_read, len(data))
            return data

    client.force_login(kt_admin)
    form = {"kind": "mou", "association": kwun_tong.pk, "title_zh_hant": "觀塘與KOTRA合作備忘錄",
            "languages": ["zh-hant"], "prevailing_language": "zh-hant"}
    big = b"\x89PNG\r\n\x1a\n" + b"\0" * (agreement_services.MAX_PHOTO_BYTES + 10)
    response = client.post(reverse("agreements:edit", args=[draft.pk]),
                           {**form, "photo": SimpleUploadedFile("big.png", big, content_type="image/png")})
    assert response.status_code == 200 and "8 MB" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.photo
    upload = Counting("big.png", big, content_type="image/png")
    with pytest.raises(agreement_services.UploadRefused):
        agreement_services.photo_check(upload)
    assert Counting.largest_read == agreement_services.MAX_PHOTO_BYTES + 1
