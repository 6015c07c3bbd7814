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
    }  # fmt: skip
    wrong = {**data, "ends_on": "14/06/2027", "deadline": "10/06/2026"}
    response = client.post(reverse("reports:period_open"), wrong)
    assert response.status_code == 200 and {"ends_on", "deadline"} <= set(response.context["form"].errors)
    assert not ReportingPeriod.objects.exists()
    assert client.post(reverse("reports:period_open"), data).status_code == 302
    period = ReportingPeriod.objects.get()
    assert (period.window.months, period.obliged_kinds) == (6, ["upper_grassroots", "grassroots_cell"])
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
