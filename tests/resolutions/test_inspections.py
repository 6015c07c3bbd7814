"""Inspections and guidance: planned by a committee above, done, concluded, followed up — counted per half, exact on
a hand-built tree; the record is the inspected committee's, read above it, never by a sibling."""

from datetime import date

import pytest
from django.urls import reverse

from resolutions.models import Inspection
from resolutions.selectors.inspections import inspection_figures
from resolutions.services.inspections import inspection_plan

pytestmark = pytest.mark.django_db


def form_data(**fields) -> dict:
    data = {
        "committee": "A1", "inspected_by": "A", "subject": "Kiểm tra thực hiện Chỉ thị 05-CT/TW",
        "inspectors": "Đoàn kiểm tra số 2", "planned_on": "10/04/2026", "done_on": "", "findings": "",
        "conclusion_number": "", "conclusion_date": "", "required": "", "followed_up_on": "",
    }  # fmt: skip
    return {**data, **fields}


def test_an_officer_plans_an_inspection_of_a_cell_and_records_its_conclusions(client, tree, officer_a):
    client.force_login(officer_a)
    assert client.post(reverse("resolutions:inspection_plan"), form_data()).status_code == 302
    inspection = Inspection.objects.get()
    done = form_data(done_on="12/04/2026", findings="Chi bộ đã xây dựng kế hoạch", conclusion_number="05-TB/ĐU",
                     conclusion_date="20/04/2026", required="Bổ sung tiêu chí chuẩn mực đạo đức")  # fmt: skip
    assert client.post(reverse("resolutions:inspection_update", args=[inspection.pk]), done).status_code == 302
    page = client.get(inspection.get_absolute_url())
    assert "05-TB/ĐU" in page.text and "Bổ sung tiêu chí" in page.text


def test_what_cannot_be_is_explained_and_nothing_saved(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("resolutions:inspection_plan"), form_data(committee="A", inspected_by="A"))
    assert response.status_code == 200 and "inspected_by" in response.context["form"].errors
    response = client.post(reverse("resolutions:inspection_plan"), form_data(conclusion_number="05-TB/ĐU"))
    assert response.status_code == 200 and "conclusion_number" in response.context["form"].errors
    assert 'value="Đoàn kiểm tra số 2"' in response.text and not Inspection.objects.exists()


def test_the_figures_of_a_half_are_exact(tree, bloc_staff):
    def plan(committee, by_committee, **fields):
        return inspection_plan(by=bloc_staff, committee=committee, inspected_by=by_committee, subject="Kiểm tra",
                               **fields)  # fmt: skip

    plan(tree.a, tree.root, planned_on=date(2026, 3, 1), done_on=date(2026, 3, 5), conclusion_number="1-TB",
         required="Sửa", followed_up_on=date(2026, 5, 30))  # fmt: skip
    plan(tree.a1, tree.a, planned_on=date(2026, 4, 1), done_on=date(2026, 4, 2))
    plan(tree.a1, tree.a, planned_on=date(2026, 6, 20))  # planned after the half
    plan(tree.b1, tree.b, planned_on=date(2026, 4, 1), done_on=date(2026, 4, 2))  # another branch
    half = inspection_figures(tree.a, date(2025, 12, 15), date(2026, 6, 14))
    assert (half.planned, half.done, half.concluded, half.followed_up) == (2, 2, 1, 1)
    assert inspection_figures(tree.root, date(2025, 12, 15), date(2026, 6, 14)).done == 3


def test_a_sibling_sees_nothing_and_the_inspected_cannot_change_it(client, tree, officer_a, officer_b_sibling,
                                                                    bloc_staff):  # fmt: skip
    inspection = inspection_plan(by=bloc_staff, committee=tree.a, inspected_by=tree.root, subject="Kiểm tra",
                                 planned_on=date(2026, 4, 1))  # fmt: skip
    client.force_login(officer_b_sibling)
    assert client.get(inspection.get_absolute_url()).status_code == 404
    client.force_login(officer_a)
    assert client.get(inspection.get_absolute_url()).status_code == 200
    response = client.post(reverse("resolutions:inspection_update", args=[inspection.pk]),
                           form_data(committee="A", inspected_by="ROOT", done_on="02/04/2026"))  # fmt: skip
    assert response.status_code == 200 and "inspected_by" in response.context["form"].errors  # not theirs to pick
    inspection.refresh_from_db()
    assert inspection.done_on is None  # the inspected committee does not record its own inspection


def test_the_demo_plans_and_records_inspections_of_committees_under_the_inspecting_one(settings):
    from django.core.management import call_command
    from django.utils import timezone

    from committees.demo import SCALES, DemoContext
    from committees.models import Committee
    from core.validators import plausible_date
    from resolutions.demo import inspections as demo

    settings.DEMO_SEEDERS = []
    call_command("seed_demo", "--scale", "small")
    today = timezone.localdate()
    demo.seed(DemoContext("small", SCALES["small"], today, 20180705))
    inspections = list(Inspection.objects.select_related("committee", "inspected_by"))
    assert 0 < len(inspections) <= demo.MAX_INSPECTIONS
    for inspection in inspections:
        inspection.full_clean(exclude=["created_by"])  # its clean() too; the services set who wrote it
        assert inspection.committee.is_within(inspection.inspected_by)
        assert inspection.committee != inspection.inspected_by
        for day in (inspection.done_on, inspection.conclusion_date, inspection.followed_up_on):
            assert day is None or day <= today
        plausible_date(inspection.conclusion_date)
    assert {i.planned_on.year for i in inspections} >= {today.year - 1, today.year}
    assert any(i.planned_on > today and i.done_on is None for i in inspections)  # still to come
    concluded = [i for i in inspections if i.conclusion_number]
    assert concluded and all(i.done_on and i.findings for i in concluded)
    assert all(i.conclusion_number.endswith(("-TB/ĐUK", "-TB/ĐU")) for i in concluded)
    numbered = {(i.inspected_by_id, i.conclusion_date.year, i.conclusion_number) for i in concluded}
    assert len(numbered) == len(concluded)  # each notice its own number in its issuer's year
    assert any(i.followed_up_on for i in inspections) and any(i.required and not i.followed_up_on for i in concluded)
    root = Committee.objects.get(depth=1)
    assert {i.inspected_by.depth for i in inspections} == {1, 2} and any(i.committee.depth == 3 for i in inspections)
    done = inspection_figures(root, date(today.year - 1, 1, 1), today).done
    assert done == sum(1 for i in inspections if i.done_on)
