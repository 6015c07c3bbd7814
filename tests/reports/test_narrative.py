"""The report's text written from its figures: whose work each sentence names, ratios, changes and rounding the
Vietnamese way, citations in full once, the last report's tasks carried in; numbers the text no longer says as the
figures do are found; and the checks a leader sees before signing."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from committees.models import Committee
from reports.checks import findings
from reports.figures import compared
from reports.models import Report, ReportingPeriod
from reports.narrative import approximately, change_phrase, compose, mismatches
from reports.services import period_open, report_start, report_write
from resolutions.models import PartyDocument
from resolutions.selectors.campaigns import campaign_board
from resolutions.selectors.study import CampaignCoverage, StudyFigures, study_figures
from resolutions.services.campaigns import campaign_start, default_steps
from tests.resolutions.campaign_fixture import EVERY_KIND, TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english():
    """The checks and the figures' names are read in English here; the text itself is Vietnamese whatever it is."""
    with translation.override("en"):
        yield


HALF = {"kind": "half", "year": 2026, "starts_on": date(2025, 12, 15), "ends_on": date(2026, 6, 14),
        "deadline": date(2026, 6, 20), "obliged_kinds": ["upper_grassroots", "grassroots_cell"]}  # fmt: skip


@pytest.fixture
def report(tree, bloc_staff, officer_a) -> Report:
    Committee.objects.filter(pk=tree.a.pk).update(department_name="Ban Tuyên giáo Đảng ủy Bộ Tài chính")
    tree.a.refresh_from_db()
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    return report_start(by=officer_a, period=period, committee=tree.a)


def figures_of(report: Report) -> dict:
    return compared(report.committee, report.period.window)


def test_counts_are_rounded_the_way_reports_round_them_and_changes_said_in_words():
    assert [approximately(n) for n in (99, 100, 127, 150, 180, 1050, 35599, 40000)] == [
        "99", "100", "hơn 100", "hơn 100", "gần 200", "hơn 1.000", "gần 36.000", "40.000"]  # fmt: skip
    assert change_phrase(112, 100) == "tăng 12% so với cùng kỳ năm trước"
    assert change_phrase(95, 100) == "giảm 5% so với cùng kỳ năm trước"
    assert change_phrase(1001, 1000) == "tăng 0,1% so với cùng kỳ năm trước"
    assert change_phrase(7, 7) == "bằng cùng kỳ năm trước"
    assert change_phrase(7, 0) == ""  # nothing a year before: no comparison
    assert change_phrase(112, 100, said=False) == "tăng 12%"  # "So với cùng kỳ năm trước, … tăng 12%; …"


def test_the_text_says_whose_work_it_was_with_ratios_and_changes_the_vietnamese_way(report):
    snapshot = figures_of(report)
    current = snapshot["current"]
    current["trainings"].update(trainings=5, own_trainings=2, persons=127, person_times=180)
    current["collaborators"].update(active=127, committees_with_active=4)
    snapshot["year_before"]["collaborators"]["active"] = 100
    current["directive05"].update(recorded=3, plans=3, members_with_plan=35599, members_expected=35900)

    parts = compose(report, snapshot)["parts"]
    trainings = ("Ban Tuyên giáo Đảng ủy Bộ Tài chính đã tổ chức 2 hội nghị tập huấn nghiệp vụ, các cấp ủy trực "
                 "thuộc tổ chức 3 hội nghị; tổng cộng đã tập huấn cho 127 cộng tác viên (180 lượt).")  # fmt: skip
    assert trainings in parts["opinion"]
    assert "127 cộng tác viên dư luận xã hội đang hoạt động (tăng 27% so với cùng kỳ năm trước)" in parts["opinion"]
    assert "35.599/35.900 đảng viên xây dựng kế hoạch làm theo, đạt 99,16%" in parts["directive05"]
    assert "hơn 100 cộng tác viên (180 lượt)" in compose(report, snapshot, rounded=True)["parts"]["opinion"]
    snapshot["year_before"]["trainings"]["person_times"] = 150
    snapshot["year_before"]["dialogues"]["sessions"] = 1
    current["dialogues"]["sessions"] = 2
    rising = compose(report, snapshot)["parts"]["strengths"].splitlines()[-1]
    assert rising == ("So với cùng kỳ năm trước, số lượt cộng tác viên được tập huấn tăng 20%; "
                      "số buổi đối thoại tăng 100%.")  # fmt: skip

    current["trainings"].update(own_trainings=0)  # none of its own: the committees under it did it all
    assert "Các cấp ủy trực thuộc đã tổ chức 5 hội nghị tập huấn" in compose(report, snapshot)["parts"]["opinion"]


def test_a_cell_without_committees_under_it_is_the_subject_of_its_own_work(tree, bloc_staff, officer_a):
    period = period_open(by=bloc_staff, committee=tree.root, **HALF)
    cell = report_start(by=officer_a, period=period, committee=tree.a1)
    snapshot = figures_of(cell)
    snapshot["current"]["trainings"].update(trainings=1, own_trainings=1, persons=9, person_times=9)
    snapshot["current"]["briefings"].update(due=6, held=5, own_held=5, invited=50, attended=45)
    opinion = compose(cell, snapshot)["parts"]["opinion"]
    assert "Chi bộ Vụ Tổng hợp đã tổ chức 1 hội nghị tập huấn nghiệp vụ cho 9 cộng tác viên (9 lượt)." in opinion
    assert ("Chi bộ Vụ Tổng hợp đã tổ chức 5/6 buổi giao ban cộng tác viên định kỳ theo kế hoạch; cộng tác viên "
            "tham dự 45/50 lượt, đạt 90%.") in opinion  # fmt: skip
    assert "1 buổi giao ban định kỳ chưa được tổ chức" in compose(cell, snapshot)["parts"]["shortcomings"]


def test_a_number_edited_away_or_changed_in_the_records_is_found(client, report, officer_a):
    snapshot = figures_of(report)
    snapshot["current"]["directive05"].update(recorded=1, plans=1, members_with_plan=35599, members_expected=35900)
    narrative = compose(report, snapshot)
    assert mismatches(narrative, snapshot["current"]) == []

    edited = {**narrative, "parts": {**narrative["parts"]}}
    edited["parts"]["directive05"] = edited["parts"]["directive05"].replace("35.599/", "35.600/")
    assert [(m.part, m.figure, m.written) for m in mismatches(edited, snapshot["current"])] == [
        ("directive05", "35.599", "35.599")]  # fmt: skip
    snapshot["current"]["directive05"]["members_with_plan"] = 35700  # the records changed after it was written
    assert [(m.figure, m.written) for m in mismatches(narrative, snapshot["current"])] == [("35.700", "35.599")]
    assert mismatches(narrative, snapshot["current"])[0].label == "Directive 05: Members with a follow-up plan"

    # In the editor: the officer changes a number of the written text; the page says which figure it was.
    version = report.current
    version.narrative = narrative
    version.save()
    client.force_login(officer_a)
    url = reverse("reports:report_text", args=[report.pk])
    parts = dict(edited["parts"])
    assert client.post(url, parts).status_code == 302
    assert report_text(report)["directive05"] == parts["directive05"].strip()
    page = client.get(url)
    assert page.status_code == 200
    assert {m.part for m in page.context["mismatches"]} == {"directive05"}  # the live figures: none recorded


def report_text(report: Report) -> dict:
    report.refresh_from_db()
    return report.current.narrative["parts"]


def test_a_document_is_cited_in_full_the_first_time_and_short_after(tree, bloc_staff, campaign, report):
    campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập chuyên đề", starts_on=date(2026, 3, 1),
        documents=list(campaign.documents.all()), steps=default_steps(EVERY_KIND), directly_under=False,
    )  # fmt: skip
    study = compose(report, figures_of(report))["parts"]["study"]
    document = campaign.documents.get()
    assert study.count(document.citation) == 1
    assert study.index(document.citation) < study.index(f"Thực hiện {document.short_citation}, ")
    assert "học tập: 35/53 đảng viên tham gia học tập, đạt 66,04%." in study


def test_the_last_reports_key_tasks_are_carried_in_to_be_answered(tree, bloc_staff, officer_a, report):
    last_year = period_open(by=bloc_staff, committee=tree.root, kind="year", year=2025, starts_on=date(2024, 12, 15),
                            ends_on=date(2025, 12, 14), deadline=date(2025, 12, 20),
                            obliged_kinds=["upper_grassroots"])  # fmt: skip
    earlier = report_start(by=officer_a, period=last_year, committee=tree.a)
    report_write(by=officer_a, report=earlier, parts={"tasks": "- Củng cố mạng lưới cộng tác viên;\n\n- Đối thoại."})
    carried = compose(report, figures_of(report))["parts"]["carried"]
    assert carried == "- Củng cố mạng lưới cộng tác viên: …\n\n- Đối thoại: …"
    assert ReportingPeriod.objects.count() == 2


# --- Study figures -----------------------------------------------------------------------------------------------


def test_study_figures_are_the_boards_counts_for_the_steps_due_in_the_window(tree, bloc_staff, campaign):
    # A's subtree: A, A1, A2, A2P, A2C take 7+7+7+2+2 steps, all due from 4/3 to 30/5; A's plan and A1's members
    # on time, A2C's members late; 20 and 15 studied of A's 55 members less 2 exempt.
    from resolutions.models import StepReport

    # Reflections and articles of the step reports done in the window: A1's (20/03) and A2C's (05/05) count; the
    # sibling B1's report is not A's, and A2C's is outside a window ending in April.
    StepReport.objects.filter(target__committee=tree.a1).update(reflections=18, articles=2)
    StepReport.objects.filter(target__committee__code="A2C").update(reflections=15)
    StepReport.objects.filter(target__committee=tree.b1).update(reflections=99)
    line = CampaignCoverage(campaign.pk, "Học tập", studied=35, expected=53)
    assert study_figures(tree.a, date(2026, 3, 1), date(2026, 5, 31)) == StudyFigures(
        campaigns=1, steps_due=25, on_time=2, late=1, studied=35, members_expected=53, reflections=33, articles=2,
        by_campaign=(line,),
    )  # fmt: skip
    assert study_figures(tree.a, date(2026, 3, 1), date(2026, 4, 30)).reflections == 18
    # The bloc to 30/04: the steps due by then (not the reflections of 15/05 nor the programmes of 30/05).
    bloc = study_figures(tree.root, date(2026, 3, 1), date(2026, 4, 30))
    assert (bloc.steps_due, bloc.done, bloc.not_applicable) == (32, 4, 1)
    board = campaign_board(bloc_staff, campaign, tree.root, today=TODAY).total
    assert (bloc.studied, bloc.members_expected) == (board.studied, board.expected_members) == (35, 101)
    assert study_figures(tree.root, date(2026, 1, 1), date(2026, 6, 30)).documents_issued == 1
    assert study_figures(tree.b, date(2026, 6, 1), date(2026, 6, 30)) == StudyFigures()  # nothing due then


# --- Checks before signing ---------------------------------------------------------------------------------------


def test_the_checks_list_what_cannot_be_and_what_is_left_to_write(tree, bloc_staff, officer_a, campaign, report):
    snapshot = figures_of(report)
    version = report.current
    assert [finding.message for finding in findings(report, version, snapshot)] == [
        "Shortcomings and their causes: there is still text to write (“…”).",
        "Proposals to the higher level: there is still text to write (“…”).",
    ]
    texts = version.narrative["parts"]

    snapshot["current"]["concerns"].update(resolved=3, resolved_in_time=4)
    PartyDocument.objects.filter(campaigns=campaign).update(issued_on=date(2026, 3, 15))  # after A's plan (10/03)
    report_write(by=officer_a, report=report, parts={key: text.replace("…", "Đủ.") for key, text in texts.items()})
    report.refresh_from_db()
    found = findings(report, report.current, snapshot)
    assert [finding.message for finding in found] == [
        "More concerns were resolved in time (4) than were resolved (3).",
        "Học tập: 1 steps reported done before the document they carry out was issued.",
    ]
    assert found[1].url == reverse("resolutions:campaign_detail", args=[campaign.pk])


def test_a_child_that_signed_more_than_the_whole_is_flagged(tree, bloc_staff, officer_a, leader_a, report):
    from committees.models import Role
    from reports.services import report_sign
    from tests.factories import make_staff

    cell = report_start(by=officer_a, period=report.period, committee=tree.a1)
    report_sign(by=make_staff("leader_a1", tree.a1, Role.LEADER), report=cell, document_number="1-BC",
                document_date=date(2026, 6, 15), note="Đã rà soát.")  # fmt: skip
    version = cell.versions.get()
    version.figures["current"]["dialogues"]["sessions"] = 4  # as if A1 had signed four dialogues A does not hold
    version.save()
    found = [finding for finding in findings(report, report.current, figures_of(report)) if finding.url]
    assert [(finding.message, finding.url) for finding in found] == [
        ("Chi bộ Vụ Tổng hợp signed 4 for “Dialogue sessions”, more than this report's 0 for the whole.",
         cell.get_absolute_url())]  # fmt: skip


def test_no_hostile_text_or_signing_value_is_a_server_error_and_the_text_page_costs_fixed_queries(
    client, tree, report, officer_a, leader_a, django_assert_max_num_queries
):
    from tests.hostile import HOSTILE

    client.force_login(officer_a)
    url = reverse("reports:report_text", args=[report.pk])
    parts = dict(report.current.narrative["parts"])
    for field in [*parts, "rounded"]:
        for value in HOSTILE:
            assert client.post(url, {**parts, field: value}).status_code < 500, (field, value[:20])
            assert client.post(url, {"compose": "1", field: value}).status_code < 500, (field, value[:20])
    client.force_login(leader_a)
    sign = reverse("reports:report_sign", args=[report.pk])
    good = {"document_number": "12-BC", "document_date": "15/06/2026", "note": ""}
    for field in good:
        for value in HOSTILE:
            assert client.post(sign, {**good, field: value}).status_code < 500, (field, value[:20])
    report.refresh_from_db()
    assert report.status == "draft" or report.current.figures is not None  # signed whole, or not at all

    client.force_login(officer_a)
    Report.objects.filter(pk=report.pk).update(status="draft")
    with django_assert_max_num_queries(40):  # the figures of one window, whatever the number of records
        assert client.get(url).status_code in (200, 302)


def test_the_period_chooses_the_areas_its_reports_cover_and_the_outline_is_numbered_again(report, tree):
    from reports.narrative import outline

    period = report.period
    period.sections = [key for key in period.sections if key != "inspections"]
    period.save()
    headings = [(heading.chapter[:4], heading.heading) for heading in outline(period)]
    assert headings[:1] == [("I. K", "1. Công tác nắm bắt tình hình tư tưởng, dư luận xã hội")]
    assert ("", "5. Các hoạt động khác") in headings and (
        "",
        "6. Kết quả thực hiện các nhiệm vụ trọng tâm kỳ trước",
    ) in headings
    assert ("II. ", "1. Ưu điểm") in headings and not any("kiểm tra" in text for _c, text in headings)
    snapshot = figures_of(report)
    assert compose(report, snapshot)["parts"]["inspections"] == ""
    lines = client_annex(report)
    assert lines and not any(line.section == "Inspections" for line in lines)


def client_annex(report):
    from reports.figures import annex

    return annex(figures_of(report), report.period.sections)
