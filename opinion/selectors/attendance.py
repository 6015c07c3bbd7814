"""Briefing attendance rates of staff, read from the attendance roll-up (``opinion.models.tallies``).

A period (any two days) is added up from the rows of whole years and quarters, and of the days left at its edges:
``cover`` chooses, for each year and quarter, between adding its days up and taking the whole year or quarter
less the days outside the period, whichever reads fewer rows. So the year so far, a half-year or a quarter reads
about one row per committee or collaborator, where counting the invitations read one per briefing.

The figures are those of ``opinion.selectors.briefings`` counted from the invitations (which collaborators still
use, as they read their own invitations only): tests hold the two equal.
"""

from datetime import date, timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When, Window
from django.db.models.functions import Cast
from django.utils import timezone

from committees.models import Committee
from committees.scoping import scope_of
from committees.selectors import scope_roots
from opinion.models import Collaborator, CollaboratorAttendance, CommitteeAttendance
from opinion.models.tallies import Period

FIGURES = CommitteeAttendance.FIGURES  # invited, present, excused, absent
DAY_COST = 1 / 30  # the rows of a day, against one row of a year or quarter: about one briefing a month each
ORDERINGS = {"name": [], "rate": ["rate"], "-rate": ["-rate"]}
Term = tuple[int, str, date, date]  # sign, period, first start, last start


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


def in_period(rows: QuerySet, first: date, last: date) -> tuple[QuerySet, Case]:
    """``rows`` narrowed to the rows covering ``first`` to ``last``, and the sign (1 or -1) each one counts with."""
    terms = cover(first, last, timezone.localdate())
    added, taken = _rows_of(terms, 1), _rows_of(terms, -1)
    return rows.filter(added | taken), Case(When(taken, then=Value(-1)), default=Value(1))


def _sums(sign: Case, prefix: str = "") -> dict:
    return {f"n_{name}": Sum(F(f"{prefix}{name}") * sign) for name in FIGURES}


def _with_rate(rows: QuerySet) -> QuerySet:
    return rows.filter(n_invited__gt=0).annotate(
        rate=Cast(F("n_present"), FloatField()) * 100.0 / Cast(F("n_invited"), FloatField())
    )


def _figures(row: dict | None) -> dict:
    """invited, present, excused, absent and the rate (None without invitations) of an aggregated row."""
    figures = {name: (row or {}).get(f"n_{name}") or 0 for name in FIGURES}
    figures["rate"] = figures["present"] * 100.0 / figures["invited"] if figures["invited"] else None
    return figures


# --- Scope -------------------------------------------------------------------------------------------------------


def _within(rows: QuerySet, user, committee: Committee | None, field: str = "committee__path") -> QuerySet:
    """``rows`` of committees in the user's scope, and under ``committee`` when one is chosen (from the scope)."""
    scope = scope_of(user)
    if not (scope.everything or scope.whole_tree):
        rows = rows.filter(**{f"{field}__startswith": scope.path})
    if committee is not None:
        rows = rows.filter(**{f"{field}__startswith": committee.path})
    return rows


# --- Figures -----------------------------------------------------------------------------------------------------


def totals(user, first: date, last: date, committee: Committee | None = None) -> dict:
    """Invited, present, excused, absent, not recorded and the rate of the scope (or ``committee``'s subtree),
    read from the subtree figures of the scope's roots: a few rows whatever the size of the tree."""
    tops = [committee] if committee is not None else scope_roots(user)
    rows, sign = in_period(CommitteeAttendance.objects.filter(committee__in=tops), first, last)
    figures = _figures(rows.order_by().aggregate(**_sums(sign, "subtree_")))
    rate = figures.pop("rate")
    figures["unrecorded"] = figures["invited"] - figures["present"] - figures["excused"] - figures["absent"]
    figures["rate"] = rate
    return figures


def rates_by_committee(
    user, first: date, last: date, committee: Committee | None = None, order: str = "rate"
) -> QuerySet:
    """Per committee with collaborators invited in the period: its own collaborators' figures, ordered."""
    rows, sign = in_period(_within(CommitteeAttendance.objects.all(), user, committee), first, last)
    rows = rows.values("committee_id", "committee__name", "committee__path").annotate(**_sums(sign))
    return _with_rate(rows).order_by(*ORDERINGS.get(order, []), "committee__path")


def rates_by_collaborator(
    user, first: date, last: date, committee: Committee | None = None, order: str = "rate"
) -> QuerySet:
    """Per collaborator (and committee they were invited as a member of) invited in the period, ordered.

    The committees' names are not joined here (``ordered_page`` names those of one page): across a national bloc
    that join cost as much as the rest of the query.
    """
    rows, sign = in_period(_within(CollaboratorAttendance.objects.all(), user, committee), first, last)
    rows = rows.values("collaborator_id", "committee_id", "collaborator__full_name", "collaborator__unit")
    rows = rows.annotate(**_sums(sign))
    return _with_rate(rows).order_by(*ORDERINGS.get(order, []), "collaborator__sort_name", "collaborator_id")


def committees_with_collaborators(user, committee: Committee | None = None) -> int:
    """How many committees of the scope (under ``committee`` if chosen) have collaborators."""
    collaborators = _within(Collaborator.objects.all(), user, committee)
    return collaborators.order_by().values("committee_id").distinct().count()


def committee_figures(user, ids: list[int], first: date, last: date) -> dict[int, dict]:
    """{committee id: its own collaborators' figures} for the committees ``ids`` (one page of them)."""
    rows, sign = in_period(CommitteeAttendance.objects.filter(committee_id__in=ids), first, last)
    rows = rows.order_by().values("committee_id").annotate(**_sums(sign))
    return {row["committee_id"]: _figures(row) for row in rows}


def collaborator_figures(user, ids: list[int], first: date, last: date) -> dict[int, dict]:
    """{collaborator id: figures} for the collaborators ``ids``, of their invitations the user may see."""
    people = _within(CollaboratorAttendance.objects.filter(collaborator_id__in=ids), user, None)
    rows, sign = in_period(people, first, last)
    rows = rows.order_by().values("collaborator_id").annotate(**_sums(sign))
    return {row["collaborator_id"]: _figures(row) for row in rows}


class _CountedPaginator(Paginator):
    """A paginator told its count (read with the page's rows) instead of counting them again."""

    def __init__(self, count: int, per_page: int):
        super().__init__([], per_page)
        self.__dict__["count"] = count  # the cached_property's slot


def ordered_page(rows: QuerySet, *, by: str, number, per_page: int) -> Page:
    """A page of ``rates_by_committee`` or ``rates_by_collaborator``, as the rates page shows its rows.

    The number of rows comes with them (``COUNT(*) OVER ()``), so the period is aggregated once, not twice.
    """
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
    paginator = _CountedPaginator(fetched[0]["total"] if fetched else 0, per_page)
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
