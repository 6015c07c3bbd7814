"""Monthly briefings for the tests, made through the services wherever the application makes them that way."""

from datetime import date, datetime, time

from committees.models import Committee
from opinion.models import Briefing, BriefingInvitation, BriefingSchedule, Collaborator
from opinion.services import briefings as services
from opinion.services.briefings import local_datetime


def make_collaborator(committee: Committee, full_name: str, *, user=None, **fields) -> Collaborator:
    fields.setdefault("unit", "Vụ Tổng hợp")
    collaborator = Collaborator(committee=committee, full_name=full_name, user=user, **fields)
    collaborator.save()
    return collaborator


def make_schedule(committee: Committee, *, by=None, **fields) -> BriefingSchedule:
    fields.setdefault("week", BriefingSchedule.Week.SECOND)
    fields.setdefault("weekday", BriefingSchedule.Weekday.TUESDAY)
    fields.setdefault("time", time(8, 30))
    fields.setdefault("place", "Phòng họp tầng 3")
    fields.setdefault("duration", 120)
    return services.briefing_schedule_set(committee=committee, by=by, **fields)


def at(day: date, hour: int = 8, minute: int = 30) -> datetime:
    return local_datetime(day, time(hour, minute))


def make_briefing(committee: Committee, day: date, *, invite=(), **fields) -> Briefing:
    """A briefing on ``day`` inviting ``invite`` (collaborators and staff users)."""
    fields.setdefault("place", "Phòng họp tầng 3")
    briefing = Briefing.objects.create(
        committee=committee, month=day.replace(day=1), starts_at=fields.pop("starts_at", at(day)), **fields
    )
    for invitee in invite:
        invite_one(briefing, invitee)
    return briefing


def invite_one(briefing: Briefing, invitee, **fields) -> BriefingInvitation:
    """An invitation, with its attendance if given; one to a held briefing is counted in the attendance roll-up."""
    if isinstance(invitee, Collaborator):
        invitation = BriefingInvitation(
            briefing=briefing, collaborator=invitee, invitee_committee_id=invitee.committee_id, **fields
        )
    else:
        invitation = BriefingInvitation(
            briefing=briefing, staff=invitee, invitee_committee_id=invitee.profile.committee_id, **fields
        )
    return services.invitation_save(invitation=invitation)


def _admin_committee() -> Committee:
    committee = Committee.objects.order_by("path").first()
    if committee is None:
        from tests.factories import make_committee

        committee = make_committee(None, code="ADMIN-ROOT", name="Đảng bộ Khối")
    return committee


def _admin_schedule():
    return make_schedule(_admin_committee())


def _admin_briefing():
    return make_briefing(_admin_committee(), date(2026, 2, 10))


def _admin_invitation():
    committee = _admin_committee()
    briefing = Briefing.objects.order_by("pk").first() or _admin_briefing()
    return invite_one(briefing, make_collaborator(committee, "Nguyễn Văn Quản Trị"))


ADMIN_MAKERS = {
    "opinion.BriefingSchedule": _admin_schedule,
    "opinion.Briefing": _admin_briefing,
    "opinion.BriefingInvitation": _admin_invitation,
}
