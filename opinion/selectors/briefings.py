"""Reads of monthly briefings, always within the reader's scope; figures are SQL aggregates."""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import django_filters
from django import forms
from django.core.paginator import Page
from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Window
from django.db.models.functions import Cast, RowNumber, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.filters import CommitteeSubtreeFilter
from committees.models import Committee
from core.calendar import month_days
from core.filters import DateFilter, ListFilterSet, MonthFilter
from core.pagination import Paginator
from opinion.models import Briefing, BriefingInvitation, Collaborator
from opinion.models.trainings import Attendance
from opinion.selectors import attendance
from opinion.services.briefings import local_zone

CALENDAR_PER_DAY = 4  # briefings shown in a day's cell; the rest are counted and linked


def meeting_headcount(invitations: QuerySet) -> dict:
    """Everyone invited to one meeting and how they attended, staff included: the minutes' record of who came.
    Not the attendance rate (``attendance.figures_of``), which counts the collaborators' invitations only."""
    return invitations.order_by().aggregate(
        invited=Count("pk"),
        present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
        excused=Count("pk", filter=Q(attendance=Attendance.EXCUSED)),
        absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
    )


def with_invitation_counts(briefings: list[Briefing], user) -> list[Briefing]:
    """Attach ``invited`` and ``present`` (the invitations the user may see) to each briefing, in one query."""
    counts = {
        row["briefing_id"]: row
        for row in BriefingInvitation.objects.visible_to(user)
        .filter(briefing_id__in=[b.pk for b in briefings])
        .order_by()
        .values("briefing_id")
        .annotate(invited=Count("pk"), present=Count("pk", filter=Q(attendance=Attendance.PRESENT)))
    }
    for briefing in briefings:
        row = counts.get(briefing.pk, {})
        briefing.invited, briefing.present = row.get("invited", 0), row.get("present", 0)
    return briefings


def organised_within(briefings: QuerySet, committee: Committee | None) -> QuerySet:
    """The briefings organised by ``committee`` or a committee under it (all of them without a committee)."""
    return briefings.filter(committee__path__startswith=committee.path) if committee is not None else briefings


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """The aware instants from the start of ``first`` to the end of ``last``, local time."""
    zone = local_zone()
    return (
        datetime.combine(first, datetime.min.time()).replace(tzinfo=zone),
        datetime.combine(last + timedelta(days=1), datetime.min.time()).replace(tzinfo=zone),
    )


@dataclass
class Day:
    day: date
    in_month: bool
    is_today: bool
    briefings: list = field(default_factory=list)
    total: int = 0

    @property
    def more(self) -> int:
        return self.total - len(self.briefings)


def calendar_month(user, month: date, committee: Committee | None = None, today: date | None = None) -> list[list[Day]]:
    """The weeks (Monday first) of ``month`` with the briefings the user may see on each day.

    Two queries whatever the number of briefings: the first few of each day (own and issuing committees first,
    by a window function) and the number per day.
    """
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    start, end = day_bounds(weeks[0][0], weeks[-1][-1])
    zone = local_zone()
    visible = organised_within(Briefing.objects.visible_to(user), committee)
    visible = visible.filter(starts_at__gte=start, starts_at__lt=end)
    local_day = TruncDate("starts_at", tzinfo=zone)
    totals = {
        row["day"]: row["n"] for row in visible.order_by().annotate(day=local_day).values("day").annotate(n=Count("pk"))
    }
    shown = (
        visible.annotate(
            day=local_day,
            rank=Window(RowNumber(), partition_by=[local_day], order_by=[F("committee__depth"), "starts_at", "pk"]),
        )
        .filter(rank__lte=CALENDAR_PER_DAY)
        .select_related("committee")
        .order_by("starts_at", "committee__depth", "pk")
    )
    by_day: dict[date, list] = {}
    for briefing in shown:
        by_day.setdefault(briefing.day, []).append(briefing)
    return [
        [Day(d, d.month == month.month, d == today, by_day.get(d, []), totals.get(d, 0)) for d in week]
        for week in weeks
    ]


def _held_invitations(user, first: date, last: date, committee: Committee | None = None) -> QuerySet:
    start, end = day_bounds(first, last)
    invitations = attendance.counted(BriefingInvitation.objects.visible_to(user)).filter(
        briefing__starts_at__gte=start, briefing__starts_at__lt=end
    )
    if committee is not None:
        invitations = invitations.filter(invitee_committee__path__startswith=committee.path)
    return invitations.order_by()


def _rates(rows: QuerySet) -> QuerySet:
    return rows.annotate(
        invited=Count("pk"),
        present=Count("pk", filter=Q(attendance=Attendance.PRESENT)),
        excused=Count("pk", filter=Q(attendance=Attendance.EXCUSED)),
        absent=Count("pk", filter=Q(attendance=Attendance.ABSENT)),
    ).annotate(rate=Cast(F("present"), FloatField()) * 100.0 / Cast(F("invited"), FloatField()))


ORDERINGS = {"name": [], "rate": ["rate"], "-rate": ["-rate"]}


def attendance_rates_by_collaborator(
    user, first: date, last: date, committee: Committee | None = None, order: str = "name"
) -> QuerySet:
    """Per collaborator: the held briefings of the period they were invited to, and how they attended."""
    rows = _rates(  # a row per committee the collaborator was invited as a member of (two may share a name)
        _held_invitations(user, first, last, committee).values(
            "collaborator_id",
            "collaborator__full_name",
            "collaborator__unit",
            "invitee_committee_id",
            "invitee_committee__name",
        )
    )
    ordering = [*ORDERINGS.get(order, []), "collaborator__sort_name", "collaborator_id", "invitee_committee_id"]
    return rows.order_by(*ordering)


def attendance_rates_by_committee(
    user, first: date, last: date, committee: Committee | None = None, order: str = "name"
) -> QuerySet:
    """Per committee: its collaborators' invitations to held briefings of the period, and how they attended."""
    rows = _rates(
        _held_invitations(user, first, last, committee).values(
            "invitee_committee_id", "invitee_committee__name", "invitee_committee__path"
        )
    )
    return rows.order_by(*ORDERINGS.get(order, []), "invitee_committee__path")


def attendance_rates_page(
    user,
    first: date,
    last: date,
    *,
    by: str,
    committee: Committee | None = None,
    order: str = "name",
    number=None,
    per_page: int = 50,
) -> Page:
    """One page of attendance rates, per collaborator or per committee.

    In name order the page is taken first (the collaborators, or the committees with collaborators, the user may
    see) and only its rows are aggregated, so that the page costs the same for an officer and for the whole bloc.
    Ordering by rate needs every row's figures: then the whole scope and period is aggregated. Staff figures are
    read from the attendance roll-up (``opinion.selectors.attendance``), a collaborator's from their invitations.
    """
    rolled_up = attendance.rolled_up(user)
    if order in ("rate", "-rate") and rolled_up:
        by_rate = attendance.rates_by_committee if by == "committee" else attendance.rates_by_collaborator
        ranked = by_rate(user, first, last, committee, order)
        return attendance.ordered_page(ranked, by=by, number=number, per_page=per_page)
    if order in ("rate", "-rate"):
        rows = (attendance_rates_by_committee if by == "committee" else attendance_rates_by_collaborator)(
            user, first, last, committee, order
        )
        return Paginator(rows, per_page).get_page(number)
    if by == "committee":
        committees = Committee.objects.visible_to(user).filter(
            Exists(Collaborator.objects.filter(committee=OuterRef("pk")))
        )
        if committee is not None:
            committees = committees.filter(path__startswith=committee.path)
        paginator = Paginator(committees.only("pk", "name").order_by("sort_name", "pk"), per_page)
        if rolled_up:  # counted from the collaborators' committee index, not by probing every committee
            paginator.count = attendance.committees_with_collaborators(user, committee)
        page = paginator.get_page(number)
        ids = [c.pk for c in page.object_list]
        if rolled_up:
            by_id = attendance.committee_figures(user, ids, first, last)
        else:
            counted = _rates(
                _held_invitations(user, first, last).filter(invitee_committee_id__in=ids).values("invitee_committee_id")
            )
            by_id = {row["invitee_committee_id"]: row for row in counted}
        page.object_list = [
            _row(by_id.get(c.pk), invitee_committee_id=c.pk, invitee_committee__name=c.name) for c in page.object_list
        ]
        return page
    collaborators = Collaborator.objects.visible_to(user).select_related("committee")
    if committee is not None:
        collaborators = collaborators.filter(committee__path__startswith=committee.path)
    collaborators = collaborators.only("pk", "full_name", "unit", "committee__name").order_by("sort_name", "pk")
    page = Paginator(collaborators, per_page).get_page(number)
    ids = [c.pk for c in page.object_list]
    if rolled_up:
        by_id = attendance.collaborator_figures(user, ids, first, last)
    else:
        counted = _rates(_held_invitations(user, first, last).filter(collaborator_id__in=ids).values("collaborator_id"))
        by_id = {row["collaborator_id"]: row for row in counted}
    page.object_list = [
        _row(
            by_id.get(c.pk),
            collaborator_id=c.pk,
            collaborator__full_name=c.full_name,
            collaborator__unit=c.unit,
            invitee_committee__name=c.committee.name,
        )
        for c in page.object_list
    ]
    return page


def attendance_rate_rows(user, first: date, last: date, *, by: str, committee: Committee | None = None):
    """Every row of the rates page in name order (an export's rows), in three queries whatever their number: the
    collaborators (or committees with collaborators) as they come, and their figures counted at once."""
    rolled_up = attendance.rolled_up(user)
    if by == "committee":
        committees = Committee.objects.visible_to(user).filter(
            Exists(Collaborator.objects.filter(committee=OuterRef("pk")))
        )
        if committee is not None:
            committees = committees.filter(path__startswith=committee.path)
        if rolled_up:
            by_id = attendance.committee_figures(user, None, first, last, committee)
        else:
            counted = _rates(_held_invitations(user, first, last, committee).values("invitee_committee_id"))
            by_id = {row["invitee_committee_id"]: row for row in counted}
        for c in committees.only("pk", "name").order_by("sort_name", "pk").iterator(chunk_size=2000):
            yield _row(by_id.get(c.pk), invitee_committee_id=c.pk, invitee_committee__name=c.name)
        return
    collaborators = Collaborator.objects.visible_to(user).select_related("committee")
    if committee is not None:
        collaborators = collaborators.filter(committee__path__startswith=committee.path)
    if rolled_up:
        by_id = attendance.collaborator_figures(user, None, first, last)  # as the page: the scope, not the branch
    else:
        counted = _rates(_held_invitations(user, first, last, committee).values("collaborator_id"))
        by_id = {row["collaborator_id"]: row for row in counted}
    rows = collaborators.only("pk", "full_name", "unit", "committee__name").order_by("sort_name", "pk")
    for c in rows.iterator(chunk_size=2000):
        yield _row(
            by_id.get(c.pk),
            collaborator_id=c.pk,
            collaborator__full_name=c.full_name,
            collaborator__unit=c.unit,
            invitee_committee__name=c.committee.name,
        )


def _row(counted: dict | None, **names) -> dict:
    figures = {"invited": 0, "present": 0, "excused": 0, "absent": 0, "rate": None}
    if counted:
        figures.update({key: counted[key] for key in figures})
    return {**names, **figures}


def attendance_totals(user, first: date, last: date, committee: Committee | None = None) -> dict:
    """The attendance figures of the user's scope (or ``committee``'s subtree) over ``first`` to ``last``: the
    figure every page, export and email shows, from the roll-up for staff, from the invitations otherwise."""
    if attendance.rolled_up(user):
        return attendance.totals(user, first, last, committee)
    return attendance.figures_of(_held_invitations(user, first, last, committee))


class BriefingFilterSet(ListFilterSet):
    """The briefings of the list: upcoming (the default), past or all, of a branch, in a status, a year or a day."""

    form_id = "briefing-filters"
    hidden = ("when",)
    WHEN = [("upcoming", _("Upcoming")), ("past", _("Past")), ("all", _("All"))]

    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN, method="keep")
    committee = CommitteeSubtreeFilter(
        label=_("Organising committee"), help_text=_("Briefings of this committee and of those under it.")
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Briefing.Status.choices, empty_label=_("any"))
    year = django_filters.NumberFilter(label=_("Year"), method="in_year", min_value=2000, max_value=2100)
    on = DateFilter(label=_("Day"), method="on_day")
    month = MonthFilter(label=_("Month"), method="in_month")
    since = DateFilter(label=_("Since"), method="since_day")
    unrecorded = django_filters.BooleanFilter(
        label=_("attendance not recorded"), method="filter_unrecorded", widget=forms.CheckboxInput
    )

    class Meta:
        model = Briefing
        fields = ["when", "committee", "status", "year", "month", "on", "since", "unrecorded"]

    def keep(self, queryset, name, value):
        return queryset  # the tabs: read in filter_queryset with the order they bring

    def in_year(self, queryset, name, value):
        start, end = day_bounds(date(int(value), 1, 1), date(int(value), 12, 31))
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)

    def on_day(self, queryset, name, value):
        start, end = day_bounds(value, value)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)

    def in_month(self, queryset, name, value):
        start, end = day_bounds(*month_days(value))
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)

    def since_day(self, queryset, name, value):
        start, _end = day_bounds(value, value)
        return queryset.filter(starts_at__gte=start)

    def filter_unrecorded(self, queryset, name, value):
        return queryset.unrecorded(timezone.now()) if value else queryset

    @property
    def when_chosen(self) -> str:
        """The tab shown: as asked, else all of them for a year or a day, else the upcoming ones."""
        data = self.form.cleaned_data if self.form.is_valid() else {}
        return data.get("when") or ("all" if data.get("on") or data.get("year") else "upcoming")

    def filter_queryset(self, queryset):
        briefings = super().filter_queryset(queryset)
        today_start, _end = day_bounds(timezone.localdate(), timezone.localdate())
        if self.when_chosen == "upcoming":
            return briefings.filter(starts_at__gte=today_start).order_by("starts_at", "committee__path", "pk")
        if self.when_chosen == "past":
            briefings = briefings.filter(starts_at__lt=today_start)
        return briefings.order_by("-starts_at", "committee__path", "pk")


def briefing_list(user, params) -> BriefingFilterSet:
    """The briefings ``user`` may see (their scope's and those their ancestors invite them to)."""
    return BriefingFilterSet(params, queryset=Briefing.objects.visible_to(user).select_related("committee"), user=user)
