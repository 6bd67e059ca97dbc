"""What a browser session holds for the consumer's phone: the requester secret that binds phone
codes to this session, the handle of the code being verified, and the verified-phone token.
Used by the phone page and the phone-code API alike."""

from __future__ import annotations

from django.http import HttpRequest

from shanglian.festival import claims

SESSION_PHONE = "festival_phone_token"
SESSION_OTP = "festival_otp_handle"
SESSION_REQUESTER = "festival_otp_requester"


def otp_requester(request: HttpRequest, *, create: bool = False) -> str:
    """This session's requester secret ('' if it has none and ``create`` is False)."""
    value = request.session.get(SESSION_REQUESTER, "")
    if not value and create:
        value = claims.new_requester()
        request.session[SESSION_REQUESTER] = value
    return value


def session_phone(request: HttpRequest) -> str | None:
    return claims.phone_from_token(request.session.get(SESSION_PHONE))
