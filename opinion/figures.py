"""The public-opinion figures of a committee's subtree over a period, for the half-year report and whatever else
shows them: collaborators, trainings, monthly briefings, opinion reports, hot spots, concerns and dialogues.

Each figure is defined here once, over the committees whose path starts with the committee's (the committee
included) and the days from ``start`` to ``end``, both included, any two days (15/12/2025 to 14/06/2026 as well as
a calendar month). The caller has checked that the reader may see the subtree: no user comes in. Each function runs
a fixed number of aggregate queries whatever the number of records.

What the subtree owns differs with what is counted, as on the pages that show it: the trainings and briefings its
committees *organised*, but the attendance of its *collaborators* (at any committee's training or briefing: the
bloc's own briefing is attended by collaborators of every branch). A briefing's day is its local day
(``settings.TIME_ZONE``), not the UTC day of ``starts_at``.

The counts come from the records through the indexes of the committee's path and of the dates, except where a
roll-up (``opinion.models.tallies``) holds them: briefing attendance is read as the attendance-rates page reads it
(``opinion.selectors.attendance.totals``), the opinion reports of whole calendar months from the monthly rows the
summary reads, the days at the edges of the period from the daily rows, and the collaborators who reported from
the days each reported on (``ReporterYear``). Either way the figure is exact for any two days, and the one the
monthly summary and the rates page show.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, When

from committees.models import Committee
from core.calendar import add_months, month_days, month_start
from core.formatting import rate
from opinion.models import (
    Briefing,
    Collaborator,
    CollaboratorStatusChange,
    Concern,
    Dialogue,
    HotSpot,
    OpinionReport,
    ReportDay,
    ReporterYear,
    ReportMonth,
    ReportTopicDay,
    ReportTopicMonth,
    Topic,
    Training,
)
from opinion.models.concerns import received_between, resolved_between
from opinion.selectors import attendance
from opinion.selectors.briefings import day_bounds
from opinion.selectors.collaborators import presences_at_trainings

# --- Collaborators -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CollaboratorFigures:
    active: int = 0  # active on the last day
    appointed: int = 0  # appointed in the period
    ended: int = 0  # ended in the period
    committees_with_active: int = 0  # committees with at least one collaborator active on the last day
    networks_established: int = 0  # committees whose first collaborator was appointed in the period


def status_on(day: date) -> Case:
    """A collaborator's status on ``day``: the present one if it began by then (or has no start recorded), else the
    one their latest change effective by then gave them (none before their appointment). The subquery runs only for
    those whose status changed after ``day``, which is few of them."""
    latest = CollaboratorStatusChange.objects.filter(collaborator=OuterRef("pk"), effective_on__lte=day)
    then = Subquery(latest.order_by("-effective_on", "-pk").values("status_to")[:1])
    return Case(When(Q(status_since__isnull=True) | Q(status_since__lte=day), then=F("status")), default=then)


def collaborator_figures(committee: Committee, start: date, end: date) -> CollaboratorFigures:
    """The subtree's collaborators active on ``end``, appointed and ended in the period, and committees with them."""
    active = Q(then=Collaborator.Status.ACTIVE)  # three queries: the collaborators, their changes, first appointments
    collaborators = Collaborator.objects.filter(committee.subtree()).annotate(then=status_on(end)).order_by()
    on_end = collaborators.aggregate(
        active=Count("pk", filter=active), committees_with_active=Count("committee", distinct=True, filter=active)
    )
    changes = CollaboratorStatusChange.objects.filter(committee.subtree("collaborator__committee")).order_by()
    appointment = Q(status_from="")  # the change a record begins with, from no status (``collaborator_create``)
    moves = changes.filter(effective_on__range=(start, end)).aggregate(
        appointed=Count("collaborator", distinct=True, filter=appointment),
        ended=Count("collaborator", distinct=True, filter=Q(status_to=Collaborator.Status.ENDED)),
    )
    # A committee's first appointment in the period: one made in it, none before it.
    earlier = CollaboratorStatusChange.objects.filter(
        appointment, effective_on__lt=start, collaborator__committee=OuterRef("collaborator__committee")
    )
    established = (
        changes.filter(appointment, effective_on__range=(start, end))
        .exclude(Exists(earlier))
        .values("collaborator__committee")
        .distinct()
        .count()
    )
    return CollaboratorFigures(**on_end, **moves, networks_established=established)


# --- Trainings ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TrainingFigures:
    trainings: int = 0  # begun in the period, organised by a committee of the subtree
    own_trainings: int = 0  # of those, organised by the committee itself (its department), not those under it
    persons: int = 0  # collaborators of the subtree present at a training begun in the period, each once
    person_times: int = 0  # their presences: one per training attended


def training_figures(committee: Committee, start: date, end: date) -> TrainingFigures:
    """Trainings the subtree began in the period; its collaborators present at any begun then: persons, person-times."""
    trainings = Training.objects.filter(committee.subtree(), starts_on__range=(start, end)).aggregate(
        trainings=Count("pk"), own_trainings=Count("pk", filter=Q(committee=committee))
    )
    presences = presences_at_trainings().filter(
        committee.subtree("collaborator__committee"), training__starts_on__range=(start, end)
    )
    counted = presences.order_by().aggregate(persons=Count("collaborator", distinct=True), person_times=Count("pk"))
    return TrainingFigures(**trainings, **counted)


# --- Monthly briefings -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BriefingFigures:
    due: int = 0  # organised by the subtree, dated in the period, not cancelled (scheduled, postponed or held)
    held: int = 0  # of those, held
    own_held: int = 0  # of those held, organised by the committee itself
    invited: int = 0  # invitations of the subtree's collaborators to briefings held in the period (any organiser)
    attended: int = 0  # of those, present
    excused: int = 0  # of those, absent with an excuse
    absent: int = 0  # of those, absent without one (the rest are not recorded)

    @property
    def attendance_rate(self) -> float | None:
        return rate(self.attended, self.invited)


def briefing_figures(committee: Committee, start: date, end: date) -> BriefingFigures:
    """Briefings the subtree organised in the period (due, held), and its collaborators' attendance at held ones."""
    first, after = day_bounds(start, end)
    briefings = Briefing.objects.filter(committee.subtree(), starts_at__gte=first, starts_at__lt=after)
    counted = briefings.exclude(status=Briefing.Status.CANCELLED).aggregate(
        due=Count("pk"),
        held=Count("pk", filter=Q(status=Briefing.Status.HELD)),
        own_held=Count("pk", filter=Q(status=Briefing.Status.HELD, committee=committee)),
    )
    # The committee is given, so no user is read: the subtree's row of the roll-up, the figure of the rates page.
    rates = attendance.totals(None, start, end, committee)
    return BriefingFigures(
        **counted, invited=rates["invited"], attended=rates["present"], excused=rates["excused"], absent=rates["absent"]
    )


# --- Opinion reports ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpinionReportFigures:
    reports: int = 0  # dated in the period, of a committee of the subtree (the reporter's when filed)
    possible_hot_spots: int = 0  # of those, flagged as a possible hot spot
    reporters: int = 0  # collaborators who filed them, each once
    by_topic: tuple[tuple[str, int], ...] = ()  # (topic name, reports): active topics and those reported on
    by_sentiment: tuple[tuple[str, int], ...] = ()  # (sentiment value, reports), in the order of the choices

    @property
    def negative(self) -> int:
        return dict(self.by_sentiment).get(OpinionReport.Sentiment.NEGATIVE, 0)


def _whole_months(start: date, end: date) -> tuple[date, date]:
    """The calendar months wholly inside ``start`` to ``end``: the first day of the first, and the first day of the
    month after the last (the same day twice when there is none)."""
    first = start if start.day == 1 else add_months(month_start(start), 1)
    after = add_months(month_start(end), 1)
    if after - timedelta(days=1) != end:
        after = month_start(end)
    return first, max(first, after)


def _by_kind(count) -> dict:
    """The aggregates of all reports, possible hot spots and each sentiment: ``count(condition)`` of each."""
    return {
        "total": count(Q()),  # not "reports": the roll-up's column
        "flagged": count(Q(is_hot_spot=True)),
        **{value: count(Q(sentiment=value)) for value in OpinionReport.Sentiment.values},
    }


def reporters_between(committee: Committee, start: date, end: date) -> int:
    """Collaborators who filed a report under the subtree from ``start`` to ``end``, each once: the rows of the
    years concerned whose days of a month meet the window's (a whole month: any day)."""
    met = Q(pk__in=[])
    edges = {}
    month = month_start(start)
    while month <= end:
        month_end = month_days(month)[1]
        first, last = max(start, month), min(end, month_end)
        column = f"month_{month.month}"
        if (first, last) == (month, month_end):
            met |= Q(year=month.year) & ~Q(**{column: 0})
        else:
            edge = f"edge_{month:%Y_%m}"
            edges[edge] = F(column).bitand(ReporterYear.bits(range(first.day, last.day + 1)))
            met |= Q(year=month.year, **{f"{edge}__gt": 0})
        month = add_months(month, 1)
    years = ReporterYear.objects.filter(committee.subtree(), year__range=(start.year, end.year))
    return years.alias(**edges).filter(met).aggregate(n=Count("collaborator", distinct=True))["n"]


def opinion_report_figures(committee: Committee, start: date, end: date) -> OpinionReportFigures:
    """Opinion reports of the subtree dated in the period: total, hot spots, reporters, by topic and by sentiment."""
    # The subtree's rows of the roll-ups: the whole months from the monthly rows (those the monthly summary reads),
    # the days at the edges from the daily ones, the reporters from the days each reported on. Six queries.
    first, after = _whole_months(start, end)
    if first == after:
        edges = Q(day__range=(start, end))
    else:
        edges = Q(day__gte=start, day__lt=first) | Q(day__gte=after, day__lte=end)
    spans = [(ReportDay, ReportTopicDay, Q(committee=committee) & edges)]
    if first < after:
        spans.append((ReportMonth, ReportTopicMonth, Q(committee=committee, month__gte=first, month__lt=after)))
    counted, topics = Counter(), Counter()
    for counts, topic_counts, rows in spans:
        totals = counts.objects.filter(rows).order_by()
        counted.update(totals.aggregate(**_by_kind(lambda condition: Sum("reports", filter=condition, default=0))))
        by_topic = topic_counts.objects.filter(rows).order_by().values("topic_id").annotate(n=Sum("reports"))
        topics.update(dict(by_topic.values_list("topic_id", "n")))
    return OpinionReportFigures(
        reports=counted["total"],
        possible_hot_spots=counted["flagged"],
        reporters=reporters_between(committee, start, end),
        by_topic=tuple((t.name, topics[t.pk]) for t in Topic.objects.all() if t.is_active or topics[t.pk]),
        by_sentiment=tuple((value, counted[value]) for value in OpinionReport.Sentiment.values),
    )


# --- Hot spots ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class HotSpotFigures:
    opened: int = 0  # opened in the period
    resolved: int = 0  # resolved in the period (and not reopened since)
    open_at_end: int = 0  # opened by the last day, not resolved by then


def hotspot_figures(committee: Committee, start: date, end: date) -> HotSpotFigures:
    """Hot spots of the subtree opened in the period, resolved in it, and still open on ``end``."""
    resolved = Q(status=HotSpot.Status.RESOLVED)
    counted = (
        HotSpot.objects.filter(committee.subtree())
        .order_by()
        .aggregate(
            opened=Count("pk", filter=Q(opened_on__range=(start, end))),
            resolved=Count("pk", filter=resolved & Q(resolved_on__range=(start, end))),
            open_at_end=Count("pk", filter=Q(opened_on__lte=end) & (~resolved | Q(resolved_on__gt=end))),
        )
    )
    return HotSpotFigures(**counted)


# --- Concerns ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConcernFigures:
    received: int = 0  # received in the period
    resolved: int = 0  # resolved conclusively in the period (not those forwarded or not accepted)
    resolved_in_time: int = 0  # of those, closed on or before their deadline
    overdue: int = 0  # open on the last day with a deadline before it

    @property
    def in_time_rate(self) -> float | None:
        return rate(self.resolved_in_time, self.resolved)


def concern_figures(committee: Committee, start: date, end: date) -> ConcernFigures:
    """Concerns of the subtree received in the period, resolved in it (and by their deadline), overdue on ``end``."""
    resolved = resolved_between(start, end)  # the concern list's "resolved in" filter reads the same
    # Open on ``end``: received by then, and open today or closed after it (``closed_on`` is the day it was closed).
    open_at_end = Q(received_on__lte=end) & (Q(status__in=Concern.OPEN_STATUSES) | Q(closed_on__gt=end))
    counted = (
        Concern.objects.filter(committee.subtree())
        .order_by()
        .aggregate(
            received=Count("pk", filter=received_between(start, end)),
            resolved=Count("pk", filter=resolved),
            resolved_in_time=Count("pk", filter=resolved & Q(closed_on__lte=F("deadline"))),
            overdue=Count("pk", filter=open_at_end & Q(deadline__lt=end)),
        )
    )
    return ConcernFigures(**counted)


# --- Dialogue sessions -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DialogueFigures:
    sessions: int = 0  # held in the period
    participants: int = 0  # their participants, added up


def dialogue_figures(committee: Committee, start: date, end: date) -> DialogueFigures:
    """Dialogue sessions of the subtree held in the period, and their participants added up."""
    counted = Dialogue.objects.filter(committee.subtree(), held_on__range=(start, end)).aggregate(
        sessions=Count("pk"), participants=Sum("participants", default=0)
    )
    return DialogueFigures(**counted)
