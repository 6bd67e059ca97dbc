"""Invitations: who may send them, the e-mail (in the chosen language, link single use, token hashed),
accepting as a new or an existing account, expiry, revoke and resend. Deny tests check nothing changed."""

from __future__ import annotations

import datetime

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from shanglian.accounts import services
from shanglian.accounts.models import Invitation
from shanglian.core.models import AuditEntry
from shanglian.directory.models import EnterpriseRole, Membership
from tests.accounts.conftest import link_in
from tests.conftest import PASSWORD

NEW = {"username": "newcomer", "first_name": "Siu Ming", "last_name": "Chan",
       "password1": "Sturdy-pass-4821", "password2": "Sturdy-pass-4821"}


def invite(client, enterprise, email="staff@example.invalid", role="staff", language="en"):
    return client.post(reverse("accounts:invite", args=[enterprise.pk]),
                       {"email": email, "role": role, "language": language})


def test_association_admin_invites_for_an_active_member(client, kt_admin, kt_enterprise, mails):
    client.force_login(kt_admin)
    page = client.get(reverse("accounts:invite", args=[kt_enterprise.pk]))
    assert page.status_code == 200 and "邀請人員" in page.content.decode()
    with mails():
        response = invite(client, kt_enterprise, language="en")
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.association == kt_enterprise.memberships.get().association
    assert invitation.created_by == kt_admin and invitation.role == "staff"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@example.invalid"]
    assert message.subject.startswith("Invitation: act for") and "Kwun Tong IT Limited" in message.subject
    path = link_in(message.body)
    assert path.startswith("/en/accounts/invitations/accept/")
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash and invitation.token_hash == services.token_hash(token)
    assert AuditEntry.objects.filter(action="invitation.create", target_id=str(invitation.pk)).exists()
    # The list shows it to the admin.
    assert "staff@example.invalid" in client.get(reverse("accounts:invitations")).content.decode()


def test_invitation_mail_defaults_to_the_inviters_language_and_can_be_chinese(client, kt_admin, kt_enterprise,
                                                                               mails):
    client.force_login(kt_admin)
    form = client.get(reverse("accounts:invite", args=[kt_enterprise.pk])).context["form"]
    assert form.initial["language"] == "zh-hant"
    with mails():
        invite(client, kt_enterprise, language="zh-hans")
    assert "邀请" in mail.outbox[0].subject and "/zh-hans/" in mail.outbox[0].body


def test_admin_of_another_association_cannot_invite(client, make_user, eastern, kt_enterprise):
    from shanglian.directory.models import AssociationRole

    other = make_user("east-admin")
    AssociationRole.objects.create(user=other, association=eastern, role="admin")
    client.force_login(other)
    assert client.get(reverse("accounts:invite", args=[kt_enterprise.pk])).status_code == 403
    assert invite(client, kt_enterprise).status_code == 403
    assert not Invitation.objects.exists() and mail.outbox == []


def test_admin_cannot_invite_once_the_membership_has_expired(client, kt_admin, kt_enterprise, mails):
    Membership.objects.filter(enterprise=kt_enterprise).update(end_date=datetime.date(2024, 12, 31))
    client.force_login(kt_admin)
    with mails():
        assert invite(client, kt_enterprise).status_code == 403
    Membership.objects.filter(enterprise=kt_enterprise).update(end_date=None, status="expired")
    assert invite(client, kt_enterprise).status_code == 403
    assert not Invitation.objects.exists() and mail.outbox == []


def test_member_and_outsider_and_anonymous_cannot_invite(client, kt_member, outsider, kt_enterprise):
    for user in (kt_member, outsider):
        client.force_login(user)
        assert invite(client, kt_enterprise).status_code == 403
    client.logout()
    assert invite(client, kt_enterprise).status_code == 302
    assert not Invitation.objects.exists() and mail.outbox == []


def test_secretariat_invites_for_any_enterprise(client, secretariat, east_enterprise):
    client.force_login(secretariat)
    assert invite(client, east_enterprise, role="owner").status_code == 302
    assert Invitation.objects.get().association is None


def test_second_pending_invitation_to_the_same_address_is_refused(client, kt_admin, kt_enterprise):
    client.force_login(kt_admin)
    invite(client, kt_enterprise)
    again = invite(client, kt_enterprise)
    assert again.status_code == 200 and "重新寄出" in again.content.decode()
    assert Invitation.objects.count() == 1


def test_accept_as_a_new_account(client, kt_admin, kt_enterprise):
    _invitation, token = services.invitation_create(actor=kt_admin, email="Staff@Example.invalid", language="en",
                                                    enterprise=kt_enterprise, role="staff")
    url = reverse("accounts:invitation_accept", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "建立帳戶並接受邀請" in page.content.decode()
    response = client.post(url, NEW)
    assert response.status_code == 302
    user = get_user_model().objects.get(username="newcomer")
    assert client.session["_auth_user_id"] == str(user.pk)
    assert user.email == "staff@example.invalid" and user.preference.language == "en"
    assert EmailAddress.objects.get(user=user).verified
    assert EnterpriseRole.objects.get(user=user, enterprise=kt_enterprise).role == "staff"
    assert Invitation.objects.get().status == "accepted"
    # Single use: the same link again is refused and changes nothing.
    client.logout()
    again = client.post(url, {**NEW, "username": "second"})
    assert again.status_code == 410
    assert not get_user_model().objects.filter(username="second").exists()
    # And the new account logs in with its password (its e-mail counts as verified).
    client.post("/zh-hant/login/", {"login": "newcomer", "password": "Sturdy-pass-4821"})
    assert client.session["_auth_user_id"] == str(user.pk)


def test_existing_account_logs_in_then_accepts(client, kt_admin, kt_enterprise, outsider):
    _inv, token = services.invitation_create(actor=kt_admin, email=outsider.email, language="zh-hant",
                                             enterprise=kt_enterprise, role="owner")
    url = reverse("accounts:invitation_accept", args=[token])
    page = client.get(url)
    assert "請先登入" in page.content.decode()
    assert client.post(url, NEW).status_code == 200  # no new account for an address that has one
    assert not get_user_model().objects.filter(username="newcomer").exists()
    client.post("/zh-hant/login/", {"login": outsider.username, "password": PASSWORD})
    client.post(url)
    assert EnterpriseRole.objects.get(user=outsider, enterprise=kt_enterprise).role == "owner"


def test_another_logged_in_account_cannot_take_the_invitation(client, kt_admin, kt_enterprise, outsider, make_user):
    _inv, token = services.invitation_create(actor=kt_admin, email=outsider.email, language="zh-hant",
                                             enterprise=kt_enterprise, role="owner")
    intruder = make_user("intruder")
    client.force_login(intruder)
    response = client.post(reverse("accounts:invitation_accept", args=[token]))
    assert response.status_code == 200 and "此邀請屬於另一個帳戶" in response.content.decode()
    assert not EnterpriseRole.objects.filter(enterprise=kt_enterprise).exclude(user__username="kt-member").exists()
    assert Invitation.objects.get().status == "pending"


def test_expired_invitation_is_refused(client, kt_admin, kt_enterprise):
    invitation, token = services.invitation_create(actor=kt_admin, email="late@example.invalid", language="en",
                                                   enterprise=kt_enterprise, role="staff")
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.post(reverse("accounts:invitation_accept", args=[token]), NEW)
    assert response.status_code == 410
    assert not get_user_model().objects.filter(username="newcomer").exists()


def test_unknown_token_is_404(client, db):
    assert client.get(reverse("accounts:invitation_accept", args=["not-a-token"])).status_code == 404


def test_revoke_then_the_link_is_dead(client, kt_admin, kt_enterprise):
    invitation, token = services.invitation_create(actor=kt_admin, email="gone@example.invalid", language="en",
                                                   enterprise=kt_enterprise, role="staff")
    client.force_login(kt_admin)
    client.post(reverse("accounts:invitation_revoke", args=[invitation.pk]))
    assert Invitation.objects.get().status == "revoked"
    client.logout()
    assert client.post(reverse("accounts:invitation_accept", args=[token]), NEW).status_code == 410


def test_resend_gives_a_new_link_and_kills_the_old(client, kt_admin, kt_enterprise, mails):
    with mails():
        invitation, old = services.invitation_create(actor=kt_admin, email="again@example.invalid", language="en",
                                                     enterprise=kt_enterprise, role="staff")
    client.force_login(kt_admin)
    with mails():
        client.post(reverse("accounts:invitation_resend", args=[invitation.pk]))
    assert len(mail.outbox) == 2
    new_path = link_in(mail.outbox[1].body)
    client.logout()
    assert client.get(reverse("accounts:invitation_accept", args=[old])).status_code == 404
    assert client.post(new_path, NEW).status_code == 302
    assert Invitation.objects.get().status == "accepted"


def test_others_cannot_revoke_or_resend(client, kt_admin, kt_enterprise, kt_member, outsider, mails):
    with mails():
        invitation, _token = services.invitation_create(actor=kt_admin, email="x@example.invalid", language="en",
                                                        enterprise=kt_enterprise, role="staff")
    before = Invitation.objects.values().get()
    for user in (kt_member, outsider):
        client.force_login(user)
        with mails():
            assert client.post(reverse("accounts:invitation_revoke", args=[invitation.pk])).status_code == 404
            assert client.post(reverse("accounts:invitation_resend", args=[invitation.pk])).status_code == 404
        assert "x@example.invalid" not in client.get(reverse("accounts:invitations")).content.decode()
    assert Invitation.objects.values().get() == before
    assert len(mail.outbox) == 1


def test_ids_past_64_bits_are_404_not_500(client, secretariat):
    client.force_login(secretariat)
    huge = 99999999999999999999
    for url in (reverse("accounts:invite", args=[huge]), reverse("accounts:invite_registration", args=[huge]),
                reverse("accounts:application", args=[huge])):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("accounts:invitation_revoke", args=[huge])).status_code == 404
    assert client.post(reverse("accounts:application_approve", args=[huge])).status_code == 404
