"""Reads of opinion reports, within the reader's scope.

"Who has reported in a month" is defined here once: an active collaborator the reader may see, with or without an
opinion report dated in that calendar month. The *who has reported* page and the monthly digest read it.
"""

from dataclasses import dataclass
from datetime import date

import django_filters
from django import forms
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from committees.models import Committee
from core.calendar import month_start
from core.filters import ListFilterSet, MonthFilter, SearchFilter
from core.formatting import rate
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


@dataclass(frozen=True)
class Reporting:
    """How many of the active collaborators of ``committee`` (with those under it, unless ``own``) reported."""

    committee: Committee
    collaborators: int
    reported: int
    own: bool = False  # the committee's own collaborators only, apart from those of the committees under it

    @property
    def missing(self) -> int:
        return self.collaborators - self.reported

    @property
    def rate(self) -> float | None:
        return rate(self.reported, self.collaborators)


@dataclass(frozen=True)
class ReportingTable:
    """Who has reported in ``month``, for ``committee``'s subtree as a whole and for each committee right under it."""

    committee: Committee
    month: date
    total: Reporting
    rows: list[Reporting]  # the committee's own collaborators first (when it has any), then each child


ORDERS = {"tree": _("Name"), "rate": _("Lowest rate first")}


def reporting_by_committee(user, committee: Committee, month: date, order: str = "tree") -> ReportingTable:
    """The figure of *who has reported*, counted per committee right under ``committee``: every child the user may
    see, those with no collaborator or no report included (two queries, whatever the size of the subtree)."""
    month = month_start(month)
    length = (committee.depth + 1) * Committee.steplen
    counts = (
        collaborators_by_report(user, month)
        .filter(committee__path__startswith=committee.path)
        .annotate(branch=Substr("committee__path", 1, length))
        .order_by()
        .values("branch")
        .annotate(collaborators=Count("pk"), reported=Count("pk", filter=Q(reported=True)))
    )
    by_branch = {row["branch"]: (row["collaborators"], row["reported"]) for row in counts}
    children = Committee.objects.visible_to(user).children_of(committee).order_by("sort_name", "pk")
    rows = [Reporting(child, *by_branch.get(child.path, (0, 0))) for child in children]
    if order == "rate":  # those with collaborators, the lowest rate first; those without any at the end
        rows.sort(key=lambda row: (row.rate is None, row.rate or 0))
    if committee.path in by_branch:
        rows.insert(0, Reporting(committee, *by_branch[committee.path], own=True))
    total = Reporting(committee, sum(n for n, _r in by_branch.values()), sum(r for _n, r in by_branch.values()))
    return ReportingTable(committee, month, total, rows)


class ReportStatusFilterSet(ListFilterSet):
    """Who has reported in a month (this one by default), of a committee's subtree."""

    form_id = "status-filters"

    month = MonthFilter(label=_("month"), method="keep")
    state = django_filters.ChoiceFilter(label=_("Show"), choices=list(REPORT_STATES.items()), empty_label=_("Everyone"),
                                        method="keep")  # fmt: skip
    committee = CommitteeSubtreeFilter(
        label=_("party committee"), help_text=_("Collaborators of this committee and of those under it.")
    )
    own = django_filters.BooleanFilter(
        label=_("only the committee's own collaborators"), method="own_only", widget=forms.CheckboxInput
    )

    class Meta:
        model = Collaborator
        fields = ["month", "state", "committee", "own"]

    def keep(self, queryset, name, value):
        return queryset  # read in filter_queryset: the month and the state make one figure

    def own_only(self, queryset, name, value):
        committee = self.form.cleaned_data.get("committee")
        return queryset.filter(committee=committee) if value and committee else queryset

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
