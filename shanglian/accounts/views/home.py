from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shanglian.accounts import selectors
from shanglian.accounts.middleware import has_authenticator, mfa_required


@login_required
def account_home(request: HttpRequest) -> HttpResponse:
    """The account menu: password, e-mail addresses, two-factor authentication, applications, invitations."""
    user = request.user
    return render(request, "accounts/home.html", {
        "mfa_required": mfa_required(user), "has_mfa": has_authenticator(user),
        "can_invite": selectors.may_see_invitations(user), "reviewing": selectors.reviewing_associations(user)})
