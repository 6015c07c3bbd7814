"""Reads of the collaborator network, always narrowed to the reader's scope (``visible_to``).

"Trained" is defined here once, by the presences that make it: the list's filter tests it as an ``Exists``
subquery, a page and the export read it as a set of ids. So the list, its filter and the export agree, and a page or
an export costs the same number of queries whatever the size of the network. "Attended the last briefing" is a
column the services keep (``opinion.services.last_briefing``).
"""

from datetime import date, datetime

import django_filters
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from core.filters import ListFilterSet, SearchFilter
from opinion.models import Briefing, BriefingInvitation, Collaborator, OpinionReport, TrainingAttendance
from opinion.models.trainings import Attendance
from opinion.selectors.attendance import figures_of

RECENT_REPORTS = 10
RECENT_INVITATIONS = 12


def presences_at_trainings() -> QuerySet:
    """What makes a collaborator "trained": having been present at a training, any training."""
    return TrainingAttendance.objects.filter(status=Attendance.PRESENT)


def trained():
    """True when the collaborator was present at any training."""
    return Exists(presences_at_trainings().filter(collaborator=OuterRef("pk")))


def trained_ids(collaborators: QuerySet) -> set[int]:
    """The ids of those trained among ``collaborators``: one query, whatever their number (for an export of a whole
    network; as an annotation of every row PostgreSQL costs it as if run once per row and compiles the query)."""
    ids = collaborators.order_by().values("pk")
    return set(presences_at_trainings().filter(collaborator__in=ids).values_list("collaborator_id", flat=True))


def attach_trained(collaborators) -> None:
    """Set ``is_trained`` on one page of collaborators, in one query.

    Kept out of the page's own query: there the database would work it out for every row it skips to reach a page.
    """
    collaborators = list(collaborators)
    if not collaborators:
        return
    found = trained_ids(Collaborator.objects.filter(pk__in=[c.pk for c in collaborators]))
    for collaborator in collaborators:
        collaborator.is_trained = collaborator.pk in found


YES_NO = [("yes", _("yes")), ("no", _("no"))]
# The orders a list may be sorted by (the ``sort`` parameter); each ends with the primary key, so pages never overlap.
# Names in Vietnamese alphabetical order (``sort_name``, see core.collation).
SORTS = {
    "name": ("sort_name", "pk"),
    "-name": ("-sort_name", "-pk"),
    "committee": ("committee__path", "sort_name", "pk"),
    "-committee": ("-committee__path", "sort_name", "pk"),
    "status": ("status", "sort_name", "pk"),
    "-status": ("-status", "sort_name", "pk"),
    "appointed": (F("decision_date").asc(nulls_last=True), "sort_name", "pk"),
    "-appointed": (F("decision_date").desc(nulls_last=True), "sort_name", "pk"),
}


class CollaboratorFilterSet(ListFilterSet):
    """The list's filters; the queryset given is already the user's scope."""

    form_id = "collaborator-filters"
    hidden = ("sort",)

    q = SearchFilter(placeholder=_("Name, unit, phone… with or without accents"))
    committee = CommitteeSubtreeFilter(
        label=_("Committee"), help_text=_("Collaborators of this committee and all those under it.")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Collaborator.Status.choices)
    trained = django_filters.ChoiceFilter(label=_("Trained"), choices=YES_NO, method="filter_trained")
    attended = django_filters.ChoiceFilter(
        label=_("Attended the last briefing"),
        help_text=_("Present at the last held briefing they were invited to."),
        choices=YES_NO,
        method="filter_attended",
    )
    sort = django_filters.CharFilter(label=_("Sort"), method="filter_sort")

    class Meta:
        model = Collaborator
        fields = ["q", "committee", "status", "trained", "attended", "sort"]

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["name"])
        return queryset

    def filter_trained(self, queryset, name, value):
        return queryset.filter(trained() if value == "yes" else ~trained())

    def filter_attended(self, queryset, name, value):
        return queryset.filter(attended_last_briefing=value == "yes")

    def filter_sort(self, queryset, name, value):
        # Only the whitelisted orders; anything else keeps the default order rather than failing the page.
        return queryset.order_by(*SORTS.get(value, SORTS["name"]))


def collaborator_list(user, params) -> CollaboratorFilterSet:
    """The collaborators ``user`` may see, with their committee (the flags come per page), filtered by ``params``."""
    collaborators = Collaborator.objects.visible_to(user).select_related("committee").defer("search_text")
    return CollaboratorFilterSet(params or None, queryset=collaborators.order_by(*SORTS["name"]), user=user)


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
    attendance = figures_of(invitations)
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


def collaborator_overview(user, today: date, now: datetime) -> dict:
    """What a collaborator's overview shows them: their profile, their next briefing, their reports this month and
    the latest ones, the trainings they attended — their own records only (``visible_to``)."""
    collaborator = Collaborator.objects.visible_to(user).select_related("committee").first()
    upcoming = Briefing.objects.visible_to(user).filter(
        starts_at__gte=now, status__in=[Briefing.Status.SCHEDULED, Briefing.Status.POSTPONED]
    )
    reports = OpinionReport.objects.visible_to(user)
    return {
        "collaborator": collaborator,
        "next_briefing": upcoming.select_related("committee").order_by("starts_at").first(),
        "reports_this_month": reports.in_month(today).count(),
        "latest_reports": list(reports.order_by("-reported_on", "-pk")[:RECENT_REPORTS]),
        "trainings_attended": presences_at_trainings().filter(collaborator__user=user).count(),
    }
