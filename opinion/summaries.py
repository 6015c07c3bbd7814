"""The monthly public-opinion summary (tổng hợp dư luận xã hội tháng) of a committee's subtree: SQL aggregates only.

Staff summaries are read from the monthly roll-up (``opinion.models.tallies``); the direct count from the reports
stays for readers who see only part of a subtree, and as the reference the roll-up is tested against.
"""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django.db.models import Count, Q, Sum
from django.urls import reverse

from committees.models import Committee
from committees.scoping import scope_of
from core.calendar import add_months, month_start
from opinion.models import OpinionReport, ReportMonth, ReportTopicMonth, Topic

TREND_MONTHS = 12


@dataclass
class Row:
    label: str
    count: int
    filter: dict = field(default_factory=dict)  # the report-list filters that show these reports
    url: str = ""  # the report list with them (``MonthlySummary.linked``)

    def share(self, total: int) -> float:
        return round(100 * self.count / total, 1) if total else 0.0


@dataclass
class MonthlySummary:
    committee: Committee
    month: date
    total: int
    hot_spots: int
    negative: int
    by_topic: list[Row]
    by_sentiment: list[Row]
    by_branch: list[Row]
    trend: list[Row]

    @property
    def trend_max(self) -> int:
        return max((row.count for row in self.trend), default=0)

    def linked(self) -> "MonthlySummary":
        """Each row given the address of the report list filtered to exactly its reports; each month of the trend
        opens that month's."""
        list_url = reverse("opinion:report_list")
        base = {"month": f"{self.month:%Y-%m}", "committee": self.committee.code}
        for row in [*self.by_topic, *self.by_sentiment, *self.by_branch]:
            row.url = f"{list_url}?{urlencode({**base, **row.filter})}"
        for row in self.trend:
            row.url = f"{list_url}?{urlencode({'committee': self.committee.code, **row.filter})}"
        return self


def summary_for(user, committee: Committee, month: date) -> MonthlySummary:
    """The summary of ``committee``'s subtree in ``month`` as ``user`` may read it.

    Staff read every report of their scope, so a committee of their scope is summarised from the monthly roll-up
    (a few rows, whatever the number of reports). Anyone who sees only some of the subtree's reports (a
    collaborator sees their own) is counted directly from the reports they may see.
    """
    scope = scope_of(user)
    whole = scope.everything or (
        scope.committee is not None and not scope.is_collaborator and committee.is_within(scope.committee)
    )
    if whole:
        return rolled_up_summary(committee, month)
    return monthly_summary(
        OpinionReport.objects.visible_to(user), committee, month, committees=Committee.objects.visible_to(user)
    )


def rolled_up_summary(committee: Committee, month: date) -> MonthlySummary:
    """Every report of ``committee``'s subtree in ``month``, read from ``ReportMonth`` and ``ReportTopicMonth``:
    five small indexed reads, the same at national scale as in a test."""
    month = month_start(month)
    first = add_months(month, -(TREND_MONTHS - 1))
    rows = ReportMonth.objects.filter(committee=committee, month=month).order_by()
    totals = rows.aggregate(
        total=Sum("reports", default=0),
        hot_spots=Sum("reports", filter=Q(is_hot_spot=True), default=0),
        negative=Sum("reports", filter=Q(sentiment=OpinionReport.Sentiment.NEGATIVE), default=0),
    )
    sentiments = dict(rows.values("sentiment").annotate(n=Sum("reports")).values_list("sentiment", "n"))
    topics = dict(
        ReportTopicMonth.objects.filter(committee=committee, month=month)
        .order_by()
        .values("topic_id")
        .annotate(n=Sum("reports"))
        .values_list("topic_id", "n")
    )
    branch_counts = dict(
        ReportMonth.objects.filter(
            month=month, committee__depth=committee.depth + 1, committee__path__startswith=committee.path
        )
        .order_by()
        .values("committee_id")
        .annotate(n=Sum("reports"))
        .values_list("committee_id", "n")
    )
    monthly = dict(
        ReportMonth.objects.filter(committee=committee, month__gte=first, month__lte=month)
        .order_by()
        .values("month")
        .annotate(n=Sum("reports"))
        .values_list("month", "n")
    )
    return _summary(
        committee,
        month,
        totals,
        topics,
        sentiments,
        [(c.code, c.name, branch_counts.get(c.pk, 0)) for c in _children(committee)],
        monthly,
    )


def monthly_summary(reports, committee: Committee, month: date, committees=None) -> MonthlySummary:
    """``reports`` are the reports the reader may see, ``committees`` the committees (all by default); the summary
    covers ``committee``'s subtree in ``month``, counted from the reports themselves."""
    month = month_start(month)
    subtree = reports.filter(committee.subtree())
    in_month = subtree.in_month(month)
    totals = in_month.order_by().aggregate(
        total=Count("pk"),
        hot_spots=Count("pk", filter=Q(is_hot_spot=True)),
        negative=Count("pk", filter=Q(sentiment=OpinionReport.Sentiment.NEGATIVE)),
    )
    branch_counts = in_month.count_by_branch(committee)
    first = add_months(month, -(TREND_MONTHS - 1))
    return _summary(
        committee,
        month,
        totals,
        in_month.count_by("topics"),
        in_month.count_by("sentiment"),
        [(c.code, c.name, branch_counts.get(c.path, 0)) for c in _children(committee, committees)],
        subtree.monthly_counts(first, month),
    )


def _children(committee: Committee, committees=None):
    """The committees right under ``committee`` (of ``committees``, all by default), in the tree's order; those
    without reports are listed too (a committee whose collaborators are silent is what the department looks for)."""
    committees = Committee.objects.all() if committees is None else committees
    return committees.children_of(committee).only("code", "name", "path").order_by("path")


def _summary(committee, month, totals, topic_counts, sentiment_counts, branches, monthly) -> MonthlySummary:
    """The summary's rows from its counts; ``branches`` are (code, name, reports) of every child, in the tree's
    order (the largest come first, equal ones stay in that order)."""
    first = add_months(month, -(TREND_MONTHS - 1))
    return MonthlySummary(
        committee=committee,
        month=month,
        total=totals["total"],
        hot_spots=totals["hot_spots"],
        negative=totals["negative"],
        by_topic=[
            Row(t.name, topic_counts.get(t.pk, 0), {"topic": t.pk})
            for t in Topic.objects.all()
            if t.is_active or topic_counts.get(t.pk)
        ],
        by_sentiment=[
            Row(label, sentiment_counts.get(value, 0), {"sentiment": value})
            for value, label in OpinionReport.Sentiment.choices
        ],
        by_branch=sorted((Row(name, n, {"committee": code}) for code, name, n in branches), key=lambda row: -row.count),
        trend=[
            Row(f"{m:%m/%Y}", monthly.get(m, 0), {"month": f"{m:%Y-%m}"})
            for m in (add_months(first, i) for i in range(TREND_MONTHS))
        ],
    )
