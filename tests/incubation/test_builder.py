"""The form builder page: the call's form and eligibility rules built with buttons (no JSON, no
script needed), saved as the same validated lists the engine uses, errors in the reader's language."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils import translation

from shanglian.incubation import sample
from shanglian.incubation.models import Call

pytestmark = pytest.mark.django_db


class _Form(HTMLParser):
    """What a browser would post from the builder's form (buttons excluded)."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = self._textarea = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.data.setdefault(name, []).append(a.get("value") or "")
        elif tag == "select":
            self._select, self._first = name, True
        elif tag == "option" and self._select:
            if "selected" in a or self._first:
                if not self._first:
                    self.data[self._select] = []
                self.data.setdefault(self._select, [])
                self.data[self._select][:] = [a.get("value", "")]
            self._first = False
        elif tag == "textarea":
            self._textarea, self._text = name, ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        if tag == "textarea" and self._textarea:
            self.data[self._textarea] = [self._text]
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self._text += data


def posted(html: str, **extra) -> dict:
    parser = _Form()
    parser.feed(html)
    data = {k: v if len(v) > 1 else v[0] for k, v in parser.data.items()}
    data.pop("csrfmiddlewaretoken", None)
    return {**data, **extra}


def normal(fields):
    return [{**f, "required": bool(f.get("required"))} for f in fields]


@pytest.fixture
def staff(client, secretariat):
    client.force_login(secretariat)
    return client


def url(call):
    return reverse("incubation:form_builder", args=[call.slug])


def test_the_page_round_trips_the_engine_data_unchanged(staff, call):
    page = staff.get(url(call))
    assert page.status_code == 200 and b"<script>" not in page.content
    body = page.content.decode()
    assert 'name="f5-accept" value="pdf" checked' in body and "ai | 人工智能 | 人工智能 | AI" in body
    r = staff.post(url(call), posted(body, op="save"))
    assert r.status_code == 302
    call.refresh_from_db()
    assert normal(call.form_fields) == normal(sample.FORM) and call.eligibility == sample.YDF_RULES


def test_add_reorder_remove_then_save(staff, call):
    body = staff.get(url(call)).content.decode()
    r = staff.post(url(call), posted(body, op="add-field", new_type="file"))
    assert r.status_code == 200 and 'name="f6-key" value="field_7"' in r.content.decode()
    assert Call.objects.get(pk=call.pk).form_fields == call.form_fields  # nothing saved yet
    data = posted(r.content.decode(), op="up-f-6")
    data.update({"f6-label_en": "Budget", "f6-max_mb": "8", "f6-accept": ["pdf", "xlsx"]})
    r = staff.post(url(call), data)
    body = r.content.decode()
    assert 'name="f5-label_en" value="Budget"' in body  # moved above the deck
    r = staff.post(url(call), posted(body, op="remove-f-2"))  # has_ip: ip_details' condition goes with it
    r = staff.post(url(call), posted(r.content.decode(), op="add-rule", new_rule="team_size"))
    r = staff.post(url(call), posted(r.content.decode(), op="save"))
    assert r.status_code == 302
    call.refresh_from_db()
    keys = [f["key"] for f in call.form_fields]
    assert keys == ["summary", "sector", "ip_details", "website", "field_7", "deck"]
    budget = call.form_fields[4]
    assert budget["accept"] == ["pdf", "xlsx"] and budget["max_mb"] == 8 and budget["label"]["en"] == "Budget"
    assert "show_if" not in call.form_fields[2]
    assert call.eligibility[-1] == {"type": "team_size", "min": 1, "max": 5}


def test_bad_configuration_is_refused_with_translated_errors_and_nothing_saved(staff, call):
    body = staff.get(url(call)).content.decode()
    wrong = {"f5-max_mb": "50", "f0-label_zh_hant": "", "f0-max_words": "many", "r0-min": "abc"}
    bad = posted(body, op="save", **wrong)
    r = staff.post(url(call), bad)
    text = r.content.decode()
    assert r.status_code == 400 and "未能儲存" in text
    assert "上限須在 1 至 20 MB" in text and "需要繁體中文標籤" in text and "字數上限必須是正整數" in text
    assert "第 1 條規則" in text
    with translation.override("en"):
        english = url(call)
    assert english.startswith("/en/")
    r = staff.post(english, bad)
    text = r.content.decode()
    assert r.status_code == 400 and "needs a Traditional Chinese label" in text and "between 1 and 20 MB" in text
    call.refresh_from_db()
    assert normal(call.form_fields) == normal(sample.FORM)


def test_preview_shows_the_applicants_form_and_htmx_gets_the_builder_only(staff, call):
    body = staff.get(url(call)).content.decode()
    r = staff.post(url(call), posted(body, op="preview"))
    text = r.content.decode()
    assert r.status_code == 200 and "預覽" in text and 'name="summary"' in text and "上限 300 字" in text
    r = staff.post(url(call), posted(body, op="add-field"), HTTP_HX_REQUEST="true")
    part = r.content.decode()
    assert part.lstrip().startswith('<div id="builder">') and "<html" not in part
