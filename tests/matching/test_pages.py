"""Pages: search, detail visibility, posting with bad input, inbox contacts, review, dashboard."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shanglian.core.reading import to_script
from shanglian.matching import introductions
from shanglian.matching.models import Match, Opportunity
from shanglian.matching.ranking import matches_refresh
from tests.matching.conftest import login, opportunity_state, post


def hant(text: str) -> str:
    """How a 繁體 reader sees user content (core.reading)."""
    return to_script(text, "hant")


def unmarked(html: str) -> str:
    return html.replace("<mark>", "").replace("</mark>", "")


def test_search_is_public_and_finds_across_scripts(client, hk_need, sz_offer):
    response = client.get(reverse("matching:search"), {"q": "芯片"})  # 简体 query finds the 繁體 post too
    assert response.status_code == 200
    html = unmarked(response.content.decode())
    # Both shown in the reader's script (繁體 here), the query's words marked.
    assert hk_need.title in html and hant(sz_offer.title) in html
    response = client.get(reverse("matching:search"), {"kind": "offer", "market": "hk"}, HTTP_HX_REQUEST="true")
    assert hant(sz_offer.title) in response.content.decode() and hk_need.title not in response.content.decode()


def test_unpublished_post_is_hidden_from_others(client, kt_member, kt_enterprise, sz_member):
    draft = post(kt_member, kt_enterprise)
    assert client.get(reverse("matching:detail", args=[draft.pk])).status_code == 404
    login(client, sz_member)
    assert client.get(reverse("matching:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("matching:edit", args=[draft.pk])).status_code == 404
    before = opportunity_state(draft.pk)
    assert client.post(reverse("matching:action", args=[draft.pk, "withdraw"])).status_code == 404
    assert opportunity_state(draft.pk) == before
    login(client, kt_member)
    assert client.get(reverse("matching:detail", args=[draft.pk])).status_code == 200


def test_other_member_cannot_act_on_public_post(client, hk_need, sz_member):
    login(client, sz_member)
    before = opportunity_state(hk_need.pk)
    assert client.post(reverse("matching:action", args=[hk_need.pk, "withdraw"])).status_code == 403
    assert opportunity_state(hk_need.pk) == before


def test_post_form_happy_path(client, kt_member):
    login(client, kt_member)
    response = client.post(reverse("matching:new"), {
        "kind": "need", "subtype": "sourcing", "title": "尋找LED燈膽供應商",
        "description": "本公司需要LED燈膽及射燈，每月五千件。", "target_regions": ["hk"], "submit": "1"})
    assert response.status_code == 302
    assert Opportunity.objects.get().status == "pending"


@pytest.mark.parametrize(("title", "description", "message"), [
    ("", "本公司需要LED燈膽及射燈", "請填寫標題"),
    ("😀😀😀", "本公司需要LED燈膽及射燈", "標題須包含文字"),
    ("尋找供應商", "x" * 100_000, "最多 5000 字"),
    ("尋找供應商", "🎉🎉🎉🎉🎉🎉🎉", "請用文字描述"),
])
def test_post_form_bad_input(client, kt_member, title, description, message):
    login(client, kt_member)
    response = client.post(reverse("matching:new"), {"kind": "need", "subtype": "sourcing", "title": title,
                                                     "description": description})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Opportunity.objects.exists()


def test_script_is_cleaned_and_never_rendered(client, kt_member, secretariat):
    login(client, kt_member)
    client.post(reverse("matching:new"), {
        "kind": "need", "subtype": "sourcing", "title": "<script>alert(1)</script>尋找供應商",
        "description": "<img src=x onerror=alert(1)>本公司需要LED燈膽及射燈，每月五千件。", "submit": "1"})
    opp = Opportunity.objects.get()
    assert "<" not in opp.title + opp.description
    login(client, secretariat)
    page = client.get(reverse("matching:review")).content.decode()
    assert "<script>alert" not in page and "onerror" not in page


def test_member_without_enterprise_cannot_post(client, outsider):
    login(client, outsider)
    assert client.get(reverse("matching:new")).status_code == 403


def test_review_queue_allow_and_deny(client, kt_member, kt_enterprise, secretariat):
    opp = post(kt_member, kt_enterprise)
    from shanglian.matching import services

    services.opportunity_submit(actor=kt_member, opportunity=opp)
    login(client, kt_member)
    assert client.get(reverse("matching:review")).status_code == 403
    before = opportunity_state(opp.pk)
    assert client.post(reverse("matching:review_decision", args=[opp.pk, "approve"])).status_code == 403
    assert opportunity_state(opp.pk) == before
    login(client, secretariat)
    assert opp.title in client.get(reverse("matching:review")).content.decode()
    client.post(reverse("matching:review_decision", args=[opp.pk, "return"]), {"reason": "請補充數量"})
    opp.refresh_from_db()
    assert opp.status == "returned" and opp.review_reason == "請補充數量"


def test_detail_shows_matches_with_reasons_to_owner(client, hk_need, sz_offer, kt_member):
    matches_refresh(opportunity_id=hk_need.pk)
    login(client, kt_member)
    page = client.get(reverse("matching:detail", args=[hk_need.pk])).content.decode()
    assert hant(sz_offer.title) in page and "同屬" in page and "表示興趣" in page
    en = client.get(f"/en/matching/{hk_need.pk}/").content.decode()
    assert "Same industry" in en or "同屬" not in en


def test_contacts_only_after_acceptance(client, hk_need, sz_offer, kt_member, sz_member, sz_enterprise):
    matches_refresh(opportunity_id=hk_need.pk)
    match = Match.objects.get(opportunity=hk_need, counterpart=sz_offer)
    login(client, kt_member)
    client.post(reverse("matching:interest", args=[match.pk]))
    intro = hk_need.introductions_out.get()
    assert sz_enterprise.email not in client.get(reverse("matching:inbox")).content.decode()
    # The requester cannot accept on the other side's behalf.
    assert client.post(reverse("matching:introduction_action", args=[intro.pk, "accept"])).status_code == 403
    login(client, sz_member)
    client.post(reverse("matching:introduction_action", args=[intro.pk, "accept"]))
    login(client, kt_member)
    assert sz_enterprise.email in client.get(reverse("matching:inbox")).content.decode()


def test_outsider_cannot_see_introductions(client, hk_need, sz_offer, kt_member, outsider):
    matches_refresh(opportunity_id=hk_need.pk)
    intro = introductions.introduction_request(
        actor=kt_member, match=Match.objects.get(opportunity=hk_need, counterpart=sz_offer))
    login(client, outsider)
    assert hk_need.title not in client.get(reverse("matching:inbox")).content.decode()
    assert client.post(reverse("matching:introduction_action", args=[intro.pk, "accept"])).status_code == 404
    intro.refresh_from_db()
    assert intro.status == "requested"


def test_dashboard_and_export_for_secretariat_only(client, hk_need, kt_member, secretariat):
    login(client, kt_member)
    assert client.get(reverse("matching:dashboard")).status_code == 403
    login(client, secretariat)
    assert client.get(reverse("matching:dashboard")).status_code == 200
    response = client.get(reverse("matching:dashboard"), {"format": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_member_dashboard_card_recommends(client, hk_need, sz_offer, kt_member):
    matches_refresh(opportunity_id=hk_need.pk)
    login(client, kt_member)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert "為你推薦" in page and hant(sz_offer.title) in page


# Issue 12: the form starts valid, subtypes follow the type, cities are a grouped picker;
# 「發佈商機」 only for those who can post.
def test_new_form_starts_valid(client, kt_member):
    import re

    login(client, kt_member)
    html = client.get(reverse("matching:new")).content.decode()
    kind = re.search(r'<input type="radio" name="kind" value="(\w+)"[^>]*checked', html).group(1)
    option = re.search(r'<option [^>]*\bselected\b[^>]*>', html.split('name="subtype"')[1]).group(0)
    subtype = re.search(r'value="(\w+)"', option).group(1)
    assert kind == "need" and subtype == "sourcing" and 'data-kind="need"' in option
    response = client.post(reverse("matching:new"), {
        "kind": kind, "subtype": subtype, "title": "尋找LED燈膽供應商",
        "description": "本公司需要LED燈膽及射燈，每月五千件。"})
    assert response.status_code == 302 and Opportunity.objects.get().subtype == "sourcing"


def test_subtype_of_the_other_kind_is_refused(client, kt_member):
    login(client, kt_member)
    response = client.post(reverse("matching:new"), {
        "kind": "need", "subtype": "product", "title": "尋找LED燈膽供應商",
        "description": "本公司需要LED燈膽及射燈，每月五千件。"})
    assert response.status_code == 200 and "細分與類型不符" in response.content.decode()
    assert not Opportunity.objects.exists()


def test_target_cities_are_grouped_checkboxes_with_a_static_script(client, kt_member):
    from shanglian.core.models import Place

    login(client, kt_member)
    html = client.get(reverse("matching:new")).content.decode()
    assert "<select multiple" not in html and 'name="target_markets"' in html
    assert html.count('<fieldset class="place-group">') == Place.objects.exclude(
        kind="hk_district").values("kind").distinct().count()
    assert "matching/opportunity-form.js" in html
    assert "<script>" not in html  # no inline script
    guangzhou = Place.objects.get(code="guangzhou")
    response = client.post(reverse("matching:new"), {
        "kind": "need", "subtype": "sourcing", "title": "尋找LED燈膽供應商",
        "description": "本公司需要LED燈膽及射燈，每月五千件。", "target_markets": [str(guangzhou.pk)]})
    assert response.status_code == 302
    assert list(Opportunity.objects.get().target_markets.all()) == [guangzhou]


def test_post_button_only_for_members_who_can_post(client, kt_member, outsider, kt_admin, secretariat):
    for user in (outsider, kt_admin, secretariat):
        login(client, user)
        assert reverse("matching:new") not in client.get(reverse("matching:search")).content.decode()
        page = client.get(reverse("matching:new"))
        assert page.status_code == 403 and "未連結會員企業" in page.content.decode()
    client.logout()
    assert reverse("matching:new") not in client.get(reverse("matching:search")).content.decode()
    login(client, kt_member)
    assert reverse("matching:new") in client.get(reverse("matching:search")).content.decode()
