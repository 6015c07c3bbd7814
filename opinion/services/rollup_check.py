"""The opinion app's roll-ups, compared with a rebuild by ``manage.py check_rollups`` and by the tests after every
step of their random walks (``committees.rollups``): the monthly and daily report counts, the days each
collaborator reported on, the attendance counts and the "attended the last briefing" flags."""

from functools import reduce
from operator import or_

from django.db.models import Q

from opinion.models import (
    Collaborator,
    CollaboratorAttendance,
    CommitteeAttendance,
    ReportDay,
    ReporterYear,
    ReportMonth,
    ReportTopicDay,
    ReportTopicMonth,
)
from opinion.services.last_briefing import last_briefing_rebuild
from opinion.services.tallies import tallies_rebuild

FIGURES = ("invited", "present", "excused", "absent")


def _counting(*figures: str) -> Q:
    """The rows where any of ``figures`` is not nought: a row a rebuild would write."""
    return reduce(or_, (~Q(**{figure: 0}) for figure in figures))


def rollup_rows() -> dict[str, set]:
    """Every roll-up row that counts something, comparable across a rebuild."""
    subtree = tuple(f"subtree_{name}" for name in FIGURES)
    return {
        "monthly report counts": set(
            ReportMonth.objects.exclude(reports=0).values_list(
                "committee_id", "month", "sentiment", "is_hot_spot", "reports"
            )
        ),
        "monthly report counts by topic": set(
            ReportTopicMonth.objects.exclude(reports=0).values_list("committee_id", "month", "topic_id", "reports")
        ),
        "daily report counts": set(
            ReportDay.objects.exclude(reports=0).values_list(
                "committee_id", "day", "sentiment", "is_hot_spot", "reports"
            )
        ),
        "daily report counts by topic": set(
            ReportTopicDay.objects.exclude(reports=0).values_list("committee_id", "day", "topic_id", "reports")
        ),
        "days the collaborators reported": set(
            ReporterYear.objects.values_list("collaborator_id", "committee_id", "year", *ReporterYear.MONTHS)
        ),
        "committees' attendance counts": set(
            CommitteeAttendance.objects.filter(_counting(*FIGURES, *subtree)).values_list(
                "committee_id", "period", "start", *FIGURES, *subtree
            )
        ),
        "collaborators' attendance counts": set(
            CollaboratorAttendance.objects.filter(_counting(*FIGURES)).values_list(
                "collaborator_id", "committee_id", "period", "start", *FIGURES
            )
        ),
        "attended the last briefing": set(Collaborator.objects.values_list("pk", "attended_last_briefing")),
    }


def rebuild() -> None:
    tallies_rebuild()
    last_briefing_rebuild()
