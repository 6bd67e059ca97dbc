"""Event fees through the shared payments layer: the "event-fee" purpose (registered in
EventsConfig.ready). A verified notification or a confirmed bank transfer sets
``Registration.paid`` through ``registration_set_paid`` (audited)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from shanglian.events import access
from shanglian.events.models import Registration
from shanglian.payments.purposes import Due, register_purpose

PURPOSE = "event-fee"


def describe(registration: Registration) -> Due:
    event = registration.event
    return Due(amount=event.fee, currency="HKD", description=f"{event.title} · {registration.display_name}",
               outstanding=bool(event.fee > 0 and not registration.paid and registration.is_active))


def can_pay(user: Any, registration: Registration) -> bool:
    """The registrant, or whoever registered them (a company contact for its staff)."""
    return getattr(user, "is_authenticated", False) and user.pk in (registration.user_id,
                                                                   registration.registered_by_id)


def can_confirm(user: Any, registration: Registration) -> bool:
    return access.can_organise(user, registration.event)


def on_paid(registration: Registration, payment: Any) -> None:
    from shanglian.events.services import registration_set_paid

    registration_set_paid(actor=payment.confirmed_by, registration=registration, paid=True)


def on_refunded(registration: Registration, payment: Any) -> None:
    from shanglian.events.services import registration_set_paid

    registration_set_paid(actor=payment.refunded_by, registration=registration, paid=False)


def recipients(registration: Registration, payment: Any) -> list[tuple[str, str]]:
    return [(registration.email, registration.language)] if registration.email else []


def register() -> None:
    register_purpose(PURPOSE, model="events.registration", label=_("活動費用"), describe=describe,
                     can_pay=can_pay, can_confirm=can_confirm, on_paid=on_paid, on_refunded=on_refunded,
                     next_url=lambda r: reverse("events:ticket", args=[r.pk]), recipients=recipients)
