"""What the overview after sign-in shows staff: first what needs them, then the month, then the last twelve months.

Every number is a link to the list that holds exactly those records, and is counted through that list's own
selector and filters (``concern_list``, ``hotspot_list``, ``report_status``…), or read from the roll-up the list's
summary reads: the overview cannot say 12 where the list shows 11. Everything is read within the reader's scope.
"""

import hashlib
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django.db.models import Count
from django.db.models.functions import TruncMonth
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from committees import selectors
from committees.scoping import scope_of
from core import stamps
from core.calendar import add_months, month_days, month_start
from core.formatting import rate
from opinion.figures import briefing_figures
from opinion.models import Briefing, Concern, HotSpot
from opinion.selectors import attendance
from opinion.selectors.briefings import briefing_list
from opinion.selectors.concerns import concern_list
from opinion.selectors.hotspots import hotspot_list
from opinion.selectors.reports import report_status
from opinion.summaries import MonthlySummary, summary_for
from reports.models import Report, ReportingPeriod
from reports.selectors import obliged_committees, period_board
from reports.services import SIGNABLE
from resolutions.selectors.campaigns import CampaignDue, Cell, campaigns_due
from resolutions.selectors.study import steps_by_month

RECENT_PERIOD_DAYS = 60  # a period stays on the overview this long after its deadline
CACHE_SECONDS = 300  # the longest a figure of the branch is shown without being read again
UNRECORDED_DAYS = 7  # a briefing whose attendance is not recorded is shown this many days from its day


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
    of: int | None = None  # the whole the count is a part of (present of invited): then shown and drawn as a rate

    @property
    def rate(self) -> float | None:
        return rate(self.count, self.of) if self.of is not None else None


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
    campaigns: list[CampaignDue] = field(default_factory=list)
    summary: MonthlySummary | None = None
    concerns_month: list[Figure] = field(default_factory=list)
    briefings_month: list[Figure] = field(default_factory=list)
    concerns_trend: list[Figure] = field(default_factory=list)
    attendance_trend: list[Figure] = field(default_factory=list)
    steps_trend: list[Figure] = field(default_factory=list)


def my_concerns(user, today: date) -> list[Figure]:
    """The reader's own overdue concerns and those due within a week, from the queryset methods the list's filters
    apply (``overdue``, ``due_soon``) without building the list's form."""
    if not user.has_perm("opinion.view_concern"):
        return []
    mine = Concern.objects.visible_to(user).filter(owner=user)
    return [
        Figure(
            _("My overdue concerns"), mine.overdue(today).count(), link("opinion:concern_mine", overdue="on"), "danger"
        ),
        Figure(
            _("My concerns due within a week"),
            mine.due_soon(today).count(),
            link("opinion:concern_mine", due_soon="on"),
            "warning",
        ),
    ]


def _overdue_concerns(user) -> list[Figure]:
    if not user.has_perm("opinion.view_concern"):
        return []
    overdue = concern_list(user, {"overdue": "on"})
    return [Figure(_("Overdue concerns"), overdue.qs.count(), link("opinion:concern_list", overdue="on"), "danger")]


def _unrecorded_briefings(user, committee, today: date) -> list[Figure]:
    """Briefings of the branch begun in the last week whose attendance nobody has recorded yet."""
    if not user.has_perm("opinion.change_briefing"):
        return []
    since = today - timedelta(days=UNRECORDED_DAYS - 1)
    params = {"when": "all", "committee": committee.code, "since": f"{since:%d/%m/%Y}", "unrecorded": "on"}
    return [
        Figure(
            _("Briefings of the last week without recorded attendance"),
            briefing_list(user, params).qs.count(),
            link("opinion:briefing_list", **params),
            "warning",
        )
    ]


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
    """The overview of a staff member (bloc staff, an officer, a leader) over their scope on ``today``, every
    figure read now: the page shows the same, its branch's part from the cache (``branch_rendered``)."""
    scope = scope_of(user)
    committee = scope.committee
    if committee is None or scope.is_collaborator:
        return Overview()
    branch, own = _branch_overview(user, committee, today), _own(user, today)
    return replace(branch, attention=own["mine"] + branch.attention, to_sign=own["to_sign"])


@dataclass(frozen=True)
class Rendered:
    """The branch's part of the overview as HTML, three pieces in their places on the page."""

    lists: str = ""  # the reporting periods and campaigns waiting on the branch
    figures: str = ""  # the branch's figures that need acting on
    month_and_trends: str = ""
    needs_attention: bool = False
    charts: bool = False


def branch_rendered(user, today: date) -> Rendered:
    """The figures of the user's branch as the overview shows them, kept rendered until a write under the branch
    or above it (``core.stamps``) or for five minutes (the clock moves too: a deadline passes, a briefing begins),
    for the staff of the same committee with the same permissions reading the same language. Rendered rather than
    kept as records: the cached page then costs little more than the trivial view."""
    committee = scope_of(user).committee
    if committee is None or scope_of(user).is_collaborator:
        return Rendered()
    name = f"overview:{committee.pk}:{_permissions_key(user)}:{get_language()}:{today:%Y%m%d}"
    return stamps.cached_for(committee.path, name, lambda: _render(user, committee, today), CACHE_SECONDS)


def own_part(user, today: date) -> dict:
    """What the page shows of the reader themselves and of where they stand: their concerns due, the reports
    waiting for their signature, the committees they start from and the head counts under them. Kept as the
    branch's figures are (the same stamps, so the same writes read it again), for this reader alone: each page
    then costs no query of its own."""
    scope = scope_of(user)
    if scope.committee is None:  # the whole tree (nothing above it to stamp), or nothing at all: cheap to read
        return _own(user, today)
    name = f"overview-own:{user.pk}:{_permissions_key(user)}:{today:%Y%m%d}"
    return stamps.cached_for(scope.committee.path, name, lambda: _own(user, today), CACHE_SECONDS)


def _own(user, today: date) -> dict:
    committee = scope_of(user).committee
    return {
        "roots": list(selectors.scope_roots(user)),
        "totals": selectors.scope_totals(user),
        "mine": my_concerns(user, today),
        "to_sign": to_sign(user, committee, today) if committee else [],
    }


def _permissions_key(user) -> str:
    return hashlib.sha256(",".join(sorted(user.get_all_permissions())).encode()).hexdigest()[:16]


def _render(user, committee, today: date) -> Rendered:
    overview = _branch_overview(user, committee, today)
    context = {"overview": overview, "today": today}
    return Rendered(
        lists=mark_safe(render_to_string("reports/overview/_lists.html", context)),
        figures=mark_safe(render_to_string("reports/overview/_figures.html", context)),
        month_and_trends=mark_safe(render_to_string("reports/overview/_month_and_trends.html", context)),
        needs_attention=bool(overview.attention or overview.periods or overview.campaigns),
        charts=bool(overview.summary or overview.concerns_trend or overview.attendance_trend or overview.steps_trend),
    )


def _branch_overview(user, committee, today: date) -> Overview:
    """What every staff member of ``committee`` with the user's permissions sees: nothing of the user's own."""
    overview = Overview()
    overview.attention = (
        _overdue_concerns(user)
        + _unrecorded_briefings(user, committee, today)
        + _hotspot_figures(user)
        + _silent_collaborators(user, today)
    )
    overview.periods = _periods(user, committee, today)
    if user.has_perm("resolutions.view_campaign"):
        overview.campaigns = campaigns_due(user, committee, today)
        overview.steps_trend = _steps_trend(committee, today)
    if user.has_perm("opinion.view_opinionreport"):
        overview.summary = summary_for(user, committee, today).linked()
    if user.has_perm("opinion.view_concern"):
        overview.concerns_month, overview.concerns_trend = _concern_months(user, today)
    if user.has_perm("opinion.view_briefing"):
        overview.briefings_month, overview.attendance_trend = _briefing_months(user, committee, today)
    return overview


def to_sign(user, committee, today: date) -> list[Report]:
    """A leader's committee's reports of the recent periods waiting for their signature."""
    if not user.has_perm("reports.sign_report"):
        return []
    recent = today - timedelta(days=RECENT_PERIOD_DAYS)
    waiting = Report.objects.filter(committee=committee, status__in=SIGNABLE, period__deadline__gte=recent)
    return list(waiting.select_related("period").order_by("period__deadline", "pk"))


def _twelve_months(today: date) -> list[date]:
    first = add_months(month_start(today), -11)
    return [add_months(first, step) for step in range(12)]


def _briefing_months(user, committee, today: date) -> tuple[list[Figure], list[Figure]]:
    """This month's briefings held (of those due) and attendance, and the attendance of each of the last twelve
    months: the figures of the half-year report (``briefing_figures``) and of the attendance rates page."""
    first, last = month_days(today)
    held = briefing_figures(committee, first, last)
    month = f"{today:%Y-%m}"
    briefings = {"when": "all", "committee": committee.code, "month": month}
    months = _twelve_months(today)
    by_month = attendance.totals_by_month(committee, months[0], last)
    trend = [
        Figure(
            f"{start:%m/%Y}",
            by_month.get(start, {}).get("present", 0),
            _rates_link(committee, *month_days(start)),
            of=by_month.get(start, {}).get("invited", 0),
        )
        for start in months
    ]
    figures = [
        Figure(
            _("Briefings held"),
            held.held,
            link("opinion:briefing_list", **briefings, status=Briefing.Status.HELD),
            of=held.due,
        ),
        Figure(_("Collaborators present"), held.attended, _rates_link(committee, first, last), of=held.invited),
    ]
    return figures, trend


def _rates_link(committee, first: date, last: date) -> str:
    return link(
        "opinion:briefing_attendance_rates",
        start=f"{first:%d/%m/%Y}",
        end=f"{last:%d/%m/%Y}",
        committee=committee.code,
        by="committee",
    )


def _steps_trend(committee, today: date) -> list[Figure]:
    """Campaign steps of the branch due in each of the last twelve months, and how many were done."""
    months = _twelve_months(today)
    counted = steps_by_month(committee, months[0], month_days(today)[1])
    trend = []
    for start in months:
        month = counted.get(start, Cell())
        trend.append(Figure(f"{start:%m/%Y}", month.done, "", of=month.expected))
    return trend


def _concern_months(user, today: date) -> tuple[list[Figure], list[Figure]]:
    """This month's concerns received and resolved, and those received in each of the last twelve months (the
    twelve in one query)."""
    months = _twelve_months(today)
    received = Concern.objects.visible_to(user).received_between(months[0], month_days(today)[1]).order_by()
    by_month = dict(received.values(m=TruncMonth("received_on")).annotate(n=Count("pk")).values_list("m", "n"))
    trend = [
        Figure(f"{month:%m/%Y}", by_month.get(month, 0), link("opinion:concern_list", received=f"{month:%Y-%m}"))
        for month in months
    ]
    this_month = f"{today:%Y-%m}"
    resolved = concern_list(user, {"resolved": this_month}).qs.count()
    month = [
        Figure(_("Received this month"), trend[-1].count, trend[-1].url),
        Figure(_("Resolved this month"), resolved, link("opinion:concern_list", resolved=this_month)),
    ]
    return month, trend
