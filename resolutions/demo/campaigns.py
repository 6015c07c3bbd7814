"""Demo study campaign: the bloc's campaign on the resolutions of the 6th plenum of the 12th term, started 75 days
ago, over every committee below it that studies (by kind, at every level), with what a department sees in
practice — most steps done on time, some late, a few not applicable, the rest overdue or not due yet.
Deterministic (a random generator of its own)."""

from datetime import timedelta

from simple_history.utils import bulk_create_with_history

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.models import CampaignStep, CampaignTarget, PartyDocument, StepKind, StepReport, StudyFormat
from resolutions.models.campaigns import MEETINGS, due_on
from resolutions.services.campaign_tallies import campaign_tallies_rebuild
from resolutions.services.campaigns import campaign_start, default_steps, members_expected

BATCH = 5000
TITLE = "Nghiên cứu, học tập, quán triệt Nghị quyết Hội nghị Trung ương 6 khóa XII"
KINDS = [kind for kind in Committee.Kind.values if kind != Committee.Kind.BLOC]
NOT_APPLICABLE = ["Đơn vị đang sáp nhập, học tập cùng đơn vị tiếp nhận", "Chi bộ đã dự tại điểm cầu cấp trên"]


def seed(context: DemoContext) -> None:
    rng = context.rng("campaigns")
    root = Committee.objects.get(code=ROOT_CODE)
    documents = PartyDocument.objects.filter(committee=root, plenum="Hội nghị Trung ương 6 khóa XII")
    campaign = campaign_start(
        by=None, committee=root, title=TITLE, starts_on=context.today - timedelta(days=75), documents=documents,
        steps=default_steps(KINDS), directly_under=False,
    )  # fmt: skip
    steps = {}
    for step in CampaignStep.objects.filter(campaign=campaign):
        steps.setdefault(step.target_kind, []).append(step)
    reports = []
    targets = CampaignTarget.objects.filter(campaign=campaign).select_related("committee").order_by("pk")
    for target in targets:
        for step in steps.get(target.kind, []):
            report = _report(rng, target, step, due_on(campaign, step), context.today)
            if report is not None:
                reports.append(report)
    bulk_create_with_history(reports, StepReport, batch_size=BATCH, default_change_reason="seed_demo")
    campaign_tallies_rebuild([campaign])  # the reports were written in bulk, past the service that counts them


def _report(rng, target, step, due, today) -> StepReport | None:
    roll = rng.random()
    if roll < 0.04:
        return StepReport(target=target, step=step, not_applicable=rng.choice(NOT_APPLICABLE))
    if roll > 0.94:
        return None  # never reported: overdue once its deadline has passed
    done_on = due - timedelta(days=rng.randint(0, 10)) if roll < 0.74 else due + timedelta(days=rng.randint(1, 12))
    if done_on > today:
        return None  # not done yet: not due, or overdue
    expected = members_expected(target.committee)
    report = StepReport(
        target=target, step=step, done_on=done_on, members_expected=expected,
        format=rng.choice(StudyFormat.values), evidence_number=f"{rng.randint(10, 99)}-KH/ĐU", evidence_date=done_on,
    )  # fmt: skip
    if step.kind in MEETINGS:
        report.sessions = rng.randint(1, 3)
        report.members_studied = expected - rng.randint(0, max(0, expected // 20))
        report.attendees = report.members_studied + rng.randint(0, 10)
        report.non_members = rng.randint(0, 15)
    elif step.kind == StepKind.REFLECTIONS:
        report.reflections = expected - rng.randint(0, max(0, expected // 10))
    elif step.kind == StepKind.PUBLICITY:
        report.articles = rng.randint(1, 12)
    return report
