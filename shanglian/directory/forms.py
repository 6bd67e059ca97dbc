from django import forms
from django.utils.translation import gettext_lazy as _

from shanglian.core.models import Industry, Place
from shanglian.directory.models import Enterprise


class EnterpriseForm(forms.ModelForm):
    """Validates shape only; services normalise phones and registration numbers."""

    class Meta:
        model = Enterprise
        fields = ["name_zh", "name_en", "br_number", "industry", "place", "address", "phone", "email",
                  "website", "description", "employees"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "phone": _("香港 +852、澳門 +853 或內地 +86 號碼"),
            "br_number": _("香港 8 位數字商業登記號碼，或內地 18 位統一社會信用代碼"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = Industry.objects.order_by("sort", "code")
        self.fields["place"].queryset = Place.objects.order_by("sort", "code")

    def validate_unique(self):  # the service checks uniqueness with a translated message
        pass
