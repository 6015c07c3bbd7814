from datetime import date

from opinion.models import OpinionReport, Topic
from opinion.services.reports import report_save
from tests.factories import UserFactory


def make_report(
    collaborator,
    *,
    reported_on=date(2026, 3, 10),
    summary="Cán bộ quan tâm chính sách tiền lương mới.",
    sentiment=OpinionReport.Sentiment.MIXED,
    topics=None,
    entered_by=None,
    committee=None,
    **fields,
):
    report = OpinionReport(
        committee=committee or collaborator.committee,
        collaborator=collaborator,
        entered_by=entered_by or collaborator.user or UserFactory(username="report_clerk"),
        reported_on=reported_on,
        summary=summary,
        sentiment=sentiment,
        **fields,
    )
    return report_save(report=report, topics=topics or [Topic.objects.order_by("order").first()])


def _admin_report():
    from committees.models import Committee
    from tests.factories import make_collaborator, make_committee

    committee = Committee.objects.first() or make_committee(None, code="ADM", name="Đảng bộ")
    return make_report(make_collaborator(committee, full_name="Nguyễn Văn Quản Trị"))


ADMIN_MAKERS = {"opinion.OpinionReport": _admin_report}
