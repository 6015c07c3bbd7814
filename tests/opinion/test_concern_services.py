"""The concern services called directly to edit a concern, refuse one and edit a dialogue session: every field stored
as given, who the history records as the author, and each refusal in its own words on its own field, with nothing
changed when it refuses. (That each service refuses a sibling's officer by itself: test_services_check_scope.py.)"""

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.utils import translation

from core.workflow import WorkflowError
from opinion.models import Concern, ConcernTransition, Dialogue
from opinion.services import concerns as services
from tests.opinion.factories_concerns import make_concern, make_dialogue

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

Status, Channel, Category = Concern.Status, Concern.Channel, Concern.Category
TODAY = date(2026, 3, 20)
RECEIVED, DEADLINE = date(2026, 3, 2), date(2026, 4, 14)
CONCERN_FIELDS = ("channel", "is_anonymous", "raised_by", "category", "content", "owner", "received_on", "deadline")
DIALOGUE_FIELDS = ("held_on", "title", "chair", "participants", "summary")


@pytest.fixture
def frozen():
    with time_machine.travel("2026-03-20 10:00 +0700", tick=False), translation.override("en"):
        yield


@pytest.fixture
def concern(tree, officer_a):
    return make_concern(tree.a, officer_a, received_on=RECEIVED, deadline=DEADLINE, raised_by="Nguyễn Văn Tố")


def stored(record, names) -> tuple:
    fresh = type(record).objects.get(pk=record.pk)
    return tuple(getattr(fresh, name) for name in names)


def snapshot(concern: Concern) -> tuple:
    """Everything a refused call must leave as it was: the row, its history and its steps."""
    return (
        Concern.objects.filter(pk=concern.pk).values().get(),
        concern.history.count(),
        list(concern.transitions.values_list("status_to", "note")),
    )


def refusal(service, **arguments) -> WorkflowError:
    with pytest.raises(WorkflowError) as refused:
        service(**arguments)
    return refused.value


# --- concern_create ---------------------------------------------------------------------------------------------


def test_a_concern_received_with_only_what_it_needs_keeps_no_name_and_its_first_step_no_note(tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    assert stored(concern, ["raised_by", "is_anonymous", "status"]) == ("", False, Status.RECEIVED)
    assert list(concern.transitions.values_list("note", flat=True)) == [""]


@pytest.mark.parametrize(
    "fields,refused_field,message",
    [
        ({"content": ""}, "content", "Write what the concern is about."),
        ({"content": "  \n "}, "content", "Write what the concern is about."),
        ({"deadline": RECEIVED - timedelta(days=1)}, "deadline", "The deadline cannot be before the date received."),
    ],
    ids=["no-content", "blank-content", "deadline-before-receipt"],
)
def test_a_concern_that_cannot_be_received_is_refused_on_its_field_and_nothing_is_saved(
    tree, officer_a, fields, refused_field, message
):
    given = {"channel": Channel.LETTER, "category": Category.WAGES, "content": "Kiến nghị", "received_on": RECEIVED}
    refused = refusal(services.concern_create, committee=tree.a, owner=officer_a, by=officer_a, **(given | fields))
    assert refused.message_dict == {refused_field: [message]}
    assert not Concern.objects.exists() and not ConcernTransition.objects.exists()


def test_a_concern_may_be_due_on_the_day_it_is_received(tree, officer_a):
    concern = make_concern(tree.a, officer_a, received_on=RECEIVED, deadline=RECEIVED)
    assert stored(concern, ["received_on", "deadline"]) == (RECEIVED, RECEIVED)


# --- concern_update ---------------------------------------------------------------------------------------------


def test_an_edit_stores_every_field_as_given_and_its_author_in_the_history(tree, officer_a, bloc_staff, concern):
    edited = services.concern_update(
        concern=concern, by=officer_a, channel=Channel.LETTER, is_anonymous=False, raised_by="Trần Thị Hoa",
        category=Category.RIGHTS, content="  Đề nghị xem xét chế độ phụ cấp \n", owner=bloc_staff,
        received_on=date(2026, 3, 3), deadline=date(2026, 4, 30),
    )  # fmt: skip
    assert stored(edited, CONCERN_FIELDS) == (
        Channel.LETTER, False, "Trần Thị Hoa", Category.RIGHTS, "Đề nghị xem xét chế độ phụ cấp", bloc_staff,
        date(2026, 3, 3), date(2026, 4, 30),
    )  # fmt: skip
    assert concern.history.first().history_user == officer_a
    assert (Concern.objects.get(pk=concern.pk).status, concern.transitions.count()) == (Status.RECEIVED, 1)


@pytest.mark.parametrize(
    "fields,stays_escalated",
    [
        ({"content": "Sửa nội dung"}, True),
        ({"deadline": date(2026, 2, 27)}, True),  # the same deadline: nothing new to escalate again
        ({"deadline": date(2026, 4, 30)}, False),
    ],
    ids=["another-field", "the-same-deadline", "a-new-deadline"],
)
def test_only_a_new_deadline_lets_an_escalated_concern_be_escalated_again(tree, officer_a, fields, stays_escalated):
    concern = make_concern(tree.a, officer_a, received_on=date(2026, 1, 5), deadline=date(2026, 2, 27))
    services.concerns_escalate_overdue(today=TODAY)
    escalated_at = Concern.objects.get(pk=concern.pk).escalated_at
    assert escalated_at is not None
    services.concern_update(concern=concern, by=officer_a, **fields)
    assert stored(concern, ["escalated_at"]) == ((escalated_at if stays_escalated else None),)


@pytest.mark.parametrize("owner", ["officer_b_sibling", "leader_a"])
def test_an_owner_who_is_not_staff_of_the_committee_or_above_is_refused_on_the_owner_field(
    request, tree, officer_a, concern, owner
):
    before = snapshot(concern)
    refused = refusal(services.concern_update, concern=concern, by=officer_a, owner=request.getfixturevalue(owner))
    assert refused.message_dict == {
        "owner": [f"The owner must be a staff account of {tree.a.name} or of a committee above it."]
    }
    assert snapshot(concern) == before


@pytest.mark.parametrize(
    "anonymous_before,fields,after",
    [
        (False, {"is_anonymous": True}, (True, "")),
        (False, {"is_anonymous": True, "raised_by": "Trần Thị Hoa"}, (True, "")),
        (True, {"raised_by": "Trần Thị Hoa"}, (True, "")),  # still anonymous: the name given is not kept
        (True, {"is_anonymous": False, "raised_by": "Trần Thị Hoa"}, (False, "Trần Thị Hoa")),
    ],
    ids=["made-anonymous", "made-anonymous-with-a-name", "anonymous-given-a-name", "named-again"],
)
def test_an_anonymous_concern_keeps_no_name_in_its_row_or_its_history(tree, officer_a, anonymous_before, fields, after):
    concern = make_concern(tree.a, officer_a, is_anonymous=anonymous_before, raised_by="Nguyễn Văn Tố")
    services.concern_update(concern=concern, by=officer_a, **fields)
    assert stored(concern, ["is_anonymous", "raised_by"]) == after
    if after[0]:
        assert not concern.history.exclude(raised_by="").exists()


@pytest.mark.parametrize(
    "fields,refused_field,message",
    [
        ({"content": ""}, "content", "Write what the concern is about."),
        ({"content": "  \n "}, "content", "Write what the concern is about."),
        ({"deadline": date(2026, 3, 1)}, "deadline", "The deadline cannot be before the date received."),
        ({"received_on": date(2026, 4, 15)}, "deadline", "The deadline cannot be before the date received."),
    ],
    ids=["no-content", "blank-content", "deadline-before-receipt", "received-after-the-deadline"],
)
def test_an_edit_that_cannot_be_stored_is_refused_on_its_field_in_its_own_words(
    officer_a, concern, fields, refused_field, message
):
    before = snapshot(concern)
    refused = refusal(services.concern_update, concern=concern, by=officer_a, **fields)
    assert refused.message_dict == {refused_field: [message]}
    assert snapshot(concern) == before


@pytest.mark.parametrize(
    "close,label",
    [
        (lambda c, by, tree: services.concern_refuse(concern=c, by=by, reason="Trùng kiến nghị cũ"), "not accepted"),
        (lambda c, by, tree: services.concern_forward(concern=c, by=by, to_committee=tree.root), "forwarded"),
        (
            lambda c, by, tree: services.concern_resolve(
                concern=services.concern_start_advising(concern=c, by=by), by=by, outcome="Đã chi trả"
            ),
            "resolved",
        ),
    ],
    ids=["not-accepted", "forwarded", "resolved"],
)
def test_a_closed_concern_is_no_longer_edited_and_the_refusal_names_its_status(
    tree, officer_a, bloc_staff, concern, close, label
):
    close(concern, officer_a, tree)  # bloc_staff, of the root, takes a concern forwarded there
    before = snapshot(concern)
    refused = refusal(services.concern_update, concern=concern, by=officer_a, content="Nội dung khác")
    assert (refused.messages, refused.code) == ([f"A concern that is “{label}” can no longer be edited."], "closed")
    assert snapshot(concern) == before


# --- concern_refuse ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("start", [Status.RECEIVED, Status.ADVISING])
def test_refusing_keeps_the_reason_as_outcome_and_records_the_step_with_who_took_it(
    officer_a, bloc_staff, concern, start
):
    if start == Status.ADVISING:
        services.concern_start_advising(concern=concern, by=officer_a)
    refused = services.concern_refuse(concern=concern, by=bloc_staff, reason="  Không thuộc thẩm quyền \n")
    assert stored(refused, ["status", "outcome", "closed_on"]) == (Status.NOT_ACCEPTED, "Không thuộc thẩm quyền", TODAY)
    last = concern.transitions.last()
    assert (last.status_from, last.status_to, last.note, last.by) == (
        start, Status.NOT_ACCEPTED, "Không thuộc thẩm quyền", bloc_staff)  # fmt: skip


@pytest.mark.parametrize("reason", ["", "  \n "], ids=["empty", "blank"])
def test_refusing_without_a_reason_is_refused_on_the_reason_field_in_its_own_words(officer_a, concern, reason):
    before = snapshot(concern)
    refused = refusal(services.concern_refuse, concern=concern, by=officer_a, reason=reason)
    assert refused.message_dict == {"reason": ["Write why the concern is not accepted."]}
    assert snapshot(concern) == before


# --- dialogue_update --------------------------------------------------------------------------------------------


def test_a_dialogue_edit_stores_every_field_as_given_and_its_author_in_the_history(tree, officer_a):
    dialogue = make_dialogue(tree.a, officer_a)
    edited = services.dialogue_update(
        dialogue=dialogue, by=officer_a, held_on=date(2026, 3, 12), title="Đối thoại với đoàn viên thanh niên",
        chair="Đồng chí Lê Thị Cúc, Phó Bí thư", participants=85, summary="Trao đổi về chế độ làm thêm giờ.",
    )  # fmt: skip
    assert stored(edited, DIALOGUE_FIELDS) == (
        date(2026, 3, 12), "Đối thoại với đoàn viên thanh niên", "Đồng chí Lê Thị Cúc, Phó Bí thư", 85,
        "Trao đổi về chế độ làm thêm giờ.",
    )  # fmt: skip
    assert dialogue.history.first().history_user == officer_a
    assert not dialogue.concerns.exists()


def test_questions_added_to_a_dialogue_become_concerns_received_on_its_date_by_the_editor(tree, officer_a, bloc_staff):
    dialogue = make_dialogue(tree.a, officer_a)
    services.dialogue_update(
        dialogue=dialogue, by=officer_a, owner=bloc_staff, held_on=date(2026, 3, 12),
        questions=[
            {"category": Category.WAGES, "content": "Đề nghị tăng phụ cấp", "raised_by": "Trần Thị Hoa"},
            {"category": Category.WORK, "content": "Đề nghị bố trí nhà ở", "is_anonymous": True, "raised_by": "Tố"},
        ],
    )  # fmt: skip
    concerns = Concern.objects.filter(dialogue=dialogue).order_by("pk")
    assert [
        (c.committee, c.channel, c.category, c.content, c.is_anonymous, c.raised_by, c.owner, c.received_on)
        for c in concerns
    ] == [
        (tree.a, Channel.DIALOGUE, Category.WAGES, "Đề nghị tăng phụ cấp", False, "Trần Thị Hoa", bloc_staff,
         date(2026, 3, 12)),
        (tree.a, Channel.DIALOGUE, Category.WORK, "Đề nghị bố trí nhà ở", True, "", bloc_staff, date(2026, 3, 12)),
    ]  # fmt: skip
    assert [(c.status, c.transitions.get().by) for c in concerns] == [(Status.RECEIVED, officer_a)] * 2


def test_questions_for_an_owner_outside_the_committee_are_refused_and_the_edit_with_them(
    tree, officer_a, officer_b_sibling
):
    dialogue = make_dialogue(tree.a, officer_a)
    before = (Dialogue.objects.filter(pk=dialogue.pk).values().get(), dialogue.history.count())
    refused = refusal(
        services.dialogue_update, dialogue=dialogue, by=officer_a, owner=officer_b_sibling, title="Tiêu đề khác",
        questions=[{"category": Category.WAGES, "content": "Đề nghị tăng phụ cấp"}],
    )  # fmt: skip
    assert refused.message_dict == {
        "owner": [f"The owner must be a staff account of {tree.a.name} or of a committee above it."]
    }
    assert (Dialogue.objects.filter(pk=dialogue.pk).values().get(), dialogue.history.count()) == before
    assert not Concern.objects.filter(dialogue=dialogue).exists()
    assert not ConcernTransition.objects.filter(concern__dialogue=dialogue).exists()


# --- dialogue_create ----------------------------------------------------------------------------------------------


def test_a_dialogue_is_recorded_as_given_and_without_a_summary_has_none(tree, officer_a):
    given = {"held_on": date(2026, 3, 10), "title": "Đối thoại", "chair": "Đồng chí Bí thư", "participants": 80}
    dialogue = services.dialogue_create(committee=tree.a, by=officer_a, summary="Tóm tắt", **given)
    assert stored(dialogue, ("committee", *DIALOGUE_FIELDS)) == (tree.a, *given.values(), "Tóm tắt")
    assert stored(services.dialogue_create(committee=tree.a1, by=officer_a, **given), ("summary",)) == ("",)


def test_a_sibling_officer_cannot_record_a_dialogue_of_another_committee(tree, officer_b_sibling):
    with pytest.raises(PermissionDenied):
        services.dialogue_create(
            committee=tree.a, by=officer_b_sibling, held_on=date(2026, 3, 10), title="Đối thoại", chair="Bí thư",
            participants=10,
        )  # fmt: skip
    assert not Dialogue.objects.exists()
