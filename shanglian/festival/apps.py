from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FestivalConfig(AppConfig):
    name = "shanglian.festival"
    label = "festival"
    verbose_name = _("全港購物節")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.festival.services import BRAND_KIND, SEARCH_KIND, brand_reindex_all, offer_reindex_all

        register_reindexer(SEARCH_KIND, offer_reindex_all)
        register_reindexer(BRAND_KIND, brand_reindex_all)

        from shanglian.festival import privacy

        privacy.register()
