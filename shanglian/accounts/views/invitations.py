"""Invitations: send (association admin, secretariat, event contact), list, revoke, resend, accept."""

from __future__ import annotations

from allauth.account.utils import perform_login
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shanglian.accounts import access, selectors, services
from shanglian.accounts.forms import AcceptNewAccountForm, InvitationForm, StaffInvitationForm
from shanglian.accounts.models import Invitation
from shanglian.core.errors import messages_add_domain_error
from shanglian.core.mail import user_language


def attach_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def invite_for_enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.enterprise_for_inviter(request.user, pk)
    form = InvitationForm(request.POST or None, initial={"language": user_language(request.user)})
    associations = access.inviting_associations(request.user, enterprise)
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(
                actor=request.user, email=form.cleaned_data["email"], language=form.cleaned_data["language"],
                enterprise=enterprise, role=form.cleaned_data["role"],
                association=associations[0] if associations else None)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已寄出邀請給 %(email)s。") % {"email": form.cleaned_data["email"]})
            return redirect("accounts:invitations")
    return render(request, "accounts/invite.html", {"form": form, "enterprise": enterprise,
                                                    "pending": selectors.pending_invitations(enterprise)})


@login_required
def invite_registration(request: HttpRequest, pk: int) -> HttpResponse:
    registration = access.registration_for_inviter(request.user, pk)
    form = StaffInvitationForm(request.POST or None, initial={"language": registration.language})
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_create(actor=request.user, email=registration.email,
                                       language=form.cleaned_data["language"], registration=registration)
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("已寄出邀請給 %(email)s。") % {"email": registration.email})
            return redirect("events:ticket", registration.pk)
    return render(request, "accounts/invite_registration.html", {"form": form, "registration": registration})


@login_required
def invitation_list(request: HttpRequest) -> HttpResponse:
    pending, done = selectors.invitations_for(request.user)
    return render(request, "accounts/invitations.html", {"pending": pending, "done": done})


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.invitation_for_user(request.user, pk)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已撤回給 %(email)s 的邀請。") % {"email": invitation.email})
    return redirect("accounts:invitations")


@login_required
@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = access.invitation_for_user(request.user, pk)
    try:
        services.invitation_resend(actor=request.user, invitation=invitation)
    except ValidationError as exc:
        messages_add_domain_error(request, exc)
    else:
        messages.success(request, _("已重新寄出給 %(email)s 的邀請；舊連結已失效。") % {"email": invitation.email})
    return redirect("accounts:invitations")


def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    """Logged in as the invited address (or an account without it): accept. Anonymous with no
    account for the address: make one here (the address counts as verified). Otherwise: log in first."""
    invitation = access.invitation_by_token(token)
    context: dict = {"invitation": invitation, "enterprise": invitation.enterprise,
                     "registration": invitation.registration}
    if invitation.status != Invitation.Status.PENDING or invitation.is_expired:
        return render(request, "accounts/invitation_accept.html", {**context, "invalid": True}, status=410)
    owner = services.account_for_email(invitation.email)
    login_url = reverse("login") + "?next=" + request.path
    context.update({"owner_exists": owner is not None, "login_url": login_url})
    if request.user.is_authenticated:
        if owner is not None and owner.pk != request.user.pk:
            context["other_account"] = True
            if request.method == "POST" and request.POST.get("action") == "logout":
                logout(request)
                return redirect(login_url)
            return render(request, "accounts/invitation_accept.html", context)
        if request.method == "POST":
            try:
                services.invitation_accept(user=request.user, invitation=invitation)
            except ValidationError as exc:
                messages_add_domain_error(request, exc)
                return redirect(request.path)
            messages.success(request, _("已接受邀請。"))
            return redirect(_after_accept(invitation))
        return render(request, "accounts/invitation_accept.html", context)
    if owner is not None:
        return render(request, "accounts/invitation_accept.html", context)
    form = AcceptNewAccountForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.account_create_from_invitation(
                invitation=invitation, username=data["username"], password=data["password1"],
                first_name=data["first_name"], last_name=data["last_name"])
        except ValidationError as exc:
            attach_errors(form, exc)
        else:
            messages.success(request, _("帳戶已建立，已接受邀請。"))
            # The address is verified by the link; allauth's login stages still run (none apply to a new user).
            return perform_login(request, user, email_verification="none", redirect_url=_after_accept(invitation))
    context["form"] = form
    return render(request, "accounts/invitation_accept.html", context)


def _after_accept(invitation: Invitation) -> str:
    if invitation.registration_id:
        return reverse("events:mine")
    return reverse("core:dashboard")
