"""Reads of reporting periods and reports within the reader's scope."""

import django_filters
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from core.filters import ListFilterSet
from reports.models import PeriodKind, Report, ReportingPeriod


class PeriodFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Period"), choices=PeriodKind.choices, empty_label=_("Every period"))
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = ReportingPeriod
        fields = ["kind", "year"]


def period_list(user, params) -> PeriodFilterSet:
    periods = ReportingPeriod.objects.visible_to(user).select_related("committee")
    return PeriodFilterSet(params or None, queryset=periods, user=user)


def own_report(user, period: ReportingPeriod, committee: Committee) -> Report | None:
    return Report.objects.visible_to(user).filter(period=period, committee=committee).first()
