"""Reads of trainings, within the reader's scope."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilterSet, SearchFilter
from opinion.models import Training


class TrainingFilterSet(ListFilterSet):
    q = SearchFilter(placeholder=_("Title, place or trainers"))
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="starts_on__year", empty_label=_("All years"))

    class Meta:
        model = Training
        fields = ["q", "year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]


def training_list(user, params) -> TrainingFilterSet:
    """The trainings ``user`` may see (their scope's and those their ancestors held), filtered by ``params``,
    the latest first; the years offered are those trainings were held in."""
    trainings = Training.objects.visible_to(user)
    years = [day.year for day in trainings.order_by().dates("starts_on", "year", order="DESC")]
    return TrainingFilterSet(params or None, queryset=trainings.select_related("committee"), user=user, years=years)
