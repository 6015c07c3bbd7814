"""Records of every kind the staff overview counts, in a committee's subtree, dated around 20/06/2026."""

from datetime import date

from opinion.models import Briefing, HotSpot, OpinionReport, Topic
from opinion.models.trainings import Attendance
from opinion.services import concerns as concern_services
from tests.opinion.factories_briefings import invite_one, make_briefing
from tests.opinion.factories_collaborators import make_collaborator
from tests.opinion.factories_concerns import make_concern
from tests.opinion.factories_hotspots import make_hotspot
from tests.opinion.factories_reports import make_report

Severity, Sentiment = HotSpot.Severity, OpinionReport.Sentiment


def records(committee, cell, owner, *, n: int = 1):
    """In ``committee``'s subtree: an overdue concern of ``owner`` (received in March), one due within a week, one
    resolved this month, open hot spots of each severity, collaborators who reported this month and one who did
    not; briefings of the committee: held in May (1 of 1 present) and on 09/06 (1 of 2), and one of the cell on 17/06
    whose attendance nobody recorded."""
    topics = list(Topic.objects.order_by("order", "name"))
    for i in range(n):
        make_concern(committee, owner, received_on=date(2026, 3, 2))
        make_concern(cell, owner, received_on=date(2026, 6, 1), deadline=date(2026, 6, 30))
        make_concern(cell, owner, received_on=date(2026, 6, 10), deadline=date(2026, 6, 24))  # due within a week
        resolved = make_concern(committee, owner, received_on=date(2026, 6, 2))
        concern_services.concern_start_advising(concern=resolved, by=owner)
        concern_services.concern_resolve(concern=resolved, by=owner, outcome="Đã trả lời, đồng chí đồng tình")
        for severity in (Severity.CRITICAL, Severity.HIGH, Severity.HIGH, Severity.LOW):
            make_hotspot(cell, owner, severity=severity, title=f"Vụ việc riêng {committee.code} {i}")
        make_hotspot(cell, owner, severity=Severity.HIGH, status=HotSpot.Status.MONITORING)
        reporter = make_collaborator(cell, f"Người phản ánh {committee.code} {i}")
        make_report(reporter, reported_on=date(2026, 6, 3), sentiment=Sentiment.NEGATIVE, topics=topics[:2])
        make_report(reporter, reported_on=date(2026, 5, 3), topics=[topics[2]])
        silent = make_collaborator(cell, f"Người chưa báo cáo {committee.code} {i}")
        if i == 0:  # one briefing a month per committee
            _briefings(committee, cell, reporter, silent)


def _briefings(committee, cell, reporter, silent):
    held = Briefing.Status.HELD
    invite_one(make_briefing(committee, date(2026, 5, 12), status=held), reporter, attendance=Attendance.PRESENT)
    june = make_briefing(committee, date(2026, 6, 9), status=held)
    invite_one(june, reporter, attendance=Attendance.PRESENT)
    invite_one(june, silent, attendance=Attendance.ABSENT)
    invite_one(make_briefing(cell, date(2026, 6, 17)), reporter)
