"""Events: forums, expos, delegations, ceremonies; registrations and check-in; B2B meetings; exhibitors."""

from shanglian.events.models.event import Event, EventOrganiser, ItineraryStop, Session
from shanglian.events.models.expo import Exhibitor, ExhibitorBookmark, Product
from shanglian.events.models.meetings import Meeting, MeetingAvailability, MeetingRequest, MeetingSlot
from shanglian.events.models.registration import CheckIn, Registration, RegistrationAnswer, RegistrationQuestion

__all__ = [
    "CheckIn", "Event", "EventOrganiser", "Exhibitor", "ExhibitorBookmark", "ItineraryStop", "Meeting",
    "MeetingAvailability", "MeetingRequest", "MeetingSlot", "Product", "Registration", "RegistrationAnswer",
    "RegistrationQuestion", "Session",
]
