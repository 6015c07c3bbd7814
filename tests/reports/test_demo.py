"""The demo's reporting: the source text's half with the bloc's report signed and sent and its committees' received,
last year's, this cycle's past period with a report in every state (one late, one returned for additions), the
current period open; every report signed by its own committee's leader, its figures frozen."""

import io
from datetime import date

import pytest
import time_machine
from django.core.management import call_command
from docx import Document

from reports.exports import report_docx
from reports.models import Report, ReportEvent, ReportingPeriod
from reports.selectors import period_board

pytestmark = pytest.mark.django_db


@time_machine.travel("2026-12-04 09:00 +0700", tick=False)
def test_the_demo_holds_past_periods_with_reports_in_every_state_and_the_current_one_open():
    call_command("seed_demo", "--scale", "small", "--password", "Demo-pass-2026", stdout=io.StringIO())
    periods = {(p.kind, p.year): p for p in ReportingPeriod.objects.all()}
    assert sorted(periods) == [("half", 2017), ("half", 2026), ("year", 2025), ("year", 2026)]
    past, current = periods["half", 2026], periods["year", 2026]
    assert current.deadline >= date(2026, 12, 4) > past.deadline
    states = {r.committee.code: r.status for r in Report.objects.filter(period=past).select_related("committee")}
    assert states == {"DBK": "sent", "DB001": "received", "DB002": "additions", "DB003": "sent"}
    board = period_board(past, past.committee, date(2026, 12, 4))
    assert {row.committee.code: row.late for row in board.rows} == {"DB001": False, "DB002": False, "DB003": True}
    returned = Report.objects.get(period=past, committee__code="DB001")
    assert returned.versions.count() == 2 and returned.events.filter(action=ReportEvent.Action.ADDITIONS_REQUESTED)
    for report in Report.objects.exclude(status="draft").prefetch_related("versions"):
        signed = [v for v in report.versions.all() if v.figures is not None]
        assert signed and all(
            (v.signed_by.profile.committee_id, v.signed_by.profile.role) == (report.committee_id, "leader")
            for v in signed
        )
    assert {r.committee.code: r.status for r in Report.objects.filter(period=current)} == {
        "DBK": "draft", "DB001": "draft", "DB002": "signed"}  # fmt: skip

    source = Report.objects.get(period=periods["half", 2017], committee__code="DBK")
    version = source.versions.get()
    body = [p.text for p in Document(io.BytesIO(report_docx(source, version, version.figures))).paragraphs]
    assert "Sơ kết công tác tuyên giáo 6 tháng đầu năm 2017, phương hướng, nhiệm vụ 6 tháng cuối năm 2017" in body
    assert source.status == "sent" and version.document_number.endswith("-BC/BTGĐUK")
