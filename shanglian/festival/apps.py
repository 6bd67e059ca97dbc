from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    name = "shanglian.festival"
    label = "festival"
    verbose_name = _("全港購物節")
