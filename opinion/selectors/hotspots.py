"""Reads of hot spots, within the reader's scope."""

import django_filters
from django.db.models import Case, IntegerField, OuterRef, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilterSet, SearchFilter
from opinion.models import HotSpot, HotSpotFollowUp

Status, Severity = HotSpot.Status, HotSpot.Severity

# Open before monitored before resolved; the most severe first.
STATUS_RANK = Case(
    When(status=Status.OPEN, then=Value(0)),
    When(status=Status.MONITORING, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
SEVERITY_RANK = Case(
    When(severity=Severity.CRITICAL, then=Value(0)),
    When(severity=Severity.HIGH, then=Value(1)),
    When(severity=Severity.MEDIUM, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
# A subquery, not a Max() over a join: the page's count then needs no GROUP BY, and only the rows shown compute it.
LAST_FOLLOW_UP = Subquery(HotSpotFollowUp.objects.filter(hot_spot=OuterRef("pk")).order_by("-date").values("date")[:1])


class HotSpotFilterSet(ListFilterSet):
    q = SearchFilter(placeholder=_("Title or description"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=HotSpot.Status.choices, empty_label=_("All"))
    severity = django_filters.ChoiceFilter(label=_("Severity"), choices=HotSpot.Severity.choices, empty_label=_("All"))

    class Meta:
        model = HotSpot
        fields = ["q", "status", "severity"]


def hotspot_list(user, params) -> HotSpotFilterSet:
    """The hot spots ``user`` may see, filtered by ``params``: open ones first, the most severe first."""
    hot_spots = (
        HotSpot.objects.visible_to(user)
        .select_related("committee", "owner")
        .annotate(status_rank=STATUS_RANK, severity_rank=SEVERITY_RANK, last_follow_up=LAST_FOLLOW_UP)
        .order_by("status_rank", "severity_rank", "-opened_on", "-pk")
    )
    return HotSpotFilterSet(params or None, queryset=hot_spots, user=user)
