"""MFA_REQUIRED_FOR_STAFF: secretariat staff and association managers set up an authenticator app
(TOTP, with recovery codes) before they can open any other page once logged in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

# URL names a user who still has to enrol may open: enrolment itself, logging out, re-entering the
# password (enrolment asks for it), e-mail verification and the language switch.
ALLOWED_PREFIXES = ("mfa_", "account_")
ALLOWED_NAMES = {"logout", "login", "set_language", "healthz"}


def mfa_required(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff:
        return True
    from shanglian.directory.access import managed_association_ids

    return bool(managed_association_ids(user))


def has_authenticator(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def needs_enrolment(user: Any) -> bool:
    return bool(settings.MFA_REQUIRED_FOR_STAFF) and mfa_required(user) and not has_authenticator(user)


class MfaRequiredMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> Any:
        if not settings.MFA_REQUIRED_FOR_STAFF or not request.user.is_authenticated:
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        if name in ALLOWED_NAMES or name.startswith(ALLOWED_PREFIXES):
            return None
        if not needs_enrolment(request.user):
            return None
        message = _("你的帳戶可管理會員資料，須先設定雙重驗證（驗證器應用程式）才可繼續。")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "mfa_required"}, status=403)
        messages.warning(request, message)
        return redirect("mfa_activate_totp")
