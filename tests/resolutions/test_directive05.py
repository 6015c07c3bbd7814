"""Directive 05 year by committee: the year's record with its exemplary models, the ethical criteria whose every
version is kept, and the overview that adds numerators and denominators up the tree — exact on a hand-built tree,
read above a committee, never by a sibling."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import translation

from resolutions.models import CriteriaVersion, Criterion, ExemplaryModel, FollowUpYear
from resolutions.selectors.directive05 import (
    Directive05Figures,
    criteria_history,
    directive05_figures,
    directive05_overview,
)
from resolutions.services.directive05 import (
    CriterionRow,
    ModelRow,
    criteria_revise,
    current_criteria,
    year_record,
    year_update,
)
from tests.concurrency import run_behind
from tests.factories import make_committee

pytestmark = pytest.mark.django_db


def record(by, committee, year=2026, *, expected, wrote, models=(), **fields):
    return year_record(
        by=by, committee=committee, year=year, theme=fields.pop("theme", "Chuyên đề năm"),
        members_expected=expected, members_with_plan=wrote, models=[ModelRow("model", name) for name in models],
        **fields,
    )  # fmt: skip


def year_form(**fields) -> dict:
    data = {
        "committee": "A1", "year": "2026", "members_expected": "", "members_with_plan": "24", "plan": "",
        "theme": "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường",
        "results": "",
        "models-TOTAL_FORMS": "2", "models-INITIAL_FORMS": "0", "models-MIN_NUM_FORMS": "0",
        "models-MAX_NUM_FORMS": "100",
        "models-0-kind": "model", "models-0-name": "Mô hình “Mỗi tuần một việc tốt”", "models-0-description": "",
        "models-1-kind": "example", "models-1-name": "", "models-1-description": "",
    }  # fmt: skip
    return {**data, **fields}


def test_an_officer_records_a_year_with_its_models_and_the_members_expected_default_to_the_cells(
    client, tree, officer_a
):
    client.force_login(officer_a)
    response = client.post(reverse("resolutions:directive05_year_create"), year_form())
    assert response.status_code == 302
    saved = FollowUpYear.objects.get()
    assert (saved.committee, saved.members_expected, saved.members_with_plan) == (tree.a1, 25, 24)
    assert list(saved.exemplary_models.values_list("name", flat=True)) == ["Mô hình “Mỗi tuần một việc tốt”"]
    page = client.get(saved.get_absolute_url())
    assert "24/25" in page.text and "96%" in page.text and "Mỗi tuần một việc tốt" in page.text

    edit = year_form(**{
        "models-TOTAL_FORMS": "3", "models-INITIAL_FORMS": "1", "models-0-DELETE": "on",
        "models-2-kind": "example", "models-2-name": "Đồng chí Nguyễn Văn An", "models-2-description": "Tận tụy",
        "members_with_plan": "25",
    })  # fmt: skip
    response = client.post(reverse("resolutions:directive05_year_update", args=[saved.pk]), edit)
    assert response.status_code == 302
    saved.refresh_from_db()
    assert saved.members_with_plan == 25
    assert list(saved.exemplary_models.values_list("kind", "name")) == [("example", "Đồng chí Nguyễn Văn An")]


def test_what_cannot_be_is_explained_the_form_keeps_what_was_typed_and_nothing_is_saved(client, tree, officer_a):
    client.force_login(officer_a)
    response = client.post(reverse("resolutions:directive05_year_create"), year_form(members_with_plan="26"))
    assert response.status_code == 200 and "members_with_plan" in response.context["form"].errors
    assert "Mỗi tuần một việc tốt" in response.text and not FollowUpYear.objects.exists()
    assert not ExemplaryModel.objects.exists()

    described = year_form(**{"models-1-description": "Một mô hình không tên"})
    response = client.post(reverse("resolutions:directive05_year_create"), described)
    assert response.status_code == 200 and response.context["models_formset"].errors[1]["name"]
    assert not FollowUpYear.objects.exists()

    assert client.post(reverse("resolutions:directive05_year_create"), year_form()).status_code == 302
    response = client.post(reverse("resolutions:directive05_year_create"), year_form())
    assert response.status_code == 200 and response.context["form"].errors
    assert FollowUpYear.objects.count() == 1 and ExemplaryModel.objects.count() == 1


def test_a_script_cannot_record_a_year_twice_or_more_plans_than_members(tree, officer_a):
    record(officer_a, tree.a1, expected=25, wrote=20)
    with pytest.raises(ValidationError) as twice:
        record(officer_a, tree.a1, expected=25, wrote=20)
    assert twice.value.message_dict == {"year": [f"{tree.a1.name} đã ghi nhận năm 2026: hãy sửa bản ghi năm đó."]}
    with pytest.raises(ValidationError) as too_many:
        record(officer_a, tree.a1, 2025, expected=25, wrote=26)
    assert "members_with_plan" in too_many.value.message_dict
    assert FollowUpYear.objects.count() == 1


def test_editing_a_year_keeps_its_unchanged_models_changes_the_edited_removes_the_left_out_and_adds_the_new(
    tree, officer_a
):
    year = record(officer_a, tree.a1, expected=25, wrote=20, models=["Dân vận khéo", "Mỗi tuần một việc tốt", "Cũ"])
    kept, edited, dropped = year.exemplary_models.all()
    year_update(record=year, by=officer_a, models=[
        ModelRow("model", "Dân vận khéo", pk=kept.pk), ModelRow("example", "Một việc tốt mỗi tuần", pk=edited.pk),
        ModelRow("example", "Gương sáng"),
    ])  # fmt: skip
    rows = [(model.pk, model.kind, model.name) for model in year.exemplary_models.all()]
    assert rows[:2] == [(kept.pk, "model", "Dân vận khéo"), (edited.pk, "example", "Một việc tốt mỗi tuần")]
    assert rows[2][1:] == ("example", "Gương sáng") and not ExemplaryModel.objects.filter(pk=dropped.pk).exists()
    assert kept.history.count() == 1  # not written again: nothing of it changed


def taken(committee, year: int) -> dict:
    return {"year": [f"{committee.name} has already recorded {year}: edit that year."]}


def test_a_year_is_recorded_with_its_author_and_changed_with_theirs(tree, officer_a, bloc_staff):
    year = record(officer_a, tree.a1, expected=25, wrote=20)
    year_update(record=year, by=bloc_staff, members_with_plan=22)
    year = FollowUpYear.objects.get(pk=year.pk)
    assert (year.created_by, year.members_with_plan) == (officer_a, 22)
    history = year.history.order_by("history_id")
    assert [(change.history_type, change.history_user) for change in history] == [("+", officer_a), ("~", bloc_staff)]


def test_recording_a_year_the_committee_has_already_recorded_is_refused_in_its_words(tree, officer_a):
    record(officer_a, tree.a1, expected=25, wrote=20)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        record(officer_a, tree.a1, expected=25, wrote=21)
    assert refused.value.message_dict == taken(tree.a1, 2026)
    assert list(FollowUpYear.objects.values_list("members_with_plan", flat=True)) == [20]


@pytest.mark.django_db(transaction=True)
def test_the_same_year_recorded_by_two_at_once_is_kept_once_and_the_second_told_in_its_words(tree, officer_a):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writing transaction at a time: two records cannot overlap there")

    def the_second():
        with translation.override("en"):  # the step runs in a thread of its own
            record(officer_a, tree.a1, expected=25, wrote=21)

    with pytest.raises(ValidationError) as refused:
        run_behind(lambda: record(officer_a, tree.a1, expected=25, wrote=20), the_second)
    assert refused.value.message_dict == taken(tree.a1, 2026)
    assert list(FollowUpYear.objects.values_list("members_with_plan", flat=True)) == [20]


def test_a_sibling_cannot_record_a_year_for_a_committee_outside_their_scope(tree, officer_b_sibling):
    with pytest.raises(PermissionDenied):
        record(officer_b_sibling, tree.a1, expected=25, wrote=20)
    assert not FollowUpYear.objects.exists()


@pytest.mark.parametrize(
    "persona, change, refusal",
    [
        pytest.param("officer_b_sibling", {"theme": "Sửa"}, PermissionDenied, id="by a sibling"),
        pytest.param("officer_a", {"committee": "b1"}, PermissionDenied, id="moved to a sibling's cell"),
        pytest.param("officer_a", {"year": 2025}, lambda tree: taken(tree.a1, 2025), id="onto a year recorded"),
        pytest.param("officer_a", {"committee": "a"}, lambda tree: taken(tree.a, 2026), id="to a committee with it"),
        pytest.param("officer_a", {"members_with_plan": 26}, lambda tree: {"members_with_plan": [
            "More members wrote a plan than were expected to (25): correct one of the two."]}, id="more plans"),
    ],
)  # fmt: skip
def test_a_year_changed_outside_the_scope_or_onto_one_already_recorded_is_refused_and_nothing_changes(
    request, tree, officer_a, persona, change, refusal
):
    year = record(officer_a, tree.a1, expected=25, wrote=20)
    record(officer_a, tree.a1, 2025, expected=25, wrote=18)
    record(officer_a, tree.a, expected=10, wrote=10)
    before = list(FollowUpYear.objects.order_by("pk").values())
    change = {name: getattr(tree, value) if name == "committee" else value for name, value in change.items()}
    with (
        translation.override("en"),
        pytest.raises(refusal if refusal is PermissionDenied else ValidationError) as refused,
    ):
        year_update(record=year, by=request.getfixturevalue(persona), **change)
    if refusal is not PermissionDenied:
        assert refused.value.message_dict == refusal(tree)
    assert list(FollowUpYear.objects.order_by("pk").values()) == before


def test_a_year_moved_to_a_committee_of_the_scope_under_a_year_it_has_not_recorded_is_taken(tree, officer_a):
    year = record(officer_a, tree.a1, expected=25, wrote=20)
    record(officer_a, tree.a, expected=10, wrote=10)  # A's 2026
    year_update(record=year, by=officer_a, committee=tree.a, year=2027)
    year.refresh_from_db()
    assert (year.committee, year.year) == (tree.a, 2027)


def test_the_current_criteria_are_the_last_adopted_and_of_one_day_the_last_entered(tree, officer_a):
    older = CriteriaVersion.objects.create(committee=tree.a, adopted_on=date(2024, 3, 1))
    newest = CriteriaVersion.objects.create(committee=tree.a, adopted_on=date(2026, 1, 15))
    CriteriaVersion.objects.create(committee=tree.a, adopted_on=date(2025, 6, 1))  # an old one entered late
    assert current_criteria(tree.a) == newest
    same_day = CriteriaVersion.objects.create(committee=tree.a, adopted_on=date(2026, 1, 15))
    for day in (date(2026, 1, 16), date(2026, 1, 15)):  # its row now lies after the later one's, and its index entry
        CriteriaVersion.objects.filter(pk=newest.pk).update(adopted_on=day)
    assert current_criteria(tree.a) == same_day and older.pk < same_day.pk


def test_the_overview_adds_numerators_and_denominators_up_the_tree_exactly(tree, bloc_staff):
    record(bloc_staff, tree.root, expected=3, wrote=3, plan=None)
    record(bloc_staff, tree.a, expected=10, wrote=9, models=["Mô hình dân vận khéo"])
    record(bloc_staff, tree.a1, expected=25, wrote=20, models=["Mô hình A", "Mô hình B"])
    record(bloc_staff, tree.b1, expected=30, wrote=30)
    record(bloc_staff, tree.b1, 2025, expected=30, wrote=1)  # another year
    criteria_revise(by=bloc_staff, committee=tree.a1, adopted_on=date(2026, 2, 1), criteria=[CriterionRow("Gương mẫu")])
    criteria_revise(by=bloc_staff, committee=tree.b, adopted_on=date(2025, 2, 1), criteria=[CriterionRow("Trung thực")])

    overview = directive05_overview(tree.root, 2026)
    lines = {row.committee.code: row.figures for row in overview.rows}
    assert [row.committee.code for row in overview.rows] == ["ROOT", "A", "B"]  # own line, then by name
    assert (lines["ROOT"].members_with_plan, lines["ROOT"].members_expected) == (3, 3)
    assert (lines["A"].recorded, lines["A"].members_with_plan, lines["A"].members_expected) == (2, 29, 35)
    assert (lines["A"].models, lines["A"].criteria_revised) == (3, 1)
    assert (lines["B"].recorded, lines["B"].members_with_plan, lines["B"].members_expected) == (1, 30, 30)
    assert lines["B"].criteria_revised == 0  # revised in 2025
    total = overview.total
    assert (total.recorded, total.members_with_plan, total.members_expected, total.models) == (4, 62, 68, 3)
    assert round(total.plan_rate, 2) == 91.18
    assert total == directive05_figures(tree.root, date(2026, 1, 1), date(2026, 12, 31))
    assert directive05_figures(tree.a, date(2026, 1, 1), date(2026, 6, 30)).members_with_plan == 29
    below_a = directive05_overview(tree.a, 2026)
    assert [row.committee.code for row in below_a.rows] == ["A", "A1"] and below_a.total == lines["A"]


def test_the_criteria_keep_every_version_and_say_what_each_changed(tree, officer_a):
    first = criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2024, 3, 1), criteria=[
        CriterionRow("Trung thành với Đảng"), CriterionRow("Gần dân"), CriterionRow("Cần kiệm"),
    ])  # fmt: skip
    loyal, close, thrifty = first.criteria.all()
    second = criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2026, 1, 15), note="Sửa đổi", criteria=[
        CriterionRow("Trung thành với Đảng", loyal.pk), CriterionRow("Gần dân, trọng dân", close.pk),
        CriterionRow("Nói đi đôi với làm"),
    ])  # fmt: skip
    assert list(first.criteria.values_list("text", flat=True)) == ["Trung thành với Đảng", "Gần dân", "Cần kiệm"]
    newest, oldest = criteria_history(tree.a)
    assert (newest.version, oldest.version) == (second, first)
    assert [(row.change, (row.criterion or row.before).text) for row in newest.criteria] == [
        ("kept", "Trung thành với Đảng"), ("revised", "Gần dân, trọng dân"), ("added", "Nói đi đôi với làm"),
        ("removed", "Cần kiệm"),
    ]  # fmt: skip
    assert (newest.added, newest.revised, newest.removed) == (1, 1, 1)
    assert [row.change for row in oldest.criteria] == ["added"] * 3
    with pytest.raises(ValidationError) as unchanged:
        criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2026, 2, 1), criteria=[
            CriterionRow(c.text, c.pk) for c in second.criteria.all()])  # fmt: skip
    assert unchanged.value.code == "unchanged"
    with pytest.raises(ValidationError) as empty:
        criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2026, 2, 1), criteria=[CriterionRow("  ")])
    assert empty.value.code == "empty"
    with pytest.raises(ValidationError) as earlier:
        criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2025, 1, 1), criteria=[CriterionRow("Mới")])
    assert "adopted_on" in earlier.value.message_dict
    assert CriteriaVersion.objects.count() == 2 and Criterion.objects.count() == 6
    assert thrifty.text == "Cần kiệm"


def test_an_officer_revises_the_criteria_in_the_browser_form(client, tree, officer_a):
    version = criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2024, 3, 1), criteria=[
        CriterionRow("Trung thành với Đảng"), CriterionRow("Gần dân")])  # fmt: skip
    client.force_login(officer_a)
    url = reverse("resolutions:criteria_revise", args=[tree.a.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Gần dân" in page.text
    loyal, close = version.criteria.all()
    data = {
        "adopted_on": "20/01/2026", "document": "", "note": "Bổ sung theo Quy định 144",
        "criteria-TOTAL_FORMS": "3", "criteria-INITIAL_FORMS": "2", "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "100",
        "criteria-0-revises": str(close.pk), "criteria-0-text": "Trung thành tuyệt đối với Đảng",  # ignored pk
        "criteria-1-text": "Gần dân", "criteria-1-DELETE": "on", "criteria-2-text": "Tự phê bình và phê bình",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    history = client.get(reverse("resolutions:criteria_history", args=[tree.a.pk]))
    newest = history.context["history"][0]
    assert [(row.change, (row.criterion or row.before).text) for row in newest.criteria] == [
        ("revised", "Trung thành tuyệt đối với Đảng"), ("added", "Tự phê bình và phê bình"), ("removed", "Gần dân"),
    ]  # fmt: skip
    assert newest.criteria[0].before == loyal  # the row's criterion comes from the page, not from what was posted
    response = client.post(url, {**data, "adopted_on": "01/01/2020"})
    assert response.status_code == 200 and "adopted_on" in response.context["form"].errors
    assert 'value="Bổ sung theo Quy định 144"' in response.text and CriteriaVersion.objects.count() == 2


def test_a_sibling_sees_nothing_and_a_leader_changes_nothing(client, tree, officer_b_sibling, leader_a, officer_a):
    year = record(officer_a, tree.a1, expected=25, wrote=20, models=["Mô hình Bí mật"])
    criteria_revise(by=officer_a, committee=tree.a, adopted_on=date(2026, 1, 2), criteria=[CriterionRow("Bí mật")])
    client.force_login(officer_b_sibling)
    for url in (
        year.get_absolute_url(), reverse("resolutions:directive05_year_update", args=[year.pk]),
        reverse("resolutions:criteria_history", args=[tree.a.pk]),
        reverse("resolutions:criteria_revise", args=[tree.a.pk]),
        reverse("resolutions:directive05_overview") + "?committee=A",
    ):  # fmt: skip
        assert client.get(url).status_code == 404, url
    own = client.get(reverse("resolutions:directive05_overview"))
    assert own.status_code == 200 and "Vụ Tổng hợp" not in own.text and own.context["overview"].total.recorded == 0
    client.force_login(leader_a)
    assert client.get(year.get_absolute_url()).status_code == 200
    assert client.get(reverse("resolutions:directive05_year_update", args=[year.pk])).status_code == 403
    assert client.get(reverse("resolutions:criteria_revise", args=[tree.a.pk])).status_code == 403


def test_an_ancestors_criteria_are_read_below_it_and_not_revised_there(client, tree, officer_a, bloc_staff):
    criteria_revise(by=bloc_staff, committee=tree.root, adopted_on=date(2026, 1, 2), criteria=[CriterionRow("Khối")])
    client.force_login(officer_a)
    assert client.get(reverse("resolutions:criteria_history", args=[tree.root.pk])).status_code == 404
    assert client.get(reverse("resolutions:criteria_revise", args=[tree.a1.pk])).status_code == 200


def test_the_pages_cost_the_same_queries_with_much_more_data(client, tree, bloc_staff, django_assert_max_num_queries):
    client.force_login(bloc_staff)
    first = record(bloc_staff, tree.a1, expected=25, wrote=20, models=["Mô hình 1"])
    criteria_revise(by=bloc_staff, committee=tree.a, adopted_on=date(2025, 1, 2), criteria=[CriterionRow("Một")])
    urls = [
        reverse("resolutions:directive05_overview") + "?year=2026", first.get_absolute_url(),
        reverse("resolutions:directive05_year_update", args=[first.pk]),
        reverse("resolutions:criteria_history", args=[tree.a.pk]),
        reverse("resolutions:criteria_revise", args=[tree.a.pk]),
    ]  # fmt: skip
    costs = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(99) as few:
            assert client.get(url).status_code == 200
        costs[url] = len(few.captured_queries)
    for number in range(12):
        cell = make_committee(tree.root if number % 2 else tree.a, code=f"N{number}", name=f"Chi bộ {number}")
        record(bloc_staff, cell, expected=10, wrote=number % 10, models=[f"Mô hình {number}"])
        ExemplaryModel.objects.create(year_record=first, name=f"Điển hình {number}", kind="example")
        criteria_revise(by=bloc_staff, committee=tree.a, adopted_on=date(2026, 1, 1 + number),
                        criteria=[CriterionRow(f"Tiêu chí {n}") for n in range(number + 2)])  # fmt: skip
    for url, cost in costs.items():
        with django_assert_max_num_queries(cost):
            assert client.get(url).status_code == 200


def test_the_demo_records_the_source_year_and_this_year_with_criteria_revised(settings):
    from django.core.management import call_command
    from django.utils import timezone

    from committees.models import Committee

    call_command("seed_demo", "--scale", "small")
    this_year = timezone.localdate().year
    leading = Committee.objects.filter(depth__lte=2, is_active=True)
    with_members = Committee.objects.filter(is_active=True, party_members__gt=0).count()
    with_members += leading.filter(party_members=0).count()
    for year in (2017, this_year):
        assert FollowUpYear.objects.filter(year=year).count() == with_members
    root = Committee.objects.get(depth=1)
    overview = directive05_overview(root, this_year)
    total = overview.total
    assert total.recorded == with_members and 0 < total.members_with_plan <= total.members_expected
    assert total.members_expected == sum(
        Committee.objects.filter(is_active=True).values_list("party_members", flat=True)
    )
    assert total.plans == leading.count()
    assert total.models > 0 and total.criteria_revised == total.plans
    for record in FollowUpYear.objects.filter(plan__isnull=False).select_related("plan"):
        record.full_clean(exclude=["created_by"])
        assert record.plan.committee_id == record.committee_id and record.year == this_year
    newest, first = criteria_history(root)
    assert (newest.added, newest.revised, newest.removed) == (1, 1, 1) and len(first.criteria) == 5


@pytest.mark.parametrize("seed", range(3))
def test_a_random_sequence_of_years_changes_and_moves_keeps_the_counts_equal_to_a_rebuild(tree, bloc_staff, seed):
    import random

    from committees import rollups
    from committees.services import committee_move
    from resolutions.services.directive05 import year_update
    from tests.resolutions.factories_documents import make_document

    rng = random.Random(seed)
    plan = make_document(tree.root, issued_on=date(2026, 1, 10))
    committees = [tree.root, tree.a, tree.a1, tree.b, tree.b1]
    for step in range(20):
        records = list(FollowUpYear.objects.all())
        action = rng.choice(["record", "update", "models", "move"] if records else ["record"])
        if action == "record":
            committee, year = rng.choice(committees), rng.choice([2025, 2026])
            if not FollowUpYear.objects.filter(committee=committee, year=year).exists():
                expected = rng.randint(0, 40)
                record(bloc_staff, committee, year, expected=expected, wrote=rng.randint(0, expected),
                       models=[f"Mô hình {n}" for n in range(rng.randint(0, 2))])  # fmt: skip
        elif action == "update":
            chosen = rng.choice(records)
            expected = rng.randint(0, 50)
            year_update(record=chosen, by=bloc_staff, members_expected=expected, members_with_plan=expected // 2,
                        plan=rng.choice([None, plan]), year=rng.choice([chosen.year, 2024]))  # fmt: skip
        elif action == "models":
            chosen = rng.choice(records)
            year_update(record=chosen, by=bloc_staff, models=[ModelRow("example", "Điển hình")] * rng.randint(0, 3))
        else:
            moved = rng.choice([tree.a1, tree.b1])
            moved.refresh_from_db()
            parent = rng.choice([tree.a, tree.b])
            parent.refresh_from_db()
            if not moved.path.startswith(parent.path):
                committee_move(committee=moved, parent=parent)
        assert rollups.differences()["Directive 05 counts"] == 0, (step, action)
    tree.root.refresh_from_db()
    for year in (2024, 2025, 2026):  # the total, read from the root's row, is the sum of the lines
        overview = directive05_overview(tree.root, year)
        assert overview.total == sum((row.figures for row in overview.rows), Directive05Figures())


def test_the_check_names_the_directive05_counts_when_they_differ_and_the_rebuild_repairs_them(tree, bloc_staff):
    from io import StringIO

    from django.core.management import CommandError, call_command

    from resolutions.models import Directive05Tally

    record(bloc_staff, tree.a1, expected=25, wrote=20, models=["Mô hình"])
    Directive05Tally.objects.filter(committee=tree.root).update(members_with_plan=99)
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_rollups", stdout=out)
    assert "Directive 05 counts: 2 rows differ" in out.getvalue()  # the kept row and its rebuild
    call_command("rebuild_rollups", stdout=StringIO())
    call_command("check_rollups", stdout=StringIO())
    assert Directive05Tally.objects.get(committee=tree.root, year=2026).members_with_plan == 20


@pytest.mark.parametrize("key", ["committee", "year"])
def test_the_check_tells_two_directive05_rows_that_traded_their_committee_or_their_year(tree, bloc_staff, key):
    """Every figure is still there, on the wrong line: only a comparison that holds the row's key sees it."""
    from io import StringIO

    from django.core.management import CommandError, call_command

    from resolutions.models import Directive05Tally

    record(bloc_staff, tree.a1, 2025, expected=25, wrote=20)
    record(bloc_staff, tree.a1, 2026, expected=30, wrote=12)
    record(bloc_staff, tree.b1, 2026, expected=8, wrote=8)
    a1_2025, a1_2026, b1_2026 = (
        Directive05Tally.objects.get(committee=committee, year=year)
        for committee, year in ((tree.a1, 2025), (tree.a1, 2026), (tree.b1, 2026))
    )
    first, second = (a1_2026, b1_2026) if key == "committee" else (a1_2025, a1_2026)
    call_command("check_rollups", stdout=StringIO())
    Directive05Tally.objects.filter(pk=first.pk).update(year=1999)  # aside: no two rows share a key meanwhile
    Directive05Tally.objects.filter(pk=second.pk).update(**{key: getattr(first, key)})
    Directive05Tally.objects.filter(pk=first.pk).update(**{"year": first.year, key: getattr(second, key)})
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("check_rollups", stdout=out)
    assert "Directive 05 counts: 4 rows differ" in out.getvalue()
