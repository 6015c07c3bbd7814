"""What the overview after sign-in shows staff: first what needs them, then the month, then the last twelve months.

Every number is a link to the list that holds exactly those records, and is counted through that list's own
selector and filters (``concern_list``, ``hotspot_list``, ``report_status``…), or read from the roll-up the list's
summary reads: the overview cannot say 12 where the list shows 11. Everything is read within the reader's scope.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from committees.scoping import scope_of
from core.calendar import add_months, month_days, month_start
from opinion.models import Concern, HotSpot
from opinion.selectors.concerns import concern_list
from opinion.selectors.hotspots import hotspot_list
from opinion.selectors.reports import report_status
from opinion.summaries import MonthlySummary, summary_for
from reports.models import Report, ReportingPeriod
from reports.selectors import obliged_committees, period_board
from reports.services import SIGNABLE

RECENT_PERIOD_DAYS = 60  # a period stays on the overview this long after its deadline


def link(name: str, args=(), **params) -> str:
    """The address of a list with its filters."""
    url = reverse(name, args=args)
    return f"{url}?{urlencode(params)}" if params else url


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    url: str
    tone: str = ""  # "danger" or "warning" when it needs acting on


@dataclass(frozen=True)
class PeriodDue:
    """A reporting period the reader's committee owes a report for, or receives reports in."""

    period: ReportingPeriod
    report: Report | None  # the committee's own, once started
    owes: bool  # the committee writes a report for it
    late_children: int  # committees under it whose report is late (not sent by the deadline)
    owed_by_children: int


@dataclass
class Overview:
    attention: list[Figure] = field(default_factory=list)
    periods: list[PeriodDue] = field(default_factory=list)
    to_sign: list[Report] = field(default_factory=list)
    summary: MonthlySummary | None = None
    concerns_month: list[Figure] = field(default_factory=list)
    concerns_trend: list[Figure] = field(default_factory=list)


def _concern_figures(user, today: date) -> list[Figure]:
    figures = []
    if user.has_perm("opinion.view_concern"):
        mine = concern_list(user, {"overdue": "on"}, narrow=lambda concerns: concerns.filter(owner=user))
        overdue = concern_list(user, {"overdue": "on"})
        figures += [
            Figure(_("My overdue concerns"), mine.qs.count(), link("opinion:concern_mine", overdue="on"), "danger"),
            Figure(_("Overdue concerns"), overdue.qs.count(), link("opinion:concern_list", overdue="on"), "danger"),
        ]
    return figures


def _hotspot_figures(user) -> list[Figure]:
    """Hot spots still open, one figure per severity, the most severe first (one query)."""
    if not user.has_perm("opinion.view_hotspot"):
        return []
    open_ones = hotspot_list(user, {"status": HotSpot.Status.OPEN}).qs
    counted = dict(open_ones.order_by().values("severity").annotate(n=Count("pk")).values_list("severity", "n"))
    tones = {HotSpot.Severity.CRITICAL: "danger", HotSpot.Severity.HIGH: "warning"}
    return [
        Figure(
            _("Open hot spots, %(severity)s") % {"severity": label},
            counted.get(value, 0),
            link("opinion:hotspot_list", status=HotSpot.Status.OPEN, severity=value),
            tones.get(value, ""),
        )
        for value, label in reversed(HotSpot.Severity.choices)
    ]


def _silent_collaborators(user, today: date) -> list[Figure]:
    if not user.has_perm("opinion.view_collaborator"):
        return []
    month = f"{today:%Y-%m}"
    missing = report_status(user, {"month": month, "state": "missing"})
    return [
        Figure(
            _("Collaborators who have not reported this month"),
            missing.qs.count(),
            link("opinion:report_status", month=month, state="missing"),
            "warning",
        )
    ]


def _periods(user, committee, today: date) -> list[PeriodDue]:
    """The periods of the last weeks and to come that the committee reports for or receives reports in."""
    recent = ReportingPeriod.objects.visible_to(user).filter(deadline__gte=today - timedelta(days=RECENT_PERIOD_DAYS))
    shown = []
    for period in recent.select_related("committee").order_by("deadline", "pk")[:3]:
        owes = obliged_committees(period).filter(pk=committee.pk).exists()
        report = Report.objects.filter(period=period, committee=committee).first() if owes else None
        board = period_board(period, committee, today)
        late = sum(row.late and not row.submitted for row in board.rows)
        if owes or board.rows:
            shown.append(PeriodDue(period, report, owes, late, board.owed))
    return shown


def staff_overview(user, today: date) -> Overview:
    """The overview of a staff member (bloc staff, an officer, a leader) over their scope on ``today``."""
    scope = scope_of(user)
    committee = scope.committee
    overview = Overview()
    if committee is None or scope.is_collaborator:
        return overview
    overview.attention = _concern_figures(user, today) + _hotspot_figures(user) + _silent_collaborators(user, today)
    overview.periods = _periods(user, committee, today)
    if user.has_perm("reports.sign_report"):
        recent = today - timedelta(days=RECENT_PERIOD_DAYS)
        waiting = Report.objects.filter(committee=committee, status__in=SIGNABLE, period__deadline__gte=recent)
        overview.to_sign = list(waiting.select_related("period").order_by("period__deadline", "pk"))
    if user.has_perm("opinion.view_opinionreport"):
        overview.summary = summary_for(user, committee, today).linked()
    if user.has_perm("opinion.view_concern"):
        overview.concerns_month, overview.concerns_trend = _concern_months(user, today)
    return overview


def _concern_months(user, today: date) -> tuple[list[Figure], list[Figure]]:
    """This month's concerns received and resolved, and those received in each of the last twelve months (the
    twelve in one query)."""
    first = add_months(month_start(today), -11)
    received = Concern.objects.visible_to(user).received_between(first, month_days(today)[1]).order_by()
    by_month = dict(received.values(m=TruncMonth("received_on")).annotate(n=Count("pk")).values_list("m", "n"))
    trend = []
    for step in range(12):
        month = add_months(first, step)
        url = link("opinion:concern_list", received=f"{month:%Y-%m}")
        trend.append(Figure(f"{month:%m/%Y}", by_month.get(month, 0), url))
    this_month = f"{today:%Y-%m}"
    resolved = concern_list(user, {"resolved": this_month}).qs.count()
    month = [
        Figure(_("Received this month"), trend[-1].count, trend[-1].url),
        Figure(_("Resolved this month"), resolved, link("opinion:concern_list", resolved=this_month)),
    ]
    return month, trend
