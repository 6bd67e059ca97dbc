from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from shanglian.api import api
from shanglian.core import views as core_views
from shanglian.core.context_processors import FEDERATION_NAME

PW = "core/password/"  # our templates, not the admin's registration/ ones

urlpatterns = [
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("healthz", core_views.healthz, name="healthz"),
]

urlpatterns += i18n_patterns(
    path("", include("shanglian.core.urls")),
    path("login/", auth_views.LoginView.as_view(template_name="core/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", auth_views.PasswordResetView.as_view(
        template_name=f"{PW}password_reset_form.html", email_template_name=f"{PW}password_reset_email.txt",
        subject_template_name=f"{PW}password_reset_subject.txt",
        extra_email_context={"site_name": FEDERATION_NAME}), name="password_reset"),
    path("password/reset/sent/", auth_views.PasswordResetDoneView.as_view(
        template_name=f"{PW}password_reset_done.html"), name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", auth_views.PasswordResetConfirmView.as_view(
        template_name=f"{PW}password_reset_confirm.html"), name="password_reset_confirm"),
    path("password/reset/done/", auth_views.PasswordResetCompleteView.as_view(
        template_name=f"{PW}password_reset_complete.html"), name="password_reset_complete"),
    path("password/change/", auth_views.PasswordChangeView.as_view(
        template_name=f"{PW}password_change_form.html"), name="password_change"),
    path("password/change/done/", auth_views.PasswordChangeDoneView.as_view(
        template_name=f"{PW}password_change_done.html"), name="password_change_done"),
    path("admin/", admin.site.urls),
    path("directory/", include("shanglian.directory.urls")),
    path("matching/", include("shanglian.matching.urls")),
    path("events/", include("shanglian.events.urls")),
    path("festival/", include("shanglian.festival.urls")),
    prefix_default_language=True,
)

handler500 = "shanglian.core.views.server_error"

if settings.DEBUG:
    urlpatterns += [path("media/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})]
