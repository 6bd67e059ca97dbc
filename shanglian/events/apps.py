from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "shanglian.events"
    label = "events"
    verbose_name = _("活動")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.events.services.expo import SEARCH_KIND, exhibitor_reindex_all

        register_reindexer(SEARCH_KIND, exhibitor_reindex_all)

        from shanglian.events import privacy

        privacy.register()

        from shanglian.events import payment_purpose

        payment_purpose.register()
