"""Every roll-up the application keeps, read so that what was kept step by step can be compared with a rebuild from
the records: the opinion-report and attendance counts, the "attended the last briefing" flags, the committees'
subtree totals."""

from django.db.models import Q

from committees.models import Committee
from opinion.models import (
    BriefingInvitation,
    Collaborator,
    CollaboratorAttendance,
    CommitteeAttendance,
    ReportMonth,
    ReportTopicMonth,
)
from opinion.models.briefings import Briefing
from opinion.models.trainings import Attendance
from opinion.services.tallies import tallies_rebuild

HELD, PRESENT = Briefing.Status.HELD, Attendance.PRESENT


def kept_rows() -> dict[str, set]:
    """Every roll-up row that counts something, comparable across a rebuild."""
    figures = ("invited", "present", "excused", "absent")
    subtree = tuple(f"subtree_{name}" for name in figures)
    counted = ~Q(invited=0) | ~Q(present=0) | ~Q(excused=0) | ~Q(absent=0)
    return {
        "months": set(
            ReportMonth.objects.exclude(reports=0).values_list(
                "committee_id", "month", "sentiment", "is_hot_spot", "reports"
            )
        ),
        "topics": set(
            ReportTopicMonth.objects.exclude(reports=0).values_list("committee_id", "month", "topic_id", "reports")
        ),
        "committees": set(
            CommitteeAttendance.objects.filter(counted | ~Q(subtree_invited=0)).values_list(
                "committee_id", "period", "start", *figures, *subtree
            )
        ),
        "people": set(
            CollaboratorAttendance.objects.filter(counted).values_list(
                "collaborator_id", "committee_id", "period", "start", *figures
            )
        ),
    }


def assert_kept_equals_rebuilt():
    """What the services kept step by step is what a rebuild from the records gives."""
    kept = kept_rows()
    tallies_rebuild()
    assert kept == kept_rows()


def direct_flags() -> dict[int, bool]:
    """Read from the records, the plain way: each collaborator's invitation to the last held briefing they were
    invited to, and whether it says present."""
    invitations = BriefingInvitation.objects.filter(briefing__status=HELD, collaborator__isnull=False)
    last = {}
    for collaborator_id, starts_at, briefing_id, attendance in invitations.values_list(
        "collaborator_id", "briefing__starts_at", "briefing_id", "attendance"
    ):
        last[collaborator_id] = max(last.get(collaborator_id, (starts_at, 0, "")), (starts_at, briefing_id, attendance))
    return {pk: pk in last and last[pk][2] == PRESENT for pk in Collaborator.objects.values_list("pk", flat=True)}


def stored_flags() -> dict[int, bool]:
    return dict(Collaborator.objects.values_list("pk", "attended_last_briefing"))


def committee_totals() -> dict[int, tuple]:
    return {row[0]: row[1:] for row in Committee.objects.values_list(
        "pk", "subtree_committees", "subtree_party_members", "subtree_cadres", "subtree_employees"
    )}  # fmt: skip


def assert_every_rollup_equals_a_rebuild(when: str = "") -> None:
    """Counts, flags and subtree totals as kept are what a rebuild from the records gives."""
    assert stored_flags() == direct_flags(), f"attended the last briefing, {when}"
    totals = committee_totals()
    Committee.objects.recompute_totals()
    assert committee_totals() == totals, f"subtree totals, {when}"
    kept = kept_rows()
    tallies_rebuild()
    assert kept_rows() == kept, f"report and attendance counts, {when}"
