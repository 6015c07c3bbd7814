"""The campaign services' own checks, as any caller meets them: the organiser adjusting its campaign's steps, and a
committee above a target logging that it urged it. Called directly: the pages answer 404 or 403 before, these stop a
caller that forgot."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from committees.models import Committee
from resolutions.models import CampaignStep, StepKind, Urging
from resolutions.services.campaigns import StepRow, campaign_start, campaign_steps_set, step_report_save, urging_log
from tests.resolutions.factories_documents import make_document

pytestmark = pytest.mark.django_db

UPPER, CELL, PARTIAL = Committee.Kind.UPPER_GRASSROOTS, Committee.Kind.GRASSROOTS_CELL, Committee.Kind.PARTIAL
PLAN, MEMBERS, REFLECTIONS = StepKind.PLAN, StepKind.MEMBERS, StepKind.REFLECTIONS


def start(tree, by, title="Học tập", documents=None):
    """The bloc's campaign: A and B take the plan and the members' study, the cells A1 and B1 the study alone."""
    return campaign_start(
        by=by, committee=tree.root, title=title, starts_on=date(2026, 3, 1),
        documents=documents or [make_document(tree.root, issued_on=date(2026, 2, 20))],
        steps=[(UPPER, PLAN, 15), (UPPER, MEMBERS, 60), (CELL, MEMBERS, 60)], directly_under=False,
    )  # fmt: skip


@pytest.fixture
def campaign(tree, bloc_staff):
    return start(tree, bloc_staff)


def steps_of(campaign) -> set[tuple]:
    return set(CampaignStep.objects.filter(campaign=campaign).values_list("target_kind", "kind", "due_days", "order"))


def step(campaign, target_kind, kind) -> CampaignStep:
    return campaign.steps.get(target_kind=target_kind, kind=kind)


# --- Adjusting the steps ------------------------------------------------------------------------------------------


def test_the_organiser_moves_a_deadline_and_an_order_adds_a_step_and_removes_another(campaign, bloc_staff):
    plan = step(campaign, UPPER, PLAN)
    campaign_steps_set(
        campaign=campaign, by=bloc_staff, steps=[StepRow(UPPER, PLAN, 20, order=3, pk=plan.pk),
                                                 StepRow(CELL, REFLECTIONS, 75, order=2)],
        removed=[step(campaign, CELL, MEMBERS).pk],
    )  # fmt: skip
    assert steps_of(campaign) == {(UPPER, PLAN, 20, 3), (UPPER, MEMBERS, 60, 1), (CELL, REFLECTIONS, 75, 2)}
    assert step(campaign, UPPER, PLAN).pk == plan.pk  # the step itself, changed: its reports stay with it


def test_every_step_may_be_removed_and_the_same_kinds_put_back_as_new_steps(campaign, bloc_staff):
    """What is removed is no longer there: a step put back in the same change is no second one of its kind."""
    campaign_steps_set(
        campaign=campaign, by=bloc_staff, steps=[StepRow(UPPER, PLAN, 10), StepRow(UPPER, MEMBERS, 50, order=1)],
        removed=campaign.steps.values_list("pk", flat=True),
    )  # fmt: skip
    assert steps_of(campaign) == {(UPPER, PLAN, 10, 0), (UPPER, MEMBERS, 50, 1)}


TAKING_PART = "Chỉ các loại tổ chức đảng tham gia mới có các bước."
ONCE = "Mỗi loại tổ chức đảng chỉ thực hiện mỗi bước một lần."
REPORTED = "Bước “Kế hoạch hoặc công văn triệu tập” của loại đảng bộ cấp trên cơ sở đã có báo cáo: không thể xóa."


@pytest.mark.parametrize(
    "new, removed, messages",
    [
        pytest.param([(PARTIAL, MEMBERS)], [], [TAKING_PART], id="a kind of committee not taking part"),
        pytest.param([(UPPER, MEMBERS)], [], [ONCE], id="a step its kind takes already"),
        pytest.param([(CELL, PLAN), (CELL, PLAN)], [], [ONCE], id="a step added twice"),
        pytest.param([(PARTIAL, MEMBERS), (UPPER, PLAN)], [], [TAKING_PART, ONCE], id="both"),
        pytest.param([], [(UPPER, PLAN)], [REPORTED], id="a step reported"),
    ],
)
def test_steps_that_cannot_be_are_refused_in_their_own_words_and_nothing_changes(
    tree, campaign, bloc_staff, new, removed, messages
):
    target = campaign.targets.get(committee=tree.a)
    step_report_save(target=target, step=step(campaign, UPPER, PLAN), by=bloc_staff, done_on=date(2026, 3, 10))
    before = steps_of(campaign)
    rows = [StepRow(target_kind, kind, 30) for target_kind, kind in new]
    with pytest.raises(ValidationError) as refused:
        campaign_steps_set(
            campaign=campaign, by=bloc_staff, steps=rows, removed=[step(campaign, *kinds).pk for kinds in removed]
        )
    assert refused.value.messages == messages
    assert steps_of(campaign) == before


@pytest.mark.parametrize("as_row", [True, False], ids=["changed", "removed"])
def test_another_campaigns_step_is_not_one_of_this_campaign_and_neither_changes(tree, campaign, bloc_staff, as_row):
    """The page takes each row's step from itself, never from what is posted: this is a caller's mistake."""
    other = start(tree, bloc_staff, title="Đợt khác", documents=campaign.documents.all())
    foreign = step(other, UPPER, PLAN)
    rows, removed = ([StepRow(UPPER, PLAN, 5, pk=foreign.pk)], []) if as_row else ([], [foreign.pk])
    before, other_before = steps_of(campaign), steps_of(other)
    with pytest.raises(ValueError, match=r"^Not a step of this campaign\.$"):
        campaign_steps_set(campaign=campaign, by=bloc_staff, steps=rows, removed=removed)
    assert (steps_of(campaign), steps_of(other)) == (before, other_before)


@pytest.mark.parametrize("persona", ["officer_b_sibling", "officer_a"])
def test_only_the_organisers_scope_adjusts_its_steps(request, campaign, persona):
    """Neither a sibling's officer nor a target's (who reads the organiser's campaign) changes it."""
    plan = step(campaign, UPPER, PLAN)
    before = steps_of(campaign)
    with pytest.raises(PermissionDenied):
        campaign_steps_set(
            campaign=campaign, by=request.getfixturevalue(persona), steps=[StepRow(UPPER, PLAN, 99, pk=plan.pk)],
            removed=[step(campaign, CELL, MEMBERS).pk],
        )  # fmt: skip
    assert steps_of(campaign) == before


def test_adjusting_one_campaigns_steps_costs_the_same_queries_with_many_more_campaigns(
    tree, campaign, bloc_staff, django_assert_max_num_queries
):
    """Only this campaign's progress is counted again: the others' steps did not change."""
    plan = step(campaign, UPPER, PLAN)

    def adjust(days):
        campaign_steps_set(campaign=campaign, by=bloc_staff, steps=[StepRow(UPPER, PLAN, days, pk=plan.pk)])

    adjust(16)
    with django_assert_max_num_queries(99) as few:
        adjust(17)
    for number in range(3):
        start(tree, bloc_staff, title=f"Đợt {number}", documents=campaign.documents.all())
    with django_assert_max_num_queries(len(few.captured_queries)):
        adjust(18)
    assert step(campaign, UPPER, PLAN).due_days == 18


# --- Urging a target ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, note",
    [
        pytest.param({"channel": Urging.Channel.LETTER, "note": "Gửi công văn 12"}, "Gửi công văn 12", id="noted"),
        pytest.param({"channel": Urging.Channel.MEETING}, "", id="without a note"),
    ],
)
def test_an_urging_is_logged_as_given_by_the_committee_above(tree, campaign, bloc_staff, given, note):
    target = campaign.targets.get(committee=tree.a)
    urging_log(target=target, by=bloc_staff, urged_on=date(2026, 4, 2), **given)
    urging = Urging.objects.get()
    assert (urging.target, urging.by, urging.urged_on, urging.channel, urging.note) == (
        target, bloc_staff, date(2026, 4, 2), given["channel"], note,
    )  # fmt: skip


@pytest.mark.parametrize("persona", ["officer_a", "officer_b_sibling"], ids=["the target itself", "a sibling"])
def test_a_target_is_urged_neither_by_itself_nor_by_a_sibling(request, tree, campaign, persona):
    target = campaign.targets.get(committee=tree.a)
    with pytest.raises(PermissionDenied):
        urging_log(target=target, by=request.getfixturevalue(persona), urged_on=date(2026, 4, 2), channel="phone")
    assert not Urging.objects.exists()
