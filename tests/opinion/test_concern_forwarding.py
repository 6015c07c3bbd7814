"""Forwarding a concern through its service: what the new concern keeps of the original, the note each side's
history gets, and the words of each refusal (in Vietnamese, as the department reads them)."""

import pytest
from django.utils import translation

from core.workflow import WorkflowError
from opinion.models import Concern
from opinion.services import concerns as services
from tests.opinion.factories_concerns import make_concern

pytestmark = pytest.mark.django_db


def forward(concern, by, to, note=""):
    with translation.override("vi"):
        return services.concern_forward(concern=concern, by=by, to_committee=to, note=note)


@pytest.mark.parametrize(
    ("note", "received", "closed"),
    [
        (" Thuộc đơn vị bạn ", "Do Đảng ủy Bộ Tài chính chuyển đến. Thuộc đơn vị bạn",
         "Đã chuyển đến Đảng ủy Ngân hàng Nhà nước. Thuộc đơn vị bạn"),
        ("", "Do Đảng ủy Bộ Tài chính chuyển đến.", "Đã chuyển đến Đảng ủy Ngân hàng Nhà nước."),
    ],
    ids=["with a note", "without"],
)  # fmt: skip
def test_each_side_of_a_forward_notes_where_it_came_from_and_went_with_the_forwarders_note(
    tree, officer_a, officer_b_sibling, note, received, closed
):
    concern = make_concern(tree.a, officer_a, raised_by="Đồng chí Lê Văn Nam, Vụ Tổng hợp")
    forwarded = forward(concern, officer_a, tree.b, note)
    assert forwarded.raised_by == "Đồng chí Lê Văn Nam, Vụ Tổng hợp"
    assert [step.note for step in forwarded.transitions.all()] == [received]
    assert Concern.objects.get(pk=concern.pk).transitions.last().note == closed


def test_a_forward_is_refused_in_its_own_words_on_the_committee_field(tree, officer_a):
    concern = make_concern(tree.a, officer_a)
    with pytest.raises(WorkflowError) as own:
        forward(concern, officer_a, tree.a)
    assert own.value.message_dict == {"to_committee": ["Chọn cấp ủy khác với cấp ủy đang quản lý kiến nghị."]}
    with pytest.raises(WorkflowError) as nobody:
        forward(concern, officer_a, tree.b)  # nobody at B nor above it holds a staff account
    assert nobody.value.message_dict == {
        "to_committee": ["Đảng ủy Ngân hàng Nhà nước chưa có tài khoản cán bộ để tiếp nhận kiến nghị."]
    }
    assert Concern.objects.get().status == Concern.Status.RECEIVED
