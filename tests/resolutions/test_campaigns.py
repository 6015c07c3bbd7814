"""Study campaigns: targets chosen by kind (not depth), each step's state at its deadline, the figures a target
reports checked, and the access rule (a target reports its own steps; a sibling's are out of sight)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import Committee
from resolutions.models import Campaign, CampaignTarget, PartyDocument, StepKind, StepReport, StepStatus
from resolutions.models.campaigns import step_status
from resolutions.services.campaigns import campaign_start, members_expected, step_report_save
from tests.factories import make_committee
from tests.resolutions.factories_documents import make_document

pytestmark = pytest.mark.django_db
Kind = Committee.Kind
DUE = date(2026, 3, 31)


@pytest.mark.parametrize(
    ("report", "today", "status"),
    [
        (None, date(2026, 3, 30), StepStatus.NOT_DUE),
        (None, DUE, StepStatus.NOT_DUE),  # the deadline's own day is still in time
        (None, date(2026, 4, 1), StepStatus.OVERDUE),
        ({"done_on": DUE}, date(2026, 5, 1), StepStatus.ON_TIME),
        ({"done_on": date(2026, 4, 1)}, date(2026, 5, 1), StepStatus.LATE),
        ({"not_applicable": "Không có đảng viên"}, date(2026, 5, 1), StepStatus.NOT_APPLICABLE),
        ({"attended_above": True}, date(2026, 5, 1), StepStatus.ATTENDED_ABOVE),
        ({}, date(2026, 4, 1), StepStatus.OVERDUE),  # a report with nothing in it is no step done
    ],
)
def test_a_steps_state_at_its_deadline(report, today, status):
    assert step_status(due=DUE, report=None if report is None else StepReport(**report), today=today) == status


@pytest.fixture
def shapes(tree):
    """Under the bloc: A and B (upper-grassroots, from the tree), a grassroots cell right under the bloc, and under
    A a grassroots committee with a partial committee and an attached cell below it."""
    tree.cell = make_committee(tree.root, code="C", name="Chi bộ cơ sở Văn phòng", kind=Kind.GRASSROOTS_CELL)
    tree.grassroots = make_committee(tree.a, code="A2", name="Đảng bộ Cục Thuế", kind=Kind.GRASSROOTS)
    tree.partial = make_committee(tree.grassroots, code="A2P", name="Đảng bộ bộ phận", kind=Kind.PARTIAL)
    tree.attached = make_committee(
        tree.grassroots, code="A2C", name="Chi bộ trực thuộc", kind=Kind.ATTACHED_CELL, party_members=20,
        exempt_members=2,
    )  # fmt: skip
    return tree


def start(by, committee, steps, **kwargs):
    """A campaign of ``committee`` on the bloc's resolution (issued 20/02/2026), starting 01/03/2026."""
    document = PartyDocument.objects.filter(number="05-NQ/ĐUK").first() or make_document(
        Committee.objects.get(depth=1), issued_on=date(2026, 2, 20)
    )
    return campaign_start(
        by=by, committee=committee, title="Học tập Nghị quyết 05-NQ/ĐUK", starts_on=date(2026, 3, 1),
        documents=[document], steps=steps, **kwargs,
    )  # fmt: skip


def codes(campaign):
    return sorted(campaign.targets.values_list("committee__code", flat=True))


def test_targets_are_chosen_by_kind_not_by_depth(shapes, bloc_staff):
    steps = [(Kind.UPPER_GRASSROOTS, StepKind.PLAN, 10), (Kind.GRASSROOTS_CELL, StepKind.MEMBERS, 30)]
    assert codes(start(bloc_staff, shapes.root, steps)) == ["A", "B", "C"]
    everywhere = start(bloc_staff, shapes.root, [(Kind.ATTACHED_CELL, StepKind.MEMBERS, 30)], directly_under=False)
    assert codes(everywhere) == ["A2C"]


def test_an_officer_starts_a_campaign_for_their_own_subtree_only(shapes, officer_a):
    campaign = start(officer_a, shapes.a, [(Kind.GRASSROOTS, StepKind.PLAN, 10)])
    assert codes(campaign) == ["A2"]
    with pytest.raises(PermissionDenied):
        start(officer_a, shapes.b, [(Kind.GRASSROOTS_CELL, StepKind.PLAN, 10)])


def test_a_target_reads_the_organisers_campaign_and_cannot_change_it(shapes, bloc_staff, officer_a):
    campaign = start(bloc_staff, shapes.root, [(Kind.UPPER_GRASSROOTS, StepKind.PLAN, 10)])
    assert Campaign.objects.visible_to(officer_a).filter(pk=campaign.pk).exists()
    assert not Campaign.objects.changeable_by(officer_a).filter(pk=campaign.pk).exists()


def test_a_target_sees_its_own_part_and_not_a_siblings(shapes, bloc_staff, officer_a):
    campaign = start(bloc_staff, shapes.root, [(Kind.UPPER_GRASSROOTS, StepKind.PLAN, 10)])
    assert list(CampaignTarget.objects.visible_to(officer_a).filter(campaign=campaign)) == [
        campaign.targets.get(committee=shapes.a)
    ]
    assert CampaignTarget.objects.visible_to(bloc_staff).filter(campaign=campaign).count() == 2


def test_a_target_reports_its_step_and_a_sibling_cannot(shapes, bloc_staff, officer_a, officer_b_sibling):
    campaign = start(bloc_staff, shapes.root, [(Kind.UPPER_GRASSROOTS, StepKind.PLAN, 10)])
    target, step = campaign.targets.get(committee=shapes.a), campaign.steps.get()
    report = step_report_save(
        target=target, step=step, by=officer_a, done_on=date(2026, 3, 8), evidence_number="15-KH/ĐU",
        evidence_date=date(2026, 3, 8),
    )  # fmt: skip
    assert step_status(due=date(2026, 3, 11), report=report, today=date(2026, 4, 1)) == StepStatus.ON_TIME
    with pytest.raises(PermissionDenied):
        step_report_save(target=target, step=step, by=officer_b_sibling, done_on=date(2026, 3, 9))
    assert list(StepReport.objects.get().history.values_list("history_user", flat=True)) == [officer_a.pk]


def test_a_field_a_step_report_does_not_have_is_refused_by_name_and_nothing_is_saved(shapes, bloc_staff):
    """The report page posts only the report's own fields: another is a caller's mistake."""
    campaign = start(bloc_staff, shapes.root, [(Kind.UPPER_GRASSROOTS, StepKind.PLAN, 10)])
    target = campaign.targets.get(committee=shapes.a)
    with pytest.raises(TypeError, match=r"^Not editable on a step report: \['id', 'members_expected'\]$"):
        step_report_save(target=target, step=campaign.steps.get(), by=bloc_staff, done_on=DUE, members_expected=1, id=7)
    assert not StepReport.objects.exists()


def test_evidence_sent_without_a_title_takes_its_files_name(shapes, bloc_staff, officer_a, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.opinion.factories_trainings import pdf_bytes

    campaign = start(bloc_staff, shapes.root, [(Kind.UPPER_GRASSROOTS, StepKind.PLAN, 10)])
    report = step_report_save(
        target=campaign.targets.get(committee=shapes.a), step=campaign.steps.get(), by=officer_a,
        done_on=date(2026, 3, 8), evidence=SimpleUploadedFile("Kế hoạch học tập.pdf", pdf_bytes()),
    )  # fmt: skip
    assert list(report.evidence.values_list("title", "uploaded_by")) == [("Ke-hoach-hoc-tap", officer_a.pk)]


def test_members_expected_are_the_members_less_the_exempt_of_the_whole_subtree(shapes):
    grassroots = Committee.objects.get(pk=shapes.grassroots.pk)
    assert members_expected(grassroots) == 20 - 2


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"done_on": date(2026, 3, 20), "attendees": 25, "members_studied": 19}, "members_studied"),  # 18 expected
        ({"done_on": date(2026, 3, 20), "attendees": 0, "members_studied": 10}, "attendees"),
        ({"done_on": date(2026, 2, 10), "attendees": 20, "members_studied": 10}, "done_on"),  # before the resolution
        ({"done_on": date(2026, 3, 20), "attendees": 5, "not_applicable": "Không"}, "not_applicable"),
    ],
)
def test_figures_that_cannot_be_are_refused_with_a_message_and_nothing_is_saved(shapes, bloc_staff, fields, field):
    campaign = start(bloc_staff, shapes.root, [(Kind.GRASSROOTS, StepKind.MEMBERS, 30)], directly_under=False)
    target = campaign.targets.get(committee=shapes.grassroots)
    with pytest.raises(ValidationError) as refused:
        step_report_save(target=target, step=campaign.steps.get(), by=bloc_staff, **fields)
    assert list(refused.value.message_dict) == [field]
    assert not StepReport.objects.exists()


def test_a_step_attended_at_the_higher_levels_connection_point_needs_no_attendees(shapes, bloc_staff):
    campaign = start(bloc_staff, shapes.root, [(Kind.GRASSROOTS, StepKind.KEY_CADRES, 7)], directly_under=False)
    target = campaign.targets.get(committee=shapes.grassroots)
    report = step_report_save(target=target, step=campaign.steps.get(), by=bloc_staff, attended_above=True)
    assert (report.members_expected, report.attendees) == (18, 0)


def test_a_step_of_another_kind_of_target_is_refused(shapes, bloc_staff):
    campaign = start(
        bloc_staff, shapes.root,
        [(Kind.UPPER_GRASSROOTS, StepKind.PLAN, 10), (Kind.GRASSROOTS_CELL, StepKind.MEMBERS, 30)],
    )  # fmt: skip
    cells_step = campaign.steps.get(target_kind=Kind.GRASSROOTS_CELL)
    with pytest.raises(ValueError):
        step_report_save(target=campaign.targets.get(committee=shapes.a), step=cells_step, by=bloc_staff)
    assert not StepReport.objects.exists()
