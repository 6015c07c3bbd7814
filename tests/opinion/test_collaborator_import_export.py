"""Export of the filtered list (CSV with a BOM, XLSX) and import with a preview, row errors and all-or-nothing."""

import csv
import io
import unicodedata
from datetime import date

import openpyxl
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.forms import IntegerField
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from opinion.models import Collaborator, CollaboratorStatusChange
from opinion.resources import LABELS
from opinion.views.collaborators import PENDING_DIR, PENDING_KEY
from tests.opinion.factories_collaborators import attend_training, make_collaborator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]

EXPORT = reverse("opinion:collaborator_export")
IMPORT = reverse("opinion:collaborator_import")
HEADER = "committee_code,full_name,birth_year,gender,position,unit,phone,email,decision_number,decision_date"


@pytest.fixture
def client(client, settings):
    """In English: the messages checked here are the msgids, whatever the Vietnamese translation says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def frozen():
    with time_machine.travel(date(2026, 3, 15), tick=False):
        yield


def read_csv(response) -> list[dict]:
    body = response.getvalue()  # the CSV is streamed
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def windows_1258(text: str) -> bytes:
    """Text as older Excel saves it in Vietnamese: letters with their vowel marks, tones as combining marks."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def csv_file(*lines, name="ctv.csv", header=HEADER, encoding="utf-8"):
    text = "\n".join([header, *lines])
    data = windows_1258(text) if encoding == "cp1258" else text.encode(encoding)
    return SimpleUploadedFile(name, data, content_type="text/csv")


def xlsx_file(rows, name="ctv.xlsx"):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return SimpleUploadedFile(name, stream.getvalue())


def preview(client, upload):
    return client.post(IMPORT, {"action": "preview", "file": upload})


def confirm(client):
    return client.post(IMPORT, {"action": "confirm"})


# --- export -------------------------------------------------------------------------------------------------------


def test_the_csv_export_has_the_filtered_list_in_vietnamese_for_excel(client, tree, officer_a):
    trained = make_collaborator(tree.a1, "Đặng Thị Thu Hà", phone="0912345678", unit="Vụ Tổng hợp")
    attend_training(trained)
    make_collaborator(tree.a1, "Nguyễn Văn An")
    client.force_login(officer_a)
    response = client.get(EXPORT, {"trained": "yes"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="cong-tac-vien-20260315.csv"')
    [row] = read_csv(response)
    assert row["Full name"] == "Đặng Thị Thu Hà"
    assert row["Committee code"] == "A1"
    assert row["Phone"] == "0912345678"
    assert row["Appointment decision date"] == "01/03/2025"
    assert row["Trained"] == "yes"
    assert row["ID"] == str(trained.pk)


def test_the_xlsx_export_opens_as_a_workbook_with_real_dates(client, tree, officer_a):
    make_collaborator(tree.a1, "Đặng Thị Thu Hà")
    client.force_login(officer_a)
    response = client.get(EXPORT, {"format": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, row = (list(r) for r in sheet.iter_rows(values_only=True))
    values = dict(zip(header, row, strict=True))
    assert "Đặng Thị Thu Hà" in row
    assert date(2025, 3, 1) in {v.date() if hasattr(v, "date") else v for v in values.values()}


def test_an_export_never_holds_a_sibling_committees_collaborator(client, tree, officer_a):
    make_collaborator(tree.a1, "Nguyễn Văn An")
    make_collaborator(tree.b1, "Người Bí mật Sibling")
    client.force_login(officer_a)
    for params in ({}, {"committee": "B1"}, {"q": "bi mat"}, {"committee": "ROOT"}):
        text = client.get(EXPORT, params).getvalue().decode("utf-8-sig")
        assert "Bí mật" not in text
    assert [r for r in read_csv(client.get(EXPORT)) if r] and len(read_csv(client.get(EXPORT))) == 1


def test_a_formula_in_a_cell_is_exported_as_text(client, tree, officer_a):
    make_collaborator(tree.a1, "=HYPERLINK(1)", phone="+84 912 345 678")
    client.force_login(officer_a)
    [row] = read_csv(
        client.get(
            EXPORT,
        )
    )
    assert row["Full name"] == "'=HYPERLINK(1)"
    assert row["Phone"] == "+84 912 345 678"


def test_the_export_query_count_does_not_grow_with_the_rows(client, tree, officer_a, django_assert_max_num_queries):
    make_collaborator(tree.a1, "Nguyễn Văn An")
    client.force_login(officer_a)
    with CaptureQueriesContext(connection) as small:
        client.get(EXPORT).getvalue()  # the rows are read as the CSV streams
    for i in range(20):
        make_collaborator(tree.a1, f"Cộng tác viên {i}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert len(read_csv(client.get(EXPORT))) == 21


# --- import -------------------------------------------------------------------------------------------------------


def test_a_file_is_previewed_then_imported_on_confirmation(client, tree, officer_a):
    client.force_login(officer_a)
    response = preview(
        client,
        csv_file(
            "A1,Đặng Thị Thu Hà,1985,nữ,Chuyên viên,Vụ Tổng hợp,0912345678,ha@example.vn,15-QĐ/ĐU,05/02/2026",
            "A,Nguyễn Văn An,,male,,,,,,",
            "",
        ),
    )
    assert response.status_code == 200
    assert [row["line"] for row in response.context["rows"]] == [2, 3]
    assert response.context["totals"]["new"] == 2
    assert not response.context["failed"]
    assert not Collaborator.objects.exists()  # a preview saves nothing
    response = confirm(client)
    assert response.status_code == 302
    assert response["Location"] == reverse("opinion:collaborator_list")
    ha = Collaborator.objects.get(full_name="Đặng Thị Thu Hà")
    assert (ha.committee, ha.gender, ha.birth_year, ha.decision_date) == (tree.a1, "female", 1985, date(2026, 2, 5))
    assert ha.status_changes.get().changed_by == officer_a
    assert Collaborator.objects.count() == 2
    assert PENDING_KEY not in client.session
    assert confirm(client).status_code == 302  # nothing left to confirm: back to the upload page
    assert Collaborator.objects.count() == 2


def test_a_file_with_a_bad_row_changes_nothing_and_shows_the_rows_error(client, tree, officer_a):
    make_collaborator(tree.a1, "Nguyễn Văn An")
    client.force_login(officer_a)
    response = preview(
        client,
        csv_file(
            "A1,Đặng Thị Thu Hà,1985,nữ,,,,,,",
            "A1,Trần Văn Bình,năm 1980,nam,,,,,,31/02/2026",
            "A1,,1990,nam,,,,,,",
        ),
    )
    assert response.context["failed"]
    rows = {row["line"]: dict(row["errors"]) for row in response.context["rows"]}
    assert rows[2] == {}
    assert set(rows[3]) == {"Year of birth", "Appointment decision date"}
    assert set(rows[4]) == {"Full name"}
    assert "Trần Văn Bình" in response.text
    assert "Confirm the import" not in response.text
    assert PENDING_KEY not in client.session
    assert Collaborator.objects.count() == 1


def test_the_row_errors_are_in_the_users_language(client, tree, officer_a, settings):
    client.force_login(officer_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    response = preview(client, csv_file("A1,Đặng Thị Thu Hà,abc,,,,,,,"))
    [(column, message)] = response.context["rows"][0]["errors"]
    with translation.override("vi"):
        assert (column, message) == (str(LABELS["birth_year"]), str(IntegerField.default_error_messages["invalid"]))
    assert message != "Enter a whole number."


def test_rows_for_a_sibling_committee_are_refused_as_not_found(client, tree, officer_a):
    client.force_login(officer_a)
    response = preview(client, csv_file("B1,Người Bí mật,1985,,,,,,,", "ZZ,Người Không Có,1985,,,,,,,"))
    errors = [dict(row["errors"]) for row in response.context["rows"]]
    assert errors == [
        {"Committee code": "Committee code B1 not found."},
        {"Committee code": "Committee code ZZ not found."},
    ]
    assert not Collaborator.objects.exists()


def test_a_row_naming_a_sibling_collaborators_id_is_not_found(client, tree, officer_a):
    sibling = make_collaborator(tree.b1, "Người Bí mật Sibling")
    client.force_login(officer_a)
    response = preview(client, csv_file(f"{sibling.pk},A1,Người Mới,,,,,,,,", header=f"id,{HEADER}"))
    [row] = response.context["rows"]
    assert row["errors"] == [("ID", f"Collaborator {sibling.pk} not found.")]
    sibling.refresh_from_db()
    assert sibling.committee == tree.b1


def test_an_exported_file_comes_back_unchanged_and_an_edited_one_updates(client, tree, officer_a):
    make_collaborator(tree.a1, "Đặng Thị Thu Hà", gender="female", birth_year=1985)
    make_collaborator(tree.a, "Nguyễn Văn An", phone="0912345678")
    client.force_login(officer_a)
    exported = client.get(EXPORT, {"format": "xlsx"}).content
    response = preview(client, SimpleUploadedFile("export.xlsx", exported))
    assert response.context["totals"]["skip"] == 2, response.context["rows"]
    workbook = openpyxl.load_workbook(io.BytesIO(exported))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("Phone") + 1, value="0987 000 111")
    stream = io.BytesIO()
    workbook.save(stream)
    response = preview(client, SimpleUploadedFile("edited.xlsx", stream.getvalue()))
    assert (response.context["totals"]["update"], response.context["totals"]["skip"]) == (1, 1)
    confirm(client)
    assert Collaborator.objects.filter(phone="0987 000 111").count() == 1
    assert CollaboratorStatusChange.objects.count() == 2  # an update is no new appointment


def test_an_xlsx_file_with_vietnamese_headers_is_read(client, tree, officer_a):
    client.force_login(officer_a)
    with translation.override("vi"):
        header = [str(LABELS["committee_code"]), str(LABELS["full_name"]), str(LABELS["decision_date"])]
    response = preview(client, xlsx_file([header, ["A1", "Đặng Thị Thu Hà", date(2026, 2, 5)], [None, None, None]]))
    assert not response.context["failed"], response.context
    confirm(client)
    assert Collaborator.objects.get().decision_date == date(2026, 2, 5)


def test_a_semicolon_separated_csv_in_windows_1258_is_read(client, tree, officer_a):
    client.force_login(officer_a)
    upload = csv_file("A1;Lê Văn Cường", header="committee_code;full_name", encoding="cp1258")
    response = preview(client, upload)
    assert not response.context["failed"]
    confirm(client)
    assert Collaborator.objects.get().full_name == "Lê Văn Cường"


def test_the_commit_is_all_or_nothing_even_when_the_data_changed_after_the_preview(client, tree, officer_a):
    from committees import services as committee_services

    client.force_login(officer_a)
    preview(client, csv_file("A,Nguyễn Văn An,,,,,,,,", "A1,Đặng Thị Thu Hà,,,,,,,,"))
    committee_services.committee_update(committee=tree.a1, is_active=False)  # wound up meanwhile
    response = confirm(client)
    assert response.status_code == 200
    assert response.context["failed"]
    assert not Collaborator.objects.exists()


def test_missing_columns_and_files_that_are_not_spreadsheets_are_refused(client, tree, officer_a):
    client.force_login(officer_a)
    response = preview(client, csv_file("Đặng Thị Thu Hà", header="full_name"))
    assert response.context["file_errors"] == ["Missing columns: Committee code."]
    response = preview(client, SimpleUploadedFile("ctv.xlsx", b"committee_code,full_name\nA1,X\n"))
    assert response.context["form"].errors["file"] == ["This file is not an Excel workbook (XLSX)."]
    response = preview(client, SimpleUploadedFile("ctv.pdf", b"%PDF-1.4"))
    assert "file" in response.context["form"].errors
    assert not Collaborator.objects.exists()


def test_the_pending_file_is_kept_on_the_server_and_cancel_removes_it(client, tree, officer_a):
    client.force_login(officer_a)
    preview(client, csv_file("A1,Đặng Thị Thu Hà,,,,,,,,"))
    token = client.session[PENDING_KEY]["token"]
    assert (PENDING_DIR / token).exists()
    # The browser has no say in which file is imported: a posted name or path is ignored.
    client.post(IMPORT, {"action": "confirm", "token": "../../etc/passwd", "import_file_name": "/etc/passwd"})
    assert Collaborator.objects.count() == 1
    preview(client, csv_file("A1,Nguyễn Văn An,,,,,,,,"))
    token = client.session[PENDING_KEY]["token"]
    client.post(IMPORT, {"action": "cancel"})
    assert not (PENDING_DIR / token).exists()
    assert Collaborator.objects.count() == 1


def test_a_row_repeating_an_earlier_one_is_flagged_with_the_line_it_repeats(client, tree, officer_a):
    kept = make_collaborator(tree.a1, "Nguyễn Văn An")
    client.force_login(officer_a)
    response = preview(
        client,
        csv_file(
            "A1,Đặng Thị Thu Hà,1985,nữ,,,,,,",
            "",
            "A1,Dang thi thu ha,1985,nữ,,,,,,",  # the same person, typed without accents
            "A1,Đặng Thị Thu Hà,1990,nữ,,,,,,",  # another person of the same name
            "A,Đặng Thị Thu Hà,1985,nữ,,,,,,",  # another committee
            header=HEADER,
        ),
    )
    rows = {row["line"]: dict(row["errors"]) for row in response.context["rows"]}
    assert set(rows) == {2, 4, 5, 6}
    assert rows[4] == {"Full name": rows[4]["Full name"]} and "Line 2 of the file" in rows[4]["Full name"]
    assert rows[2] == rows[5] == rows[6] == {}
    assert response.context["failed"]
    header = "id," + HEADER
    response = preview(
        client, csv_file(f"{kept.pk},A1,Nguyễn Văn An,,,,,,,,", f"{kept.pk},A1,Nguyễn Văn Ân,,,,,,,,", header=header)
    )
    assert "Line 2 of the file" in dict(response.context["rows"][1]["errors"])["Full name"]
    assert Collaborator.objects.count() == 1


def test_a_file_of_too_many_rows_is_refused_before_the_rest_is_read(client, tree, officer_a):
    client.force_login(officer_a)
    rows = [f"A1,Người thứ {n},1990,,,,,,," for n in range(100_000)]
    response = preview(client, csv_file(*rows))
    assert response.context["file_errors"] == ["The file has more than 5,000 rows: split it."]
    workbook = [HEADER.split(","), *([f"Người thứ {n}", "A1"] for n in range(6_000))]
    response = preview(client, xlsx_file(workbook))
    assert response.context["file_errors"] == ["The file has more than 5,000 rows: split it."]
    assert not Collaborator.objects.exists()
