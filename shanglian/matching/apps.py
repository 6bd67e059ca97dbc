from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "shanglian.matching"
    label = "matching"
    verbose_name = _("商機配對")
