"""Reads of study campaigns, within the reader's scope: the campaigns they organise or take part in, and each
target's steps with their state."""

from dataclasses import dataclass
from datetime import date

import django_filters
from django.utils.translation import gettext_lazy as _

from core.filters import ListFilterSet, SearchFilter
from resolutions.models import Campaign, CampaignStep, CampaignTarget, StepReport, StepStatus
from resolutions.models.campaigns import due_on, step_status


class CampaignFilterSet(ListFilterSet):
    q = SearchFilter(placeholder=_("Title"))
    year = django_filters.ChoiceFilter(label=_("Year"), field_name="starts_on__year", empty_label=_("All years"))

    class Meta:
        model = Campaign
        fields = ["q", "year"]

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(year, year) for year in years]


def campaign_list(user, params) -> CampaignFilterSet:
    campaigns = Campaign.objects.visible_to(user)
    years = [day.year for day in campaigns.order_by().dates("starts_on", "year", order="DESC")]
    return CampaignFilterSet(params or None, queryset=campaigns.select_related("committee"), user=user, years=years)


@dataclass(frozen=True)
class StepLine:
    step: CampaignStep
    due: date
    report: StepReport | None
    status: str

    @property
    def status_label(self) -> str:
        return StepStatus(self.status).label


def target_steps(target: CampaignTarget, today: date) -> list[StepLine]:
    """The steps ``target`` takes, each with its deadline, its report (and its evidence) and its state on ``today``:
    three queries."""
    campaign = target.campaign
    steps = CampaignStep.objects.filter(campaign=campaign, target_kind=target.committee.kind).order_by("order", "pk")
    reports = {
        report.step_id: report for report in StepReport.objects.filter(target=target).prefetch_related("evidence")
    }
    return [
        StepLine(step, due_on(campaign, step), reports.get(step.pk), step_status(
            due=due_on(campaign, step), report=reports.get(step.pk), today=today))
        for step in steps
    ]  # fmt: skip
