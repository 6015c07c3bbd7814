"""Concerns and dialogue sessions for the tests, made the way the application makes them (through the services)."""

from datetime import date

from committees.models import Role
from opinion.models import Concern
from opinion.services import concerns as services


def make_concern(committee, owner, *, by=None, received_on: date | None = None, **fields) -> Concern:
    fields.setdefault("channel", Concern.Channel.CELL_MEETING)
    fields.setdefault("category", Concern.Category.WAGES)
    fields.setdefault("content", "Kiến nghị sớm chi trả tiền làm thêm giờ dịp Tết")
    return services.concern_create(committee=committee, owner=owner, by=by or owner, received_on=received_on, **fields)


def make_dialogue(committee, owner, *, questions=(), **fields):
    fields.setdefault("held_on", date(2026, 11, 20))
    fields.setdefault("title", "Hội nghị đối thoại với cán bộ, đảng viên")
    fields.setdefault("chair", "Đồng chí Nguyễn Văn An, Bí thư Đảng ủy")
    fields.setdefault("participants", 120)
    return services.dialogue_create(
        committee=committee,
        by=owner,
        owner=owner,
        questions=[{"category": Concern.Category.WORK, **q} for q in questions],
        **fields,
    )


def _admin_committee_and_owner():
    from committees.models import Committee
    from tests.factories import make_committee, make_staff

    committee = Committee.objects.first() or make_committee(None, code="ADM", name="Đảng bộ")
    return committee, make_staff("concern_admin_owner", committee, Role.OFFICER)


def _admin_concern():
    return make_concern(*_admin_committee_and_owner())


def _admin_dialogue():
    return make_dialogue(*_admin_committee_and_owner())


ADMIN_MAKERS = {"opinion.Concern": _admin_concern, "opinion.Dialogue": _admin_dialogue}
