from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from shanglian.core.models import UserPreference


def home(request: HttpRequest) -> HttpResponse:
    from shanglian.directory.models import Association, Enterprise

    context = {
        "associations": Association.objects.filter(kind=Association.Kind.MEMBER).order_by("sort"),
        "federation": Association.objects.filter(kind=Association.Kind.FEDERATION).first(),
        "enterprise_count": Enterprise.objects.filter(is_active=True).count(),
    }
    return render(request, "core/home.html", context)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    from shanglian.directory.access import managed_association_ids, own_enterprise_ids
    from shanglian.directory.models import Association, Enterprise

    context = {
        "managed": Association.objects.filter(pk__in=managed_association_ids(request.user))
        if not request.user.is_staff else Association.objects.none(),
        "own_enterprises": Enterprise.objects.filter(pk__in=own_enterprise_ids(request.user)),
    }
    return render(request, "core/dashboard.html", context)


def _switched_url(next_url: str, language: str) -> str | None:
    """``next_url`` in ``language`` (query and fragment kept), or None when it cannot be switched.

    Django's translate_url resolves the path in the *active* language, which for this unprefixed
    view comes from the cookie or the browser: a zh-CN browser on /zh-hant/… never resolved, so the
    switch silently stayed. Resolve in the language the path itself carries instead."""
    parts = urlsplit(next_url)
    path_language = translation.get_language_from_path(parts.path)
    if not path_language:
        return next_url  # an unprefixed page (the API docs …) follows the cookie
    with translation.override(path_language):
        switched = translate_url(next_url, language)
    if urlsplit(switched).path != parts.path or path_language == language:
        return switched
    # A path that does not resolve (an old link, a 404): swap the language prefix itself.
    prefix = f"/{path_language}/"
    if parts.path.startswith(prefix):
        return urlunsplit(parts._replace(path=f"/{language}/" + parts.path[len(prefix):]))
    return None


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch to ``language`` and go back to ``next`` in it; remember the choice in the cookie and
    on the user. A switch that cannot happen changes nothing (no cookie), so later clicks still work."""
    next_url = request.POST.get("next") or request.META.get("HTTP_REFERER") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    language = request.POST.get("language", "")
    switched = _switched_url(next_url, language) if language in dict(settings.LANGUAGES) else None
    if switched is None:
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(switched)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    if request.user.is_authenticated:
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": language})
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})
