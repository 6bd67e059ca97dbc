from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrossborderConfig(AppConfig):
    name = "shanglian.crossborder"
    label = "crossborder"
    verbose_name = _("全港生活圈跨境電商")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.crossborder import compliance, privacy
        from shanglian.crossborder.services import SEARCH_KIND, product_reindex_all

        register_reindexer(SEARCH_KIND, product_reindex_all)
        privacy.register()
        compliance.register_listener(compliance.on_customs_status)
