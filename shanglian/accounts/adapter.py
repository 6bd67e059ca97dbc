"""Our allauth adapter: sign-up switch, our wording for throttled logins, the new user's language,
and e-mail verification skipped only for staff-made accounts that have no e-mail address at all."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.stages import EmailVerificationStage
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from shanglian.core.mail import user_language
from shanglian.core.models import UserPreference


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _("登入失敗次數過多，此帳戶暫時不能登入。請稍後（約 15 分鐘）再試，"
                                     "或按「忘記密碼？」重設密碼。"),
    }

    def is_open_for_signup(self, request: Any) -> bool:
        return bool(settings.ACCOUNT_SIGNUP_OPEN)

    def save_user(self, request: Any, user: Any, form: Any, commit: bool = True) -> Any:
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            language = translation.get_language() or settings.LANGUAGE_CODE
            if language not in dict(settings.LANGUAGES):
                language = settings.LANGUAGE_CODE
            UserPreference.objects.get_or_create(user=user, defaults={"language": language})
        return user

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """allauth's own mails (verification, reset) in the recipient's remembered language."""
        user = context.get("user")
        remembered = getattr(user, "preference", None) if user is not None and getattr(user, "pk", None) else None
        # The recipient's remembered language, else the language of the page the request came from.
        language = user_language(user) if remembered is not None else translation.get_language()
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def get_login_stages(self) -> list[str]:
        return [("shanglian.accounts.adapter.VerifyEmailUnlessNoneStage"
                 if stage == "allauth.account.stages.EmailVerificationStage" else stage)
                for stage in super().get_login_stages()]


class VerifyEmailUnlessNoneStage(EmailVerificationStage):
    """Sign-up needs an e-mail address, so only accounts made by the secretariat can lack one (counter
    staff); there is nothing to verify for them. Everyone with an address must have verified it."""

    def handle(self):
        from allauth.account.models import EmailAddress

        user = self.login.user
        if not getattr(user, "email", "") and not EmailAddress.objects.filter(user=user).exists():
            return None, True
        return super().handle()
