"""Read in your own script: conversion, the descriptor per language, the original toggle, the
API and admin as written, and search-result highlighting across scripts."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.template import Context, Template
from django.utils import translation

from shanglian.core import reading
from shanglian.core.i18n import pick
from shanglian.core.models import Industry
from shanglian.directory import services
from shanglian.directory.models import Association
from tests.conftest import PASSWORD


def render(source: str, **context) -> str:
    return Template("{% load shanglian %}" + source).render(Context(context))


# ---- the converter -------------------------------------------------------------------------------
def test_to_script_converts_characters_only():
    assert reading.to_script("长期现货供应芯片及电子元件", "hant") == "長期現貨供應芯片及電子元件"
    assert reading.to_script("香港觀塘工商業聯合會", "hans") == "香港观塘工商业联合会"
    # Character conversion only: no vocabulary change (信息 is not turned into 資訊).
    assert reading.to_script("信息技术", "hant") == "信息技術"
    assert reading.to_script("資訊科技", "hans") == "资讯科技"
    assert reading.to_script("Kwun Tong 2024", "hant") == "Kwun Tong 2024"
    assert reading.to_script("电子", "") == "电子"  # English readers: as written


def test_traditional_text_is_left_as_written_for_traditional_readers():
    # s2hk would turn the surname 范 into 範: text that is already Traditional is not converted.
    assert reading.to_script("范氏貿易（香港）", "hant") == "范氏貿易（香港）"


def test_reader_filter_follows_the_active_language():
    with translation.override("zh-hant"):
        assert render("{{ v|reader }}", v="电子零件") == "電子零件"
    with translation.override("zh-hans"):
        assert render("{{ v|reader }}", v="電子零件") == "电子零件"
    with translation.override("en"):
        assert render("{{ v|reader }}", v="電子零件") == "電子零件"
    assert render("{{ v|reader }}", v=None) == "None"
    assert render("{{ v|reader }}", v="<b>电</b>") == "&lt;b&gt;電&lt;/b&gt;"  # still escaped


def test_converted_values_remember_the_original_and_are_cached():
    with translation.override("zh-hans"):
        shown = reading.for_reader("觀塘")
    assert shown == "观塘" and shown.original == "觀塘" and shown.converted
    with translation.override("zh-hant"):
        again = reading.for_reader(shown)  # converting a converted value starts from the original
    assert again == "觀塘" and not again.converted
    before = reading._cached.cache_info().hits
    reading.opencc_convert("hk2s", "觀塘")
    assert reading._cached.cache_info().hits == before + 1


def test_as_written_turns_conversion_off():
    with translation.override("zh-hans"), reading.as_written():
        assert reading.for_reader("觀塘") == "觀塘"


# ---- the descriptor, per language ----------------------------------------------------------------
@pytest.mark.django_db
def test_translated_names_in_each_language(kwun_tong):
    with translation.override("zh-hant"):
        assert kwun_tong.name == "香港觀塘工商業聯合會"
    with translation.override("zh-hans"):
        assert kwun_tong.name == "香港观塘工商业联合会"
        assert kwun_tong.name.original == "香港觀塘工商業聯合會"
    with translation.override("en"):
        assert kwun_tong.name == "Kwun Tong Industrial & Commercial Association"
    # pick() is the column as written (exports, the API).
    assert pick(kwun_tong, "name", "zh-hans") == "香港觀塘工商業聯合會"


@pytest.mark.django_db
def test_a_simplified_name_reads_traditional_and_falls_back_for_english(kwun_tong, secretariat):
    e = services.enterprise_create(
        actor=secretariat, association=kwun_tong, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "深圳华强电子有限公司", "description": "电子元件批发"})
    with translation.override("zh-hant"):
        assert e.name == "深圳華強電子有限公司"
    with translation.override("en"):
        assert e.name == "深圳华强电子有限公司"  # no English name: as written


@pytest.mark.django_db
def test_reference_data_columns_are_used_as_they_are(reference_data):
    it = Industry.objects.get(code="it")
    with translation.override("zh-hans"):
        assert it.name == it.name_zh_hans


# ---- pages: converted, with the original a click away ----------------------------------------------
@pytest.mark.django_db
def test_association_heading_in_the_simplified_ui_with_the_original_toggle(client, kwun_tong):
    with translation.override("zh-hans"):
        hans_url = kwun_tong.get_absolute_url()
    hant_url = kwun_tong.get_absolute_url()
    html = client.get(hans_url).content.decode()
    assert "<h1>香港观塘工商业联合会</h1>" in html
    assert '<details class="original"><summary>原文</summary><span lang="zh-Hant">香港觀塘工商業聯合會</span>' in html
    # The same page in Traditional: nothing converted, so no toggle.
    html = client.get(hant_url).content.decode()
    assert "<h1>香港觀塘工商業聯合會</h1>" in html and 'class="original"' not in html


@pytest.mark.django_db
def test_enterprise_page_converts_name_and_description_for_a_traditional_reader(client, kwun_tong, secretariat):
    e = services.enterprise_create(
        actor=secretariat, association=kwun_tong, start_date=datetime.date(2024, 1, 1),
        values={"name_zh": "深圳华强电子有限公司", "description": "电子元件批发及维修"})
    html = client.get(e.get_absolute_url()).content.decode()
    assert "<h1>深圳華強電子有限公司</h1>" in html
    assert "電子元件批發及維修" in html
    assert html.count('<details class="original">') == 2
    assert '<span lang="zh-Hans">电子元件批发及维修</span>' in html


@pytest.mark.django_db
def test_directory_results_show_names_in_the_readers_script_and_mark_the_query(client, kt_enterprise):
    html = client.get("/zh-hans/directory/", {"q": "资讯"}).content.decode()
    assert "观塘<mark>资讯</mark>科技有限公司" in html  # the name as a 简体 reader reads it, query marked
    html = client.get("/zh-hant/directory/", {"q": "资讯"}).content.decode()
    assert "觀塘<mark>資訊</mark>科技有限公司" in html  # a 简体 query marks the 繁體 text


@pytest.mark.django_db
def test_the_api_gets_the_text_as_written_pages_get_it_converted(rf, kwun_tong):
    seen = {}

    def view(request):
        seen[request.path] = Association.objects.get(pk=kwun_tong.pk).name
        return None

    middleware = reading.ReadingMiddleware(view)
    with translation.override("zh-hans"):
        for path in ("/api/v1/festival/offers", "/zh-hans/directory/associations/kwun-tong/"):
            middleware(rf.get(path))
    assert seen["/api/v1/festival/offers"] == "香港觀塘工商業聯合會"
    assert seen["/zh-hans/directory/associations/kwun-tong/"] == "香港观塘工商业联合会"


@pytest.mark.django_db
def test_the_admin_shows_the_text_as_written(client, secretariat, kwun_tong):
    assert client.login(username=secretariat.username, password=PASSWORD)
    html = client.get("/zh-hans/admin/directory/association/").content.decode()
    assert "香港觀塘工商業聯合會" in html


@pytest.mark.django_db
def test_mail_is_in_the_recipients_script(kwun_tong, outsider, django_capture_on_commit_callbacks):
    from shanglian.core.mail import send_templated_mail

    with translation.override("zh-hant"):
        name = Association.objects.get(pk=kwun_tong.pk).name
    assert name == "香港觀塘工商業聯合會"
    with django_capture_on_commit_callbacks(execute=True):
        send_templated_mail(to=["a@example.invalid"], template="matching/email/notice", language="zh-hans",
                            context={"user": outsider, "verb_label": "x", "verb": "published",
                                     "opportunity": {"title": "觀塘電子零件", "pk": 1}})
    assert "观塘电子零件" in mail.outbox[-1].body


# ---- highlighting across scripts -------------------------------------------------------------------
@pytest.mark.parametrize(("text", "query", "expected"), [
    ("深圳电子有限公司", "電子", "深圳<mark>电子</mark>有限公司"),
    ("觀塘電子零件", "电子", "觀塘<mark>電子</mark>零件"),
    ("香港電子公司", "觀塘電子", "香港<mark>電子</mark>公司"),  # words typed together: the pieces found
    ("ＬＥＤ燈膽 led", "led", "<mark>ＬＥＤ</mark>燈膽 <mark>led</mark>"),  # full-width forms
    ("Tom & Jerry 電子", "& 电子", "Tom &amp; Jerry <mark>電子</mark>"),  # escaped; one symbol is no term
    ("电子", "", "电子"),
    ("<script>电子</script>", "电子", "&lt;script&gt;<mark>电子</mark>&lt;/script&gt;"),
])
def test_highlight_across_scripts(text, query, expected):
    assert reading.highlight(text, query) == expected


def test_highlight_maps_positions_when_conversion_changes_the_length(monkeypatch):
    # OpenCC conversion is almost always one character for one; when the whole text's conversion
    # is not, positions are mapped character by character.
    real = reading.opencc_convert

    def longer(config: str, text: str) -> str:
        out = real(config, text)
        return out + "X" if len(text) > 1 else out

    monkeypatch.setattr(reading, "opencc_convert", longer)
    assert reading.fold_positions("觀塘電子") == "观塘电子"
    assert reading.highlight("觀塘電子零件", "电子") == "觀塘<mark>電子</mark>零件"


def test_highlight_never_fails_on_odd_queries():
    for query in ("(", "*", "電" * 10_000, "\x00\x1f", "😀 电子", "AND OR NOT"):
        assert "电子" in reading.highlight("电子", query) or "<mark>" in reading.highlight("电子", query)


def test_marked_tag_takes_the_query_from_the_page_and_needs_none():
    assert render("{% marked v %}", v="深圳电子", filters={"q": "電子"}) == "深圳<mark>电子</mark>"
    assert render("{% marked v %}", v="深圳电子", q="深圳") == "<mark>深圳</mark>电子"
    assert render("{% marked v %}", v="深圳电子") == "深圳电子"  # a card on a page without a search
