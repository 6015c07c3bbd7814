"""The reports' deadlines through the outbox: to the staff of each committee that owes a report for a period, three
days before its deadline and once it has passed (once each, from 07:00), until the report is sent.

Planning reads the periods whose deadline is near or just past, and the committees that owe them in one query each
(``selectors.owing``); what is written is decided when it is sent: a report sent in between, or a deadline moved,
sends nothing (the deadline is part of the occurrence)."""

from datetime import date, timedelta

from django.utils import timezone

from committees.models import Committee
from committees.selectors import staff_of
from notifications.kinds import Email, Kind, is_morning, new_only, to_users
from notifications.messages import absolute
from reports.models import ReportingPeriod
from reports.selectors import owing

DUE_SOON_DAYS = 3
OVERDUE_WINDOW_DAYS = 7  # a deadline passed while mail was down is still told, within a week


class ReportDeadlineEmails(Kind):
    template: str
    prefix: str

    def periods(self, today: date):
        raise NotImplementedError

    def occurrence(self, period: ReportingPeriod) -> str:
        return f"{self.prefix}{period.pk}@{period.deadline:%Y%m%d}"

    def plan(self, now):
        if not is_morning(now):
            return []
        recipients = []
        for period in self.periods(timezone.localdate(now)).select_related("committee"):
            staff = staff_of(owing(period).values("pk"))  # a subquery: tens of thousands of committees at once
            occurrence = self.occurrence(period)
            recipients += [(user, committee, occurrence) for committee, users in staff.items() for user in users]
        return new_only(self.name, to_users(recipients))

    def emails(self, deliveries, now):
        period_ids = {int(d.occurrence[len(self.prefix) :].split("@")[0]) for d in deliveries}
        periods = ReportingPeriod.objects.select_related("committee").in_bulk(period_ids)
        committees = Committee.objects.in_bulk({d.object_id for d in deliveries})
        still = {
            (period.pk, pk)
            for period in periods.values()
            for pk in owing(period).filter(pk__in=list(committees)).values_list("pk", flat=True)
        }
        emails = {}
        for delivery in deliveries:
            period = periods.get(int(delivery.occurrence[len(self.prefix) :].split("@")[0]))
            committee = committees.get(delivery.object_id)
            if (
                period is None
                or committee is None
                or delivery.user is None
                or self.occurrence(period) != delivery.occurrence  # the deadline moved: its own mail will say so
                or (period.pk, committee.pk) not in still
                or not ReportingPeriod.objects.visible_to(delivery.user).filter(pk=period.pk).exists()
            ):
                emails[delivery.pk] = None
                continue
            emails[delivery.pk] = Email(
                template=self.template,
                context={"period": period, "committee": committee, "due": period.deadline,
                         "url": absolute(period.get_absolute_url())},
            )  # fmt: skip
        return emails


class ReportDue(ReportDeadlineEmails):
    name = "report_due"
    template = "report_due"
    prefix = "due"

    def periods(self, today):
        return ReportingPeriod.objects.filter(deadline__range=(today, today + timedelta(days=DUE_SOON_DAYS)))


class ReportOverdue(ReportDeadlineEmails):
    name = "report_overdue"
    template = "report_overdue"
    prefix = "overdue"

    def periods(self, today):
        return ReportingPeriod.objects.filter(
            deadline__range=(today - timedelta(days=OVERDUE_WINDOW_DAYS), today - timedelta(days=1))
        )
