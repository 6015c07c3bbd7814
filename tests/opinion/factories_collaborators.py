"""Factories of the collaborators area: collaborators appointed through the services, and the trainings and
briefings their profile and filters read."""

from datetime import date, datetime, time

from django.utils import timezone

from opinion.models import Briefing, BriefingInvitation, Collaborator, Training, TrainingAttendance
from opinion.models.trainings import Attendance
from opinion.services import collaborators as services
from tests.opinion.factories_briefings import invite_one


def make_collaborator(committee, full_name="Nguyễn Thị Hoa", *, by=None, **fields) -> Collaborator:
    """A collaborator appointed the way the application appoints one (with its establishment recorded)."""
    fields.setdefault("decision_number", "12-QĐ/ĐU")
    fields.setdefault("decision_date", date(2025, 3, 1))
    return services.collaborator_create(by=by, committee=committee, full_name=full_name, **fields)


def make_training(committee, title="Tập huấn nghiệp vụ dư luận xã hội", starts_on=date(2025, 6, 10)) -> Training:
    training = Training(committee=committee, title=title, starts_on=starts_on, ends_on=starts_on, place="Hà Nội")
    training.save()
    return training


def attend_training(collaborator, training=None, status=Attendance.PRESENT) -> TrainingAttendance:
    training = training or make_training(collaborator.committee)
    return TrainingAttendance.objects.create(training=training, collaborator=collaborator, status=status)


def make_briefing(committee, month=date(2025, 9, 1), status=Briefing.Status.HELD) -> Briefing:
    starts_at = timezone.make_aware(datetime.combine(month.replace(day=9), time(8, 30)))
    return Briefing.objects.create(committee=committee, month=month, starts_at=starts_at, status=status)


def invite(briefing, collaborator, attendance=Attendance.PRESENT) -> BriefingInvitation:
    return invite_one(briefing, collaborator, attendance=attendance)


def _admin_collaborator():
    from committees.models import Committee
    from tests.factories import make_committee

    committee = Committee.objects.first() or make_committee(None, code="ADM", name="Đảng bộ")
    return make_collaborator(committee, full_name="Nguyễn Văn Quản Trị")


def _admin_status_change():
    return _admin_collaborator().status_changes.get()


ADMIN_MAKERS = {"opinion.Collaborator": _admin_collaborator, "opinion.CollaboratorStatusChange": _admin_status_change}
