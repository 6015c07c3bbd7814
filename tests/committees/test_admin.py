"""The admin site: every page loads, lists stay flat, the committee tree is edited safely, roles follow profiles,
and the committee tree goes out and comes back through import and export (CSV and XLSX)."""

import csv
import importlib
import io
import re
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import tablib
from django.contrib import admin
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from committees import services
from committees.models import Committee, Role, StaffProfile
from committees.resources import CommitteeResource
from tests.factories import UserFactory, make_committee, make_staff
from tests.forms import form_data

pytestmark = pytest.mark.django_db
User = get_user_model()

COLUMNS = [
    "code",
    "parent_code",
    "name",
    "short_name",
    "kind",
    "document_symbol",
    "department_name",
    "department_symbol",
    "place_name",
    "is_active",
    "party_members",
    "exempt_members",
    "cadres",
    "employees",
    "headcount_date",
]


# --- helpers ----------------------------------------------------------------------------------------------------


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def tree_state():
    """The place, name and counts of every committee, to compare before and after an action."""
    return list(
        Committee.objects.order_by("code").values_list(
            "code", "name", "path", "depth", "numchild", "party_members", "is_active"
        )
    )


def parent_code(committee):
    parent = Committee.objects.get_parent(Committee.objects.get(pk=committee.pk), update=True)
    return parent.code if parent else ""


def assert_subtree_totals_are_right():
    """The totals kept on each committee equal the sums recomputed from the head counts."""
    fields = ("code", "subtree_committees", "subtree_party_members", "subtree_cadres", "subtree_employees")
    kept = list(Committee.objects.order_by("code").values_list(*fields))
    Committee.objects.recompute_totals()
    assert list(Committee.objects.order_by("code").values_list(*fields)) == kept


def group_names(user):
    return sorted(user.groups.values_list("name", flat=True))


def committee_post(**overrides):
    data = {
        "name": "Chi bộ mới",
        "short_name": "",
        "code": "NEW",
        "kind": Committee.Kind.GRASSROOTS_CELL,
        "document_symbol": "",
        "department_name": "",
        "department_symbol": "",
        "place_name": "",
        "is_active": "on",
        "party_members": "12",
        "exempt_members": "0",
        "cadres": "3",
        "employees": "4",
        "headcount_date": "",
        "parent_code": "",
    }
    data.update(overrides)
    return data


def committee_change_post(committee, **overrides):
    """The change form of ``committee`` as the page shows it, with ``overrides``."""
    fields = {
        name: getattr(committee, name)
        for name in (
            "name",
            "short_name",
            "code",
            "kind",
            "document_symbol",
            "department_name",
            "department_symbol",
            "place_name",
        )
    }
    fields.update(party_members=str(committee.party_members), cadres=str(committee.cadres))
    fields.update(exempt_members=str(committee.exempt_members))
    fields.update(employees=str(committee.employees), parent_code=parent_code(committee))
    if not committee.is_active:
        fields["is_active"] = ""
    return committee_post(**{**fields, **overrides})


# --- 1. every page of every registered model --------------------------------------------------------------------


def _access_attempt():
    from axes.models import AccessAttempt

    return AccessAttempt.objects.create(
        user_agent="pytest",
        ip_address="192.0.2.1",
        username="someone",
        http_accept="text/html",
        path_info="/accounts/login/",
        get_data="",
        post_data="username=someone",
        failures_since_start=1,
    )


def _access_log():
    from axes.models import AccessLog

    return AccessLog.objects.create(
        user_agent="pytest", ip_address="192.0.2.1", username="someone", http_accept="text/html", path_info="/"
    )


def _access_failure_log():
    from axes.models import AccessFailureLog

    return AccessFailureLog.objects.create(
        user_agent="pytest", ip_address="192.0.2.1", username="someone", http_accept="text/html", path_info="/"
    )


# How to make one object of a registered model when the fixtures have made none.
MAKERS = {
    "axes.AccessAttempt": _access_attempt,
    "axes.AccessLog": _access_log,
    "axes.AccessFailureLog": _access_failure_log,
    "auth.Group": lambda: Group.objects.get_or_create(name="editors")[0],
}


def _area_makers():
    """Each area's factories module may add ``ADMIN_MAKERS = {"app.Model": make}`` for its admin models."""
    tests_dir = Path(__file__).resolve().parent.parent
    for path in sorted(tests_dir.glob("**/factories_*.py")):
        module = importlib.import_module(".".join(path.relative_to(tests_dir.parent).with_suffix("").parts))
        MAKERS.update(getattr(module, "ADMIN_MAKERS", {}))


_area_makers()


def one_object(model):
    obj = model._default_manager.order_by("pk").first()
    if obj is None:
        maker = MAKERS.get(model._meta.label)
        if maker is None:
            pytest.fail(
                f"{model._meta.label} is in the admin: add a way to create one, as ADMIN_MAKERS in the area's "
                "tests/<app>/factories_<area>.py (see tests/opinion/factories_reports.py)"
            )
        obj = maker()
    return obj


@pytest.mark.parametrize("model", list(admin.site._registry), ids=lambda model: model._meta.label)
def test_every_registered_model_has_admin_pages_that_load_for_a_superuser(admin_client, admin_user, officer_a, model):
    model_admin = admin.site._registry[model]
    obj = one_object(model)
    request = RequestFactory().get("/")
    request.user = admin_user

    assert admin_client.get(admin_url(model, "changelist")).status_code == 200
    if model_admin.get_search_fields(request):
        assert admin_client.get(admin_url(model, "changelist"), {"q": "a"}).status_code == 200
    if model_admin.has_add_permission(request):
        assert admin_client.get(admin_url(model, "add")).status_code == 200
    assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200
    assert admin_client.get(admin_url(model, "history", obj.pk)).status_code == 200
    if model_admin.has_delete_permission(request, obj):
        assert admin_client.get(admin_url(model, "delete", obj.pk)).status_code == 200


def test_the_history_page_of_a_committee_lists_its_changes(admin_client, tree):
    admin_client.post(admin_url(Committee, "change", tree.a.pk), committee_change_post(tree.a, party_members="11"))
    response = admin_client.get(admin_url(Committee, "history", tree.a.pk))
    assert response.status_code == 200
    assert response.context["object"] == tree.a
    assert response.context["page_obj"].paginator.count == 2


def test_the_change_page_of_a_committee_at_depth_three_shows_its_parents_code(admin_client, tree):
    assert tree.a1.depth == 3
    response = admin_client.get(admin_url(Committee, "change", tree.a1.pk))
    assert response.status_code == 200
    assert response.context["adminform"].form["parent_code"].value() == "A"
    assert form_data(response, "committee_form")["parent_code"] == ["A"]


# --- 2. changelists make as many queries for 50 rows as for 5 ---------------------------------------------------


def _grow_committees(total):
    parents = list(Committee.objects.filter(depth__lte=2))
    while Committee.objects.count() < total:
        n = Committee.objects.count()
        make_committee(parents[n % len(parents)], code=f"GROW{n}", name=f"Chi bộ Tăng trưởng {n}")


def _grow_staff(model, total, committees):
    while model.objects.count() < total:
        n = model.objects.count()
        make_staff(f"staff{n}", committees[n % len(committees)], Role.values[n % len(Role.values)])


def _queries(client, url):
    client.get(url)  # the first request fills per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize("model", [Committee, StaffProfile, User], ids=["committee", "staffprofile", "user"])
def test_changelist_queries_do_not_grow_with_the_number_of_rows(
    admin_client, tree, model, django_assert_max_num_queries
):
    committees = list(Committee.objects.all())
    grow = _grow_committees if model is Committee else lambda n: _grow_staff(model, n, committees)
    url = admin_url(model, "changelist")

    grow(5)
    assert model.objects.count() == 5
    small = _queries(admin_client, url)

    grow(50)
    assert model.objects.count() == 50
    with django_assert_max_num_queries(small):
        response = admin_client.get(url)
    assert len(response.context["cl"].result_list) == 50


# --- 3. search ignores accents ----------------------------------------------------------------------------------


def test_committee_search_in_the_admin_ignores_accents(admin_client, tree):
    response = admin_client.get(admin_url(Committee, "changelist"), {"q": "dang uy"})
    assert response.status_code == 200
    assert sorted(c.code for c in response.context["cl"].result_list) == ["A", "B"]

    response = admin_client.get(admin_url(Committee, "changelist"), {"q": "ĐẢNG ỦY bo tai CHÍNH"})
    assert [c.code for c in response.context["cl"].result_list] == ["A"]


# --- 4. the parent_code field places and moves committees -------------------------------------------------------


def test_adding_a_committee_with_a_parent_code_puts_it_under_that_parent(admin_client, tree):
    response = admin_client.post(admin_url(Committee, "add"), committee_post(code="A2", parent_code="A"))

    assert response.status_code == 302
    created = Committee.objects.get(code="A2")
    a = Committee.objects.get(code="A")
    assert created.depth == 3
    assert created.path.startswith(a.path) and len(created.path) == len(a.path) + Committee.steplen
    assert parent_code(created) == "A"
    assert a.numchild == 2
    assert created.party_members == 12
    assert LogEntry.objects.get(action_flag=ADDITION).object_id == str(created.pk)
    assert Committee.objects.find_problems() == ([], [], [], [], [])
    assert_subtree_totals_are_right()


def test_adding_a_committee_without_a_parent_code_makes_a_new_root(admin_client, tree):
    response = admin_client.post(admin_url(Committee, "add"), committee_post(code="ROOT2", kind="bloc"))

    assert response.status_code == 302
    assert Committee.objects.get(code="ROOT2").depth == 1


def test_changing_the_parent_code_moves_the_committee_with_its_subtree(admin_client, tree):
    response = admin_client.post(
        admin_url(Committee, "change", tree.a.pk), committee_change_post(tree.a, parent_code="B", party_members="15")
    )

    assert response.status_code == 302
    a, a1, b, root = (Committee.objects.get(code=code) for code in ("A", "A1", "B", "ROOT"))
    assert parent_code(a) == "B" and a.depth == 3
    assert parent_code(a1) == "A" and a1.depth == 4 and a1.path.startswith(a.path)
    assert a.party_members == 15
    assert (root.numchild, b.numchild, a.numchild) == (1, 2, 1)
    assert Committee.objects.find_problems() == ([], [], [], [], [])
    assert_subtree_totals_are_right()


def test_a_parent_code_below_the_committee_is_refused_on_its_field_and_nothing_moves(admin_client, tree):
    before = tree_state()
    response = admin_client.post(
        admin_url(Committee, "change", tree.a.pk), committee_change_post(tree.a, parent_code="A1")
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["parent_code"] == [
        "Không thể chuyển cấp ủy về trực thuộc chính nó hoặc các cấp ủy trực thuộc của nó."
    ]
    assert tree_state() == before


def test_keeping_the_same_parent_code_changes_fields_without_moving(admin_client, tree):
    before = Committee.objects.get(code="A1").path
    response = admin_client.post(
        admin_url(Committee, "change", tree.a1.pk),
        committee_change_post(tree.a1, name="Chi bộ Vụ Tổng hợp mới", party_members="26", is_active=""),
    )

    assert response.status_code == 302
    a1 = Committee.objects.get(code="A1")
    assert (a1.name, a1.party_members, a1.is_active, a1.path) == ("Chi bộ Vụ Tổng hợp mới", 26, False, before)
    assert_subtree_totals_are_right()


@pytest.mark.parametrize(
    ("code", "new_parent"),
    [("A", "NOPE"), ("A", "A"), ("A", "A1"), ("ROOT", "B1"), ("A1", "")],
    ids=["unknown-code", "itself", "own-child", "own-grandchild", "empty-for-a-subordinate"],
)
def test_a_bad_parent_code_on_change_is_a_form_error_and_changes_nothing(admin_client, tree, code, new_parent):
    committee = Committee.objects.get(code=code)
    before = tree_state()

    response = admin_client.post(
        admin_url(Committee, "change", committee.pk),
        committee_change_post(committee, parent_code=new_parent, name="Đổi tên"),
    )

    assert response.status_code == 200
    assert "parent_code" in response.context["adminform"].form.errors
    assert tree_state() == before


def test_a_parent_code_that_does_not_exist_on_add_is_a_form_error_and_creates_nothing(admin_client, tree):
    before = tree_state()

    response = admin_client.post(admin_url(Committee, "add"), committee_post(code="X1", parent_code="NOPE"))

    assert response.status_code == 200
    assert "parent_code" in response.context["adminform"].form.errors
    assert tree_state() == before


def test_deleting_a_committee_in_the_admin_removes_its_subtree_and_its_counts(admin_client, tree):
    response = admin_client.post(admin_url(Committee, "delete", tree.b.pk), {"post": "yes"})

    assert response.status_code == 302
    assert sorted(Committee.objects.values_list("code", flat=True)) == ["A", "A1", "ROOT"]
    assert Committee.objects.get(code="ROOT").numchild == 1
    assert Committee.objects.find_problems() == ([], [], [], [], [])
    assert_subtree_totals_are_right()


def test_deleting_committees_from_the_changelist_removes_their_subtrees_and_their_counts(admin_client, tree):
    selected = [tree.a.pk, tree.a1.pk, tree.b1.pk]
    response = admin_client.post(
        admin_url(Committee, "changelist"),
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )

    assert response.status_code == 302
    assert sorted(Committee.objects.values_list("code", flat=True)) == ["B", "ROOT"]
    assert Committee.objects.find_problems() == ([], [], [], [], [])
    assert_subtree_totals_are_right()


def test_a_committee_whose_subtree_has_staff_is_not_deleted_in_the_admin(admin_client, tree, collaborator_a):
    before = tree_state()

    response = admin_client.post(admin_url(Committee, "delete", tree.a.pk), {"post": "yes"})

    assert response.status_code == 200  # the confirmation page again, naming what protects the committee
    [protected] = response.context["protected"]
    assert admin_url(StaffProfile, "change", collaborator_a.profile.pk) in protected
    assert tree_state() == before
    assert_subtree_totals_are_right()


# --- 5. a staff profile saved in the admin puts its user in the role's group ------------------------------------


def test_adding_a_staff_profile_in_its_admin_puts_the_user_in_the_roles_group(admin_client, tree):
    user = UserFactory(username="new_officer")
    response = admin_client.post(
        admin_url(StaffProfile, "add"),
        {"user": user.pk, "committee": tree.a.pk, "role": Role.OFFICER, "position": "Chuyên viên", "phone": ""},
    )

    assert response.status_code == 302
    profile = StaffProfile.objects.get(user=user)
    assert (profile.committee, profile.role, profile.position) == (tree.a, Role.OFFICER, "Chuyên viên")
    assert group_names(user) == [Role.OFFICER]
    assert LogEntry.objects.get(action_flag=ADDITION).object_id == str(profile.pk)


def test_save_and_continue_after_adding_a_staff_profile_opens_the_new_profile(admin_client, tree):
    user = UserFactory(username="new_leader")
    response = admin_client.post(
        admin_url(StaffProfile, "add"),
        {"user": user.pk, "committee": tree.b.pk, "role": Role.LEADER, "_continue": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == admin_url(StaffProfile, "change", StaffProfile.objects.get(user=user).pk)


def test_changing_the_role_in_the_staff_profile_admin_moves_the_user_to_the_new_group(admin_client, tree, officer_a):
    profile = officer_a.profile
    page = admin_client.get(admin_url(StaffProfile, "change", profile.pk))
    data = form_data(page, "staffprofile_form")
    data["role"] = [Role.LEADER]

    response = admin_client.post(admin_url(StaffProfile, "change", profile.pk), data)

    assert response.status_code == 302
    assert StaffProfile.objects.get(pk=profile.pk).role == Role.LEADER
    assert group_names(officer_a) == [Role.LEADER]
    assert StaffProfile.objects.count() == 1


def test_changing_the_user_of_a_staff_profile_does_not_leave_a_second_profile_behind(admin_client, tree, officer_a):
    profile = officer_a.profile
    other = UserFactory(username="someone_else")
    page = admin_client.get(admin_url(StaffProfile, "change", profile.pk))
    data = form_data(page, "staffprofile_form")
    data["user"] = [str(other.pk)]

    response = admin_client.post(admin_url(StaffProfile, "change", profile.pk), data)

    assert response.status_code == 302  # saved, the user left as it was
    assert list(StaffProfile.objects.values_list("pk", "user")) == [(profile.pk, officer_a.pk)]
    assert group_names(officer_a) == [Role.OFFICER]
    assert group_names(other) == []


def test_changing_the_role_in_the_user_admin_inline_moves_the_user_to_the_new_group(admin_client, tree, officer_a):
    page = admin_client.get(admin_url(User, "change", officer_a.pk))
    data = form_data(page, "user_form")
    assert data["profile-0-role"] == [Role.OFFICER]
    data["profile-0-role"] = [Role.COLLABORATOR]
    data["profile-0-committee"] = [str(tree.a1.pk)]

    response = admin_client.post(admin_url(User, "change", officer_a.pk), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    profile = StaffProfile.objects.get(user=officer_a)
    assert (profile.role, profile.committee) == (Role.COLLABORATOR, tree.a1)
    assert group_names(officer_a) == [Role.COLLABORATOR]


def test_adding_a_profile_in_the_user_admin_inline_puts_the_user_in_the_roles_group(admin_client, tree):
    user = UserFactory(username="no_profile_yet")
    page = admin_client.get(admin_url(User, "change", user.pk))
    data = form_data(page, "user_form")
    data.update({"profile-0-committee": [str(tree.b.pk)], "profile-0-role": [Role.LEADER]})

    response = admin_client.post(admin_url(User, "change", user.pk), data)

    assert response.status_code == 302
    assert StaffProfile.objects.get(user=user).role == Role.LEADER
    assert group_names(user) == [Role.LEADER]


# --- 6. import through the admin --------------------------------------------------------------------------------

IMPORT_URL = "/admin/committees/committee/import/"
PROCESS_IMPORT_URL = "/admin/committees/committee/process_import/"


def format_index(title):
    formats = admin.site._registry[Committee].get_import_formats()
    return str([f().get_title() for f in formats].index(title))


def csv_file(rows, columns=COLUMNS):
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue().encode()


def xlsx_file(rows, columns=COLUMNS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(column) for column in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(client, content, name, title):
    """Step one: upload the file; the answer is the preview (a dry run)."""
    return client.post(
        IMPORT_URL,
        {"import_file": SimpleUploadedFile(name, content), "format": format_index(title), "resource": "0"},
    )


def confirm(client, preview):
    """Step two: confirm the previewed import, as the preview's form does."""
    form = preview.context["confirm_form"]
    assert form is not None, "the preview offers no confirmation"
    return client.post(PROCESS_IMPORT_URL, {name: form.initial[name] for name in form.fields})


def row_types(result):
    return [row.import_type for row in result.rows]


NEW_ROWS = [
    {
        "code": "N",
        "parent_code": "ROOT",
        "name": "Đảng ủy Bộ Xây dựng",
        "kind": "upper_grassroots",
        "party_members": "40",
    },
    {
        "code": "N1",
        "parent_code": "N",
        "name": "Chi bộ Vụ Kế hoạch",
        "party_members": "12",
        "headcount_date": "05/02/2026",
    },
    {"code": "N2", "parent_code": "N", "name": "Chi bộ Văn phòng", "kind": "grassroots_cell", "is_active": "0"},
    {
        "code": "N11",
        "parent_code": "N1",
        "name": "Tổ đảng Kế hoạch 1",
        "kind": "grassroots_cell",
        "headcount_date": "2025-12-31",
    },
    {"code": "R2", "parent_code": "", "name": "Đảng bộ Khối Doanh nghiệp", "kind": "bloc", "cadres": "7"},
]


def as_spreadsheet_cells(rows):
    """The rows as a spreadsheet holds them: numbers as numbers, dates as date cells."""
    cells = []
    for row in rows:
        row = dict(row)
        for name in ("party_members", "cadres", "employees"):
            if str(row.get(name, "")).isdigit():
                row[name] = int(row[name])
        if row.get("headcount_date") == "05/02/2026":
            row["headcount_date"] = date(2026, 2, 5)
        cells.append(row)
    return cells


def assert_new_rows_are_in_place():
    by_code = {c.code: c for c in Committee.objects.all()}
    assert {code: parent_code(by_code[code]) for code in ("N", "N1", "N2", "N11", "R2")} == {
        "N": "ROOT",
        "N1": "N",
        "N2": "N",
        "N11": "N1",
        "R2": "",
    }
    assert [by_code[code].depth for code in ("N", "N1", "N2", "N11", "R2")] == [2, 3, 3, 4, 1]
    assert (by_code["ROOT"].numchild, by_code["N"].numchild, by_code["N1"].numchild) == (3, 2, 1)
    assert (by_code["N"].name, by_code["N"].kind, by_code["N"].party_members) == (
        "Đảng ủy Bộ Xây dựng",
        "upper_grassroots",
        40,
    )
    assert by_code["N2"].is_active is False and by_code["N1"].is_active is True
    assert by_code["N1"].kind == Committee.Kind.GRASSROOTS_CELL  # the column's default when the cell is empty
    assert by_code["N1"].headcount_date == date(2026, 2, 5)  # day first, as the department writes dates
    assert by_code["N11"].headcount_date == date(2025, 12, 31)
    assert (by_code["R2"].cadres, by_code["R2"].party_members) == (7, 0)
    assert Committee.objects.find_problems() == ([], [], [], [], [])
    assert_subtree_totals_are_right()


@pytest.mark.parametrize("title", ["csv", "xlsx"])
def test_importing_new_committees_previews_without_writing_then_creates_them_in_place(admin_client, tree, title):
    content = csv_file(NEW_ROWS) if title == "csv" else xlsx_file(as_spreadsheet_cells(NEW_ROWS))
    before = tree_state()

    preview = upload(admin_client, content, f"committees.{title}", title)

    assert preview.status_code == 200
    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert row_types(result) == ["new"] * 5
    assert tree_state() == before

    response = confirm(admin_client, preview)

    assert response.status_code == 302
    assert Committee.objects.count() == 10
    assert_new_rows_are_in_place()


def test_an_xlsx_file_may_hold_codes_as_numbers(admin_client, tree):
    rows = [
        {"code": 2024, "parent_code": "ROOT", "name": "Đảng ủy 2024", "kind": "upper_grassroots"},
        {"code": 202401, "parent_code": 2024, "name": "Chi bộ 202401", "kind": "grassroots_cell"},
    ]

    preview = upload(admin_client, xlsx_file(rows), "numbers.xlsx", "xlsx")
    assert row_types(preview.context["result"]) == ["new", "new"]
    assert confirm(admin_client, preview).status_code == 302

    assert parent_code(Committee.objects.get(code="202401")) == "2024"
    assert parent_code(Committee.objects.get(code="2024")) == "ROOT"


# A bad row, and the field its error is reported on.
BAD_ROWS = {
    "unknown-parent": (
        {"code": "N3", "parent_code": "NOPE", "name": "Chi bộ lạc", "kind": "grassroots_cell"},
        NON_FIELD_ERRORS,
    ),
    "non-integer-party-members": (
        {"code": "N3", "parent_code": "N", "name": "Chi bộ", "party_members": "mười"},
        "party_members",
    ),
    "fractional-party-members": (
        {"code": "N3", "parent_code": "N", "name": "Chi bộ", "party_members": "12.5"},
        "party_members",
    ),
    "impossible-date": (
        {"code": "N3", "parent_code": "N", "name": "Chi bộ", "headcount_date": "31/13/2025"},
        "headcount_date",
    ),
    "missing-code": ({"code": "", "parent_code": "N", "name": "Chi bộ không mã", "kind": "grassroots_cell"}, "code"),
    "repeated-code": (
        {"code": "N", "parent_code": "ROOT", "name": "Đảng ủy trùng mã", "kind": "upper_grassroots"},
        "code",
    ),
    "more-exempt-than-members": (
        {"code": "N3", "parent_code": "N", "name": "Chi bộ", "party_members": "2", "exempt_members": "3"},
        "exempt_members",
    ),
    "invisible-name": ({"code": "N3", "parent_code": "N", "name": "\u200b\u200b", "kind": "grassroots_cell"}, "name"),
    "under-its-own-subordinate": (
        {"code": "A", "parent_code": "A1", "name": "Đảng ủy Bộ Tài chính", "kind": "upper_grassroots"},
        NON_FIELD_ERRORS,
    ),
    "implausible-head-count": (
        {"code": "N3", "parent_code": "N", "name": "Chi bộ", "party_members": "99999999999"},
        "party_members",
    ),
}


def with_bad_row(bad):
    """Good rows around one bad third row."""
    return [*NEW_ROWS[:2], BAD_ROWS[bad][0], *NEW_ROWS[2:]]


@pytest.mark.parametrize("title", ["csv", "xlsx"])
@pytest.mark.parametrize("bad", list(BAD_ROWS))
def test_a_file_with_one_bad_row_shows_that_rows_error_and_imports_nothing(admin_client, tree, bad, title):
    rows = with_bad_row(bad)
    content = csv_file(rows) if title == "csv" else xlsx_file(as_spreadsheet_cells(rows))
    count = Committee.objects.count()
    before = tree_state()

    preview = upload(admin_client, content, f"committees.{title}", title)

    assert preview.status_code == 200
    assert preview.context.get("confirm_form") is None  # nothing to confirm
    result = preview.context["result"]
    assert not result.has_errors()
    [invalid] = result.invalid_rows
    field = BAD_ROWS[bad][1]
    assert (invalid.number, list(invalid.error_dict)) == (3, [field])
    page = preview.content.decode()
    row = page.split('<th scope="row">3</th>', 1)[1].split("</tr>", 1)[0]  # the errors beside the row, not hidden
    for message in invalid.error_dict[field]:
        assert escape(message) in row.split('class="row-errors"', 1)[1]
    assert ">None<" not in page  # empty cells are blank
    if bad == "unknown-parent":
        assert "NOPE" in invalid.error_dict[field][0]
    if bad == "under-its-own-subordinate":
        assert invalid.error_dict[field] == [
            "Không thể chuyển cấp ủy về trực thuộc chính nó hoặc các cấp ủy trực thuộc của nó."
        ]
    assert Committee.objects.count() == count
    assert tree_state() == before


def dataset_of(rows):
    return tablib.Dataset(*[[row.get(column, "") for column in COLUMNS] for row in rows], headers=COLUMNS)


@pytest.mark.parametrize("bad", list(BAD_ROWS))
def test_the_resource_writes_no_row_of_a_file_with_one_bad_row(tree, bad):
    before = tree_state()

    result = CommitteeResource().import_data(dataset_of(with_bad_row(bad)), dry_run=False)

    assert [row.number for row in result.invalid_rows] == [3]
    assert tree_state() == before


def test_confirming_a_preview_after_a_parent_has_gone_imports_nothing(admin_client, tree):
    rows = [
        {"code": "N", "parent_code": "ROOT", "name": "Đảng ủy Bộ Xây dựng", "kind": "upper_grassroots"},
        {"code": "N9", "parent_code": "B1", "name": "Tổ đảng B1-9", "kind": "grassroots_cell"},
    ]
    preview = upload(admin_client, csv_file(rows), "committees.csv", "csv")
    assert row_types(preview.context["result"]) == ["new", "new"]
    Committee.objects.filter(code="B1").update(code="B1-OLD")  # someone renames the parent meanwhile
    before = tree_state()

    assert confirm(admin_client, preview).status_code == 302

    assert tree_state() == before


def test_importing_an_existing_code_updates_the_committee_and_records_history(admin_client, tree):
    history_before = tree.a.history.count()
    rows = [
        {
            "code": "A",
            "parent_code": "ROOT",
            "name": "Đảng ủy Bộ Tài chính (sau sáp nhập)",
            "kind": "upper_grassroots",
            "party_members": "99",
            "is_active": "1",
            "headcount_date": "01/03/2026",
        }
    ]

    preview = upload(admin_client, csv_file(rows), "update.csv", "csv")
    assert row_types(preview.context["result"]) == ["update"]
    assert Committee.objects.get(code="A").party_members == 10
    assert tree.a.history.count() == history_before

    assert confirm(admin_client, preview).status_code == 302

    a = Committee.objects.get(code="A")
    assert (a.name, a.party_members, a.headcount_date) == ("Đảng ủy Bộ Tài chính (sau sáp nhập)", 99, date(2026, 3, 1))
    assert a.path == tree.a.path
    assert Committee.objects.count() == 5
    assert a.history.count() == history_before + 1
    latest = a.history.latest()
    assert (latest.history_type, latest.name, latest.party_members) == ("~", a.name, 99)
    assert_subtree_totals_are_right()


def test_importing_an_existing_code_with_another_parent_code_moves_it_with_its_subtree(admin_client, tree):
    rows = [{"code": "A", "parent_code": "B", "name": tree.a.name, "kind": "upper_grassroots", "party_members": "10"}]

    preview = upload(admin_client, csv_file(rows), "move.csv", "csv")
    assert row_types(preview.context["result"]) == ["update"]
    assert confirm(admin_client, preview).status_code == 302

    assert parent_code(tree.a) == "B" and parent_code(tree.a1) == "A"
    assert Committee.objects.get(code="A1").depth == 4
    assert Committee.objects.find_problems() == ([], [], [], [], [])
    assert_subtree_totals_are_right()


# --- 7. export, and the export imports back unchanged -----------------------------------------------------------


def export(client, title):
    formats = admin.site._registry[Committee].get_export_formats()
    data = {"format": str([f().get_title() for f in formats].index(title)), "resource": "0"}
    data.update({f"committeeresource_{name}": "on" for name in CommitteeResource().get_export_order()})
    response = client.post(reverse("admin:committees_committee_export"), data)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'.{title}"')
    return response.content


def exported_rows(content, title):
    if title == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    header, *rows = openpyxl.load_workbook(io.BytesIO(content)).active.values
    return [dict(zip(header, row, strict=True)) for row in rows]


def vary_the_tree(tree):
    """Values of every kind in the tree: a date, an inactive committee, accents, empty texts."""
    services.committee_update(committee=tree.a1, headcount_date=date(2026, 2, 5), short_name="CB Tổng hợp")
    services.committee_update(committee=tree.b1, is_active=False, document_symbol="CB-B1")


def test_export_has_one_row_per_committee_with_its_parent_code(admin_client, tree):
    vary_the_tree(tree)

    rows = exported_rows(export(admin_client, "csv"), "csv")

    assert list(rows[0]) == COLUMNS
    assert len(rows) == Committee.objects.count()
    assert {row["code"]: row["parent_code"] for row in rows} == {
        "ROOT": "",
        "A": "ROOT",
        "A1": "A",
        "B": "ROOT",
        "B1": "B",
    }
    a1 = next(row for row in rows if row["code"] == "A1")
    assert (a1["name"], a1["party_members"], a1["headcount_date"]) == ("Chi bộ Vụ Tổng hợp", "25", "2026-02-05")

    direct = CommitteeResource().export()
    assert direct.headers == COLUMNS
    assert [dict(zip(direct.headers, row, strict=True)) for row in direct] == rows


@pytest.mark.parametrize("title", ["csv", "xlsx"])
def test_an_exported_file_imports_back_with_every_row_skipped_and_nothing_changed(admin_client, tree, title):
    vary_the_tree(tree)
    content = export(admin_client, title)
    assert {row["code"]: row["parent_code"] or "" for row in exported_rows(content, title)}["B1"] == "B"
    before = tree_state()
    history_before = sum(c.history.count() for c in Committee.objects.all())

    preview = upload(admin_client, content, f"export.{title}", title)

    result = preview.context["result"]
    assert not result.has_errors() and not result.has_validation_errors()
    assert row_types(result) == ["skip"] * 5
    response = confirm(admin_client, preview)
    assert response.status_code == 302
    assert tree_state() == before
    assert sum(c.history.count() for c in Committee.objects.all()) == history_before


@pytest.mark.parametrize("title", ["csv", "xlsx"])
def test_a_name_a_spreadsheet_would_run_is_exported_as_text_and_imports_back_unchanged(admin_client, tree, title):
    formula = '=HYPERLINK("http://x.example","Chi bộ")'
    services.committee_update(committee=tree.a1, name=formula)
    content = export(admin_client, title)
    # The CSV defends itself with an apostrophe; the workbook holds the name as a text cell, shown as typed.
    written = formula if title == "xlsx" else "'" + formula
    assert next(row for row in exported_rows(content, title) if row["code"] == "A1")["name"] == written
    if title == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(content)).active
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
        assert any(cell.value == formula and cell.data_type == "s" for row in sheet.iter_rows() for cell in row)
    preview = upload(admin_client, content, f"export.{title}", title)
    assert row_types(preview.context["result"]) == ["skip"] * 5
    confirm(admin_client, preview)
    assert Committee.objects.get(pk=tree.a1.pk).name == formula


def test_the_import_and_export_screens_speak_vietnamese(admin_client, tree, settings):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    page = admin_client.get(IMPORT_URL).text
    assert "Tệp cần nhập" in page and "Định dạng" in page and "File to import" not in page
    export = admin_client.get("/admin/committees/committee/export/").text
    assert "Chọn tất cả" in export and "Select all" not in export


def test_the_admin_shows_no_tree_internals_and_no_groups_to_edit_by_hand(admin_client, tree, officer_a):
    changelist = admin_client.get(admin_url(Committee, "changelist")).text
    assert "column-depth" not in changelist and "column-numchild" not in changelist
    change = admin_client.get(admin_url(Committee, "change", tree.a1.pk)).text
    assert 'name="parent_code"' in change and "numchild" not in change and ">Path<" not in change
    user_page = admin_client.get(admin_url(User, "change", officer_a.pk)).text
    assert 'name="groups"' not in user_page and 'name="user_permissions"' not in user_page
    assert 'name="profile-0-role"' in user_page  # the role is what is set
    assert admin_client.get("/admin/auth/group/").status_code == 404


def test_the_import_preview_shows_each_rows_parent_code(admin_client, tree):
    preview = upload(admin_client, csv_file(NEW_ROWS), "committees.csv", "csv")
    result = preview.context["result"]
    column = [field.column_name for field in admin.site._registry[Committee].get_import_resource_classes(
        preview.wsgi_request)[0]().get_import_fields()].index("parent_code")  # fmt: skip
    shown = [re.sub(r"<[^>]+>", "", row.diff[column]) for row in result.rows]
    assert shown == ["ROOT", "N", "N", "N1", ""]


def test_the_import_preview_leaves_empty_cells_blank(admin_client, tree):
    preview = upload(admin_client, csv_file(NEW_ROWS), "committees.csv", "csv")
    cells = [re.sub(r"<[^>]+>", "", cell) for row in preview.context["result"].rows for cell in row.diff]
    assert "" in cells  # the rows leave some columns empty (short name, date, …)
    assert "None" not in cells and ">None<" not in preview.text
