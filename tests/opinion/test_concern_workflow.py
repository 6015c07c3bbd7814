"""The concern workflow: every allowed step, every refused one, what each step requires and records."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.utils import translation

from committees.models import Committee, Role
from core.workflow import WorkflowError
from opinion.models import Concern, ConcernTransition
from opinion.services import concerns as services
from opinion.services.concerns import allowed_transitions
from tests.factories import make_committee, make_staff
from tests.opinion.factories_concerns import make_concern

pytestmark = pytest.mark.django_db
Status = Concern.Status
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 11, 23, 9, 30, tzinfo=HANOI)


def bring_to(concern, status, by):
    """Take the concern to ``status`` the way people do."""
    if status == Status.RECEIVED:
        return concern
    if status == Status.FORWARDED:
        services.concern_forward(concern=concern, by=by, to_committee=Committee.objects.get_parent(concern.committee))
        return Concern.objects.get(pk=concern.pk)
    if status == Status.NOT_ACCEPTED:
        return services.concern_refuse(concern=concern, by=by, reason="Không thuộc thẩm quyền")
    concern = services.concern_start_advising(concern=concern, by=by)
    if status == Status.RESOLVED:
        concern = services.concern_resolve(concern=concern, by=by, outcome="Đã giải quyết")
    return concern


def take(concern, status, by, tree):
    if status == Status.ADVISING:
        return services.concern_start_advising(concern=concern, by=by, note="Đang tham mưu")
    if status == Status.RESOLVED:
        return services.concern_resolve(concern=concern, by=by, outcome="Đã chi trả")
    if status == Status.NOT_ACCEPTED:
        return services.concern_refuse(concern=concern, by=by, reason="Trùng kiến nghị cũ")
    if status == Status.FORWARDED:
        return services.concern_forward(concern=concern, by=by, to_committee=tree.root)
    raise AssertionError(status)


# (status, next status) for every step the workflow allows
TRANSITIONS = {status: allowed_transitions(Concern(status=status)) for status in Status.values}
ALLOWED = sorted((before, after) for before, nexts in TRANSITIONS.items() for after in nexts)
# Every step the table does not allow, to a status a service leads to (none leads back to "received").
REFUSED = sorted(
    (before, after)
    for before in Status.values
    for after in Status.values
    if after != Status.RECEIVED and after not in TRANSITIONS[before]
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def staff(tree, officer_a, bloc_staff):
    return officer_a


def test_the_table_covers_every_status_and_closed_ones_lead_nowhere():
    assert set(TRANSITIONS) == set(Status.values)
    for status in (Status.RESOLVED, Status.FORWARDED, Status.NOT_ACCEPTED):
        assert TRANSITIONS[status] == frozenset()
    assert sorted(ALLOWED) == [
        ("advising", "forwarded"),
        ("advising", "not_accepted"),
        ("advising", "resolved"),
        ("received", "advising"),
        ("received", "forwarded"),
        ("received", "not_accepted"),
    ]


@time_machine.travel(NOW, tick=False)
def test_a_concern_is_received_with_its_first_step_recorded(tree, staff):
    concern = make_concern(tree.a, staff, content="Đề nghị hỗ trợ nhà ở công vụ")
    assert concern.status == Status.RECEIVED
    assert concern.received_on == date(2026, 11, 23)
    [step] = concern.transitions.all()
    assert (step.status_from, step.status_to, step.by, step.at) == ("", Status.RECEIVED, staff, NOW)
    assert concern.search_text == "de nghi ho tro nha o cong vu"


@pytest.mark.parametrize("before,after", ALLOWED)
def test_every_allowed_step_is_taken_and_recorded_with_who_and_when(tree, staff, bloc_staff, before, after):
    with time_machine.travel(NOW - timedelta(days=2), tick=False):
        concern = bring_to(make_concern(tree.a, staff), before, staff)
    steps_before = concern.transitions.count()
    with time_machine.travel(NOW, tick=False):
        take(Concern.objects.get(pk=concern.pk), after, bloc_staff, tree)
    concern.refresh_from_db()
    assert concern.status == after
    last = concern.transitions.last()
    assert concern.transitions.count() == steps_before + 1
    assert (last.status_from, last.status_to, last.by, last.at) == (before, after, bloc_staff, NOW)
    if after in (Status.RESOLVED, Status.FORWARDED, Status.NOT_ACCEPTED):
        assert concern.closed_on == date(2026, 11, 23)
        assert not concern.is_open
    else:
        assert concern.closed_on is None


@pytest.mark.parametrize("before,after", REFUSED)
def test_every_other_step_is_refused_and_changes_nothing(tree, staff, before, after):
    concern = bring_to(make_concern(tree.a, staff), before, staff)

    def state():
        concern.refresh_from_db()
        return concern.status, concern.outcome, concern.closed_on, concern.transitions.count(), Concern.objects.count()

    before_state = state()
    with pytest.raises(WorkflowError) as refused:
        take(Concern.objects.get(pk=concern.pk), after, staff, tree)
    assert refused.value.code == "illegal_transition"
    assert "cannot become" in refused.value.messages[0]
    assert state() == before_state


@pytest.mark.parametrize("outcome", ["", "   \n "])
def test_resolving_requires_an_outcome(tree, staff, outcome):
    concern = bring_to(make_concern(tree.a, staff), Status.ADVISING, staff)
    with pytest.raises(WorkflowError) as refused:
        services.concern_resolve(concern=concern, by=staff, outcome=outcome)
    assert list(refused.value.error_dict) == ["outcome"]
    concern.refresh_from_db()
    assert concern.status == Status.ADVISING and concern.transitions.count() == 2


def test_the_outcome_is_kept_and_recorded_in_the_last_step(tree, staff):
    concern = bring_to(make_concern(tree.a, staff), Status.ADVISING, staff)
    concern = services.concern_resolve(concern=concern, by=staff, outcome="  Đã chi trả trong tháng 12  ")
    assert concern.outcome == "Đã chi trả trong tháng 12"
    assert concern.transitions.last().note == "Đã chi trả trong tháng 12"
    assert concern.transitions.get(status_to=Status.ADVISING).note == ""  # taken up without a note


@pytest.mark.parametrize("reason", ["", "  "])
def test_refusing_requires_a_reason(tree, staff, reason):
    concern = make_concern(tree.a, staff)
    with pytest.raises(WorkflowError) as refused:
        services.concern_refuse(concern=concern, by=staff, reason=reason)
    assert list(refused.value.error_dict) == ["reason"]
    assert Concern.objects.get(pk=concern.pk).status == Status.RECEIVED


def test_a_refused_concern_keeps_its_reason_as_outcome(tree, staff):
    concern = services.concern_refuse(concern=make_concern(tree.a, staff), by=staff, reason="Không thuộc thẩm quyền")
    assert (concern.status, concern.outcome) == (Status.NOT_ACCEPTED, "Không thuộc thẩm quyền")


def test_a_step_taken_on_a_stale_copy_is_checked_against_the_database(tree, staff):
    concern = make_concern(tree.a, staff)
    stale = Concern.objects.get(pk=concern.pk)
    services.concern_refuse(concern=concern, by=staff, reason="Trùng")
    with pytest.raises(WorkflowError):
        services.concern_start_advising(concern=stale, by=staff)
    assert Concern.objects.get(pk=concern.pk).status == Status.NOT_ACCEPTED


# --- Forwarding ----------------------------------------------------------------------------------------------------


@time_machine.travel(NOW, tick=False)
def test_forwarding_opens_a_received_concern_at_the_target_and_closes_the_original(tree, officer_a, officer_b_sibling):
    concern = make_concern(tree.a, officer_a, is_anonymous=True, category=Concern.Category.RIGHTS)
    forwarded = services.concern_forward(concern=concern, by=officer_a, to_committee=tree.b, note="Thuộc đơn vị bạn")
    concern.refresh_from_db()
    assert concern.status == Status.FORWARDED and concern.forwarded_to == forwarded
    assert concern.outcome == ""  # handed over, not settled: the target's answer is the outcome
    assert concern.transitions.last().note == f"Forwarded to {tree.b.name}. Thuộc đơn vị bạn"
    assert forwarded.committee == tree.b
    assert forwarded.status == Status.RECEIVED
    assert forwarded.owner == officer_b_sibling  # the target's own staff take it
    assert (forwarded.content, forwarded.channel, forwarded.category) == (
        concern.content,
        concern.channel,
        Concern.Category.RIGHTS,
    )
    assert forwarded.is_anonymous and forwarded.raised_by == ""
    assert forwarded.received_on == date(2026, 11, 23)
    assert forwarded.deadline == services.concern_deadline(date(2026, 11, 23))
    [step] = forwarded.transitions.all()
    assert (step.status_to, step.by) == (Status.RECEIVED, officer_a)
    assert list(concern.forwarded_from.all()) == [] and list(forwarded.forwarded_from.all()) == [concern]


def test_the_forwarder_never_sees_a_concern_forwarded_outside_their_scope(tree, officer_a, bloc_staff):
    concern = make_concern(tree.a, officer_a)
    forwarded = services.concern_forward(concern=concern, by=officer_a, to_committee=tree.root)
    assert forwarded.owner == bloc_staff
    assert list(Concern.objects.visible_to(officer_a)) == [Concern.objects.get(pk=concern.pk)]
    assert set(Concern.objects.visible_to(bloc_staff)) == {concern, forwarded}


def test_forwarding_to_a_committee_without_staff_goes_to_its_nearest_ancestor_with_some(tree, officer_a, bloc_staff):
    concern = make_concern(tree.a, officer_a)
    forwarded = services.concern_forward(concern=concern, by=officer_a, to_committee=tree.b)
    assert forwarded.owner == bloc_staff
    # with no note given, each side's step says only where the concern went or came from
    assert concern.transitions.last().note == f"Forwarded to {tree.b.name}."
    assert forwarded.transitions.get().note == f"Forwarded by {tree.a.name}."


def test_forwarding_where_nobody_could_take_it_is_refused(tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    with pytest.raises(WorkflowError) as refused:
        services.concern_forward(concern=concern, by=officer_a, to_committee=tree.b)
    assert list(refused.value.error_dict) == ["to_committee"]
    assert Concern.objects.count() == 1 and Concern.objects.get().status == Status.RECEIVED


def test_a_concern_is_not_forwarded_to_its_own_committee(tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    with pytest.raises(WorkflowError):
        services.concern_forward(concern=concern, by=officer_a, to_committee=tree.a)


def test_the_forward_targets_are_the_committees_above_beside_and_below_not_cells(tree, officer_a):
    sub = make_committee(tree.a, code="A2", name="Đảng ủy Cục Thuế", kind="upper_grassroots")
    # Further away: a committee under the sibling, and one two levels below.
    make_committee(tree.b, code="B2", name="Đảng ủy Cục Quản lý ngoại hối", kind="upper_grassroots")
    make_committee(sub, code="A21", name="Đảng ủy Chi cục Thuế", kind="upper_grassroots")
    concern = make_concern(tree.a, officer_a)
    assert list(services.forward_targets(concern)) == [tree.root, tree.b, sub]


def test_beside_means_under_the_same_parent_not_anywhere_at_the_same_depth(tree, officer_a):
    """A concern two levels down: its siblings are its parent's children, never a cousin under the parent's
    sibling (B2, at the same depth under B)."""
    sub = make_committee(tree.a, code="A2", name="Đảng ủy Cục Thuế", kind="upper_grassroots")
    beside = make_committee(tree.a, code="A3", name="Đảng ủy Kho bạc", kind="upper_grassroots")
    make_committee(tree.b, code="B2", name="Đảng ủy Cục Quản lý ngoại hối", kind="upper_grassroots")
    below = make_committee(sub, code="A21", name="Đảng ủy Chi cục Thuế", kind="upper_grassroots")
    concern = make_concern(sub, officer_a)
    assert list(services.forward_targets(concern)) == [tree.root, tree.a, beside, below]


def test_the_forward_targets_keep_the_trees_order_whatever_row_was_written_last(tree, officer_a):
    beside = make_committee(tree.root, code="C", name="Đảng ủy Bộ Công Thương", kind="upper_grassroots")
    Committee.objects.filter(pk=tree.b.pk).update(name=tree.b.name)  # B's row now lies after C's on disk
    concern = make_concern(tree.a, officer_a)
    assert list(services.forward_targets(concern)) == [tree.root, tree.b, beside]


def test_the_forward_choices_are_read_in_one_query(tree, officer_a, django_assert_num_queries):
    for number in range(3):
        make_committee(tree.root, code=f"N{number}", name=f"Đảng ủy số {number}", kind="upper_grassroots")
    concern = make_concern(tree.a, officer_a)
    with django_assert_num_queries(1):
        labels = [str(committee) for committee in services.forward_targets(concern)]
    assert len(labels) == 5


def test_a_forwarded_concern_goes_to_the_first_officer_by_name_then_the_earliest_account(tree, officer_a):
    first = make_staff("officer_b_1", tree.b, Role.OFFICER)
    second = make_staff("officer_b_2", tree.b, Role.OFFICER)
    assert first.get_full_name() == second.get_full_name()
    type(first).objects.filter(pk=first.pk).update(email=first.email)  # the first account's row now lies last
    first.profile.save()
    concern = make_concern(tree.a, officer_a)
    assert services.concern_forward(concern=concern, by=officer_a, to_committee=tree.b).owner == first
    assert services.nearest_officers(tree.b1) == [first, second]


def test_the_nearest_officers_are_read_in_one_query(tree, django_assert_num_queries):
    officers = [make_staff(f"officer_b_{number}", tree.b, Role.OFFICER) for number in range(3)]
    with django_assert_num_queries(1):
        found = [(user.get_full_name(), user.profile.committee.code) for user in services.nearest_officers(tree.b1)]
    assert found == [(officer.get_full_name(), "B") for officer in officers]


# --- Owners, anonymity, editing ---------------------------------------------------------------------------------


def test_the_owner_must_be_staff_of_the_committee_or_above(tree, officer_a, officer_b_sibling, leader_a, bloc_staff):
    for outsider in (officer_b_sibling, leader_a):
        with pytest.raises(WorkflowError) as refused:
            make_concern(tree.a, outsider, by=officer_a)
        assert refused.value.message_dict == {
            "owner": [f"The owner must be a staff account of {tree.a.name} or of a committee above it."]
        }
    assert make_concern(tree.a, bloc_staff, by=officer_a).owner == bloc_staff
    assert make_concern(tree.a1, officer_a).owner == officer_a


def test_an_anonymous_concern_never_stores_a_name(tree, officer_a):
    concern = make_concern(tree.a, officer_a, is_anonymous=True, raised_by="Nguyễn Văn Tố")
    assert Concern.objects.get(pk=concern.pk).raised_by == ""
    assert not concern.history.filter(raised_by__contains="Tố").exists()


def test_the_database_refuses_a_name_on_an_anonymous_concern(tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Concern.objects.filter(pk=concern.pk).update(is_anonymous=True, raised_by="Nguyễn Văn Tố")


def test_making_a_concern_anonymous_forgets_the_name_in_its_history_too(tree, officer_a):
    concern = make_concern(tree.a, officer_a, raised_by="Nguyễn Văn Tố")
    services.concern_update(concern=concern, by=officer_a, content="Sửa nội dung")
    concern = services.concern_update(concern=concern, by=officer_a, is_anonymous=True)
    assert concern.raised_by == ""
    assert concern.history.count() == 3
    assert not concern.history.exclude(raised_by="").exists()


def test_editing_is_refused_once_the_concern_is_closed(tree, officer_a):
    concern = services.concern_refuse(concern=make_concern(tree.a, officer_a), by=officer_a, reason="Trùng")
    with pytest.raises(WorkflowError) as refused:
        services.concern_update(concern=concern, by=officer_a, content="Nội dung khác")
    assert refused.value.code == "closed"
    assert Concern.objects.get(pk=concern.pk).content != "Nội dung khác"


def test_a_new_deadline_lets_the_concern_be_escalated_again(tree, officer_a):
    concern = make_concern(tree.a, officer_a, received_on=date(2026, 1, 5))
    services.concerns_escalate_overdue(today=date(2026, 11, 1))
    concern.refresh_from_db()
    assert concern.escalated_at is not None
    concern = services.concern_update(concern=concern, by=officer_a, deadline=date(2026, 12, 31))
    assert concern.escalated_at is None


def test_a_deadline_before_the_date_received_is_refused(tree, officer_a):
    with pytest.raises(WorkflowError) as refused:
        make_concern(tree.a, officer_a, received_on=date(2026, 5, 4), deadline=date(2026, 5, 1))
    assert list(refused.value.error_dict) == ["deadline"]
    assert not Concern.objects.exists() and not ConcernTransition.objects.exists()


def test_an_officer_of_a_cell_below_does_not_own_the_committees_concerns(tree, leader_a):
    officer = make_staff("officer_a1", tree.a1, Role.OFFICER)
    with pytest.raises(WorkflowError):
        make_concern(tree.a, officer, by=leader_a)  # an officer of a cell below does not own the committee's concerns
    assert make_concern(tree.a1, officer).owner == officer


def test_received_on_defaults_to_today_and_the_deadline_to_thirty_working_days(tree, officer_a):
    with time_machine.travel(NOW, tick=False):
        concern = make_concern(tree.a, officer_a)
    assert concern.received_on == date(2026, 11, 23)
    assert concern.deadline == services.concern_deadline(date(2026, 11, 23))
    assert concern.deadline - concern.received_on >= timedelta(days=42)
