from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "shanglian.agreements"
    label = "agreements"
    verbose_name = _("協議與成果")

    def ready(self) -> None:
        from shanglian.agreements.services import SEARCH_KIND, organisation_reindex_all
        from shanglian.core.search import register_reindexer

        register_reindexer(SEARCH_KIND, organisation_reindex_all)

        from shanglian.agreements import privacy

        privacy.register()
