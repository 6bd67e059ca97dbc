"""MFA_REQUIRED_FOR_STAFF: secretariat staff and association managers set up an authenticator app
(TOTP, with recovery codes) before they can open any other page once logged in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from shanglian.core.errors import DomainError

# URL names a user who still has to enrol may open: enrolment itself, logging out, re-entering the
# password (enrolment asks for it), e-mail verification and the language switch.
ALLOWED_PREFIXES = ("mfa_", "account_")
ALLOWED_NAMES = {"logout", "login", "set_language", "healthz"}
# API operations that authenticate by something else than the session (the festival claim, by its
# X-Phone-Token) and read the session's user on some answers only (a new coupon records it; a
# members-only campaign checks it). For these the check runs when the view first reads
# ``request.user``, not before the view: the common answers of a rush (sold out, already claimed)
# no longer load the session, and any answer that does use the user is still refused for an
# account that has to enrol (DomainError ``mfa_required``, 403, before anything is written).
DEFERRED_ROUTES = {"api/v1/festival/campaigns/<campaign_id>/claims"}  # resolver_match.route


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
        if not settings.MFA_REQUIRED_FOR_STAFF:
            return None
        match = request.resolver_match
        name = (match.url_name or "") if match else ""
        if match is not None and match.route in DEFERRED_ROUTES:
            request.user = _checked_on_use(request.user)
            return None
        if not request.user.is_authenticated:
            return None
        if name in ALLOWED_NAMES or name.startswith(ALLOWED_PREFIXES):
            return None
        if not needs_enrolment(request.user):
            return None
        message = _enrol_message()
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "mfa_required"}, status=403)
        messages.warning(request, message)
        return redirect("mfa_activate_totp")


def _enrol_message() -> str:
    return _("你的帳戶可管理會員資料，須先設定雙重驗證（驗證器應用程式）才可繼續。")


def _checked_on_use(user: Any) -> Any:
    """``user`` (the lazy session user) checked for enrolment when first read."""

    def check() -> Any:
        if user.is_authenticated and needs_enrolment(user):
            raise DomainError("mfa_required", _enrol_message(), 403)
        return user

    return SimpleLazyObject(check)
