from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "shanglian.sharing"
    label = "sharing"
    verbose_name = _("大灣區共用經濟平台")
