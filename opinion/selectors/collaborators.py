"""Reads of the collaborator network, always narrowed to the reader's scope (``visible_to``).

"Trained" and "attended the last briefing" are defined here once, by the presences that make them: the list and its
filters test them as ``Exists`` subqueries, the export reads them as sets of ids. So the list, its filters and the
export agree, and a page or an export costs the same number of queries whatever the size of the network.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery

from committees.models import Committee
from committees.scoping import scope_of
from opinion.models import Briefing, BriefingInvitation, Collaborator, OpinionReport, TrainingAttendance
from opinion.models.trainings import Attendance

RECENT_REPORTS = 10
RECENT_INVITATIONS = 12


def presences_at_trainings() -> QuerySet:
    """What makes a collaborator "trained": having been present at a training, any training."""
    return TrainingAttendance.objects.filter(status=Attendance.PRESENT)


def trained():
    """True when the collaborator was present at any training."""
    return Exists(presences_at_trainings().filter(collaborator=OuterRef("pk")))


@dataclass(frozen=True)
class LastBriefings:
    """The last held briefing of every committee, in a form one query can test.

    A committee's last briefing is the most recent briefing with status "held" organised by the committee itself or
    by one of its ancestors. Only the committees that organise briefings (a few hundred) matter: for each organiser
    the last briefing over its chain of organisers is worked out here, in Python, from one small query. ``ids`` holds
    those briefings; a briefing in ``ids`` is the last one for the subtree of its organiser, except under the
    ``overridden`` organisers below it, which held a later one of their own.
    """

    ids: frozenset[int]
    overridden: dict[int, list[str]]

    @classmethod
    def for_user(cls, user) -> "LastBriefings":
        held = Briefing.objects.filter(status=Briefing.Status.HELD)
        scope = scope_of(user)
        if scope.committee is not None and not scope.is_collaborator:
            # Only the organisers whose briefings can be the last for the user's collaborators: the scope and above.
            held = held.filter(
                Q(committee__path__startswith=scope.path) | Q(committee__path__in=scope.committee.ancestor_paths())
            )
        latest_of_organiser = (
            Briefing.objects.filter(committee=OuterRef("committee"), status=Briefing.Status.HELD)
            .order_by("-starts_at", "-pk")
            .values("pk")[:1]
        )
        own = {
            path: (starts_at, pk)
            for pk, starts_at, path in held.filter(pk=Subquery(latest_of_organiser)).values_list(
                "pk", "starts_at", "committee__path"
            )
        }
        step = Committee.steplen
        last = {
            path: max(own[prefix] for i in range(step, len(path) + 1, step) if (prefix := path[:i]) in own)
            for path in own
        }
        ids = frozenset(pk for _, pk in last.values())
        organiser = {own[path][1]: path for path in own if own[path][1] in ids}
        overridden = {
            pk: [path for path in own if path != top and path.startswith(top) and last[path][1] != pk]
            for pk, top in organiser.items()
        }
        return cls(ids=ids, overridden={pk: paths for pk, paths in overridden.items() if paths})

    def presences(self) -> QuerySet:
        """The invitations marked "present" to the last held briefing of the invitee's committee: the organiser is
        the committee or one of its ancestors, and no organiser between them held a later one."""
        invitations = BriefingInvitation.objects.filter(
            attendance=Attendance.PRESENT,
            briefing_id__in=self.ids,
            collaborator__committee__path__startswith=F("briefing__committee__path"),
        )
        for pk, paths in self.overridden.items():
            below = Q(pk__in=[])
            for path in paths:
                below |= Q(collaborator__committee__path__startswith=path)
            invitations = invitations.exclude(Q(briefing_id=pk) & below)
        return invitations

    def attended(self):
        """True when the outer collaborator's invitation to the last held briefing of their committee is "present".

        Correlated on the collaborator's id alone (the committee is joined inside): PostgreSQL may then run it once
        for a whole list, as a hashed subplan, rather than once per row."""
        return Exists(self.presences().filter(collaborator=OuterRef("pk")))


def last_briefings(user) -> LastBriefings:
    """Worked out once per request (the user object lives as long as the request)."""
    cached = getattr(user, "_last_briefings", None)
    if cached is None:
        cached = LastBriefings.for_user(user)
        user._last_briefings = cached
    return cached


def attended_last_briefing(user):
    """True when the collaborator's invitation to the last held briefing of their committee (organised by it or by an
    ancestor, see ``LastBriefings``) is marked present; false otherwise — absent, excused, not invited, or no briefing
    held yet. A semi-join the database runs over a whole list at once."""
    return last_briefings(user).attended()


def with_flags(collaborators: QuerySet, user) -> QuerySet:
    """Annotate ``is_trained`` and ``attended_last_briefing`` (for an export: every row needs them)."""
    return collaborators.annotate(is_trained=trained(), attended_last_briefing=attended_last_briefing(user))


def flagged_ids(collaborators: QuerySet, user) -> tuple[set[int], set[int]]:
    """The ids, among ``collaborators``, of those trained and of those who attended their last briefing: two queries,
    whatever the number of collaborators (for an export of a whole network).

    As annotations of every row (``with_flags``), PostgreSQL costs the flags as if run once per row, finds a whole
    network's query expensive enough to compile it (JIT) and spends longer compiling it than running it.
    """
    ids = collaborators.order_by().values("pk")
    trained_ids = presences_at_trainings().filter(collaborator__in=ids)
    attended_ids = last_briefings(user).presences().filter(collaborator__in=ids)
    return (
        set(trained_ids.values_list("collaborator_id", flat=True)),
        set(attended_ids.values_list("collaborator_id", flat=True)),
    )


def attach_flags(collaborators, user) -> None:
    """Set ``is_trained`` and ``attended_last_briefing`` on one page of collaborators, in one query.

    Kept out of the page's own query: there the database would work them out for every row it skips to reach a page.
    """
    collaborators = list(collaborators)
    if not collaborators:
        return
    flags = {
        row["pk"]: row
        for row in with_flags(Collaborator.objects.filter(pk__in=[c.pk for c in collaborators]), user).values(
            "pk", "is_trained", "attended_last_briefing"
        )
    }
    for collaborator in collaborators:
        collaborator.is_trained = flags[collaborator.pk]["is_trained"]
        collaborator.attended_last_briefing = flags[collaborator.pk]["attended_last_briefing"]


def collaborator_list(user) -> QuerySet:
    """The collaborators the user may see, with their committee (for a list: the flags come per page)."""
    return Collaborator.objects.visible_to(user).select_related("committee").defer("search_text")


def collaborator_profile(collaborator: Collaborator, user) -> dict:
    """What the profile page shows besides the collaborator: each part within the reader's scope."""
    status_changes = collaborator.status_changes.select_related("changed_by").order_by("-effective_on", "-pk")
    trainings = (
        TrainingAttendance.objects.visible_to(user)
        .filter(collaborator=collaborator)
        .select_related("training__committee")
        .order_by("-training__starts_on", "-pk")
    )
    invitations = BriefingInvitation.objects.visible_to(user).filter(collaborator=collaborator)
    attendance = invitations.filter(briefing__status=Briefing.Status.HELD).aggregate(
        held=Count("pk"), present=Count("pk", filter=Q(attendance=Attendance.PRESENT))
    )
    attendance["rate"] = round(100 * attendance["present"] / attendance["held"]) if attendance["held"] else None
    reports = OpinionReport.objects.visible_to(user).filter(collaborator=collaborator)
    return {
        "status_changes": list(status_changes),
        "trainings": list(trainings),
        "invitations": list(
            invitations.select_related("briefing__committee").order_by("-briefing__starts_at")[:RECENT_INVITATIONS]
        ),
        "attendance": attendance,
        "reports": list(reports.prefetch_related("topics").order_by("-reported_on", "-pk")[:RECENT_REPORTS]),
        "report_count": reports.count(),
        "history": list(collaborator.history.select_related("history_user").order_by("-history_date")[:10]),
    }
