from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

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


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (cookie + translated next URL), also remembered on the user."""
    response = django_set_language(request)
    lang = request.POST.get("language")
    if request.user.is_authenticated and lang in dict(settings.LANGUAGES):
        UserPreference.objects.update_or_create(user=request.user, defaults={"language": lang})
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
