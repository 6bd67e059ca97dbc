from django.conf import settings
from django.utils.translation import gettext_lazy as _

FEDERATION_NAME = _("全港各區工商聯")


def site(request):
    return {"FEDERATION_NAME": FEDERATION_NAME, "DEBUG": settings.DEBUG}
