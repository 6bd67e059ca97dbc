from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "shanglian.matching"
    label = "matching"
    verbose_name = _("商機配對")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.matching.services import SEARCH_KIND, opportunity_reindex_all

        register_reindexer(SEARCH_KIND, opportunity_reindex_all)

        from shanglian.events.services.proposals import register_pair_source
        from shanglian.matching.event_pairs import pair_scores

        register_pair_source(pair_scores)  # match scores feed the events' proposed B2B pairs

        from shanglian.matching.warmup import start_if_serving

        start_if_serving()  # model + corpus in a background thread, serving processes only
