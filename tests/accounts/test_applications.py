"""Applications to join: an enterprise's user applies, the association reviews; approval creates the
membership through the directory services; the applicant is mailed in their language; audited."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from shanglian.accounts import services
from shanglian.accounts.models import MembershipApplication
from shanglian.core.models import AuditEntry
from shanglian.directory.models import AssociationRole, Enterprise, EnterpriseRole, Membership


def apply(client, association, **data):
    return client.post(reverse("accounts:application_new"), {
        "association": association.pk, "membership_type": "corporate", "message": "請考慮我們的申請", **data})


def test_member_applies_for_their_enterprise_and_the_admin_is_told(client, kt_member, kt_enterprise, eastern,
                                                                   make_user, mails):
    east_admin = make_user("east-admin")
    AssociationRole.objects.create(user=east_admin, association=eastern, role="admin")
    client.force_login(kt_member)
    assert client.get(reverse("accounts:application_new")).status_code == 200
    with mails():
        response = client.post("/en/accounts/applications/new/", {
            "association": eastern.pk, "enterprise": kt_enterprise.pk, "membership_type": "corporate"})
    application = MembershipApplication.objects.get()
    assert response["Location"] == f"/en/accounts/applications/{application.pk}/"
    assert application.enterprise == kt_enterprise and application.language == "en"
    assert [m.to for m in mail.outbox] == [[east_admin.email]]
    assert AuditEntry.objects.filter(action="application.submit", association_id=eastern.pk).exists()
    assert kt_enterprise.name_zh in client.get(reverse("accounts:applications")).content.decode()


def test_cannot_apply_for_someone_elses_enterprise(client, outsider, kt_enterprise, eastern):
    client.force_login(outsider)
    response = apply(client, eastern, enterprise=kt_enterprise.pk)
    assert response.status_code == 200  # not one of the choices offered to this user
    assert not MembershipApplication.objects.exists()


def test_already_a_member_and_duplicate_pending_are_refused(client, kt_member, kt_enterprise, kwun_tong, eastern):
    client.force_login(kt_member)
    assert "已是此商會的會員" in apply(client, kwun_tong, enterprise=kt_enterprise.pk).content.decode()
    apply(client, eastern, enterprise=kt_enterprise.pk)
    assert "正在等候審批" in apply(client, eastern, enterprise=kt_enterprise.pk).content.decode()
    assert MembershipApplication.objects.count() == 1


def test_admin_approves_a_new_enterprise(client, outsider, kwun_tong, kt_admin, mails):
    client.force_login(outsider)
    apply(client, kwun_tong, name_zh="新公司有限公司", br_number="12345678", phone="2123 4567")
    application = MembershipApplication.objects.get()
    client.force_login(kt_admin)
    queue = client.get(reverse("accounts:application_queue", args=[kwun_tong.slug])).content.decode()
    assert "新公司有限公司" in queue
    assert "新公司有限公司" in client.get(reverse("accounts:application", args=[application.pk])).content.decode()
    with mails():
        client.post(reverse("accounts:application_approve", args=[application.pk]))
    application.refresh_from_db()
    enterprise = Enterprise.objects.get(name_zh="新公司有限公司")
    assert application.status == "approved" and application.enterprise == enterprise
    membership = Membership.objects.get(enterprise=enterprise)
    assert membership.association == kwun_tong and membership.status == "active"
    assert application.membership == membership
    assert EnterpriseRole.objects.get(user=outsider, enterprise=enterprise).role == "owner"
    assert enterprise.br_number == "12345678" and enterprise.phone == "+85221234567"
    assert [m.to for m in mail.outbox] == [[outsider.email]]
    assert "已獲批准" in mail.outbox[0].subject  # the applicant applied in Traditional Chinese
    for action in ("application.approve", "membership.create", "enterprise.create"):
        assert AuditEntry.objects.filter(action=action).exists(), action


def test_admin_rejects_with_a_reason_in_the_applicants_language(client, kt_member, kt_enterprise, eastern, make_user,
                                                                 mails):
    client.force_login(kt_member)
    client.post("/zh-hans/accounts/applications/new/", {
        "association": eastern.pk, "enterprise": kt_enterprise.pk, "membership_type": "corporate"})
    application = MembershipApplication.objects.get()
    east_admin = make_user("east-admin")
    AssociationRole.objects.create(user=east_admin, association=eastern, role="admin")
    client.force_login(east_admin)
    client.post(reverse("accounts:application_reject", args=[application.pk]), {"reason": ""})
    assert MembershipApplication.objects.get().status == "pending"  # a reason is required
    with mails():
        client.post(reverse("accounts:application_reject", args=[application.pk]), {"reason": "不在本區經營"})
    application.refresh_from_db()
    assert application.status == "rejected" and application.reason == "不在本區經營"
    assert not Membership.objects.filter(association=eastern).exists()
    assert "结果" in mail.outbox[-1].subject and "不在本區經營" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="application.reject", association_id=eastern.pk).exists()


def test_others_cannot_review_and_nothing_changes(client, kt_member, kt_enterprise, eastern, kt_admin, outsider):
    application = services.application_submit(actor=kt_member, association=eastern, enterprise=kt_enterprise,
                                              language="zh-hant")
    before = MembershipApplication.objects.values().get()
    # kt_admin manages Kwun Tong, not Eastern; the applicant may not approve their own application.
    for user, queue_status in ((kt_admin, 403), (kt_member, 403), (outsider, 403)):
        client.force_login(user)
        assert client.get(reverse("accounts:application_queue", args=[eastern.slug])).status_code == queue_status
        assert client.post(reverse("accounts:application_approve", args=[application.pk])).status_code == 403
        assert client.post(reverse("accounts:application_reject", args=[application.pk]),
                           {"reason": "no"}).status_code == 403
    client.force_login(outsider)
    assert client.get(reverse("accounts:application", args=[application.pk])).status_code == 404
    assert MembershipApplication.objects.values().get() == before
    assert not Membership.objects.filter(association=eastern).exists()


def test_secretariat_reviews_any_association(client, kt_member, kt_enterprise, eastern, secretariat):
    application = services.application_submit(actor=kt_member, association=eastern, enterprise=kt_enterprise,
                                              language="zh-hant")
    client.force_login(secretariat)
    client.post(reverse("accounts:application_approve", args=[application.pk]))
    assert Membership.objects.filter(association=eastern, enterprise=kt_enterprise, status="active").exists()


def test_applicant_withdraws(client, kt_member, kt_enterprise, eastern):
    application = services.application_submit(actor=kt_member, association=eastern, enterprise=kt_enterprise,
                                              language="zh-hant")
    client.force_login(kt_member)
    client.post(reverse("accounts:application_withdraw", args=[application.pk]))
    assert MembershipApplication.objects.get().status == "withdrawn"


def test_approving_twice_creates_one_membership(client, kt_member, kt_enterprise, eastern, secretariat):
    application = services.application_submit(actor=kt_member, association=eastern, enterprise=kt_enterprise,
                                              language="zh-hant")
    client.force_login(secretariat)
    client.post(reverse("accounts:application_approve", args=[application.pk]))
    client.post(reverse("accounts:application_approve", args=[application.pk]))
    assert Membership.objects.filter(association=eastern, enterprise=kt_enterprise).count() == 1


def test_dashboard_and_manage_members_link_to_the_queue(client, kt_admin, kwun_tong):
    client.force_login(kt_admin)
    url = reverse("accounts:application_queue", args=[kwun_tong.slug])
    assert url in client.get(reverse("core:dashboard")).content.decode()
    assert url in client.get(reverse("directory:manage_members", args=[kwun_tong.slug])).content.decode()


def test_association_page_offers_to_apply_with_the_association_chosen(client, kwun_tong, outsider):
    html = client.get(kwun_tong.get_absolute_url()).content.decode()
    link = reverse("accounts:application_new") + "?association=kwun-tong"
    assert link in html
    client.force_login(outsider)
    form = client.get(link).context["form"]
    assert form.initial["association"] == kwun_tong


def test_odd_association_parameter_is_ignored(client, outsider, db):
    client.force_login(outsider)
    for value in ("%00", "x" * 500, "觀塘", "'; drop"):
        assert client.get(reverse("accounts:application_new") + "?association=" + value).status_code == 200
