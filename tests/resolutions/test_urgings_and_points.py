"""Urgings logged by the committees above a target, and the connection points of a conference followed online."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from resolutions.models import StepKind, StepReport, Urging
from tests.factories import make_committee

pytestmark = pytest.mark.django_db


def report_data(**fields) -> dict:
    data = {
        "done_on": "20/03/2026", "attendees": "0", "members_studied": "0", "sessions": "1", "non_members": "0",
        "reflections": "0", "articles": "0", "format": "online", "not_applicable": "",
        "points-TOTAL_FORMS": "2", "points-INITIAL_FORMS": "0", "points-MIN_NUM_FORMS": "0",
        "points-MAX_NUM_FORMS": "50",
    }  # fmt: skip
    return {**data, **fields}


def key_cadres(campaign, tree):
    target = campaign.targets.get(committee=tree.a)
    return target, campaign.steps.get(target_kind=target.kind, kind=StepKind.KEY_CADRES)


def test_a_conference_followed_online_reports_its_connection_points_and_their_attendees_add_up(
    client, tree, campaign, officer_a
):
    target, step = key_cadres(campaign, tree)
    url = reverse("resolutions:step_report", args=[target.pk, step.pk])
    client.force_login(officer_a)
    assert "connection-points" in client.get(url).text
    response = client.post(url, report_data(**{
        "points-0-host": "A", "points-0-place": "Hội trường Bộ", "points-0-attendees": "120",
        "points-1-host": "A1", "points-1-attendees": "35",
    }))  # fmt: skip
    assert response.status_code == 302, response.context["form"].errors
    report = StepReport.objects.get(target=target, step=step)
    assert report.attendees == 155
    assert [(p.host.code, p.place, p.attendees) for p in report.connection_points.all()] == [
        ("A", "Hội trường Bộ", 120), ("A1", "", 35),
    ]  # fmt: skip
    page = client.get(target.get_absolute_url())
    assert "Hội trường Bộ" in page.text and "Đảng ủy Bộ Tài chính" in page.text
    # Corrected: the points given replace those reported.
    client.post(url, report_data(**{"points-0-host": "A", "points-0-attendees": "100"}))
    report.refresh_from_db()
    assert (report.attendees, report.connection_points.count()) == (100, 1)


def test_points_that_cannot_be_are_refused_and_the_form_keeps_what_was_typed(client, tree, campaign, officer_a):
    target, step = key_cadres(campaign, tree)
    url = reverse("resolutions:step_report", args=[target.pk, step.pk])
    client.force_login(officer_a)
    # A sibling's committee cannot host A's point: it is not even found in A's officer's scope.
    response = client.post(url, report_data(**{"points-0-host": "B1", "points-0-attendees": "10"}))
    assert response.status_code == 200 and response.context["points"].forms[0].errors["host"]
    # Attendees that are not the points' sum.
    response = client.post(url, report_data(attendees="50", **{"points-0-host": "A1", "points-0-attendees": "10"}))
    assert response.status_code == 200 and "attendees" in response.context["form"].errors
    assert 'value="50"' in response.text
    # Points of a conference held in person.
    response = client.post(url, report_data(format="in_person", **{"points-0-host": "A1", "points-0-attendees": "10"}))
    assert response.status_code == 200 and "format" in response.context["form"].errors
    assert not StepReport.objects.filter(target=target, step=step).exists()  # nothing half-saved


@time_machine.travel("2026-04-02 10:00 +0700", tick=False)
def test_the_committee_above_logs_an_urging_the_target_reads_it_and_a_sibling_sees_nothing(
    client, tree, campaign, bloc_staff, officer_a, officer_b_sibling
):
    target = campaign.targets.get(committee=tree.a)
    url = reverse("resolutions:campaign_urging", args=[target.pk])
    client.force_login(bloc_staff)
    assert f'href="{url}"' in client.get(target.get_absolute_url()).text
    response = client.post(url, {"urged_on": "02/04/2026", "channel": "phone", "note": "Đã gọi đồng chí Chánh VP"})
    assert response.status_code == 302
    urging = Urging.objects.get()
    assert (urging.target, urging.by, urging.urged_on) == (target, bloc_staff, date(2026, 4, 2))
    client.force_login(officer_a)
    page = client.get(target.get_absolute_url())
    assert "Đã gọi đồng chí Chánh VP" in page.text and 'href="' + url not in page.text  # A does not urge itself
    assert page.text.count('id="urgings-title"') == 1  # once, in the page's content
    assert "<section" not in page.text.split("</title>")[0]
    response = client.post(url, {"urged_on": "02/04/2026", "channel": "phone", "note": ""})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert Urging.objects.count() == 1
    client.force_login(officer_b_sibling)
    assert client.get(url).status_code == 404


def test_an_urging_with_a_date_that_cannot_be_keeps_what_was_typed(client, tree, campaign, bloc_staff):
    make_committee(tree.a, code="A7", name="Chi bộ bảy")
    target = campaign.targets.get(committee=tree.a)
    client.force_login(bloc_staff)
    response = client.post(
        reverse("resolutions:campaign_urging", args=[target.pk]),
        {"urged_on": "31/02/2026", "channel": "letter", "note": "Gửi công văn số 12"},
    )
    assert response.status_code == 200 and "urged_on" in response.context["form"].errors
    assert "Gửi công văn số 12" in response.text and not Urging.objects.exists()


def steps_data(campaign, changes: dict[int, dict], new: list[dict] = (), removed=()) -> dict:
    steps = list(campaign.steps.order_by("target_kind", "order", "pk"))
    data = {"steps-TOTAL_FORMS": len(steps) + len(new), "steps-INITIAL_FORMS": len(steps),
            "steps-MIN_NUM_FORMS": 0, "steps-MAX_NUM_FORMS": 60}  # fmt: skip
    for index, step in enumerate(steps):
        row = {"pk": step.pk, "due_days": step.due_days, "order": step.order, **changes.get(step.pk, {})}
        if step.pk in removed:
            row["DELETE"] = "on"
        data |= {f"steps-{index}-{name}": value for name, value in row.items()}
    for offset, row in enumerate(new, start=len(steps)):
        data |= {f"steps-{offset}-{name}": value for name, value in row.items()}
    return data


def test_the_organiser_adjusts_a_deadline_adds_and_removes_steps_and_the_board_follows(
    client, tree, campaign, bloc_staff, officer_a
):
    from committees.models import Committee
    from resolutions.models import CampaignTally

    attached = Committee.Kind.ATTACHED_CELL
    members = campaign.steps.get(target_kind=attached, kind=StepKind.MEMBERS)  # A2C did it late, on 05/05
    reflections = campaign.steps.get(target_kind=attached, kind=StepKind.REFLECTIONS)
    url = reverse("resolutions:campaign_steps", args=[campaign.pk])
    client.force_login(officer_a)
    assert client.get(url).status_code == 403  # a target reads the organiser's campaign, it does not change it
    client.force_login(bloc_staff)
    assert f'href="{url}"' in client.get(campaign.get_absolute_url()).text
    data = steps_data(
        campaign, {members.pk: {"due_days": 70}}, new=[{"target_kind": attached, "kind": "publicity", "due_days": 80}],
        removed=[reflections.pk],
    )  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context["formset"].non_form_errors()
    tally = CampaignTally.objects.get(step=members, committee=tree.root)
    assert (tally.on_time, tally.late) == (1, 0)  # due 10/05 now
    assert set(campaign.steps.filter(target_kind=attached).values_list("kind", flat=True)) == {"members", "publicity"}
    # A reported step cannot go, and nothing changes when one is asked to.
    response = client.post(url, steps_data(campaign, {}, removed=[members.pk]))
    assert response.status_code == 200
    assert "Bước “Học tập cho đảng viên” của loại chi bộ trực thuộc đã có báo cáo: không thể xóa." in response.text
    assert campaign.steps.filter(pk=members.pk).exists()


def test_a_row_posted_as_another_campaigns_step_changes_only_this_campaign(client, tree, campaign, bloc_staff):
    from resolutions.services.campaigns import campaign_start, default_steps

    other = campaign_start(
        by=bloc_staff, committee=tree.root, title="Đợt khác", starts_on=date(2026, 3, 1),
        documents=campaign.documents.all(), steps=default_steps([tree.a.kind]),
    )  # fmt: skip
    foreign = other.steps.first()
    client.force_login(bloc_staff)
    data = steps_data(campaign, {})
    data["steps-0-pk"] = foreign.pk  # a hidden field changed by hand
    data["steps-0-due_days"] = 5
    response = client.post(reverse("resolutions:campaign_steps", args=[campaign.pk]), data)
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.due_days != 5


# --- The services' own checks, as any caller meets them ------------------------------------------------------------


def test_the_connection_points_refusals_say_what_is_wrong(tree, campaign, officer_a, bloc_staff):
    from django.core.exceptions import ValidationError

    from resolutions.services.campaigns import Point, step_report_save

    target, step = key_cadres(campaign, tree)
    report = {"target": target, "step": step, "by": bloc_staff, "done_on": date(2026, 3, 20)}
    with pytest.raises(ValidationError) as refused:
        step_report_save(**report, format="in_person", points=[Point(tree.a1, 10)])
    assert refused.value.message_dict["format"] == [
        "Chỉ hội nghị tổ chức trực tuyến hoặc kết hợp trực tiếp và trực tuyến mới có điểm cầu."
    ]
    with pytest.raises(ValidationError) as refused:
        step_report_save(**report, format="online", points=[Point(tree.b1, 10)])  # a sibling's cell
    assert refused.value.message_dict["attendees"] == [
        "Điểm cầu do chính tổ chức đảng này hoặc tổ chức đảng trực thuộc chủ trì."
    ]
    with pytest.raises(ValidationError) as refused:
        step_report_save(**report, format="online", attendees=50, points=[Point(tree.a1, 10), Point(tree.a, 5)])
    assert refused.value.message_dict["attendees"] == [
        "Số người dự (50) phải bằng tổng số người dự tại các điểm cầu (15)."
    ]


def test_an_urging_is_logged_only_from_within_the_scope_and_without_a_note_it_has_none(
    tree, campaign, bloc_staff, officer_b_sibling
):
    from django.core.exceptions import PermissionDenied

    from resolutions.services.campaigns import urging_log

    target = campaign.targets.get(committee=tree.a)
    urging = urging_log(target=target, by=bloc_staff, urged_on=date(2026, 4, 2), channel="phone")
    assert urging.note == ""
    with pytest.raises(PermissionDenied):
        urging_log(target=target, by=officer_b_sibling, urged_on=date(2026, 4, 2), channel="phone")
    assert Urging.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_urging_is_logged_outside_any_transaction_as_a_request_does(tree, bloc_staff):
    from resolutions.services.campaigns import campaign_start, default_steps, urging_log
    from tests.resolutions.factories_documents import make_document

    campaign = campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập", starts_on=date(2026, 3, 1),
        documents=[make_document(tree.root, issued_on=date(2026, 2, 20))], steps=default_steps([tree.a.kind]),
    )  # fmt: skip
    target = campaign.targets.get(committee=tree.a)
    urging_log(target=target, by=bloc_staff, urged_on=date(2026, 4, 2), channel="letter")  # nothing held locked
    assert Urging.objects.filter(target=target).exists()


def test_each_figure_that_cannot_be_is_refused_in_its_own_words():
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from resolutions.models import CampaignStep
    from resolutions.services.campaigns import check_report

    report = StepReport(
        step=CampaignStep(kind=StepKind.MEMBERS), done_on=date(2026, 3, 1), attendees=0, members_studied=5,
        not_applicable="Không tổ chức",
    )  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        check_report(report, expected=3, issued=date(2026, 3, 10))
    assert refused.value.message_dict == {
        "members_studied": [
            "More members studied (5) than are expected to study (3: the party members less those exempt from "
            "meetings)."
        ],
        "attendees": ["A conference held had people in it: give the number of attendees."],
        "done_on": ["The step cannot be done before the document it studies was issued (10/03/2026)."],
        "not_applicable": ["A step done, or attended above, is not “not applicable”."],
    }
