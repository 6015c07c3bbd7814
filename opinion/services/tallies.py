"""Keeping the report and attendance roll-ups (``opinion.models.tallies``) equal to the records they count.

Every write that changes what is counted runs inside ``reports_followed`` or ``invitations_followed``: they count
the records concerned before and after the change, in the same transaction, and move the roll-up rows by the
difference with ``UPDATE … SET n = n + delta`` (so concurrent writers add up instead of overwriting each other).
A count is moved on the record's committee and on each of its ancestors, whose rows hold their whole subtree. The
days each collaborator reported on are bits, not counts: their rows are set again from the reports.

``tallies_rebuild`` recomputes every row from the records with one grouped ``INSERT … SELECT`` per tree level;
the demo seeder and ``manage.py rebuild_opinion_tallies`` use it, and it repairs whatever went wrong.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import reduce
from operator import or_

from django.db import transaction
from django.db.models import Count, F, IntegerField, Q, QuerySet, Sum
from django.db.models.functions import (
    Cast,
    ExtractDay,
    ExtractYear,
    Power,
    Substr,
    TruncDate,
    TruncMonth,
    TruncQuarter,
    TruncYear,
)
from django.utils import timezone

from committees.models import Committee
from committees.rollups import carry_subtree, insert_select, lineages, shift, tree_depths
from core.database import analyze
from opinion.models import BriefingInvitation, Collaborator, OpinionReport
from opinion.models.briefings import Briefing
from opinion.models.tallies import (
    CollaboratorAttendance,
    CommitteeAttendance,
    Period,
    ReportDay,
    ReporterYear,
    ReportMonth,
    ReportTopicDay,
    ReportTopicMonth,
    period_starts,
)
from opinion.models.trainings import Attendance
from opinion.services.last_briefing import last_briefing_refresh

FIGURES = CommitteeAttendance.FIGURES  # invited, present, excused, absent
SUBTREE_FIGURES = tuple(f"subtree_{name}" for name in FIGURES)
REPORT_COUNTS = {"month": (ReportMonth, ReportTopicMonth), "day": (ReportDay, ReportTopicDay)}  # by span
# --- Opinion reports ---------------------------------------------------------------------------------------------


class ReportCounts:
    """What some reports add to the roll-ups: (committee, day, sentiment, hot spot) and (committee, day, topic); the
    monthly rows take them by their month."""

    def __init__(self, reports: Counter | None = None, topics: Counter | None = None):
        self.reports, self.topics = Counter(reports), Counter(topics)

    @classmethod
    def of(cls, report_ids: Iterable[int]) -> "ReportCounts":
        report_ids = list(report_ids)
        if not report_ids:
            return cls()
        reports = OpinionReport.objects.filter(pk__in=report_ids).order_by()
        counted = Counter(reports.values_list("committee_id", "reported_on", "sentiment", "is_hot_spot"))
        through = OpinionReport.topics.through.objects.filter(opinionreport_id__in=report_ids).order_by()
        topics = Counter(through.values_list("opinionreport__committee_id", "opinionreport__reported_on", "topic_id"))
        return cls(counted, topics)

    def __sub__(self, other: "ReportCounts") -> "ReportCounts":
        difference = ReportCounts(self.reports, self.topics)  # copies: a count below zero is taken away
        difference.reports.subtract(other.reports)
        difference.topics.subtract(other.topics)
        return difference


def _by_month(counted: Counter) -> Counter:
    """Counts keyed (committee, day, …) added up by (committee, month, …)."""
    months = Counter()
    for (committee_id, day, *rest), n in counted.items():
        months[(committee_id, day.replace(day=1), *rest)] += n
    return months


def _spread(counted: Counter, lineage: dict[int, list[int]]) -> dict[tuple, dict[str, int]]:
    """A count per (committee, …) spread on the committee and each of its ancestors: {(ancestor, …): {reports}}."""
    spread: dict[tuple, dict[str, int]] = defaultdict(lambda: {"reports": 0})
    for (committee_id, *rest), n in counted.items():
        if n:
            for ancestor in lineage[committee_id]:  # PROTECT: a report's committee exists
                spread[(ancestor, *rest)]["reports"] += n
    return spread


def _shift_reports(change: ReportCounts) -> None:
    committees = {key[0] for key in change.reports if change.reports[key]}
    committees |= {key[0] for key in change.topics if change.topics[key]}
    if not committees:
        return
    lineage = lineages(committees)
    shift(ReportDay, ("committee_id", "day", "sentiment", "is_hot_spot"), _spread(change.reports, lineage))
    shift(ReportTopicDay, ("committee_id", "day", "topic_id"), _spread(change.topics, lineage))
    months, topic_months = _by_month(change.reports), _by_month(change.topics)
    shift(ReportMonth, ("committee_id", "month", "sentiment", "is_hot_spot"), _spread(months, lineage))
    shift(ReportTopicMonth, ("committee_id", "month", "topic_id"), _spread(topic_months, lineage))


def _reporter_keys(report_ids: Iterable[int]) -> set[tuple[int, int, int]]:
    """(collaborator, committee, year) of each of these reports: the rows of ``ReporterYear`` they set a day in."""
    reports = OpinionReport.objects.filter(pk__in=report_ids).order_by()
    return {(who, committee, day.year) for who, committee, day in reports.values_list(
        "collaborator_id", "committee_id", "reported_on"
    )}  # fmt: skip


def _reporter_years_refresh(keys: set[tuple[int, int, int]]) -> None:
    """Set these rows of ``ReporterYear`` again from the reports. A day's bit cannot be taken away by a difference
    (another report may have been filed that day), so the rows are read again, the collaborators locked first so
    that two writers for one collaborator do not each miss the other's day."""
    if not keys:
        return
    collaborators = sorted({who for who, _committee, _year in keys})
    list(Collaborator.objects.select_for_update().filter(pk__in=collaborators).order_by("pk").values_list("pk"))
    years = {year for _who, _committee, year in keys}
    reports = OpinionReport.objects.filter(
        collaborator__in=collaborators,
        reported_on__gte=date(min(years), 1, 1),
        reported_on__lt=date(max(years) + 1, 1, 1),
    )
    days = defaultdict(set)
    for who, committee, day in reports.order_by().values_list("collaborator_id", "committee_id", "reported_on"):
        if (who, committee, day.year) in keys:
            days[(who, committee, day.year, day.month)].add(day.day)
    rows = {}
    for (who, committee, year, month), month_days in days.items():
        row = rows.setdefault(
            (who, committee, year), ReporterYear(collaborator_id=who, committee_id=committee, year=year)
        )
        setattr(row, f"month_{month}", ReporterYear.bits(month_days))
    ReporterYear.objects.bulk_create(
        rows.values(),
        update_conflicts=True,
        unique_fields=["collaborator", "committee", "year"],
        update_fields=list(ReporterYear.MONTHS),
    )
    gone = [Q(collaborator=who, committee=committee, year=year) for who, committee, year in keys - set(rows)]
    if gone:
        ReporterYear.objects.filter(reduce(or_, gone)).delete()


@contextmanager
def reports_followed(report_ids: Iterable[int] = ()) -> Iterator[set[int]]:
    """Keep the roll-ups in step with what the block does to these reports (and to those it adds to the set it
    yields): counted before, counted after, the difference moved; the days of the reporters concerned set again.
    Runs in the caller's transaction."""
    followed = set(report_ids)
    with transaction.atomic():
        before = ReportCounts.of(followed)
        reporters = _reporter_keys(followed)
        yield followed
        _shift_reports(ReportCounts.of(followed) - before)
        _reporter_years_refresh(reporters | _reporter_keys(followed))


# --- Briefing attendance -----------------------------------------------------------------------------------------


def _attendance_of(invitations: QuerySet) -> Counter:
    """{(collaborator, committee, day, attendance): invitations} among ``invitations`` counted by the roll-up:
    collaborators' invitations to held briefings, on the local day of the briefing."""
    rows = (
        invitations.filter(collaborator__isnull=False, briefing__status=Briefing.Status.HELD)
        .order_by()
        .values_list("collaborator_id", "invitee_committee_id", "briefing__starts_at", "attendance")
        .annotate(n=Count("pk"))
    )
    zone = timezone.get_default_timezone()
    counted = Counter()
    for collaborator_id, committee_id, starts_at, attendance, n in rows:
        counted[(collaborator_id, committee_id, timezone.localtime(starts_at, zone).date(), attendance)] += n
    return counted


def _figures(attendance: str, n: int) -> dict[str, int]:
    figures = {"invited": n}
    if attendance in (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT):
        figures[attendance] = n
    return figures


def _shift_attendance(change: Counter) -> None:
    change = {key: n for key, n in change.items() if n}
    if not change:
        return
    lineage = lineages({key[1] for key in change})
    people: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES, 0))
    committees: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(FIGURES + SUBTREE_FIGURES, 0))
    for (collaborator_id, committee_id, day, attendance), n in change.items():
        for period, start in period_starts(day).items():
            for name, value in _figures(attendance, n).items():
                people[(collaborator_id, committee_id, period, start)][name] += value
                committees[(committee_id, period, start)][name] += value
                for ancestor in lineage.get(committee_id, []):
                    committees[(ancestor, period, start)][f"subtree_{name}"] += value
    shift(CollaboratorAttendance, ("collaborator_id", "committee_id", "period", "start"), people)
    shift(CommitteeAttendance, ("committee_id", "period", "start"), committees)


@contextmanager
def invitations_followed(
    *,
    briefings: Iterable[int] = (),
    invitations: Iterable[int] = (),
    collaborators: Iterable[int] = (),
) -> Iterator[None]:
    """Keep the attendance roll-up in step with what the block does to the invitations of these briefings, these
    invitations and those of these collaborators: counted before, counted after, the difference moved. The
    "attended the last briefing" flag of each collaborator counted, before or after, is then worked out again."""
    which = Q(briefing_id__in=list(briefings)) | Q(pk__in=list(invitations))
    which |= Q(collaborator_id__in=list(collaborators))
    with transaction.atomic():
        before = _attendance_of(BriefingInvitation.objects.filter(which))
        yield
        after = _attendance_of(BriefingInvitation.objects.filter(which))
        concerned = {key[0] for key in before} | {key[0] for key in after}
        after.subtract(before)
        _shift_attendance(after)
        last_briefing_refresh(concerned)


# --- A committee moves -------------------------------------------------------------------------------------------


def tallies_committee_moved(*, committee: Committee, old_ancestor_ids: list[int]) -> None:
    """``committee`` (and its subtree) now hangs elsewhere: what its subtree counts leaves the ancestors it has
    left and joins the ones it has gained. Its own rows, and its subtree's, do not change."""
    moved = {"committee": committee, "old_ancestor_ids": old_ancestor_ids}
    for span in ("month", "day"):
        counts, topic_counts = REPORT_COUNTS[span]
        carry_subtree(counts, (span, "sentiment", "is_hot_spot"), ("reports",), **moved)
        carry_subtree(topic_counts, (span, "topic_id"), ("reports",), **moved)
    carry_subtree(CommitteeAttendance, ("period", "start"), SUBTREE_FIGURES, **moved)


def on_committee_moved(sender, *, committee: Committee, old_ancestor_ids: list[int], **kwargs) -> None:
    """Receives ``committees.signals.committee_moved`` (the committees app cannot call this app)."""
    tallies_committee_moved(committee=committee, old_ancestor_ids=old_ancestor_ids)


# --- Rebuilding from the records ---------------------------------------------------------------------------------


def _counts(prefix: str = "", depth_filter: Q | None = None) -> dict:
    """Count(…) of invitations, of each attendance, optionally only those matching ``depth_filter``."""

    def count(extra: Q | None) -> Count:
        condition = extra if depth_filter is None else (depth_filter & extra if extra is not None else depth_filter)
        return Count("pk", filter=condition)

    return {
        f"{prefix}invited": count(None),
        f"{prefix}present": count(Q(attendance=Attendance.PRESENT)),
        f"{prefix}excused": count(Q(attendance=Attendance.EXCUSED)),
        f"{prefix}absent": count(Q(attendance=Attendance.ABSENT)),
    }


def report_tallies_rebuild() -> None:
    """Recompute the monthly and daily report counts from the reports (two grouped INSERTs per span and tree
    level), and the days each collaborator reported on."""
    with transaction.atomic():
        for span in REPORT_COUNTS:
            report_counts_rebuild(span)
        reporter_years_rebuild()


def report_counts_rebuild(span: str) -> None:
    """Recompute the report counts of one span ("month" or "day") from the reports."""
    counts, topic_counts = REPORT_COUNTS[span]
    counts.objects.all().delete()
    topic_counts.objects.all().delete()
    through = OpinionReport.topics.through

    def first_day(field: str):
        return TruncMonth(field) if span == "month" else F(field)

    for depth in tree_depths():
        length = depth * Committee.steplen
        reports = (
            OpinionReport.objects.filter(committee__depth__gte=depth)
            .annotate(
                branch=Substr("committee__path", 1, length),
                d=first_day("reported_on"),
                s=F("sentiment"),
                h=F("is_hot_spot"),
            )
            .order_by()
            .values("branch", "d", "s", "h")
            .annotate(n=Count("pk"))
        )
        columns = ["committee", span, "sentiment", "is_hot_spot", "reports"]
        insert_select(counts, columns, "c.id, g.d, g.s, g.h, g.n", reports, by_branch=True)
        topics = (
            through.objects.filter(opinionreport__committee__depth__gte=depth)
            .annotate(
                branch=Substr("opinionreport__committee__path", 1, length),
                d=first_day("opinionreport__reported_on"),
                t=F("topic_id"),
            )
            .order_by()
            .values("branch", "d", "t")
            .annotate(n=Count("pk"))
        )
        columns = ["committee", span, "topic", "reports"]
        insert_select(topic_counts, columns, "c.id, g.d, g.t, g.n", topics, by_branch=True)
    analyze(counts, topic_counts)


def reporter_years_rebuild() -> None:
    """Set every row of ``ReporterYear`` from the reports: one grouped INSERT, each month's days added up once each
    as powers of two (the bits)."""
    ReporterYear.objects.all().delete()
    bit = Cast(Power(2, ExtractDay("reported_on") - 1), IntegerField())
    years = (
        OpinionReport.objects.annotate(who=F("collaborator_id"), member=F("committee_id"), y=ExtractYear("reported_on"))
        .order_by()
        .values("who", "member", "y")
        .annotate(
            **{
                name: Sum(bit, distinct=True, filter=Q(reported_on__month=month), default=0)
                for month, name in enumerate(ReporterYear.MONTHS, start=1)
            }
        )  # fmt: skip
    )
    columns = ["collaborator", "committee", "year", *ReporterYear.MONTHS]
    insert_select(
        ReporterYear, columns, "g.who, g.member, g.y, " + ", ".join(f"g.{n}" for n in ReporterYear.MONTHS), years
    )
    analyze(ReporterYear)


def attendance_tallies_rebuild() -> None:
    """Recompute the attendance counts from the invitations: the days (one grouped INSERT per tree level and one
    for the collaborators), then the quarters and years from the days."""
    with transaction.atomic():
        CommitteeAttendance.objects.all().delete()
        CollaboratorAttendance.objects.all().delete()
        zone = timezone.get_default_timezone()
        held = BriefingInvitation.objects.filter(collaborator__isnull=False, briefing__status=Briefing.Status.HELD)
        for depth in tree_depths():
            days = (
                held.filter(invitee_committee__depth__gte=depth)
                .annotate(
                    branch=Substr("invitee_committee__path", 1, depth * Committee.steplen),
                    day=TruncDate("briefing__starts_at", tzinfo=zone),
                )
                .order_by()
                .values("branch", "day")
                .annotate(**_counts("o_", Q(invitee_committee__depth=depth)), **_counts("s_"))
            )
            insert_select(
                CommitteeAttendance,
                ["committee", "period", "start", *FIGURES, *SUBTREE_FIGURES],
                "c.id, %s, g.day, "
                + ", ".join([*(f"g.o_{name}" for name in FIGURES), *(f"g.s_{name}" for name in FIGURES)]),
                days,
                by_branch=True,
                params=[Period.DAY],
            )
        people = (
            held.annotate(
                who=F("collaborator_id"),
                member=F("invitee_committee_id"),
                day=TruncDate("briefing__starts_at", tzinfo=zone),
            )
            .order_by()
            .values("who", "member", "day")
            .annotate(**_counts())
        )
        insert_select(
            CollaboratorAttendance,
            ["collaborator", "committee", "period", "start", *FIGURES],
            "g.who, g.member, %s, g.day, " + ", ".join(f"g.{name}" for name in FIGURES),
            people,
            params=[Period.DAY],
        )
        for period, trunc in ((Period.QUARTER, TruncQuarter), (Period.YEAR, TruncYear)):
            names = FIGURES + SUBTREE_FIGURES
            rolled = (
                CommitteeAttendance.objects.filter(period=Period.DAY)
                .annotate(who=F("committee_id"), s=trunc("start"))
                .order_by()
                .values("who", "s")
                .annotate(**{f"t_{name}": Sum(name) for name in names})
            )
            insert_select(
                CommitteeAttendance,
                ["committee", "period", "start", *names],
                "g.who, %s, g.s, " + ", ".join(f"g.t_{name}" for name in names),
                rolled,
                params=[period],
            )
            rolled = (
                CollaboratorAttendance.objects.filter(period=Period.DAY)
                .annotate(who=F("collaborator_id"), member=F("committee_id"), s=trunc("start"))
                .order_by()
                .values("who", "member", "s")
                .annotate(**{f"t_{name}": Sum(name) for name in FIGURES})
            )
            insert_select(
                CollaboratorAttendance,
                ["collaborator", "committee", "period", "start", *FIGURES],
                "g.who, g.member, %s, g.s, " + ", ".join(f"g.t_{name}" for name in FIGURES),
                rolled,
                params=[period],
            )
        analyze(CommitteeAttendance, CollaboratorAttendance)


def tallies_rebuild() -> None:
    """Recompute every roll-up row from the reports and invitations: what repairs them if anything went wrong."""
    with transaction.atomic():
        report_tallies_rebuild()
        attendance_tallies_rebuild()
