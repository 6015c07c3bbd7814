"""Study campaigns in the browser's terms: started from a form, each target's steps with their state, a step
reported with its figures checked; the access rule and the query counts of the pages."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from committees.models import Committee
from resolutions.models import Campaign, StepKind, StepReport
from resolutions.services.campaigns import campaign_start, default_steps
from tests.factories import make_committee
from tests.resolutions.factories_documents import make_document

pytestmark = pytest.mark.django_db
Kind = Committee.Kind


@pytest.fixture
def resolution(tree):
    return make_document(tree.root, issued_on=date(2026, 2, 20))


@pytest.fixture
def campaign(tree, resolution, bloc_staff):
    return campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập Nghị quyết 05-NQ/ĐUK", starts_on=date(2026, 3, 1),
        documents=[resolution], steps=default_steps([Kind.UPPER_GRASSROOTS]),
    )  # fmt: skip


def start_data(tree, resolution, **overrides):
    return {
        "committee": tree.root.code, "title": "Học tập Nghị quyết 05-NQ/ĐUK", "starts_on": "01/03/2026",
        "documents": [resolution.pk], "target_kinds": [Kind.UPPER_GRASSROOTS], "directly_under": "on", **overrides,
    }  # fmt: skip


def test_bloc_staff_start_a_campaign_and_the_committees_of_the_kinds_chosen_take_part(
    client, tree, resolution, bloc_staff
):
    client.force_login(bloc_staff)
    response = client.post(reverse("resolutions:campaign_start"), start_data(tree, resolution))
    campaign = Campaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert sorted(campaign.targets.values_list("committee__code", flat=True)) == ["A", "B"]
    assert campaign.steps.count() == 7 and list(campaign.documents.all()) == [resolution]


def test_a_campaign_cannot_start_before_its_documents_and_the_form_keeps_what_was_typed(
    client, tree, resolution, bloc_staff
):
    client.force_login(bloc_staff)
    response = client.post(reverse("resolutions:campaign_start"), start_data(tree, resolution, starts_on="10/02/2026"))
    assert response.status_code == 200 and "starts_on" in response.context["form"].errors
    assert 'value="10/02/2026"' in response.text
    assert not Campaign.objects.exists()


def test_an_officer_sees_their_own_part_and_not_the_siblings(client, tree, campaign, officer_a):
    client.force_login(officer_a)
    page = client.get(campaign.get_absolute_url())
    assert [row.committee.code for row in page.context["board"].rows] == ["A"]
    assert tree.b.name not in page.text
    siblings = campaign.targets.get(committee=tree.b)
    assert client.get(reverse("resolutions:campaign_target", args=[siblings.pk])).status_code == 404


@time_machine.travel("2026-03-20 09:00 +0700", tick=False)
def test_an_officer_reports_a_step_and_its_state_follows(client, tree, campaign, officer_a):
    target = campaign.targets.get(committee=tree.a)
    step = campaign.steps.get(kind=StepKind.PLAN)  # due 15 days after 01/03: 16/03
    client.force_login(officer_a)
    page = client.get(reverse("resolutions:campaign_target", args=[target.pk]))
    states = {line.step.kind: line.status for line in page.context["lines"]}
    assert (states[StepKind.ANNOUNCEMENT], states[StepKind.PLAN], states[StepKind.MEMBERS]) == (
        "overdue", "overdue", "not_due",
    )  # fmt: skip
    url = reverse("resolutions:step_report", args=[target.pk, step.pk])
    response = client.post(url, {"done_on": "18/03/2026", "evidence_number": "15-KH/ĐU", "evidence_date": "18/03/2026",
                                 "sessions": "0", "attendees": "0", "members_studied": "0", "non_members": "0",
                                 "reflections": "0", "articles": "0", "format": "", "not_applicable": ""})  # fmt: skip
    assert response.status_code == 302
    page = client.get(reverse("resolutions:campaign_target", args=[target.pk]))
    assert {line.step.kind: line.status for line in page.context["lines"]}[StepKind.PLAN] == "late"
    assert "Hoàn thành chậm" in page.text


def test_figures_that_cannot_be_are_explained_on_their_field_and_nothing_is_saved(client, tree, campaign, officer_a):
    make_committee(tree.a, code="A9", name="Chi bộ thêm", party_members=5)
    target = campaign.targets.get(committee=tree.a)
    step = campaign.steps.get(kind=StepKind.MEMBERS)
    client.force_login(officer_a)
    expected = Committee.objects.get(pk=tree.a.pk).subtree_party_members
    response = client.post(
        reverse("resolutions:step_report", args=[target.pk, step.pk]),
        {"done_on": "20/03/2026", "attendees": "30", "members_studied": str(expected + 1), "sessions": "1",
         "non_members": "0", "reflections": "0", "articles": "0", "format": "in_person", "not_applicable": ""},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["form"].errors["members_studied"] == [
        f"Số đảng viên đã học tập ({expected + 1}) nhiều hơn số đảng viên phải học tập ({expected}: số đảng viên trừ "
        "số miễn sinh hoạt)."
    ]
    assert f'value="{expected + 1}"' in response.text
    assert not StepReport.objects.exists()


def test_the_organiser_reads_every_target_and_a_leader_reports_nothing(client, tree, campaign, bloc_staff, leader_a):
    client.force_login(bloc_staff)
    assert [row.committee.code for row in client.get(campaign.get_absolute_url()).context["board"].rows] == ["A", "B"]
    target = campaign.targets.get(committee=tree.a)
    step = campaign.steps.get(kind=StepKind.PLAN)
    client.force_login(leader_a)
    assert client.get(reverse("resolutions:campaign_target", args=[target.pk])).context["can_report"] is False
    assert client.get(reverse("resolutions:step_report", args=[target.pk, step.pk])).status_code == 403


def test_a_step_of_another_kind_is_not_found_for_a_target(client, tree, resolution, bloc_staff, officer_a):
    campaign = campaign_start(
        by=bloc_staff, committee=tree.root, title="Học tập", starts_on=date(2026, 3, 1), documents=[resolution],
        steps=default_steps([Kind.UPPER_GRASSROOTS, Kind.ATTACHED_CELL]), directly_under=False,
    )  # fmt: skip
    target = campaign.targets.get(committee=tree.a)
    cells = campaign.steps.filter(target_kind=Kind.ATTACHED_CELL).first()
    client.force_login(officer_a)
    assert client.get(reverse("resolutions:step_report", args=[target.pk, cells.pk])).status_code == 404


@pytest.mark.parametrize("page", ["list", "detail", "target"])
def test_the_pages_cost_the_same_queries_with_many_more_targets(
    client, tree, resolution, bloc_staff, django_assert_max_num_queries, page
):
    def url(campaign):
        target = campaign.targets.order_by("pk").first()
        return {
            "list": reverse("resolutions:campaign_list"),
            "detail": campaign.get_absolute_url(),
            "target": reverse("resolutions:campaign_target", args=[target.pk]),
        }[page]

    def start():
        return campaign_start(
            by=bloc_staff, committee=tree.root, title="Học tập", starts_on=date(2026, 3, 1), documents=[resolution],
            steps=default_steps([Kind.UPPER_GRASSROOTS]),
        )  # fmt: skip

    client.force_login(bloc_staff)
    first = start()
    client.get(url(first))
    with django_assert_max_num_queries(99) as few:
        client.get(url(first))
    for number in range(20):
        make_committee(tree.root, code=f"N{number}", name=f"Đảng bộ {number}", kind=Kind.UPPER_GRASSROOTS)
    more = start()
    for _ in range(5):
        start()
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url(more)).status_code == 200


def test_a_step_is_reported_with_a_file_that_shows_it_read_in_scope_only(
    client, tree, campaign, officer_a, officer_b_sibling
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.opinion.factories_trainings import pdf_bytes

    target = campaign.targets.get(committee=tree.a)
    step = campaign.steps.get(kind=StepKind.KEY_CADRES)
    url = reverse("resolutions:step_report", args=[target.pk, step.pk])
    data = {
        "done_on": "20/03/2026", "attendees": "40", "members_studied": "0", "sessions": "1", "non_members": "0",
        "reflections": "0", "articles": "0", "format": "online", "not_applicable": "", "evidence_title": "Biên bản",
    }  # fmt: skip
    client.force_login(officer_a)
    refused = client.post(url, {**data, "evidence": SimpleUploadedFile("bien-ban.pdf", b"not a pdf at all")})
    assert refused.status_code == 200 and "evidence" in refused.context["form"].errors
    assert not StepReport.objects.exists()  # nothing half-saved
    assert client.post(url, {**data, "evidence": SimpleUploadedFile("bien-ban.pdf", pdf_bytes())}).status_code == 302
    evidence = StepReport.objects.get().evidence.get()
    assert evidence.title == "Biên bản" and evidence.content_type == "application/pdf"
    page = client.get(reverse("resolutions:campaign_target", args=[target.pk]))
    download = reverse("resolutions:step_evidence_download", args=[evidence.pk])
    assert download in page.text
    assert client.get(download).status_code == 200
    client.force_login(officer_b_sibling)
    assert client.get(download).status_code == 404
