"""Reads of inspections within the reader's scope, and their figures over a subtree and a date range (a half)."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from committees.models import Committee
from core.filters import DateFilter, ListFilterSet
from resolutions.models import Inspection


class InspectionFilterSet(ListFilterSet):
    committee = CommitteeSubtreeFilter(
        label=_("Committee inspected"), help_text=_("This committee and those under it.")
    )
    planned_from = DateFilter(label=_("Planned from"), field_name="planned_on", lookup_expr="gte")
    planned_to = DateFilter(label=_("Planned to"), field_name="planned_on", lookup_expr="lte")

    class Meta:
        model = Inspection
        fields = ["committee", "planned_from", "planned_to"]


def inspection_list(user, params) -> InspectionFilterSet:
    inspections = Inspection.objects.visible_to(user).select_related("committee", "inspected_by")
    return InspectionFilterSet(params or None, queryset=inspections, user=user)


@dataclass(frozen=True)
class InspectionFigures:
    planned: int = 0  # planned in the period
    done: int = 0  # done in the period
    concluded: int = 0  # of those done, with a conclusions notice
    followed_up: int = 0  # requirements met in the period


def inspection_figures(committee: Committee, start: date, end: date) -> InspectionFigures:
    """The inspections of committees in ``committee``'s subtree between two days (both included): one query."""
    period = (start, end)
    counted = Inspection.objects.filter(committee.subtree()).aggregate(
        planned=Count("pk", filter=Q(planned_on__range=period)),
        done=Count("pk", filter=Q(done_on__range=period)),
        concluded=Count("pk", filter=Q(done_on__range=period) & ~Q(conclusion_number="")),
        followed_up=Count("pk", filter=Q(followed_up_on__range=period)),
    )
    return InspectionFigures(**counted)
