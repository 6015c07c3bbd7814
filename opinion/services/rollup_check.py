"""Whether every roll-up the application keeps equals a rebuild from the records: the monthly report counts, the
attendance counts, the "attended the last briefing" flags and the committees' subtree totals.

The services keep them as records change; this checks it, after a restore from backup or records changed outside
the application (``manage.py check_rollups``), and the tests check it after every step of their random walks. The
rebuild happens in a transaction that is rolled back: nothing is changed.
"""

from django.db import transaction
from django.db.models import Q

from committees.models import Committee, Totals
from opinion.models import Collaborator, CollaboratorAttendance, CommitteeAttendance, ReportMonth, ReportTopicMonth
from opinion.services.last_briefing import last_briefing_rebuild
from opinion.services.tallies import tallies_rebuild

FIGURES = ("invited", "present", "excused", "absent")


def rollup_rows() -> dict[str, set]:
    """Every roll-up row that counts something, comparable across a rebuild."""
    subtree = tuple(f"subtree_{name}" for name in FIGURES)
    counted = ~Q(invited=0) | ~Q(present=0) | ~Q(excused=0) | ~Q(absent=0)
    return {
        "monthly report counts": set(
            ReportMonth.objects.exclude(reports=0).values_list(
                "committee_id", "month", "sentiment", "is_hot_spot", "reports"
            )
        ),
        "monthly report counts by topic": set(
            ReportTopicMonth.objects.exclude(reports=0).values_list("committee_id", "month", "topic_id", "reports")
        ),
        "committees' attendance counts": set(
            CommitteeAttendance.objects.filter(counted | ~Q(subtree_invited=0)).values_list(
                "committee_id", "period", "start", *FIGURES, *subtree
            )
        ),
        "collaborators' attendance counts": set(
            CollaboratorAttendance.objects.filter(counted).values_list(
                "collaborator_id", "committee_id", "period", "start", *FIGURES
            )
        ),
        "attended the last briefing": set(Collaborator.objects.values_list("pk", "attended_last_briefing")),
        "committees' subtree totals": set(
            Committee.objects.values_list("pk", *(f"subtree_{name}" for name in Totals._fields))
        ),
    }


def rebuild_every_rollup() -> None:
    tallies_rebuild()
    last_briefing_rebuild()
    Committee.objects.recompute_totals()


def rollup_differences() -> dict[str, int]:
    """For each roll-up, how many of its rows differ from a rebuild (kept but not rebuilt, or rebuilt but not kept)."""
    with transaction.atomic():
        kept = rollup_rows()
        rebuild_every_rollup()
        rebuilt = rollup_rows()
        transaction.set_rollback(True)
    return {name: len(kept[name] ^ rebuilt[name]) for name in kept}
