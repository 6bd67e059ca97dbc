from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "shanglian.consultations"
    label = "consultations"
    verbose_name = _("諮詢與意見書")
