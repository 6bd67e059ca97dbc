from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncubationConfig(AppConfig):
    name = "shanglian.incubation"
    label = "incubation"
    verbose_name = _("青年創新孵化基地")
