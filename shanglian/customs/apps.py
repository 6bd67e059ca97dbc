from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomsConfig(AppConfig):
    name = "shanglian.customs"
    label = "customs"
    verbose_name = _("跨境電商合規")

    def ready(self) -> None:
        from django.utils.translation import gettext

        from shanglian.customs import privacy, rules

        # rules.py is pure Python; its problem messages translate through Django's catalogue.
        rules.set_translator(gettext)
        privacy.register()
