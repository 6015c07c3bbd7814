"""Keeping each collaborator's "attended the last briefing" flag (``Collaborator.attended_last_briefing``) true.

A collaborator's last briefing is the most recent held briefing they were invited to (a meeting they were not
invited to is not one they missed); the flag says their invitation to it is marked present. Absent, excused, not
recorded, or never invited to a held briefing: not set.

Worked out at read time it cost a bloc-wide list a semi-join over every collaborator (a third of a second); stored,
the list filters a column. It changes only when a collaborator's invitations to held briefings change, and every
such write runs inside ``invitations_followed`` (the attendance roll-ups' keeper), which refreshes the flags of the
collaborators whose invitations it saw change. ``last_briefing_rebuild`` recomputes every flag (the demo seeder,
``manage.py rebuild_opinion_tallies``).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, QuerySet, Window
from django.db.models.functions import FirstValue, RowNumber

from opinion.models import Briefing, BriefingInvitation, Collaborator
from opinion.models.trainings import Attendance

BATCH = 5000


def present_at_their_last_briefing() -> QuerySet:
    """The ids of the collaborators whose last briefing (the most recent held briefing they were invited to) found them
    present: one pass over the invitations to held briefings, ranked per collaborator, whatever the planner knows."""
    latest_first = [F("briefing__starts_at").desc(), F("briefing_id").desc()]
    per_collaborator = {"partition_by": [F("collaborator_id")], "order_by": latest_first}
    return (
        BriefingInvitation.objects.filter(collaborator__isnull=False, briefing__status=Briefing.Status.HELD)
        .annotate(
            rank=Window(RowNumber(), **per_collaborator),
            last_attendance=Window(FirstValue("attendance"), **per_collaborator),
        )
        .filter(rank=1, last_attendance=Attendance.PRESENT)  # both windows: applied after the ranking
        .values("collaborator_id")
    )


def _refresh(collaborators: QuerySet) -> None:
    """Set the flag of ``collaborators`` from their invitations, set-based: those present at their last briefing
    are found in one ranked pass, then only the flags that differ are written (two UPDATEs). A correlated subquery
    per collaborator would depend on the planner's statistics, which a freshly loaded table lacks."""
    present = present_at_their_last_briefing().filter(collaborator__in=collaborators.values("pk"))
    collaborators.filter(attended_last_briefing=True).exclude(pk__in=present).update(attended_last_briefing=False)
    collaborators.filter(attended_last_briefing=False, pk__in=present).update(attended_last_briefing=True)


def last_briefing_refresh(collaborators: Iterable[int]) -> None:
    """Recompute the flag of these collaborators (ids)."""
    with transaction.atomic():
        ids = sorted(set(collaborators))
        for start in range(0, len(ids), BATCH):
            _refresh(Collaborator.objects.filter(pk__in=ids[start : start + BATCH]))


def last_briefing_rebuild() -> None:
    """Recompute every collaborator's flag from the records."""
    with transaction.atomic():
        _refresh(Collaborator.objects.all())
