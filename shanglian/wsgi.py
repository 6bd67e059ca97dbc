import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shanglian.settings")
application = get_wsgi_application()


def _warm_url_resolvers() -> None:
    """Build the URL resolver's reverse tables for every language now, while the worker starts:
    otherwise the first ``reverse()`` in each language (a claim's coupon URL, a page's links) pays
    for it inside a request — about 0.25 s per worker and language, inside the first seconds of a
    festival-day rush (bench/festival.md, py-spy of the rush)."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    def warm(resolver) -> None:
        resolver.reverse_dict  # noqa: B018 — the property builds this language's tables
        for _prefix, sub in resolver.namespace_dict.values():  # namespaced includes build their own
            warm(sub)

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            warm(get_resolver())


_warm_url_resolvers()
