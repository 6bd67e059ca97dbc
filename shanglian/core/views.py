from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

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


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie + translated next URL), also remembered on the user."""
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in dict(settings.LANGUAGES):
        user_language_set(user=request.user, language=lang)
    return response


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


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
