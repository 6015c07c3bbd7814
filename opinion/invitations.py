"""The calendar invitation (.ics) of a monthly briefing.

One UID per briefing and its ``sequence`` (incremented at each move, postponement or cancellation) let the
recipient's calendar update the event it already holds instead of adding another, or remove it when cancelled.
"""

from datetime import date, timedelta
from email.utils import parseaddr
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, vCalAddress

from notifications.invitations import STAND_IN_ATTENDEE
from notifications.kinds import Invitation
from opinion.models import Briefing

Status = Briefing.Status


def briefing_uid(briefing: Briefing) -> str:
    """The event's identity in people's calendars: the briefing's own, so that a new address of the site (or a
    second installation) never turns one meeting into two."""
    return f"{briefing.calendar_uid}@tuyengiao"


def briefing_title(briefing: Briefing) -> str:
    return _("Monthly briefing %(month)s — %(committee)s") % {
        "month": f"{briefing.month:%m/%Y}",
        "committee": briefing.committee.name,
    }


def is_withdrawn(briefing: Briefing) -> bool:
    """Cancelled or postponed: the event leaves people's calendars; a later move puts it back (higher sequence)."""
    return briefing.status in (Status.CANCELLED, Status.POSTPONED)


def briefing_invitation(briefing: Briefing, *, url: str) -> Invitation:
    """The briefing as an iCalendar request (or cancellation), times in the local zone with its VTIMEZONE; its
    attendee is each message's recipient."""
    withdrawn = is_withdrawn(briefing)
    calendar = Calendar()
    calendar.add("prodid", "-//Tuyen giao//Giao ban//VI")
    calendar.add("version", "2.0")
    calendar.add("method", "CANCEL" if withdrawn else "REQUEST")
    event = Event()
    start = timezone.localtime(briefing.starts_at)
    event.add("uid", briefing_uid(briefing))
    event.add("sequence", briefing.sequence)
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(minutes=briefing.duration_minutes))
    event.add("summary", briefing_title(briefing))
    if briefing.place:
        event.add("location", briefing.place)
    event.add("description", "\n\n".join(filter(None, [briefing.agenda, url])))
    event.add("url", url)
    event.add("status", "CANCELLED" if withdrawn else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{_from_address()}")
    organizer.params["cn"] = briefing.committee.name
    event.add("organizer", organizer)
    event.add("attendee", STAND_IN_ATTENDEE)
    calendar.add_component(_zone(str(start.tzinfo), start.year))
    calendar.add_component(event)
    return Invitation(ics=calendar.to_ical().decode(), method="CANCEL" if withdrawn else "REQUEST")


@cache
def _zone(name: str, year: int) -> Timezone:
    """The VTIMEZONE of the meeting's zone around its year, made once: from the whole 1970–2038 history it would
    cost more than sending the email."""
    return Timezone.from_tzinfo(ZoneInfo(name), first_date=date(year - 1, 1, 1), last_date=date(year + 1, 12, 31))


def _from_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
