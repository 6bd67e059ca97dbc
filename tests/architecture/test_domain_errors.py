"""Services of events, matching, accounts, directory and festival refuse with the one domain error
type (core.errors.DomainError), never a plain django ValidationError, and the API does not re-map
them per module."""

from __future__ import annotations

import ast

from shanglian.core.errors import Conflict, DomainError, form_add_domain_error, messages_add_domain_error
from tests.architecture.orm_check import PACKAGE, ROOT

SERVICE_MODULES = [*sorted((PACKAGE / "events" / "services").glob("*.py")),
                   *(PACKAGE / "matching" / name for name in ("services.py", "introductions.py", "meetings.py")),
                   PACKAGE / "accounts" / "services.py", PACKAGE / "directory" / "services.py",
                   PACKAGE / "directory" / "importing" / "services.py",
                   *(PACKAGE / "festival" / name for name in ("services.py", "claims.py", "photos.py"))]


def _plain_validation_raises(path):
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            func = node.exc.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "ValidationError":
                out.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return out


def test_events_and_matching_services_raise_domain_errors():
    found = [hit for path in SERVICE_MODULES for hit in _plain_validation_raises(path)]
    assert not found, "raise core.errors.DomainError (or a subclass), not ValidationError:\n" + "\n".join(found)


def test_no_api_module_remaps_service_errors():
    """The API maps exceptions in one place (core.api_errors.install); no api.py catches a
    ValidationError to re-raise its own version (answering a documented status itself is fine)."""
    bad = []
    for path in [*PACKAGE.glob("*/api.py"), *PACKAGE.glob("*/api/*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ExceptHandler) and isinstance(node.type, ast.Name) \
                    and node.type.id == "ValidationError" and any(isinstance(n, ast.Raise) for n in node.body):
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")  # caught only to raise its own version
    assert not bad, bad


def test_field_error_keeps_message_and_field(rf):
    from django import forms
    from django.contrib.messages.storage.fallback import FallbackStorage

    error = DomainError.field("ends_at", "late")
    assert error.as_dict() == {"code": "invalid", "message": "late", "fields": {"ends_at": ["late"]}}

    class F(forms.Form):
        ends_at = forms.CharField(required=False)

    form = F({})
    form.is_valid()
    form_add_domain_error(form, error)
    assert form.errors["ends_at"] == ["late"]
    several = DomainError("invalid", ["a: one", "a: two"])
    assert several.messages == ["a: one", "a: two"] and several.as_dict()["message"] == "a: one a: two"
    request = rf.post("/")
    request.session, request._messages = {}, None
    request._messages = FallbackStorage(request)
    messages_add_domain_error(request, Conflict(None, "taken"))
    assert [str(m) for m in request._messages] == ["taken"]
