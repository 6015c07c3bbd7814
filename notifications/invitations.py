"""The attendee of a calendar invitation: RFC 5546 wants each request to name who is invited, so every message
carries its own recipient in an invitation that is otherwise the same for everyone."""

from icalendar import Event, vCalAddress

# The attendee a kind gives its .ics (a reserved domain: never a real address). Written by the iCalendar library it
# is one content line, ATTENDEE_STAND_IN, short enough never to be folded: each message replaces it whole.
STAND_IN_ATTENDEE = "mailto:attendee@placeholder.invalid"
ATTENDEE_STAND_IN = f"ATTENDEE:{STAND_IN_ATTENDEE}"


def attendee_line(name: str, email: str) -> str:
    """The recipient's ATTENDEE line, escaped and folded by the iCalendar library (CRLF-separated)."""
    attendee = vCalAddress(f"mailto:{email}")
    attendee.params.update(
        {"cutype": "INDIVIDUAL", "role": "REQ-PARTICIPANT", "partstat": "NEEDS-ACTION", "rsvp": "FALSE"}
    )
    if name:
        attendee.params["cn"] = name
    event = Event()
    event.add("attendee", attendee)
    return event.to_ical().decode().split("\r\n", 1)[1].rsplit("\r\nEND:VEVENT", 1)[0]


def addressed(ics: str, name: str, email: str) -> str:
    return ics.replace(ATTENDEE_STAND_IN, attendee_line(name, email), 1)
