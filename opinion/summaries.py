"""The monthly public-opinion summary (tổng hợp dư luận xã hội tháng) of a committee's subtree: SQL aggregates only."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q

from committees.models import Committee
from opinion.models import OpinionReport, Topic

TREND_MONTHS = 12


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(month: date, count: int) -> date:
    index = month.year * 12 + month.month - 1 + count
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class Row:
    label: str
    count: int
    filter: dict = field(default_factory=dict)  # the report-list filters that show these reports

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


def monthly_summary(reports, committee: Committee, month: date) -> MonthlySummary:
    """``reports`` are the reports the reader may see; the summary covers ``committee``'s subtree in ``month``."""
    month = month_start(month)
    # The only root's subtree is every report: no filter, so the counts need no join to the committees.
    only_root = committee.depth == 1 and not Committee.objects.filter(depth=1).exclude(pk=committee.pk).exists()
    subtree = reports if only_root else reports.filter(committee__path__startswith=committee.path)
    in_month = subtree.in_month(month)
    totals = in_month.order_by().aggregate(
        total=Count("pk"),
        hot_spots=Count("pk", filter=Q(is_hot_spot=True)),
        negative=Count("pk", filter=Q(sentiment=OpinionReport.Sentiment.NEGATIVE)),
    )
    topic_counts = in_month.count_by("topics")
    sentiment_counts = in_month.count_by("sentiment")
    branch_counts = in_month.count_by_branch(committee)
    children = Committee.objects.filter(depth=committee.depth + 1, path__startswith=committee.path).only(
        "pk", "name", "path"
    )
    first = add_months(month, -(TREND_MONTHS - 1))
    monthly = subtree.monthly_counts(first, month)
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
        by_branch=sorted(
            (
                Row(c.name, branch_counts.get(c.path, 0), {"branch": c.pk})
                for c in children
                if branch_counts.get(c.path)
            ),
            key=lambda row: -row.count,
        ),
        trend=[
            Row(f"{m:%m/%Y}", monthly.get(m, 0), {"month": f"{m:%Y-%m}"})
            for m in (add_months(first, i) for i in range(TREND_MONTHS))
        ],
    )


def previous_month(today: date) -> date:
    return month_start(month_start(today) - timedelta(days=1))
