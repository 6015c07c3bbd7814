"""Demo study campaigns of the bloc: on the resolutions of the 5th plenum of the 12th term (2017, over the committees
right under the bloc, long finished: nearly every step done, some late) and of the 6th plenum, started 75 days ago
over every committee below the bloc that studies (by kind, at every level), with what a department sees in
practice — most steps done on time, some late, a few not applicable, the rest overdue or not due yet, and the
urgings the department logged. Deterministic (a random generator of its own)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from simple_history.utils import bulk_create_with_history

from committees.demo import ROOT_CODE, DemoContext
from committees.models import Committee
from resolutions.models import CampaignStep, CampaignTarget, PartyDocument, StepKind, StepReport, StudyFormat, Urging
from resolutions.models.campaigns import MEETINGS, due_on
from resolutions.selectors.campaigns import campaign_board
from resolutions.services.campaign_tallies import campaign_tallies_rebuild
from resolutions.services.campaigns import campaign_start, default_steps, members_expected

BATCH = 5000
TW5, TW6 = "Hội nghị Trung ương 5 khóa XII", "Hội nghị Trung ương 6 khóa XII"
EARLIER_TITLE = "Nghiên cứu, học tập, quán triệt Nghị quyết Hội nghị Trung ương 5 khóa XII"
TITLE = "Nghiên cứu, học tập, quán triệt Nghị quyết Hội nghị Trung ương 6 khóa XII"
URGING_NOTES = [
    "Đã gọi điện cho đồng chí Chánh Văn phòng Đảng ủy; hẹn gửi báo cáo trong tuần.",
    "Đồng chí phụ trách tuyên giáo đang đi công tác, sẽ báo cáo khi về.",
    "Đơn vị đã tổ chức nhưng chưa cập nhật lên hệ thống.",
    "",
]
KINDS = [kind for kind in Committee.Kind.values if kind != Committee.Kind.BLOC]
NOT_APPLICABLE = ["Đơn vị đang sáp nhập, học tập cùng đơn vị tiếp nhận", "Chi bộ đã dự tại điểm cầu cấp trên"]


def seed(context: DemoContext) -> None:
    rng = context.rng("campaigns")
    root = Committee.objects.get(code=ROOT_CODE)
    earlier = PartyDocument.objects.filter(committee=root, plenum=TW5)
    issued = max(document.issued_on for document in earlier)
    _campaign(
        rng, context, root, EARLIER_TITLE, earlier, issued + timedelta(days=20), KINDS[:3], directly_under=True,
        missing=0.01,
    )  # fmt: skip
    current = PartyDocument.objects.filter(committee=root, plenum=TW6)
    campaign = _campaign(
        rng, context, root, TITLE, current, context.today - timedelta(days=75), KINDS, directly_under=False,
        missing=0.06,
    )  # fmt: skip
    _urgings(rng, context, campaign)


def _campaign(rng, context, root, title, documents, starts_on, kinds, *, directly_under, missing):
    campaign = campaign_start(
        by=None, committee=root, title=title, starts_on=starts_on, documents=documents,
        steps=default_steps(kinds), directly_under=directly_under,
    )  # fmt: skip
    steps = {}
    for step in CampaignStep.objects.filter(campaign=campaign):
        steps.setdefault(step.target_kind, []).append(step)
    reports = []
    targets = CampaignTarget.objects.filter(campaign=campaign).select_related("committee").order_by("pk")
    for target in targets:
        for step in steps.get(target.kind, []):
            report = _report(rng, target, step, due_on(campaign, step), context.today, missing=missing)
            if report is not None:
                reports.append(report)
    bulk_create_with_history(reports, StepReport, batch_size=BATCH, default_change_reason="seed_demo")
    campaign_tallies_rebuild([campaign])  # the reports were written in bulk, past the service that counts them
    return campaign


def _urgings(rng, context, campaign) -> None:
    """The department's calls to some of the committees right under it that are late."""
    staff = get_user_model().objects.filter(username="bantuyengiao").first()
    if staff is None:
        return
    board = campaign_board(staff, campaign, campaign.committee, today=context.today)
    late = {row.committee.pk for row in board.rows if row.total.overdue}
    targets = CampaignTarget.objects.filter(campaign=campaign, committee__in=late).order_by("pk")
    Urging.objects.bulk_create(
        Urging(
            target=target,
            by=staff,
            urged_on=context.today - timedelta(days=rng.randint(1, 10)),
            channel=rng.choice(Urging.Channel.values),
            note=rng.choice(URGING_NOTES),
        )  # fmt: skip
        for index, target in enumerate(targets)
        if index == 0 or rng.random() < 0.3
    )


def _report(rng, target, step, due, today, *, missing: float) -> StepReport | None:
    roll = rng.random()
    if roll < 0.04:
        return StepReport(target=target, step=step, not_applicable=rng.choice(NOT_APPLICABLE))
    if roll > 1 - missing:
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
