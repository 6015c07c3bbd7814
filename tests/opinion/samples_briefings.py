"""URL samples for monthly briefings: each makes a record of sibling committee B (see test_url_access)."""

from datetime import timedelta

from django.utils import timezone

from opinion.models import Briefing
from opinion.models.trainings import Attendance
from tests.opinion.factories_briefings import invite_one, make_briefing, make_collaborator, make_schedule

SECRET = "Bí mật Sibling"


def _briefing_b(tree, days: int = 3, **fields):
    collaborator = make_collaborator(tree.b1, f"Lê {SECRET}", unit=f"Vụ {SECRET}")
    fields.setdefault("place", f"Phòng họp {SECRET}")
    fields.setdefault("agenda", f"Chương trình {SECRET}")
    briefing = make_briefing(tree.b, timezone.localdate() + timedelta(days=days), **fields)
    held = fields.get("status") == Briefing.Status.HELD
    invite_one(briefing, collaborator, attendance=Attendance.PRESENT if held else Attendance.INVITED)
    return briefing


def _pk_of_briefing_b(tree):
    return {"pk": _briefing_b(tree).pk}


def _pk_of_held_briefing_b(tree):
    return {"pk": _briefing_b(tree, days=-2, status=Briefing.Status.HELD, minutes=f"Biên bản {SECRET}").pk}


def _briefings_of_b(tree):
    _briefing_b(tree, days=0)
    _briefing_b(tree, days=-40, status=Briefing.Status.HELD, minutes=f"Biên bản {SECRET}")


def _schedule_of_b(tree):
    make_schedule(tree.b, place=f"Hội trường {SECRET}")
    return {"committee_pk": tree.b.pk}


SAMPLES = {
    "opinion:briefing_list": _briefings_of_b,
    "opinion:briefing_calendar": _briefings_of_b,
    "opinion:briefing_attendance_rates": _briefings_of_b,
    "opinion:briefing_rates_export": _briefings_of_b,
    "opinion:briefing_schedule": _schedule_of_b,
    "opinion:briefing_detail": _pk_of_briefing_b,
    "opinion:briefing_update": _pk_of_briefing_b,
    "opinion:briefing_move": _pk_of_briefing_b,
    "opinion:briefing_postpone": _pk_of_briefing_b,
    "opinion:briefing_cancel": _pk_of_briefing_b,
    "opinion:briefing_invitees": _pk_of_briefing_b,
    "opinion:briefing_attendance": _pk_of_held_briefing_b,
    "opinion:briefing_signin_sheet": _pk_of_briefing_b,
    "opinion:briefing_minutes_print": _pk_of_held_briefing_b,
}
