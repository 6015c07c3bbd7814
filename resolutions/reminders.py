"""The study campaigns' email through the outbox: to the officers of a committee taking part, a step due in three
days and a step overdue (once each); to the organiser's department, each Monday, the committees late under it.

Planning reads a short window of steps (due in the coming days, or overdue since the last week), so a tick stays
cheap with 60,000 committees taking part; the outbox's unique constraint makes planning again harmless. What is
written is decided when it is sent: a step reported in between, or a deadline moved, sends nothing.
"""

from datetime import date, timedelta

from django.utils import timezone

from committees.selectors import staff_of
from notifications.kinds import Email, Kind, is_morning, new_only, to_users
from notifications.messages import absolute
from resolutions.models import Campaign, CampaignStep, CampaignTarget, StepStatus
from resolutions.models.campaigns import due_on
from resolutions.selectors.campaigns import campaign_board, in_status, late_lines

DUE_SOON_DAYS = 3
OVERDUE_WINDOW_DAYS = 7  # a step that became overdue while mail was down is still told, within a week
FOLLOWED_DAYS = 365  # the organiser hears of a campaign's late committees for a year after its start


class StepDeadlineEmails(Kind):
    """To the staff of each committee taking part whose step is in ``status`` near its deadline."""

    template: str
    prefix: str
    status: str

    def steps(self, today: date) -> list[CampaignStep]:
        raise NotImplementedError

    def occurrence(self, step: CampaignStep) -> str:
        return f"{self.prefix}{step.pk}@{due_on(step.campaign, step):%Y%m%d}"

    def plan(self, now):
        if not is_morning(now):
            return []
        today = timezone.localdate(now)
        recipients = []
        for step in self.steps(today):
            targets = CampaignTarget.objects.filter(campaign=step.campaign, kind=step.target_kind).filter(
                in_status(step.campaign, [step], self.status, today)
            )
            committees = dict(targets.values_list("pk", "committee_id"))
            staff = staff_of(targets.values("committee_id"))  # a subquery: tens of thousands of targets at once
            occurrence = self.occurrence(step)
            recipients += [(user, pk, occurrence) for pk, committee in committees.items() for user in staff[committee]]
        return new_only(self.name, to_users(recipients))

    def emails(self, deliveries, now):
        today = timezone.localdate(now)
        targets = CampaignTarget.objects.select_related("campaign", "committee").in_bulk(
            {d.object_id for d in deliveries}
        )
        step_ids = {int(d.occurrence[len(self.prefix) :].split("@")[0]) for d in deliveries}
        steps = CampaignStep.objects.select_related("campaign").in_bulk(step_ids)
        still = self._still_in_status(targets.values(), steps.values(), today)
        emails = {}
        for delivery in deliveries:
            target = targets.get(delivery.object_id)
            step = steps.get(int(delivery.occurrence[len(self.prefix) :].split("@")[0]))
            if (
                target is None
                or step is None
                or self.occurrence(step) != delivery.occurrence  # the deadline moved: its own mail will say so
                or (target.pk, step.pk) not in still
                or delivery.user is None
                or not CampaignTarget.objects.visible_to(delivery.user).filter(pk=target.pk).exists()
            ):
                emails[delivery.pk] = None
                continue
            due = due_on(step.campaign, step)
            emails[delivery.pk] = Email(
                template=self.template,
                context={
                    "target": target,
                    "campaign": target.campaign,
                    "step": step,
                    "due": due,
                    "overdue_days": (today - due).days,
                    "url": absolute(target.get_absolute_url()),
                },
            )
        return emails

    def _still_in_status(self, targets, steps, today) -> set[tuple[int, int]]:
        """(target, step) pairs still in ``status`` now: one query per step."""
        found = set()
        for step in steps:
            ids = [target.pk for target in targets if target.kind == step.target_kind]
            if not ids:
                continue
            queryset = CampaignTarget.objects.filter(pk__in=ids).filter(
                in_status(step.campaign, [step], self.status, today)
            )
            found |= {(pk, step.pk) for pk in queryset.values_list("pk", flat=True)}
        return found


def _steps_due_between(first: date, last: date) -> list[CampaignStep]:
    """The steps whose deadline falls between two days (a deadline is its campaign's start plus its days)."""
    campaigns = Campaign.objects.filter(starts_on__lte=last, starts_on__gte=first - timedelta(days=2 * 366))
    return [
        step
        for step in CampaignStep.objects.filter(campaign__in=campaigns).select_related("campaign")
        if first <= due_on(step.campaign, step) <= last
    ]


class StepDue(StepDeadlineEmails):
    name = "campaign_step_due"
    template = "campaign_step_due"
    prefix = "due"
    status = StepStatus.NOT_DUE

    def steps(self, today):
        return _steps_due_between(today, today + timedelta(days=DUE_SOON_DAYS))


class StepOverdue(StepDeadlineEmails):
    name = "campaign_step_overdue"
    template = "campaign_step_overdue"
    prefix = "overdue"
    status = StepStatus.OVERDUE

    def steps(self, today):
        return _steps_due_between(today - timedelta(days=OVERDUE_WINDOW_DAYS), today - timedelta(days=1))


class LateCommittees(Kind):
    """Each Monday, to the organiser's staff: the committees right under the organiser with an overdue step, from
    the board each of them would see."""

    name = "campaign_late_weekly"
    template = "campaign_late_weekly"

    @staticmethod
    def occurrence(day: date) -> str:
        year, week, _weekday = day.isocalendar()
        return f"week{year}-{week:02d}"

    def plan(self, now):
        today = timezone.localdate(now)
        if today.weekday() != 0 or not is_morning(now):
            return []
        campaigns = Campaign.objects.filter(starts_on__lte=today, starts_on__gt=today - timedelta(days=FOLLOWED_DAYS))
        organisers = dict(campaigns.values_list("pk", "committee_id"))
        staff = staff_of(organisers.values())
        occurrence = self.occurrence(today)
        return new_only(
            self.name,
            to_users((user, pk, occurrence) for pk, committee in organisers.items() for user in staff[committee]),
        )

    def emails(self, deliveries, now):
        today = timezone.localdate(now)
        campaigns = Campaign.objects.select_related("committee").in_bulk({d.object_id for d in deliveries})
        emails = {}
        for delivery in deliveries:
            campaign = campaigns.get(delivery.object_id)
            if campaign is None or delivery.user is None or delivery.occurrence != self.occurrence(today):
                emails[delivery.pk] = None
                continue
            if not Campaign.objects.visible_to(delivery.user).filter(pk=campaign.pk).exists():
                emails[delivery.pk] = None
                continue
            board = campaign_board(delivery.user, campaign, campaign.committee, today=today)
            lines = late_lines(board)
            emails[delivery.pk] = (
                Email(
                    template=self.template,
                    context={
                        "campaign": campaign,
                        "lines": lines,
                        "overdue": board.total.total.overdue,
                        "url": absolute(f"{campaign.get_absolute_url()}?status={StepStatus.OVERDUE}"),
                    },
                )
                if lines
                else None
            )
        return emails
