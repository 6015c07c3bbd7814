"""Reads of opinion reports, within the reader's scope.

"Who has reported in a month" is defined here once: an active collaborator the reader may see, with or without an
opinion report dated in that calendar month. The *who has reported* page and the monthly digest read it.
"""

from datetime import date

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from core.calendar import month_start
from core.filters import ListFilterSet, MonthFilter, SearchFilter
from opinion.models import Collaborator, OpinionReport, Topic

REPORT_STATES = {"reported": _("Those who have reported"), "missing": _("Those who have not reported")}


def reported_in(month: date) -> Exists:
    """For the outer collaborator: a report dated in the calendar month of ``month``."""
    return Exists(OpinionReport.objects.in_month(month).filter(collaborator=OuterRef("pk")))


def _by_state(collaborators: QuerySet, month: date, state: str) -> QuerySet:
    collaborators = collaborators.annotate(reported=reported_in(month))
    if state in REPORT_STATES:
        collaborators = collaborators.filter(reported=state == "reported")
    return collaborators


def collaborators_by_report(user, month: date, state: str = "") -> QuerySet:
    """The active collaborators ``user`` may see, each with ``reported`` (a report dated in ``month``), narrowed to
    those who have (``state="reported"``) or have not (``"missing"``) reported; any other state: all of them."""
    collaborators = Collaborator.objects.visible_to(user).active()
    return _by_state(collaborators, month, state).order_by("committee__path", "sort_name", "pk")


def collaborators_without_report(user, month: date) -> QuerySet:
    """Who has not reported in ``month``: the figure the digest counts and the page lists."""
    return collaborators_by_report(user, month, "missing")


class ReportStatusFilterSet(ListFilterSet):
    """Who has reported in a month (this one by default), of a committee's subtree."""

    form_id = "status-filters"

    month = MonthFilter(label=_("month"), method="keep")
    state = django_filters.ChoiceFilter(label=_("Show"), choices=list(REPORT_STATES.items()), empty_label=_("Everyone"),
                                        method="keep")  # fmt: skip
    committee = CommitteeSubtreeFilter(
        label=_("party committee"), help_text=_("Collaborators of this committee and of those under it.")
    )

    class Meta:
        model = Collaborator
        fields = ["month", "state", "committee"]

    def keep(self, queryset, name, value):
        return queryset  # read in filter_queryset: the month and the state make one figure

    @property
    def chosen_month(self) -> date:
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return month_start(data.get("month") or timezone.localdate())

    def filter_queryset(self, queryset):
        state = self.form.cleaned_data.get("state") or ""
        return _by_state(super().filter_queryset(queryset), self.chosen_month, state)


def report_status(user, params) -> ReportStatusFilterSet:
    """The page of who has reported: its filters bound even when empty, so that the month is always read."""
    collaborators = Collaborator.objects.visible_to(user).active().select_related("committee")
    return ReportStatusFilterSet(
        params, queryset=collaborators.order_by("committee__path", "sort_name", "pk"), user=user
    )


class ReportFilterSet(ListFilterSet):
    """The report list's filters; the summary's drill-down links fill them in."""

    form_id = "report-filters"

    q = SearchFilter()
    committee = CommitteeSubtreeFilter(
        label=_("party committee"), help_text=_("Reports of this committee and of those under it.")
    )
    month = MonthFilter(label=_("month"), method="in_month")
    topic = django_filters.ModelChoiceFilter(label=_("topic"), field_name="topics", queryset=Topic.objects.all())
    sentiment = django_filters.ChoiceFilter(label=_("sentiment"), choices=OpinionReport.Sentiment.choices)
    hot_spot = django_filters.BooleanFilter(
        label=_("possible hot spots only"), method="hot_spots", widget=forms.CheckboxInput
    )

    class Meta:
        model = OpinionReport
        fields = ["q", "committee", "month", "topic", "sentiment", "hot_spot"]

    def in_month(self, queryset, name, value):
        return queryset.in_month(value)

    def hot_spots(self, queryset, name, value):
        return queryset.filter(is_hot_spot=True) if value else queryset


def report_list(user, params) -> ReportFilterSet:
    """The reports ``user`` may see (a collaborator: their own), the latest first, filtered by ``params``."""
    reports = (
        OpinionReport.objects.visible_to(user).select_related("committee", "collaborator").prefetch_related("topics")
    )
    return ReportFilterSet(params or None, queryset=reports, user=user)
