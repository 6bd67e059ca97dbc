"""One domain error type for the whole project.

Services raise ``DomainError`` (or a subclass) with a machine ``code``, an HTTP ``status``, a
message in the user's language (pass a ``gettext_lazy`` string, or a ``gettext`` one made in the
request's language) and optional per-field messages. It is mapped ONCE for the API
(``core.api_errors``: JSON ``{code, message, fields}``), once for pages
(``core.middleware.DomainErrorMiddleware``: the 4xx page) and once for forms
(``form_add_domain_error``). It subclasses Django's ``ValidationError`` so a form's ``clean()``
and the existing ``except ValidationError`` blocks keep working.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _


class DomainError(ValidationError):
    """A refusal: ``code`` (machine-readable), ``status`` (HTTP), ``message`` and ``fields``."""

    default_code = "invalid"
    default_status = 400
    default_message = _("請求無效。")

    def __init__(self, code: str | None = None, message: Any = None, status: int | None = None,
                 fields: Mapping[str, Any] | None = None, **extra: Any):
        self.fields: dict[str, list[Any]] = {
            name: [msgs] if isinstance(msgs, str) or not isinstance(msgs, Iterable) else list(msgs)
            for name, msgs in (fields or {}).items()}
        message = message if message is not None else self.default_message
        code = code or self.default_code
        if self.fields:
            super().__init__({name: [ValidationError(m, code=code) for m in msgs]
                              for name, msgs in self.fields.items()})
        else:
            super().__init__(message, code=code)
        if isinstance(message, (list, tuple)):  # several messages: each kept in .messages, one text
            message = " ".join(str(m) for m in message)
        self.code = code
        self.message = message
        self.status = status or self.default_status
        self.extra = extra

    @classmethod
    def field(cls, name: str, message: Any, code: str | None = None, status: int | None = None) -> DomainError:
        """A refusal about one field: ``message`` both as the error's text and on ``name``."""
        return cls(code, message, status=status, fields={name: [message]})

    def __str__(self) -> str:
        return str(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {str(self.message)!r}, status={self.status})"

    def as_dict(self) -> dict[str, Any]:
        """The JSON body the API answers with."""
        fields = {name: [str(m) for m in msgs] for name, msgs in self.fields.items()} or None
        return {"code": self.code, "message": str(self.message), "fields": fields}

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> DomainError:
        """A Django ValidationError (a form's or a model's) as a 400 domain error."""
        if isinstance(exc, DomainError):
            return exc
        if hasattr(exc, "error_dict"):
            fields = {name: msgs for name, msgs in exc.message_dict.items() if name != NON_FIELD_ERRORS}
            general = exc.message_dict.get(NON_FIELD_ERRORS) or []
            return cls("invalid", " ".join(general) or _("請修正標示的欄位。"), fields=fields or None)
        return cls("invalid", " ".join(exc.messages) or cls.default_message)


class NotFound(DomainError):
    default_code = "not_found"
    default_status = 404
    default_message = _("找不到此項目。")


class Forbidden(DomainError):
    default_code = "forbidden"
    default_status = 403
    default_message = _("你沒有權限進行此操作。")


class Conflict(DomainError):
    default_code = "conflict"
    default_status = 409
    default_message = _("此操作與目前的狀態衝突。")


class LimitReached(DomainError):
    default_code = "limit"
    default_status = 429
    default_message = _("請求太頻繁，請稍後再試。")


def form_add_domain_error(form: Any, error: ValidationError) -> None:
    """Put a DomainError (or any ValidationError) on a bound form: per-field messages on their
    fields when the form has them, everything else as a non-field error."""
    if isinstance(error, DomainError) and not error.fields:
        form.add_error(None, str(error.message))
        return
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def messages_add_domain_error(request: Any, error: ValidationError) -> None:
    """Show a refused action (a DomainError or any ValidationError) as an error message on the next
    page: the one place pages turn a refusal without a form into text."""
    from django.contrib import messages

    if isinstance(error, DomainError) and not error.fields:
        messages.error(request, str(error.message))
    else:
        messages.error(request, " ".join(str(m) for m in error.messages))
