from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailingsConfig(AppConfig):
    name = "shanglian.mailings"
    label = "mailings"
    verbose_name = _("會員通訊")

    def ready(self) -> None:
        from shanglian.mailings import privacy

        privacy.register()
