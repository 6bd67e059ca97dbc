from allauth.account import views as allauth_views
from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from shanglian.api import api
from shanglian.core import views as core_views

# The admin logs in through our login page (throttling, e-mail verification, MFA), not its own form.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages without an icon link (the Django admin's).
    path("favicon.ico", core_views.favicon, name="favicon"),
]

urlpatterns += i18n_patterns(
    path("", include("shanglian.core.urls")),
    # Accounts are django-allauth's (our templates in shanglian/accounts/templates/). The old names
    # `login` / `logout` stay on the old paths; the rest is under accounts/ (account_*, mfa_*).
    path("login/", allauth_views.login, name="login"),
    path("logout/", allauth_views.logout, name="logout"),
    path("password/reset/", RedirectView.as_view(pattern_name="account_reset_password"), name="password_reset"),
    path("password/change/", RedirectView.as_view(pattern_name="account_change_password"), name="password_change"),
    path("accounts/", include("shanglian.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("directory/", include("shanglian.directory.urls")),
    path("matching/", include("shanglian.matching.urls")),
    path("events/", include("shanglian.events.urls")),
    path("festival/", include("shanglian.festival.urls")),
    path("customs/", include("shanglian.customs.urls")),
    path("crossborder/", include("shanglian.crossborder.urls")),
    path("sharing/", include("shanglian.sharing.urls")),
    path("incubation/", include("shanglian.incubation.urls")),
    path("agreements/", include("shanglian.agreements.urls")),
    path("mailings/", include("shanglian.mailings.urls")),
    path("news/", include("shanglian.news.urls")),
    path("consultations/", include("shanglian.consultations.urls")),
    path("charity/", include("shanglian.charity.urls")),
    path("competition/", include("shanglian.competition.urls")),
    path("payments/", include("shanglian.payments.urls")),
    prefix_default_language=True,
)

handler500 = "shanglian.core.views.server_error"

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
