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
from django.db.models import BooleanField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from opinion.models import Briefing, BriefingInvitation, Collaborator
from opinion.models.trainings import Attendance

BATCH = 5000


def attended_last_briefing() -> Coalesce:
    """For the outer collaborator: whether their invitation to the last held briefing they were invited to is
    marked present (false when there is none)."""
    last = (
        BriefingInvitation.objects.filter(collaborator=OuterRef("pk"), briefing__status=Briefing.Status.HELD)
        .annotate(present=ExpressionWrapper(Q(attendance=Attendance.PRESENT), output_field=BooleanField()))
        .order_by("-briefing__starts_at", "-briefing_id")
        .values("present")[:1]
    )
    return Coalesce(Subquery(last), Value(False))


def _refresh(collaborators: QuerySet) -> None:
    """Set the flag of ``collaborators`` from their invitations, writing only the rows whose flag changes."""
    flag = attended_last_briefing()
    collaborators.alias(now=flag).exclude(attended_last_briefing=F("now")).update(attended_last_briefing=flag)


@transaction.atomic
def last_briefing_refresh(collaborators: Iterable[int]) -> None:
    """Recompute the flag of these collaborators (ids)."""
    ids = sorted(set(collaborators))
    for start in range(0, len(ids), BATCH):
        _refresh(Collaborator.objects.filter(pk__in=ids[start : start + BATCH]))


@transaction.atomic
def last_briefing_rebuild() -> None:
    """Recompute every collaborator's flag from the records."""
    _refresh(Collaborator.objects.all())
