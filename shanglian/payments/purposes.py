"""What can be paid: domain apps register a *purpose* (``register_purpose``) in their
``AppConfig.ready``, so payments never imports them.

A purpose names the model of the payable object (``"events.registration"``) and callbacks:
- ``describe(obj) -> Due``: what is owed now (amount, currency, description; ``outstanding`` False
  once paid or no longer payable);
- ``can_pay(user, obj)``: may this user start paying it (the registrant, the enterprise's admin);
- ``can_confirm(user, obj)``: may this user confirm a bank transfer or request a refund (the
  organiser, the association's admin, the secretariat);
- ``on_paid(obj, payment)``: called in the transaction that marks the payment paid (sets the
  domain's own "paid" state through the domain's own service);
- ``on_refunded(obj, payment)`` (optional), ``next_url(obj)``: where the payer goes afterwards;
- ``recipients(obj, payment) -> [(email, language)]``: who gets the confirmation e-mail."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class Due:
    amount: Decimal
    currency: str
    description: str
    outstanding: bool = True


@dataclass(frozen=True)
class Purpose:
    code: str
    model: str  # "app_label.model_name"
    label: Any  # translated name of the purpose ("活動費用")
    describe: Callable[[Any], Due]
    can_pay: Callable[[Any, Any], bool]
    can_confirm: Callable[[Any, Any], bool]
    on_paid: Callable[[Any, Any], None]
    on_refunded: Callable[[Any, Any], None] | None = None
    next_url: Callable[[Any], str] | None = None
    recipients: Callable[[Any, Any], list[tuple[str, str]]] | None = None

    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)

    def get(self, object_id: str | int, *, lock: bool = False) -> Any:
        qs = self.model_class()._default_manager.all()
        if lock:
            qs = qs.select_for_update()
        try:
            return qs.filter(pk=object_id).first()
        except (ValueError, TypeError):
            return None


_purposes: dict[str, Purpose] = {}


def register_purpose(code: str, *, model: str, label: Any, describe: Callable[[Any], Due],
                     can_pay: Callable[[Any, Any], bool], can_confirm: Callable[[Any, Any], bool],
                     on_paid: Callable[[Any, Any], None], on_refunded: Callable[[Any, Any], None] | None = None,
                     next_url: Callable[[Any], str] | None = None,
                     recipients: Callable[[Any, Any], list[tuple[str, str]]] | None = None) -> Purpose:
    purpose = Purpose(code=code, model=model, label=label, describe=describe, can_pay=can_pay,
                      can_confirm=can_confirm, on_paid=on_paid, on_refunded=on_refunded, next_url=next_url,
                      recipients=recipients)
    _purposes[code] = purpose
    return purpose


def get_purpose(code: str) -> Purpose | None:
    return _purposes.get(code)


def purposes() -> list[Purpose]:
    return [_purposes[c] for c in sorted(_purposes)]
