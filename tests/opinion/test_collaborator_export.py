"""The collaborator export at the size of a whole network: the same file as ever, written from plain rows.

CSV is streamed (UTF-8 with a BOM, rows as Excel reads them); XLSX holds numbers as numbers and dates as dates shown
dd/mm/yyyy; both hold exactly the list's rows within the reader's scope, in a number of queries that does not depend
on the number of rows.
"""

import csv
import io
from datetime import date, datetime

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from committees.models import Role
from opinion.models import Briefing, Collaborator
from opinion.resources import CollaboratorResource
from opinion.selectors.collaborators import collaborator_list
from opinion.services import collaborators as services
from tests.factories import make_committee, make_staff
from tests.opinion.factories_collaborators import (
    attend_training,
    invite,
    make_briefing,
    make_collaborator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

EXPORT = reverse("opinion:collaborator_export")


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 3, 15), tick=False):
        yield


@pytest.fixture
def network(tree, officer_a, collaborator_a):
    """Collaborators of A with something in every column, and one of the sibling branch B."""
    ha = make_collaborator(
        tree.a1, "Đặng Thị Thu Hà", birth_year=1985, gender="female", position="Chuyên viên", unit="Vụ Tổng hợp",
        phone="0912 345 678", email="ha@example.vn", decision_number="15-QĐ/ĐU", decision_date=date(2025, 2, 5),
        decision_signer="Nguyễn Văn Bí thư", user=collaborator_a, by=officer_a,
    )  # fmt: skip
    an = make_collaborator(tree.a, "Nguyễn Văn An", gender="male", phone="+84 912 000 111", decision_date=None)
    formula = make_collaborator(tree.a1, "=HYPERLINK(1)", unit='-2+3 "Vụ"', position="@cmd, x")
    services.collaborator_change_status(
        collaborator=an, to=Collaborator.Status.PAUSED, kind="reorganise", effective_on=date(2026, 3, 15),
        reason="Chuyển công tác", by=officer_a,
    )  # fmt: skip
    attend_training(ha)
    briefing = make_briefing(tree.a, date(2026, 2, 1))
    invite(briefing, ha)
    invite(briefing, formula, attendance="absent")
    make_collaborator(tree.b1, "Người Bí mật Sibling")
    return {"ha": ha, "an": an, "formula": formula}


def body(response) -> bytes:
    return response.getvalue()  # a streamed response's content, or a plain one's


def export(client, user, language="en", **params):
    client.force_login(user)
    client.cookies["django_language"] = language
    return client.get(EXPORT, params)


def test_the_csv_is_byte_for_byte_the_file_it_always_was(client, network, officer_a):
    ha, an, formula = network["ha"], network["an"], network["formula"]
    expected = (
        "\ufeffID,Committee code,Committee,Full name,Year of birth,Gender,Position,Unit,Phone,Email,"
        "Appointment decision number,Appointment decision date,Signed by,Status,Status since,Trained,"
        "Attended the last briefing,Login account\r\n"
        f"{ha.pk},A1,Chi bộ Vụ Tổng hợp,Đặng Thị Thu Hà,1985,female,Chuyên viên,Vụ Tổng hợp,0912 345 678,"
        "ha@example.vn,15-QĐ/ĐU,05/02/2025,Nguyễn Văn Bí thư,active,05/02/2025,yes,yes,collaborator_a\r\n"
        f'{formula.pk},A1,Chi bộ Vụ Tổng hợp,\'=HYPERLINK(1),,,"\'@cmd, x","\'-2+3 ""Vụ""",,,12-QĐ/ĐU,01/03/2025,,'
        "active,01/03/2025,no,no,\r\n"
        f"{an.pk},A,Đảng ủy Bộ Tài chính,Nguyễn Văn An,,male,,,+84 912 000 111,,12-QĐ/ĐU,,,paused,15/03/2026,"
        "no,no,\r\n"
    )
    response = export(client, officer_a)
    assert response.streaming  # written as the rows are read, never held whole
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cong-tac-vien-20260315.csv"'
    assert body(response).decode("utf-8") == expected


def test_the_csv_speaks_vietnamese_when_the_reader_does(client, network, officer_a):
    ha, an, formula = network["ha"], network["an"], network["formula"]
    expected = (
        "\ufeffMã số,Mã cấp ủy,Cấp ủy,Họ và tên,Năm sinh,Giới tính,Chức vụ,Đơn vị,Điện thoại,Thư điện tử,"
        "Số quyết định công nhận,Ngày quyết định công nhận,Người ký,Trạng thái,Trạng thái từ ngày,Đã tập huấn,"
        "Đã dự giao ban gần nhất,Tài khoản đăng nhập\r\n"
        f"{ha.pk},A1,Chi bộ Vụ Tổng hợp,Đặng Thị Thu Hà,1985,nữ,Chuyên viên,Vụ Tổng hợp,0912 345 678,ha@example.vn,"
        "15-QĐ/ĐU,05/02/2025,Nguyễn Văn Bí thư,đang hoạt động,05/02/2025,có,có,collaborator_a\r\n"
        f'{formula.pk},A1,Chi bộ Vụ Tổng hợp,\'=HYPERLINK(1),,,"\'@cmd, x","\'-2+3 ""Vụ""",,,12-QĐ/ĐU,01/03/2025,,'
        "đang hoạt động,01/03/2025,không,không,\r\n"
        f"{an.pk},A,Đảng ủy Bộ Tài chính,Nguyễn Văn An,,nam,,,+84 912 000 111,,12-QĐ/ĐU,,,tạm dừng,15/03/2026,"
        "không,không,\r\n"
    )
    assert body(export(client, officer_a, "vi")).decode("utf-8") == expected


def test_the_xlsx_holds_numbers_as_numbers_and_dates_as_dates_shown_day_first(client, network, officer_a):
    ha, an, formula = network["ha"], network["an"], network["formula"]
    response = export(client, officer_a, "vi", format="xlsx")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="cong-tac-vien-20260315.xlsx"'
    sheet = openpyxl.load_workbook(io.BytesIO(body(response))).active
    assert (sheet.title, sheet.freeze_panes) == ("Cộng tác viên", "A2")
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    d = lambda *ymd: datetime(*ymd)  # noqa: E731 (openpyxl reads a date cell as a datetime)
    assert rows == [
        ["Mã số", "Mã cấp ủy", "Cấp ủy", "Họ và tên", "Năm sinh", "Giới tính", "Chức vụ", "Đơn vị", "Điện thoại",
         "Thư điện tử", "Số quyết định công nhận", "Ngày quyết định công nhận", "Người ký", "Trạng thái",
         "Trạng thái từ ngày", "Đã tập huấn", "Đã dự giao ban gần nhất", "Tài khoản đăng nhập"],
        [ha.pk, "A1", "Chi bộ Vụ Tổng hợp", "Đặng Thị Thu Hà", 1985, "nữ", "Chuyên viên", "Vụ Tổng hợp",
         "0912 345 678", "ha@example.vn", "15-QĐ/ĐU", d(2025, 2, 5), "Nguyễn Văn Bí thư", "đang hoạt động",
         d(2025, 2, 5), "có", "có", "collaborator_a"],
        [formula.pk, "A1", "Chi bộ Vụ Tổng hợp", "'=HYPERLINK(1)", None, None, "'@cmd, x", "'-2+3 \"Vụ\"", None, None,
         "12-QĐ/ĐU", d(2025, 3, 1), None, "đang hoạt động", d(2025, 3, 1), "không", "không", None],
        [an.pk, "A", "Đảng ủy Bộ Tài chính", "Nguyễn Văn An", None, "nam", None, None, "+84 912 000 111", None,
         "12-QĐ/ĐU", None, None, "tạm dừng", d(2026, 3, 15), "không", "không", None],
    ]  # fmt: skip
    formats = {cell.number_format for row in sheet.iter_rows(min_row=2) for cell in row if cell.is_date}
    assert formats == {"DD/MM/YYYY"}
    assert all(isinstance(row[0].value, int) and row[0].data_type == "n" for row in sheet.iter_rows(min_row=2))
    assert not [c for row in sheet.iter_rows() for c in row if c.data_type == "f"]  # never a formula


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_exported_file_comes_back_with_nothing_to_change(client, network, officer_a, file_format):
    client.force_login(officer_a)
    exported = body(export(client, officer_a, format=file_format))
    upload = SimpleUploadedFile(f"export.{file_format}", exported)
    response = client.post(reverse("opinion:collaborator_import"), {"action": "preview", "file": upload})
    assert not response.context["failed"], response.context["rows"]
    assert response.context["totals"]["skip"] == 3, response.context["rows"]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_officer_exports_nothing_of_the_sibling_branch_whatever_the_filters(
    client, network, officer_b_sibling, file_format
):
    texts = {}
    for params in ({}, {"committee": "A"}, {"q": "ha"}, {"committee": "ROOT"}, {"trained": "yes"}, {"sort": "-name"}):
        exported = body(export(client, officer_b_sibling, format=file_format, **params))
        text = texts[str(params)] = exported.decode("utf-8-sig") if file_format == "csv" else xlsx_text(exported)
        for collaborator in network.values():
            assert collaborator.full_name not in text
        assert "Bộ Tài chính" not in text and "Tổng hợp" not in text
    assert "Người Bí mật Sibling" in texts["{}"]  # their own network is there


def xlsx_text(data: bytes) -> str:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return "\n".join(str(cell.value) for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"q": "van"},
        {"trained": "yes"},
        {"attended": "no"},
        {"status": "paused"},
        {"committee": "A1", "sort": "-appointed"},
        {"sort": "-committee"},
        {"trained": "bogus"},  # an invalid filter: nothing, as the list shows nothing
    ],
)
def test_the_export_holds_the_rows_the_list_shows_in_its_order(client, network, officer_a, params):
    listed = export(client, officer_a, **params)
    client.force_login(officer_a)
    page = client.get(reverse("opinion:collaborator_list"), params)
    shown = [c.full_name for c in page.context["object_list"]]
    assert [row["Full name"].lstrip("'") for row in read_csv(listed)] == [name.lstrip("'") for name in shown]


def read_csv(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body(response).decode("utf-8-sig"))))


def grow(tree, count: int) -> None:
    briefing = Briefing.objects.filter(committee=tree.a).first() or make_briefing(tree.a, date(2026, 2, 1))
    for i in range(count):
        collaborator = make_collaborator(tree.a1, f"Cộng tác viên {Collaborator.objects.count()}", birth_year=1960 + i)
        if i % 2:
            attend_training(collaborator)
            invite(briefing, collaborator)


@pytest.mark.parametrize("params", [{"format": "csv"}, {"format": "xlsx", "q": "cong", "attended": "no"}])
def test_the_export_query_count_is_the_same_for_5_and_50_collaborators(
    client, tree, officer_a, django_assert_max_num_queries, params
):
    grow(tree, 5)
    client.force_login(officer_a)
    with CaptureQueriesContext(connection) as small:
        assert len(body(client.get(EXPORT, params))) > 0
    grow(tree, 45)
    with django_assert_max_num_queries(len(small.captured_queries)):
        exported = body(client.get(EXPORT, params))
    if params["format"] == "csv":
        assert exported.count(b"\r\n") == 51
    else:
        assert openpyxl.load_workbook(io.BytesIO(exported)).active.max_row > 5


def test_the_resources_own_export_gives_the_same_table(client, network, officer_a):
    dataset = CollaboratorResource(user=officer_a).export(
        collaborator_list(officer_a, {}).qs.order_by("sort_name", "pk")
    )
    assert "\ufeff" + dataset.export("csv") == body(export(client, officer_a)).decode("utf-8")


def test_a_committee_code_or_account_that_looks_like_a_formula_is_text_and_still_imports(client, tree, officer_a):
    cell = make_committee(tree.a, code="=A2+1", name="@Chi bộ lạ")
    account = make_staff("-ctv", cell, Role.COLLABORATOR)
    make_collaborator(cell, "Nguyễn Văn An", user=account)
    [row] = read_csv(export(client, officer_a))
    assert (row["Committee code"], row["Committee"], row["Login account"]) == ("'=A2+1", "'@Chi bộ lạ", "'-ctv")
    for file_format in ("csv", "xlsx"):
        upload = SimpleUploadedFile(f"export.{file_format}", body(export(client, officer_a, format=file_format)))
        response = client.post(reverse("opinion:collaborator_import"), {"action": "preview", "file": upload})
        assert response.context["totals"]["skip"] == 1, response.context["rows"]
