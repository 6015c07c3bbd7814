"""Reporting periods and the reports committees start for them: the window and the ones compared with it, the figures
read through the selectors that define them, who reports to whom, and the access rule."""

import json
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from reports import figures
from reports.figures import Window, annex, compared
from reports.models import Report, ReportEvent, ReportingPeriod
from reports.services import period_open, report_start
from resolutions.selectors.directive05 import directive05_figures
from resolutions.selectors.inspections import inspection_figures
from resolutions.services.directive05 import year_record
from resolutions.services.inspections import inspection_plan

pytestmark = pytest.mark.django_db

HALF = {"kind": "half", "year": 2026, "starts_on": date(2025, 12, 15), "ends_on": date(2026, 6, 14),
        "deadline": date(2026, 6, 20), "obliged_kinds": ["upper_grassroots", "grassroots_cell"]}  # fmt: skip


def test_a_window_is_set_beside_the_same_days_a_year_before_and_the_window_before_it():
    half = Window(date(2025, 12, 15), date(2026, 6, 14))
    assert half.months == 6
    assert half.year_before() == Window(date(2024, 12, 15), date(2025, 6, 14))
    assert half.one_before() == Window(date(2025, 6, 15), date(2025, 12, 14))
    year = Window(date(2026, 1, 1), date(2026, 12, 31))
    assert (year.months, year.one_before()) == (12, Window(date(2025, 1, 1), date(2025, 12, 31)))
    leap = Window(date(2024, 3, 1), date(2024, 8, 31))
    assert leap.year_before() == Window(date(2023, 3, 1), date(2023, 8, 31))
    assert Window(date(2024, 9, 1), date(2025, 2, 28)).year_before() == Window(date(2023, 9, 1), date(2024, 2, 29))


def test_the_report_figures_are_the_selectors_own_for_each_window(tree, bloc_staff):
    def inspect(committee, by_committee, planned, **fields):
        inspection_plan(by=bloc_staff, committee=committee, inspected_by=by_committee, subject="Kiểm tra",
                        planned_on=planned, **fields)  # fmt: skip

    inspect(tree.a1, tree.a, date(2026, 3, 2), done_on=date(2026, 3, 3))
    inspect(tree.a1, tree.a, date(2025, 3, 2))
    inspect(tree.b1, tree.b, date(2026, 3, 2))
    year_record(by=bloc_staff, committee=tree.a1, year=2026, theme="Chuyên đề", members_expected=25,
                members_with_plan=24)  # fmt: skip
    window = Window(date(2025, 12, 15), date(2026, 6, 14))
    snapshot = compared(tree.a, window)
    json.dumps(snapshot)  # frozen as JSON when signed
    assert snapshot["current"]["inspections"] == {"planned": 1, "done": 1, "concluded": 0, "followed_up": 0}
    assert snapshot["year_before"]["inspections"]["planned"] == 1
    assert snapshot["one_before"]["inspections"]["planned"] == 0
    for when, days in (("current", window), ("year_before", window.year_before()), ("one_before", window.one_before())):
        assert snapshot[when]["inspections"] == figures.plain(inspection_figures(tree.a, days.start, days.end))
        assert snapshot[when]["directive05"] == figures.plain(directive05_figures(tree.a, days.start, days.end))
    with translation.override("en"):
        lines = {(line.section, line.label): line for line in annex(snapshot)}
    planned = lines[("Inspections", "Inspections planned")]
    assert (planned.current, planned.year_before, planned.one_before, planned.change) == (1, 1, 0, 0.0)
    assert lines[("Directive 05", "Members with a follow-up plan")].current == 24
    assert {section.key for section in figures.SECTIONS} == set(snapshot["current"])


def test_bloc_staff_open_a_period_and_what_cannot_be_is_refused(client, tree, bloc_staff):
    client.force_login(bloc_staff)
    data = {
        "committee": "ROOT", "kind": "half", "year": "2026", "starts_on": "15/12/2025", "ends_on": "14/06/2026",
        "deadline": "20/06/2026", "guidance": "", "obliged_kinds": ["upper_grassroots", "grassroots_cell"],
        "sections": [section.key for section in figures.SECTIONS if section.key != "inspections"],
    }  # fmt: skip
    wrong = {**data, "ends_on": "14/06/2027", "deadline": "10/06/2026", "sections": []}
    response = client.post(reverse("reports:period_open"), wrong)
    assert response.status_code == 200 and {"ends_on", "deadline", "sections"} <= set(response.context["form"].errors)
    assert not ReportingPeriod.objects.exists()
    assert client.post(reverse("reports:period_open"), data).status_code == 302
    period = ReportingPeriod.objects.get()
    assert (period.window.months, period.obliged_kinds) == (6, ["upper_grassroots", "grassroots_cell"])
    assert "inspections" not in period.sections and len(period.sections) == len(figures.SECTIONS) - 1
    again = client.post(reverse("reports:period_open"), data)
    assert again.status_code == 200 and again.context["form"].errors and ReportingPeriod.objects.count() == 1


def test_an_officer_starts_their_committees_report_to_its_parent_and_a_sibling_sees_nothing(
    client, tree, bloc_staff, officer_a, officer_b_sibling, leader_a
):
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    client.force_login(officer_a)
    page = client.get(period.get_absolute_url())
    assert page.status_code == 200 and page.context["may_start"]
    response = client.post(period.get_absolute_url())
    report = Report.objects.get()
    assert response.url == report.get_absolute_url()
    assert (report.committee, report.recipient, report.status) == (tree.a, tree.root, "draft")
    assert list(report.events.values_list("action", "by")) == [(ReportEvent.Action.STARTED, officer_a.pk)]
    assert client.post(period.get_absolute_url()).status_code == 302 and Report.objects.count() == 1
    shown = client.get(report.get_absolute_url())
    assert shown.status_code == 200 and shown.context["live"] and len(shown.context["lines"]) > 40

    client.force_login(officer_b_sibling)
    assert client.get(report.get_absolute_url()).status_code == 404
    assert client.get(period.get_absolute_url()).status_code == 200  # the bloc's period is issued to every branch
    client.force_login(leader_a)
    assert client.post(period.get_absolute_url()).status_code == 403
    assert client.get(report.get_absolute_url()).status_code == 200


def test_a_committee_of_a_kind_the_period_does_not_name_does_not_report(tree, bloc_staff, officer_a):
    from django.core.exceptions import ValidationError

    period = period_open(by=bloc_staff, committee=tree.root, **{**HALF, "obliged_kinds": ["grassroots_cell"]})
    with pytest.raises(ValidationError):
        report_start(by=officer_a, period=period, committee=tree.a)
    assert report_start(by=officer_a, period=period, committee=tree.a1).recipient == tree.a
    assert report_start(by=bloc_staff, period=period, committee=tree.root).recipient is None


def test_the_report_page_costs_the_same_queries_with_more_records(
    client, tree, bloc_staff, django_assert_max_num_queries
):
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report = report_start(by=bloc_staff, period=period, committee=tree.root)
    client.force_login(bloc_staff)
    client.get(report.get_absolute_url())
    with django_assert_max_num_queries(200) as few:
        client.get(report.get_absolute_url())
    for number in range(10):
        inspection_plan(by=bloc_staff, committee=tree.a1, inspected_by=tree.a, subject=f"Kiểm tra {number}",
                        planned_on=date(2026, 1, 1 + number))  # fmt: skip
        year_record(by=bloc_staff, committee=[tree.a, tree.a1, tree.b, tree.b1][number % 4], year=2016 + number,
                    theme="Chuyên đề", members_expected=10, members_with_plan=number)  # fmt: skip
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(report.get_absolute_url()).status_code == 200


def step(client, report, name, **data):
    return client.post(reverse(f"reports:report_{name}", args=[report.pk]), data)


def test_the_leader_signs_the_department_sends_the_parent_asks_for_additions_and_a_new_version_is_received(
    client, tree, bloc_staff, officer_a, leader_a
):
    from resolutions.services.directive05 import year_update

    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report = report_start(by=officer_a, period=period, committee=tree.a)
    year = year_record(
        by=officer_a, committee=tree.a1, year=2026, theme="Chuyên đề", members_expected=25, members_with_plan=20
    )

    client.force_login(officer_a)  # an officer does not sign
    assert "sign" not in client.get(report.get_absolute_url()).context["actions"]
    assert step(client, report, "sign", document_number="12-BC/ĐU", document_date="15/06/2026").status_code == 403
    client.force_login(leader_a)
    refused = step(client, report, "sign", document_number="  ", document_date="15/06/2026")
    assert refused.status_code == 200 and refused.context["actions"]["sign"].errors
    # The checks found text left to write ("…"): the leader signs with a note saying why, or not at all.
    unanswered = step(client, report, "sign", document_number="12-BC/ĐU", document_date="15/06/2026")
    assert unanswered.status_code == 200 and unanswered.context["actions"]["sign"].has_error("note", "findings")
    assert unanswered.context["actions"]["sign"]["document_number"].value() == "12-BC/ĐU"  # kept as typed
    assert not report.versions.exclude(figures=None).exists()
    signed = step(client, report, "sign", document_number="12-BC/ĐU", document_date="15/06/2026", note="Đã rà soát.")
    assert signed.status_code == 302
    report.refresh_from_db()
    first = report.current
    assert (report.status, first.document_number, first.signed_by) == ("signed", "12-BC/ĐU", leader_a)
    assert first.figures["current"]["directive05"]["members_with_plan"] == 20

    year_update(record=year, by=officer_a, members_with_plan=25)  # the records change: the snapshot does not
    first.refresh_from_db()
    assert first.figures["current"]["directive05"]["members_with_plan"] == 20
    shown = client.get(report.get_absolute_url())
    assert not shown.context["live"]

    client.force_login(officer_a)
    assert step(client, report, "send", recipients="- Ban Tuyên giáo Đảng ủy Khối,\n- Lưu.").status_code == 302
    client.force_login(bloc_staff)  # the parent's department: it receives, it does not sign for the child
    assert step(client, report, "sign", document_number="13-BC", document_date="16/06/2026").status_code == 403
    assert step(client, report, "additions", comment="").context["actions"]["additions"].errors
    assert step(client, report, "additions", comment="Bổ sung số liệu đảng viên viết kế hoạch.").status_code == 302
    report.refresh_from_db()
    assert report.status == "additions" and report.versions.count() == 2 and report.current.figures is None

    client.force_login(leader_a)
    assert step(client, report, "sign", document_number="12a-BC/ĐU", document_date="20/06/2026",
                note="Đã bổ sung.").status_code == 302  # fmt: skip
    client.force_login(officer_a)
    step(client, report, "send", recipients="- Ban Tuyên giáo Đảng ủy Khối,\n- Lưu.")
    client.force_login(bloc_staff)
    assert step(client, report, "receive", incoming_reference="145/ĐẾN").status_code == 302
    report.refresh_from_db()
    second = report.current
    assert (report.status, second.number, second.incoming_reference, second.received_by) == (
        "received", 2, "145/ĐẾN", bloc_staff)  # fmt: skip
    assert second.figures["current"]["directive05"]["members_with_plan"] == 25
    assert first.figures["current"]["directive05"]["members_with_plan"] == 20  # the first version is kept
    assert list(report.events.values_list("action", "version")) == [
        ("started", 1), ("signed", 1), ("sent", 1), ("additions", 1), ("new_version", 2), ("signed", 2), ("sent", 2),
        ("received", 2),
    ]  # fmt: skip
    assert "Bổ sung số liệu đảng viên" in client.get(report.get_absolute_url()).text
    assert report.events.get(action="signed", version=1).comment == "Đã rà soát."
    assert step(client, report, "receive", incoming_reference="146").status_code == 200  # nothing left to receive


def test_a_leader_signs_only_their_own_committees_report(client, tree, bloc_staff, officer_a, leader_a):
    from committees.models import Role
    from tests.factories import make_staff

    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    cell_report = report_start(by=officer_a, period=period, committee=tree.a1)
    client.force_login(leader_a)  # A's leader, above the cell
    assert step(client, cell_report, "sign", document_number="1-BC", document_date="15/06/2026").status_code == 403
    cell_leader = make_staff("leader_a1", tree.a1, Role.LEADER)
    client.force_login(cell_leader)
    signed = step(client, cell_report, "sign", document_number="1-BC", document_date="15/06/2026", note="Đã rà soát.")
    assert signed.status_code == 302
    client.force_login(officer_a)  # the cell's parent receives it; A's officer is its recipient's staff
    assert step(client, cell_report, "receive").status_code == 200  # not sent yet: refused, said why
    cell_report.refresh_from_db()
    assert cell_report.status == "signed"


def test_the_parent_sees_who_owes_it_a_report_who_sent_it_and_who_is_late(
    client, tree, bloc_staff, officer_a, officer_b_sibling, leader_a, django_assert_max_num_queries
):
    import time_machine

    from committees.models import Role
    from reports.selectors import period_board
    from reports.services import report_send, report_sign
    from tests.factories import make_committee, make_staff

    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report_start(by=officer_b_sibling, period=period, committee=tree.b)  # started, not sent
    a_report = report_start(by=officer_a, period=period, committee=tree.a)
    with time_machine.travel("2026-06-18 10:00 +0700"):
        report_sign(by=leader_a, report=a_report, document_number="12-BC/ĐU", document_date=date(2026, 6, 18),
                    note="Đã rà soát.")  # fmt: skip
        report_send(by=officer_a, report=a_report, recipients="- Ban Tuyên giáo Đảng ủy Khối")
    board = period_board(period, tree.root, date(2026, 6, 25))
    assert [(row.committee.code, row.report and row.report.status, row.late) for row in board.rows] == [
        ("A", "sent", False), ("B", "draft", True)]  # fmt: skip
    assert (board.owed, board.submitted, board.on_time, board.submission_rate) == (2, 1, 1, 50.0)
    assert period_board(period, tree.root, date(2026, 6, 19)).rows[1].late is False  # not yet due

    client.force_login(bloc_staff)
    page = client.get(period.get_absolute_url())
    assert page.context["board"].owed == 2 and a_report.get_absolute_url() in page.text
    with django_assert_max_num_queries(99) as few:
        client.get(period.get_absolute_url())
    allowed = len(few)  # now: the log of queries it is read from keeps only the last ones
    for number in range(8):
        child = make_committee(tree.root, code=f"N{number}", name=f"Đảng ủy {number}", kind="upper_grassroots")
        make_staff(f"officer_n{number}", child, Role.OFFICER)
        report_start(by=None, period=period, committee=child)
    client.get(period.get_absolute_url())  # new accounts renewed the permissions' version: read again once, and kept
    with django_assert_max_num_queries(allowed):
        assert client.get(period.get_absolute_url()).context["board"].owed == 10
    client.force_login(officer_a)  # a branch sees the reports owed to it, not its sibling's
    assert client.get(period.get_absolute_url() + "?committee=B").status_code == 404
    assert client.get(period.get_absolute_url()).context["board"].owed == 1  # its cell A1


def test_a_superuser_reads_the_pages_and_acts_for_no_committee(client, tree, bloc_staff, admin_user):
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report = report_start(by=bloc_staff, period=period, committee=tree.root)  # reports above the tree: no recipient
    client.force_login(admin_user)
    assert client.get(reverse("resolutions:directive05_overview")).status_code == 200
    page = client.get(period.get_absolute_url())
    assert page.status_code == 200 and not page.context["may_start"]
    shown = client.get(report.get_absolute_url())
    assert shown.status_code == 200 and shown.context["actions"] == {}
    assert step(client, report, "receive").status_code == 403


def test_each_step_the_reports_state_does_not_allow_is_refused_in_its_own_words(tree, bloc_staff, officer_a, leader_a):
    from django.core.exceptions import ValidationError

    from reports import services

    def refusal(step, **arguments) -> list[str]:
        with pytest.raises(ValidationError) as refused, translation.override("en"):
            step(report=report, **arguments)
        return refused.value.messages

    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report = report_start(by=officer_a, period=period, committee=tree.a)
    assert refusal(services.report_send, by=officer_a, recipients="Lưu.") == ["Only a signed report is sent."]
    assert refusal(services.report_receive, by=bloc_staff) == ["Only a report that was sent is received."]
    assert refusal(services.report_request_additions, by=bloc_staff, comment="Bổ sung.") == [
        "Additions are requested of a report that was sent."
    ]
    services.report_sign(by=leader_a, report=report, document_number="12-BC", document_date=date(2026, 6, 15),
                         note="Đã rà soát.")  # fmt: skip
    signed = ["This version is signed: its text no longer changes."]
    assert refusal(services.report_write, by=officer_a, parts={"strengths": "Sửa."}) == signed
    assert refusal(services.report_compose, by=officer_a) == signed
    assert refusal(services.report_sign, by=leader_a, document_number="13-BC", document_date=date(2026, 6, 16)) == [
        "This version is already signed."
    ]
    # Whatever the state says (a restore or a shell could leave it wrong), a signed version's text does not change.
    Report.objects.filter(pk=report.pk).update(status="draft")
    assert refusal(services.report_write, by=officer_a, parts={"strengths": "Sửa."}) == signed
    assert refusal(services.report_sign, by=leader_a, document_number="13-BC", document_date=date(2026, 6, 16)) == [
        "This version is already signed."
    ]
    assert report.versions.get().document_number == "12-BC"


def test_only_the_committees_own_department_writes_its_report(tree, bloc_staff, officer_a, leader_a):
    from django.core.exceptions import PermissionDenied

    from reports.services import report_compose, report_write

    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report = report_start(by=officer_a, period=period, committee=tree.a)
    for outsider in (bloc_staff, leader_a):  # the parent's department; the committee's leader, who signs, not writes
        with pytest.raises(PermissionDenied):
            report_write(by=outsider, report=report, parts={"strengths": "Sửa."})
        with pytest.raises(PermissionDenied):
            report_compose(by=outsider, report=report)
    report_write(by=officer_a, report=report, parts={"strengths": "  Đủ. "})
    parts = report.versions.get().narrative["parts"]
    assert (parts["strengths"], parts["tasks"]) == ("Đủ.", "")  # a part not sent is left empty
    assert report_compose(by=officer_a, report=report).narrative["rounded"] is False  # exact unless asked
    assert report_compose(by=officer_a, report=report, rounded=True).narrative["rounded"] is True


def test_what_a_step_needs_is_asked_for_on_its_field_and_nothing_changes(tree, bloc_staff, officer_a, leader_a):
    from django.core.exceptions import ValidationError

    from reports import services

    def refusal(step, **arguments) -> dict:
        with pytest.raises(ValidationError) as refused, translation.override("en"):
            step(report=report, **arguments)
        return refused.value.message_dict

    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    report = report_start(by=officer_a, period=period, committee=tree.a)
    signing = {"by": leader_a, "document_number": " ", "document_date": date(2026, 6, 15), "note": "Đã rà soát."}
    assert refusal(services.report_sign, **signing) == {"document_number": ["Give the report's number."]}
    found = refusal(services.report_sign, **{**signing, "document_number": "12-BC", "note": " "})
    assert list(found) == ["note"] and found["note"][0].startswith("The checks found ")
    assert report.versions.get().figures is None
    services.report_sign(**{**signing, "document_number": " 12-BC "}, report=report)
    assert report.versions.get().document_number == "12-BC"
    services.report_send(by=officer_a, report=report, recipients="Lưu.")
    assert refusal(services.report_request_additions, by=bloc_staff, comment="  ") == {
        "comment": ["Say what should be added or explained."]
    }
    report.refresh_from_db()
    assert (report.status, report.versions.count()) == ("sent", 1)
