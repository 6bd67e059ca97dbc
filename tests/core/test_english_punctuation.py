"""Issue 12: English pages carry no full-width Chinese punctuation from templates, money and time
zones are written for people, and the punctuation helpers follow the reader's language.

All the data below is written without Chinese punctuation, so any 「：、（）」 on an English page
comes from a template or from code."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core import mail  # noqa: F401
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from shanglian.core import formatting
from shanglian.core.models import Place
from shanglian.directory import services as dir_services
from shanglian.events import services as ev_services
from shanglian.festival import services as fest_services
from shanglian.festival.categories import load_categories
from shanglian.festival.models import Category, Edition
from tests.conftest import PASSWORD

FULL_WIDTH = re.compile(r"[：、（）；，。「」！？]")


def main_text(response) -> str:
    html = response.content.decode()
    assert response.status_code == 200, html[:500]
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


@pytest.fixture
def english_world(db, kwun_tong, kt_enterprise, kt_member, secretariat):
    dir_services.person_save(actor=secretariat, values={
        "name_zh": "麥傑雄", "name_en": "Mak Kit Hung", "title": "Managing Director", "enterprise": kt_enterprise})
    start = timezone.now() + datetime.timedelta(days=10)
    event = ev_services.event_save(actor=secretariat, values={
        "type": "forum", "title_zh_hant": "大灣區論壇", "title_en": "GBA Forum", "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=4), "association": kwun_tong, "capacity": 50,
        "audience": "public", "is_published": True, "venue_zh_hant": "會展", "venue_en": "HKCEC", "fee": 6800})
    ev_services.organiser_add(actor=secretariat, event=event, role="supporter", name_zh="甲會", name_en="Alpha Club")
    ev_services.organiser_add(actor=secretariat, event=event, role="supporter", name_zh="乙會", name_en="Beta Club")
    if not Category.objects.exists():
        load_categories(Category)
    today = timezone.localdate()
    edition = Edition.objects.create(code="2026", name_zh_hant="購物節", name_en="Shopping Festival",
                                     starts_on=today - datetime.timedelta(days=1),
                                     ends_on=today + datetime.timedelta(days=30), is_current=True)
    merchant = fest_services.merchant_apply(
        actor=kt_member, edition=edition, values={"name_zh": "華豐集團", "name_en": "Wah Fung Group",
                                                   "contact_name": "Mr Chan", "contact_phone": "2123 4567"},
        brands=[("華豐角", "Wah Fung Corner"), ("華豐小廚", "Wah Fung Kitchen")],
        shops=[{"name_zh": "華豐小廚 元朗", "name_en": "Wah Fung Kitchen (Yuen Long)", "address": "Castle Peak Road",
                "district": Place.objects.get(code="yuen-long"), "phone": "2123 4567"}])
    merchant = fest_services.merchant_review(actor=secretariat, merchant=merchant, approve=True)
    offer = fest_services.offer_create(
        actor=secretariat, merchant=merchant, shops=list(merchant.shops.all()),
        values={"title_zh_hant": "奶茶買一送一", "title_en": "Buy one get one free milk tea",
                "terms_en": "One per customer", "category": Category.objects.get(code="cha-chaan-teng"),
                "valid_from": today, "valid_until": today + datetime.timedelta(days=20)})
    now = timezone.now()
    fest_services.campaign_create(actor=secretariat, offer=offer, values={
        "kind": "value", "value": 1000, "quota": 30, "per_person_limit": 1,
        "claim_starts": now - datetime.timedelta(hours=1), "claim_ends": now + datetime.timedelta(days=1),
        "valid_from": now - datetime.timedelta(hours=1), "valid_until": now + datetime.timedelta(days=7),
        "eligibility": "phone"})
    return {"event": event, "offer": offer, "edition": edition}


def english(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(name, args=args)


def test_english_pages_have_no_full_width_punctuation(client, english_world, kt_enterprise, kt_member, secretariat):
    event = english_world["event"]
    assert client.login(username=kt_member.username, password=PASSWORD)
    reg = ev_services.registration_create(actor=kt_member, event=event, language="en", attendees=[
        ev_services.Attendee(name_en="Mak Kit Hung", email="mak@example.invalid", user=kt_member)])[0]
    offer = english_world["offer"]
    pages = {
        "festival offer": english("festival:offer", offer.pk),
        "festival offers": english("festival:offers"),
        "festival home": english("festival:home"),
        "enterprise": english("directory:enterprise", kt_enterprise.pk),
        "association": english("directory:association", "kwun-tong"),
        "event": english("events:detail", event.slug),
        "ticket": english("events:ticket", reg.pk),
        "my events": english("events:mine"),
    }
    found = {}
    for name, url in pages.items():
        text = main_text(client.get(url))
        if FULL_WIDTH.search(text):
            found[name] = sorted({m.group(0) + text[max(0, m.start() - 30):m.end() + 10]
                                  for m in FULL_WIDTH.finditer(text)})[:5]
    assert client.login(username=secretariat.username, password=PASSWORD)
    text = main_text(client.get(english("festival:applications") + "?status=approved"))
    if FULL_WIDTH.search(text):
        found["applications"] = FULL_WIDTH.findall(text)
    assert not found, found
    assert re.search(r"Wah Fung (Corner|Kitchen), Wah Fung (Corner|Kitchen)", text)
    assert "(Yuen Long) (Yuen Long)" not in text and "Wah Fung Kitchen (Yuen Long)" in text


def test_voucher_value_is_written_as_money(client, english_world):
    text = main_text(client.get(english("festival:offer", english_world["offer"].pk)))
    assert "HK$1,000 voucher" in text and "1000" not in text.replace("1,000", "")


def test_english_event_page_reads_naturally(client, english_world, kt_member):
    event = english_world["event"]
    text = main_text(client.get(english("events:detail", event.slug)))
    assert "HK$6,800" in text and "6800.00" not in text
    assert "Alpha Club, Beta Club" in text
    assert "Asia/Hong_Kong" not in text and "Hong Kong time (HKT)" in text
    assert client.login(username=kt_member.username, password=PASSWORD)
    text = main_text(client.get(english("directory:enterprise", english_world["event"].association_id and
                                        kt_member.enterprise_roles.get().enterprise_id)))
    assert "Mak Kit Hung (Managing Director)" in text


def test_chinese_pages_keep_chinese_punctuation(client, english_world, kt_member):
    event = english_world["event"]
    text = main_text(client.get(reverse("events:detail", args=[event.slug])))
    assert "甲會、乙會" in text and "HK$6,800" in text and "香港時間（HKT）" in text


def test_event_form_lists_associations_in_the_readers_language(client, english_world, secretariat):
    assert client.login(username=secretariat.username, password=PASSWORD)
    html = client.get(english("events:create")).content.decode()
    assert "Kwun Tong Industrial &amp; Commercial Association" in html


@pytest.mark.parametrize(("amount", "text"), [(6800, "HK$6,800"), ("6800.00", "HK$6,800"), ("12.5", "HK$12.50"),
                                              (0, "HK$0"), (1234567, "HK$1,234,567"), (None, "")])
def test_money(amount, text):
    assert formatting.money(amount) == text


def test_helpers_follow_the_language():
    with translation.override("en"):
        assert formatting.join_list(["A", "B"]) == "A, B" and formatting.paren("x") == " (x)"
        assert formatting.colon() == ": " and formatting.tz_label("UTC") == "Coordinated Universal Time (UTC)"
        assert formatting.with_place("Shop (Yuen Long)", "Yuen Long") == "Shop (Yuen Long)"
        assert formatting.tz_label("America/Los_Angeles").startswith("Los Angeles (UTC-")
    with translation.override("zh-hant"):
        assert formatting.join_list(["甲", "乙"]) == "甲、乙" and formatting.paren("經理") == "（經理）"
        assert formatting.tz_label("Asia/Hong_Kong") == "香港時間（HKT）"
        assert formatting.with_place("華豐", "元朗") == "華豐（元朗）"
    with translation.override("zh-hans"):
        assert formatting.tz_label("Asia/Hong_Kong") == "香港时间（HKT）"


@pytest.mark.parametrize(("site", "base"), [
    ("https://shanglian.example.org/", "https://shanglian.example.org/"),
    ("https://shanglian.example.org:443", "https://shanglian.example.org/"),
    ("http://127.0.0.1:8171", "http://127.0.0.1:8171/"),
])
def test_ics_links_to_the_configured_site(client, english_world, kt_member, site, base):
    event = english_world["event"]
    reg = ev_services.registration_create(actor=kt_member, event=event, language="en", attendees=[
        ev_services.Attendee(name_en="Mak Kit Hung", email="mak@example.invalid", user=kt_member)])[0]
    assert client.login(username=kt_member.username, password=PASSWORD)
    with override_settings(SITE_URL=site):
        body = client.get(reverse("events:ticket_ics", args=[reg.pk])).content.decode()
    unfolded = body.replace("\r\n ", "")
    assert base + "en/events/" + event.slug + "/" in unfolded
    assert ":8000" not in unfolded and ":443" not in unfolded and "//en/" not in unfolded
    host = base.split("//")[1].rstrip("/").split(":")[0]  # a UID names the host, not the port
    assert f"@{host}" in unfolded
