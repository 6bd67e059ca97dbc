"""Exports (.xlsx, printable, badges PDF) and the expo: exhibitors, products (photo resize),
search across scripts, bookmarks."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook
from PIL import Image

from shanglian.events import services
from shanglian.events.exports import badges_pdf
from shanglian.events.models import ExhibitorBookmark, Product
from shanglian.events.services import expo as esvc
from tests.events.conftest import login, person, register


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_attendee_and_checkin_xlsx(client, forum, outsider, secretariat):
    a, b = register(forum, outsider, person(1), services.Attendee(name_zh="=HYPERLINK(1)", email="x@example.invalid"))
    services.checkin_scan(actor=secretariat, event=forum, code=a.ticket_code)
    login(client, secretariat)
    r = client.get(reverse("events:export_xlsx", args=[forum.slug, "attendees"]))
    ws = load_workbook(io.BytesIO(r.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert "陳1" in values and "'=HYPERLINK(1)" in values
    r = client.get(reverse("events:export_xlsx", args=[forum.slug, "checkins"]))
    assert r.status_code == 200
    assert "陳1" in client.get(reverse("events:print", args=[forum.slug, "attendees"])).content.decode()
    assert client.get(reverse("events:export_xlsx", args=[forum.slug, "nonsense"])).status_code == 404


def test_exports_denied_to_non_organisers(client, forum, outsider):
    register(forum, outsider, person(1))
    login(client, outsider)
    for url in (reverse("events:export_xlsx", args=[forum.slug, "attendees"]),
                reverse("events:print", args=[forum.slug, "attendees"]), reverse("events:badges", args=[forum.slug])):
        assert client.get(url).status_code == 403


def test_badges_pdf(client, forum, outsider, secretariat):
    register(forum, outsider, person(1), services.Attendee(name_zh="叶子颖", name_en="Ye Ziying",
                                                           email="y@example.invalid", company="東莞市创利美容"))
    login(client, secretariat)
    r = client.get(reverse("events:badges", args=[forum.slug]))
    assert r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert b"UniCNS-UCS2-H" in r.content and b"UniGB-UCS2-H" in r.content
    assert badges_pdf(forum, []).startswith(b"%PDF")


def _png(w=3000, h=2000) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (w, h), (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile("p.png", buf.getvalue(), content_type="image/png")


def test_exhibitor_products_search_across_scripts(client, forum, secretariat):
    ex = esvc.exhibitor_save(actor=secretariat, event=forum, values={"booth": "A01", "name_zh": "觀塘資訊科技",
                                                                     "name_en": "Kwun Tong IT"})
    esvc.product_save(actor=secretariat, exhibitor=ex, values={"name_zh_hant": "網上商店系統",
                                                               "name_en": "Online shop platform"}, photo=_png())
    product = Product.objects.get()
    with Image.open(product.photo.path) as img:
        assert max(img.size) == esvc.PHOTO_MAX and img.format == "JPEG"
    esvc.exhibitor_save(actor=secretariat, event=forum, values={"booth": "B01", "name_zh": "東區食品"})
    url = reverse("events:exhibitors", args=[forum.slug])
    for q in ("网上商店", "網上商店", "online shop", "线上", "A01"):
        html = client.get(url, {"q": q}).content.decode()
        assert "觀塘資訊科技" in html and "東區食品" not in html, q
    assert "東區食品" in client.get(url).content.decode()
    assert "找不到" in client.get(url, {"q": "<script>"}).content.decode()


def test_duplicate_booth_and_bad_photo(forum, secretariat):
    esvc.exhibitor_save(actor=secretariat, event=forum, values={"booth": "A01", "name_zh": "甲"})
    with pytest.raises(ValidationError, match="A01"):
        esvc.exhibitor_save(actor=secretariat, event=forum, values={"booth": "A01", "name_zh": "乙"})
    ex = forum.exhibitors.get()
    bad = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        esvc.product_save(actor=secretariat, exhibitor=ex, values={"name_zh_hant": "產品"}, photo=bad)
    assert not Product.objects.exists()


def test_bookmark_toggle_and_mine(client, forum, secretariat, outsider):
    ex = esvc.exhibitor_save(actor=secretariat, event=forum, values={"booth": "A01", "name_zh": "甲公司"})
    login(client, outsider)
    url = reverse("events:bookmark", args=[forum.slug, ex.pk])
    client.post(url)
    assert ExhibitorBookmark.objects.filter(user=outsider).count() == 1
    assert "甲公司" in client.get(reverse("events:exhibitors", args=[forum.slug]), {"mine": "1"}).content.decode()
    r = client.post(url, HTTP_HX_REQUEST="true")
    assert "☆" in r.content.decode() and not ExhibitorBookmark.objects.exists()


def test_exhibitor_add_denied_to_visitors(client, forum, outsider):
    login(client, outsider)
    client.post(reverse("events:exhibitors", args=[forum.slug]), {"x-booth": "Z9", "x-name_zh": "X"})
    assert not forum.exhibitors.exists()


def test_organiser_adds_exhibitor_and_product_pages(client, forum, kt_admin):
    login(client, kt_admin)
    r = client.post(reverse("events:exhibitors", args=[forum.slug]), {"x-booth": "C03", "x-name_zh": "煙台果業"})
    ex = forum.exhibitors.get()
    assert r.status_code == 302
    client.post(reverse("events:exhibitor", args=[forum.slug, ex.pk]),
                {"p-name_zh_hant": "煙台蘋果", "p-photo": _png(400, 300)})
    assert ex.products.get().photo
    assert "煙台蘋果" in client.get(reverse("events:exhibitor", args=[forum.slug, ex.pk])).content.decode()
