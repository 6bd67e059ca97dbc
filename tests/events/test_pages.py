"""Pages: list/detail, register self and group, ticket, my events, cancel; organiser pages and denials."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from shanglian.events import services
from shanglian.events.models import Event, Registration
from tests.events.conftest import login, person, register


def formset_data(*people, questions=()):
    data = {"form-TOTAL_FORMS": str(len(people)), "form-INITIAL_FORMS": "0", "form-MIN_NUM_FORMS": "1",
            "form-MAX_NUM_FORMS": "30", "privacy_consent": "1"}
    for i, p in enumerate(people):
        for k, v in p.items():
            data[f"form-{i}-{k}"] = v
    return data


def test_list_and_detail_public(client, forum, secretariat):
    services.session_save(actor=secretariat, event=forum, values={
        "title_zh_hant": "主題演講", "starts_at": forum.starts_at,
        "ends_at": forum.starts_at + datetime.timedelta(hours=1),
        "room": "會議廳 A", "speakers": "陳大文 · 貿發局"})
    services.organiser_add(actor=secretariat, event=forum, role="supporter", name_zh="山東省商務廳")
    assert forum.title_zh_hant in client.get(reverse("events:list")).content.decode()
    html = client.get(forum.get_absolute_url()).content.decode()
    assert "主題演講" in html and "山東省商務廳" in html and "會議廳 A" in html


def test_unpublished_hidden(client, forum, outsider):
    Event.objects.filter(pk=forum.pk).update(is_published=False)
    assert forum.title_zh_hant not in client.get(reverse("events:list")).content.decode()
    assert client.get(forum.get_absolute_url()).status_code == 404


def test_english_title(client, forum):
    assert "GBA Forum" in client.get("/en/events/" + forum.slug + "/").content.decode()


def test_register_self_then_ticket_and_cancel(client, forum, outsider):
    login(client, outsider)
    r = client.post(reverse("events:register", args=[forum.slug]),
                    formset_data({"name_zh": "陳大文", "email": "chan@example.invalid", "phone": "9123 4567"}))
    reg = Registration.objects.get(event=forum)
    assert r.status_code == 302 and r.url == reverse("events:ticket", args=[reg.pk])
    assert reg.user == outsider and reg.phone == "+85291234567"
    html = client.get(r.url).content.decode()
    assert "<svg" in html and "陳大文" in html
    assert client.get(reverse("events:ticket_qr", args=[reg.pk]))["Content-Type"] == "image/png"
    assert b"BEGIN:VCALENDAR" in client.get(reverse("events:ticket_ics", args=[reg.pk])).content
    assert "陳大文" in client.get(reverse("events:mine")).content.decode()
    client.post(reverse("events:ticket_cancel", args=[reg.pk]))
    assert Registration.objects.get(pk=reg.pk).status == "cancelled"


def test_register_form_errors_shown(client, forum, outsider):
    login(client, outsider)
    r = client.post(reverse("events:register", args=[forum.slug]), formset_data({"name_zh": "", "email": "x"}))
    assert r.status_code == 200 and not Registration.objects.exists()
    r = client.post(reverse("events:register", args=[forum.slug]),
                    formset_data({"name_zh": "陳", "email": "a@example.invalid"},
                                 {"name_zh": "李", "email": "a@example.invalid"}))
    assert "同一電郵地址" in r.content.decode() and not Registration.objects.exists()


def test_group_registration_by_member(client, forum, kt_member, kt_enterprise):
    forum.capacity = 10
    forum.save()
    login(client, kt_member)
    assert "集體報名" in client.get(reverse("events:register", args=[forum.slug]) + "?group=1&rows=3").content.decode()
    r = client.post(reverse("events:register", args=[forum.slug]) + "?group=1", formset_data(
        {"name_zh": "甲", "email": "a@example.invalid"}, {"name_zh": "乙", "email": "b@example.invalid"},
        {"name_en": "Carol", "email": "c@example.invalid"}))
    assert r.status_code == 302
    regs = Registration.objects.filter(event=forum)
    assert regs.count() == 3 and {x.enterprise_id for x in regs} == {kt_enterprise.pk}
    assert all(x.registered_by == kt_member and x.user is None for x in regs)
    html = client.get(reverse("events:mine")).content.decode()
    assert "Carol" in html
    # Spare rows left as pre-filled (company only) are skipped.
    r = client.post(reverse("events:register", args=[forum.slug]) + "?group=1", formset_data(
        {"name_zh": "丁", "email": "d@example.invalid", "company": kt_enterprise.name_zh},
        {"name_zh": "", "email": "", "company": kt_enterprise.name_zh}))
    assert r.status_code == 302 and Registration.objects.filter(event=forum).count() == 4


def test_after_window_page_message(client, forum, outsider):
    forum.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    forum.save()
    login(client, outsider)
    r = client.post(reverse("events:register", args=[forum.slug]),
                    formset_data({"name_zh": "陳", "email": "a@example.invalid"}))
    assert "報名已截止" in r.content.decode() and not Registration.objects.exists()


def test_ticket_of_someone_else_denied(client, forum, outsider, make_user):
    (reg,) = register(forum, outsider, person(1, user=outsider))
    client.force_login(make_user("nosy"))
    assert client.get(reverse("events:ticket", args=[reg.pk])).status_code == 403
    assert client.post(reverse("events:ticket_cancel", args=[reg.pk])).status_code == 403
    assert Registration.objects.get(pk=reg.pk).status == "confirmed"


def test_organiser_create_event(client, kt_admin, kwun_tong):
    login(client, kt_admin)
    r = client.post(reverse("events:create"), {
        "type": "forum", "association": kwun_tong.pk, "title_zh_hant": "深港合作論壇", "title_en": "SZ-HK Forum",
        "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T17:00", "timezone": "Asia/Hong_Kong",
        "audience": "public", "fee": "0", "meeting_tables": "0", "meeting_response_hours": "48", "is_published": "on"})
    assert r.status_code == 302
    event = Event.objects.get(title_zh_hant="深港合作論壇")
    assert event.slug == "sz-hk-forum" and event.created_by == kt_admin


def test_organiser_cannot_create_for_other_association(client, kt_admin, eastern):
    login(client, kt_admin)
    r = client.post(reverse("events:create"), {
        "type": "forum", "association": eastern.pk, "title_zh_hant": "X", "starts_at": "2030-05-01T09:00",
        "ends_at": "2030-05-01T17:00", "timezone": "Asia/Hong_Kong", "audience": "public", "fee": "0",
        "meeting_tables": "0", "meeting_response_hours": "48"})
    assert r.status_code == 200 and not Event.objects.filter(title_zh_hant="X").exists()


def test_end_before_start_refused(client, kt_admin, kwun_tong):
    login(client, kt_admin)
    r = client.post(reverse("events:create"), {
        "type": "forum", "association": kwun_tong.pk, "title_zh_hant": "Y", "starts_at": "2030-05-01T09:00",
        "ends_at": "2030-04-01T17:00", "timezone": "Asia/Hong_Kong", "audience": "public", "fee": "0",
        "meeting_tables": "0", "meeting_response_hours": "48"})
    assert r.status_code == 200 and not Event.objects.filter(title_zh_hant="Y").exists()


def test_other_association_admin_denied(client, forum, make_user, eastern, outsider):
    from shanglian.directory.models import AssociationRole

    (reg,) = register(forum, outsider, person(1))
    east_admin = make_user("east-admin")
    AssociationRole.objects.create(user=east_admin, association=eastern, role="admin")
    client.force_login(east_admin)
    for name in ("edit", "setup", "registrations", "counts"):
        assert client.get(reverse(f"events:{name}", args=[forum.slug])).status_code == 403
    r = client.post(reverse("events:registration_action", args=[forum.slug, reg.pk, "reject"]))
    assert r.status_code == 403 and Registration.objects.get(pk=reg.pk).status == "confirmed"
    client.force_login(outsider)
    assert client.get(reverse("events:manage")).status_code == 403


def test_organiser_approves_and_counts(client, forum, kt_admin, outsider):
    forum.approval_required = True
    forum.save()
    (reg,) = register(forum, outsider, person(1))
    login(client, kt_admin)
    assert "陳1" in client.get(reverse("events:registrations", args=[forum.slug])).content.decode()
    client.post(reverse("events:registration_action", args=[forum.slug, reg.pk, "approve"]))
    assert Registration.objects.get(pk=reg.pk).status == "confirmed"
    html = client.get(reverse("events:counts", args=[forum.slug])).content.decode()
    assert 'data-count="confirmed">1<' in html and "hx-trigger" in html


def test_setup_adds_session_and_stop(client, forum, kt_admin):
    login(client, kt_admin)
    r = client.post(reverse("events:setup", args=[forum.slug]), {
        "kind": "session", "s-title_zh_hant": "圓桌討論", "s-starts_at": "2030-05-01T09:00",
        "s-ends_at": "2030-05-01T10:00", "s-room": "B", "s-speakers": ""})
    assert r.status_code == 302 and forum.sessions.count() == 1
    client.post(reverse("events:setup", args=[forum.slug]), {
        "kind": "itinerary", "i-date": "2030-05-02", "i-city_zh_hant": "濟南", "i-host_zh": "山東省商務廳"})
    assert forum.itinerary.get().city_zh_hant == "濟南"


def test_event_times_entered_in_event_timezone(client, kt_admin, kwun_tong):
    login(client, kt_admin)
    client.post(reverse("events:create"), {
        "type": "forum", "association": kwun_tong.pk, "title_zh_hant": "倫敦推介會", "title_en": "London roadshow",
        "starts_at": "2030-05-01T09:00", "ends_at": "2030-05-01T17:00", "timezone": "Europe/London",
        "audience": "public", "fee": "0", "meeting_tables": "0", "meeting_response_hours": "48"})
    event = Event.objects.get(title_en="London roadshow")
    assert event.starts_at == datetime.datetime(2030, 5, 1, 8, 0, tzinfo=datetime.UTC)  # 09:00 BST


# Issue 12: self-registration works with the pre-filled form; the reason is said up front.
def _prefilled_post(client, event):
    """Send the register form exactly as the page pre-filled it."""
    import html as htmllib
    import re

    page = client.get(reverse("events:register", args=[event.slug])).content.decode()
    data = {name: htmllib.unescape(value) for name, value in
            re.findall(r'<input type="(?:hidden|text|email|tel)" name="([^"]+)" value="([^"]*)"', page)}
    # The one box the member must tick (the browser enforces it: `required`): the collection notice.
    assert re.search(r'<input type="checkbox" name="privacy_consent" value="1" required', page)
    return client.post(reverse("events:register", args=[event.slug]), {**data, "privacy_consent": "1"}), data


def test_unchanged_prefilled_self_registration_works(client, forum, make_user):
    user = make_user("wong", first_name="Siu Ming", last_name="Wong")
    login(client, user)
    r, data = _prefilled_post(client, forum)
    assert data.get("form-0-email") == user.email
    assert r.status_code == 302, r.content.decode()
    reg = Registration.objects.get(event=forum)
    assert reg.user == user and reg.email == user.email


def test_empty_self_form_gives_a_plain_message(client, forum, outsider):
    login(client, outsider)
    r = client.post(reverse("events:register", args=[forum.slug]), {
        "form-TOTAL_FORMS": "1", "form-INITIAL_FORMS": "0", "form-0-name_zh": "", "form-0-email": ""})
    html = r.content.decode()
    assert r.status_code == 200 and not Registration.objects.exists()
    assert "表單" not in html.split("<main")[1]  # no formset jargon


def test_group_form_sent_unchanged_explains(client, forum, kt_member, kt_enterprise):
    login(client, kt_member)
    r = client.post(reverse("events:register", args=[forum.slug]) + "?group=1", formset_data(
        {"name_zh": "", "email": "", "company": kt_enterprise.name_zh}))
    html = r.content.decode()
    assert "請至少填寫一位參加者的姓名及電郵" in html and "最少 1 個表單" not in html
    assert not Registration.objects.exists()


def test_invitation_only_says_so_up_front_and_offers_no_register(client, forum, outsider):
    Event.objects.filter(pk=forum.pk).update(audience="invited")
    login(client, outsider)
    detail = client.get(forum.get_absolute_url()).content.decode()
    assert "只限獲邀人士" in detail
    assert reverse("events:register", args=[forum.slug]) + '"' not in detail  # no 報名 button
    page = client.get(reverse("events:register", args=[forum.slug])).content.decode()
    assert "只限獲邀人士" in page and 'name="form-0-email"' not in page
    r = client.post(reverse("events:register", args=[forum.slug]),
                    formset_data({"name_zh": "陳", "email": "a@example.invalid"}))
    assert r.status_code == 200 and not Registration.objects.exists()


def test_already_registered_sees_the_registration_not_the_button(client, forum, outsider):
    login(client, outsider)
    client.post(reverse("events:register", args=[forum.slug]),
                formset_data({"name_zh": "陳大文", "email": "chan@example.invalid"}))
    reg = Registration.objects.get(event=forum)
    detail = client.get(forum.get_absolute_url()).content.decode()
    assert reverse("events:ticket", args=[reg.pk]) in detail
    assert reverse("events:register", args=[forum.slug]) + '"' not in detail
    page = client.get(reverse("events:register", args=[forum.slug])).content.decode()
    assert "你已報名此活動" in page and reverse("events:ticket", args=[reg.pk]) in page
    r = client.post(reverse("events:register", args=[forum.slug]),
                    formset_data({"name_zh": "陳大文", "email": "other@example.invalid"}))
    assert r.status_code == 200 and Registration.objects.filter(event=forum).count() == 1


def test_full_event_warns_of_the_waitlist_before_the_form(client, forum, outsider):
    Event.objects.filter(pk=forum.pk).update(capacity=1, seats_taken=1)
    login(client, outsider)
    page = client.get(reverse("events:register", args=[forum.slug])).content.decode()
    assert "候補名單" in page and 'name="form-0-email"' in page
