"""Hot spots for the tests, with the reports and concerns they can be linked to."""

from datetime import date, timedelta

from committees.models import Committee
from opinion.models import Concern, HotSpot, OpinionReport
from opinion.services.reports import report_save
from tests.factories import UserFactory
from tests.opinion.factories_trainings import make_collaborator


def make_hotspot(committee, owner=None, title="Tâm tư về phương án sắp xếp tổ chức bộ máy", **fields) -> HotSpot:
    fields.setdefault("description", "Cán bộ, nhân viên băn khoăn về vị trí việc làm sau sắp xếp.")
    fields.setdefault("opened_on", date(2026, 1, 5))
    hot_spot = HotSpot(committee=committee, owner=owner or UserFactory(username="hotspot_owner"), title=title, **fields)
    hot_spot.save()
    return hot_spot


def make_report(committee, summary="Dư luận về chế độ tiền lương", *, is_hot_spot=True, **fields) -> OpinionReport:
    collaborator = fields.pop("collaborator", None) or make_collaborator(committee, full_name="Phạm Văn Phản Ánh")
    report = OpinionReport(
        committee=committee,
        collaborator=collaborator,
        entered_by=fields.pop("entered_by", None) or UserFactory(username="report_clerk"),
        reported_on=fields.pop("reported_on", date(2026, 1, 3)),
        summary=summary,
        sentiment=OpinionReport.Sentiment.NEGATIVE,
        is_hot_spot=is_hot_spot,
        **fields,
    )
    return report_save(report=report)


def make_concern(committee, content="Kiến nghị sớm chi trả thu nhập tăng thêm", **fields) -> Concern:
    received_on = fields.pop("received_on", date(2026, 1, 4))
    concern = Concern(
        committee=committee,
        channel=Concern.Channel.CELL_MEETING,
        category=Concern.Category.WAGES,
        content=content,
        owner=fields.pop("owner", None) or UserFactory(username="concern_owner"),
        received_on=received_on,
        deadline=received_on + timedelta(days=30),
        **fields,
    )
    concern.save()
    return concern


def _admin_hotspot():
    committee = Committee.objects.order_by("path").first()
    hot_spot = make_hotspot(committee, title="Điểm nóng quản trị")
    hot_spot.follow_ups.create(date=hot_spot.opened_on, note="Nắm tình hình", author=hot_spot.owner)
    return hot_spot


ADMIN_MAKERS = {"opinion.HotSpot": _admin_hotspot}
