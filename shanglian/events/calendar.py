"""iCalendar (.ics) files for tickets and meeting schedules."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from icalendar import Calendar
from icalendar import Event as VEvent

from shanglian.core.formatting import site_host

PRODID = "-//Shanglian//events//ZH"


def _calendar() -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    return cal


def ics(entries: Iterable[dict]) -> bytes:
    """entries: dicts with uid, start, end (aware datetimes), summary, location, description."""
    cal = _calendar()
    now = datetime.datetime.now(datetime.UTC)
    for e in entries:
        vevent = VEvent()
        vevent.add("uid", f"{e['uid']}@{site_host().split(':')[0]}")
        vevent.add("dtstamp", now)
        vevent.add("dtstart", e["start"])
        vevent.add("dtend", e["end"])
        vevent.add("summary", e["summary"])
        if e.get("location"):
            vevent.add("location", e["location"])
        if e.get("description"):
            vevent.add("description", e["description"])
        if e.get("sequence") is not None:
            vevent.add("sequence", e["sequence"])
        if e.get("cancelled"):
            vevent.add("status", "CANCELLED")
        cal.add_component(vevent)
    return cal.to_ical()
