"""Reads of the department's activities within the reader's scope, and their figures: one definition, called by the
list, and by the half-year report and the overview to come."""

from dataclasses import dataclass
from datetime import date

import django_filters
from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from committees.models import Committee
from core.filters import DateFilter, ListFilterSet, SearchFilter
from resolutions.models import Activity, ActivityKind


class ActivityFilterSet(ListFilterSet):
    q = SearchFilter(placeholder=_("Title, description"))
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=ActivityKind.choices, empty_label=_("All kinds"))
    committee = CommitteeSubtreeFilter(label=_("Party committee"), help_text=_("This committee and those under it."))
    held_from = DateFilter(label=_("From"), field_name="held_on", lookup_expr="gte")
    held_to = DateFilter(label=_("To"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Activity
        fields = ["q", "kind", "committee", "held_from", "held_to"]


def activity_list(user, params) -> ActivityFilterSet:
    activities = Activity.objects.visible_to(user).select_related("committee")
    return ActivityFilterSet(params or None, queryset=activities, user=user)


@dataclass(frozen=True)
class ActivityFigures:
    """What the activities of one kind add up to: how many, the persons and the person-times apart (lượt), the
    sessions or classes, the articles or posts."""

    kind: str
    activities: int = 0
    participants: int = 0
    person_times: int = 0
    sessions: int = 0
    items: int = 0

    @property
    def label(self) -> str:
        return ActivityKind(self.kind).label


def figures_of(activities) -> list[ActivityFigures]:
    """Every kind's figures over ``activities`` (a queryset), in the kinds' order, those without any included: one
    query."""
    rows = {
        row["kind"]: row
        for row in activities.order_by()
        .values("kind")
        .annotate(
            activities=Count("pk"),
            participants=Sum("participants"),
            person_times=Sum("person_times"),
            sessions=Sum("sessions"),
            items=Sum("items"),
        )  # fmt: skip
    }
    return [
        ActivityFigures(kind, **{name: value for name, value in rows[kind].items() if name != "kind"})
        if kind in rows
        else ActivityFigures(kind)
        for kind in ActivityKind.values
    ]


def activity_figures(committee: Committee, start: date, end: date) -> list[ActivityFigures]:
    """The figures of ``committee``'s subtree between two days (both included): what a report counts."""
    activities = Activity.objects.filter(committee.subtree(), held_on__range=(start, end))
    return figures_of(activities)
