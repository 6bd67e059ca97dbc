from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "shanglian.agreements"
    label = "agreements"
    verbose_name = _("協議與成果")
