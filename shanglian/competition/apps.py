from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetitionConfig(AppConfig):
    name = "shanglian.competition"
    label = "competition"
    verbose_name = _("青年學藝攝影比賽")

    def ready(self) -> None:
        from shanglian.competition import privacy
        from shanglian.competition.services import SEARCH_KIND, entry_reindex_all
        from shanglian.core.search import register_reindexer

        privacy.register()
        register_reindexer(SEARCH_KIND, entry_reindex_all)
