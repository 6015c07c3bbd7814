"""Reads of commendations within the reader's scope, and their figures by year up the tree: one definition, called
by the list and by the reports to come."""

from dataclasses import dataclass

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from committees.models import Committee
from core.filters import ListFilterSet, SearchFilter
from resolutions.models import Commendation, Honoree


class CommendationFilterSet(ListFilterSet):
    q = SearchFilter(placeholder=_("Name, title, citation, decision"))
    year = django_filters.ChoiceFilter(label=_("Year"), empty_label=_("All years"))
    honoree = django_filters.ChoiceFilter(label=_("Honoured"), choices=Honoree.choices, empty_label=_("Everyone"))
    committee = CommitteeSubtreeFilter(label=_("Party committee"), help_text=_("This committee and those under it."))

    class Meta:
        model = Commendation
        fields = ["q", "year", "honoree", "committee"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]


def commendation_list(user, params) -> CommendationFilterSet:
    commendations = Commendation.objects.visible_to(user).select_related("committee")
    years = sorted(set(commendations.order_by().values_list("year", flat=True).distinct()), reverse=True)
    return CommendationFilterSet(params or None, queryset=commendations, user=user, years=years)


@dataclass(frozen=True)
class CommendationFigures:
    organisations: int = 0
    members: int = 0

    @property
    def total(self) -> int:
        return self.organisations + self.members


def figures_of(commendations) -> CommendationFigures:
    """How many organisations and members ``commendations`` (a queryset) honour: one query."""
    counted = commendations.order_by().aggregate(
        organisations=Count("pk", filter=Q(honoree=Honoree.ORGANISATION)),
        members=Count("pk", filter=Q(honoree=Honoree.MEMBER)),
    )
    return CommendationFigures(**counted)


def commendation_figures(committee: Committee, year: int) -> CommendationFigures:
    """The organisations and members of ``committee``'s subtree honoured for ``year``."""
    return figures_of(Commendation.objects.filter(committee.subtree(), year=year))
