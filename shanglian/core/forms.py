"""Form helpers shared by every app."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from shanglian.core.errors import form_add_domain_error


def attach_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a service's ValidationError (a DomainError included) on the form: per field where the
    field exists, else on top. The one implementation is ``core.errors.form_add_domain_error``."""
    form_add_domain_error(form, exc)
