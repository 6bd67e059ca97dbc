"""Accounts services refuse with core.errors.DomainError (code, status, translated message, field
errors), which the invitation and application pages show as before."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from shanglian.accounts import services
from shanglian.accounts.models import MembershipApplication
from shanglian.core.errors import Conflict, DomainError, Forbidden
from shanglian.directory.models import AssociationRole

pytestmark = pytest.mark.django_db


def test_invitation_refusals(secretariat, kt_enterprise, kt_member, outsider):
    with pytest.raises(DomainError) as caught:
        services.invitation_create(actor=secretariat, email="not-an-address", language="en", enterprise=kt_enterprise,
                                   role="staff")
    assert caught.value.code == "bad_email" and list(caught.value.fields) == ["email"]
    with pytest.raises(Conflict) as caught:  # kt_member already acts for the enterprise
        services.invitation_create(actor=secretariat, email=kt_member.email, language="en", enterprise=kt_enterprise,
                                   role="staff")
    assert (caught.value.code, caught.value.status) == ("already_represents", 409)
    invitation, _token = services.invitation_create(actor=secretariat, email="new@example.com", language="en",
                                                    enterprise=kt_enterprise, role="staff")
    with pytest.raises(Conflict) as caught:
        services.invitation_create(actor=secretariat, email="new@example.com", language="en",
                                   enterprise=kt_enterprise, role="staff")
    assert caught.value.code == "invitation_pending" and list(caught.value.fields) == ["email"]
    services.invitation_revoke(actor=secretariat, invitation=invitation)
    with translation.override("en"), pytest.raises(Conflict) as caught:
        services.invitation_resend(actor=secretariat, invitation=invitation)
    assert caught.value.code == "invitation_closed" and str(caught.value.message).isascii()
    assert isinstance(Forbidden(), DomainError)


def test_application_refusals_and_the_page(client, kt_member, kt_enterprise, eastern, make_user):
    application = services.application_submit(actor=kt_member, association=eastern, enterprise=kt_enterprise,
                                              language="zh-hant")
    with pytest.raises(Conflict) as caught:
        services.application_submit(actor=kt_member, association=eastern, enterprise=kt_enterprise,
                                    language="zh-hant")
    assert (caught.value.code, caught.value.status) == ("application_pending", 409)
    admin = make_user("east-admin")
    AssociationRole.objects.create(user=admin, association=eastern, role="admin")
    with pytest.raises(DomainError) as caught:
        services.application_reject(actor=admin, application=application, reason="  ")
    assert caught.value.code == "reason_required" and caught.value.fields == {"reason": [caught.value.message]}
    services.application_withdraw(actor=kt_member, application=application)
    with pytest.raises(Conflict) as caught:
        services.application_reject(actor=admin, application=application, reason="不在本區經營")
    assert caught.value.code == "application_decided"
    assert MembershipApplication.objects.get().status == MembershipApplication.Status.WITHDRAWN
    client.force_login(admin)
    response = client.post(reverse("accounts:application_reject", args=[application.pk]), {"reason": "x"},
                           follow=True)
    assert "此申請已處理。" in response.content.decode()
