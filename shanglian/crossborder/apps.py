from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossborderConfig(AppConfig):
    name = "shanglian.crossborder"
    label = "crossborder"
    verbose_name = _("全港生活圈跨境電商")
