from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.templatetags.static import static
from django.urls import translate_url
from django.utils import translation
from django.views.decorators.http import require_POST

from shanglian.core.http import safe_next
from shanglian.core.services import user_language_set

# Domain apps add what they show on the home page and the dashboard (core imports no domain app):
# ``register_page_context("home", provider)`` in their AppConfig.ready(); a provider takes the
# request and returns context entries.
PageContext = Callable[[HttpRequest], dict[str, Any]]
_PAGE_CONTEXT: dict[str, list[PageContext]] = {"home": [], "dashboard": []}


def register_page_context(page: str, provider: PageContext) -> None:
    if provider not in _PAGE_CONTEXT[page]:
        _PAGE_CONTEXT[page].append(provider)


def _page_context(page: str, request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _PAGE_CONTEXT[page]:
        context.update(provider(request))
    return context


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", _page_context("home", request))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "core/dashboard.html", _page_context("dashboard", request))


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
    next_url = safe_next(request, "/")
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
        user_language_set(user=request.user, language=language)
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico on pages without an icon link (the Django admin's)."""
    return redirect(static("core/favicon.svg"), permanent=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW: a translated page on the site layout (JSON under /api/, by the middleware)."""
    return render(request, "403_csrf.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: JSON under /api/; otherwise 500.html rendered without the request's context
    processors or the database (either may be what failed)."""
    if request.path.startswith("/api/"):
        from shanglian.core.api_errors import error_response

        return error_response(500)
    try:
        site_css = static("core/site.css")
    except ValueError:  # a missing staticfiles manifest entry must not hide the real error
        site_css = settings.STATIC_URL + "core/site.css"
    return HttpResponseServerError(loader.get_template("500.html").render({"site_css": site_css}))
