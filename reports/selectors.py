"""Reads of reporting periods and reports within the reader's scope."""

from dataclasses import dataclass
from datetime import date, datetime

import django_filters
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from core.filters import ListFilterSet
from core.formatting import rate
from reports.figures import SECTIONS, dig, entries
from reports.models import PeriodKind, Report, ReportingPeriod, ReportVersion


class PeriodFilterSet(ListFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Period"), choices=PeriodKind.choices, empty_label=_("Every period"))
    year = django_filters.NumberFilter(label=_("Year"), min_value=2000, max_value=2100)

    class Meta:
        model = ReportingPeriod
        fields = ["kind", "year"]


def period_list(user, params) -> PeriodFilterSet:
    periods = ReportingPeriod.objects.visible_to(user).select_related("committee")
    return PeriodFilterSet(params or None, queryset=periods, user=user)


def obliged_committees(period: ReportingPeriod):
    """The committees that write a report for ``period``: the one that opened it, and the active committees under it
    of a kind the period names (each reports to its parent)."""
    under = Q(path__startswith=period.committee.path, depth__gt=period.committee.depth, is_active=True,
              kind__in=period.obliged_kinds)  # fmt: skip
    return Committee.objects.filter(Q(pk=period.committee_id) | under)


def owing(period: ReportingPeriod):
    """The committees that write a report for ``period`` and have not sent one yet."""
    sent = Report.objects.filter(period=period, versions__sent_at__isnull=False).values("committee_id")
    return obliged_committees(period).exclude(pk__in=sent)


def own_report(user, period: ReportingPeriod, committee: Committee) -> Report | None:
    return Report.objects.visible_to(user).filter(period=period, committee=committee).first()


@dataclass(frozen=True)
class BoardRow:
    committee: Committee
    report: Report | None
    first_sent: datetime | None  # when its first version was sent
    late: bool  # sent after the deadline, or not sent and the deadline is past

    @property
    def status_label(self) -> str:
        return self.report.get_status_display() if self.report else str(_("Not started"))

    @property
    def submitted(self) -> bool:
        return self.first_sent is not None


@dataclass(frozen=True)
class Board:
    """The reports the committees under one committee owe it for a period, and how many came, and in time."""

    period: ReportingPeriod
    committee: Committee
    rows: list[BoardRow]

    @property
    def owed(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(row.submitted for row in self.rows)

    @property
    def on_time(self) -> int:
        return sum(row.submitted and not row.late for row in self.rows)

    @property
    def submission_rate(self) -> float | None:
        return rate(self.submitted, self.owed)

    @property
    def on_time_rate(self) -> float | None:
        return rate(self.on_time, self.owed)


def period_board(period: ReportingPeriod, committee: Committee, today: date) -> Board:
    """The committees right under ``committee`` that report to it for ``period`` (active, of a kind it names), with
    their reports: two queries whatever their number."""
    owing = Committee.objects.children_of(committee).filter(is_active=True, kind__in=period.obliged_kinds)
    owing = list(owing.order_by("sort_name", "pk")) if committee.path.startswith(period.committee.path) else []
    reports = Report.objects.filter(period=period, committee__in=owing).annotate(first_sent=Min("versions__sent_at"))
    by_committee = {report.committee_id: report for report in reports}
    rows = []
    for child in owing:
        report = by_committee.get(child.pk)
        sent = report.first_sent if report else None
        late = timezone.localdate(sent) > period.deadline if sent else today > period.deadline
        rows.append(BoardRow(child, report, sent, late))
    return Board(period, committee, rows)


# --- Compiling the reports received ------------------------------------------------------------------------------


def children_signed(report: Report) -> list[tuple[Report, dict | None]]:
    """The reports of the committees that report to ``report``'s committee for its period, in their names' order,
    each with the figures of its latest signed version (none while it has signed nothing)."""
    reports = Report.objects.filter(period=report.period, recipient=report.committee).select_related("committee")
    signed = ReportVersion.objects.filter(report__in=reports).exclude(figures=None).order_by("report", "-number")
    latest: dict[int, dict] = {}
    for version in signed:
        latest.setdefault(version.report_id, version.figures["current"])
    rows = sorted(reports, key=lambda each: (each.committee.sort_name, each.committee.pk))
    return [(each, latest.get(each.pk)) for each in rows]


@dataclass(frozen=True)
class CompiledLine:
    section: str
    label: str
    compiled: int  # added up from the figures the committees under it signed
    live: int  # the committee's whole subtree, read from the records now

    @property
    def difference(self) -> int:
        return self.live - self.compiled


@dataclass(frozen=True)
class Compilation:
    """A committee's figures added up from the reports the committees under it signed, beside its live figures."""

    lines: list[CompiledLine]
    signed: int  # reports received with a signed version
    owed: int  # reports the committees under it write for the period

    @property
    def differing(self) -> int:
        return sum(line.difference != 0 for line in self.lines)


def compilation(report: Report, live: dict) -> Compilation:
    """``report``'s figures compiled from its children's signed snapshots, line by line beside ``live`` (its own
    subtree's ``figures``). The live figure also counts the committee's own records and those of committees under it
    that do not report, so a difference is a question to look into, not necessarily a mistake."""
    children = children_signed(report)
    signed = [figures for _child, figures in children if figures]
    every = {"live": live, **{str(index): figures for index, figures in enumerate(signed)}}
    lines = []
    for section in SECTIONS:
        for label, path in entries(section.key, every):
            compiled = sum(dig(figures.get(section.key, {}), path) for figures in signed)
            lines.append(CompiledLine(str(section.title), label, compiled, dig(live.get(section.key, {}), path)))
    owed = obliged_committees(report.period).filter(
        path__startswith=report.committee.path, depth=report.committee.depth + 1
    )
    return Compilation(lines, len(signed), owed.count())
