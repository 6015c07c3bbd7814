"""Briefing attendance: its one definition, and the rates of staff read from the attendance roll-up
(``opinion.models.tallies``).

**The attendance rate** is present ÷ invited, over collaborators' invitations to held briefings, with excused,
absent and not recorded shown beside it. Staff invited are the organisers' side, and a briefing not held yet has no
attendance. ``counted`` says which invitations count and ``figures_of`` counts them; the roll-up counts the same
invitations (``opinion.services.tallies``), and every page, export and email reads one of the two.

A period (any two days) is added up from the rows of whole years and quarters, and of the days left at its edges:
``cover`` chooses, for each year and quarter, between adding its days up and taking the whole year or quarter
less the days outside the period, whichever reads fewer rows. So the year so far, a half-year or a quarter reads
about one row per committee or collaborator, where counting the invitations read one per briefing.

The figures are those of ``opinion.selectors.briefings`` counted from the invitations (which collaborators still
use, as they read their own invitations only): tests hold the two equal.
"""

from datetime import date, timedelta
from typing import NamedTuple

from django.core.paginator import Page
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Cast, TruncMonth
from django.utils import timezone

from committees.models import Committee
from committees.scoping import scope_of
from committees.selectors import scope_roots
from core.formatting import rate
from core.pagination import Paginator
from opinion.models import Briefing, Collaborator, CollaboratorAttendance, CommitteeAttendance
from opinion.models.tallies import Period
from opinion.models.trainings import Attendance

FIGURES = CommitteeAttendance.FIGURES  # invited, present, excused, absent
DAY_COST = 1 / 30  # the rows of a day, against one row of a year or quarter: about one briefing a month each
ORDERINGS = {"name": [], "rate": ["rate"], "-rate": ["-rate"]}
Term = tuple[int, str, date, date]  # sign, period, first start, last start


def counted(invitations: QuerySet) -> QuerySet:
    """The invitations an attendance rate counts: collaborators' invitations to held briefings."""
    return invitations.filter(collaborator__isnull=False, briefing__status=Briefing.Status.HELD)


def figures_of(invitations: QuerySet) -> dict:
    """Invited, present, excused, absent, not recorded and the rate among the counted ``invitations``: one
    aggregate."""
    marked = (Attendance.PRESENT, Attendance.EXCUSED, Attendance.ABSENT)
    marks = {mark.value: Count("pk", filter=Q(attendance=mark)) for mark in marked}
    return with_rate(counted(invitations).order_by().aggregate(invited=Count("pk"), **marks))


def with_rate(figures: dict) -> dict:
    """``figures`` (invited, present, excused, absent) completed with those not recorded and the rate."""
    figures["unrecorded"] = figures["invited"] - figures["present"] - figures["excused"] - figures["absent"]
    figures["rate"] = rate(figures["present"], figures["invited"])
    return figures


def rolled_up(user) -> bool:
    """Whether the user's rates come from the roll-up: staff read every invitation of their scope."""
    scope = scope_of(user)
    return scope.everything or (scope.committee is not None and not scope.is_collaborator)


# --- The period as rows ------------------------------------------------------------------------------------------


def cover(first: date, last: date, today: date) -> list[Term]:
    """Terms whose rows, added with their sign, count exactly the days ``first`` to ``last``.

    Days after ``today`` cost nothing to read (no briefing is held yet), so they are never worth a complement.
    """
    return _cover(first, last, Period.YEAR, today)[1]


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(start: date) -> date:
    return date(start.year + 1, 1, 1) if start.month == 10 else date(start.year, start.month + 3, 1)


def _segments(first: date, last: date, period: str) -> list[tuple[date, date]]:
    """The years or quarters (first and last day) that ``first`` to ``last`` overlaps."""
    if period == Period.YEAR:
        return [(date(year, 1, 1), date(year, 12, 31)) for year in range(first.year, last.year + 1)]
    segments, start = [], _quarter_start(first)
    while start <= last:
        following = _next_quarter(start)
        segments.append((start, following - timedelta(days=1)))
        start = following
    return segments


FINER = {Period.YEAR: Period.QUARTER, Period.QUARTER: Period.DAY}


def _cover(first: date, last: date, period: str, today: date) -> tuple[float, list[Term]]:
    if first > last:
        return 0.0, []
    if period == Period.DAY:
        days = max((min(last, today) - first).days + 1, 0)
        return days * DAY_COST, [(1, Period.DAY, first, last)]
    cost, terms = 0.0, []
    for segment_first, segment_last in _segments(first, last, period):
        part_first, part_last = max(first, segment_first), min(last, segment_last)
        if (part_first, part_last) == (segment_first, segment_last):
            cost += 1
            terms.append((1, period, segment_first, segment_first))
            continue
        finer = FINER[period]
        direct_cost, direct = _cover(part_first, part_last, finer, today)
        before_cost, before = _cover(segment_first, part_first - timedelta(days=1), finer, today)
        after_cost, after = _cover(part_last + timedelta(days=1), segment_last, finer, today)
        if 1 + before_cost + after_cost < direct_cost:
            cost += 1 + before_cost + after_cost
            terms.append((1, period, segment_first, segment_first))
            terms += [(-sign, p, a, b) for sign, p, a, b in before + after]
        else:
            cost += direct_cost
            terms += direct
    return cost, terms


def _rows_of(terms: list[Term], sign: int) -> Q:
    q = Q(pk__in=[])
    for term_sign, period, first, last in terms:
        if term_sign == sign:
            q |= Q(period=period, start=first) if first == last else Q(period=period, start__range=(first, last))
    return q


def _quarter_end(day: date) -> date:
    return _next_quarter(_quarter_start(day)) - timedelta(days=1)


def stretch(first: date, last: date, before: date | None, after: date | None) -> tuple[date, date]:
    """``first`` to ``last`` widened to the start and end of their year, or quarter, where no briefing was held in
    between: ``before`` and ``after`` are the nearest days with briefings outside the period (None: there is none).
    The counts are the same; the rows to read are fewer (the year so far is the year, once its last briefing is)."""
    for start in (date(first.year, 1, 1), _quarter_start(first)):
        if before is None or start > before:
            first = min(first, start)
            break
    for end in (date(last.year, 12, 31), _quarter_end(last)):
        if after is None or end < after:
            last = max(last, end)
            break
    return first, last


def in_period(rows: QuerySet, first: date, last: date) -> tuple[QuerySet, Case | None]:
    """``rows`` narrowed to the rows covering ``first`` to ``last``, and the sign (1 or -1) each one counts with;
    no sign when the period is one whole year or quarter: then each key has exactly one row and nothing is added.
    """
    days = rows.model.objects.filter(period=Period.DAY).order_by("start").values_list("start", flat=True)
    first, last = stretch(first, last, days.filter(start__lt=first).last(), days.filter(start__gt=last).first())
    terms = cover(first, last, timezone.localdate())
    if len(terms) == 1 and terms[0][0] == 1 and terms[0][1] != Period.DAY:
        return rows.filter(_rows_of(terms, 1)), None
    added, taken = _rows_of(terms, 1), _rows_of(terms, -1)
    return rows.filter(added | taken), Case(When(taken, then=Value(-1)), default=Value(1))


def _sums(sign: Case | None, prefix: str = "") -> dict:
    """The figures of a key: its rows added up with their signs."""
    if sign is None:
        return {f"n_{name}": Sum(f"{prefix}{name}") for name in FIGURES}
    return {f"n_{name}": Sum(F(f"{prefix}{name}") * sign) for name in FIGURES}


def _per_key(rows: QuerySet, keys: list[str], sign: Case | None) -> QuerySet:
    """``rows`` added up per ``keys`` (a whole key of the table with the period): with one row per key (no sign),
    its figures as they are, with no grouping at all (four times cheaper across a national bloc)."""
    rows = rows.values(*keys)
    if sign is None:
        return rows.annotate(**{f"n_{name}": F(name) for name in FIGURES})
    return rows.annotate(**_sums(sign))


def _with_rate(rows: QuerySet) -> QuerySet:
    """The rate of each row in SQL, to order by it: ``core.formatting.rate`` in the database."""
    return rows.filter(n_invited__gt=0).annotate(
        rate=Cast(F("n_present"), FloatField()) * 100.0 / Cast(F("n_invited"), FloatField())
    )


def _figures(row: dict | None) -> dict:
    """The figures of an aggregated row of the roll-up (none without invitations)."""
    return with_rate({name: (row or {}).get(f"n_{name}") or 0 for name in FIGURES})


# --- Scope -------------------------------------------------------------------------------------------------------


def _within(rows: QuerySet, user, committee: Committee | None) -> QuerySet:
    """``rows`` the user may see (the access rule), and under ``committee`` when one is chosen (from the scope)."""
    rows = rows.visible_to(user)
    return rows.filter(committee__path__startswith=committee.path) if committee is not None else rows


# --- Figures -----------------------------------------------------------------------------------------------------


def totals(user, first: date, last: date, committee: Committee | None = None) -> dict:
    """Invited, present, excused, absent, not recorded and the rate of the scope (or ``committee``'s subtree),
    read from the subtree figures of the scope's roots: a few rows whatever the size of the tree."""
    tops = [committee] if committee is not None else scope_roots(user)
    rows, sign = in_period(CommitteeAttendance.objects.filter(committee__in=tops), first, last)
    return _figures(rows.order_by().aggregate(**_sums(sign, "subtree_")))


def totals_by_month(committee: Committee, first: date, last: date) -> dict[date, dict]:
    """``totals`` of ``committee``'s subtree for each month from ``first`` to ``last`` (whole months, keyed by their
    first day), added up from the rows of days in one query: a month holds about one briefing per committee."""
    days = CommitteeAttendance.objects.filter(committee=committee, period=Period.DAY, start__range=(first, last))
    months = days.order_by().values(month=TruncMonth("start")).annotate(**_sums(None, "subtree_"))
    return {row["month"]: _figures(row) for row in months}


class Ranked(NamedTuple):
    """Rows ordered by rate, and, when each is one row of the roll-up (a whole year or quarter), those rows alone
    to count: then the page is read without adding anything up, and stops at its last row."""

    rows: QuerySet
    counted: QuerySet | None


def rates_by_committee(
    user, first: date, last: date, committee: Committee | None = None, order: str = "rate"
) -> Ranked:
    """Per committee with collaborators invited in the period: its own collaborators' figures, ordered."""
    narrow, sign = in_period(_within(CommitteeAttendance.objects.all(), user, committee), first, last)
    rows = _per_key(narrow, ["committee_id", "committee__name", "committee__path"], sign)
    rows = _with_rate(rows).order_by(*ORDERINGS.get(order, []), "committee__path")
    return Ranked(rows, narrow.filter(invited__gt=0) if sign is None else None)


def rates_by_collaborator(
    user, first: date, last: date, committee: Committee | None = None, order: str = "rate"
) -> QuerySet:
    """Per collaborator (and committee they were invited as a member of) invited in the period, ordered.

    The committees' names are not joined here (``ordered_page`` names those of one page): across a national bloc
    that join cost as much as the rest of the query.
    """
    narrow, sign = in_period(_within(CollaboratorAttendance.objects.all(), user, committee), first, last)
    rows = _per_key(narrow, ["collaborator_id", "committee_id", "collaborator__full_name", "collaborator__unit"], sign)
    rows = _with_rate(rows).order_by(
        *ORDERINGS.get(order, []), "collaborator__sort_name", "collaborator_id", "committee_id"
    )
    return Ranked(rows, narrow.filter(invited__gt=0) if sign is None else None)


def committees_with_collaborators(user, committee: Committee | None = None) -> int:
    """How many committees of the scope (under ``committee`` if chosen) have collaborators."""
    collaborators = _within(Collaborator.objects.all(), user, committee)
    return collaborators.order_by().values("committee_id").distinct().count()


def committee_figures(user, ids: list[int] | None, first: date, last: date, committee=None) -> dict[int, dict]:
    """{committee id: its own collaborators' figures} for the committees ``ids`` (one page of them), or, without
    ids, for every committee of the scope (under ``committee`` when one is chosen): one grouped query."""
    counted = CommitteeAttendance.objects.filter(committee_id__in=ids) if ids is not None else (
        _within(CommitteeAttendance.objects.all(), user, committee)
    )  # fmt: skip
    rows, sign = in_period(counted, first, last)
    rows = rows.order_by().values("committee_id").annotate(**_sums(sign))
    return {row["committee_id"]: _figures(row) for row in rows}


def collaborator_figures(user, ids: list[int] | None, first: date, last: date, committee=None) -> dict[int, dict]:
    """{collaborator id: figures} for the collaborators ``ids``, of their invitations the user may see; without
    ids, for every collaborator of the scope (under ``committee``): one grouped query."""
    people = CollaboratorAttendance.objects.filter(collaborator_id__in=ids) if ids is not None else (
        CollaboratorAttendance.objects.all()
    )  # fmt: skip
    people = _within(people, user, None if ids is not None else committee)
    rows, sign = in_period(people, first, last)
    rows = rows.order_by().values("collaborator_id").annotate(**_sums(sign))
    return {row["collaborator_id"]: _figures(row) for row in rows}


class _CountedPaginator(Paginator):
    """A paginator told its count instead of counting its rows again."""

    def __init__(self, object_list, per_page: int, count: int):
        super().__init__(object_list, per_page)
        self.__dict__["count"] = count  # the cached_property's slot


def _added_up_page(rows: QuerySet, number, per_page: int) -> tuple[list, int, Paginator]:
    """A page of rows that are added up: their number comes with them (``COUNT(*) OVER ()``), so the period is
    aggregated once, not twice."""
    rows = rows.annotate(total=Window(Count("*")))
    try:
        number = max(int(number), 1)
    except (TypeError, ValueError):
        number = 1
    fetched = list(rows[(number - 1) * per_page : number * per_page])
    if not fetched and number > 1:  # past the last page: the last page, as Paginator.get_page gives
        last = list(rows[:1])
        count = last[0]["total"] if last else 0
        number = max((count + per_page - 1) // per_page, 1)
        fetched = list(rows[(number - 1) * per_page : number * per_page])
    return fetched, number, _CountedPaginator([], per_page, fetched[0]["total"] if fetched else 0)


def ordered_page(ranked: Ranked, *, by: str, number, per_page: int) -> Page:
    """A page of ``rates_by_committee`` or ``rates_by_collaborator``, as the rates page shows its rows."""
    if ranked.counted is None:
        fetched, number, paginator = _added_up_page(ranked.rows, number, per_page)
    else:
        paginator = _CountedPaginator(ranked.rows, per_page, ranked.counted.count())
        page = paginator.get_page(number)
        fetched, number = list(page.object_list), page.number
    if by == "committee":
        shown = [
            {
                "invitee_committee_id": row["committee_id"],
                "invitee_committee__name": row["committee__name"],
                "invitee_committee__path": row["committee__path"],
                **_figures(row),
            }
            for row in fetched
        ]
    else:
        committees = Committee.objects.filter(pk__in={row["committee_id"] for row in fetched})
        names = dict(committees.values_list("pk", "name"))
        shown = [
            {
                "collaborator_id": row["collaborator_id"],
                "collaborator__full_name": row["collaborator__full_name"],
                "collaborator__unit": row["collaborator__unit"],
                "invitee_committee_id": row["committee_id"],
                "invitee_committee__name": names.get(row["committee_id"], ""),
                **_figures(row),
            }
            for row in fetched
        ]
    return Page(shown, number, paginator)
