from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shanglian.accounts import access
from shanglian.accounts.middleware import has_authenticator, mfa_required
from shanglian.directory.access import managed_association_ids
from shanglian.directory.models import Association


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    """The account menu: password, e-mail addresses, two-factor authentication, applications, invitations."""
    user = request.user
    reviewing = (Association.objects.filter(pk__in=managed_association_ids(user), kind=Association.Kind.MEMBER)
                 .order_by("sort") if not user.is_staff else Association.objects.none())
    return render(request, "accounts/home.html", {
        "mfa_required": mfa_required(user), "has_mfa": has_authenticator(user),
        "can_invite": user.is_staff or bool(access.admin_association_ids(user))
        or access.invitations_visible_to(user).exists(),
        "reviewing": reviewing})
