"""B2B meetings (商貿對接). Filled in below; this module is imported by registrations."""

from __future__ import annotations

from typing import Any

from shanglian.events.models import Registration


def meetings_cancel_for_registration(*, actor: Any, registration: Registration) -> int:
    return 0
