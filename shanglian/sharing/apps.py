from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SharingConfig(AppConfig):
    name = "shanglian.sharing"
    label = "sharing"
    verbose_name = _("大灣區共用經濟平台")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.core.views import register_page_context
        from shanglian.sharing import privacy, selectors
        from shanglian.sharing.services import SEARCH_KIND, listing_reindex_all

        register_reindexer(SEARCH_KIND, listing_reindex_all)
        register_page_context("home", selectors.home_context)
        register_page_context("dashboard", selectors.dashboard_context)
        privacy.register()
        # Listings answer matchmaking needs inside matching's own match lists (scored by its engine).
        from shanglian.matching.services import register_counterpart_source

        register_counterpart_source("sharing.listing", selectors.need_counterparts, label=_("共享資源"),
                                    answers=("need",))
