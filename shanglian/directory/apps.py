from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "shanglian.directory"
    label = "directory"
    verbose_name = _("會員名錄")

    def ready(self) -> None:
        from shanglian.core.search import register_reindexer
        from shanglian.directory.services import SEARCH_KIND, enterprise_reindex_all

        register_reindexer(SEARCH_KIND, enterprise_reindex_all)

        from shanglian.core.views import register_page_context
        from shanglian.directory import selectors

        register_page_context("home", lambda request: selectors.home_context(request.user))
        register_page_context("dashboard", lambda request: selectors.dashboard_context(request.user))

        from shanglian.directory import privacy

        privacy.register()

        from shanglian.directory import payment_purpose

        payment_purpose.register()
