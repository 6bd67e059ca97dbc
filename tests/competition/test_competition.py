from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from shanglian.competition import images, services
from shanglian.competition.models import Award, Competition, Entry, PublicVote, Round
from shanglian.festival import claims
from tests.competition.images import photo
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def competition(secretariat):
    now = timezone.now()
    return services.competition_create(actor=secretariat, values={
        "title_zh_hant": "青年學藝攝影比賽", "entry_deadline": now + datetime.timedelta(days=10),
        "vote_opens": now - datetime.timedelta(days=1), "vote_closes": now + datetime.timedelta(days=20),
        "status": "entries", "min_width": 400, "min_height": 300, "max_bytes": 2 * 1024 * 1024,
        "entries_per_person": 3},
        categories=["城市", "自然"], age_groups=[("少年組", 10, 17), ("青年組", 18, 30)])


def submit(competition, user, *, seed=1, birth=datetime.date(2000, 1, 1), group=1, data=None, **extra):
    groups = list(competition.age_groups.all())
    return services.entry_submit(
        actor=user, competition=competition, category_id=competition.categories.first().pk,
        age_group_id=groups[group].pk, entrant_name=extra.pop("name", "陳小明"), birth_date=birth,
        title=extra.pop("title", f"作品 {seed}"), data=data if data is not None else photo(seed=seed), **extra)


def test_entry_strips_exif_from_public_copy_keeps_it_for_judges(competition, kt_member):
    entry = submit(competition, kt_member)
    assert entry.exif["Make"] == "Canon" and entry.exif["Model"] == "EOS R6"
    with Image.open(entry.public_image.path) as public:
        assert not dict(public.getexif())
    with Image.open(entry.thumbnail.path) as thumb:
        assert max(thumb.size) <= images.THUMB_MAX
    with Image.open(entry.original.path) as original:
        assert original.getexif()[0x010F] == "Canon"


@pytest.mark.parametrize("data,code", [
    (b"%PDF-1.4 not a photo", "not_image"),
    (b"", "empty"),
    (b"GIF89a" + b"\x00" * 100, "not_image"),
])
def test_bad_uploads(competition, kt_member, data, code):
    with pytest.raises(ValidationError) as exc:
        submit(competition, kt_member, data=data)
    assert exc.value.code == code
    assert not Entry.objects.exists()


def test_too_small_and_too_big(competition, kt_member):
    with pytest.raises(ValidationError) as exc:
        submit(competition, kt_member, data=photo(200, 150))
    assert exc.value.code == "too_small" and "400" in str(exc.value.message)
    Competition.objects.filter(pk=competition.pk).update(max_bytes=1000)
    competition.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        submit(competition, kt_member)
    assert exc.value.code == "too_large"
    assert not Entry.objects.exists()


def test_gif_refused_by_type(competition, kt_member):
    buf = io.BytesIO()
    Image.new("RGB", (500, 400), (10, 20, 30)).save(buf, "GIF")
    with pytest.raises(ValidationError) as exc:
        submit(competition, kt_member, data=buf.getvalue())
    assert exc.value.code == "format"


def test_upload_page_shows_error(client, competition, kt_member):
    client.login(username="kt-member", password=PASSWORD)
    page = client.post(reverse("competition:enter", args=[competition.pk]), {
        "category": competition.categories.first().pk, "age_group": competition.age_groups.last().pk,
        "title": "x", "entrant_name": "陳", "birth_date": "2000-01-01", "rules": "on",
        "photo": SimpleUploadedFile("a.jpg", b"not an image", content_type="image/jpeg")})
    assert page.status_code == 200 and "不是相片" in page.content.decode()
    assert not Entry.objects.exists()


def test_minor_needs_guardian(competition, kt_member):
    young = datetime.date(timezone.now().year - 14, 1, 1)
    with pytest.raises(ValidationError) as exc:
        submit(competition, kt_member, birth=young, group=0)
    assert "guardian_consent" in exc.value.fields
    entry = submit(competition, kt_member, birth=young, group=0, guardian_name="陳太", guardian_consent=True)
    assert entry.is_minor and entry.guardian_consent_at
    with pytest.raises(IntegrityError), transaction.atomic():
        Entry.objects.filter(pk=entry.pk).update(guardian_consent_at=None)


def test_age_group_must_match(competition, kt_member):
    with pytest.raises(ValidationError) as exc:
        submit(competition, kt_member, birth=datetime.date(1980, 1, 1), group=1)
    assert "age_group" in exc.value.fields


def test_near_duplicates(competition, kt_member, kt_admin):
    submit(competition, kt_member, seed=5)
    with pytest.raises(ValidationError) as exc:  # the same photo re-encoded, by the same entrant
        submit(competition, kt_member, data=photo(800, 600, seed=5, exif=False))
    assert exc.value.code == "duplicate"
    other = submit(competition, kt_admin, data=photo(800, 600, seed=5, fmt="PNG"))  # someone else: flagged
    assert other.duplicate_of is not None
    assert submit(competition, kt_member, seed=6).duplicate_of is None


def test_deadline(competition, kt_member):
    Competition.objects.filter(pk=competition.pk).update(entry_deadline=timezone.now() - datetime.timedelta(seconds=1))
    competition.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        submit(competition, kt_member, birth=datetime.date(2000, 1, 1))
    assert exc.value.code in ("closed", "entry")


def _phone(n: int) -> str:
    return f"+8526{1000000 + n:07d}"


def _token(phone: str) -> str:
    verification, code = claims.otp_request(phone=phone, requester="t")
    return claims.phone_token(claims.otp_verify(handle=verification.handle, code=code, requester="t"))


def test_one_vote_per_phone(client, competition, kt_member):
    a, b = submit(competition, kt_member, seed=1), submit(competition, kt_member, seed=2)
    token = _token(_phone(1))
    url = f"/api/v1/competition/entries/{a.pk}/vote"
    assert client.post(url, HTTP_X_PHONE_TOKEN=token).status_code == 201
    again = client.post(f"/api/v1/competition/entries/{b.pk}/vote", HTTP_X_PHONE_TOKEN=token)
    assert again.status_code == 409 and again.json()["code"] == "already_voted"
    assert client.post(url).status_code == 401  # no verified phone
    assert client.post(url, HTTP_X_PHONE_TOKEN="forged").status_code == 401
    assert PublicVote.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        PublicVote.objects.create(competition=competition, entry=b, phone_hash=PublicVote.objects.get().phone_hash)


def test_vote_page_needs_phone(client, competition, kt_member):
    entry = submit(competition, kt_member)
    r = client.post(reverse("competition:vote", args=[entry.pk]))
    assert r.status_code == 302 and reverse("festival:phone") in r["Location"]
    assert not PublicVote.objects.exists()


def test_vote_rate_limited(client, competition, kt_member, settings):
    from django.core.cache import cache

    entry = submit(competition, kt_member)
    cache.clear()
    settings.COMPETITION_VOTE_LIMITS = {"ip": (5, 3600)}  # the default is 60 a minute from one address
    codes = [client.post(f"/api/v1/competition/entries/{entry.pk}/vote",
                         HTTP_X_PHONE_TOKEN=_token(_phone(100 + i))).status_code for i in range(7)]
    assert codes == [201] * 5 + [429] * 2
    assert PublicVote.objects.count() == 5


def test_blind_judging_rounds(client, competition, kt_member, make_user, secretariat):
    entries = [submit(competition, kt_member, seed=s, name="黃大仙同學") for s in (11, 12)]
    judges = [make_user(f"judge{i}") for i in range(3)]
    for u in judges:
        services.judge_add(actor=secretariat, competition=competition, user=u)
    services.competition_set_status(actor=secretariat, competition=competition, status="judging")
    first = Round.objects.get()
    client.login(username="judge0", password=PASSWORD)
    page = client.get(reverse("competition:judging", args=[competition.pk])).content.decode()
    assert entries[0].code in page and "黃大仙同學" not in page  # blind: codes, never names
    assert "Canon" in page  # EXIF for the judges
    # judge 2 knows the entrant of entry 0
    j = {u.username: u.judge_set.get() if hasattr(u, "judge_set") else None for u in judges}
    from shanglian.competition.models import Judge

    jj = [Judge.objects.get(user=u) for u in judges]
    services.conflict_declare(judge=jj[2], entry=entries[0])
    with pytest.raises(ValidationError):
        services.score_submit(judge=jj[2], round=first, entry=entries[0], values={"yes": "yes"})
    for judge in jj[:2]:
        services.score_submit(judge=judge, round=first, entry=entries[0], values={"yes": "yes"})
    services.score_submit(judge=jj[0], round=first, entry=entries[1], values={"yes": "no"})
    with pytest.raises(ValidationError) as exc:  # entry 1 has one mark: quorum is 2
        services.round_close(actor=secretariat, round=first)
    assert exc.value.code == "quorum"
    services.score_submit(judge=jj[1], round=first, entry=entries[1], values={"yes": "no"})
    second = services.round_close(actor=secretariat, round=first)
    assert list(second.entries.all()) == [entries[0]]
    with pytest.raises(ValidationError):
        services.score_submit(judge=jj[0], round=second, entry=entries[0], values={"composition": "11"})
    for judge in jj[:2]:
        services.score_submit(judge=judge, round=second, entry=entries[0],
                              values={"composition": "8", "creativity": "9", "technique": "7"})
    third = services.round_close(actor=secretariat, round=second)
    for judge in jj[:2]:
        services.score_submit(judge=judge, round=third, entry=entries[0], values={"rank": "1"})
    assert services.round_close(actor=secretariat, round=third) is None
    assert Award.objects.get().entry == entries[0]
    services.competition_set_status(actor=secretariat, competition=competition, status="results")
    client.login(username="kt-member", password=PASSWORD)
    cert = client.get(reverse("competition:certificate", args=[entries[0].pk]))
    assert cert.content.startswith(b"%PDF")
    assert "冠軍" in client.get(reverse("competition:results", args=[competition.pk])).content.decode()
    assert j  # (names only)


def test_public_images_served_original_guarded(client, competition, kt_member, outsider):
    entry = submit(competition, kt_member)
    assert client.get(reverse("competition:image", args=[entry.pk, "public"])).status_code == 200
    assert client.get(reverse("competition:image", args=[entry.pk, "original"])).status_code == 404
    client.login(username="outsider", password=PASSWORD)
    assert client.get(reverse("competition:image", args=[entry.pk, "original"])).status_code == 404
    client.login(username="kt-member", password=PASSWORD)
    assert client.get(reverse("competition:image", args=[entry.pk, "original"])).status_code == 200


def test_fraud_report(client, competition, kt_member):
    entry = submit(competition, kt_member)
    r = client.post(reverse("competition:report", args=[entry.pk]), {"reason": "此相片抄襲網上作品"})
    assert r.status_code == 302 and entry.fraud_reports.count() == 1
