"""Reads of publications within the reader's scope."""

import django_filters
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilterSet
from resolutions.models import Honoree, Publication


class PublicationFilterSet(ListFilterSet):
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="published_on__year", empty_label=_("All years"))

    class Meta:
        model = Publication
        fields = ["year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]


def publication_list(user, params) -> PublicationFilterSet:
    """The publications ``user`` may read, each with how many organisations and members it gathers."""
    readable = Publication.objects.visible_to(user)
    years = [day.year for day in readable.order_by().dates("published_on", "year", order="DESC")]
    publications = (
        readable.select_related("committee")
        .annotate(
            organisations=Count("commendations", filter=Q(commendations__honoree=Honoree.ORGANISATION)),
            members=Count("commendations", filter=Q(commendations__honoree=Honoree.MEMBER)),
        )
        .order_by("-published_on", "-pk")  # a grouped query does not take the model's ordering
    )
    return PublicationFilterSet(params or None, queryset=publications, user=user, years=years)


def honoured_in(publication: Publication) -> dict[str, list]:
    """The commendations a book gathers, by who was honoured (organisations, members), in the tree's order: its
    page and its Word file read them alike."""
    gathered = publication.commendations.select_related("committee").order_by("committee__path", "member_name", "pk")
    parts = {honoree: [] for honoree in Honoree.values}
    for commendation in gathered:
        parts[commendation.honoree].append(commendation)
    return parts
