"""Every service that changes a record for a user checks the user's scope itself (``committees.scoping.for_change``):
the views answer 404 before, and a caller that forgot them still cannot change a sibling's record or one an
ancestor issued. Nothing is changed when it refuses."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from committees.models import Committee
from opinion.models import Briefing, CollaboratorStatusChange, Concern, HotSpot, Training, TrainingMaterial
from opinion.services import briefings as briefings
from opinion.services import collaborators as collaborators
from opinion.services import concerns as concerns
from opinion.services import hotspots as hotspots
from opinion.services import reports as reports
from opinion.services import trainings as trainings
from tests.opinion.factories_briefings import make_briefing
from tests.opinion.factories_collaborators import make_collaborator
from tests.opinion.factories_concerns import make_concern, make_dialogue
from tests.opinion.factories_hotspots import make_hotspot
from tests.opinion.factories_reports import make_report
from tests.opinion.factories_trainings import make_material, make_training

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
COUNTED = (Concern, Briefing, HotSpot, Training, TrainingMaterial, CollaboratorStatusChange)


def a_concern(tree, officer_a):
    return make_concern(tree.a1, officer_a)


STEPS = {
    "concern_start_advising": (a_concern, lambda r, by: concerns.concern_start_advising(concern=r, by=by)),
    "concern_refuse": (a_concern, lambda r, by: concerns.concern_refuse(concern=r, by=by, reason="Trùng")),
    "concern_resolve": (a_concern, lambda r, by: concerns.concern_resolve(concern=r, by=by, outcome="Đã trả lời")),
    "concern_forward": (
        a_concern,
        lambda r, by: concerns.concern_forward(concern=r, by=by, to_committee=Committee.objects.get(code="A")),
    ),
    "concern_update": (a_concern, lambda r, by: concerns.concern_update(concern=r, by=by, content="Sửa")),
    "dialogue_update": (
        lambda tree, officer_a: make_dialogue(tree.a, officer_a),
        lambda r, by: concerns.dialogue_update(dialogue=r, by=by, title="Sửa"),
    ),
    "briefing_cancel": (
        lambda tree, officer_a: make_briefing(tree.a, date(2026, 4, 14)),
        lambda r, by: briefings.briefing_cancel(briefing=r, by=by, reason="Trùng lịch"),
    ),
    "briefing_record": (
        lambda tree, officer_a: make_briefing(tree.a, date(2026, 3, 17)),
        lambda r, by: briefings.briefing_record(
            briefing=r, by=by, attendance={}, minutes="Biên bản", topics_discussed="", current_affairs=""
        ),
    ),
    "briefing_update": (
        lambda tree, officer_a: make_briefing(tree.a, date(2026, 4, 14)),
        lambda r, by: briefings.briefing_update(briefing=r, by=by, agenda="Sửa", place="P. 2", duration_minutes=60),
    ),
    "hotspot_resolve": (
        lambda tree, officer_a: make_hotspot(tree.a1, officer_a),
        lambda r, by: hotspots.hotspot_resolve(hot_spot=r, by=by, outcome="Đã ổn định"),
    ),
    "training_update": (
        lambda tree, officer_a: make_training(tree.a),
        lambda r, by: trainings.training_update(training=r, by=by, title="Sửa"),
    ),
    "training_material_add": (lambda tree, officer_a: make_training(tree.a), make_material),
    "collaborator_update": (
        lambda tree, officer_a: make_collaborator(tree.a1),
        lambda r, by: collaborators.collaborator_update(collaborator=r, by=by, phone="0912345678"),
    ),
    "collaborator_link_account": (
        lambda tree, officer_a: make_collaborator(tree.a1),
        lambda r, by: collaborators.collaborator_link_account(collaborator=r, by=by, user=None),
    ),
    "report_update": (
        lambda tree, officer_a: make_report(make_collaborator(tree.a1), entered_by=officer_a),
        lambda r, by: reports.report_update(report=r, by=by, summary="Sửa"),
    ),
    "collaborator_change_status": (
        lambda tree, officer_a: make_collaborator(tree.a1),
        lambda r, by: collaborators.collaborator_change_status(
            collaborator=r, by=by, to="paused", kind="consolidate", effective_on=date(2026, 3, 1), reason="Ốm dài ngày"
        ),
    ),
}


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize("name", sorted(STEPS))
def test_a_sibling_officer_cannot_change_a_record_through_its_service(tree, officer_a, officer_b_sibling, name):
    make, step = STEPS[name]
    record = make(tree, officer_a)
    before = type(record).objects.filter(pk=record.pk).values().get()
    counts = [model.objects.count() for model in COUNTED]
    with pytest.raises(PermissionDenied):
        step(record, officer_b_sibling)
    assert type(record).objects.filter(pk=record.pk).values().get() == before
    assert [model.objects.count() for model in COUNTED] == counts


@time_machine.travel(NOW, tick=False)
def test_what_an_ancestor_issued_is_not_changed_below_it_through_the_service(tree, bloc_staff, officer_a):
    issued = make_briefing(tree.root, date(2026, 4, 16))
    with pytest.raises(PermissionDenied):
        briefings.briefing_cancel(briefing=issued, by=officer_a, reason="Không dự được")
    assert Briefing.objects.get(pk=issued.pk).status == Briefing.Status.SCHEDULED
    assert briefings.briefing_cancel(briefing=issued, by=bloc_staff, reason="Trùng lịch").status == "cancelled"


def test_a_user_cannot_receive_a_concern_for_a_committee_outside_their_scope(tree, officer_b_sibling, officer_a):
    with pytest.raises(PermissionDenied):
        make_concern(tree.a1, officer_a, by=officer_b_sibling)
    assert not Concern.objects.exists()
